"""Markdown blocks (reader/markdown_text.py) drawn in the pane: one widget, any length.

The blocks are laid out by a Textual `Visual` that wraps each block to the width it is
given with hanging indents (a list item's second line under its first word, a quote's
bar on every line), so a long article is one widget, not one per paragraph. The text is
`Content` built from the blocks' runs: plain text with styles, never markup. Wrapped
lines are kept per width, so scrolling and redraws don't wrap again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import Static

from reader.urls import hyperlink_target

if TYPE_CHECKING:
    from reader.markdown_text import Block, Span

_STYLES = {
    "bold": "bold",
    "italic": "italic",
    "strike": "strike",
    "code": "$text-secondary",
    "link": "underline",
    "number": "$text-muted",
    "muted": "$text-muted",
    "quote": "$text-accent",
}
_HEADINGS = {1: "bold $text-accent", 2: "bold $text-accent", 3: "bold"}
MIN_ROOM = 10  # columns left for the text however deep the indent


def span_style(style: str) -> str:
    return " ".join(_STYLES.get(word, "") for word in style.split()).strip()


def spans_content(spans: Sequence[Span], base: str = "") -> Content:
    """Runs of text as Content: each run's style words mapped to the theme's styles, and
    http(s) links made terminal hyperlinks (OSC 8, the target escaped)."""
    content = Content.assemble(*((s.text, f"{base} {span_style(s.style)}".strip()) for s in spans))
    offset = 0
    for span in spans:
        if span.link and (target := hyperlink_target(span.link)):
            content = content.stylize(Style(link=target), offset, offset + len(span.text))
        offset += len(span.text)
    return content


def _base_style(block: Block) -> str:
    if block.kind.startswith("heading"):
        return _HEADINGS.get(int(block.kind[7:] or 1), "bold")
    if block.kind == "header-row":
        return "bold"
    return ""


def _up_to_quote(prefix: Sequence[Span], quotes: int) -> Sequence[Span]:
    """The prefix up to its `quotes`-th quote bar (nothing when 0)."""
    seen = 0
    for index, span in enumerate(prefix):
        if span.style == "quote":
            seen += 1
            if seen == quotes:
                return prefix[: index + 1]
    return ()


class BlocksVisual(Visual):
    """The blocks, wrapped to the width they are drawn at."""

    def __init__(self, blocks: Sequence[Block]) -> None:
        self.blocks = tuple(blocks)
        self._wrapped: tuple[int, list[Content]] | None = None

    def lines(self, width: int) -> list[Content]:
        if self._wrapped is not None and self._wrapped[0] == width:
            return self._wrapped[1]
        lines: list[Content] = []
        quotes_before = 0
        for block in self.blocks:
            first = spans_content(block.first_prefix)
            rest = spans_content(block.rest_prefix)
            quotes = sum(1 for span in block.rest_prefix if span.style == "quote")
            if block.gap and lines:  # a blank line, with the bars of quotes both are in
                lines.append(
                    spans_content(_up_to_quote(block.rest_prefix, min(quotes, quotes_before)))
                )
            quotes_before = quotes
            room = max(MIN_ROOM, width - max(first.cell_length, rest.cell_length))
            if block.kind == "rule":
                lines.append(first + Content.styled("─" * room, "$text-muted"))
                continue
            body = spans_content(block.spans, _base_style(block))
            for number, line in enumerate(body.wrap(room) or [Content("")]):
                lines.append((first if number == 0 else rest) + line)
        self._wrapped = (width, lines)
        return lines

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        if width <= 0:
            return []
        return Content("\n").join(self.lines(width)).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self.lines(width))


class ArticleText(Static):
    """A Static that shows blocks (or nothing, hidden)."""

    DEFAULT_CSS = "ArticleText { width: 1fr; height: auto; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.blocks: tuple[Block, ...] = ()
        self.display = False

    def show(self, blocks: Sequence[Block]) -> None:
        blocks = tuple(blocks)
        if blocks == self.blocks:
            return  # the same text: no new layout
        self.blocks = blocks
        if blocks:
            self.update(BlocksVisual(blocks))
        self.display = bool(blocks)

    @property
    def plain(self) -> str:
        """The text as drawn at 200 columns (tests)."""
        return "\n".join(line.plain for line in BlocksVisual(self.blocks).lines(200))
