"""Opening the read-state database: checked before trusted, read-only when it must be.

A database that is damaged, or valid but not ours (another program's tables, our
version number without our table), is moved aside, never repaired or written into; a
note of that is kept beside it until the app has shown it (`pending_notices`), so the
user hears where the old file went even when a command-line run moved it. One this
user can't write (a read-only data folder) is opened read-only: flags show, writes are
refused. No Textual here.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
import urllib.parse
from pathlib import Path

SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 10_000

SCHEMA = """
CREATE TABLE IF NOT EXISTS flags (
    article_id TEXT PRIMARY KEY,
    url TEXT NOT NULL DEFAULT '',
    read INTEGER NOT NULL DEFAULT 0,
    read_changed REAL NOT NULL DEFAULT 0,
    starred INTEGER NOT NULL DEFAULT 0,
    starred_changed REAL NOT NULL DEFAULT 0
) WITHOUT ROWID;
"""
_COLUMNS = ["article_id", "url", "read", "read_changed", "starred", "starred_changed"]


class ForeignDatabaseError(sqlite3.DatabaseError):
    """A valid SQLite file that is not a read-state database of ours."""


def connect(target: Path | str, *, read_only: bool = False) -> sqlite3.Connection:
    """A checked connection to the state database `target` (":memory:" for none)."""
    if read_only:
        try:
            return _connect(target, "mode=ro")
        except sqlite3.OperationalError:
            # A WAL database whose -shm can't be created (a read-only folder) opens only
            # as immutable: nobody can be writing it from this folder's point of view.
            return _connect(target, "mode=ro&immutable=1")
    if target != ":memory:":
        _create_private(target)
    return _connect(target, "")


def _create_private(path: Path | str) -> None:
    """A new database is readable by its owner only, like the session and exports (a
    reading history is personal); SQLite gives its -wal and -shm the same mode."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass  # an existing file keeps the mode its owner gave it
    except OSError:
        pass  # connecting says what is wrong, in the words the caller handles


def _connect(target: Path | str, read_only: str) -> sqlite3.Connection:
    if read_only:
        uri = f"file:{urllib.parse.quote(os.fspath(target))}?{read_only}"
        db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    else:
        db = sqlite3.connect(
            str(target),
            isolation_level=None,
            timeout=BUSY_TIMEOUT_MS / 1000,
            check_same_thread=False,
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
            # Checked before anything is written, WAL mode included: a file that isn't
            # ours is moved aside exactly as it was.
            result = db.execute("PRAGMA quick_check").fetchone()
            if result is None or result[0] != "ok":
                raise sqlite3.DatabaseError("database disk image is malformed")
            _check_ours(db, version)
            if not read_only:
                db.execute("PRAGMA journal_mode = WAL")
                # NORMAL in WAL mode survives a killed process; only an OS crash loses the tail.
                db.execute("PRAGMA synchronous = NORMAL")
        if version < SCHEMA_VERSION and not read_only:
            # One script, so the schema and its version land together or not at all.
            db.executescript(
                f"BEGIN IMMEDIATE; {SCHEMA} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"
            )
    except BaseException:
        db.close()
        raise
    return db


def _check_ours(db: sqlite3.Connection, version: int) -> None:
    tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    columns = [row[1] for row in db.execute("PRAGMA table_info(flags)")]
    if version == SCHEMA_VERSION and "flags" not in tables:
        raise ForeignDatabaseError(f"schema {version} but no flags table")
    if "flags" in tables and columns != _COLUMNS:
        raise ForeignDatabaseError(f"a flags table with other columns ({', '.join(columns)})")
    if version == 0 and [t for t in tables if t != "flags"]:
        # Someone else's database at our path: don't add a table to it.
        raise ForeignDatabaseError(f"other tables ({', '.join(sorted(tables)[:5])})")


def is_corruption(exc: sqlite3.DatabaseError) -> bool:
    if isinstance(exc, ForeignDatabaseError):
        return True  # not damaged, but just as unusable: moved aside the same way
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text or "file is encrypted" in text


def is_read_only(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "readonly" in text or "read-only" in text or "unable to open" in text


def move_aside(path: Path, why: sqlite3.DatabaseError) -> str:
    """Rename the unusable database (and its -wal/-shm) to a free, timestamped name; the
    message saying so, also kept beside it until the app has shown it."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    suffix = "foreign" if isinstance(why, ForeignDatabaseError) else "corrupt"
    target = path.with_name(f"{path.name}.{suffix}-{stamp}")
    counter = 1
    while os.path.exists(target):  # damaged twice in one second: keep both
        counter += 1
        target = path.with_name(f"{path.name}.{suffix}-{stamp}-{counter}")
    for extension in ("", "-wal", "-shm"):
        # Another process may have moved it first; that is fine.
        with contextlib.suppress(FileNotFoundError):
            os.replace(f"{path}{extension}", f"{target}{extension}")
    what = (
        f"{path} was not a reader-tui read-state database ({why})"
        if isinstance(why, ForeignDatabaseError)
        else f"The read-state database {path} was damaged ({why})"
    )
    notice = f"{what}; it was kept as {target} and a new one was started."
    _remember_notice(path, notice)
    return notice


def _notices_path(path: Path) -> Path:
    return path.with_name(f"{path.name}.notices")


def _remember_notice(path: Path, notice: str) -> None:
    with contextlib.suppress(OSError), open(_notices_path(path), "a", encoding="utf-8") as file:
        file.write(notice.replace("\n", " ") + "\n")


def pending_notices(path: Path, *, consume: bool) -> list[str]:
    """What moving a database aside left to say; `consume` clears it (the app, once it
    will have shown it; command-line runs repeat it until then)."""
    notes = _notices_path(path)
    try:
        with open(notes, encoding="utf-8", errors="replace") as file:
            lines = [line.strip() for line in file.read(64_000).splitlines() if line.strip()]
    except OSError:
        return []
    if consume:
        with contextlib.suppress(OSError):
            os.unlink(notes)
    return lines[-5:]
