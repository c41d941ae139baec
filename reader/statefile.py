"""The portable JSON "state file": read/starred flags keyed by article URL.

`reader state export` writes one, `reader state import` merges one (StateStore.merge_flags).
Every flag travels with its URL, so the id is re-derived on the machine that reads it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from reader.identity import article_id_for

STATE_FILE_FORMAT = "reader-tui-state"
STATE_FILE_VERSION = 1
ARTICLE_ID = re.compile(r"[0-9a-f]{16}")


@dataclass(frozen=True, slots=True)
class Flag:
    """One article's flags, keyed by id; `url` lets them travel between machines.

    A `*_changed` of 0 means the flag was never set.
    """

    article_id: str
    url: str
    read: bool
    read_changed: float
    starred: bool
    starred_changed: float


class StateFileError(ValueError):
    """A state file that can't be imported; the message is the one-line reason."""


# Bigger than any real export (a million articles is ~250 MB): reading stops there, so
# `import /dev/zero` is an error, not a machine out of memory.
MAX_STATE_FILE_BYTES = 512 * 1024 * 1024
# A change time outside [1990, now + 1 day] is a broken clock or a hand-edited file: taken
# as it is, a far-future time would win every later merge (and year 10000 can't even be
# written back out).
EARLIEST_CHANGE = 631_152_000.0  # 1990-01-01T00:00:00Z
LATEST_CHANGE_AHEAD = 86_400.0


@dataclass(frozen=True, slots=True)
class DecodedStateFile:
    flags: list[Flag]
    skipped: list[str]  # one line per flag change not taken, saying where and why


def to_microseconds(timestamp: float) -> float:
    """Timestamps are kept to the microsecond: what the JSON file carries."""
    return round(timestamp, 6)


def encode_state_file(flags: Iterable[Flag]) -> str:
    """The JSON text of a state file: flags keyed by URL (by id when there is no URL)."""
    articles = []
    for flag in flags:
        entry: dict[str, Any] = {}
        if flag.url:
            entry["url"] = flag.url
        entry["id"] = flag.article_id
        entry["read"] = flag.read
        entry["read_changed"] = _iso(flag.read_changed)
        entry["starred"] = flag.starred
        entry["starred_changed"] = _iso(flag.starred_changed)
        articles.append(entry)
    document = {"format": STATE_FILE_FORMAT, "version": STATE_FILE_VERSION, "articles": articles}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def decode_state_file(text: str, now: float | None = None) -> DecodedStateFile:
    """Parse and check a whole state file; StateFileError says what is wrong, in one line.

    A file that is wrong as a whole is refused; single flag changes that can't be taken
    (no time, or a time outside the sane window) are left out and listed in `skipped`.
    """
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise StateFileError(
            f"not JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        ) from None
    except RecursionError:
        raise StateFileError("not JSON (nested too deeply)") from None
    except ValueError as exc:  # say, a number of more digits than Python converts
        raise StateFileError(f"not usable JSON ({str(exc)[:80]})") from None
    if not isinstance(document, dict) or document.get("format") != STATE_FILE_FORMAT:
        raise StateFileError(f'not a reader-tui state file (no "format": "{STATE_FILE_FORMAT}")')
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise StateFileError('"version" must be a whole number')
    if version > STATE_FILE_VERSION:
        shown = str(version) if version < 10**12 else "far too large"
        raise StateFileError(
            f"made by a newer reader-tui (version {shown}; this one reads {STATE_FILE_VERSION})"
        )
    articles = document.get("articles")
    if not isinstance(articles, list):
        raise StateFileError('"articles" must be a list')
    latest = (time.time() if now is None else now) + LATEST_CHANGE_AHEAD
    flags: list[Flag] = []
    skipped: list[str] = []
    for index, entry in enumerate(articles):
        flag = _decode_entry(entry, f"articles[{index}]", latest, skipped)
        if flag is not None:
            flags.append(flag)
    return DecodedStateFile(flags, skipped)


def _decode_entry(entry: Any, where: str, latest: float, skipped: list[str]) -> Flag | None:
    if not isinstance(entry, dict):
        raise StateFileError(f"{where}: must be an object")
    url = entry.get("url") or ""
    if not isinstance(url, str):
        raise StateFileError(f"{where}.url: must be text")
    url = url.strip()
    article_id = entry.get("id") or ""
    if not isinstance(article_id, str) or (article_id and not ARTICLE_ID.fullmatch(article_id)):
        raise StateFileError(f"{where}.id: must be 16 hex digits")
    if url:
        # The URL is what travels: the id is derived from it, as when the corpus is read.
        article_id = article_id_for(url, b"")
    elif not article_id:
        raise StateFileError(f"{where}: needs a url or an id")
    values: dict[str, tuple[bool, float]] = {}
    for name in ("read", "starred"):
        value = entry.get(name, False)
        if not isinstance(value, bool):
            raise StateFileError(f"{where}.{name}: must be true or false")
        raw = entry.get(f"{name}_changed")
        changed = _parse_changed(raw, f"{where}.{name}")
        if changed == 0.0 and value:
            skipped.append(f"{where}.{name}: true but with no {name}_changed time")
        elif changed and not EARLIEST_CHANGE <= changed <= latest:
            skipped.append(f"{where}.{name}_changed: {str(raw)[:40]} is outside 1990 .. now")
            changed = 0.0
        values[name] = (value, changed) if changed else (False, 0.0)
    if not (values["read"][1] or values["starred"][1]):
        return None  # nothing in it that can be merged (and said so above, if it seemed so)
    return Flag(article_id, url, *values["read"], *values["starred"])


def _parse_changed(value: Any, where: str) -> float:
    if value is None:
        return 0.0
    if not isinstance(value, str):
        raise StateFileError(f"{where}_changed: must be an ISO-8601 date/time or null")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise StateFileError(
            f"{where}_changed: not an ISO-8601 date/time: {value[:40]!r}"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    try:
        return to_microseconds(moment.timestamp())
    except (OverflowError, OSError, ValueError):
        raise StateFileError(f"{where}_changed: out of range: {value[:40]!r}") from None


def _iso(timestamp: float) -> str | None:
    if timestamp <= 0:
        return None
    try:
        moment = datetime.fromtimestamp(timestamp, timezone.utc)
    except (OverflowError, OSError, ValueError):  # put there by an older, laxer import
        return None
    return moment.isoformat(timespec="microseconds")


def write_file_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` so that readers see the old file or the new one, never half.

    A temporary file in the same folder, flushed to disk, then renamed over the target.
    """
    folder = path.parent if str(path.parent) else Path(".")
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):
            # Replacing a file keeps its permissions; a new one stays private (0600, from
            # mkstemp), since a reading history is personal.
            os.chmod(temporary, os.stat(path).st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
