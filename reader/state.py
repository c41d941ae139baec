"""Read/starred flags per article, in SQLite (WAL), shared safely between processes.

Only this module writes the state database. Every change is its own committed
transaction, so what the UI shows as read is already on disk.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 10_000

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


@dataclass(frozen=True, slots=True)
class Flag:
    """One article's flags, keyed by id; `url` lets them travel between machines."""

    article_id: str
    url: str
    read: bool
    read_changed: float
    starred: bool
    starred_changed: float


class StateError(Exception):
    pass


class StateStore:
    """Open with `StateStore.open(path)`; falls back to memory if the disk can't be used."""

    def __init__(self, connection: sqlite3.Connection, path: Path | None, notice: str = ""):
        self._db = connection
        self.path = path
        # A one-time message for the user (state moved aside, or not saved at all).
        self.notice = notice

    @property
    def persistent(self) -> bool:
        return self.path is not None

    @classmethod
    def open(cls, path: Path) -> StateStore:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            return cls(_connect(path), path)
        except sqlite3.DatabaseError as exc:
            if not _is_corruption(exc):
                return cls.in_memory(f"Read state can't be saved ({path}: {exc}).")
            moved = _move_aside(path)
            try:
                return cls(
                    _connect(path),
                    path,
                    f"The read-state database was damaged; it was moved to {moved.name} "
                    "and a new one was started.",
                )
            except (sqlite3.Error, OSError) as again:
                return cls.in_memory(f"Read state can't be saved ({path}: {again}).")
        except OSError as exc:
            return cls.in_memory(
                f"Read state can't be saved ({path.parent}: {exc.strerror or exc})."
            )

    @classmethod
    def in_memory(cls, notice: str = "") -> StateStore:
        return cls(_connect(":memory:"), None, notice)

    def close(self) -> None:
        self._db.close()

    # -- reads -------------------------------------------------------------

    def read_ids(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT article_id FROM flags WHERE read = 1")}

    def starred_ids(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT article_id FROM flags WHERE starred = 1")}

    def flags(self) -> list[Flag]:
        rows = self._db.execute(
            "SELECT article_id, url, read, read_changed, starred, starred_changed FROM flags"
        )
        return [Flag(r[0], r[1], bool(r[2]), r[3], bool(r[4]), r[5]) for r in rows]

    # -- writes ------------------------------------------------------------

    def set_read(self, articles: Iterable[tuple[str, str]], read: bool) -> None:
        """Mark (id, url) pairs read or unread, in one durable transaction."""
        self._set("read", articles, read)

    def set_starred(self, articles: Iterable[tuple[str, str]], starred: bool) -> None:
        self._set("starred", articles, starred)

    def _set(self, column: str, articles: Iterable[tuple[str, str]], value: bool) -> None:
        now = time.time()
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

    def _write(self, action) -> None:  # type: ignore[no-untyped-def]
        for attempt in range(5):
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    action(self._db)
                    self._db.execute("COMMIT")
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
                return
            except sqlite3.OperationalError as exc:
                if ("locked" not in str(exc) and "busy" not in str(exc)) or attempt == 4:
                    raise StateError(f"could not save read state: {exc}") from exc
                time.sleep(0.05 * (attempt + 1))


def _connect(target: Path | str) -> sqlite3.Connection:
    db = sqlite3.connect(
        str(target), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
    )
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if target != ":memory:":
            db.execute("PRAGMA journal_mode = WAL")
            # NORMAL in WAL mode survives a killed process; only an OS crash could lose the tail.
            db.execute("PRAGMA synchronous = NORMAL")
            result = db.execute("PRAGMA quick_check").fetchone()
            if result is None or result[0] != "ok":
                raise sqlite3.DatabaseError("database disk image is malformed")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise sqlite3.DatabaseError(
                f"made by a newer reader-tui (schema {version}, this one knows {SCHEMA_VERSION})"
            )
        if version < SCHEMA_VERSION:
            # One script, so the schema and its version land together or not at all.
            db.executescript(
                f"BEGIN IMMEDIATE; {_SCHEMA} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"
            )
    except BaseException:
        db.close()
        raise
    return db


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text or "file is encrypted" in text


def _move_aside(path: Path) -> Path:
    stamp = time.strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{path}{suffix}")
        if source.exists():
            os.replace(source, Path(f"{target}{suffix}"))
    return target
