"""Markdown → blocks: structure kept, links numbered, nothing interpreted as markup."""

from __future__ import annotations

from reader.markdown_text import LinkNumbers, render_markdown


def blocks(source: str, **options: str):
    links = LinkNumbers()
    return render_markdown(source, links, **options), links


def lines(source: str, **options: str) -> list[str]:
    found, _links = blocks(source, **options)
    return ["".join(s.text for s in b.first_prefix) + b.plain for b in found]


def test_headings_emphasis_lists_quotes_and_code() -> None:
    source = (
        "## A heading\n\nSome **bold**, *italic*, ~~gone~~ and `code`.\n\n"
        "- one\n- two\n  - nested\n\n3. third\n4. fourth\n\n> quoted **text**\n\n"
        "```\nprint(1)\n```\n\n---\n"
    )
    found, _links = blocks(source)
    assert [b.kind for b in found] == [
        "heading2",
        "text",
        "text",
        "text",
        "text",
        "text",
        "text",
        "text",
        "code",
        "rule",
    ]
    assert lines(source)[:8] == [
        "A heading",
        "Some bold, italic, gone and code.",
        "• one",
        "• two",
        "  ◦ nested",
        "3. third",
        "4. fourth",
        "▌ quoted text",
    ]
    styles = {span.text: span.style for span in found[1].spans}
    assert styles["bold"] == "bold" and styles["italic"] == "italic"
    assert styles["gone"] == "strike" and styles["code"] == "code"
    assert found[8].plain == "print(1)"
    assert [b.gap for b in found[2:5]] == [True, False, False]  # a tight list: no blank lines


def test_links_are_numbered_once_per_address_and_listed() -> None:
    found, links = blocks(
        "See [the report](https://a.example/r), [the data](https://b.example/d) and "
        "[the report again](https://a.example/r).\n\n[mail](mailto:x@y.example) [local](/p)"
    )
    assert found[0].plain == "See the report[1], the data[2] and the report again[1]."
    assert [(link.number, link.url, link.label) for link in links.links] == [
        (1, "https://a.example/r", "the report"),
        (2, "https://b.example/d", "the data"),
    ]
    assert found[1].plain == "mail local"  # not web addresses: no number, nothing to open


def test_numbers_continue_from_one_document_to_the_next() -> None:
    links = LinkNumbers()
    render_markdown("[a](https://a.example/)", links)
    second = render_markdown("[b](https://b.example/) [a](https://a.example/)", links)
    assert second[0].plain == "b[2] a[1]"


def test_relative_links_are_resolved_against_the_page() -> None:
    _found, links = blocks("[x](../up) [y](same)", base_url="https://s.example/a/b/page")
    assert [link.url for link in links.links] == [
        "https://s.example/a/up",
        "https://s.example/a/b/same",
    ]


def test_raw_html_and_markup_are_text() -> None:
    source = "<script>alert(1)</script> <b>bold?</b> [bold]x[/] [/] \\[red\\]\n\n<div>block</div>"
    assert lines(source) == [
        "<script>alert(1)</script> <b>bold?</b> [bold]x[/] [/] [red]",
        "<div>block</div>",
    ]


def test_control_characters_never_come_out() -> None:
    text = "\n".join(lines("esc \x1b[2J bell \x07 csi \x9b31m osc \x1b]0;title\x07 del \x7f"))
    assert "\ufffd[2J" in text
    assert not any((ord(c) < 32 and c != "\n") or 0x7F <= ord(c) <= 0x9F for c in text)


def test_a_first_heading_that_repeats_the_title_is_left_out() -> None:
    assert lines("# Harbor  City\n\nText.", drop_title="harbor city") == ["Text."]
    assert lines("# Another\n\nText.", drop_title="Harbor City") == ["Another", "Text."]


def test_images_are_named_not_fetched() -> None:
    found, links = blocks("![A ferry](https://img.example/f.jpg) after")
    assert found[0].plain == "[image: A ferry] after"
    assert links.links == []


def test_a_table_becomes_aligned_rows() -> None:
    assert lines("| Line | Product |\n|---|---|\n| Line 1 | HBM5 |\n| L2 | DDR6 |") == [
        "Line   │ Product",
        "Line 1 │ HBM5",
        "L2     │ DDR6",
    ]


def test_a_quote_holding_a_list_keeps_its_bar() -> None:
    found, _links = blocks("> intro\n>\n> - point\n> - more")
    assert ["".join(s.text for s in b.rest_prefix) for b in found] == ["▌ ", "▌   ", "▌   "]
