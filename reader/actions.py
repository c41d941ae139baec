"""The action registry: every action the reader has, with its default keys and words.

One table, no Textual. The app's bindings (by id, so Textual's keymap remaps them), the
footer, the command palette, the `?` screen, the status hints and `reader config show`
are all generated from it and from the keymap in force (`resolve_keys`).
"""

from __future__ import annotations

import contextlib
import itertools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Group = Literal["Move", "Read", "Find", "App"]
# Where an action is bound: on the app, or on the widgets that move a cursor or scroll.
Scope = Literal["app", "list"]


@dataclass(frozen=True, slots=True)
class Action:
    id: str
    keys: str  # default keys, Textual names, comma-separated: the first is the one shown
    help: str  # the `?` screen and the palette's help line
    group: Group
    footer: str = ""  # the footer's label; empty: not in the footer
    title: str = ""  # the command palette's title; empty: not in the palette
    scope: Scope = "app"


ACTIONS: tuple[Action, ...] = (
    # First: the footer shows the app's actions in this order, and these two must fit.
    Action("quit", "q", "quit", "App", footer="Quit"),
    Action("help", "question_mark", "this help", "App", footer="Help", title="Help"),
    Action(
        "cursor_down",
        "j,down",
        "next row (scrolls the article when it has focus)",
        "Move",
        scope="list",
    ),
    Action("cursor_up", "k,up", "previous row", "Move", scope="list"),
    Action("first", "g,home", "first row", "Move", scope="list"),
    Action("last", "G,end", "last row", "Move", scope="list"),
    Action("page_down", "pagedown,ctrl+f", "page down", "Move", scope="list"),
    Action("page_up", "pageup,ctrl+b", "page up", "Move", scope="list"),
    Action(
        "next_unread",
        "n",
        "open the next unread (moves on to the next topic)",
        "Move",
        title="Next unread",
    ),
    Action("previous_unread", "N", "open the previous unread", "Move", title="Previous unread"),
    Action("focus_next", "tab", "next pane", "Move"),
    Action("focus_previous", "shift+tab", "previous pane", "Move"),
    Action("page_article", "space", "scroll the article; at its end, the next unread", "Move"),
    Action(
        "go_back",
        "backspace",
        "back to the article you came from (after a related story)",
        "Move",
        title="Back",
    ),
    Action(
        "select",
        "enter",
        "open the article (marks it read); on a related story, open it",
        "Read",
        scope="list",
    ),
    Action("toggle_read", "m", "toggle read / unread", "Read", footer="Read", title="Toggle read"),
    Action("toggle_star", "s", "star / unstar", "Read", footer="Star", title="Toggle star"),
    Action(
        "open_url",
        "o",
        "open the URL in the browser (http/https only)",
        "Read",
        footer="Open",
        title="Open in browser",
    ),
    Action("copy_url", "y", "copy the URL to the clipboard", "Read", title="Copy URL"),
    Action(
        "full_text",
        "f",
        "fetch the full text and picture (again: refresh)",
        "Read",
        title="Full text",
    ),
    Action(
        "open_link",
        "number_sign",
        "open a numbered link: # and its number, or just the number",
        "Read",
        title="Open a numbered link",
    ),
    Action(
        "mark_all_read",
        "A",
        "mark everything in this view read (asks first)",
        "Read",
        title="Mark all read",
    ),
    # U, not ctrl+z: in a terminal ctrl+z suspends (job control).
    Action("undo", "U", "undo the last read mark (m, or mark-all-read)", "Read", title="Undo"),
    Action(
        "search",
        "slash",
        "search as you type; enter keeps it, escape clears it",
        "Find",
        footer="Search",
        title="Search",
    ),
    Action("clear_search", "escape", "clear the search", "Find", title="Clear search"),
    Action(
        "toggle_unread_only",
        "u",
        "unread only",
        "Find",
        footer="Unread",
        title="Toggle unread only",
    ),
    Action(
        "cycle_sort",
        "S",
        "sort: hottest, newest, best quality",
        "Find",
        footer="Sort",
        title="Cycle sort",
    ),
    Action(
        "toggle_stories",
        "c",
        "one row per story / one per article",
        "Find",
        title="Toggle stories",
    ),
    Action(
        "toggle_unpublished",
        "a",
        "show / hide unpublished (and deleted) articles",
        "Find",
        title="Toggle unpublished",
    ),
    Action(
        "rescan",
        "r",
        "rescan the folders now (they are also watched)",
        "App",
        title="Rescan folders",
    ),
    Action("narrower_sidebar", "left_square_bracket", "narrower sidebar", "App"),
    Action("wider_sidebar", "right_square_bracket", "wider sidebar", "App"),
    Action(
        "smaller_article",
        "less_than_sign",
        "smaller article pane (it moves beside the list when the titles keep room)",
        "App",
        title="Smaller article pane",
    ),
    Action(
        "larger_article",
        "greater_than_sign",
        "larger article pane",
        "App",
        title="Larger article pane",
    ),
    Action(
        "problems", "p", "files that could not be loaded, and why", "App", title="Show problems"
    ),
    Action(
        "command_palette", "ctrl+p", "command palette: every action, every topic, themes", "App"
    ),
)
BY_ID: dict[str, Action] = {action.id: action for action in ACTIONS}
GROUPS: tuple[Group, ...] = ("Move", "Read", "Find", "App")
# Older config files name actions by these ids.
ALIASES: dict[str, str] = {"back": "go_back"}

_MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")
_NAMED_KEYS = frozenset(
    [
        "enter",
        "escape",
        "space",
        "tab",
        "backspace",
        "delete",
        "insert",
        "home",
        "end",
        "pageup",
        "pagedown",
        "up",
        "down",
        "left",
        "right",
    ]
)
_FUNCTION_KEY = re.compile(r"f([1-9]|1[0-9]|2[0-4])")
# Textual's short names for some characters (textual.keys.KEY_NAME_REPLACEMENTS; a test
# checks they agree).
_REPLACEMENTS = {
    "solidus": "slash",
    "reverse_solidus": "backslash",
    "commercial_at": "at",
    "hyphen_minus": "minus",
    "plus_sign": "plus",
    "low_line": "underscore",
}
_REPLACED = {short: long for long, short in _REPLACEMENTS.items()}


def normalize_key(key: str) -> str:
    """A key in Textual's long form: `?` → `question_mark`, `Ctrl+X` → `ctrl+x`."""
    *modifiers, name = key.strip().split("+") if key.strip() != "+" else ["+"]
    if len(name) == 1 and not name.isalnum():
        with contextlib.suppress(ValueError):
            name = unicodedata.name(name).lower().replace("-", "_").replace(" ", "_")
        name = _REPLACEMENTS.get(name, name)
    elif len(name) > 1:
        name = name.lower()
    return "+".join([*(m.lower() for m in modifiers), name])


def is_valid_key(key: str) -> bool:
    *modifiers, name = normalize_key(key).split("+")
    if any(m not in _MODIFIERS for m in modifiers) or not name:
        return False
    if len(name) == 1:
        return name.isprintable() and not name.isspace()
    if name in _NAMED_KEYS or _FUNCTION_KEY.fullmatch(name):
        return True
    return _character(name) is not None


def _character(name: str) -> str | None:
    """The character a long key name stands for (`question_mark` → `?`), if any."""
    words = _REPLACED.get(name, name).split("_")
    if len(words) > 6:
        return None
    # Unicode names mix spaces and hyphens ("LESS-THAN SIGN"): try each joining.
    for joins in itertools.product(" -", repeat=len(words) - 1):
        spelled = words[0] + "".join(j + w for j, w in zip(joins, words[1:], strict=True))
        with contextlib.suppress(KeyError):
            return unicodedata.lookup(spelled)
    return None


def display_key(key: str) -> str:
    """How a key is written for people: `question_mark` → `?`, `slash` → `/`."""
    *modifiers, name = normalize_key(key).split("+")
    if len(name) > 1 and name not in _NAMED_KEYS and not _FUNCTION_KEY.fullmatch(name):
        name = _character(name) or name
    return "+".join([*modifiers, name])


def split_keys(keys: str) -> tuple[str, ...]:
    return tuple(normalize_key(k) for k in keys.split(",") if k.strip())


@dataclass(frozen=True, slots=True)
class Keymap:
    """The keys in force for every action, and what was wrong with the overrides."""

    keys: dict[str, tuple[str, ...]]
    problems: tuple[str, ...] = ()
    overrides: dict[str, str] = field(default_factory=dict)  # the accepted ones only

    def label(self, action_id: str) -> str:
        """The key shown for an action ("m", "/", "ctrl+z"), or "" if it has none."""
        keys = self.keys.get(action_id, ())
        return display_key(keys[0]) if keys else ""

    def labels(self, action_id: str) -> str:
        """Every key of an action, for the help screen: "j / down"."""
        return " / ".join(display_key(k) for k in self.keys.get(action_id, ()))

    def textual(self) -> dict[str, str]:
        """For `App.set_keymap`: binding id → keys, for every remapped action."""
        return {action: ",".join(self.keys[action]) for action in self.overrides}


def resolve_keys(overrides: Mapping[str, str] | None = None) -> Keymap:
    """Apply `overrides` (action id → "key" or "key1,key2") to the defaults.

    An unknown action or key, or a key another action already has, is refused with a
    message naming it; that action keeps its default keys, so nothing is left unbound.
    """
    keys = {action.id: split_keys(action.keys) for action in ACTIONS}
    problems: list[str] = []
    accepted: dict[str, str] = {}
    for raw_id, value in (overrides or {}).items():
        action_id = ALIASES.get(raw_id, raw_id)
        if action_id not in BY_ID:
            problems.append(f"[keys] {raw_id!r} is not an action; ignored")
            continue
        wanted = tuple(k for k in value.split(",") if k.strip())
        bad = [k for k in wanted if not is_valid_key(k)]
        if bad or not wanted:
            problems.append(
                f"[keys] {raw_id} = {value!r}: {bad[0] if bad else value!r} is not a key name "
                f'(try "x", "ctrl+x", "f5"); {action_id} keeps {display_keys(keys[action_id])}'
            )
            continue
        accepted[action_id] = value
        keys[action_id] = tuple(dict.fromkeys(normalize_key(k) for k in wanted))
    while True:  # each pass refuses at least one override, so this ends
        owners: dict[str, list[str]] = {}
        for action_id, action_keys in keys.items():
            for key in action_keys:
                owners.setdefault(key, []).append(action_id)
        clash = next(
            (
                (key, ids)
                for key, ids in owners.items()
                if len(ids) > 1 and any(i in accepted for i in ids)
            ),
            None,
        )
        if clash is None:
            break
        key, ids = clash
        refused = next(i for i in ids if i in accepted)
        other = next(i for i in ids if i != refused)
        default = split_keys(BY_ID[refused].keys)
        problems.append(
            f"[keys] {refused} = {accepted.pop(refused)!r}: {display_key(key)} is already the "
            f"key of {other} “{BY_ID[other].help}”; {refused} keeps {display_keys(default)}"
        )
        keys[refused] = default
    return Keymap(keys=keys, problems=tuple(problems), overrides=accepted)


def display_keys(keys: tuple[str, ...]) -> str:
    return " / ".join(display_key(k) for k in keys)


DEFAULT_KEYMAP = resolve_keys()
