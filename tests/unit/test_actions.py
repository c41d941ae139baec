"""The action registry and the keymap in force (reader/actions.py)."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.keys import KEY_NAME_REPLACEMENTS, _character_to_key

from reader import actions
from reader.actions import (
    ACTIONS,
    ALIASES,
    BY_ID,
    DEFAULT_KEYMAP,
    display_key,
    is_valid_key,
    normalize_key,
    resolve_keys,
    split_keys,
)

DEFAULT_KEYS = sorted({k.strip() for a in ACTIONS for k in a.keys.split(",")})


def textual_normalized(key: str) -> str:
    """What Textual makes of a key in a keymap (App.set_keymap normalises this way)."""
    return App._normalize_keymap({"id": key})["id"]


def test_every_action_id_is_unique_and_has_keys() -> None:
    assert len(BY_ID) == len(ACTIONS)
    for action in ACTIONS:
        assert split_keys(action.keys), action.id
        assert all(is_valid_key(k) for k in split_keys(action.keys)), action.id


def test_defaults_have_no_conflicting_keys() -> None:
    owners: dict[str, str] = {}
    for action in ACTIONS:
        for key in split_keys(action.keys):
            assert key not in owners, f"{key} is bound to {owners.get(key)} and {action.id}"
            owners[key] = action.id
    assert DEFAULT_KEYMAP.problems == ()
    assert DEFAULT_KEYMAP.overrides == {}
    assert DEFAULT_KEYMAP.textual() == {}


def test_default_labels() -> None:
    assert DEFAULT_KEYMAP.label("toggle_read") == "m"
    assert DEFAULT_KEYMAP.label("search") == "/"
    assert DEFAULT_KEYMAP.label("help") == "?"
    assert DEFAULT_KEYMAP.label("undo") == "U"
    assert DEFAULT_KEYMAP.labels("cursor_down") == "j / down"
    assert DEFAULT_KEYMAP.label("no_such_action") == ""


def test_a_remap_moves_the_key() -> None:
    keymap = resolve_keys({"toggle_read": "x"})
    assert keymap.problems == ()
    assert keymap.keys["toggle_read"] == ("x",)
    assert keymap.label("toggle_read") == "x"
    assert keymap.textual() == {"toggle_read": "x"}
    assert "m" not in {k for keys in keymap.keys.values() for k in keys}


def test_a_remap_to_several_keys() -> None:
    keymap = resolve_keys({"quit": "q,ctrl+q"})
    assert keymap.problems == ()
    assert keymap.keys["quit"] == ("q", "ctrl+q")
    assert keymap.labels("quit") == "q / ctrl+q"


def test_a_remap_onto_a_taken_key_is_refused() -> None:
    keymap = resolve_keys({"toggle_read": "j"})
    assert keymap.keys["toggle_read"] == ("m",)
    assert keymap.keys["cursor_down"] == ("j", "down")
    assert keymap.overrides == {}
    assert keymap.textual() == {}
    (problem,) = keymap.problems
    assert "toggle_read" in problem and "cursor_down" in problem
    assert "j" in problem
    assert "keeps m" in problem


def test_swapping_two_keys_is_allowed() -> None:
    keymap = resolve_keys({"toggle_read": "s", "toggle_star": "m"})
    assert keymap.problems == ()
    assert keymap.keys["toggle_read"] == ("s",)
    assert keymap.keys["toggle_star"] == ("m",)


def test_two_remaps_onto_one_key_keep_one() -> None:
    keymap = resolve_keys({"toggle_read": "x", "toggle_star": "x"})
    assert len(keymap.problems) == 1
    owners = [a for a, keys in keymap.keys.items() if "x" in keys]
    assert len(owners) == 1
    assert {"toggle_read", "toggle_star"} - set(owners)  # the other kept its default
    assert keymap.keys["toggle_read"] in (("x",), ("m",))
    assert keymap.keys["toggle_star"] in (("x",), ("s",))


def test_a_refusal_that_frees_nothing_still_ends_without_clashes() -> None:
    # toggle_star takes m; toggle_read's j is refused, so it falls back on m: refused too.
    keymap = resolve_keys({"toggle_star": "m", "toggle_read": "j"})
    keys = [k for action_keys in keymap.keys.values() for k in action_keys]
    assert len(keys) == len(set(keys))
    assert keymap.keys["toggle_read"] == ("m",)
    assert keymap.keys["toggle_star"] == ("s",)
    assert len(keymap.problems) == 2


def test_an_unknown_action_is_reported_by_name() -> None:
    keymap = resolve_keys({"launch_rockets": "x"})
    (problem,) = keymap.problems
    assert "launch_rockets" in problem
    assert keymap.keys == DEFAULT_KEYMAP.keys


@pytest.mark.parametrize("bad", ["ctrl+nope", "", "hyper+", "notakey", "ctrl+"])
def test_a_bad_key_name_is_reported_by_name(bad: str) -> None:
    keymap = resolve_keys({"toggle_read": bad})
    (problem,) = keymap.problems
    assert "toggle_read" in problem
    if bad.strip():
        assert bad in problem
    assert keymap.keys["toggle_read"] == ("m",)


def test_the_old_name_back_is_go_back() -> None:
    assert ALIASES["back"] == "go_back"
    keymap = resolve_keys({"back": "b"})
    assert keymap.problems == ()
    assert keymap.keys["go_back"] == ("b",)
    assert keymap.textual() == {"go_back": "b"}


@pytest.mark.parametrize("key", [*DEFAULT_KEYS, "?", "/", "+", "-", "ctrl+z", "x", "X", "f5"])
def test_normalize_key_agrees_with_textual(key: str) -> None:
    ours = normalize_key(key)
    assert ours == textual_normalized(key)
    if len(key) == 1:
        assert ours == _character_to_key(key)


@pytest.mark.parametrize("key", [*DEFAULT_KEYS, "?", "/", "+", "-", "ctrl+z"])
def test_normalized_keys_stay_put(key: str) -> None:
    once = normalize_key(key)
    assert normalize_key(once) == once
    assert textual_normalized(once) == once


def test_short_names_agree_with_textual() -> None:
    assert actions._REPLACEMENTS == KEY_NAME_REPLACEMENTS


@pytest.mark.parametrize(
    ("key", "shown"),
    [("question_mark", "?"), ("slash", "/"), ("ctrl+z", "ctrl+z"), ("pagedown", "pagedown")],
)
def test_display_key(key: str, shown: str) -> None:
    assert display_key(key) == shown


def test_keys_written_as_characters_are_stored_in_textual_form() -> None:
    keymap = resolve_keys({"help": "?", "search": "ctrl+s"})
    assert keymap.problems == ()
    assert keymap.keys["help"] == ("question_mark",)
    assert keymap.label("help") == "?"
    assert keymap.textual() == {"help": "question_mark", "search": "ctrl+s"}
