"""The fast paths of the view engine give what the one rule (views.shows) gives.

MemorySource filters unread/starred with C loops over lists already split by topic, and
the loader prepares those lists and the counts off the UI thread (reader/prepared.py):
each must agree with the plain rule applied article by article.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from reader.collection import Corpus
from reader.prepared import prepare
from reader.query import ALL, PSEUDO_TOPICS, STARRED, UNREAD, Counts, Sort, sort_key
from reader.updates import Flags
from reader.views import MemorySource, View, shows
from tests.unit.helpers import make_article

TOPICS = ("AI", "Chips", "Robotics", "ai")
START = datetime(2024, 1, 1, tzinfo=timezone.utc)

articles_strategy = st.lists(
    st.builds(
        lambda i, heat, quality, day, topics, published: make_article(
            f"a{i}",
            heat=heat,
            quality=quality,
            published_at=None if day is None else START + timedelta(days=day),
            topics=tuple(topics),
            published=published,
        ),
        st.integers(0, 10_000),
        st.none() | st.integers(-1, 100),
        st.none() | st.integers(0, 100),
        st.none() | st.integers(0, 30),
        st.lists(st.sampled_from(TOPICS), max_size=3, unique=True),
        st.booleans(),
    ),
    max_size=40,
    unique_by=lambda a: a.id,
)
views_strategy = st.builds(
    View,
    st.sampled_from((*PSEUDO_TOPICS, *TOPICS, "Nowhere")),
    st.booleans(),
    st.booleans(),
    st.sampled_from(tuple(Sort)),
)


def by_the_rule(articles: list, view: View, read: set[str], starred: set[str]) -> list:
    ordered = sorted(articles, key=sort_key(view.sort))
    return [a for a in ordered if shows(a, view, read, starred)]


@given(articles_strategy, views_strategy, st.data())
def test_select_is_the_rule_applied_to_each_article(articles, view, data) -> None:
    ids = [a.id for a in articles]
    read = set(data.draw(st.lists(st.sampled_from(ids)) if ids else st.just([])))
    starred = set(data.draw(st.lists(st.sampled_from(ids)) if ids else st.just([])))
    expected = by_the_rule(articles, view, read, starred)
    assert MemorySource(articles).select(view, read, starred) == expected
    ready = prepare(articles, Flags(read, starred), view.show_unpublished, [view.sort])
    assert ready.source.select(view, read, starred) == expected


@given(articles_strategy, st.booleans(), st.data())
def test_prepared_counts_are_used_only_for_the_flags_they_were_made_with(
    articles, show_unpublished, data
) -> None:
    ids = [a.id for a in articles]
    read = set(data.draw(st.lists(st.sampled_from(ids)) if ids else st.just([])))
    corpus = Corpus(("here",), {a.id: a for a in articles})
    fresh = Counts(articles, read, set(), show_unpublished)
    corpus.prepared = prepare(articles, Flags(set(read), set()), show_unpublished)
    made = dict(corpus.prepared.counts)
    counted = corpus.counts(read, set(), show_unpublished)
    assert counted is made[False]
    assert rows(counted) == rows(fresh)
    # Other flags, or the other unpublished setting: counted again, from the articles.
    for other_read, other_show in (
        (read | {"a-new"}, show_unpublished),
        (read, not show_unpublished),
    ):
        again = corpus.counts(other_read, set(), other_show, stories=True)
        assert again is not None and again is not made[True]
        expected = Counts(articles, other_read, set(), other_show, stories=True)
        assert rows(again) == rows(expected)
    # The loader's counts of stories, for the same flags; each handed out once (the
    # model keeps it up to date from then on), and never made if not asked to.
    stories = corpus.counts(read, set(), show_unpublished, stories=True)
    assert stories is made[True]
    assert rows(stories) == rows(Counts(articles, read, set(), show_unpublished, stories=True))
    assert corpus.counts(read, set(), show_unpublished, compute=False) is None


def rows(counts: Counts) -> list:
    return [counts.everything, counts.starred, *counts.per_topic()]


def test_the_corpus_hands_the_model_its_prepared_lists() -> None:
    articles = [make_article(f"a{i}", heat=i, topics=("AI",)) for i in range(5)]
    corpus = Corpus(("here",), {a.id: a for a in articles})
    assert corpus.view_source().select(View(topic="AI"), set(), set())[0].id == "a4"
    corpus.prepared = prepare(articles, Flags(), False)
    assert corpus.view_source() is corpus.prepared.source
    assert [a.id for a in corpus.view_source().select(View(ALL), set(), set())][:2] == ["a4", "a3"]
    assert corpus.view_source().select(View(UNREAD), {"a4"}, set())[0].id == "a3"
    assert corpus.view_source().select(View(STARRED), set(), {"a1"})[0].id == "a1"
