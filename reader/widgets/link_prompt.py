"""The link-number prompt at the foot of the article pane (newsboat's `#`).

`#` (or a digit typed anywhere but in a text box) opens it; digits go in, `enter` opens
that link, `escape` closes it. A number no more digits could extend (3 of 12 links, 12
of 12) opens at once, so with up to nine links one digit is enough.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static


class LinkPrompt(Horizontal):
    DEFAULT_CSS = """
    LinkPrompt { dock: bottom; height: 1; display: none; background: $panel; }
    LinkPrompt > #link-prompt-label { width: auto; color: $text-accent; }
    LinkPrompt > #link-prompt-input { width: 8; height: 1; border: none; padding: 0; }
    LinkPrompt > #link-prompt-error { width: 1fr; color: $text-warning; padding-left: 1; }
    """

    @dataclass
    class Chosen(Message):
        number: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.count = 0
        self._return_to: Widget | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="link-prompt-label")
        yield _NumberInput(id="link-prompt-input", restrict=r"[0-9]*", max_length=5)
        yield Static(id="link-prompt-error")

    @property
    def input(self) -> Input:
        return self.query_one("#link-prompt-input", Input)

    def start(self, count: int, typed: str = "") -> None:
        """Ask for a link number from 1 to `count`, `typed` already in the box."""
        self.count = count
        self._return_to = self.app.focused if self.app.focused is not self.input else None
        self.query_one("#link-prompt-label", Static).update(
            Content(f" Open link (1–{count}): " if count > 1 else " Open link (1): ")
        )
        self._error("enter opens, escape closes")
        self.display = True
        self.input.value = ""
        self.input.focus()
        if typed:
            self.input.insert_text_at_cursor(typed)

    def close(self) -> None:
        if not self.display:
            return
        target, self._return_to = self._return_to, None
        if target is not None and target.is_attached and target.focusable:
            target.focus()
        else:
            self.screen.set_focus(None)
        self.display = False
        self.input.value = ""

    def _error(self, text: str) -> None:
        self.query_one("#link-prompt-error", Static).update(Content(text))

    @on(Input.Changed, "#link-prompt-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        value = event.value
        if not value:
            self._error("enter opens, escape closes")
            return
        number = int(value)
        if not 1 <= number <= self.count:
            self._error(f"there is no link {number}")
        elif number * 10 > self.count:  # no link has a number that starts like this one
            self._choose(number)
        else:
            self._error("enter opens, escape closes")

    @on(Input.Submitted, "#link-prompt-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value and 1 <= int(event.value) <= self.count:
            self._choose(int(event.value))
        elif event.value:
            self._error(f"there is no link {int(event.value)}: 1 to {self.count}")
        else:
            self.close()

    def _choose(self, number: int) -> None:
        self.close()
        self.post_message(self.Chosen(number))


class _NumberInput(Input):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close_prompt", show=False)]

    def action_close_prompt(self) -> None:
        prompt = self.parent
        if isinstance(prompt, LinkPrompt):
            prompt.close()

    def on_blur(self) -> None:
        prompt = self.parent
        if isinstance(prompt, LinkPrompt) and prompt.display:
            prompt.display = False  # clicked away: nothing to open
