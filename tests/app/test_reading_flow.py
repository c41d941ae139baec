"""The reading flow a daily reader expects (newsboat's): space pages the article and then
goes on to the next unread, n opens, m can be undone with U, backspace says when there is
nothing to go back to, and the mark-all-read question starts on Cancel."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button

from reader.query import ALL
from reader.screens.confirm import ConfirmScreen
from reader.widgets.article_list import ArticleList
from reader.widgets.detail_pane import DetailPane
from reader.widgets.search_bar import SearchBar
from tests.app.helpers import loaded, record_notices, until
from tests.app.test_reader_app import saved, sidebar_counts
from tests.factories import write_article

LONG = "\n\n".join(f"Paragraph {n} of a long invented report." * 8 for n in range(40))


async def test_space_pages_the_article_then_opens_the_next_unread(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "long"
    write_article(folder, "first", title="A long first story", heat=90, excerpt=LONG)
    write_article(folder, "second", title="The second story", heat=80)
    app = make_app(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        articles = app.query_one(ArticleList)
        pane = app.query_one(DetailPane)
        await pilot.press("enter")
        first = articles.current
        assert await until(pilot, lambda: pane.max_scroll_y > 0)
        await pilot.press("space")
        await pilot.pause()
        assert pane.article_id == first.id and pane.scroll_y > 0  # paged, still here
        for _ in range(40):
            if pane.scroll_y >= pane.max_scroll_y:
                break
            await pilot.press("space")
            await pilot.pause()
        assert pane.article_id == first.id  # the last page, not yet the next story
        await pilot.press("space")  # at the end: on to the next unread, opened
        await pilot.pause()
        assert articles.current.title == "The second story"
        assert pane.article_id == articles.current.id
        assert app.model.is_read(articles.current.id)


async def test_m_is_undone_by_U_one_mark_at_a_time(make_app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        notices = record_notices(app, monkeypatch)
        first = app.query_one(ArticleList).current
        await pilot.press("m")  # read
        await pilot.press("j", "m")  # a second one read
        await pilot.pause()
        assert sidebar_counts(app)[ALL] == (2, 4)
        await pilot.press("U")  # undoes the second mark only
        await pilot.pause()
        assert sidebar_counts(app)[ALL] == (3, 4)
        assert app.model.is_read(first.id)
        await pilot.press("U")
        await pilot.pause()
        assert sidebar_counts(app)[ALL] == (4, 4)
        await saved(pilot)
        assert app.state.read_ids() == set()
        await pilot.press("U")
        await pilot.pause()
        said = [n["message"] for n in notices]
        assert any(m.startswith("Undone: “") and "marked read" in m for m in said), said
        assert said[-1] == "Nothing to undo."


async def test_backspace_with_no_history_says_so(make_app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        notices = record_notices(app, monkeypatch)
        shown = app.query_one(DetailPane).article_id
        await pilot.press("backspace")
        await pilot.pause()
        assert app.query_one(DetailPane).article_id == shown
        assert any("Nothing to go back to" in n["message"] for n in notices)


async def test_the_mark_all_read_question_starts_on_cancel(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        focused = app.screen.focused
        assert isinstance(focused, Button) and focused.id == "no"
        await pilot.press("enter")  # enter answers what has the focus: Cancel
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        assert sidebar_counts(app)[ALL] == (4, 4)


async def test_search_holds_a_term_still_being_typed(make_app) -> None:  # type: ignore[no-untyped-def]
    from tests.app.test_reader_app import titles

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        bar = app.query_one(SearchBar)
        await pilot.press("slash", *"AI ")
        await pilot.pause()
        everything_ai = titles(app)
        seen: list[list[str]] = []
        for key in "provider:":
            await pilot.press(key)
            await pilot.pause()
            seen.append(titles(app))
        assert seen[-1] == everything_ai  # `provider:` is held, not searched for
        assert not bar.query_one("#search-error").display  # and it is not an error yet
        await pilot.press(*"elsewhere")
        await pilot.pause()
        assert titles(app) == []  # now complete: applied (no such provider here)
        await pilot.press(*' "open')  # an open quote is held too
        await pilot.pause()
        assert not bar.query_one("#search-error").display
        for _ in range(len(' provider:elsewhere "open')):
            await pilot.press("backspace")
        await pilot.press(*" heat>")  # `heat>` alone: held
        await pilot.pause()
        assert titles(app) == everything_ai
        await pilot.press("8", "0")
        await pilot.pause()
        assert titles(app) and all(t in everything_ai for t in titles(app))
        assert len(titles(app)) < len(everything_ai)
