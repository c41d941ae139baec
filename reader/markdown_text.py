"""Markdown (a file's body, a fetched page's text) → blocks of styled runs. No Textual.

markdown-it-py parses CommonMark (plus tables and strikethrough) with raw HTML turned
off, so `<script>` or `<b>` in the text is shown as those characters, never acted on.
Every run of text goes through reader.textsafe.clean_text: no control character, so no
terminal escape, reaches the screen. The UI turns the blocks into Textual `Content`
(reader/widgets/article_text.py); style names here are plain words, never markup.

Links to http(s) pages are numbered in order of appearance ([1], [2], …; the same URL
keeps its number), across every document rendered with the same `LinkNumbers`, so the
body and the fetched text share one list that `#` and a number open from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from reader.textsafe import clean_text, one_line
from reader.urls import is_web_url

if TYPE_CHECKING:
    from markdown_it.token import Token

BULLETS = ("•", "◦", "▪")
QUOTE_BAR = "▌ "
MAX_CELL = 40  # a table column is at most this wide before it wraps


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    style: str = ""  # space-separated words: bold italic strike code link number muted quote
    link: str = ""  # for "link" runs: the URL (http/https only)


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph, heading, code block, rule or table row, with what goes before its
    first line and before each of its other lines (list bullets, quote bars, indents)."""

    kind: str  # "text", "heading1" … "heading6", "code", "rule", "row", "header-row"
    spans: tuple[Span, ...]
    first_prefix: tuple[Span, ...] = ()
    rest_prefix: tuple[Span, ...] = ()
    gap: bool = True  # a blank line before it

    @property
    def plain(self) -> str:
        return "".join(span.text for span in self.spans)


@dataclass(frozen=True, slots=True)
class Link:
    number: int
    url: str
    label: str  # the link's text, one line


@dataclass
class LinkNumbers:
    """Numbers for the links of one article, shared by its body and its fetched text."""

    links: list[Link] = field(default_factory=list)
    _by_url: dict[str, int] = field(default_factory=dict)

    def number(self, url: str, label: str) -> int:
        if url not in self._by_url:
            self._by_url[url] = len(self.links) + 1
            self.links.append(Link(len(self.links) + 1, url, one_line(label, 200)))
        return self._by_url[url]


@dataclass
class _Container:
    kind: str  # "quote", "bullet", "ordered", "item"
    marker: str = ""  # for an item: its bullet or number
    marker_shown: bool = False
    next_number: int = 1
    emitted: bool = False  # for a list: has any of its blocks been emitted yet


_SPACES = re.compile(r"\s+")
_EMPHASIS = {"strong_open": "bold", "em_open": "italic", "s_open": "strike"}


def _bold(span: Span) -> Span:
    return Span(span.text, f"{span.style} bold".strip(), span.link)


def _normalized(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def render_markdown(
    source: str,
    links: LinkNumbers,
    *,
    base_url: str = "",
    drop_title: str = "",
) -> list[Block]:
    """The blocks of `source`. Relative links are resolved against `base_url`; a first
    heading that repeats `drop_title` (the article's title, already shown) is left out."""
    from markdown_it import MarkdownIt  # about 20 ms to import: only with a body or a page

    parser = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    tokens = parser.parse(clean_text(source))
    blocks = _Walker(links, base_url).walk(tokens)
    if (
        drop_title
        and blocks
        and blocks[0].kind.startswith("heading")
        and _normalized(blocks[0].plain) == _normalized(drop_title)
    ):
        blocks = blocks[1:]
        if blocks:
            blocks[0] = Block(
                blocks[0].kind,
                blocks[0].spans,
                blocks[0].first_prefix,
                blocks[0].rest_prefix,
                gap=False,
            )
    if blocks and blocks[0].gap:
        first = blocks[0]
        blocks[0] = Block(first.kind, first.spans, first.first_prefix, first.rest_prefix, False)
    return blocks


class _Walker:
    def __init__(self, links: LinkNumbers, base_url: str) -> None:
        self.links = links
        self.base_url = base_url
        self.stack: list[_Container] = []
        self.blocks: list[Block] = []
        self.row: list[tuple[Span, ...]] | None = None
        self.rows: list[tuple[bool, list[tuple[Span, ...]]]] = []
        self.in_header = False

    def walk(self, tokens: list[Token]) -> list[Block]:
        pending_hidden = False
        heading = ""
        for token in tokens:
            kind = token.type
            if kind == "blockquote_open":
                self.stack.append(_Container("quote"))
            elif kind in ("bullet_list_open", "ordered_list_open"):
                start = int(token.attrs.get("start", 1) or 1) if token.attrs else 1
                self.stack.append(
                    _Container(
                        "bullet" if kind.startswith("bullet") else "ordered", "", False, start
                    )
                )
            elif kind == "list_item_open":
                self.stack.append(_Container("item", self._marker()))
            elif kind in (
                "blockquote_close",
                "bullet_list_close",
                "ordered_list_close",
                "list_item_close",
            ):
                if self.stack:
                    self.stack.pop()
            elif kind == "paragraph_open":
                pending_hidden = token.hidden
            elif kind == "heading_open":
                heading = token.tag
            elif kind == "heading_close":
                heading = ""
            elif kind == "inline" and self.row is not None:
                self.row.append(self._inline(token.children or []))
            elif kind == "inline":
                block_kind = f"heading{heading[1:]}" if heading else "text"
                self._emit(block_kind, self._inline(token.children or []), not pending_hidden)
            elif kind in ("fence", "code_block"):
                code = token.content.rstrip("\n")
                self._emit("code", (Span(code, "code"),), True)
            elif kind == "hr":
                self._emit("rule", (), True)
            elif kind == "thead_open":
                self.in_header = True
            elif kind == "thead_close":
                self.in_header = False
            elif kind == "tr_open":
                self.row = []
            elif kind == "tr_close" and self.row is not None:
                self.rows.append((self.in_header, self.row))
                self.row = None
            elif kind == "table_close":
                self._emit_table()
        return self.blocks

    def _marker(self) -> str:
        lists = [c for c in self.stack if c.kind in ("bullet", "ordered")]
        if not lists:
            return BULLETS[0]
        inner = lists[-1]
        if inner.kind == "bullet":
            return BULLETS[(len(lists) - 1) % len(BULLETS)]
        number = inner.next_number
        inner.next_number += 1
        return f"{number}."

    def _prefixes(self) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
        first: list[Span] = []
        rest: list[Span] = []
        items = [c for c in self.stack if c.kind == "item"]
        innermost = items[-1] if items else None
        for container in self.stack:
            if container.kind == "quote":
                first.append(Span(QUOTE_BAR, "quote"))
                rest.append(Span(QUOTE_BAR, "quote"))
            elif container.kind == "item":
                width = len(container.marker) + 1
                if container is innermost and not container.marker_shown:
                    first.append(Span(container.marker + " ", "muted"))
                    container.marker_shown = True
                else:
                    first.append(Span(" " * width))
                rest.append(Span(" " * width))
        return tuple(first), tuple(rest)

    def _emit(self, kind: str, spans: tuple[Span, ...], gap: bool) -> None:
        lists = [c for c in self.stack if c.kind in ("bullet", "ordered")]
        if len(lists) == 1 and not lists[0].emitted:
            gap = True  # a list stands apart from what comes before it; nested ones don't
        for container in lists:
            container.emitted = True
        first, rest = self._prefixes()
        self.blocks.append(Block(kind, spans, first, rest, gap))

    def _inline(self, children: list[Token]) -> tuple[Span, ...]:
        spans: list[Span] = []
        styles: list[str] = []
        link: list[tuple[str, str, int]] = []  # (url, label so far, where its text starts)
        for child in children:
            kind = child.type
            if kind == "text":
                spans.append(self._span(child.content, styles, link))
            elif kind == "softbreak":
                spans.append(self._span(" ", styles, link))
            elif kind == "hardbreak":
                spans.append(Span("\n"))
            elif kind == "code_inline":
                spans.append(self._span(child.content, [*styles, "code"], link))
            elif kind in ("strong_open", "em_open", "s_open"):
                styles.append(
                    {"strong_open": "bold", "em_open": "italic", "s_open": "strike"}[kind]
                )
            elif kind in ("strong_close", "em_close", "s_close"):
                if styles:
                    styles.pop()
            elif kind == "link_open":
                href = str(child.attrs.get("href", "") or "")
                url = urljoin(self.base_url, href) if self.base_url else href
                link.append((url if is_web_url(url) else "", "", len(spans)))
            elif kind == "link_close" and link:
                url, _label, start = link.pop()
                if url:
                    label = "".join(s.text for s in spans[start:])
                    number = self.links.number(url, label or url)
                    spans.append(Span(f"[{number}]", "number"))
            elif kind == "image":
                alt = "".join(c.content for c in (child.children or [])) or "image"
                spans.append(Span(f"[image: {alt}]", "muted"))
        return tuple(span for span in spans if span.text)

    @staticmethod
    def _span(text: str, styles: list[str], link: list[tuple[str, str, int]]) -> Span:
        url = link[-1][0] if link else ""
        words = [*styles, "link"] if url else styles
        return Span(text, " ".join(words), url)

    def _emit_table(self) -> None:
        rows, self.rows = self.rows, []
        if not rows:
            return
        columns = max(len(cells) for _, cells in rows)
        widths = [0] * columns
        for _, cells in rows:
            for index, cell in enumerate(cells):
                text = "".join(span.text for span in cell)
                widths[index] = min(MAX_CELL, max(widths[index], len(text)))
        first = True
        for header, cells in rows:
            spans: list[Span] = []
            for index in range(columns):
                cell = cells[index] if index < len(cells) else ()
                text_length = sum(len(span.text) for span in cell)
                if index:
                    spans.append(Span(" │ ", "muted"))
                spans += [
                    Span(s.text, f"{s.style} bold".strip(), s.link) if header else s for s in cell
                ]
                if index < columns - 1 and text_length < widths[index]:
                    spans.append(Span(" " * (widths[index] - text_length)))
            self._emit("header-row" if header else "row", tuple(spans), first)
            first = False


def plain_text(blocks: list[Block]) -> str:
    """The blocks as plain text, one line per block (tests, word counts)."""
    return "\n".join("".join(s.text for s in block.first_prefix) + block.plain for block in blocks)


def word_count(blocks: list[Block]) -> int:
    return sum(len(block.plain.split()) for block in blocks if block.kind != "code")
