"""Sort orders and counts over article summaries. Pure and fast: no I/O.

Which articles a view shows lives in reader/views.py (the one view engine)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import StrEnum
from typing import Any

from reader.model import Article

ALL = "\x00all"  # sidebar pseudo-topics; NUL can't appear in a real topic
UNREAD = "\x00unread"
STARRED = "\x00starred"
PSEUDO_TOPICS = (ALL, UNREAD, STARRED)
LABELS = {ALL: "All", UNREAD: "Unread", STARRED: "Starred"}


def next_topic_with_unread(
    sidebar: Sequence[TopicCount], current: str, forward: bool
) -> str | None:
    """The next real topic after `current` in sidebar order (before it, going back) that
    has unread articles; from a pseudo-topic, only forward (from the first topic)."""
    topics = [row for row in sidebar if row.topic not in PSEUDO_TOPICS]
    names = [row.topic for row in topics]
    here = names.index(current) if current in names else -1
    if here < 0 and not forward:
        return None
    later = topics[here + 1 :] if forward else list(reversed(topics[:here]))
    return next((row.topic for row in later if row.unread), None)


def topic_label(topic: str) -> str:
    """How a topic is named on screen (the pseudo-topics by their labels)."""
    return LABELS.get(topic, topic)


_EPOCH = datetime(1, 1, 1, tzinfo=timezone.utc)


class Sort(StrEnum):
    HEAT = "heat"
    DATE = "date"
    QUALITY = "quality"

    @property
    def label(self) -> str:
        return {"heat": "hottest first", "date": "newest first", "quality": "best first"}[self]

    def next(self) -> Sort:
        members = list(Sort)
        return members[(members.index(self) + 1) % len(members)]


@dataclass(frozen=True, slots=True)
class TopicCount:
    topic: str
    total: int
    unread: int
    depth: int = 0  # under how many parent topics (an archive's taxonomy)
    short: str = ""  # the taxonomy's shortname, for a narrow sidebar
    description: str = ""


def _newest_first(article: Article) -> float:
    return -(article.published_at or _EPOCH).timestamp()


def sort_key(sort: Sort) -> Callable[[Article], Any]:
    """Key for `sorted`: the chosen number descending, missing last, then newest first."""
    if sort is Sort.DATE:
        return lambda a: (a.published_at is None, _newest_first(a), a.title, a.id)
    if sort is Sort.HEAT:  # the file's heat, else the archive's formula (estimated_heat)

        def by_heat(article: Article) -> tuple[bool, int, float, str, str]:
            value = article.heat if article.heat is not None else article.estimated_heat
            return (value is None, -(value or 0), _newest_first(article), article.title, article.id)

        return by_heat

    def by_quality(article: Article) -> tuple[bool, int, float, str, str]:
        value = article.quality
        return (value is None, -(value or 0), _newest_first(article), article.title, article.id)

    return by_quality


def sort_articles(articles: Iterable[Article], sort: Sort) -> list[Article]:
    return sorted(articles, key=sort_key(sort))


def topic_counts(
    articles: Iterable[Article], read_ids: Collection[str], show_unpublished: bool = False
) -> tuple[TopicCount, list[TopicCount]]:
    """(the count over everything, one count per topic sorted by name)."""
    counts = Counts(articles, read_ids, frozenset(), show_unpublished)
    return counts.everything, counts.per_topic()


class Counts:
    """Total/unread per topic, kept up to date one mark at a time (no full recount).

    In a view of stories (`stories`), what is counted is stories: a story counts once in
    each topic any of its (shown) articles has, and is unread there while any of those
    articles is unread.
    """

    def __init__(
        self,
        articles: Iterable[Article],
        read_ids: Collection[str],
        starred_ids: Collection[str],
        show_unpublished: bool,
        stories: bool = False,
    ) -> None:
        self.show_unpublished = show_unpublished
        self.stories = stories
        self._total: Counter[str] = Counter()
        self._unread: Counter[str] = Counter()
        # (topic, story) → unread articles of the story with that topic: only for
        # articles that share a story, and only when counting stories.
        self._story_unread: Counter[tuple[str, str]] = Counter()
        self.starred_total = self.starred_unread = 0
        self.unpublished = 0  # hidden or not: the status line says how many there are
        self.deleted = 0  # of those, how many are hidden for `deleted: true`
        self.articles = 0  # counted articles (in a view of stories, `everything` is stories)
        for article in articles:
            if not article.listed:
                self.unpublished += 1
                self.deleted += article.deleted
                if not show_unpublished:
                    continue
            self.articles += 1
            is_unread = article.id not in read_ids
            story = article.story if stories else ""
            for topic in (ALL, *article.topics):
                if story:
                    key = (topic, story)
                    first = key not in self._story_unread
                    before = self._story_unread[key]
                    self._story_unread[key] = before + is_unread
                    self._total[topic] += first
                    self._unread[topic] += is_unread and before == 0
                else:
                    self._total[topic] += 1
                    self._unread[topic] += is_unread
            if article.id in starred_ids:
                self.starred_total += 1
                self.starred_unread += is_unread
        # Sorted once: the topic set is fixed for the life of these counts, and sorting
        # 200k topic names on every mark cost 0.5 s a key.
        self._topics = sorted((t for t in self._total if t != ALL), key=lambda t: (t.casefold(), t))
        self._rows: list[TopicCount] | None = None
        self._row_of = {topic: index for index, topic in enumerate(self._topics)}

    def _counted(self, article: Article) -> bool:
        return self.show_unpublished or article.listed

    def read_changed(self, article: Article, read: bool, starred: bool) -> None:
        if not self._counted(article):
            return
        step = -1 if read else 1
        story = article.story if self.stories else ""
        for topic in (ALL, *article.topics):
            if story:
                key = (topic, story)
                before = self._story_unread[key]
                self._story_unread[key] = before + step
                if (before == 0) != (before + step == 0):  # the story's unread state moved
                    self._unread[topic] += step
            else:
                self._unread[topic] += step
        if self._rows is not None:  # only this article's topics move
            for topic in article.topics:
                index = self._row_of[topic]
                self._rows[index] = TopicCount(topic, self._total[topic], self._unread[topic])
        if starred:
            self.starred_unread += step

    def star_changed(self, article: Article, starred: bool, read: bool) -> None:
        if not self._counted(article):
            return
        step = 1 if starred else -1
        self.starred_total += step
        self.starred_unread += step * (not read)

    @property
    def everything(self) -> TopicCount:
        return TopicCount(ALL, self._total[ALL], self._unread[ALL])

    @property
    def starred(self) -> TopicCount:
        return TopicCount(STARRED, self.starred_total, self.starred_unread)

    def per_topic(self) -> list[TopicCount]:
        """One count per topic, sorted by name (a new list; the caller may keep it)."""
        if self._rows is None:
            self._rows = [TopicCount(t, self._total[t], self._unread[t]) for t in self._topics]
        return list(self._rows)
