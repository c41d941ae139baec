"""A persistent index of parsed summaries, so a warm start reads no article files.

One SQLite file per corpus folder under the user cache dir. A row per file: its path,
mtime and size (to tell whether it changed), the summary columns, and its problems.
The index is a cache: a corrupt, foreign or old-version file is deleted and rebuilt,
never trusted. Full articles are not stored; opening one re-reads its file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from reader.model import Article, ParseResult, Problem, Provider, Severity
from reader.paths import cache_dir

SCHEMA_VERSION = 2
_MAGIC = "reader-tui index"
_TOPIC_SEPARATOR = "\x1f"  # the unit separator can't survive clean_text, so never in a topic

# (path, mtime_ns, size, id, title, url, heat, quality, published_at, provider_name,
#  provider_domain, topics, published, related_count, excerpt, problems, published_ts)
Row = tuple[
    str, int, int, str | None, str, str, int | None, int | None, str | None, str, str, str,
    int, int, str, str | None, float | None,
]
COLUMNS = 17

# Of several files with one identity, only the first path counts (as in Corpus.add). The
# duplicate ids are found once; only their rows pay for the per-row lookup.
_FIRST_PATH_ONLY = (
    "(f.article_id NOT IN (SELECT article_id FROM files WHERE article_id IS NOT NULL "
    "GROUP BY article_id HAVING count(*) > 1) "
    "OR f.path = (SELECT min(g.path) FROM files g WHERE g.article_id = f.article_id))"
)

_INDEXES = """
CREATE INDEX IF NOT EXISTS files_by_article ON files (article_id);
-- The list orders of query.sort_key, so the first screen is read off an index, not sorted.
CREATE INDEX IF NOT EXISTS files_by_heat ON files (heat IS NULL, heat DESC,
    published_ts IS NULL, published_ts DESC, title, article_id);
CREATE INDEX IF NOT EXISTS files_by_quality ON files (quality IS NULL, quality DESC,
    published_ts IS NULL, published_ts DESC, title, article_id);
CREATE INDEX IF NOT EXISTS files_by_date ON files (published_ts IS NULL, published_ts DESC,
    title, article_id);
"""
_INDEX_NAMES = ("files_by_article", "files_by_heat", "files_by_quality", "files_by_date")

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    article_id TEXT,
    title TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    heat INTEGER,
    quality INTEGER,
    published_at TEXT,
    provider_name TEXT NOT NULL DEFAULT '',
    provider_domain TEXT NOT NULL DEFAULT '',
    topics TEXT NOT NULL DEFAULT '',
    published INTEGER NOT NULL DEFAULT 1,
    related_count INTEGER NOT NULL DEFAULT 0,
    excerpt TEXT NOT NULL DEFAULT '',
    problems TEXT,
    published_ts REAL  -- published_at as a Unix time, for sorting in SQL
);
INSERT OR IGNORE INTO meta VALUES ('magic', '{_MAGIC}');
"""


def index_path(root: str) -> Path:
    digest = hashlib.blake2b(os.path.realpath(root).encode(), digest_size=10).hexdigest()
    return cache_dir() / "index" / f"{digest}.sqlite"


def row_for(path: str, mtime_ns: int, size: int, result: ParseResult) -> Row:
    """Flatten one parse result into an index row (done in the worker processes)."""
    problems = (
        json.dumps([[p.reason, p.severity.value] for p in result.problems], ensure_ascii=False)
        if result.problems
        else None
    )
    if result.detail is None:
        empty = ("", "", None, None, None, "", "", "", 1, 0, "")
        return (path, mtime_ns, size, None, *empty, problems, None)
    a = result.detail.article
    return (
        path,
        mtime_ns,
        size,
        a.id,
        a.title,
        a.url,
        a.heat,
        a.quality,
        a.published_at.isoformat() if a.published_at else None,
        a.provider.name,
        a.provider.domain,
        _TOPIC_SEPARATOR.join(a.topics),
        int(a.published),
        a.related_count,
        a.excerpt,
        problems,
        a.published_at.timestamp() if a.published_at else None,
    )


def delete_index(root: str) -> None:
    """Forget everything indexed for `root`; the next load reads every file again."""
    _delete(index_path(root))


class RowReader:
    """Turns rows back into Articles, sharing equal providers and topic tuples."""

    def __init__(self) -> None:
        self._providers: dict[tuple[str, str], Provider] = {}
        self._topics: dict[str, tuple[str, ...]] = {}

    def article(self, row: Row, keep_excerpt: bool = True) -> Article | None:
        (path, _m, _s, article_id, title, url, heat, quality, published_at, provider_name,
         provider_domain, topics, published, related_count, excerpt, _p, _ts) = row
        if article_id is None:
            return None
        provider_key = (provider_name, provider_domain)
        provider = self._providers.get(provider_key)
        if provider is None:
            provider = self._providers[provider_key] = Provider(provider_name, provider_domain)
        topic_tuple = self._topics.get(topics)
        if topic_tuple is None:
            names = topics.split(_TOPIC_SEPARATOR) if topics else []
            topic_tuple = self._topics[topics] = tuple(sys.intern(t) for t in names)
        return Article(  # positional: the hot path of a warm start
            article_id,
            path,
            title,
            url,
            heat,
            quality,
            datetime.fromisoformat(published_at) if published_at else None,
            provider,
            topic_tuple,
            bool(published),
            related_count,
            excerpt if keep_excerpt else "",
        )

    @staticmethod
    def problems(row: Row) -> list[Problem]:
        if row[15] is None:
            return []
        try:
            items = json.loads(row[15])
            return [Problem(row[0], str(reason), Severity(severity)) for reason, severity in items]
        except (ValueError, TypeError):
            return [Problem(row[0], "index entry damaged; it will be re-read", Severity.WARNING)]


class Index:
    """Open with `Index.open(root)`; None when the cache can't be used at all."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self._db = db
        self.path = path

    @classmethod
    def open(cls, root: str) -> Index | None:
        path = index_path(root)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
        for _attempt in range(2):
            try:
                db = _connect(path, root)
                return cls(db, path)
            except (sqlite3.Error, _StaleIndexError):
                _delete(path)  # a cache: rebuild rather than trust or repair
            except OSError:
                return None
        return None

    def iter_rows(self) -> Iterator[Row]:
        """Every row, streamed: a warm start never holds all rows at once."""
        cursor = self._db.execute("SELECT * FROM files")
        while batch := cursor.fetchmany(2048):
            yield from batch

    def apply(self, upserts: Sequence[Row], deleted: Iterable[str] = ()) -> None:
        """Write a batch in one transaction. A failure here only costs speed later."""
        try:
            with self._db:
                self._db.executemany(
                    f"INSERT OR REPLACE INTO files VALUES ({', '.join('?' * COLUMNS)})",
                    upserts,
                )
                self._db.executemany("DELETE FROM files WHERE path = ?", ((p,) for p in deleted))
        except sqlite3.Error:
            pass

    def defer_indexes(self) -> None:
        """Before filling an empty index: building the lookup indexes once at the end is
        much cheaper than updating four of them per row. ensure_indexes() puts them back."""
        with contextlib.suppress(sqlite3.Error):
            self._db.executescript("".join(f"DROP INDEX IF EXISTS {n};" for n in _INDEX_NAMES))

    def ensure_indexes(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._db.executescript(_INDEXES)

    def excerpts(self) -> dict[str, str]:
        rows = self._db.execute(
            "SELECT article_id, excerpt FROM files WHERE article_id IS NOT NULL AND excerpt != ''"
        )
        return dict(rows)

    def _remember(self, key: str, value: object) -> None:
        """A JSON value in the meta table; failing to write only costs speed later."""
        with contextlib.suppress(sqlite3.Error), self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, json.dumps(value))
            )

    def _recall(self, key: str) -> dict[str, Any] | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        try:
            value = json.loads(row[0]) if row else None
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    def remember_folders(self, folders: dict[str, int]) -> None:
        """After a complete load: the folders walked and their mtimes then."""
        self._remember("folders", folders)

    def remember_totals(self, totals: dict[str, object]) -> None:
        """After a complete load: per-topic totals, for an instant first screen (preview.py)."""
        self._remember("totals", totals)

    def totals(self) -> dict[str, Any] | None:
        return self._recall("totals")

    def flagged_topics(self, state_db: Path) -> list[tuple[str, int, int, int]]:
        """(topics, published, read, starred) of every article with a read or star flag."""
        if not state_db.exists():
            return []
        self._db.execute("ATTACH DATABASE ? AS state", (str(state_db),))
        try:
            return self._db.execute(
                # From the flags (usually far fewer) to the files, by the article_id index.
                "SELECT f.topics, f.published, s.read, s.starred FROM state.flags s "
                "CROSS JOIN files f ON f.article_id = s.article_id "
                f"WHERE (s.read = 1 OR s.starred = 1) AND {_FIRST_PATH_ONLY}"
            ).fetchall()
        except sqlite3.Error:
            return []
        finally:
            self._db.execute("DETACH DATABASE state")

    def unchanged_since_last_load(self) -> bool:
        """True when no file can have been added, removed or renamed since the last load.

        Only folder mtimes are checked (cheap at any size); a file edited in place, which
        changes no folder, is found by the next full load (every start of the app does one).
        """
        folders = self._recall("folders")
        if folders is None:
            return False
        try:
            return all(os.stat(folder).st_mtime_ns == mtime for folder, mtime in folders.items())
        except (OSError, ValueError, TypeError):
            return False

    def query(
        self,
        *,
        sort: str,
        topic: str | None,
        unread_only: bool,
        show_unpublished: bool,
        limit: int | None,
        state_db: Path | None,
    ) -> list[Row]:
        """The first `limit` rows of a list view, straight from SQL (for `reader list`).

        The order matches query.sort_key exactly: the sort column descending with missing
        values last, then newest first, then title and id (SQLite's BINARY collation
        orders UTF-8 like Python orders str).
        """
        column = {"heat": "heat", "quality": "quality"}.get(sort)
        order = [f"{column} IS NULL", f"{column} DESC"] if column else []
        order += ["published_ts IS NULL", "published_ts DESC", "title", "article_id"]
        where = [
            "f.article_id IS NOT NULL",
            _FIRST_PATH_ONLY,
        ]
        parameters: list[object] = []
        if not show_unpublished:
            where.append("f.published = 1")
        if topic is not None:
            where.append("instr(char(31) || f.topics || char(31), char(31) || ? || char(31)) > 0")
            parameters.append(topic)
        attached = False
        if unread_only and state_db is not None and state_db.exists():
            # Only read here; the state store stays the one writer of that database.
            self._db.execute("ATTACH DATABASE ? AS state", (str(state_db),))
            attached = True
            where.append(
                "f.article_id NOT IN (SELECT article_id FROM state.flags WHERE read = 1)"
            )
        sql = f"SELECT * FROM files f WHERE {' AND '.join(where)} ORDER BY {', '.join(order)}"
        if limit is not None:
            sql += " LIMIT ?"
            parameters.append(limit)
        try:
            return self._db.execute(sql, parameters).fetchall()
        finally:
            if attached:
                self._db.execute("DETACH DATABASE state")

    def close(self) -> None:
        self._db.close()


class _StaleIndexError(Exception):
    pass


def _connect(path: Path, root: str) -> sqlite3.Connection:
    db = sqlite3.connect(str(path), timeout=10, check_same_thread=False)
    try:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")  # a cache: losing the tail costs a re-parse
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, SCHEMA_VERSION):
            raise _StaleIndexError(f"schema {version}")
        with db:
            db.executescript(_SCHEMA + _INDEXES)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('root', ?)", (root,))
        magic = db.execute("SELECT value FROM meta WHERE key = 'magic'").fetchone()
        if magic is None or magic[0] != _MAGIC:
            raise _StaleIndexError("not our index")
        columns = [row[1] for row in db.execute("PRAGMA table_info(files)")]
        if len(columns) != COLUMNS:
            raise _StaleIndexError("unexpected columns")
    except BaseException:
        db.close()
        raise
    return db


def _delete(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{path}{suffix}")
