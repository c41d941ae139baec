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
from collections.abc import Collection, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from reader.indexfolders import FolderStamps
from reader.indexpaths import StoredPaths
from reader.indexquery import file_heat, list_sql

# Rows are built and read in reader.indexrows; these names are re-exported for its users.
from reader.indexrows import COLUMNS as COLUMNS
from reader.indexrows import Row as Row
from reader.indexrows import RowReader as RowReader
from reader.indexrows import row_for as row_for
from reader.indexrows import topics_of
from reader.indexstories import FIRST_PATH_ONLY, STORIES_SCHEMA, StoriesTable, state_attached
from reader.paths import cache_dir
from reader.walk import following_links_outside

# 3: topics as a JSON array (a topic may hold any character)
# 4: mtime_ns holds walk.file_stamp (mtime, ctime, inode), so in-place edits are seen
# 5: related_ids, story_terms (story grouping), deleted, kind; the stories table
# 6: story_terms without the list of every word (made again from the title and excerpt)
SCHEMA_VERSION = 7
_MAGIC = "reader-tui index"

_INDEXES = """
CREATE INDEX IF NOT EXISTS files_by_article ON files (article_id);
-- The list orders of query.sort_key, so the first screen is read off an index, not sorted.
CREATE INDEX IF NOT EXISTS files_by_quality ON files (quality IS NULL, quality DESC,
    published_ts IS NULL, published_ts DESC, title, article_id);
CREATE INDEX IF NOT EXISTS files_by_date ON files (published_ts IS NULL, published_ts DESC,
    title, article_id);
CREATE INDEX IF NOT EXISTS files_by_heat ON files (({heat}) IS NULL,
    ({heat}) DESC, published_ts IS NULL, published_ts DESC, title, article_id);
""".format(heat=file_heat())
_INDEX_NAMES = ("files_by_article", "files_by_quality", "files_by_date", "files_by_heat")

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
    topics TEXT NOT NULL DEFAULT '[]',
    published INTEGER NOT NULL DEFAULT 1,
    related_count INTEGER NOT NULL DEFAULT 0,
    excerpt TEXT NOT NULL DEFAULT '',
    problems TEXT,
    published_ts REAL,  -- published_at as a Unix time, for sorting in SQL
    related_ids TEXT NOT NULL DEFAULT '',
    deleted INTEGER NOT NULL DEFAULT 0,
    kind TEXT NOT NULL DEFAULT '',
    story_terms TEXT NOT NULL DEFAULT ''
);
{STORIES_SCHEMA}
INSERT OR IGNORE INTO meta VALUES ('magic', '{_MAGIC}');
"""


def index_path(root: str) -> Path:
    key = os.fsencode(os.path.realpath(root))
    if following_links_outside():  # a different set of files: its own index
        key += b"\0follow-links"
    digest = hashlib.blake2b(key, digest_size=10).hexdigest()
    return cache_dir() / "index" / f"{digest}.sqlite"


def delete_index(root: str) -> None:
    """Forget everything indexed for `root`; the next load reads every file again."""
    _delete(index_path(root))


class Index(StoriesTable, FolderStamps):
    """Open with `Index.open(root)`; None when the cache can't be used at all."""

    def __init__(self, db: sqlite3.Connection, path: Path, root: str) -> None:
        self._db = db
        self.path = path
        # Paths are stored relative to the root, and given back as typed (indexpaths).
        self._paths = StoredPaths(db, root)
        # Why the last batch could not be saved ("" when it was): the index then only
        # costs speed, but the user should hear once why every start reads every file.
        self.write_failure = ""

    @classmethod
    def open(cls, root: str) -> Index | None:
        opened = cls.open_or_reason(root)
        return opened if isinstance(opened, Index) else None

    @classmethod
    def open_or_reason(cls, root: str) -> Index | str:
        """The index of `root`, or one line saying why it can't be used."""
        path = index_path(root)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return f"{path.parent} can't be created ({_reason(exc)})"
        failure = ""
        for _attempt in range(2):
            try:
                db = _connect(path, root)
                return cls(db, path, root)
            except (sqlite3.Error, _StaleIndexError, OSError) as exc:
                failure = _reason(exc)
            try:
                _delete(path)  # a cache: rebuild rather than trust or repair
            except OSError as exc:
                return f"{path} can't be opened ({failure}) or removed ({_reason(exc)})"
        return f"{path} can't be opened ({failure})"

    def iter_rows(self) -> Iterator[Row]:
        """Every row, streamed: a warm start never holds all rows at once."""
        paths = self._paths
        cursor = self._db.execute(f"SELECT {paths.columns} FROM files f", (paths.prefix,))
        while batch := cursor.fetchmany(2048):
            for row in batch:
                yield self._paths.loaded(row)

    def apply(self, upserts: Sequence[Row], deleted: Iterable[str] = ()) -> bool:
        """Write a batch in one transaction; False (and `write_failure` says why) if that
        failed, which only costs speed later."""
        deleted = list(deleted)
        try:
            self._apply(upserts, deleted)
        except UnicodeEncodeError:
            # A lone surrogate (only the pure-Python YAML loader makes one) can't be stored
            # as UTF-8; such rows are kept with it replaced, the rest exactly.
            try:
                self._apply([_storable(row) for row in upserts], deleted)
            except sqlite3.Error as exc:
                self.write_failure = _reason(exc)
                return False
        except sqlite3.Error as exc:
            self.write_failure = _reason(exc)
            return False
        return True

    def _apply(self, upserts: Sequence[Row], deleted: Iterable[str]) -> None:
        with self._db:
            self._db.executemany(
                f"INSERT OR REPLACE INTO files VALUES ({', '.join('?' * COLUMNS)})",
                (self._paths.stored(row) for row in upserts),
            )
            self._db.executemany(
                "DELETE FROM files WHERE path = ?",
                ((self._paths.key(p),) for p in deleted),
            )

    def defer_indexes(self) -> None:
        """Before filling an empty index: building the lookup indexes once at the end is
        much cheaper than updating four of them per row. ensure_indexes() puts them back."""
        with contextlib.suppress(sqlite3.Error):
            self._db.executescript("".join(f"DROP INDEX IF EXISTS {n};" for n in _INDEX_NAMES))

    @property
    def filling(self) -> bool:
        """True while a first fill is under way or was cut short (killed, power lost):
        the rows here are then only part of the folder, whatever their count says."""
        try:
            row = self._db.execute("SELECT 1 FROM meta WHERE key = 'filling'").fetchone()
        except sqlite3.Error:
            return False
        return row is not None

    def mark_filling(self, filling: bool) -> None:
        with contextlib.suppress(sqlite3.Error), self._db:
            if filling:
                self._db.execute("INSERT OR REPLACE INTO meta VALUES ('filling', '1')")
            else:
                self._db.execute("DELETE FROM meta WHERE key = 'filling'")

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
            self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, json.dumps(value)))

    def _recall(self, key: str) -> dict[str, Any] | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        try:
            value = json.loads(row[0]) if row else None
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    def remember_totals(self, totals: dict[str, object]) -> None:
        """After a complete load: per-topic totals, for an instant first screen (preview.py)."""
        self._remember("totals", totals)

    def totals(self) -> dict[str, Any] | None:
        return self._recall("totals")

    def flagged_articles(
        self, state_db: Path
    ) -> list[tuple[tuple[str, ...], int, int, int, str, int]]:
        """(topics, listed, read, starred, story, story size) of every article with a read
        or star flag (story "" and size 1 when alone in its story)."""
        if not os.path.exists(state_db):
            return []
        try:
            with state_attached(self._db, state_db):
                rows = self._db.execute(
                    # From the flags (usually far fewer) to the files, by the article_id index.
                    "SELECT f.topics, f.published AND NOT f.deleted, s.read, s.starred, "
                    "coalesce(t.story, ''), coalesce(t.size, 1) FROM state.flags s "
                    "CROSS JOIN files f ON f.article_id = s.article_id "
                    "LEFT JOIN stories t ON t.article_id = f.article_id "
                    f"WHERE (s.read = 1 OR s.starred = 1) AND {FIRST_PATH_ONLY}"
                ).fetchall()
        except sqlite3.Error:
            return []
        return [(topics_of(topics), *flags) for topics, *flags in rows]

    def remember_signature(self, signature: str) -> None:
        """After a complete load: the digest of every file's stat (walk.file_stamp) under
        the root, as the index now holds them ("" when it does not hold them all)."""
        with contextlib.suppress(sqlite3.Error), self._db:
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('signature', ?)", (signature,))

    def unchanged_since_last_load(self, root: str) -> bool:
        """True when every file under `root` has the stat it had at the last complete load:
        none added, removed, renamed or edited (in place, or with its mtime put back).

        One stat per file (a fraction of a second at 100k); nothing is read.
        """
        from reader.watch import current_files_signature

        row = self._db.execute("SELECT value FROM meta WHERE key = 'signature'").fetchone()
        if row is None or not row[0]:
            return False
        return bool(current_files_signature([root], relative=True) == row[0])

    def query(
        self,
        *,
        sort: str,
        topic: str | None,
        unread_only: bool,
        show_unpublished: bool,
        limit: int | None,
        state_db: Path | None,
        stories: Collection[str] | None = None,
    ) -> list[tuple[Row, str, int]]:
        """The first `limit` rows of a list view, straight from SQL (for `reader list`),
        each with its story and the story's size (as the last grouping saved them); the
        order is query.sort_key's (see reader/indexquery.py)."""
        attached = False
        if unread_only and state_db is not None and os.path.exists(state_db):
            # Only read here; the state store stays the one writer of that database.
            self._db.execute("ATTACH DATABASE ? AS state", (str(state_db),))
            attached = True
        sql, parameters = list_sql(
            self._paths.columns,
            self._paths.prefix,
            sort=sort,
            topic=topic,
            unread_only=attached,
            show_unpublished=show_unpublished,
            limit=limit,
            stories=stories,
        )
        try:
            rows = self._db.execute(sql, parameters).fetchall()
            return [(self._paths.loaded(row[:COLUMNS]), row[-2], row[-1]) for row in rows]
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


def _storable(row: Row) -> Row:
    """`row` with any text SQLite can't store as UTF-8 made storable (the path is kept:
    indexpaths escapes it losslessly)."""
    return (  # type: ignore[return-value]
        row[0],
        *(
            value.encode("utf-8", "replace").decode("utf-8") if isinstance(value, str) else value
            for value in row[1:]
        ),
    )


def _reason(exc: BaseException) -> str:
    """An error as a short clause for a message (OSError's strerror, not its repr)."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower() if exc.strerror[:1].isupper() else exc.strerror
    return str(exc) or type(exc).__name__


def _delete(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{path}{suffix}")
