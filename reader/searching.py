"""The search typed in `/`: its text, the parsed query, its error, the excerpts it needs.

Pure: no I/O, no Textual. Excerpts of indexed corpora are not kept in memory; the first
search asks for them (the UI loads them off its thread) and waits until they are here.
"""

from __future__ import annotations

from reader.search import (
    Context,
    Haystacks,
    Query,
    QueryError,
    parse,
    without_incomplete_tail,
)
from reader.updates import Flags


class SearchState:
    def __init__(self, flags: Flags, saved: str = "") -> None:
        self.text = ""
        self.query: Query | None = None  # None: no search
        self.pending = saved  # the saved session's search, applied with the first corpus
        self.error: str | None = None  # what is wrong with the text in the box
        self.context = Context(flags.read, flags.starred)
        self.excerpts_ready = False

    @property
    def waiting(self) -> bool:
        """A search is typed but the excerpts it looks in are still being loaded."""
        return self.query is not None and not self.excerpts_ready

    @property
    def highlights(self) -> tuple[str, ...]:
        return tuple(self.query.highlights) if self.query else ()

    def remembered(self) -> str:
        return self.text or self.pending

    def set(self, text: str, *, typing: bool = True) -> str | None:
        """Apply `text`; returns the error (and keeps the last good query) if it is bad.
        While `typing`, a last term still being typed (`provider:`, an open quote) is
        left out until it is complete, and is no error yet."""
        held = without_incomplete_tail(text) if typing else None
        text = text if held is None else held.rstrip()
        try:
            query = parse(text)
        except QueryError as exc:
            self.error = f"{exc} (at character {exc.position + 1})"
            return self.error
        self.error = None
        self.pending = ""
        self.text = text
        self.query = None if query.is_empty else query
        return None

    def new_corpus(self, flags: Flags) -> None:
        self.context = Context(flags.read, flags.starred)
        self.excerpts_ready = False

    def excerpts_loaded(self, excerpts: dict[str, str]) -> None:
        self.context.haystacks.clear()
        self.context.aligned.clear()
        self.context.narrowed.clear()
        if isinstance(excerpts, Haystacks):  # made off the UI thread: what search reads
            self.context.haystacks.update(excerpts)
        else:
            self.context.excerpts.update(excerpts)
        self.excerpts_ready = True
