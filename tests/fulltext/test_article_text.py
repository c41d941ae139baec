"""The Markdown blocks as the pane draws them: hanging indents, bars, hyperlinks."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st
from textual.content import Content
from textual.style import Style

from reader.markdown_text import LinkNumbers, render_markdown
from reader.widgets.article_text import WrappedBlocks, _wrap, spans_content


def drawn(source: str, width: int) -> list[str]:
    visual = WrappedBlocks(render_markdown(source, LinkNumbers()))
    return [line.plain.rstrip() for line in visual.lines(width)]


def test_a_list_item_wraps_under_its_first_word() -> None:
    assert drawn("- one two three four five six seven\n- next", 20) == [
        "• one two three four",
        "  five six seven",
        "• next",
    ]


def test_a_quote_keeps_its_bar_on_every_line_and_between_paragraphs() -> None:
    assert drawn("> alpha beta gamma delta\n>\n> epsilon", 14) == [
        "▌ alpha beta",
        "▌ gamma delta",
        "▌",
        "▌ epsilon",
    ]


def test_paragraphs_are_apart_and_a_rule_spans_the_width() -> None:
    assert drawn("First.\n\n---\n\nSecond.", 10) == ["First.", "", "─" * 10, "", "Second."]


def test_wrapping_is_kept_per_width() -> None:
    wrapped = WrappedBlocks(render_markdown("word " * 50, LinkNumbers()))
    first = wrapped.lines(30)
    assert wrapped.lines(30) is first  # drawn again at the same width: not wrapped again
    assert len(wrapped.lines(60)) < len(first)
    assert wrapped.lines(30) is first  # two widths are kept


def test_links_are_terminal_hyperlinks_to_escaped_web_addresses() -> None:
    blocks = render_markdown("[a link](<https://x.example/a b\x1b]8;;>)", LinkNumbers())
    content = spans_content(blocks[0].spans)
    links = [span.style for span in content.spans if isinstance(span.style, Style)]
    assert [style.link for style in links] == ["https://x.example/a%20b%EF%BF%BD%5D8;;"]
    assert content.plain == "a link[1]"


def test_lines_for_the_width_beside_the_scrollbar_serve_the_width_without() -> None:
    wrapped = WrappedBlocks(render_markdown("word " * 50, LinkNumbers()), slack=2)
    beside = wrapped.lines(28)
    assert wrapped.lines(30) is beside  # the frame before the scrollbar shows: no wrapping
    assert wrapped.lines(31) is not beside  # past the slack: wrapped for its own width
    assert wrapped.lines(30, exact=True) is not beside
    assert all(line.cell_length <= 30 for line in wrapped.lines(30, exact=True))


async def test_the_text_can_be_selected_and_copied() -> None:
    from textual.app import App, ComposeResult
    from textual.geometry import Offset
    from textual.selection import Selection

    from reader.widgets.article_text import ArticleText

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield ArticleText(id="text")

    app = One()
    async with app.run_test(size=(40, 10)) as pilot:
        text = app.query_one(ArticleText)
        text.show(render_markdown("- alpha beta\n- gamma", LinkNumbers()))
        await pilot.pause()
        assert text.region.height == 2
        lines = text.render_lines(text.region.reset_offset)
        assert lines[0].text.startswith("• alpha beta")
        offsets = {s.style.meta.get("offset") for s in lines[1] if s.style and s.style.meta}
        assert (2, 1) in offsets  # where "gamma" starts: what mouse selection goes by
        chosen = text.get_selection(Selection(Offset(2, 0), Offset(5, 1)))
        assert chosen == ("alpha beta\n• gam", "\n")


@settings(max_examples=200)
@given(
    st.lists(st.text(alphabet="abcdefghij中é-", min_size=1, max_size=25), max_size=40),
    st.integers(10, 60),
    st.sampled_from([" ", "  ", "\n", " \n"]),
)
@example(["aaaaaaaa中", "a"], 10, " \n")  # a space after a wide character that fills the line
def test_the_quick_wrap_agrees_with_contents_own(words: list[str], width: int, gap: str) -> None:
    text = gap.join(words)
    ours = [line.plain.rstrip() for line in _wrap(Content(text), width)]
    assert ours == [line.plain.rstrip() for line in Content(text).wrap(width)]
    assert all(line.cell_length <= width for line in _wrap(Content(text), width))
