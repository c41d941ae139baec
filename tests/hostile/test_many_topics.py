"""Many topics: a mark updates only its article's topic counts, and they stay exact."""

from __future__ import annotations

import random

from reader.query import Counts
from reader.reading import ReadingModel
from reader.updates import Flags
from tests.unit.test_reading import art, corpus


def test_counts_kept_one_mark_at_a_time_equal_a_fresh_count() -> None:
    rng = random.Random(7)
    articles = [
        art(f"a{n}", n, tuple(rng.sample(["Zeta", "alpha", "Beta", "beta", "ω"], k=2)))
        for n in range(60)
    ]
    read: set[str] = set()
    counts = Counts(articles, read, set(), show_unpublished=False)
    counts.per_topic()  # build the rows first, so the marks below update them in place
    for _ in range(200):
        article = rng.choice(articles)
        now_read = article.id not in read
        (read.add if now_read else read.discard)(article.id)
        counts.read_changed(article, now_read, starred=False)
        fresh = Counts(articles, read, set(), show_unpublished=False)
        assert counts.per_topic() == fresh.per_topic()
        assert counts.everything == fresh.everything
    assert [row.topic for row in counts.per_topic()] == ["alpha", "Beta", "beta", "Zeta", "ω"]


def test_the_rows_handed_out_are_not_changed_by_later_marks() -> None:
    articles = [art("a1", 1, ("T",)), art("a2", 2, ("T",))]
    counts = Counts(articles, set(), set(), show_unpublished=False)
    before = counts.per_topic()
    counts.read_changed(articles[0], True, starred=False)
    assert before[0].unread == 2
    assert counts.per_topic()[0].unread == 1


def test_a_mark_among_many_topics_moves_only_that_topic() -> None:
    articles = tuple(art(f"x{n}", n, (f"topic {n:05}",)) for n in range(20_000))
    model = ReadingModel(Flags())
    model.corpus_loaded(corpus(articles), partial=False)
    update = model.toggle_read("x123")
    assert update.sidebar is not None
    by_topic = {row.topic: row for row in update.sidebar}
    assert by_topic["topic 00123"].unread == 0
    assert by_topic["topic 00124"].unread == 1
    assert len(update.sidebar) == 20_000 + 3  # All, Unread, Starred, then every topic
