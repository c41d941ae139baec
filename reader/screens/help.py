"""The `?` screen: every action with the keys in force, grouped (from reader/actions.py)."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.actions import ACTIONS, GROUPS, Keymap

# The query language, under "Find": examples, not keys. Each is kept whole when the
# line wraps (no-break spaces inside an example, ordinary spaces between them).
SEARCH_EXAMPLES = (
    "words",
    '"a phrase"',
    "-excluded",
    'topic:"AI in Autos"',
    "provider:name",
    "heat>50",
    "quality<=20",
    "is:unread",
    "is:starred",
    "is:published",
    "after:2021-03-01",
    "before:…",
)


def help_rows(keys: Keymap) -> list[tuple[str, list[tuple[str, str]]]]:
    """(group, [(keys as bound, what they do)]) for every action, in the registry's order."""
    rows: list[tuple[str, list[tuple[str, str]]]] = []
    for group in GROUPS:
        entries = [
            (keys.labels(action.id) or "(no key)", action.help)
            for action in ACTIONS
            if action.group == group
        ]
        if group == "Find":
            examples = "   ".join(example.replace(" ", "\u00a0") for example in SEARCH_EXAMPLES)
            entries.insert(1, ("", examples))
        rows.append((group, entries))
    return rows


def _keys_table(entries: list[tuple[str, str]]) -> Table:
    # A grid keeps a hanging indent: wrapped help lines stay in their column.
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, style="bold", min_width=18)
    table.add_column(ratio=1)
    for label, text in entries:
        table.add_row(Text(label), Text(text))  # Text, not markup: keys can be "[" or "]"
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def __init__(self, keys: Keymap) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog") as dialog:
            dialog.border_title = "Keys"
            for group, entries in help_rows(self.keys):
                yield Static(Content.styled(group, "bold $accent"), classes="help-group")
                yield Static(_keys_table(entries), classes="help-keys")
            yield Static(Content.styled("Press escape to close.", "$text-muted"))
