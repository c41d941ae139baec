"""Search's fast paths find exactly what the plain rule finds (issue 12).

The haystacks can be made off the UI thread (Haystacks), and a search typed further
filters what the last one matched: both must agree with Query.matches, article by
article, whatever was typed before.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.search import Context, Haystacks, parse
from tests.unit.helpers import make_article

WORDS = ("chip", "Chipmaker", "robot", "AI", "ai in", "Straße", "café", "bunk", "zoo")
articles = [
    make_article(f"a{i}", title=WORDS[i % len(WORDS)] + " " + WORDS[(i * 7) % len(WORDS)])
    for i in range(24)
] + [make_article("b", title="Robots: chips, AI")]
# (make_article's provider is Test Wire, testwire.example: letters every haystack has, so
# the typing below uses others)
excerpts = {a.id: WORDS[(int(a.id[1:] or 0) * 5) % len(WORDS)] for a in articles}

texts = st.text(alphabet="chobzkunfé -", max_size=9)


@given(st.lists(texts, min_size=1, max_size=6))
def test_typing_on_finds_what_a_fresh_search_finds(typed: list[str]) -> None:
    kept = Context(excerpts=dict(excerpts))  # one context for the whole typing session
    for text in typed:
        query = parse(text)
        fresh = Context(excerpts=dict(excerpts))
        expected = [a for a in articles if query.matches(a, fresh)]
        assert query.filter(articles, kept) == expected, text


@given(st.lists(st.sampled_from(["r", "ro", "rob", "robo", "robot", "robot c", "robot ch"])))
def test_a_word_typed_letter_by_letter_narrows_the_last_matches(typed: list[str]) -> None:
    kept = Context(haystacks=Haystacks.of(articles, excerpts))
    for text in typed:
        query = parse(text)
        expected = [a for a in articles if query.matches(a, Context(excerpts=dict(excerpts)))]
        assert query.filter(articles, kept) == expected


def test_haystacks_made_elsewhere_are_the_ones_search_makes() -> None:
    made = Haystacks.of(articles, excerpts)
    context = Context(excerpts=dict(excerpts))
    for article in articles:
        parse("x").matches(article, context)  # fills context.haystacks
    assert made == context.haystacks
