"""Keys from the config file: the remap works, and everything that names a key follows it."""

from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey

from reader.app import ReaderApp
from reader.config import Config
from reader.screens.help import HelpScreen, help_rows
from reader.widgets.article_list import ArticleList
from reader.widgets.status_bar import StatusBar
from tests.app.helpers import loaded, record_notices

REMAP = {"toggle_read": "x", "cursor_down": "ctrl+n", "go_back": "b"}


def footer(app: ReaderApp) -> dict[str, str]:
    """The footer's keys as drawn: description → key shown."""
    return {key.description: key.key_display for key in app.screen.query(FooterKey)}


async def test_remapped_keys_act_and_the_old_ones_do_not(make_app) -> None:
    app = make_app(config=Config(keys=REMAP))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        articles = app.query_one(ArticleList)
        first = articles.current
        assert first is not None and articles.cursor == 0
        await pilot.press("m")
        await pilot.pause()
        assert not app.model.is_read(first.id)  # m is no longer toggle read
        await pilot.press("x")
        await pilot.pause()
        assert app.model.is_read(first.id)
        assert app.query_one(ArticleList).cursor == 0
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert articles.cursor == 1
        await pilot.press("j", "down")  # the remap replaces the default keys
        await pilot.pause()
        assert articles.cursor == 1
        assert app.keys.keys["cursor_down"] == ("ctrl+n",)


async def test_the_footer_shows_the_remapped_key(make_app) -> None:
    app = make_app(config=Config(keys=REMAP))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert footer(app)["Read"] == "x"
        active = {b.binding.id: key for key, b in app.active_bindings.items()}
        assert active["toggle_read"] == "x"
        assert active["go_back"] == "b"
        assert "m" not in app.active_bindings


async def test_the_help_screen_shows_the_remapped_keys(make_app) -> None:
    app = make_app(config=Config(keys=REMAP))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        keys = {text: label for _group, rows in help_rows(app.keys) for label, text in rows}
        assert keys["toggle read / unread"] == "x"
        assert keys["next row (scrolls the article when it has focus)"].split()[0] == "ctrl+n"
        assert keys["back to the article you came from (after a related story)"] == "b"
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.keys is app.keys


async def test_the_palette_help_names_the_remapped_key(make_app) -> None:
    app = make_app(config=Config(keys=REMAP))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        entries = {title: help_text for title, help_text, _ in app.palette_entries()}
        assert entries["Toggle read"].endswith("(x)")
        assert entries["Back"].endswith("(b)")
        assert entries["Toggle star"].endswith("(s)")


async def test_the_unpublished_hint_names_the_remapped_key(make_app) -> None:
    app = make_app(config=Config(keys={"toggle_unpublished": "z"}))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        status = app.query_one(StatusBar)
        assert "1 unpublished hidden (z shows)" in status.text
        await pilot.press("z")
        await pilot.pause()
        assert "showing 1 unpublished (z hides)" in status.text
        await pilot.press("a")  # the old key does nothing now
        await pilot.pause()
        assert "showing 1 unpublished (z hides)" in status.text


async def test_a_conflicting_remap_is_reported_and_nothing_moves(
    make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(config=Config(keys={"toggle_read": "j"}))
    seen = record_notices(app, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        config = [n for n in seen if n.get("title") == "Config"]
        assert len(config) == 1
        assert "toggle_read" in config[0]["message"]
        assert "cursor_down" in config[0]["message"]
        articles = app.query_one(ArticleList)
        first = articles.current
        assert first is not None
        await pilot.press("m")
        await pilot.pause()
        assert app.model.is_read(first.id)
        await pilot.press("j")
        await pilot.pause()
        assert articles.cursor == 1
        assert app.model.is_read(first.id)
        assert articles.current is not None and not app.model.is_read(articles.current.id)
        assert footer(app)["Read"] == "m"
