"""The first screen of a big folder, straight from its index, before the full load.

A warm start at 100k articles spends most of a second turning index rows into article
summaries. The first screen needs far less: the top rows of the current view (one SQL
query) and the sidebar counts (totals saved by the last load, minus what is read). The
app shows this at once and swaps in the full corpus when it arrives.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from reader.archive import EMPTY, Taxonomy, load_taxonomy
from reader.index import Index
from reader.model import Article
from reader.query import ALL, STARRED, Counts, TopicCount
from reader.views import IndexSource, View


@dataclass(frozen=True, slots=True)
class Preview:
    articles: list[Article]  # the first rows of the view, in list order
    everything: TopicCount
    starred: TopicCount
    per_topic: list[TopicCount]
    taxonomy: Taxonomy = EMPTY


def totals_for(articles: Collection[Article]) -> dict[str, object]:
    """What the index keeps so `preview` can count without loading (see Index.totals):
    per topic, how many articles, and how many stories, with hidden ones and without."""
    totals: dict[str, object] = {}
    grouped = [a for a in articles if a.story]  # (stories only from what they group)
    for everything in (True, False):
        counts = Counts(articles, (), (), everything)
        plain = {c.topic: c.total for c in [counts.everything, *counts.per_topic()]}
        totals[_scope(everything, False)] = plain
        # A story is one in each topic: its articles with the topic, less all but one.
        shared = Counter(
            (topic, a.story)
            for a in grouped
            if everything or a.listed
            for topic in (ALL, *a.topics)
        )
        stories = dict(plain)
        for (topic, _story), members in shared.items():
            stories[topic] -= members - 1
        totals[_scope(everything, True)] = stories
    return totals


def _scope(show_unpublished: bool, stories: bool) -> str:
    return ("stories-" if stories else "") + ("all" if show_unpublished else "published")


def preview(root: str, view: View, state_db: Path | None, limit: int = 200) -> Preview | None:
    """The first screen of `view` over the folder `root`, or None if the index can't say."""
    # The one view engine; a stat per folder (not per file) says the index still holds
    # every file (Index.folders_unchanged): 0.7 s less at 100k files.
    articles = IndexSource([root], state_db, folders_only=True).select(view, limit)
    if articles is None:
        return None
    index = Index.open(root)
    if index is None:
        return None
    try:
        totals = index.totals()
        flagged = index.flagged_articles(state_db) if state_db is not None else []
        scope = totals.get(_scope(view.show_unpublished, view.stories)) if totals else None
        if not isinstance(scope, dict):
            return None
        read: Counter[str] = Counter()
        starred_total = starred_unread = 0
        stories_read: set[str] = set()  # stories with a read article: counted below
        for topics, listed, is_read, is_starred, story, _size in flagged:
            if not (listed or view.show_unpublished):
                continue
            if is_read:
                if view.stories and story:
                    stories_read.add(story)
                else:
                    read[ALL] += 1
                    read.update(topics)
            if is_starred:
                starred_total += 1
                starred_unread += not is_read
        if stories_read and state_db is not None:
            read.update(_stories_read(index.story_members(stories_read, state_db), view))
    finally:
        index.close()
    total_all = int(scope.get(ALL, 0))
    names = sorted((t for t in scope if t != ALL), key=lambda t: (t.casefold(), t))
    per_topic = [TopicCount(t, int(scope[t]), int(scope[t]) - read[t]) for t in names]
    return Preview(
        articles=articles,
        everything=TopicCount(ALL, total_all, total_all - read[ALL]),
        starred=TopicCount(STARRED, starred_total, starred_unread),
        per_topic=per_topic,
        taxonomy=load_taxonomy([root]),
    )


def _stories_read(members: list[tuple[str, tuple[str, ...], int, int]], view: View) -> Counter[str]:
    """In how many stories, per topic, every shown article with that topic is read: a
    story counts once in each topic any of its articles has, unread while one of those
    is. `members`: (story, topics, listed, read) of every article of the stories."""
    unread: dict[str, set[str]] = {}  # story → the topics it is unread in
    shown: dict[str, set[str]] = {}  # story → its topics (and ALL)
    for story, topics, listed, is_read in members:
        if not (listed or view.show_unpublished):
            continue
        own = {ALL, *topics}
        shown.setdefault(story, set()).update(own)
        if not is_read:
            unread.setdefault(story, set()).update(own)
    read: Counter[str] = Counter()
    for story, covered in shown.items():
        read.update(covered - unread.get(story, set()))
    return read
