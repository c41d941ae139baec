"""Stories for a loaded corpus: grouped once, kept in the index, updated where files change.

- Files as the last grouping saw them (a warm start): the saved grouping is read back.
- A few files added, changed or removed (a live update): only their neighbourhood is
  regrouped: every article published within the window of a changed one, and every
  article of a story any of those is in; the rest of the saved grouping stands.
- Otherwise (a first read, many changes, other folders): the whole corpus is grouped.

Runs in the loader's thread, never on the UI's.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Collection, Iterator, Mapping
from datetime import datetime, timedelta

from reader.collection import Corpus
from reader.index import Index
from reader.indexrows import STORIES
from reader.model import estimated_heat
from reader.stories import (
    WINDOW_DAYS,
    Gathered,
    StoryInput,
    count_words,
    group,
    group_and_count,
)

# A live update regroups a neighbourhood only up to this many changed articles (and this
# share of the corpus); past that, regrouping everything is as quick and simpler.
NEIGHBOURHOOD_CHANGES = 2000
NEIGHBOURHOOD_SHARE = 0.05


def roots_key(corpus: Corpus) -> str:
    """Which folders a saved grouping covered: another set of folders is another corpus."""
    return "\0".join(sorted(corpus.roots))


def attach_stories(
    corpus: Corpus,
    indexes: Mapping[str, Index],
    fresh: Collection[str] = (),
    gathered: Gathered | None = None,
) -> None:
    """Give the corpus's articles their story, story size and estimated heat.

    `fresh`: ids of the articles read from their files in this load (new or changed);
    with a saved grouping of these folders, only their neighbourhood is regrouped.
    `gathered`: what grouping keeps of each article, if the load gathered it as it read
    the files (then no row is read twice).
    """
    if not STORIES:  # bench/stories_bench.py's baseline
        return
    stories = _stories(corpus, indexes, fresh, gathered)
    sizes = Counter(stories.values())
    articles = corpus.articles
    for article_id, story in stories.items():
        article = articles.get(article_id)
        if article is None:
            continue
        size = sizes[story]
        articles[article_id] = article._replace(
            story=story,
            story_size=size,
            estimated_heat=(
                estimated_heat(article.quality, article.related_count, size)
                if article.heat is None
                else None
            ),
        )


def _stories(
    corpus: Corpus,
    indexes: Mapping[str, Index],
    fresh: Collection[str],
    gathered: Gathered | None = None,
) -> dict[str, str]:
    signature, roots = corpus.files_signature, roots_key(corpus)
    saved = _saved(corpus, indexes)
    if saved is not None and saved[0] == signature and saved[1] == roots:
        return saved[2]
    present = corpus.articles
    if saved is not None and saved[1] == roots and indexes:
        previous = {i: s for i, s in saved[2].items() if i in present}
        gone = set(saved[2]) - set(previous)
        changed = {i for i in fresh if i in present} | gone
        limit = min(NEIGHBOURHOOD_CHANGES, NEIGHBOURHOOD_SHARE * max(len(present), 1))
        if len(changed) <= limit:
            try:
                return _regroup_neighbourhood(corpus, indexes, previous, changed, gone)
            except sqlite3.Error:
                pass  # the whole corpus then, from what can be read
    try:
        if gathered is not None:
            gathered.keep_only(corpus.articles)
        stories, counts = group_and_count(
            _CorpusSource(corpus, indexes), gathered=gathered, total=len(corpus.articles)
        )
    except sqlite3.Error:  # an index that fails now: no stories this time, nothing lost
        return {}
    for index in indexes.values():
        index.remember_stories(stories, signature, roots, word_counts=counts)
    return stories


def _saved(corpus: Corpus, indexes: Mapping[str, Index]) -> tuple[str, str, dict[str, str]] | None:
    """The grouping the indexes saved, if they all saved the same one."""
    if not indexes or set(indexes) != set(corpus.roots):
        return None  # a file named directly has no index to keep its story in
    found: tuple[str, str, dict[str, str]] | None = None
    for index in indexes.values():
        try:
            saved = index.saved_stories()
        except sqlite3.Error:
            return None
        if saved is None or (found is not None and saved[:2] != found[:2]):
            return None
        if found is None:
            found = saved
        else:
            found[2].update(saved[2])
    return found


class _CorpusSource:
    """The corpus's articles as grouping reads them (stories.Source): from the indexes, a
    row at a time, then those read without an index. Scanned once, never held."""

    def __init__(self, corpus: Corpus, indexes: Mapping[str, Index]) -> None:
        self.corpus, self.indexes = corpus, indexes

    def scan(self) -> Iterator[StoryInput]:
        articles, extra = self.corpus.articles, self.corpus.story_inputs
        seen: set[str] | None = set() if len(self.indexes) > 1 else None
        for index in self.indexes.values():
            for item in index.story_inputs():
                if item.id in articles and item.id not in extra:
                    if seen is not None:
                        if item.id in seen:
                            continue
                        seen.add(item.id)
                    yield item
        yield from extra.values()

    def fingerprints(self, ids: Collection[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for index in self.indexes.values():
            found.update((item.id, item.fingerprint) for item in index.story_inputs(ids))
        extra = self.corpus.story_inputs
        found.update((i, extra[i].fingerprint) for i in ids if i in extra)
        return found


def _inputs(corpus: Corpus, indexes: Mapping[str, Index], ids: Collection[str]) -> list[StoryInput]:
    """What grouping compares, for the corpus's articles in `ids` (a neighbourhood)."""
    found: dict[str, StoryInput] = {}
    for index in indexes.values():
        for item in index.story_inputs(ids):
            if item.id in corpus.articles:
                found.setdefault(item.id, item)
    for article_id, item in corpus.story_inputs.items():
        if article_id in ids:
            found[article_id] = item
    return list(found.values())


def _regroup_neighbourhood(
    corpus: Corpus,
    indexes: Mapping[str, Index],
    previous: dict[str, str],
    changed: set[str],
    gone: set[str],
) -> dict[str, str]:
    """The saved grouping, with the neighbourhood of `changed` regrouped (see module doc)."""
    articles = corpus.articles
    members: dict[str, list[str]] = {}
    for article_id, story in previous.items():
        members.setdefault(story, []).append(article_id)
    near: set[str] = {i for i in changed if i in articles}
    spans = _spans(
        sorted(
            when
            for i in changed
            if (article := articles.get(i)) is not None and (when := article.published_at)
        )
    )
    for low, high in spans:  # datetimes compared as they are: 100k in ~10 ms a span
        near.update(
            a.id for a in articles.values() if (when := a.published_at) and low <= when <= high
        )
    for article_id in list(near) + [i for i in changed if i in previous]:
        if (story_id := previous.get(article_id)) is not None:
            near.update(m for m in members[story_id] if m in articles)
    items = _inputs(corpus, indexes, near)
    index = next(iter(indexes.values()))
    counts = index.word_counts(count_words(items))
    regrouped = group(items, counts=counts, total=len(articles))
    stories = {i: s for i, s in previous.items() if i not in near}
    stories.update(regrouped)
    replaced = near | gone
    for each in indexes.values():
        each.remember_stories(stories, corpus.files_signature, roots_key(corpus), replaced=replaced)
    return stories


def _spans(moments: list[datetime]) -> list[tuple[datetime, datetime]]:
    """The times within the window of the (sorted) moments, as few spans as can be: new
    articles are mostly of the same few days."""
    window = timedelta(days=WINDOW_DAYS)
    spans: list[tuple[datetime, datetime]] = []
    for moment in moments:
        if spans and moment - window <= spans[-1][1]:
            spans[-1] = (spans[-1][0], moment + window)
        else:
            spans.append((moment - window, moment + window))
    return spans
