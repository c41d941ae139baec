"""The `?` screen: every key, grouped."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Move",
        [
            ("j / ↓, k / ↑", "next / previous row"),
            ("g / G", "first / last row"),
            ("pgdn / pgup", "page down / up"),
            ("tab / shift+tab", "next / previous pane"),
            ("space", "scroll the article (from the list or the article)"),
        ],
    ),
    (
        "Read",
        [
            ("enter", "open the article (marks it read); on a related story, open it"),
            ("m", "toggle read / unread"),
            ("o", "open the URL in the browser (http/https only)"),
            ("y", "copy the URL to the clipboard"),
            ("backspace", "back to the previous article after following a related story"),
        ],
    ),
    (
        "View",
        [
            ("a", "show / hide unpublished articles"),
            ("p", "list files that could not be loaded"),
            ("ctrl+p", "command palette (themes and more)"),
            ("?", "this help"),
            ("q", "quit"),
        ],
    ),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        parts: list[str | tuple[str, str]] = []
        for group, keys in KEYS:
            parts.append((f"{group}\n", "bold $accent"))
            for key, meaning in keys:
                parts += [(f"  {key:<18}", "bold"), f"{meaning}\n"]
            parts.append("\n")
        parts.append(("Press escape to close.", "$text-muted"))
        with VerticalScroll(id="help-dialog") as dialog:
            dialog.border_title = "Keys"
            yield Static(Content.assemble(*parts))
