"""The list's fast paths draw exactly what a full redraw draws (issue 12).

Scrolling moves the lines already drawn (LineList.watch_scroll_y), rows are drawn ahead
(prepare_rows) and from segments (ArticleList.row_strip), the scrollbar is only redrawn
when its thumb moves, and the article pane follows the cursor after the list's frame.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from textual.geometry import Region
from textual.scrollbar import ScrollBarRender

from reader.widgets.article_list import ArticleList
from reader.widgets.detail_pane import DetailPane
from reader.widgets.scrollbar import thumb
from tests.app.helpers import loaded, until
from tests.factories import write_ranked


def drawn(widget: ArticleList) -> list[list[tuple[str, Any]]]:
    """The widget's lines as Textual would put them on screen now (its line cache used)."""
    region = Region(0, 0, widget.region.width, widget.region.height)
    return [[(s.text, s.style) for s in strip] for strip in widget.render_lines(region)]


def redrawn(widget: ArticleList) -> list[list[tuple[str, Any]]]:
    """The same lines drawn from nothing: no line cache, no row cache."""
    widget._styles_cache.clear()
    widget._row_cache.clear()
    return drawn(widget)


async def test_scrolled_lines_are_what_a_full_redraw_draws(make_app, tmp_path: Path) -> None:
    folder = write_ranked(tmp_path / "many", 300)
    app = make_app(folder)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        articles = app.query_one(ArticleList)
        height = articles.scrollable_content_region.height
        moves = ["j"] * (height + 5) + ["k"] * 8 + ["pagedown", "j", "pageup", "k", "k"]
        moves += ["m", "j", "j", "s", "G", "k", "k", "g", "j", "G", "k", "S", "j", "u", "S"]
        for key in moves:
            await pilot.press(key)
            await pilot.pause()
            assert drawn(articles) == redrawn(articles), key
        assert articles.scroll_offset.y > 0  # (it did scroll, both ways)


async def test_a_scroll_by_a_row_draws_one_new_row(make_app, tmp_path: Path) -> None:
    folder = write_ranked(tmp_path / "many", 300)
    app = make_app(folder)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        articles = app.query_one(ArticleList)
        height = articles.scrollable_content_region.height
        for _ in range(height + 2):
            await pilot.press("j")
        await pilot.pause()
        drawn(articles)  # everything on screen is in the line cache now
        asked: list[int] = []
        original = articles.render_line

        def render_line(y: int) -> Any:
            asked.append(y)
            return original(y)

        articles.render_line = render_line  # type: ignore[method-assign]
        await pilot.press("j")
        drawn(articles)
        # The row scrolled into view, the one the cursor left: not the whole list.
        assert sorted(asked) == [height - 2, height - 1]


def test_the_scrollbar_thumb_moves_exactly_when_textual_draws_it_moved() -> None:
    class Bar:  # what _thumb reads of a ScrollBar
        def __init__(self, height: int, virtual: int, window: int) -> None:
            self.size = type("S", (), {"height": height})()
            self.window_virtual_size, self.window_size = virtual, window

        @staticmethod
        def validate_position(position: float) -> float:
            return int(position * 8) / 8

    for height, virtual, window in ((41, 100_000, 41), (41, 500, 41), (20, 60, 20)):
        bar = Bar(height, virtual, window)

        def textual_draws(position: float, bar: Bar = bar) -> list[Any]:
            drawn = ScrollBarRender.render_bar(
                size=bar.size.height,
                virtual_size=bar.window_virtual_size,
                window_size=bar.window_size,
                position=Bar.validate_position(position),
            )
            return list(drawn.segments)

        positions = [p / 4 for p in range(0, (virtual - window) * 4, max(1, virtual // 997))]
        for before, after in itertools.pairwise(positions):
            same_thumb = thumb(bar, before) == thumb(bar, after)  # type: ignore[arg-type]
            assert same_thumb == (textual_draws(before) == textual_draws(after)), (before, after)


async def test_the_pane_follows_a_press_at_once_and_a_held_key_when_let_go(
    make_app, tmp_path: Path
) -> None:
    folder = write_ranked(tmp_path / "many", 40)
    app = make_app(folder)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        articles, pane = app.query_one(ArticleList), app.query_one(DetailPane)
        drawn_for: list[str] = []
        original = pane.show_detail

        def show_detail(article: Any, *args: Any, **kwargs: Any) -> None:
            drawn_for.append(article.id)
            original(article, *args, **kwargs)

        pane.show_detail = show_detail  # type: ignore[method-assign]
        await pilot.press("j")
        assert await until(pilot, lambda: pane.showing == articles.current.id)
        await pilot.pause(0.2)
        drawn_for.clear()
        for _ in range(8):  # faster than any key repeat: a held key
            articles.action_cursor_down()
            await pilot.pause(0.01)
        assert await until(pilot, lambda: pane.showing == articles.current.id)
        assert drawn_for.count(articles.current.id) >= 1
        assert len(drawn_for) <= 3  # not once per row
