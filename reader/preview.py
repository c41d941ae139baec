"""The first screen of a big folder, straight from its index, before the full load.

A warm start at 100k articles spends most of a second turning index rows into article
summaries. The first screen needs far less: the top rows of the current view (one SQL
query) and the sidebar counts (totals saved by the last load, minus what is read). The
app shows this at once and swaps in the full corpus when it arrives.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

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


def totals_for(counts_all: Counts, counts_published: Counts) -> dict[str, object]:
    """What the index keeps so `preview` can count without loading (see Index.totals)."""
    return {
        "all": {c.topic: c.total for c in [counts_all.everything, *counts_all.per_topic()]},
        "published": {
            c.topic: c.total for c in [counts_published.everything, *counts_published.per_topic()]
        },
    }


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
    finally:
        index.close()
    scope = totals.get("all" if view.show_unpublished else "published") if totals else None
    if not isinstance(scope, dict):
        return None
    read: Counter[str] = Counter()
    starred_total = starred_unread = 0
    for topics, published, is_read, is_starred in flagged:
        if not (published or view.show_unpublished):
            continue
        if is_read:
            read[ALL] += 1
            read.update(topics)
        if is_starred:
            starred_total += 1
            starred_unread += not is_read
    total_all = int(scope.get(ALL, 0))
    names = sorted((t for t in scope if t != ALL), key=lambda t: (t.casefold(), t))
    per_topic = [TopicCount(t, int(scope[t]), int(scope[t]) - read[t]) for t in names]
    return Preview(
        articles=articles,
        everything=TopicCount(ALL, total_all, total_all - read[ALL]),
        starred=TopicCount(STARRED, starred_total, starred_unread),
        per_topic=per_topic,
    )
