"""Huge numbers of problem files: the problems screen opens at once and says what it left out."""

from __future__ import annotations

from textual.app import App
from textual.widgets import OptionList, Static

from reader.model import Problem
from reader.screens.problems import SHOWN_AT_MOST, ProblemsScreen


async def test_problems_screen_shows_a_bounded_list_and_says_how_many_more() -> None:
    problems = [Problem(f"/news/bad-{n}.md", "no front matter") for n in range(50_000)]
    app: App[None] = App()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(ProblemsScreen(problems, []))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProblemsScreen)
        options = screen.query_one("#problems-list", OptionList)
        assert options.option_count == SHOWN_AT_MOST
        more = str(screen.query_one("#problems-more", Static).render())
        assert f"{50_000 - SHOWN_AT_MOST:,} more" in more
        assert "reader check" in more


async def test_a_short_list_has_no_more_line() -> None:
    problems = [Problem("/news/bad.md", "no front matter")]
    app: App[None] = App()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(ProblemsScreen(problems, []))
        await pilot.pause()
        assert app.screen.query_one("#problems-list", OptionList).option_count == 1
        assert not app.screen.query("#problems-more")
