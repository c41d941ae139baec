"""What was fetched from the web, kept for offline reading: one SQLite file. No Textual.

`$XDG_CACHE_HOME/reader-tui/web.db` (platformdirs' cache dir) holds each fetched page's
extracted text and each article image's thumbnail, keyed by the URL asked for. It is
bounded: past `max_bytes`, the entries used longest ago go first. It is only a cache: a
damaged or foreign file is moved aside and a new one started, and `reader cache clear`
empties it. WAL mode, so the app and `reader fetch` can use it at the same time.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.paths import cache_dir

SCHEMA_VERSION = "1"
DEFAULT_MAX_BYTES = 500 * 1024 * 1024
_ROW_OVERHEAD = 100  # bytes counted per entry besides its text or data
TOUCH_EVERY = 60.0  # seconds: an entry's last use is written at most this often
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,
    final_url TEXT NOT NULL,
    text TEXT NOT NULL,
    fetched_at REAL NOT NULL,
    used_at REAL NOT NULL,
    size INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS images (
    url TEXT PRIMARY KEY,
    data BLOB,
    note TEXT NOT NULL DEFAULT '',
    fetched_at REAL NOT NULL,
    used_at REAL NOT NULL,
    size INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS pages_used ON pages (used_at);
CREATE INDEX IF NOT EXISTS images_used ON images (used_at);
"""


def web_cache_path() -> Path:
    return cache_dir() / "web.db"


class CacheError(Exception):
    """The cache can't be used (a read-only or full disk, say); fetching still works."""


@dataclass(frozen=True, slots=True)
class CachedPage:
    url: str
    final_url: str
    text: str  # Markdown
    fetched_at: float


@dataclass(frozen=True, slots=True)
class CachedImage:
    url: str
    data: bytes | None  # a checked thumbnail (PNG or JPEG), or None with `note`
    note: str  # why the image is not shown ("not an image", "too large"), if it isn't
    fetched_at: float


@dataclass(frozen=True, slots=True)
class CacheInfo:
    path: Path
    pages: int
    images: int  # pictures kept (images found broken or too large are remembered too)
    stored_bytes: int  # what the entries count for against the limit
    file_bytes: int  # the files on disk (database and write-ahead log)


class WebCache:
    """The cache file, shared by threads (one connection behind a lock)."""

    def __init__(self, connection: sqlite3.Connection, path: Path, max_bytes: int) -> None:
        self._db = connection
        self.path = path
        self.max_bytes = max_bytes
        self._lock = threading.Lock()

    @classmethod
    def open(
        cls, path: Path | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES, create: bool = True
    ) -> WebCache | None:
        """The cache at `path`; None if it doesn't exist and `create` is false.
        Raises CacheError if it can't be opened or made."""
        path = path or web_cache_path()
        if not create and not path.exists():
            return None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            return cls(_connect(path), path, max_bytes)
        except (sqlite3.DatabaseError, CacheError):
            # Only a cache: a damaged or foreign file is put aside and a new one begun.
            try:
                os.replace(path, path.with_name(f"{path.name}.damaged-{int(time.time())}"))
                for suffix in ("-wal", "-shm"):
                    Path(str(path) + suffix).unlink(missing_ok=True)
                return cls(_connect(path), path, max_bytes)
            except (OSError, sqlite3.Error) as exc:
                raise CacheError(f"{path}: {exc}") from None
        except OSError as exc:
            raise CacheError(f"{path}: {exc.strerror or exc}") from None

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- pages ----------------------------------------------------------------------

    def page(self, url: str) -> CachedPage | None:
        row = self._read(
            "SELECT url, final_url, text, fetched_at, used_at FROM pages WHERE url = ?", (url,)
        )
        if row is None:
            return None
        self._touch("pages", url, row[4])
        return CachedPage(str(row[0]), str(row[1]), str(row[2]), float(row[3]))

    def put_page(self, url: str, final_url: str, text: str) -> None:
        size = len(text.encode("utf-8", "surrogatepass")) + len(url) + _ROW_OVERHEAD
        now = time.time()
        self._write(
            "INSERT OR REPLACE INTO pages (url, final_url, text, fetched_at, used_at, size) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (url, final_url, text, now, now, size),
        )

    # -- images ---------------------------------------------------------------------

    def image(self, url: str) -> CachedImage | None:
        row = self._read(
            "SELECT url, data, note, fetched_at, used_at FROM images WHERE url = ?", (url,)
        )
        if row is None:
            return None
        self._touch("images", url, row[4])
        data = row[1]
        blob = bytes(data) if isinstance(data, (bytes, memoryview)) else None
        return CachedImage(str(row[0]), blob, str(row[2]), float(row[3]))

    def put_image(self, url: str, data: bytes | None, note: str = "") -> None:
        size = len(data or b"") + len(url) + len(note) + _ROW_OVERHEAD
        now = time.time()
        self._write(
            "INSERT OR REPLACE INTO images (url, data, note, fetched_at, used_at, size) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (url, data, note, now, now, size),
        )

    # -- the whole cache ----------------------------------------------------------

    def info(self) -> CacheInfo:
        with self._lock:
            try:
                pages, page_bytes = self._db.execute(
                    "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM pages"
                ).fetchone()
                images, image_bytes = self._db.execute(
                    "SELECT COUNT(data), COALESCE(SUM(size), 0) FROM images"
                ).fetchone()
            except sqlite3.Error as exc:
                raise CacheError(f"{self.path}: {exc}") from None
        on_disk = sum(
            os.path.getsize(name)
            for name in (self.path, Path(str(self.path) + "-wal"))
            if os.path.exists(name)
        )
        return CacheInfo(self.path, pages, images, page_bytes + image_bytes, on_disk)

    def clear(self) -> CacheInfo:
        """Empty the cache and give the space back; what was in it before."""
        before = self.info()
        with self._lock:
            try:
                with _transaction(self._db):
                    self._db.execute("DELETE FROM pages")
                    self._db.execute("DELETE FROM images")
                self._db.execute("VACUUM")
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.OperationalError:
                pass  # another process holds it open: the rows are gone, the space follows
            except sqlite3.Error as exc:
                raise CacheError(f"{self.path}: {exc}") from None
        return before

    def _read(self, sql: str, args: tuple[object, ...]) -> tuple[Any, ...] | None:
        with self._lock:
            try:
                row = self._db.execute(sql, args).fetchone()
            except sqlite3.Error as exc:
                raise CacheError(f"{self.path}: {exc}") from None
        return tuple(row) if row is not None else None

    def _touch(self, table: str, url: str, used_at: float) -> None:
        """Used now: the last to be evicted. A cache that can't be written still reads.
        Within a minute of the last use nothing is written (reading stays a read)."""
        if time.time() - used_at < TOUCH_EVERY:
            return
        with self._lock, contextlib.suppress(sqlite3.Error):
            self._db.execute(f"UPDATE {table} SET used_at = ? WHERE url = ?", (time.time(), url))

    def _write(self, sql: str, args: tuple[object, ...]) -> None:
        with self._lock:
            try:
                with _transaction(self._db):
                    self._db.execute(sql, args)
                    evicted = self._evict()
                if evicted:
                    self._db.execute("PRAGMA incremental_vacuum")
            except sqlite3.Error as exc:
                raise CacheError(f"{self.path}: {exc}") from None

    def _evict(self) -> bool:
        """Least recently used entries out until the cache is within its limit."""
        total = self._db.execute(
            "SELECT (SELECT COALESCE(SUM(size), 0) FROM pages)"
            " + (SELECT COALESCE(SUM(size), 0) FROM images)"
        ).fetchone()[0]
        if total <= self.max_bytes:
            return False
        target = self.max_bytes * 9 // 10  # some room, so the next write doesn't evict again
        rows = self._db.execute(
            "SELECT 'pages', url, size, used_at FROM pages"
            " UNION ALL SELECT 'images', url, size, used_at FROM images ORDER BY used_at"
        ).fetchall()
        doomed: list[tuple[str, str]] = []
        for table, url, size, _used in rows:
            if total <= target:
                break
            doomed.append((table, url))
            total -= size
        for table, url in doomed:
            self._db.execute(f"DELETE FROM {table} WHERE url = ?", (url,))
        return True


@contextlib.contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, taken at once (another process waits its turn)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=5, check_same_thread=False, isolation_level=None)
    try:
        db.execute("PRAGMA auto_vacuum = INCREMENTAL")  # only takes on a new file
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.executescript(_SCHEMA)
        version = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if version is None:
            db.execute("INSERT INTO meta (key, value) VALUES ('schema', ?)", (SCHEMA_VERSION,))
        elif version[0] != SCHEMA_VERSION:
            db.close()
            raise CacheError(f"{path}: schema {version[0]}, not {SCHEMA_VERSION}")
        db.execute("SELECT url, final_url, text FROM pages LIMIT 0")
        db.execute("SELECT url, data, note FROM images LIMIT 0")
    except sqlite3.Error:
        db.close()
        raise
    return db
