"""The index's part in story grouping: the inputs, the saved grouping, word counts.

Grouping (reader/stories.py) runs over the whole corpus once and is saved here with the
files signature it was made for, so a warm start reads it back. A live update regroups
only the neighbourhood of what changed: for that it needs how many articles use each
word across the whole corpus, which is saved here too (words used once are left out:
a missing word counts as used once).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections import Counter
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path

from reader.indexrows import topics_of
from reader.stories import StoryInput

STORIES_SCHEMA = """
CREATE TABLE IF NOT EXISTS stories (
    article_id TEXT PRIMARY KEY,
    story TEXT NOT NULL,
    size INTEGER NOT NULL  -- articles in the story (the list's heat order needs it in SQL)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS story_words (
    word TEXT PRIMARY KEY,
    articles INTEGER NOT NULL
) WITHOUT ROWID;
"""
_INPUT_COLUMNS = "f.article_id, f.story_terms, f.published_ts, f.related_ids"
# Of several files with one identity, only the first path counts (as in Corpus.add). The
# `files_by_article` index turns the subquery into a lookup; most ids are unique.
FIRST_PATH_ONLY = (
    "(NOT EXISTS (SELECT 1 FROM files d WHERE d.article_id = f.article_id AND d.path != f.path) "
    "OR f.path = (SELECT min(g.path) FROM files g WHERE g.article_id = f.article_id))"
)
_CHUNK = 900  # host parameters per statement (SQLite's default limit is 999)


class StoriesTable:
    """Mixed into Index: reads its `files` rows and keeps the grouping tables."""

    _db: sqlite3.Connection

    def story_inputs(self, ids: Collection[str] | None = None) -> Iterator[StoryInput]:
        """What grouping compares, for every article (or the ones in `ids`)."""
        if ids is None:  # in rowid order, the same each time: grouping reads this twice
            rows: Iterator[tuple[str, str, float | None, str]] = self._db.execute(
                f"SELECT {_INPUT_COLUMNS} FROM files f "
                f"WHERE f.article_id IS NOT NULL AND {FIRST_PATH_ONLY} ORDER BY f.rowid"
            )
            yield from map(_input, rows)
            return
        wanted = list(ids)
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            rows = self._db.execute(
                f"SELECT {_INPUT_COLUMNS} FROM files f "
                f"WHERE f.article_id IN ({', '.join('?' * len(chunk))}) AND {FIRST_PATH_ONLY}",
                chunk,
            )
            yield from (_input(row) for row in rows)

    def saved_stories(self) -> tuple[str, str, dict[str, str]] | None:
        """(the files signature it was made for, the roots it covered, article id → story
        id) of the last grouping saved, if any."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'stories'").fetchone()
        if row is None:
            return None
        try:
            signature, roots = json.loads(row[0])
        except (ValueError, TypeError):
            return None
        if not isinstance(signature, str) or not isinstance(roots, str):
            return None
        return signature, roots, dict(self._db.execute("SELECT article_id, story FROM stories"))

    def stories_cover(self, roots: str) -> bool:
        """Is the saved grouping the one of exactly these folders (storygroups.roots_key)?"""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'stories'").fetchone()
        try:
            return row is not None and json.loads(row[0])[1] == roots
        except (ValueError, TypeError, IndexError, KeyError):
            return False

    def word_counts(self, words: Collection[str]) -> dict[str, int]:
        """How many articles of the grouped corpus use each of `words` (those used by
        one only are not kept: missing means one)."""
        # One JSON list, not a statement per 900 words with a parameter each (~3x faster).
        return dict(
            self._db.execute(
                "SELECT word, articles FROM story_words "
                "WHERE word IN (SELECT value FROM json_each(?))",
                (json.dumps(list(words), ensure_ascii=False),),
            )
        )

    def remember_stories(
        self,
        stories: Mapping[str, str],
        signature: str,
        roots: str,
        *,
        word_counts: Mapping[str, int] | None = None,
        replaced: Collection[str] = (),
    ) -> None:
        """Keep a grouping for the next start. `replaced`: only these articles' stories
        changed (the rest of the saved grouping stands); else all of it is new. Word counts
        are replaced when given. Failing to save only costs a regrouping."""
        with contextlib.suppress(sqlite3.Error), self._db:
            sizes = Counter(stories.values())
            if replaced:
                gone = list(replaced)
                for start in range(0, len(gone), _CHUNK):
                    chunk = gone[start : start + _CHUNK]
                    self._db.execute(
                        f"DELETE FROM stories WHERE article_id IN ({', '.join('?' * len(chunk))})",
                        chunk,
                    )
                rows = ((i, stories[i], sizes[stories[i]]) for i in replaced if i in stories)
            else:
                self._db.execute("DELETE FROM stories")
                rows = ((i, story, sizes[story]) for i, story in stories.items())
            self._db.executemany("INSERT OR REPLACE INTO stories VALUES (?, ?, ?)", rows)
            if word_counts is not None:
                self._db.execute("DELETE FROM story_words")
                self._db.executemany(
                    "INSERT INTO story_words VALUES (?, ?)",
                    ((word, count) for word, count in word_counts.items() if count > 1),
                )
            self._db.execute(
                "INSERT OR REPLACE INTO meta VALUES ('stories', ?)",
                (json.dumps([signature, roots]),),
            )

    def story_members(
        self, stories: Collection[str], state_db: Path
    ) -> list[tuple[str, tuple[str, ...], int, int]]:
        """(story, topics, listed, read) of every article of these stories."""
        try:
            with state_attached(self._db, state_db):
                rows = self._db.execute(
                    "SELECT t.story, f.topics, f.published AND NOT f.deleted, "
                    "coalesce(s.read, 0) FROM stories t "
                    "CROSS JOIN files f ON f.article_id = t.article_id "
                    "LEFT JOIN state.flags s ON s.article_id = f.article_id "
                    f"WHERE t.story IN (SELECT value FROM json_each(?)) AND {FIRST_PATH_ONLY}",
                    (json.dumps(sorted(stories)),),
                ).fetchall()
        except sqlite3.Error:
            return []
        return [(story, topics_of(topics), *flags) for story, topics, *flags in rows]

    def forget_stories(self) -> None:
        with contextlib.suppress(sqlite3.Error), self._db:
            self._db.execute("DELETE FROM meta WHERE key = 'stories'")


_input = StoryInput._make


@contextlib.contextmanager
def state_attached(db: sqlite3.Connection, state_db: Path) -> Iterator[None]:
    """The state database attached as `state`, read only here (the state store stays
    its one writer), for as long as the block runs."""
    db.execute("ATTACH DATABASE ? AS state", (str(state_db),))
    try:
        yield
    finally:
        db.execute("DETACH DATABASE state")
