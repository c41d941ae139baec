"""The smaller hardening items: bounded config values, visible escapes in URLs and file
names, a private state.db, a typo'd folder, a folder that goes away and comes back."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from reader.config import POLL_LIMITS, _from_mapping
from reader.ingest import load
from reader.paths import state_db_path
from reader.state import StateStore
from reader.textsafe import visible_name
from reader.watch import folders_changed
from tests.app.helpers import detail_text
from tests.factories import article_text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1e-9, POLL_LIMITS[0]),
        (0.5, POLL_LIMITS[0]),
        (1e12, POLL_LIMITS[1]),
        (float("inf"), POLL_LIMITS[1]),
        (0, 0.0),
        (5, 5.0),
    ],
)
def test_poll_seconds_is_bounded_and_said(value: float, expected: float) -> None:
    config, messages = _from_mapping({"poll_seconds": value}, Path("config.toml"))
    assert config.poll_seconds == expected
    assert bool(messages) == (expected != value)


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("https://a.example/x\nhttps://b.example/", "https://a.example/x\\nhttps://b.example/"),
        ("news/\u202egpj.md", "news/\\u202egpj.md"),
        ("news/a\u200bb.md", "news/a\\u200bb.md"),
        (os.fsdecode(b"news/caf\xe9.md"), "news/caf\\xe9.md"),  # a byte that isn't UTF-8
        ("news/\x1b[31mred.md", "news/\\u001b[31mred.md"),
        ("news/東京.md", "news/東京.md"),
    ],
)
def test_invisible_characters_in_names_are_shown_escaped(name: str, shown: str) -> None:
    assert visible_name(name) == shown


async def test_the_detail_pane_shows_one_escaped_link(make_app, tmp_path: Path) -> None:
    from tests.app.helpers import loaded

    news = tmp_path / "odd"
    news.mkdir()
    (news / "a\u202etxt.md").write_text(
        article_text(title="Odd link", originalUrl="https://x.example/a\u202eb"), "utf-8"
    )
    app = make_app(news)
    async with app.run_test(size=(160, 45)) as pilot:
        await loaded(pilot)
        text = detail_text(app)
    assert "\u202e" not in text
    assert "https://x.example/a\\u202eb" in text and "a\\u202etxt.md" in text


def test_a_new_state_db_is_private() -> None:
    StateStore.open(state_db_path()).close()
    assert stat.S_IMODE(os.stat(state_db_path()).st_mode) == 0o600


def test_a_folder_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "reader", str(tmp_path / "nope")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2
    assert "no such file or folder" in done.stderr and "nope" in done.stderr


def test_a_folder_that_comes_back_is_a_change(tmp_path: Path) -> None:
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.md").write_text(
        article_text(title="A story", originalUrl="https://x.example/a"), "utf-8"
    )
    shutil.move(news, tmp_path / "away")
    gone = load([str(news)], workers=1)
    assert not gone.articles
    assert not folders_changed(gone.folders)  # still gone: no rescan on every poll
    shutil.move(tmp_path / "away", news)
    assert folders_changed(gone.folders)  # back: the next poll rescans at once
    assert load([str(news)], workers=1).articles


def test_config_show_is_valid_toml_whatever_the_config_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tomllib

    odd = tmp_path / "conf\nig\x1b[2J\u202e"
    odd.mkdir()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(odd))
    folder = odd / "reader-tui"
    folder.mkdir()
    (folder / "config.toml").write_text('folders = ["x\\u001b]0;pwn\\u0007"]\n', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "reader", "config", "show"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\x1b" not in result.stderr and "\u202e" not in result.stdout
    assert tomllib.loads(result.stdout)["folders"] == ["x\x1b]0;pwn\x07"]  # the exact value
