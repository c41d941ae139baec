"""The one view engine: which articles a view shows, in what order. Pure: no Textual.

Two sources answer the same question by the same rules:
- `MemorySource`, over a loaded corpus (the app, `reader list` when the index can't say);
- `IndexSource`, straight from the folders' indexes (the app's first screen, `reader
  list`), when the index is known to match the files; it answers None otherwise.

The rules: the view's sort (`query.sort_key`), then published/topic/unread/starred
(`shows`), then the search query, then, in a view of stories, one row per story: its
lead among the articles still there (`collapse`). Of two files with the same identity
the first path is kept (as `Corpus.add` does).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
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
    stories: bool = False  # one row per story (its lead) rather than one per article

    @property
    def wants_unread(self) -> bool:
        return self.unread_only or self.topic == UNREAD


LeadKey = tuple[bool, int, bool, int, bool, float, str]


def lead_key(article: Article) -> LeadKey:
    """A story's lead comes first: highest heat (the file's, else estimated), then
    quality, then the earliest published (the first report), then the id."""
    heat, quality, when = article.sort_heat, article.quality, article.published_at
    return (
        heat is None,
        -(heat or 0),
        quality is None,
        -(quality or 0),
        when is None,
        when.timestamp() if when is not None else 0.0,
        article.id,
    )


def collapse(articles: Sequence[Article]) -> list[Article]:
    """One row per story, in the order given: the story's lead among `articles`."""
    leads: dict[str, tuple[LeadKey, Article]] = {}  # (each lead's key made once)
    for article in articles:
        story = article.story
        if story:
            key = lead_key(article)
            held = leads.get(story)
            if held is None or key < held[0]:
                leads[story] = (key, article)
    if not leads:
        return list(articles)
    return [a for a in articles if not a.story or leads[a.story][1] is a]


_article_id = attrgetter("id")


def shows(
    article: Article, view: View, read_ids: Collection[str], starred_ids: Collection[str]
) -> bool:
    """Does `view` show `article` (before the search)? The one place this rule lives."""
    return (
        (view.show_unpublished or article.listed)
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
        self._collapsed: dict[tuple[Sort, bool, str], list[Article]] = {}

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
                if view.show_unpublished or article.listed:
                    everything.append(article)
                    for topic in article.topics:
                        by_topic.setdefault(topic, []).append(article)
            self._by_topic[key] = by_topic
        return by_topic.get(ALL if view.topic in PSEUDO_TOPICS else view.topic, [])

    def prepare(
        self, show_unpublished: bool, sorts: Iterable[Sort] = tuple(Sort), stories: bool = True
    ) -> None:
        """Split out every topic's list in these sort orders now, collapsed to stories too
        (reader/prepared.py: the loader's thread does it, so the first switch to a sort or
        to stories costs the UI nothing)."""
        for sort in sorts:
            view = View(sort=sort, show_unpublished=show_unpublished)
            self._topic_list(view)
            if stories:  # and one row per story, the default mode's lists
                for topic in self._by_topic[(sort, show_unpublished)]:
                    self.select(replace(view, topic=topic, stories=True), (), ())

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
        filtered = view.wants_unread or view.topic == STARRED
        if view.wants_unread:
            read = map(read_ids.__contains__, map(_article_id, articles))
            articles = list(compress(articles, map(not_, read)))
        if view.topic == STARRED:
            starred = map(starred_ids.__contains__, map(_article_id, articles))
            articles = list(compress(articles, starred))
        searching = query is not None and not query.is_empty
        if searching:
            articles = search(articles, query, context or Context(read_ids, starred_ids))
        if not view.stories:
            return articles
        if filtered or searching:
            return collapse(articles)
        key = (view.sort, view.show_unpublished, view.topic)  # the same for every call
        collapsed = self._collapsed.get(key)
        if collapsed is None:
            collapsed = self._collapsed[key] = collapse(articles)
        return collapsed


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
        self._checked: set[str] = set()

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
        A view of stories reads the first rows, then every article of their stories, to
        know which row is its story's lead; more rows if too few were leads.
        """
        if view.topic == STARRED or not self.usable():
            return None
        self._checked = set()  # roots found fresh (a stat per file: once a call, not per query)
        if not view.stories:
            return self._articles(view, limit)
        fetch = None if limit is None else limit * 4
        while True:
            articles = self._articles(view, fetch)
            if articles is None:
                return None
            stories = {a.story for a in articles if a.story}
            members = self._articles(view, None, stories) if stories else []
            if members is None:
                return None
            leads = {a.story: a for a in collapse(members)}
            kept = [a for a in articles if not a.story or leads[a.story].id == a.id]
            if fetch is None or limit is None or len(kept) >= limit or len(articles) < fetch:
                return kept[:limit] if limit is not None else kept
            fetch *= 4

    def _articles(
        self, view: View, limit: int | None, stories: Collection[str] | None = None
    ) -> list[Article] | None:
        """The first `limit` articles of `view` (of these stories), one per article."""
        from reader.index import Index, RowReader

        rows = []
        for root in self.roots:
            index = Index.open(root)
            if index is None:
                return None
            try:
                # The grouping saved must be of this folder alone (roots_key).
                fresh = root in self._checked or (
                    index.folders_unchanged(root)
                    if self.folders_only
                    else index.unchanged_since_last_load(root)
                )
                if not fresh or not index.stories_cover(root):
                    return None
                self._checked.add(root)
                rows += index.query(
                    sort=view.sort.value,
                    topic=None if view.topic in PSEUDO_TOPICS else view.topic,
                    unread_only=view.wants_unread,
                    show_unpublished=view.show_unpublished,
                    limit=limit,
                    state_db=self.state_db,
                    stories=stories,
                )
            except sqlite3.Error:  # the full load reads the files and says what went wrong
                return None
            finally:
                index.close()
        reader = RowReader()
        articles: list[Article] = []
        seen: set[str] = set()
        # The first path wins, as in Corpus.add.
        for row, story, size in sorted(rows, key=lambda r: r[0][0]):
            article = reader.article(row, keep_excerpt=False, story=story, story_size=size)
            if article is not None and article.id not in seen:
                seen.add(article.id)
                articles.append(article)
        articles.sort(key=sort_key(view.sort))
        return articles[:limit] if limit is not None else articles
