"""The TOML config: defaults, every setting, and bad files that never stop the app."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from reader.config import DEFAULT_KEYS, Config, config_path, load_config


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
    assert config.keys == {"toggle_read": "x"}


def test_mark_read_on_open_accepts_on_off(tmp_path: Path) -> None:
    config, _ = load_config(write(tmp_path, 'mark_read_on_open = "off"\n'))
    assert config.mark_read_on_open is False


def test_syntax_error_names_the_line_and_uses_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, 'poll_seconds = 5\ntheme = nord\n')
    config, messages = load_config(path)
    assert config == Config(path=path)
    assert len(messages) == 1
    assert str(path) in messages[0] and "line 2" in messages[0]


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
    for fragment in ("hide_unpublished", "poll_seconds", "'colour'", "'fly'", "toggle_read"):
        assert fragment in joined
    assert len(messages) == 5


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
    assert again.keys == DEFAULT_KEYS  # as_toml writes the keys in force


def test_cli_config_path_and_show(isolated_home: Path) -> None:
    run = [sys.executable, "-m", "reader", "config"]
    path = subprocess.run([*run, "path"], capture_output=True, text=True, check=True).stdout
    assert path.strip().endswith("config/reader-tui/config.toml")
    shown = subprocess.run([*run, "show"], capture_output=True, text=True, check=True).stdout
    assert "mark_read_on_open = true" in shown
    assert "not created yet" in shown
