"""The `/` search box: filters the list as you type; errors show inline."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from reader.keys import bindings
from reader.textsafe import one_line

PLACEHOLDER = (
    'Search: words "a phrase" topic:"AI in Autos" provider:x heat>50 is:unread after:2021-03-01'
)


class SearchBar(Vertical):
    BINDINGS: ClassVar[list[BindingType]] = bindings({"clear_search": "clear"})

    @dataclass
    class QueryChanged(Message):
        text: str

    @dataclass
    class Done(Message):
        """enter (keep the filter) or escape (clear it) in the box."""

        cleared: bool

    def compose(self) -> ComposeResult:
        yield Input(placeholder=PLACEHOLDER, id="search-input")
        yield Static(id="search-error")

    def on_mount(self) -> None:
        self.query_one("#search-error").display = False

    @property
    def text(self) -> str:
        return self.query_one(Input).value

    def open(self) -> None:
        self.display = True
        # At once, not via focus() (a callback queued behind keys already typed): what is
        # typed right after `/` goes into the box, not to the list as commands.
        self.screen.set_focus(self.query_one(Input))

    def set_text(self, text: str) -> None:
        self.query_one(Input).value = text
        self.display = bool(text)

    _error: str | None = None

    def set_error(self, message: str | None) -> None:
        if message == self._error:
            return  # every list refresh passes it on: a redraw here would cost a layout
        self._error = message
        error = self.query_one("#search-error", Static)
        error.update(Content(one_line(message or "", 500)))
        error.display = bool(message)
        self.set_class(bool(message), "-error")

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.QueryChanged(event.value))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            self.display = False
        self.post_message(self.Done(cleared=False))

    def action_clear(self) -> None:
        self.query_one(Input).value = ""
        self.set_error(None)
        self.display = False
        self.post_message(self.Done(cleared=True))
