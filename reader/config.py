"""The TOML config file: `$XDG_CONFIG_HOME/reader-tui/config.toml`.

A bad file never stops the app: every problem becomes a message naming the line or the
key, and the defaults are used for whatever could not be read.
"""

from __future__ import annotations

import os
import re
import shlex
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader import fetchsettings
from reader.actions import Keymap, resolve_keys
from reader.layout import DEFAULT_DETAIL_PERCENT, DETAIL_PERCENT_LIMITS, SIDEBAR_LIMITS, Sizes
from reader.paths import config_dir

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

# Hide articles with `published: false` or `deleted: true` (toggle in the app with `a`).
# hide_unpublished = true

# One row per story: the same event told by several outlets is one row, its lead (the
# hottest), with the others under "Also covered by" (toggle in the app with `c`).
# group_stories = true

# In a view of stories, marking a row read (m, enter, mark-all-read) marks every article
# of its story; false marks only the article on the row.
# story_marks = true

# How often (seconds) to look for added, changed or removed files; 0 turns it off.
# poll_seconds = 5

# The browser `o` opens a URL in. Unset: the system's default (Python's webbrowser
# module: xdg-open or the like under a desktop, www-browser, lynx or w3m in a plain
# terminal). A command, split like a shell line; `%s` stands for the URL, which is
# otherwise added at the end.
# browser = "firefox --new-window"
# browser = "w3m"
# browser = "lynx -accept_all_cookies %s"

# Whether `browser` runs in this terminal: the reader steps aside until you quit it
# (true), or starts it in the background and carries on (false). Unset: true for w3m,
# lynx, links, links2, elinks, browsh and carbonyl, false for anything else.
# browser_console = true

# Pane sizes (also changed in the app: [ and ] for the sidebar, < and > for the
# article pane). The sidebar in columns (unset: a fifth of the terminal, 18 to 28); the
# article pane in percent of the room beside the list, or of the height when it is
# below the list (it moves beside the list once that leaves 60 characters of title).
# sidebar_width = 24
# article_pane = 38

{fetch_example}
# Keys: action = "key" (several keys: "x,ctrl+x"). Key names are Textual's: "x", "X",
# "ctrl+x", "f5", "question_mark" or "?". An action or key the reader does not know, or
# a key another action already has, is reported by name and that action keeps its own
# keys. `reader config show` lists every action with the keys in force.
# [keys]
# toggle_read = "x"
# quit = "q,ctrl+q"
""".replace("{fetch_example}", fetchsettings.EXAMPLE)


# Textual's built-in themes (textual.theme.BUILTIN_THEMES; a unit test checks they agree),
# written out so `reader config show` can check a theme without importing Textual.
THEMES = frozenset(
    [
        "ansi-dark",
        "ansi-light",
        "atom-one-dark",
        "atom-one-light",
        "catppuccin-frappe",
        "catppuccin-latte",
        "catppuccin-macchiato",
        "catppuccin-mocha",
        "dracula",
        "flexoki",
        "gruvbox",
        "monokai",
        "nord",
        "rose-pine",
        "rose-pine-dawn",
        "rose-pine-moon",
        "solarized-dark",
        "solarized-light",
        "textual-dark",
        "textual-light",
        "tokyo-night",
    ]
)
POLL_LIMITS = (1.0, 3600.0)  # seconds between checks for changed files, when on


@dataclass(frozen=True, slots=True)
class Config:
    folders: tuple[str, ...] = ()
    theme: str | None = None
    mark_read_on_open: bool | float = True  # float: seconds before it counts as read
    hide_unpublished: bool = True
    group_stories: bool = True
    story_marks: bool = True
    poll_seconds: float = 5.0
    browser: str | None = None  # a command line (shlex), `%s` for the URL; None: the default
    browser_console: bool | None = None  # None: guess from the browser's name
    sidebar_width: int | None = None  # None: from the terminal's width
    article_pane: int = DEFAULT_DETAIL_PERCENT
    fetch_on_open: bool = False  # fetch the full text on enter, as `f` does
    images: str = "auto"  # "auto" or "off" (reader/fetchsettings.py)
    cache_max_mb: int = 500
    fetch_timeout: float = 10.0
    # The [keys] table as written (action id → "key" or "key1,key2"), string values only:
    # `keymap()` decides what is valid and what conflicts.
    keys: dict[str, str] = field(default_factory=dict)
    path: Path | None = None

    def keymap(self) -> Keymap:
        """The keys in force: the defaults with the accepted overrides (and the problems)."""
        return resolve_keys(self.keys)

    def pane_sizes(self) -> Sizes:
        return Sizes(self.sidebar_width, self.article_pane)

    def as_toml(self) -> str:
        theme = _quote(self.theme) if self.theme else '""  # the one last picked in the app'
        lines = [
            f"folders = [{', '.join(_quote(f) for f in self.folders)}]",
            f"theme = {theme}",
            f"mark_read_on_open = {_toml_value(self.mark_read_on_open)}",
            f"hide_unpublished = {_toml_value(self.hide_unpublished)}",
            f"group_stories = {_toml_value(self.group_stories)}",
            f"story_marks = {_toml_value(self.story_marks)}",
            f"poll_seconds = {_toml_value(self.poll_seconds)}",
        ]
        if self.browser is not None:
            lines.append(f"browser = {_quote(self.browser)}")
        else:
            lines.append("# browser: unset, so the system's default browser")
        if self.browser_console is not None:
            lines.append(f"browser_console = {_toml_value(self.browser_console)}")
        else:
            lines.append("# browser_console: unset, so guessed from the browser's name")
        if self.sidebar_width is not None:
            lines.append(f"sidebar_width = {self.sidebar_width}")
        else:
            lines.append("# sidebar_width: unset, so a fifth of the terminal (18 to 28)")
        lines.append(f"article_pane = {self.article_pane}")
        lines += fetchsettings.as_toml(
            self.fetch_on_open, self.images, self.cache_max_mb, self.fetch_timeout
        )
        lines += ["", "[keys]"]
        keymap = self.keymap()
        lines += [f"{action} = {_quote(','.join(keys))}" for action, keys in keymap.keys.items()]
        return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    """A TOML basic string (control characters escaped, so also safe to print)."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif (ord(ch) < 0x20 and ch != "\t") or 0x7F <= ord(ch) <= 0x9F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


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
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return Config(path=path), [f"{path}: not UTF-8 text; using defaults"]
    data, messages = _parse_leniently(text, path)
    config, more = _from_mapping(data, path)
    return config, messages + more


_ERROR_LINE = re.compile(r"\(at line (\d+), column \d+\)$")
MAX_SKIPPED_LINES = 10


def _parse_leniently(text: str, path: Path) -> tuple[dict[str, Any], list[str]]:
    """The file's settings; a line TOML can't read is left out (and named) so one typo
    doesn't throw away the rest. Past MAX_SKIPPED_LINES, or when the error has no line,
    nothing is used."""
    lines = text.splitlines()
    skipped: list[str] = []
    while True:
        try:
            data = tomllib.loads("\n".join(lines))
        except tomllib.TOMLDecodeError as exc:
            reason = str(exc)
            where = _ERROR_LINE.search(reason)
            number = int(where.group(1)) if where else 0
            if not where or len(skipped) >= MAX_SKIPPED_LINES or not 0 < number <= len(lines):
                return {}, [f"{path}: {reason}; no setting in this file is used (defaults)"]
            reason = reason[: where.start()].strip()
            skipped.append(f"{path}: line {number}: {reason}; that line is ignored")
            lines[number - 1] = ""  # blanked, not removed: later line numbers stay right
            continue
        return data, skipped


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
            if isinstance(value, str) and (not value or value in THEMES):
                values["theme"] = value or None
            elif isinstance(value, str):
                messages.append(
                    f"{path}: theme {value!r} is not a known theme; using the one last picked"
                    " in the app (ctrl+p → Change theme lists them)"
                )
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
        elif key in ("hide_unpublished", "group_stories", "story_marks"):
            if isinstance(value, bool):
                values[key] = value
            else:
                bad(key, "true or false")
        elif key == "poll_seconds":
            if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0:
                seconds = float(value)
                if seconds and not POLL_LIMITS[0] <= seconds <= POLL_LIMITS[1]:
                    # A tiny interval spins a core; inf or nan can't be scheduled.
                    seconds = POLL_LIMITS[0] if seconds < POLL_LIMITS[0] else POLL_LIMITS[1]
                    messages.append(
                        f"{path}: poll_seconds = {value} is outside {POLL_LIMITS[0]:g} .. "
                        f"{POLL_LIMITS[1]:g} (or 0 for off); using {seconds:g}"
                    )
                values[key] = seconds
            else:
                bad(key, "a number of seconds (0 turns polling off)")
        elif key == "browser":
            if isinstance(value, str) and _command_words(value):
                values[key] = value
            else:
                bad(key, 'a browser command like "w3m" or "firefox --new-window %s"')
        elif key == "browser_console":
            if isinstance(value, bool):
                values[key] = value
            else:
                bad(key, "true (runs in this terminal) or false (starts in the background)")
        elif key in ("sidebar_width", "article_pane"):
            low, high = SIDEBAR_LIMITS if key == "sidebar_width" else DETAIL_PERCENT_LIMITS
            unit = "columns" if key == "sidebar_width" else "percent"
            if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
                values[key] = value
            else:
                bad(key, f"a whole number of {unit} from {low} to {high}")
        elif key in fetchsettings.SETTINGS:
            setting, expected = fetchsettings.read(key, value)
            if expected:
                bad(key, expected)
            else:
                values[key] = setting
        elif key == "keys":
            if isinstance(value, dict):
                values["keys"] = _keys(value, path, messages)
            else:
                bad(key, 'a table of action = "key"')
        else:
            messages.append(f"{path}: unknown setting {key!r} ignored")
    return Config(path=path, **values), messages


def _command_words(command: str) -> list[str]:
    """The command split like a shell line; [] if it is empty or can't be split."""
    try:
        return shlex.split(command)
    except ValueError:  # an unclosed quote
        return []


def _keys(table: dict[str, Any], path: Path, messages: list[str]) -> dict[str, str]:
    """The string entries; which actions and keys are valid is `resolve_keys`'s call."""
    keys: dict[str, str] = {}
    for action, key in table.items():
        if isinstance(key, str):
            keys[action] = key
        else:
            messages.append(
                f'{path}: [keys] {action} should be a key name like "x" (or "x,ctrl+x"); ignored'
            )
    return keys
