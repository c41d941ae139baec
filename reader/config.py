"""The TOML config file: `$XDG_CONFIG_HOME/reader-tui/config.toml`.

A bad file never stops the app: every problem becomes a message naming the line or the
key, and the defaults are used for whatever could not be read.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.paths import config_dir

# Action ids that keys can be bound to, with their default keys (see app.py).
DEFAULT_KEYS: dict[str, str] = {
    "quit": "q",
    "help": "question_mark",
    "toggle_read": "m",
    "toggle_star": "s",
    "open_url": "o",
    "copy_url": "y",
    "toggle_unpublished": "a",
    "toggle_unread_only": "u",
    "cycle_sort": "S",
    "search": "slash",
    "mark_all_read": "A",
    "undo": "ctrl+z",
    "next_unread": "n",
    "previous_unread": "N",
    "rescan": "r",
    "problems": "p",
    "back": "backspace",
}

EXAMPLE = """\
# reader-tui settings. Every setting is optional.

# Folders opened when `reader` is run without a PATH (default: the bundled seeds).
# folders = ["~/news/_news"]

# A Textual theme (ctrl+p → "Change theme" lists them). When unset, the theme you last
# picked in the app is used.
# theme = "textual-dark"

# Mark an article read when you open it with enter: true, false, or a number of
# seconds it must stay open first.
# mark_read_on_open = true

# Hide articles with `published: false` (toggle in the app with `a`).
# hide_unpublished = true

# How often (seconds) to look for added, changed or removed files; 0 turns it off.
# poll_seconds = 5

# Key overrides: action = "key" (several keys: "x,ctrl+x").
# [keys]
# toggle_read = "x"
"""


@dataclass(frozen=True, slots=True)
class Config:
    folders: tuple[str, ...] = ()
    theme: str | None = None
    mark_read_on_open: bool | float = True  # float: seconds before it counts as read
    hide_unpublished: bool = True
    poll_seconds: float = 5.0
    keys: dict[str, str] = field(default_factory=dict)
    path: Path | None = None

    def as_toml(self) -> str:
        theme = _quote(self.theme) if self.theme else '""  # the one last picked in the app'
        lines = [
            f"folders = [{', '.join(_quote(f) for f in self.folders)}]",
            f"theme = {theme}",
            f"mark_read_on_open = {_toml_value(self.mark_read_on_open)}",
            f"hide_unpublished = {_toml_value(self.hide_unpublished)}",
            f"poll_seconds = {_toml_value(self.poll_seconds)}",
            "",
            "[keys]",
        ]
        keys = {**DEFAULT_KEYS, **self.keys}
        lines += [f"{action} = {_quote(key)}" for action, key in keys.items()]
        return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def config_path() -> Path:
    return config_dir() / "config.toml"


def load_config(path: Path | None = None) -> tuple[Config, list[str]]:
    """(the settings, messages about anything that was ignored)."""
    path = path or config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config(path=path), []
    except OSError as exc:
        return Config(path=path), [f"{path}: can't be read ({exc.strerror or exc}); using defaults"]
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return Config(path=path), [f"{path}: not UTF-8 text; using defaults"]
    except tomllib.TOMLDecodeError as exc:
        return Config(path=path), [f"{path}: {exc}; using defaults"]
    return _from_mapping(data, path)


def _from_mapping(data: dict[str, Any], path: Path) -> tuple[Config, list[str]]:
    messages: list[str] = []

    def bad(key: str, expected: str) -> None:
        messages.append(f"{path}: {key} should be {expected}; using the default")

    values: dict[str, Any] = {}
    for key, value in data.items():
        if key == "folders":
            if isinstance(value, str):
                value = [value]
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                values["folders"] = tuple(os.path.expanduser(v) for v in value)
            else:
                bad(key, "a list of folder paths")
        elif key == "theme":
            if isinstance(value, str):
                values["theme"] = value or None
            else:
                bad(key, "a theme name")
        elif key == "mark_read_on_open":
            if isinstance(value, bool):
                values[key] = value
            elif isinstance(value, (int, float)) and value >= 0:
                values[key] = float(value)
            elif isinstance(value, str) and value.lower() in ("on", "off"):
                values[key] = value.lower() == "on"
            else:
                bad(key, "true, false or a number of seconds")
        elif key == "hide_unpublished":
            if isinstance(value, bool):
                values[key] = value
            else:
                bad(key, "true or false")
        elif key == "poll_seconds":
            if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0:
                values[key] = float(value)
            else:
                bad(key, "a number of seconds (0 turns polling off)")
        elif key == "keys":
            if isinstance(value, dict):
                values["keys"] = _keys(value, path, messages)
            else:
                bad(key, "a table of action = \"key\"")
        else:
            messages.append(f"{path}: unknown setting {key!r} ignored")
    return Config(path=path, **values), messages


def _keys(table: dict[str, Any], path: Path, messages: list[str]) -> dict[str, str]:
    keys: dict[str, str] = {}
    for action, key in table.items():
        if action not in DEFAULT_KEYS:
            messages.append(f"{path}: [keys] {action!r} is not an action; ignored")
        elif not isinstance(key, str) or not key.strip():
            messages.append(f"{path}: [keys] {action} should be a key name like \"x\"; ignored")
        else:
            keys[action] = key.strip()
    return keys
