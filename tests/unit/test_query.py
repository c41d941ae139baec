"""Sorting, filtering and counting article summaries (query.py)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest

from reader.query import ALL, UNREAD, Sort, TopicCount, sort_key, topic_counts
from reader.views import View, select
from tests.unit.helpers import make_article

BASE = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)


def days_ago(days: float) -> datetime:
    return BASE - timedelta(days=days)


def ids(articles) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.id for a in articles]


def shuffled(items: list, seed: int = 7) -> list:  # type: ignore[type-arg]
    copy = list(items)
    random.Random(seed).shuffle(copy)
    return copy


# -- heat sort ---------------------------------------------------------------------------


def test_heat_sorts_descending_with_missing_heat_after_every_number() -> None:
    articles = [
        make_article("none", heat=None, published_at=days_ago(0)),
        make_article("minus", heat=-1, published_at=days_ago(5)),
        make_article("zero", heat=0, published_at=days_ago(5)),
        make_article("hot", heat=97, published_at=days_ago(5)),
        make_article("warm", heat=40, published_at=days_ago(5)),
    ]
    for seed in range(5):
        assert ids(select(shuffled(articles, seed), View(), set())) == [
            "hot",
            "warm",
            "zero",
            "minus",
            "none",
        ]


def test_missing_heat_sorts_after_minus_one_even_when_newer() -> None:
    newest_no_heat = make_article("no-heat", heat=None, published_at=days_ago(0))
    old_minus_one = make_article("minus-one", heat=-1, published_at=days_ago(900))
    assert ids(sorted([newest_no_heat, old_minus_one], key=sort_key(Sort.HEAT))) == [
        "minus-one",
        "no-heat",
    ]


def test_heat_ties_are_newest_first_with_missing_dates_last() -> None:
    articles = [
        make_article("undated", heat=50, published_at=None),
        make_article("old", heat=50, published_at=days_ago(10)),
        make_article("new", heat=50, published_at=days_ago(1)),
        make_article("mid", heat=50, published_at=days_ago(3)),
        make_article("hotter-undated", heat=60, published_at=None),
    ]
    assert ids(select(shuffled(articles), View(sort=Sort.HEAT), set())) == [
        "hotter-undated",
        "new",
        "mid",
        "old",
        "undated",
    ]


def test_missing_heat_group_is_also_newest_first() -> None:
    articles = [
        make_article("a", heat=None, published_at=days_ago(9)),
        make_article("b", heat=None, published_at=None),
        make_article("c", heat=None, published_at=days_ago(2)),
    ]
    assert ids(select(articles, View(), set())) == ["c", "a", "b"]


def test_order_is_total_and_independent_of_input_order() -> None:
    articles = [
        make_article(f"id{i}", heat=i % 3 if i % 4 else None, published_at=days_ago(i % 2))
        for i in range(30)
    ]
    expected = ids(select(articles, View(), set()))
    for seed in range(10):
        assert ids(select(shuffled(articles, seed), View(), set())) == expected


def test_old_dates_before_1970_still_sort_by_date() -> None:
    old = make_article("1950", heat=1, published_at=datetime(1950, 1, 1, tzinfo=timezone.utc))
    older = make_article("1901", heat=1, published_at=datetime(1901, 1, 1, tzinfo=timezone.utc))
    undated = make_article("undated", heat=1)
    assert ids(select([undated, older, old], View(), set())) == ["1950", "1901", "undated"]


# -- date and quality sorts -----------------------------------------------------------------


def test_date_sort_is_newest_first_with_missing_dates_last() -> None:
    articles = [
        make_article("undated", heat=99),
        make_article("old", heat=90, published_at=days_ago(30)),
        make_article("new", heat=1, published_at=days_ago(0.5)),
        make_article("mid", heat=None, published_at=days_ago(2)),
    ]
    assert ids(select(shuffled(articles), View(sort=Sort.DATE), set())) == [
        "new",
        "mid",
        "old",
        "undated",
    ]


def test_quality_sort_is_descending_with_missing_quality_last() -> None:
    articles = [
        make_article("q-none", quality=None, heat=100, published_at=days_ago(0)),
        make_article("q10", quality=10, published_at=days_ago(1)),
        make_article("q80-old", quality=80, published_at=days_ago(5)),
        make_article("q80-new", quality=80, published_at=days_ago(1)),
        make_article("q-minus", quality=-1, published_at=days_ago(1)),
    ]
    assert ids(select(shuffled(articles), View(sort=Sort.QUALITY), set())) == [
        "q80-new",
        "q80-old",
        "q10",
        "q-minus",
        "q-none",
    ]


def test_sort_values_parse_from_their_names() -> None:
    assert [Sort(name) for name in ("heat", "date", "quality")] == [
        Sort.HEAT,
        Sort.DATE,
        Sort.QUALITY,
    ]


# -- filters -----------------------------------------------------------------------------

SAMPLE = [
    make_article("ai-1", heat=90, topics=("AI", "Robotics")),
    make_article("ai-2", heat=80, topics=("AI",)),
    make_article("robot", heat=70, topics=("Robotics",)),
    make_article("plain", heat=60, topics=()),
    make_article("draft", heat=95, topics=("AI",), published=False),
]


def test_all_shows_every_published_article() -> None:
    assert ids(select(SAMPLE, View(topic=ALL), set())) == ["ai-1", "ai-2", "robot", "plain"]


def test_topic_filter_keeps_only_that_topic() -> None:
    assert ids(select(SAMPLE, View(topic="Robotics"), set())) == ["ai-1", "robot"]
    assert ids(select(SAMPLE, View(topic="AI"), set())) == ["ai-1", "ai-2"]
    assert select(SAMPLE, View(topic="Nobody writes about this"), set()) == []


def test_topic_filter_is_exact() -> None:
    assert select(SAMPLE, View(topic="ai"), set()) == []
    assert select(SAMPLE, View(topic="Robot"), set()) == []


def test_unread_filter_hides_read_articles() -> None:
    read = {"ai-1", "plain"}
    assert ids(select(SAMPLE, View(unread_only=True), read)) == ["ai-2", "robot"]
    assert ids(select(SAMPLE, View(unread_only=False), read)) == ["ai-1", "ai-2", "robot", "plain"]


def test_unread_filter_combines_with_a_topic() -> None:
    assert ids(select(SAMPLE, View(topic="AI", unread_only=True), {"ai-2"})) == ["ai-1"]


def test_unread_pseudo_topic_shows_unread_across_topics() -> None:
    assert ids(select(SAMPLE, View(topic=UNREAD), {"robot"})) == ["ai-1", "ai-2", "plain"]


def test_unpublished_hidden_unless_asked() -> None:
    assert "draft" not in ids(select(SAMPLE, View(), set()))
    assert "draft" not in ids(select(SAMPLE, View(topic="AI"), set()))
    shown = ids(select(SAMPLE, View(show_unpublished=True), set()))
    assert shown == ["draft", "ai-1", "ai-2", "robot", "plain"]
    assert ids(select(SAMPLE, View(topic="AI", show_unpublished=True), set())) == [
        "draft",
        "ai-1",
        "ai-2",
    ]


def test_select_leaves_its_input_alone() -> None:
    articles = list(reversed(SAMPLE))
    before = list(articles)
    select(articles, View(unread_only=True), {"ai-1"})
    assert articles == before


# -- counts ------------------------------------------------------------------------------


def as_dict(per_topic: list[TopicCount]) -> dict[str, tuple[int, int]]:
    return {c.topic: (c.total, c.unread) for c in per_topic}


def test_topic_counts_total_and_unread() -> None:
    everything, per_topic = topic_counts(SAMPLE, {"ai-1"})
    assert everything == TopicCount(ALL, 4, 3)
    assert as_dict(per_topic) == {"AI": (2, 1), "Robotics": (2, 1)}


def test_topic_counts_follow_read_ids() -> None:
    _, before = topic_counts(SAMPLE, set())
    assert as_dict(before) == {"AI": (2, 2), "Robotics": (2, 2)}
    everything, after = topic_counts(SAMPLE, {"ai-1", "robot"})
    assert as_dict(after) == {"AI": (2, 1), "Robotics": (2, 0)}
    assert everything == TopicCount(ALL, 4, 2)


def test_read_ids_of_unknown_articles_do_not_change_counts() -> None:
    assert topic_counts(SAMPLE, {"not-in-corpus"}) == topic_counts(SAMPLE, set())


def test_topic_counts_exclude_unpublished_unless_asked() -> None:
    everything, per_topic = topic_counts(SAMPLE, set())
    assert everything.total == 4
    assert as_dict(per_topic)["AI"] == (2, 2)
    everything, per_topic = topic_counts(SAMPLE, set(), show_unpublished=True)
    assert everything.total == 5
    assert as_dict(per_topic)["AI"] == (3, 3)


def test_a_topic_only_on_unpublished_articles_is_not_listed() -> None:
    articles = [
        make_article("a", topics=("Seen",)),
        make_article("b", topics=("Secret",), published=False),
    ]
    assert [c.topic for c in topic_counts(articles, set())[1]] == ["Seen"]
    assert [c.topic for c in topic_counts(articles, set(), True)[1]] == ["Secret", "Seen"]


def test_topics_are_listed_by_name_ignoring_case() -> None:
    articles = [
        make_article(str(i), topics=(t,)) for i, t in enumerate(["beta", "Alpha", "gamma", "Beta"])
    ]
    assert [c.topic for c in topic_counts(articles, set())[1]] == ["Alpha", "Beta", "beta", "gamma"]


@pytest.mark.parametrize("view", [View(), View(topic="AI"), View(unread_only=True)])
def test_counts_agree_with_select(view: View) -> None:
    read = {"ai-2"}
    everything, per_topic = topic_counts(SAMPLE, read)
    if view.topic == ALL:
        expected = everything.unread if view.unread_only else everything.total
    else:
        expected = as_dict(per_topic)[view.topic][0]
    assert len(select(SAMPLE, view, read)) == expected


def test_counts_know_how_many_are_unpublished_whether_shown_or_not() -> None:
    from reader.model import Article, Provider
    from reader.query import Counts

    def make(name: str, published: bool) -> Article:
        return Article(name, f"/{name}.md", name, "", None, None, None, Provider(""), (), published)

    articles = [make("a", True), make("b", False), make("c", False)]
    assert Counts(articles, (), (), show_unpublished=False).unpublished == 2
    assert Counts(articles, (), (), show_unpublished=True).unpublished == 2
    assert Counts(articles, (), (), show_unpublished=False).everything.total == 1
