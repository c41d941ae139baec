"""Queries that used to crash, or pointed at the wrong character."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from reader.search import QueryError, parse
from reader.widgets.article_list import ArticleList
from reader.widgets.search_bar import SearchBar
from tests.app.helpers import loaded, until
from tests.factories import write_article


@pytest.mark.parametrize(
    ("query", "column", "words"),
    [
        ("after:0001-01-01", 1, "out of range"),
        ("robot after:0001-01-01", 7, "out of range"),
        ("after:2026-13-45", 1, "needs a date"),
        ("robot heat>9x", 7, "whole number"),
        ("robot   quality<1e3", 9, "whole number"),
        ("ai -heat>x", 4, "whole number"),
        ("heat>" + "9" * 5000, 1, "whole number"),
        ('chips "open', 7, "quote is not closed"),
        ("a is:nothing", 3, "is: takes one of"),
        ("a heat:", 3, "needs a value"),
    ],
)
def test_a_bad_term_is_an_error_at_its_first_character(query: str, column: int, words: str) -> None:
    with pytest.raises(QueryError) as raised:
        parse(query)
    assert words in str(raised.value)
    assert raised.value.position + 1 == column  # shown to the user 1-based


def test_far_but_real_dates_still_work() -> None:
    from datetime import datetime, timezone

    from reader.model import Article, Provider
    from reader.search import Context

    query = parse("before:9999-12-31 after:1900-01-01")
    old = Article(
        id="a" * 16, path="/n/a.md", title="A", url="https://x.example/a", heat=None,
        quality=None, published_at=datetime(1950, 5, 1, tzinfo=timezone.utc),
        provider=Provider("P", "p.example"), topics=(), published=True,
    )  # fmt: skip
    assert query.matches(old, Context(set(), set()))


def test_reader_list_reports_the_date_and_its_position(tmp_path: Path) -> None:
    news = tmp_path / "news"
    write_article(news, "one", title="One story")
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(tmp_path / "d"),
        "XDG_CONFIG_HOME": str(tmp_path / "c"),
        "XDG_CACHE_HOME": str(tmp_path / "k"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "reader", "list", "--query", "robot after:0001-01-01", str(news)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "out of range (at character 7)" in done.stderr


async def test_typing_an_impossible_date_shows_an_error_and_keeps_the_list(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await loaded(pilot)
        articles = app.query_one(ArticleList)
        before = [a.title for a in articles.articles]
        await pilot.press("slash")
        app.query_one(SearchBar).query_one(Input).value = "after:0001-01-01"
        await pilot.pause()
        error = app.query_one("#search-error", Static)
        assert await until(pilot, lambda: error.display)
        assert "out of range (at character 1)" in str(error.render())
        assert [a.title for a in articles.articles] == before
        assert app.is_running
