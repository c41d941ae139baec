"""The command palette's entries for the reader: every action and every topic.

Titles come from the action registry and from the data (topic names), so they are
handed to the palette as `Content`: Textual's own provider would parse them as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

Entry = tuple[str, str, Callable[[], object]]  # title, help, what it does


class HasPaletteEntries(Protocol):
    def palette_entries(self) -> Iterable[Entry]: ...


def _highlighted(title: str, offsets: Iterable[int], style: str) -> Content:
    content = Content(title)
    for offset in offsets:
        if not title[offset].isspace():
            content = content.stylize(style, offset, offset + 1)
    return content


class ReaderCommands(Provider):
    def _entries(self) -> list[Entry]:
        app: HasPaletteEntries = self.app  # type: ignore[assignment]
        return list(app.palette_entries())

    async def discover(self) -> Hits:
        for title, help_text, callback in self._entries():
            help_content = Content(help_text)  # not markup; Textual draws a Content as given
            yield DiscoveryHit(Content(title), callback, text=title, help=help_content)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._entries():
            score, offsets = matcher.fuzzy_search.match(query, title)
            if score > 0:
                yield Hit(
                    score,
                    _highlighted(title, offsets, "reverse"),
                    callback,
                    text=title,
                    help=Content(help_text),  # type: ignore[arg-type]
                )
