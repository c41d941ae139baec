"""Textual bindings made from the action registry (reader/actions.py).

Every binding carries its action's id, so `App.set_keymap` (fed by the keymap in force)
remaps it wherever it is bound, and the footer shows the key in force.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.binding import Binding, BindingType

from reader.actions import BY_ID

# What the footer says for a binding it shows on its own (Textual puts ^p at the right).
_SHORT = {"command_palette": "palette"}


def bindings(targets: Mapping[str, str], *, priority: bool = False) -> list[BindingType]:
    """One binding per action id in `targets`, running the widget action it maps to."""
    made: list[BindingType] = []
    for action_id, target in targets.items():
        action = BY_ID[action_id]
        made.append(
            Binding(
                action.keys,
                target,
                action.footer or action.title or _SHORT.get(action_id, action_id.replace("_", " ")),
                show=bool(action.footer),
                id=action_id,
                priority=priority,
            )
        )
    return made


def same_names(*action_ids: str) -> dict[str, str]:
    return {action_id: action_id for action_id in action_ids}


LIST_ACTIONS = same_names("cursor_down", "cursor_up", "first", "last", "page_down", "page_up")
