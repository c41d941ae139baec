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
            ("n / N", "next / previous unread (moves on to the next topic)"),
            ("tab / shift+tab", "next / previous pane"),
            ("space", "scroll the article"),
            ("backspace", "back to the article you came from (after a related story)"),
        ],
    ),
    (
        "Read",
        [
            ("enter", "open the article (marks it read); on a related story, open it"),
            ("m", "toggle read / unread"),
            ("s", "star / unstar"),
            ("o", "open the URL in the browser (http/https only)"),
            ("y", "copy the URL to the clipboard"),
            ("A", "mark everything in this view read (asks first)"),
            ("ctrl+z", "undo the last mark-all-read"),
        ],
    ),
    (
        "Find",
        [
            ("/", "search as you type; enter keeps it, escape clears it"),
            ("", 'words  "a phrase"  -excluded  topic:"AI in Autos"  provider:name'),
            ("", "heat>50  quality<=20  is:unread  is:starred  after:2021-03-01  before:…"),
            ("u", "unread only"),
            ("S", "sort: hottest, newest, best quality"),
            ("a", "show / hide unpublished articles"),
        ],
    ),
    (
        "App",
        [
            ("r", "rescan the folders now (they are also watched)"),
            ("p", "files that could not be loaded, and why"),
            ("ctrl+p", "command palette: every action, every topic, themes"),
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
