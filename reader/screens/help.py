"""The `?` screen: every action with the keys in force, grouped (from reader/actions.py)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.actions import ACTIONS, GROUPS, Keymap

# The query language, under "Find": examples, not keys.
SEARCH_SYNTAX = (
    'words  "a phrase"  -excluded  topic:"AI in Autos"  provider:name',
    "heat>50  quality<=20  is:unread  is:starred  after:2021-03-01  before:…",
)


def help_text(keys: Keymap) -> Content:
    parts: list[str | tuple[str, str]] = []
    for group in GROUPS:
        parts.append((f"{group}\n", "bold $accent"))
        for action in ACTIONS:
            if action.group == group:
                label = keys.labels(action.id) or "(no key)"
                parts += [(f"  {label:<18} ", "bold"), f"{action.help}\n"]
                if action.id == "search":
                    parts += [f"  {'':<18} {line}\n" for line in SEARCH_SYNTAX]
        parts.append("\n")
    parts.append(("Press escape to close.", "$text-muted"))
    return Content.assemble(*parts)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def __init__(self, keys: Keymap) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog") as dialog:
            dialog.border_title = "Keys"
            yield Static(help_text(self.keys))
