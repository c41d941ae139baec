"""Drive the real app with Pilot: what a user does, what a user sees."""

from __future__ import annotations

from pathlib import Path

from reader.app import ReaderApp
from reader.model import Article
from reader.query import ALL, STARRED, UNREAD
from reader.screens.help import HelpScreen
from reader.screens.problems import ProblemsScreen
from reader.widgets.article_list import ArticleList
from reader.widgets.detail_pane import DetailPane
from reader.widgets.related_list import RelatedList
from reader.widgets.status_bar import StatusBar
from reader.widgets.topic_sidebar import TopicSidebar
from tests.app.helpers import detail_text, loaded, until


def titles(app: ReaderApp) -> list[str]:
    """The listed articles' titles, exactly as the files have them (not as drawn)."""
    return [a.title for a in app.query_one(ArticleList).articles]


def read_ids(app: ReaderApp) -> set[str]:
    return app.model.flags.read


def shown(app: ReaderApp) -> Article:
    """The article in the detail pane."""
    article = app.model.article(app.model.shown_id)
    assert article is not None
    return article


async def saved(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait until the background writer has put every mark in the state database."""
    pilot.app.writer.close()  # finishes what was submitted; the next mark starts it again
    await pilot.pause()


def sidebar_counts(app: ReaderApp) -> dict[str, tuple[int, int]]:
    sidebar = app.query_one(TopicSidebar)
    return {row.topic: (row.unread, row.total) for row in sidebar._rows}


async def test_start_focuses_list_on_hottest_article(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        article_list = app.query_one(ArticleList)
        assert app.focused is article_list
        # The unpublished draft (heat 99) is hidden; the chip story is hottest.
        assert article_list.current.title == "Chipmaker ships a new accelerator"
        assert "Chipmaker ships a new accelerator" in detail_text(app)
        assert titles(app) == [
            "Chipmaker ships a new accelerator",
            "Robot arm learns to fold laundry",
            "[bold red]Not bold[/] \x1b[2J",
            "A quiet story without heat",
        ]


async def test_sidebar_lists_topics_with_counts(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert sidebar_counts(app) == {
            ALL: (4, 4),
            UNREAD: (4, 4),
            STARRED: (0, 0),
            "AI": (3, 3),
            "Chips": (1, 1),
            "Robotics": (2, 2),
        }


async def test_choosing_a_topic_filters_the_list(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("shift+tab")  # to the sidebar
        assert app.focused is app.query_one(TopicSidebar)
        await pilot.press("G")  # last topic: Robotics
        await pilot.pause()
        assert titles(app) == [
            "Robot arm learns to fold laundry",
            "[bold red]Not bold[/] \x1b[2J",
        ]
        assert "Robotics" in app.query_one(ArticleList).border_title
        await pilot.press("enter")
        assert app.focused is app.query_one(ArticleList)


async def test_enter_marks_read_and_counts_update(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("j", "enter")
        await pilot.pause()
        robot = app.query_one(ArticleList).current
        assert robot.title == "Robot arm learns to fold laundry"
        assert robot.id in read_ids(app)
        counts = sidebar_counts(app)
        assert counts[ALL] == (3, 4)
        assert counts["Robotics"] == (1, 2)
        assert counts["Chips"] == (1, 1)
        assert "read" in detail_text(app) and "● unread" not in detail_text(app)


async def test_m_toggles_read_both_ways(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        first = app.query_one(ArticleList).current
        await pilot.press("m")
        assert first.id in read_ids(app)
        assert sidebar_counts(app)[ALL] == (3, 4)
        await pilot.press("m")
        assert first.id not in read_ids(app)
        assert sidebar_counts(app)[ALL] == (4, 4)


async def test_read_state_survives_restart(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("enter")
        read_id = app.query_one(ArticleList).current.id
    again = make_app()
    async with again.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert read_id in read_ids(again)
        assert sidebar_counts(again)[ALL] == (3, 4)


async def test_unread_view_keeps_article_until_view_changes(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        app.query_one(TopicSidebar).select_topic(UNREAD)
        await pilot.pause()
        assert len(titles(app)) == 4
        await pilot.press("enter")
        # Still listed (so the cursor does not jump away), but shown as read.
        assert len(titles(app)) == 4
        app.query_one(TopicSidebar).select_topic(ALL)
        await pilot.pause()
        app.query_one(TopicSidebar).select_topic(UNREAD)
        await pilot.pause()
        assert "Chipmaker ships a new accelerator" not in titles(app)


async def test_a_toggles_unpublished(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        status = app.query_one(StatusBar).text
        assert "1 unpublished hidden" in status
        await pilot.press("a")
        await pilot.pause()
        assert titles(app)[0] == "An unpublished draft"
        assert sidebar_counts(app)[ALL] == (5, 5)
        assert "showing 1 unpublished" in app.query_one(StatusBar).text
        await pilot.press("a")
        await pilot.pause()
        assert "An unpublished draft" not in titles(app)


async def test_show_unpublished_from_the_command_line(make_app) -> None:
    app = make_app(show_unpublished=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert "An unpublished draft" in titles(app)


async def test_related_story_in_corpus_opens_in_place(make_app, opened) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        related = app.query_one(RelatedList)
        assert related.display
        assert related.option_count == 3  # the heading, then the two stories
        related.focus()
        await pilot.press("enter")  # the robot story is in the folder
        await pilot.pause()
        assert shown(app).title == "Robot arm learns to fold laundry"
        assert shown(app).id in read_ids(app)
        assert app.query_one(ArticleList).current.title == "Robot arm learns to fold laundry"
        assert opened == []
        await pilot.press("backspace")
        await pilot.pause()
        assert shown(app).title == "Chipmaker ships a new accelerator"


async def test_related_story_elsewhere_opens_in_browser(make_app, opened) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        app.query_one(RelatedList).focus()
        await pilot.press("j", "enter")
        await until(pilot, lambda: bool(opened))  # the browser is started off the UI thread
        assert opened == ["https://elsewhere.example/take"]
        await pilot.press("o")  # o on a related story opens that story
        await until(pilot, lambda: len(opened) == 2)
        assert opened == ["https://elsewhere.example/take"] * 2


async def test_o_opens_article_url_only_for_http(tmp_path: Path, make_app, opened) -> None:
    from tests.factories import write_article

    folder = tmp_path / "urls"
    write_article(folder, "web", title="Web", heat=2, originalUrl="https://web.example/a")
    write_article(folder, "js", title="Script", heat=1, originalUrl="javascript:alert(1)")
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("o")
        assert opened == ["https://web.example/a"]
        await pilot.press("j", "o")
        await pilot.pause()
        assert opened == ["https://web.example/a"]  # javascript: is never opened


async def test_y_copies_url(make_app) -> None:
    app = make_app()
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("y")
        assert copied == ["https://testwire.example/chip"]


async def test_markup_in_titles_shows_literally(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("G")
        await pilot.press("k")  # the markup story sits above the heat-less one
        await pilot.pause()
        assert shown(app).title == "[bold red]Not bold[/] \x1b[2J"  # kept exactly in the model
        # Drawn literally (no markup), with the escape character made harmless.
        assert "[bold red]Not bold[/] \ufffd[2J" in detail_text(app)
        assert "\x1b" not in detail_text(app)
        line = app.query_one(ArticleList).render_line(2)
        assert "[bold red]Not bold[/] \ufffd[2J" in line.text
        assert "\x1b" not in line.text


async def test_bad_files_are_listed_not_fatal(tmp_path: Path, make_app) -> None:
    from tests.factories import write_article

    folder = tmp_path / "mixed"
    write_article(folder, "good", title="Good story", heat=5)
    (folder / "broken.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    (folder / "plain.md").write_text("just some notes\n", encoding="utf-8")
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert titles(app) == ["Good story"]
        assert "2 files with problems" in app.query_one(StatusBar).text
        await pilot.press("p")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProblemsScreen)
        paths = {Path(p.path).name for p in screen.problems}
        assert paths == {"broken.md", "plain.md"}
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ProblemsScreen)


async def test_empty_folder_says_so(tmp_path: Path, make_app) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    app = make_app(empty)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert titles(app) == []
        assert "No articles found" in app.query_one(ArticleList).render_line(0).text


async def test_help_screen(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_click_moves_cursor_and_double_click_opens(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        article_list = app.query_one(ArticleList)
        await pilot.click(ArticleList, offset=(10, 2))  # border is row 0
        assert article_list.cursor == 1
        assert shown(app).title == "Robot arm learns to fold laundry"
        assert shown(app).id not in read_ids(app)
        await pilot.double_click(ArticleList, offset=(10, 2))
        assert shown(app).id in read_ids(app)


async def test_keys_move_cursor(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        article_list = app.query_one(ArticleList)
        await pilot.press("G")
        assert article_list.cursor == 3
        await pilot.press("g")
        assert article_list.cursor == 0
        await pilot.press("down", "down", "up")
        assert article_list.cursor == 1
        await pilot.press("k", "k", "k")
        assert article_list.cursor == 0


async def test_tab_cycles_panes(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("tab")
        assert app.focused is app.query_one(DetailPane)
        await pilot.press("shift+tab", "shift+tab")
        assert app.focused is app.query_one(TopicSidebar)


async def test_unsaved_state_is_announced(corpus_dir: Path) -> None:
    from reader.app import create_app
    from reader.state import StateStore

    app = create_app([str(corpus_dir)], state=StateStore.in_memory("Read state can't be saved."))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert "not being saved" in app.query_one(StatusBar).text


async def test_a_crash_while_loading_is_reported_not_fatal(make_app, monkeypatch) -> None:
    import reader.app_workers

    def broken_load(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(reader.app_workers, "load", broken_load)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert app.is_running
        assert any("disk on fire" in n.message for n in app._notifications)
        assert "Loading failed" in app.query_one(StatusBar).text


async def test_parallel_first_read_inside_the_app(tmp_path: Path, make_app, monkeypatch) -> None:
    """Worker processes must start under Textual (whose stdout/stderr are not files)."""
    from reader import ingest
    from tests.factories import write_article

    folder = tmp_path / "many"
    for index in range(24):
        write_article(folder, f"s{index:02d}", title=f"Story {index:02d}", heat=index)
    monkeypatch.setattr(ingest, "PARALLEL_FROM", 1)
    monkeypatch.setattr(ingest, "CHUNK", 5)
    started: list[int] = []
    real_pool = ingest.ParsePool

    def counting_pool(count: int):  # type: ignore[no-untyped-def]
        started.append(count)
        return real_pool(count)

    monkeypatch.setattr(ingest, "ParsePool", counting_pool)
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert started and started[0] >= 1
        assert len(titles(app)) == 24
        assert titles(app)[0] == "Story 23"


async def test_warm_start_draws_the_first_screen_from_the_index(make_app) -> None:
    from reader.messages import PreviewReady

    first = make_app()
    async with first.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)  # builds the index
    seen: list[PreviewReady] = []

    def hook(message: object) -> None:
        if isinstance(message, PreviewReady):
            seen.append(message)

    again = make_app()
    async with again.run_test(size=(120, 40), message_hook=hook) as pilot:
        await loaded(pilot)
        assert len(seen) == 1
        preview = seen[0].preview
        assert [a.title for a in preview.articles] == titles(again)
        assert preview.everything.total == 4
        assert shown(again).title == "Chipmaker ships a new accelerator"


async def test_wide_characters_keep_columns_aligned(tmp_path: Path, make_app) -> None:
    from rich.cells import cell_len

    from tests.factories import write_article

    folder = tmp_path / "wide"
    write_article(folder, "cjk", title="星河智驾获浦东新区全无人驾驶测试牌照，首批车辆上路", heat=3)
    write_article(folder, "emoji", title="Robots 🤖 learn to cook 🍳 in a week", heat=2)
    write_article(folder, "ascii", title="A plain title that is long enough to be cut", heat=1)
    app = make_app(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        article_list = app.query_one(ArticleList)
        width = article_list.scrollable_content_region.width
        lines = [article_list.render_line(y).text for y in range(3)]
        assert all(cell_len(line) == width for line in lines)
        # The age column ends at the same cell on every row.
        ends = {cell_len(line.rstrip()) for line in lines}
        assert len(ends) == 1


async def test_article_pane_follows_the_cursor_once_it_rests(make_app) -> None:
    app = make_app(detail_delay=1.0)  # long, so the test can't race it
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("j", "j")
        assert shown(app).title == "[bold red]Not bold[/] \x1b[2J"  # known at once
        assert "Chipmaker" in detail_text(app)  # the pane has not re-rendered yet
        await pilot.pause(1.3)
        assert "[bold red]Not bold[/]" in detail_text(app)
        await pilot.press("enter")  # opening shows it at once
        pane = app.query_one(DetailPane)
        assert pane.article_id == shown(app).id
        await loaded(pilot)  # the file itself is read by a worker
        assert pane.showing == shown(app).id


async def test_rows_are_redrawn_after_a_theme_change(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        article_list = app.query_one(ArticleList)
        before = list(article_list.render_line(1))
        app.theme = "textual-light"
        await pilot.pause()
        after = list(article_list.render_line(1))
        assert [s.text for s in before] == [s.text for s in after]
        assert [s.style for s in before] != [s.style for s in after]
