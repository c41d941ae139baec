"""Search, filters, starring, bulk actions, live updates, config and session (Pilot)."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Input

from reader.app import ReaderApp
from reader.config import Config
from reader.query import ALL, STARRED
from reader.screens.confirm import ConfirmScreen
from reader.session import Session
from reader.widgets.article_list import ArticleList
from reader.widgets.detail_pane import DetailPane
from reader.widgets.search_bar import SearchBar
from reader.widgets.topic_sidebar import TopicSidebar
from tests.app.helpers import loaded
from tests.app.test_reader_app import read_ids, saved, shown, sidebar_counts, titles
from tests.factories import write_article

CHIP = "Chipmaker ships a new accelerator"
ROBOT = "Robot arm learns to fold laundry"
COLD = "A quiet story without heat"
MARKUP = "[bold red]Not bold[/] \x1b[2J"  # as the file has it


async def test_slash_filters_as_you_type_and_escape_clears(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(200, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"laundry")
        await pilot.pause()
        assert titles(app) == [ROBOT]
        assert "/laundry" in app.query_one(ArticleList).border_title
        line = app.query_one(ArticleList).render_line(0)
        match_style = app.query_one(ArticleList).get_component_rich_style("article-list--match")
        highlighted = "".join(seg.text for seg in line if seg.style and seg.style.underline)
        assert highlighted.casefold() == "laundry" and match_style.underline
        await pilot.press("escape")
        await pilot.pause()
        assert len(titles(app)) == 4
        assert app.focused is app.query_one(ArticleList)
        assert not app.query_one(SearchBar).display


async def test_enter_keeps_the_filter_and_focuses_the_list(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"topic:Robotics", "enter")
        await pilot.pause()
        assert app.focused is app.query_one(ArticleList)
        assert titles(app) == [ROBOT, MARKUP]
        await pilot.press("escape")  # escape in the list clears the search too
        await pilot.pause()
        assert len(titles(app)) == 4


async def test_bad_query_is_explained_inline_and_keeps_results(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"laundry")
        await pilot.pause()
        app.query_one(Input).value = "laundry heat>x"  # pasted in one go
        await pilot.pause()
        error = str(app.query_one("#search-error").render())
        assert "heat needs a whole number" in error
        assert app.query_one(SearchBar).has_class("-error")
        assert titles(app) == [ROBOT]  # the last good query still applies
        app.query_one(Input).value = "laundry heat>5"
        await pilot.pause()
        assert titles(app) == [ROBOT]
        assert not app.query_one(SearchBar).has_class("-error")


async def test_u_toggles_unread_only(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("enter", "u")
        await pilot.pause()
        assert CHIP not in titles(app)
        assert "unread only" in app.query_one(ArticleList).border_title
        await pilot.press("u")
        await pilot.pause()
        assert CHIP in titles(app)


async def test_S_cycles_sort(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("S")
        await pilot.pause()
        assert "newest first" in app.query_one(ArticleList).border_title
        assert titles(app)[0] == CHIP  # 2026-11-24 09:00 is the newest
        assert titles(app)[1] == COLD
        await pilot.press("S")
        await pilot.pause()
        assert "best first" in app.query_one(ArticleList).border_title
        await pilot.press("S")
        await pilot.pause()
        assert "hottest first" in app.query_one(ArticleList).border_title


async def test_s_stars_and_starred_sidebar_entry(make_app, state_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("s")
        assert sidebar_counts(app)[STARRED] == (1, 1)
        app.query_one(TopicSidebar).select_topic(STARRED)
        await pilot.pause()
        assert titles(app) == [CHIP]
        assert "★" in app.query_one(ArticleList).render_line(0).text
    again = make_app()
    async with again.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert sidebar_counts(again)[STARRED] == (1, 1)  # persisted
        await pilot.press("s")
        assert sidebar_counts(again)[STARRED] == (0, 0)


async def test_A_marks_view_read_after_confirmation_and_U_undoes(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Mark 4 articles" in app.screen.question
        await pilot.press("n")  # declined: nothing changes
        await pilot.pause()
        assert sidebar_counts(app)[ALL] == (4, 4)
        await pilot.press("A")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert sidebar_counts(app)[ALL] == (0, 4)
        await saved(pilot)
        assert app.state.read_ids() == {a.id for a in app.query_one(ArticleList).articles}
        await pilot.press("U")
        await pilot.pause()
        assert sidebar_counts(app)[ALL] == (4, 4)
        await saved(pilot)
        assert app.state.read_ids() == set()


async def test_undo_only_restores_what_the_bulk_action_changed(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("m")  # chip read by hand first
        await pilot.press("A", "y")
        await pilot.pause()
        await pilot.press("U")
        await pilot.pause()
        assert sidebar_counts(app)[ALL] == (3, 4)  # the hand-marked one stays read


async def test_n_and_N_jump_between_unread_and_across_topics(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        app.query_one(TopicSidebar).select_topic("Chips")
        await pilot.pause()
        assert titles(app) == [CHIP]
        await pilot.press("enter")  # chip read: Chips has nothing unread left
        await pilot.press("n")
        await pilot.pause()
        assert app.model.view.topic == "Robotics"  # the next topic with unread articles
        robot = app.query_one(ArticleList).current
        assert robot.title == ROBOT
        # n opens it, as enter would: on show, and read (mark_read_on_open).
        assert app.query_one(DetailPane).article_id == robot.id and app.model.is_read(robot.id)
        await pilot.press("n")
        assert app.query_one(ArticleList).current.title == MARKUP
        await pilot.press("N")  # the robot story is read now: back to the topic before
        await pilot.pause()
        assert app.model.view.topic == "AI"
        assert app.query_one(ArticleList).current.title == "A quiet story without heat"


async def test_command_palette_lists_actions_and_topics(make_app) -> None:
    from reader.commands import ReaderCommands

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        entries = {title: (help_, callback) for title, help_, callback in app.palette_entries()}
        for expected in ("Search", "Toggle star", "Mark all read", "Go to topic: Robotics"):
            assert expected in entries
        assert entries["Toggle star"][0].endswith("(s)")  # the key in force is named
        # The palette asks the reader's own provider, which offers exactly these.
        assert ReaderCommands in app.COMMANDS
        provider = ReaderCommands(app.screen)
        assert [hit.text async for hit in provider.discover()] == list(entries)
        entries["Go to topic: Robotics"][1]()
        await pilot.pause()
        assert app.model.view.topic == "Robotics"


async def test_new_files_appear_without_losing_the_cursor(make_app, corpus_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("j")
        assert shown(app).title == ROBOT
        write_article(corpus_dir, "fresh", title="Fresh hot story", heat=95, topics=["AI"])
        write_article(corpus_dir, "fresh2", title="Another fresh one", heat=5, topics=["AI"])
        await pilot.press("r")
        await loaded(pilot)
        assert titles(app)[0] == "Fresh hot story"
        assert app.query_one(ArticleList).current.title == ROBOT  # cursor kept its article
        assert sidebar_counts(app)[ALL] == (6, 6)
        notices = [n.message for n in app._notifications]
        assert any("2 new" in message for message in notices)


async def test_polling_notices_changes_by_itself(corpus_dir: Path, state_path: Path) -> None:
    from reader.app import create_app
    from reader.state import StateStore

    app = create_app(
        [str(corpus_dir)],
        state=StateStore.open(state_path),
        config=Config(poll_seconds=0.05),
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        (corpus_dir / "robot.md").unlink()
        for _ in range(300):
            await pilot.pause(0.05)
            if ROBOT not in titles(app):
                break
        assert ROBOT not in titles(app)
        assert any("1 removed" in n.message for n in app._notifications)


async def test_mark_read_on_open_off(make_app) -> None:
    app = make_app(config=Config(mark_read_on_open=False))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("enter")
        assert read_ids(app) == set()


async def test_mark_read_after_seconds(make_app) -> None:
    app = make_app(config=Config(mark_read_on_open=0.2))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("enter")
        assert read_ids(app) == set()
        await pilot.pause(0.4)
        assert shown(app).id in read_ids(app)
        await pilot.press("j", "enter", "k")  # moved away before the time: stays unread
        await pilot.pause(0.4)
        assert len(read_ids(app)) == 1


async def test_key_overrides_from_config(make_app) -> None:
    app = make_app(config=Config(keys={"toggle_read": "x"}))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("x")
        assert shown(app).id in read_ids(app)


async def test_bad_config_is_reported_and_app_starts(make_app) -> None:
    app = make_app(config_messages=["config.toml: Invalid value (at line 2, column 9)"])
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert any("line 2" in n.message for n in app._notifications)
        assert len(titles(app)) == 4


async def test_hide_unpublished_setting(make_app) -> None:
    app = make_app(config=Config(hide_unpublished=False))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert "An unpublished draft" in titles(app)


async def test_session_is_restored(make_app, tmp_path: Path) -> None:
    session_file = tmp_path / "session.json"
    app: ReaderApp = make_app(session=Session(session_file))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        app.theme = "nord"
        app.query_one(TopicSidebar).select_topic("AI")
        await pilot.pause()
        await pilot.press("S", "slash", *"a", "enter", "j")
        await pilot.pause()
        chosen = shown(app).id
    stored = json.loads(session_file.read_text())
    assert stored["theme"] == "nord"
    again: ReaderApp = make_app(session=Session(session_file))
    async with again.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert again.theme == "nord"
        assert again.model.view.topic == "AI"
        assert again.model.view.sort.value == "date"
        assert again.model.search_text == "a"
        assert again.query_one(SearchBar).display
        assert shown(again).id == chosen
        assert again.query_one(ArticleList).current.id == chosen


async def test_session_puts_the_cursor_back_without_a_search(make_app, tmp_path: Path) -> None:
    """A warm start shows the index's snapshot, then the full corpus: the cursor stays put."""
    session_file = tmp_path / "session.json"
    app: ReaderApp = make_app(session=Session(session_file))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("j", "j")
        await pilot.pause()
        chosen = shown(app).id
    again: ReaderApp = make_app(session=Session(session_file))
    async with again.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert again.query_one(ArticleList).current.id == chosen
        assert shown(again).id == chosen


async def test_theme_from_config_wins(make_app, tmp_path: Path) -> None:
    session = Session(tmp_path / "session.json")
    session.save("x", session.view("x"), "nord")
    app = make_app(config=Config(theme="textual-light"), session=session)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert app.theme == "textual-light"


async def test_marks_from_another_process_show_up(corpus_dir: Path, state_path: Path) -> None:
    from reader.app import create_app
    from reader.state import StateStore

    app = create_app(
        [str(corpus_dir)], state=StateStore.open(state_path), config=Config(poll_seconds=0.05)
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        robot = next(a for a in app.query_one(ArticleList).articles if a.title == ROBOT)
        other = StateStore.open(state_path)  # as `reader mark` would
        other.set_read([(robot.id, robot.url)], True)
        other.close()
        for _ in range(60):
            await pilot.pause(0.05)
            if robot.id in read_ids(app):
                break
        assert robot.id in read_ids(app)
        assert sidebar_counts(app)[ALL] == (3, 4)


async def test_search_finds_words_only_in_excerpts(tmp_path: Path, make_app, capsys) -> None:
    from reader import cli

    folder = tmp_path / "ex"
    write_article(folder, "a", title="Plain title one", excerpt="Mentions a zeppelin fleet.")
    write_article(folder, "b", title="Plain title two", excerpt="Nothing special.")
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        corpus = app.model.corpus
        assert corpus is not None
        assert all(a.excerpt == "" for a in corpus.articles.values())  # left in the index
        await pilot.press("slash", *"zeppelin", "enter")
        await pilot.pause()
        assert titles(app) == ["Plain title one"]
    assert cli.main(["list", "--json", "--query", "zeppelin", str(folder)]) == 0
    assert [item["title"] for item in json.loads(capsys.readouterr().out)] == ["Plain title one"]
