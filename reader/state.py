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

import os
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from reader.statedb import SCHEMA_VERSION as SCHEMA_VERSION
from reader.statedb import connect as _connect
from reader.statedb import is_corruption, is_read_only, move_aside, pending_notices

# The portable state file lives in reader.statefile; re-exported for reader.cli.
from reader.statefile import ARTICLE_ID as ARTICLE_ID
from reader.statefile import Flag as Flag
from reader.statefile import StateFileError as StateFileError
from reader.statefile import decode_state_file as decode_state_file
from reader.statefile import encode_state_file as encode_state_file
from reader.statefile import to_microseconds
from reader.statefile import write_file_atomically as write_file_atomically

WRITE_ATTEMPTS = 5

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
        self,
        connection: sqlite3.Connection,
        path: Path | None,
        notice: str = "",
        *,
        read_only: str = "",
    ) -> None:
        self._db = connection
        self.path = path
        # A one-time message for the user (state moved aside, read-only, or not saved).
        self.notice = notice
        # Why changes can't be written ("" when they can): the flags still show.
        self.read_only = read_only
        self._data_version = self._read_data_version()

    @property
    def persistent(self) -> bool:
        """True when changes are saved to disk."""
        return self.path is not None and not self.read_only

    @property
    def status_note(self) -> str:
        """A few words for the status bar when changes are not saved; "" when they are."""
        if self.read_only:
            return "read state is read-only"
        return "" if self.persistent else "read state is not being saved"

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
    def open(cls, path: Path, *, consume_notices: bool = False) -> StateStore:
        """The store at `path`. What an earlier run had to say about it (a database moved
        aside) is in `notice`; `consume_notices` (the app) says it for the last time."""
        store = cls._open(path)
        earlier = pending_notices(path, consume=consume_notices)
        if earlier:
            notices = [*dict.fromkeys([*earlier, store.notice])]
            store.notice = " ".join(n for n in notices if n)
        return store

    @classmethod
    def _open(cls, path: Path) -> StateStore:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            return cls(_connect(path), path)
        except sqlite3.DatabaseError as exc:
            if is_read_only(exc) and os.path.exists(path):
                return cls._open_read_only(path, exc)
            if not is_corruption(exc):
                return cls.in_memory(_cannot_save(path, exc))
            first_error = exc
        except OSError as exc:
            if os.path.isfile(path):  # say, a data folder that can't be written
                return cls._open_read_only(path, exc)
            return cls.in_memory(_cannot_save(path.parent, exc))
        # Unusable: keep the old file for inspection under a new name, start afresh.
        try:
            notice = move_aside(path, first_error)
            return cls(_connect(path), path, notice)
        except (sqlite3.Error, OSError) as again:
            return cls.in_memory(_cannot_save(path, again))

    @classmethod
    def _open_read_only(cls, path: Path, why: BaseException) -> StateStore:
        reason = getattr(why, "strerror", None) or str(why)
        try:
            db = _connect(path, read_only=True)
        except (sqlite3.Error, OSError) as exc:
            return cls.in_memory(_cannot_save(path, exc))
        return cls(
            db,
            path,
            f"Read state is read-only ({path} can't be written: {reason}): your read and "
            "starred articles show, but changes won't be saved.",
            read_only=f"{path} can't be written ({reason})",
        )

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
        if self.read_only:
            raise StateError(f"read state is read-only: {self.read_only}")
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


def _cannot_save(where: Path, exc: BaseException) -> str:
    reason = getattr(exc, "strerror", None) or str(exc)
    return f"Read state can't be saved ({where}: {reason}); changes last until you quit."


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text
