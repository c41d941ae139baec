"""Read/starred flags per article, in SQLite (WAL), shared safely between processes.

Only this module writes the state database. Every change is its own committed
transaction, so what the UI shows as read is already on disk: a killed process
loses nothing it has reported. Writers take the lock up front (BEGIN IMMEDIATE)
and wait for each other (busy_timeout), so several readers and writers can share
one database.

Flags also travel as a portable JSON "state file" keyed by article URL
(export_flags / merge_flags here, the file format in reader.statefile).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

# The portable state file lives in reader.statefile; re-exported for reader.cli.
from reader.statefile import ARTICLE_ID as ARTICLE_ID
from reader.statefile import Flag as Flag
from reader.statefile import StateFileError as StateFileError
from reader.statefile import decode_state_file as decode_state_file
from reader.statefile import encode_state_file as encode_state_file
from reader.statefile import to_microseconds
from reader.statefile import write_file_atomically as write_file_atomically

SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 10_000
WRITE_ATTEMPTS = 5

_SCHEMA = """
CREATE TABLE IF NOT EXISTS flags (
    article_id TEXT PRIMARY KEY,
    url TEXT NOT NULL DEFAULT '',
    read INTEGER NOT NULL DEFAULT 0,
    read_changed REAL NOT NULL DEFAULT 0,
    starred INTEGER NOT NULL DEFAULT 0,
    starred_changed REAL NOT NULL DEFAULT 0
) WITHOUT ROWID;
"""

# Per flag, the newer change wins. Timestamps are kept to the microsecond (what the JSON
# file carries), and anything within a microsecond counts as the same change, so
# importing a file exported from this very database changes nothing.
_MERGE_SQL = """
INSERT INTO flags (article_id, url, read, read_changed, starred, starred_changed)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT(article_id) DO UPDATE SET
    read = CASE WHEN excluded.read_changed > flags.read_changed + 1e-6
                THEN excluded.read ELSE flags.read END,
    read_changed = CASE WHEN excluded.read_changed > flags.read_changed + 1e-6
                THEN excluded.read_changed ELSE flags.read_changed END,
    starred = CASE WHEN excluded.starred_changed > flags.starred_changed + 1e-6
                THEN excluded.starred ELSE flags.starred END,
    starred_changed = CASE WHEN excluded.starred_changed > flags.starred_changed + 1e-6
                THEN excluded.starred_changed ELSE flags.starred_changed END,
    url = CASE WHEN flags.url = '' THEN excluded.url ELSE flags.url END
WHERE excluded.read_changed > flags.read_changed + 1e-6
   OR excluded.starred_changed > flags.starred_changed + 1e-6
   OR (flags.url = '' AND excluded.url != '')
"""


@dataclass(frozen=True, slots=True)
class MergeSummary:
    changed: int  # articles added or with a flag (or URL) taken from the import
    unchanged: int  # articles the database already had as new or newer


class StateError(Exception):
    pass


class StateStore:
    """Open with `StateStore.open(path)`; falls back to memory if the disk can't be used."""

    def __init__(
        self, connection: sqlite3.Connection, path: Path | None, notice: str = ""
    ) -> None:
        self._db = connection
        self.path = path
        # A one-time message for the user (state moved aside, or not saved at all).
        self.notice = notice
        self._data_version = self._read_data_version()

    @property
    def persistent(self) -> bool:
        return self.path is not None

    def _read_data_version(self) -> int:
        try:
            return int(self._db.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error:
            return 0

    def changed_elsewhere(self) -> bool:
        """True once after another process (say `reader mark`) committed a change."""
        version = self._read_data_version()
        changed = version != self._data_version
        self._data_version = version
        return changed

    @classmethod
    def open(cls, path: Path) -> StateStore:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            return cls(_connect(path), path)
        except sqlite3.DatabaseError as exc:
            if not _is_corruption(exc):
                return cls.in_memory(_cannot_save(path, exc))
            first_error = exc
        except OSError as exc:
            return cls.in_memory(_cannot_save(path.parent, exc))
        # Damaged: keep the old file for inspection under a new name, start afresh.
        try:
            moved = _move_aside(path)
            return cls(
                _connect(path),
                path,
                f"The read-state database was damaged ({first_error}); it was moved to "
                f"{moved.name} and a new one was started.",
            )
        except (sqlite3.Error, OSError) as again:
            return cls.in_memory(_cannot_save(path, again))

    @classmethod
    def in_memory(cls, notice: str = "") -> StateStore:
        return cls(_connect(":memory:"), None, notice)

    def close(self) -> None:
        self._db.close()

    # -- reads -------------------------------------------------------------

    def read_ids(self) -> set[str]:
        rows = self._db.execute("SELECT article_id FROM flags WHERE read = 1")
        return {row[0] for row in rows}

    def flags_for(self, article_ids: list[str]) -> tuple[set[str], set[str]]:
        """(read, starred) among these ids only: cheap for a handful of articles."""
        read: set[str] = set()
        starred: set[str] = set()
        for start in range(0, len(article_ids), 500):
            chunk = article_ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT article_id, read, starred FROM flags WHERE article_id IN ({marks})",
                chunk,
            )
            for article_id, is_read, is_starred in rows:
                if is_read:
                    read.add(article_id)
                if is_starred:
                    starred.add(article_id)
        return read, starred

    def starred_ids(self) -> set[str]:
        rows = self._db.execute("SELECT article_id FROM flags WHERE starred = 1")
        return {row[0] for row in rows}

    def flags(self) -> list[Flag]:
        rows = self._db.execute(
            "SELECT article_id, url, read, read_changed, starred, starred_changed FROM flags"
        )
        return [Flag(r[0], r[1], bool(r[2]), r[3], bool(r[4]), r[5]) for r in rows]

    def export_flags(self) -> list[Flag]:
        """Every flag that was ever set, in a stable order (one consistent snapshot)."""
        rows = self._db.execute(
            "SELECT article_id, url, read, read_changed, starred, starred_changed FROM flags "
            "WHERE read_changed > 0 OR starred_changed > 0 ORDER BY url, article_id"
        )
        return [Flag(r[0], r[1], bool(r[2]), r[3], bool(r[4]), r[5]) for r in rows]

    # -- writes ------------------------------------------------------------

    def set_read(self, articles: Iterable[tuple[str, str]], read: bool) -> None:
        """Mark (id, url) pairs read or unread, in one durable transaction."""
        self._set("read", articles, read)

    def set_starred(self, articles: Iterable[tuple[str, str]], starred: bool) -> None:
        self._set("starred", articles, starred)

    def merge_flags(self, flags: Iterable[Flag]) -> MergeSummary:
        """Merge flags from elsewhere: per flag, the newer change wins. One transaction.

        Idempotent: merging the same flags again, or older ones, changes nothing.
        """
        rows = [
            (
                flag.article_id,
                flag.url,
                int(flag.read),
                to_microseconds(flag.read_changed),
                int(flag.starred),
                to_microseconds(flag.starred_changed),
            )
            for flag in flags
            if flag.read_changed > 0 or flag.starred_changed > 0
        ]
        changed = 0

        def merge(db: sqlite3.Connection) -> None:
            nonlocal changed
            before = db.total_changes
            db.executemany(_MERGE_SQL, rows)
            changed = db.total_changes - before

        if rows:
            self._write(merge)
        return MergeSummary(changed=changed, unchanged=len(rows) - changed)

    def _set(self, column: str, articles: Iterable[tuple[str, str]], value: bool) -> None:
        now = to_microseconds(time.time())
        rows = [(article_id, url, int(value), now) for article_id, url in articles]
        if not rows:
            return
        # Column names come from the two callers above, never from input.
        sql = (
            f"INSERT INTO flags (article_id, url, {column}, {column}_changed) VALUES (?, ?, ?, ?) "
            f"ON CONFLICT(article_id) DO UPDATE SET {column} = excluded.{column}, "
            f"{column}_changed = excluded.{column}_changed, "
            "url = CASE WHEN excluded.url != '' THEN excluded.url ELSE flags.url END"
        )
        self._write(lambda db: db.executemany(sql, rows))

    def _write(self, action: Callable[[sqlite3.Connection], object]) -> None:
        """Run `action` in one IMMEDIATE transaction; retry while other writers hold the lock.

        busy_timeout already waits up to 10 s inside SQLite; the retries cover the cases
        where SQLite gives up at once instead (e.g. a lock upgrade it can't wait for).
        """
        for attempt in range(WRITE_ATTEMPTS):
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    action(self._db)
                    self._db.execute("COMMIT")
                except BaseException:
                    if self._db.in_transaction:
                        self._db.execute("ROLLBACK")
                    raise
                return
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or attempt == WRITE_ATTEMPTS - 1:
                    raise StateError(f"could not save read state: {exc}") from exc
                time.sleep(0.05 * (attempt + 1))
            except sqlite3.DatabaseError as exc:  # disk full, I/O error, damaged meanwhile
                raise StateError(f"could not save read state: {exc}") from exc


def _connect(target: Path | str) -> sqlite3.Connection:
    db = sqlite3.connect(
        str(target), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
    )
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # Checked before anything writes: a database from a newer reader-tui is left as it is.
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise sqlite3.DatabaseError(
                f"made by a newer reader-tui (schema {version}, this one knows {SCHEMA_VERSION})"
            )
        if target != ":memory:":
            db.execute("PRAGMA journal_mode = WAL")
            # NORMAL in WAL mode survives a killed process; only an OS crash could lose the tail.
            db.execute("PRAGMA synchronous = NORMAL")
            result = db.execute("PRAGMA quick_check").fetchone()
            if result is None or result[0] != "ok":
                raise sqlite3.DatabaseError("database disk image is malformed")
        if version < SCHEMA_VERSION:
            # One script, so the schema and its version land together or not at all.
            db.executescript(
                f"BEGIN IMMEDIATE; {_SCHEMA} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"
            )
    except BaseException:
        db.close()
        raise
    return db


def _cannot_save(where: Path, exc: BaseException) -> str:
    reason = getattr(exc, "strerror", None) or str(exc)
    return f"Read state can't be saved ({where}: {reason}); changes last until you quit."


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text or "file is encrypted" in text


def _move_aside(path: Path) -> Path:
    """Rename the damaged database (and its -wal/-shm) to a free, timestamped name."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while os.path.exists(target):  # damaged twice in one second: keep both
        counter += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{path}{suffix}")
        # Another process may have moved it first; that is fine.
        with contextlib.suppress(FileNotFoundError):
            os.replace(source, Path(f"{target}{suffix}"))
    return target
