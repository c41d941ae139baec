"""The one view engine: which articles a view shows, in what order. Pure: no Textual.

Two sources answer the same question by the same rules:
- `MemorySource`, over a loaded corpus (the app, `reader list` when the index can't say);
- `IndexSource`, straight from the folders' indexes (the app's first screen, `reader
  list`), when the index is known to match the files; it answers None otherwise.

The rules: the view's sort (`query.sort_key`), then published/topic/unread/starred
(`shows`), then the search query. Of two files with the same identity the first path
is kept (as `Corpus.add` does).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from itertools import compress
from operator import attrgetter, not_
from pathlib import Path

from reader.model import Article
from reader.query import ALL, PSEUDO_TOPICS, STARRED, UNREAD, Sort, sort_key
from reader.search import Context, Query


@dataclass(frozen=True, slots=True)
class View:
    topic: str = ALL
    unread_only: bool = False
    show_unpublished: bool = False
    sort: Sort = Sort.HEAT

    @property
    def wants_unread(self) -> bool:
        return self.unread_only or self.topic == UNREAD


_article_id = attrgetter("id")


def shows(
    article: Article, view: View, read_ids: Collection[str], starred_ids: Collection[str]
) -> bool:
    """Does `view` show `article` (before the search)? The one place this rule lives."""
    return (
        (view.show_unpublished or article.published)
        and (view.topic in PSEUDO_TOPICS or view.topic in article.topics)
        and not (view.wants_unread and article.id in read_ids)
        and (view.topic != STARRED or article.id in starred_ids)
    )


def search(articles: list[Article], query: Query | None, context: Context) -> list[Article]:
    return articles if query is None or query.is_empty else query.filter(articles, context)


class MemorySource:
    """Views over a loaded corpus. Each topic's list is split out once per sort order and
    kept, so moving between topics is a lookup rather than a pass over every article."""

    def __init__(
        self, articles: Iterable[Article], orders: dict[Sort, list[Article]] | None = None
    ) -> None:
        self._articles = list(articles)
        self._sorted: dict[Sort, list[Article]] = dict(orders or {})
        self._by_topic: dict[tuple[Sort, bool], dict[str, list[Article]]] = {}

    def sorted(self, sort: Sort) -> list[Article]:
        if sort not in self._sorted:
            self._sorted[sort] = sorted(self._articles, key=sort_key(sort))
        return self._sorted[sort]

    def _topic_list(self, view: View) -> list[Article]:
        key = (view.sort, view.show_unpublished)
        by_topic = self._by_topic.get(key)
        if by_topic is None:
            everything: list[Article] = []
            by_topic = {ALL: everything}
            for article in self.sorted(view.sort):
                if view.show_unpublished or article.published:
                    everything.append(article)
                    for topic in article.topics:
                        by_topic.setdefault(topic, []).append(article)
            self._by_topic[key] = by_topic
        return by_topic.get(ALL if view.topic in PSEUDO_TOPICS else view.topic, [])

    def prepare(self, show_unpublished: bool, sorts: Iterable[Sort] = tuple(Sort)) -> None:
        """Split out every topic's list in these sort orders now (reader/prepared.py: the
        loader's thread does it, so the first switch to a sort costs the UI nothing)."""
        for sort in sorts:
            self._topic_list(View(sort=sort, show_unpublished=show_unpublished))

    def select(
        self,
        view: View,
        read_ids: Collection[str],
        starred_ids: Collection[str],
        query: Query | None = None,
        context: Context | None = None,
    ) -> list[Article]:
        """The view's articles in list order. Shared lists: nobody may change them."""
        articles = self._topic_list(view)
        # The topic list already holds only what `shows` lets through for the topic and
        # the unpublished setting; the flags are what is left of that rule, checked here
        # with C loops (a Python call per article cost ~50 ms at 100k).
        if view.wants_unread:
            read = map(read_ids.__contains__, map(_article_id, articles))
            articles = list(compress(articles, map(not_, read)))
        if view.topic == STARRED:
            starred = map(starred_ids.__contains__, map(_article_id, articles))
            articles = list(compress(articles, starred))
        return search(articles, query, context or Context(read_ids, starred_ids))


def select(
    articles: Iterable[Article],
    view: View,
    read_ids: Collection[str] = frozenset(),
    starred_ids: Collection[str] = frozenset(),
    query: Query | None = None,
    context: Context | None = None,
) -> list[Article]:
    """One view over some articles, without keeping anything (tests, small corpora)."""
    return MemorySource(articles).select(view, read_ids, starred_ids, query, context)


class IndexSource:
    """Views straight from the indexes of folders, when they can answer exactly."""

    def __init__(
        self, roots: Sequence[str], state_db: Path | None, *, folders_only: bool = False
    ) -> None:
        self.roots = list(roots)
        self.state_db = state_db
        # Trust the index when no folder changed (Index.folders_unchanged): for a first
        # screen that the full load corrects a moment later, not for `reader list`.
        self.folders_only = folders_only

    def usable(self) -> bool:
        """Every root a distinct folder with an index that matches its files."""
        from reader.index import index_path

        if not self.roots or not all(os.path.isdir(root) for root in self.roots):
            return False
        if len({os.path.realpath(root) for root in self.roots}) != len(self.roots):
            return False
        return all(os.path.exists(index_path(root)) for root in self.roots)

    def select(self, view: View, limit: int | None) -> list[Article] | None:
        """The first `limit` articles of `view`, or None if an index can't say.

        The starred pseudo-topic and searches need the flags or excerpts in memory: None.
        """
        from reader.index import Index, RowReader

        if view.topic == STARRED or not self.usable():
            return None
        rows = []
        for root in self.roots:
            index = Index.open(root)
            if index is None:
                return None
            try:
                fresh = (
                    index.folders_unchanged(root)
                    if self.folders_only
                    else index.unchanged_since_last_load(root)
                )
                if not fresh:
                    return None
                rows += index.query(
                    sort=view.sort.value,
                    topic=None if view.topic in PSEUDO_TOPICS else view.topic,
                    unread_only=view.wants_unread,
                    show_unpublished=view.show_unpublished,
                    limit=limit,
                    state_db=self.state_db,
                )
            except sqlite3.Error:  # the full load reads the files and says what went wrong
                return None
            finally:
                index.close()
        reader = RowReader()
        articles: list[Article] = []
        seen: set[str] = set()
        for row in sorted(rows, key=lambda r: r[0]):  # the first path wins, as in Corpus.add
            article = reader.article(row, keep_excerpt=False)
            if article is not None and article.id not in seen:
                seen.add(article.id)
                articles.append(article)
        articles.sort(key=sort_key(view.sort))
        return articles[:limit] if limit is not None else articles
