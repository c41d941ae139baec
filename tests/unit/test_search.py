"""The query language used by `/` and `reader list --query`."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from reader.model import Article, Provider
from reader.search import Context, QueryError, highlight_spans, parse


def make(
    title: str,
    *,
    id: str = "",
    heat: int | None = None,
    quality: int | None = None,
    topics: tuple[str, ...] = (),
    provider: Provider | None = None,
    excerpt: str = "",
    when: datetime | None = None,
    published: bool = True,
) -> Article:
    return Article(
        id=id or title,
        path=f"/x/{title}.md",
        title=title,
        url=f"https://x.example/{title}",
        heat=heat,
        quality=quality,
        published_at=when,
        provider=provider or Provider("Test Wire", "testwire.example"),
        topics=topics,
        published=published,
        excerpt=excerpt,
    )


CHIP = make(
    "Chipmaker ships accelerator",
    heat=90,
    quality=70,
    topics=("Chips", "AI in Autos"),
    provider=Provider("TechCrunch", "techcrunch.com"),
    excerpt="A faster inference part for data centres.",
    when=datetime(2021, 3, 5, tzinfo=timezone.utc),
)
ROBOT = make(
    "Robot folds laundry",
    heat=40,
    quality=15,
    topics=("Robotics",),
    excerpt="A home robot that folds shirts.",
    when=datetime(2021, 2, 1, tzinfo=timezone.utc),
)
COLD = make("Quiet story", topics=("AI",), published=False)
ALL = [CHIP, ROBOT, COLD]


def titles(query: str, context: Context | None = None) -> list[str]:
    return [a.title for a in parse(query).filter(ALL, context or Context())]


def test_empty_query_keeps_everything() -> None:
    assert parse("").is_empty
    assert parse("   ").is_empty
    assert titles("") == [a.title for a in ALL]


def test_free_words_search_title_excerpt_provider_topics() -> None:
    assert titles("chipmaker") == [CHIP.title]
    assert titles("SHIRTS") == [ROBOT.title]  # excerpt, any case
    assert titles("techcrunch") == [CHIP.title]  # provider name
    assert titles("robotics") == [ROBOT.title]  # topic


def test_all_words_must_match() -> None:
    assert titles("robot laundry") == [ROBOT.title]
    assert titles("robot chip") == []


def test_quoted_phrase() -> None:
    assert titles('"folds laundry"') == [ROBOT.title]
    assert titles('"laundry folds"') == []


def test_topic_field_is_exact_and_case_insensitive() -> None:
    assert titles('topic:"ai in autos"') == [CHIP.title]
    assert titles("topic:AI") == [COLD.title]  # not every topic containing "AI"


def test_provider_matches_name_or_domain() -> None:
    assert titles("provider:techcrunch") == [CHIP.title]
    assert titles("provider:testwire.example") == [ROBOT.title, COLD.title]


def test_number_comparisons() -> None:
    assert titles("heat>50") == [CHIP.title]
    assert titles("heat>=40") == [CHIP.title, ROBOT.title]
    assert titles("heat<41") == [ROBOT.title]  # missing heat never matches
    assert titles("quality<20") == [ROBOT.title]
    assert titles("heat=90") == [CHIP.title]


def test_flags_use_read_and_starred_sets() -> None:
    context = Context(read_ids={CHIP.id}, starred_ids={ROBOT.id})
    assert titles("is:unread", context) == [ROBOT.title, COLD.title]
    assert titles("is:read", context) == [CHIP.title]
    assert titles("is:starred", context) == [ROBOT.title]
    assert titles("is:unpublished") == [COLD.title]


def test_dates() -> None:
    assert titles("after:2021-03-01") == [CHIP.title]
    assert titles("before:2021-03-01") == [ROBOT.title]
    assert titles("after:2021-01-01 before:2021-12-31") == [CHIP.title, ROBOT.title]


def test_negation() -> None:
    assert titles("-robot") == [CHIP.title, COLD.title]
    assert titles("-topic:Chips") == [ROBOT.title, COLD.title]


def test_terms_combine() -> None:
    query = 'topic:"AI in Autos" provider:techcrunch heat>50 is:unread after:2021-03-01 faster'
    assert titles(query) == [CHIP.title]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("heat>hot", "heat needs a whole number"),
        ('"open phrase', "quote is not closed"),
        ("is:maybe", "is: takes one of"),
        ("after:yesterday", "needs a date"),
        ("colour:red", "unknown field"),
        ("topic>3", "only heat, quality and coverage compare"),
        ("heat>", "needs a value"),
    ],
)
def test_bad_queries_say_what_is_wrong(query: str, message: str) -> None:
    with pytest.raises(QueryError) as error:
        parse(query)
    assert message in str(error.value)
    assert 0 <= error.value.position < len(query)


def test_highlights_are_positive_free_terms() -> None:
    assert parse('robot "folds laundry" -cat heat>3').highlights == ["robot", "folds laundry"]


def test_highlight_spans_find_every_occurrence_case_insensitively() -> None:
    assert highlight_spans("Robot robot ROBOT", ["robot"]) == [(0, 5), (6, 11), (12, 17)]
    assert highlight_spans("nothing", ["robot"]) == []
    assert highlight_spans("Straße", ["strasse"]) == []  # no drift when casefold grows


def test_haystacks_are_cached_per_context() -> None:
    context = Context()
    parse("robot").filter(ALL, context)
    assert set(context.haystacks) == {a.id for a in ALL}


def test_filtering_the_same_list_twice_reuses_its_haystacks_and_stays_right() -> None:
    context = Context()
    articles = list(ALL)
    assert [a.title for a in parse("robot").filter(articles, context)] == [ROBOT.title]
    assert context.aligned[0] is articles
    assert [a.title for a in parse("chip").filter(articles, context)] == [CHIP.title]
    other = [COLD, ROBOT]  # another list: its own haystacks
    assert [a.title for a in parse("quiet").filter(other, context)] == [COLD.title]
    assert parse("robot laundry").matches(ROBOT, context)
    assert not parse("robot -laundry").matches(ROBOT, context)


@pytest.mark.parametrize(
    ("typed", "applied"),
    [("AI provider:", "AI"), ("AI heat>", "AI"), ("AI heat>=", "AI"), ("is:", ""),
     ('AI -topic:"AI in', "AI "), ('chips "open', "chips "), ('chip "a" "b', 'chip "a" '),
     ("heat>8", None), ("a b", None), ("provider:x", None), ("x foo:", None),
     ('"done"', None)],
)  # fmt: skip
def test_a_term_still_being_typed_is_left_out(typed: str, applied: str | None) -> None:
    from reader.search import without_incomplete_tail

    assert without_incomplete_tail(typed) == applied
    if applied is not None:
        parse(applied)  # what is applied meanwhile is a valid query
