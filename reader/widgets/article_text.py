"""Markdown blocks (reader/markdown_text.py) drawn in the pane: one widget, any length.

`WrappedBlocks` wraps each block to a width with hanging indents (a list item's second
line under its first word, a quote's bar on every line). It is plain Textual `Content`,
so a worker can do the wrapping for the width the pane has, off the UI thread; the lines
for a width are kept. `ArticleText` then draws only the lines on screen (`render_line`),
each once per width and theme: a 4,000-word article costs the first frame the same as a
short one. The text is Content built from the blocks' runs, never markup; mouse
selection and copying work as in any text widget.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich._wrap import divide_line  # (Textual's own Content.wrap uses it)
from rich.segment import Segment
from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

from reader.urls import hyperlink_target

if TYPE_CHECKING:
    from textual.selection import Selection

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
KEPT_WIDTHS = 3  # wrappings kept (the pane with and without its scrollbar, a resize)


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


def _wrap(content: Content, width: int) -> list[Content]:
    """Word-wrapped lines, long words folded: what Content.wrap gives, at about half the
    cost (no alignment or padding to work out, which the pane never asks for)."""
    lines: list[Content] = []
    for line in content.split("\n", allow_blank=True):
        if "\t" in line.plain:
            line = line.expand_tabs(4)
        pieces = line.divide(divide_line(line.plain, width, fold=True))
        lines += [piece.rstrip() for piece in pieces[:-1]]
        last = pieces[-1]  # (a space after a word that fills the line: not drawn past it)
        lines.append(last.rstrip() if last.cell_length > width else last)
    return lines or [Content("")]


class WrappedBlocks:
    """The blocks as lines of Content for a width (safe to make in a worker thread).

    `slack`: the lines wrapped for a width also serve up to that many columns more. The
    pane's scrollbar takes 2 columns, and Textual lays a pane out once without it before
    it finds the text needs one; the worker wraps a long text for the width beside the
    scrollbar only, and that one frame must not wrap the whole text on the UI thread.
    """

    def __init__(self, blocks: Sequence[Block], slack: int = 0) -> None:
        self.blocks = tuple(blocks)
        self.slack = slack
        self._wrapped: dict[int, list[Content]] = {}

    def lines(self, width: int, *, exact: bool = False) -> list[Content]:
        """The lines for `width` (unless `exact`, maybe those for a little less)."""
        if (kept := self._wrapped.get(width)) is not None:
            return kept
        for known, kept in self._wrapped.items():
            if known < width <= known + self.slack and not exact:
                return kept
        lines: list[Content] = []
        quotes_before = 0
        for block in self.blocks:
            first = spans_content(block.first_prefix)
            rest = spans_content(block.rest_prefix)
            quotes = sum(1 for span in block.rest_prefix if span.style == "quote")
            if block.gap and lines:  # a blank line, with the bars of quotes both are in
                bars = _up_to_quote(block.rest_prefix, min(quotes, quotes_before))
                lines.append(spans_content(bars))
            quotes_before = quotes
            room = max(MIN_ROOM, width - max(first.cell_length, rest.cell_length))
            if block.kind == "rule":
                lines.append(first + Content.styled("─" * room, "$text-muted"))
                continue
            body = spans_content(block.spans, _base_style(block))
            wrapped = _wrap(body, room)
            if not block.first_prefix and not block.rest_prefix:
                lines += wrapped  # (most paragraphs: no prefix to join)
                continue
            for number, line in enumerate(wrapped):
                lines.append((first if number == 0 else rest) + line)
        if len(self._wrapped) >= KEPT_WIDTHS:
            self._wrapped.pop(next(iter(self._wrapped)))
        self._wrapped[width] = lines
        return lines


class ArticleText(Widget):
    """Blocks, drawn a line at a time; hidden when there are none."""

    DEFAULT_CSS = "ArticleText { width: 1fr; height: auto; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.blocks: tuple[Block, ...] = ()
        self._wrapped: WrappedBlocks | None = None
        self._strips: dict[int, Strip] = {}
        self._strips_for: tuple[int, str] = (0, "")
        self.display = False

    def show(self, blocks: Sequence[Block], wrapped: WrappedBlocks | None = None) -> None:
        """Show `blocks` (`wrapped`: the same, already wrapped by a worker)."""
        blocks = tuple(blocks)
        if blocks == self.blocks:
            return  # the same text: no new layout
        self.blocks = blocks
        usable = wrapped is not None and wrapped.blocks == blocks
        self._wrapped = wrapped if usable else WrappedBlocks(blocks) if blocks else None
        self._strips.clear()
        self.display = bool(blocks)
        self.refresh(layout=True)

    def _lines(self, width: int) -> list[Content]:
        return self._wrapped.lines(width) if self._wrapped is not None and width > 0 else []

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.visual_style
        key = (width, self.app.theme)
        if key != self._strips_for:
            self._strips.clear()
            self._strips_for = key
        selection = self.text_selection
        if selection is None and (kept := self._strips.get(y)) is not None:
            return kept
        lines = self._lines(width)
        if y >= len(lines):
            return Strip.blank(width, base.rich_style)
        line = lines[y]
        if selection is not None and (span := selection.get_span(y)) is not None:
            start, end = span
            selected = Style.from_styles(self.screen.get_component_styles("screen--selection"))
            line = line.stylize(selected, start, len(line.plain) if end == -1 else end)
        segments: list[Segment] = []
        x = 0
        for text, style in line.render(base, end="", parse_style=self._get_style):
            segments.append(Segment(text, style.rich_style_with_offset(x, y)))
            x += len(text)
        strip = Strip(segments, line.cell_length).extend_cell_length(width, base.rich_style)
        if selection is None:
            self._strips[y] = strip
        return strip

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def selection_updated(self, selection: Selection | None) -> None:
        self._strips.clear()
        self.refresh()

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        return selection.extract(self.text_at(self.size.width)), "\n"

    def text_at(self, width: int) -> str:
        return "\n".join(line.plain for line in self._lines(width))

    @property
    def plain(self) -> str:
        """The text as drawn at 200 columns (tests)."""
        return self.text_at(200) if self._wrapped is not None else ""
