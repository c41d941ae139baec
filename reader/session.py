"""What the app restores on the next start: theme, topic, sort, filter, article.

Kept in `session.json` beside the state database and written atomically. Losing it
costs nothing but convenience, so a damaged file never stops the app: whatever in it
is not what the app wrote (bad JSON, a value of the wrong type) is dropped, and
`Session.notice` says so in one line.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from reader.paths import data_dir
from reader.textsafe import one_line

# reader.query.Sort's values (a unit test checks they agree; no import keeps this light).
SORT_NAMES = ("heat", "date", "quality")


@dataclass(frozen=True, slots=True)
class ViewMemory:
    topic: str | None = None
    sort: str | None = None
    query: str = ""
    unread_only: bool = False
    article_id: str | None = None
    stories: bool | None = None  # one row per story; None: as the config says


def session_path() -> Path:
    return data_dir() / "session.json"


def corpus_key(paths: Sequence[str]) -> str:
    return "\n".join(sorted(os.path.realpath(p) for p in paths))


def _str_or_none(value: Any) -> bool:
    return value is None or isinstance(value, str)


# Every field a saved view may have: (is this value acceptable, what it should have been).
_VIEW_FIELDS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "topic": (_str_or_none, "a topic name"),
    "sort": (lambda v: v is None or (isinstance(v, str) and v in SORT_NAMES), "a sort name"),
    "query": (lambda v: isinstance(v, str), "search text"),
    "unread_only": (lambda v: isinstance(v, bool), "true or false"),
    "article_id": (_str_or_none, "an article id"),
    "stories": (lambda v: v is None or isinstance(v, bool), "true or false"),
}
assert set(_VIEW_FIELDS) == set(ViewMemory.__dataclass_fields__)


def _shown(value: Any) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return one_line(text, 40)


@dataclass(frozen=True, slots=True)
class _Clean:
    theme: str | None
    views: dict[str, ViewMemory]
    problems: tuple[str, ...]


def _clean(data: Any) -> _Clean:
    """Only the values of the right type; every other one named in `problems`."""
    problems: list[str] = []
    if not isinstance(data, dict):
        return _Clean(None, {}, (f"the file holds {_shown(data)}, not the app's settings",))
    theme = data.get("theme")
    if not _str_or_none(theme):
        problems.append(f"theme was {_shown(theme)}, not a theme name")
        theme = None
    raw_views = data.get("views", {})
    if not isinstance(raw_views, dict):
        problems.append(f"views was {_shown(raw_views)}, not a table of views")
        raw_views = {}
    views: dict[str, ViewMemory] = {}
    for key, raw in raw_views.items():
        if not isinstance(raw, dict):
            problems.append(f"a view was {_shown(raw)}, not a table of settings")
            continue
        values: dict[str, Any] = {}
        for name, (valid, expected) in _VIEW_FIELDS.items():
            if name not in raw:
                continue
            if valid(raw[name]):
                values[name] = raw[name]
            else:
                problems.append(f"{name} was {_shown(raw[name])}, not {expected}")
        # Names the app does not know (a newer version's) are ignored without a word.
        views[key] = ViewMemory(**values)
    return _Clean(theme or None, views, tuple(dict.fromkeys(problems)))


class Session:
    """The saved session. `fresh=True`: restore nothing (it is still saved by `save`).

    `notice` is "" or one line saying what was ignored in the file, for the app to show.
    """

    def __init__(self, path: Path | None = None, *, fresh: bool = False) -> None:
        self.path = path or session_path()
        self.fresh = fresh
        self.notice = ""
        self._theme: str | None = None
        self._views: dict[str, ViewMemory] = {}
        if not fresh:
            self._load()

    def _load(self) -> None:
        data, problem = self._read()
        if problem:
            self.notice = self._notice(f"Ignored the saved session ({self.path}): {problem}")
            return
        clean = _clean(data)
        self._theme, self._views = clean.theme, clean.views
        if clean.problems:
            self.notice = self._notice(
                f"Ignored parts of the saved session ({self.path}): {'; '.join(clean.problems)}"
            )

    @staticmethod
    def _notice(text: str) -> str:
        return one_line(text, 500)

    def _read(self) -> tuple[Any, str]:
        """(the decoded JSON, "") or (None, why it could not be used); a missing file is {}."""
        try:
            content = self.path.read_bytes()
        except FileNotFoundError:
            return {}, ""
        except OSError as exc:
            return None, f"can't be read ({exc.strerror or exc})"
        try:
            return json.loads(content.decode("utf-8")), ""
        except UnicodeDecodeError:
            return None, "not UTF-8 text"
        except json.JSONDecodeError as exc:
            return None, f"not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        except ValueError as exc:  # e.g. a number too long to convert
            return None, f"not valid JSON ({exc})"

    @property
    def theme(self) -> str | None:
        return self._theme

    def view(self, key: str) -> ViewMemory:
        return self._views.get(key, ViewMemory())

    def save(self, key: str, view: ViewMemory, theme: str | None) -> None:
        """Write atomically; failures are ignored (this is a convenience, not data).

        The views of other folders are kept: they are read again from the file now (so
        another window's, or those a fresh start did not restore, survive), minus any
        value of the wrong type.
        """
        data, problem = self._read()
        views = {} if problem else _clean(data).views
        views[key] = view
        self._views = dict(views)
        self._theme = theme or None
        payload = {"theme": theme, "views": {k: asdict(v) for k, v in views.items()}}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=".session-", dir=self.path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(payload, handle, ensure_ascii=False)
                os.replace(temp, self.path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
                raise
        except OSError:
            pass
