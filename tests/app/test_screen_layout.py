"""The screen at the sizes people use: where panes go, what the list shows, what the
article's links look like, and how settings problems are told."""

from __future__ import annotations

from pathlib import Path

from textual.geometry import Region
from textual.widgets import Static

from reader.config import load_config
from reader.screens.problems import ProblemsScreen
from reader.widgets.article_list import UNPUBLISHED_MARK, ArticleList
from reader.widgets.detail_pane import DetailPane
from tests.app.helpers import loaded, record_notices, until
from tests.app.test_markup_safety import list_lines, screen_lines
from tests.factories import write_article, write_ranked

LONG_URL = "https://testwire.example/news/2026/11/a-very-long-path/" + "segment-" * 12 + "end"


def many(folder: Path, n: int = 30) -> Path:
    write_ranked(
        folder,
        n,
        title="Story {i:02d} about an invented accelerator launch and its many partners",
        per_rank=lambda i: {"quality": i},  # best quality last by heat
        topics=["Chips"],
    )
    write_article(folder, "draft", title="An unpublished draft", heat=99, published=False)
    write_article(folder, "long-url", title="Story with a long link", heat=5, originalUrl=LONG_URL)
    return folder


def panes(app) -> tuple[bool, int, int]:  # type: ignore[no-untyped-def]
    layout = app.main_screen.layout_in_force
    articles, detail = app.query_one(ArticleList), app.query_one(DetailPane)
    return layout.beside, articles.outer_size.width, detail.outer_size.width


async def test_at_80x24_the_list_keeps_ten_rows_with_a_search_error_open(
    make_app, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    app = make_app(many(tmp_path / "many"))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        articles = app.query_one(ArticleList)
        assert articles.scrollable_content_region.height >= 12
        # The title gets the room: 40 characters of it at 80 columns (it had 23).
        assert "Story 00 about an invented accelerator" in list_lines(articles)[0]
        await pilot.press("slash", *"heat>x")
        await pilot.pause()
        assert app.query_one("#search-error", Static).display
        assert articles.scrollable_content_region.height >= 10
        shown = screen_lines(app)
        assert any("heat" in line and "number" in line for line in shown)  # the error


async def test_no_match_is_said_in_full_at_120_columns(make_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = make_app(many(tmp_path / "many"))
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"zzzzqqq")
        await pilot.pause()
        assert await until(pilot, lambda: app.query_one(ArticleList).row_count == 0)
        text = " ".join(" ".join(line.split()) for line in screen_lines(app))
        assert "No articles match the search. Press escape to clear." in text


async def test_panes_go_beside_the_list_only_with_room_and_can_be_resized(
    make_app, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    app = make_app(many(tmp_path / "many"))
    async with app.run_test(size=(150, 40)) as pilot:
        await loaded(pilot)
        beside, list_width, _ = panes(app)
        assert not beside and list_width > 100  # beside, titles would get 55 characters
        await pilot.press("less_than_sign", "less_than_sign")
        await pilot.pause()
        beside, list_width, detail_width = panes(app)
        assert beside and list_width - 3 - 19 >= 60  # borders, scrollbar, fixed columns
        await pilot.press("greater_than_sign", "greater_than_sign")
        await pilot.pause()
        assert not panes(app)[0]
        sidebar = app.query_one("#sidebar").outer_size.width
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert app.query_one("#sidebar").outer_size.width == sidebar + 2
    async with make_app(many(tmp_path / "wide")).run_test(size=(200, 60)) as pilot:
        await loaded(pilot)
        beside, list_width, detail_width = panes(pilot.app)
        assert beside and detail_width >= 60


async def test_unpublished_rows_are_marked_and_asking_for_them_hidden_says_press_a(
    make_app, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    app = make_app(many(tmp_path / "many"))
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"is:unpublished")
        await pilot.pause()
        text = " ".join(" ".join(line.split()) for line in screen_lines(app))
        assert "Unpublished articles are hidden. Press a to show them." in text
        await pilot.press("enter", "a")
        assert await until(pilot, lambda: app.query_one(ArticleList).row_count == 1)
        assert (
            UNPUBLISHED_MARK + "An unpublished draft" in list_lines(app.query_one(ArticleList))[0]
        )


async def test_sorting_by_quality_shows_the_quality_column(make_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = make_app(many(tmp_path / "many"))
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        articles = app.query_one(ArticleList)
        assert list_lines(articles)[0].split()[1] == "90"  # heat
        await pilot.press("S", "S", "g")  # newest, then best quality first; the top
        await pilot.pause()
        first = list_lines(articles)[0]
        assert "Story 29" in first and first.split()[1] == "29"  # its quality, not heat 61


async def test_a_long_url_stays_on_one_line_as_a_hyperlink(make_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = make_app(many(tmp_path / "many"))
    async with app.run_test(size=(80, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("G")
        pane = app.query_one(DetailPane)
        assert await until(pilot, lambda: pane.showing == app.query_one(ArticleList).current.id)
        links = app.query_one("#detail-links", Static)
        lines = [strip.text for strip in links.render_lines(Region(0, 0, *links.size))]
        url_lines = [line for line in lines if "testwire.example/news" in line]
        assert len(url_lines) == 1 and url_lines[0].rstrip().endswith("…")
        assert not any(line.strip().startswith("segment-") for line in lines)  # not wrapped
        targets = {
            s.style.link
            for strip in links.render_lines(Region(0, 0, *links.size))
            for s in strip
            if s.style and s.style.link
        }
        assert LONG_URL in targets
        assert any(t.startswith("file://") and t.endswith("long-url.md") for t in targets)


async def test_settings_problems_are_one_toast_and_stay_on_the_problems_screen(
    make_app, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    config_file = tmp_path / "config.toml"
    config_file.write_text(
        'theme = "nope"\npoll_seconds = "x"\nbrowser = "w3m\n'
        "colour = 1\nhide_unpublished = false\n",
        encoding="utf-8",
    )
    config, messages = load_config(config_file)
    assert len(messages) == 4 and config.hide_unpublished is False
    app = make_app(many(tmp_path / "many"), config=config, config_messages=messages)
    seen = record_notices(app, monkeypatch)
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        warnings = [n for n in seen if n.get("severity") == "warning"]
        assert [n["message"] for n in warnings] == [
            "4 problems with the settings; press p to see them."
        ]
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        text = "\n".join(screen_lines(app))
        assert str(config_file) in text
        for part in ("'nope' is not a known theme", "line 3", "unknown setting 'colour'"):
            assert part in text


async def test_passing_notices_replace_each_other_and_warnings_stay(make_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets._toast import Toast

    app = make_app(many(tmp_path / "many"))
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await loaded(pilot)
        app.say("Something to keep an eye on", severity="warning", timeout=30)
        await pilot.press("a", "S", "S")
        await pilot.pause()
        await pilot.pause()
        shown = [str(toast.render()) for toast in app.screen.query(Toast)]
        assert len(shown) == 2, shown
        assert "Something to keep an eye on" in shown[0] and "Sorted best first." in shown[1]


async def test_keys_typed_right_after_slash_go_into_the_search_box(make_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from textual import events

    from reader.widgets.search_bar import SearchBar

    app = make_app(many(tmp_path / "many"))
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        first = app.query_one(ArticleList).current
        # As a terminal sends them: in one read, before the box can take the focus.
        for key, character in [("slash", "/"), ("j", "j"), ("q", "q"), ("m", "m")]:
            app.post_message(events.Key(key, character))
        assert await until(pilot, lambda: app.query_one(SearchBar).text == "jqm")
        assert app.is_running  # q went into the box, not to quit
        assert (
            app.query_one(ArticleList).current is first or app.query_one(ArticleList).row_count == 0
        )
        assert not app.model.is_read(first.id)  # nor m to the list


async def test_rows_take_the_new_colours_when_the_theme_changes(make_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "two"
    write_article(folder, "one", title="One story", heat=50)
    write_article(folder, "two", title="Another story", heat=40)
    app = make_app(folder)
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        articles = app.query_one(ArticleList)

        def blank_line_colours() -> tuple[object, object]:
            style = articles.render_line(10)._segments[-1].style  # below the two rows
            return style.color, style.bgcolor

        dark = blank_line_colours()
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.pause()
        assert blank_line_colours() != dark
        assert blank_line_colours() == (articles.rich_style.color, articles.rich_style.bgcolor)
