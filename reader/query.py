"""Filter, sort and count article summaries. Pure and fast: no I/O."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import StrEnum

from reader.model import Article

ALL = "\x00all"  # sidebar pseudo-topics; NUL can't appear in a real topic
UNREAD = "\x00unread"
_EPOCH = datetime(1, 1, 1, tzinfo=timezone.utc)


class Sort(StrEnum):
    HEAT = "heat"
    DATE = "date"
    QUALITY = "quality"


@dataclass(frozen=True, slots=True)
class View:
    topic: str = ALL
    unread_only: bool = False
    show_unpublished: bool = False
    sort: Sort = Sort.HEAT


@dataclass(frozen=True, slots=True)
class TopicCount:
    topic: str
    total: int
    unread: int


def _newest_first(article: Article) -> float:
    return -(article.published_at or _EPOCH).timestamp()


def sort_key(sort: Sort):  # type: ignore[no-untyped-def]
    """Key for `sorted`: the chosen number descending, missing last, then newest first."""
    if sort is Sort.DATE:
        return lambda a: (a.published_at is None, _newest_first(a), a.title)
    attribute = "heat" if sort is Sort.HEAT else "quality"

    def key(article: Article) -> tuple[bool, int, float, str]:
        value = getattr(article, attribute)
        return (value is None, -(value or 0), _newest_first(article), article.title)

    return key


def select(articles: Iterable[Article], read_ids: Collection[str], view: View) -> list[Article]:
    """The articles a view shows, in list order."""
    chosen = [
        a
        for a in articles
        if (view.show_unpublished or a.published)
        and (view.topic == ALL or view.topic == UNREAD or view.topic in a.topics)
        and not ((view.unread_only or view.topic == UNREAD) and a.id in read_ids)
    ]
    chosen.sort(key=sort_key(view.sort))
    return chosen


def topic_counts(
    articles: Iterable[Article], read_ids: Collection[str], show_unpublished: bool = False
) -> tuple[TopicCount, list[TopicCount]]:
    """(the count over everything, one count per topic sorted by name)."""
    totals: Counter[str] = Counter()
    unread: Counter[str] = Counter()
    all_total = all_unread = 0
    for article in articles:
        if not (show_unpublished or article.published):
            continue
        is_unread = article.id not in read_ids
        all_total += 1
        all_unread += is_unread
        for topic in article.topics:
            totals[topic] += 1
            unread[topic] += is_unread
    per_topic = [
        TopicCount(topic, totals[topic], unread[topic])
        for topic in sorted(totals, key=lambda t: (t.casefold(), t))
    ]
    return TopicCount(ALL, all_total, all_unread), per_topic
