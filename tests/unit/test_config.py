"""The TOML config: defaults, every setting, and bad files that never stop the app."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import reader.config
from reader.actions import ACTIONS, DEFAULT_KEYMAP
from reader.config import EXAMPLE, THEMES, Config, config_path, load_config


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    config, messages = load_config(tmp_path / "nope.toml")
    assert messages == []
    assert config.folders == ()
    assert config.mark_read_on_open is True
    assert config.hide_unpublished is True
    assert config.theme is None


def test_config_path_follows_xdg(isolated_home: Path) -> None:
    assert config_path() == isolated_home / "config" / "reader-tui" / "config.toml"
    assert not config_path().parent.exists()  # nothing created just by asking


def test_every_setting_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'folders = ["~/news", "/srv/more"]\n'
        'theme = "nord"\n'
        "mark_read_on_open = 2.5\n"
        "hide_unpublished = false\n"
        "poll_seconds = 0\n"
        'browser = "firefox --new-window %s"\n'
        "browser_console = false\n"
        '[keys]\ntoggle_read = "x"\n',
    )
    config, messages = load_config(path)
    assert messages == []
    assert config.folders[0].endswith("/news") and not config.folders[0].startswith("~")
    assert config.folders[1] == "/srv/more"
    assert config.theme == "nord"
    assert config.mark_read_on_open == 2.5
    assert config.hide_unpublished is False
    assert config.poll_seconds == 0
    assert config.browser == "firefox --new-window %s"
    assert config.browser_console is False
    assert config.keys == {"toggle_read": "x"}


def test_mark_read_on_open_accepts_on_off(tmp_path: Path) -> None:
    config, _ = load_config(write(tmp_path, 'mark_read_on_open = "off"\n'))
    assert config.mark_read_on_open is False


def test_a_line_toml_cannot_read_is_named_and_the_rest_still_applies(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'poll_seconds = 7\ntheme = nord\nbrowser = "w3m\nhide_unpublished = false\n'
        '[keys\n[keys]\ntoggle_read = "x"\n',
    )
    config, messages = load_config(path)
    assert config == Config(
        path=path, poll_seconds=7.0, hide_unpublished=False, keys={"toggle_read": "x"}
    )
    assert [m.split(": ")[1] for m in messages] == ["line 2", "line 3", "line 5"]
    assert all(str(path) in m and m.endswith("that line is ignored") for m in messages)


def test_a_file_past_mending_says_that_defaults_are_in_force(tmp_path: Path) -> None:
    path = write(tmp_path, "poll_seconds = 7\n" + "= 1\n" * 20)
    config, messages = load_config(path)
    assert config == Config(path=path)
    assert messages[-1].endswith("no setting in this file is used (defaults)")
    assert "line 12" in messages[-1]  # ten lines skipped, the eleventh bad one gives up


def test_an_unknown_theme_is_reported_and_not_shown_as_in_force(tmp_path: Path) -> None:
    config, messages = load_config(write(tmp_path, 'theme = "no-such-theme"\n'))
    assert config.theme is None
    assert "'no-such-theme' is not a known theme" in messages[0]
    assert "no-such-theme" not in config.as_toml()


def test_the_known_themes_are_textuals() -> None:
    from textual.theme import BUILTIN_THEMES

    assert set(BUILTIN_THEMES) == THEMES


def test_wrong_types_and_unknown_keys_are_reported_one_by_one(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'hide_unpublished = "yes"\npoll_seconds = -3\ncolour = "red"\ntheme = "dracula"\n'
        '[keys]\nfly = "f"\ntoggle_read = 3\n',
    )
    config, messages = load_config(path)
    assert config.theme == "dracula"  # the good setting still applies
    assert config.hide_unpublished is True
    joined = "\n".join(messages)
    for fragment in ("hide_unpublished", "poll_seconds", "'colour'", "toggle_read"):
        assert fragment in joined
    assert len(messages) == 4
    # The [keys] table keeps its string entries; the keymap decides what they mean.
    assert config.keys == {"fly": "f"}
    assert config.keymap().problems == ("[keys] 'fly' is not an action; ignored",)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'theme = "\xff"\n')
    config, messages = load_config(path)
    assert "UTF-8" in messages[0]
    assert config == Config(path=path)


def test_as_toml_round_trips(tmp_path: Path) -> None:
    config = Config(folders=("/a b", '/q"x'), theme="nord", mark_read_on_open=3.0)
    path = write(tmp_path, config.as_toml())
    again, messages = load_config(path)
    assert messages == []
    assert again.folders == config.folders
    assert again.theme == "nord"
    assert again.mark_read_on_open == 3.0
    assert again.browser is None and again.browser_console is None
    # as_toml writes every action's keys in force
    assert set(again.keys) == {action.id for action in ACTIONS}
    keymap = again.keymap()
    assert keymap.problems == ()
    assert keymap.keys == DEFAULT_KEYMAP.keys


def test_as_toml_shows_the_keys_in_force_and_the_browser(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'browser = "w3m"\nbrowser_console = true\n'
        '[keys]\ntoggle_read = "x,ctrl+x"\nquit = "s"\nback = "b"\n',
    )
    config, messages = load_config(path)
    assert messages == []
    shown = tomllib.loads(config.as_toml())
    assert shown["browser"] == "w3m" and shown["browser_console"] is True
    keys = shown["keys"]
    assert keys["toggle_read"] == "x,ctrl+x"
    assert keys["quit"] == "q"  # s is toggle_star's: refused, so quit keeps q
    assert keys["go_back"] == "b"  # the old id `back` still works
    assert keys["help"] == "question_mark"
    assert "back" not in keys
    problems = config.keymap().problems
    assert len(problems) == 1 and "quit" in problems[0] and "toggle_star" in problems[0]


def test_as_toml_escapes_control_characters(tmp_path: Path) -> None:
    config = Config(folders=("/a\x1b[31mb\nc\x9b",), browser="w3m\t-o x")
    text = config.as_toml()
    assert "\x1b" not in text and "\x9b" not in text
    path = write(tmp_path, text)
    again, messages = load_config(path)
    assert messages == []
    assert again.folders == config.folders and again.browser == config.browser


@pytest.mark.parametrize(
    "line",
    [
        'browser = ""',
        "browser = 3",
        'browser = "   "',
        'browser = "w3m \'unclosed"',
        'browser = ["w3m"]',
    ],
)
def test_bad_browser_is_reported_and_dropped(tmp_path: Path, line: str) -> None:
    path = write(tmp_path, line + "\n")
    config, messages = load_config(path)
    assert config.browser is None
    assert len(messages) == 1 and "browser should be" in messages[0] and str(path) in messages[0]


def test_bad_browser_console_is_reported(tmp_path: Path) -> None:
    config, messages = load_config(write(tmp_path, 'browser_console = "yes"\n'))
    assert config.browser_console is None
    assert len(messages) == 1 and "browser_console" in messages[0]


def test_non_string_keys_are_named_and_dropped(tmp_path: Path) -> None:
    path = write(tmp_path, '[keys]\ntoggle_read = 3\nquit = ["q"]\ntoggle_star = "x"\n')
    config, messages = load_config(path)
    assert config.keys == {"toggle_star": "x"}
    assert len(messages) == 2
    assert "toggle_read" in messages[0] and "quit" in messages[1]


def test_keys_not_a_table(tmp_path: Path) -> None:
    config, messages = load_config(write(tmp_path, 'keys = "x"\n'))
    assert config.keys == {}
    assert len(messages) == 1 and "keys" in messages[0]


def test_no_default_keys_table_in_config() -> None:
    assert not hasattr(reader.config, "DEFAULT_KEYS")


def test_example_is_valid_once_uncommented(tmp_path: Path) -> None:
    """Every example line, uncommented, is a setting the loader accepts."""
    lines: list[str] = []
    for line in EXAMPLE.splitlines():
        setting = re.fullmatch(r"# (\w+) = .*|# \[keys\]", line)
        if setting is None:
            continue  # prose
        if setting[1] and any(existing.startswith(f"{setting[1]} =") for existing in lines):
            continue  # a second example of the same setting
        lines.append(line[2:])
    assert len(lines) >= 10
    text = "\n".join(lines) + "\n"
    path = write(tmp_path, text)
    config, messages = load_config(path)
    assert messages == []
    assert config.browser == "firefox --new-window"
    assert config.browser_console is True
    assert config.keymap().problems == ()


def test_cli_config_path_and_show(isolated_home: Path) -> None:
    run = [sys.executable, "-m", "reader", "config"]
    path = subprocess.run([*run, "path"], capture_output=True, text=True, check=True).stdout
    assert path.strip().endswith("config/reader-tui/config.toml")
    shown = subprocess.run([*run, "show"], capture_output=True, text=True, check=True).stdout
    assert "mark_read_on_open = true" in shown
    assert "not created yet" in shown
    assert 'help = "question_mark"' in shown


def test_cli_config_show_reports_key_problems_by_name(isolated_home: Path) -> None:
    folder = isolated_home / "config" / "reader-tui"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text(
        '[keys]\nfly = "f"\ntoggle_read = "s"\nquit = "ctrl+nothing"\nhelp = 5\n',
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "reader", "config", "show"], capture_output=True, text=True
    )
    assert result.returncode == 0
    errors = result.stderr.splitlines()
    assert len(errors) == 4, errors
    assert all(line.startswith(f"reader: {folder / 'config.toml'}: [keys] ") for line in errors)
    joined = result.stderr
    assert "'fly' is not an action" in joined
    assert "toggle_read" in joined and "toggle_star" in joined  # the conflict, by name
    assert "quit" in joined and "ctrl+nothing" in joined
    assert "help" in joined
    assert 'toggle_read = "m"' in result.stdout  # refused: the default is in force
