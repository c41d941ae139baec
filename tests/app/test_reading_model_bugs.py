"""One test per bug fixed by the reading-model rebuild; each failed on the old code."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Input, Static

from reader import ingest, state, statedb
from reader.app import ReaderApp, create_app
from reader.config import Config
from reader.query import ALL
from reader.session import Session, corpus_key, session_path
from reader.state import StateError, StateStore
from reader.widgets.article_list import ArticleList
from reader.widgets.detail_pane import DetailPane
from reader.widgets.topic_sidebar import TopicSidebar
from tests.app.helpers import detail_text, loaded, record_notices, until
from tests.factories import write_article, write_ranked


def many(folder: Path, count: int = 8) -> Path:
    """`count` articles, hottest first in file-name order: story-00 is the top row."""
    return write_ranked(folder, count, topics=["AI"])


def read_in_db(db: Path, article_id: str) -> bool:
    connection = sqlite3.connect(db)
    try:
        row = connection.execute(
            "SELECT read FROM flags WHERE article_id = ?", (article_id,)
        ).fetchone()
    finally:
        connection.close()
    return bool(row and row[0])


class Lock:
    """Another process holding the state database's write lock."""

    def __init__(self, db: Path) -> None:
        self.connection = sqlite3.connect(db, isolation_level=None)
        self.connection.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        if self.connection.in_transaction:
            self.connection.execute("ROLLBACK")
        self.connection.close()


# -- (a) keys that arrive together act on the right article ------------------------------


@pytest.mark.parametrize("detail_delay", [0.0, 0.06])
async def test_keys_that_arrive_together_act_on_the_row_under_the_cursor(
    make_app, tmp_path: Path, detail_delay: float
) -> None:
    folder = many(tmp_path / "many")
    app = make_app(folder, detail_delay=detail_delay)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        rows = list(app.query_one(ArticleList).articles)
        assert [a.title for a in rows][:2] == ["Story number 0", "Story number 1"]
        await pilot.press("j", "m", "j", "m", "j", "m", "j", "m", "j", "m")
        await loaded(pilot)
        read = [app.model.is_read(a.id) for a in rows]
        assert read == [False, True, True, True, True, True, False, False]
        assert app.query_one(ArticleList).cursor == 5


# -- (b) a locked state database does not freeze the UI ----------------------------------


async def test_a_locked_state_db_does_not_freeze_the_ui(make_app, state_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        articles = app.query_one(ArticleList)
        first = articles.current
        assert first is not None
        lock = Lock(state_path)
        try:
            await pilot.press("m")
            assert first.id in app.model.flags.read  # shown as read at once
            await pilot.press("j")  # answered while the write waits for the lock
            await pilot.pause()
            assert articles.cursor == 1
            assert app.model.is_read(first.id)
            assert not read_in_db(state_path, first.id)  # still waiting
        finally:
            lock.release()
        assert await until(pilot, lambda: read_in_db(state_path, first.id))
        assert app.model.is_read(first.id)


async def test_a_write_that_finally_fails_is_rolled_back_and_said(
    make_app, state_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(statedb, "BUSY_TIMEOUT_MS", 20)
    monkeypatch.setattr(state, "WRITE_ATTEMPTS", 2)
    app = make_app()
    seen = record_notices(app, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        first = app.query_one(ArticleList).current
        assert first is not None
        lock = Lock(state_path)
        try:
            await pilot.press("m")  # shown read at once; the write fails soon after
            assert await until(pilot, lambda: any("Not saved" in n["message"] for n in seen))
        finally:
            lock.release()
        assert not app.model.is_read(first.id)
        await pilot.pause()
        assert app.query_one(ArticleList).render_line(0).text.lstrip().startswith("●")  # unread
        assert not read_in_db(state_path, first.id)


async def test_a_store_error_rolls_the_star_back(make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: StateStore, articles: object, starred: bool) -> None:
        raise StateError("could not save read state: disk I/O error")

    monkeypatch.setattr(StateStore, "set_starred", refuse)
    app = make_app()
    seen = record_notices(app, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        first = app.query_one(ArticleList).current
        assert first is not None
        await pilot.press("s")
        assert await until(pilot, lambda: not app.model.flags.starred)
        assert any("Not saved" in n["message"] and "disk I/O" in n["message"] for n in seen)
        assert app.query_one(TopicSidebar).topics[2].total == 0  # the starred count too


async def test_two_toggles_that_both_fail_leave_the_mark_as_stored(
    make_app, state_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """m, m while the database is locked, and neither write lands: still unread."""
    monkeypatch.setattr(statedb, "BUSY_TIMEOUT_MS", 20)
    monkeypatch.setattr(state, "WRITE_ATTEMPTS", 2)
    app = make_app()
    seen = record_notices(app, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        first = app.query_one(ArticleList).current
        assert first is not None
        lock = Lock(state_path)
        try:
            await pilot.press("m", "m")
            assert await until(pilot, lambda: sum("Not saved" in n["message"] for n in seen) >= 2)
        finally:
            lock.release()
        await pilot.pause()
        assert not read_in_db(state_path, first.id)
        assert not app.model.is_read(first.id)  # as the database has it


# -- (c) the app's own names do not shadow Textual's -------------------------------------


async def test_textual_query_focus_and_back_are_not_shadowed(make_app) -> None:
    assert ReaderApp.query is App.query
    assert ReaderApp.action_back is App.action_back
    assert ReaderApp.action_focus is App.action_focus
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert list(app.query(ArticleList)) == [app.query_one(ArticleList)]
        await app.run_action("focus('sidebar')")
        await pilot.pause()
        assert app.focused is app.query_one(TopicSidebar)
        await app.run_action("focus('articles')")
        await pilot.pause()
        assert app.focused is app.query_one(ArticleList)


# -- (d) a saved session with values of the wrong type is ignored -------------------------


async def test_a_session_with_wrong_types_is_ignored(
    make_app, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not hasattr(Session(Path("/nonexistent/session.json")), "notice"):
        pytest.xfail("Session has no type validation / notice yet")
    path = session_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    view = {"topic": 3, "sort": ["heat"], "query": {"a": 1}, "unread_only": "yes"}
    view["article_id"] = 7
    key = corpus_key([str(corpus_dir)])
    path.write_text(json.dumps({"theme": 12, "views": {key: view}}), encoding="utf-8")
    session = Session()
    app = make_app(session=session)
    seen = record_notices(app, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert app.model.view.topic == ALL
        assert app.query_one(ArticleList).row_count == 4
        assert any(n.get("title") == "Session" for n in seen)


# -- (e) after a cold first read the cursor is on the hottest row ------------------------


async def test_a_cold_first_read_leaves_the_cursor_on_the_hottest_row(
    make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cold"
    # Files are read in name order, coolest first: every partial list has a new top row.
    for index in range(6):
        write_article(folder, f"{index}-story", title=f"Heat {50 + index}", heat=50 + index)
    monkeypatch.setattr(ingest, "CHUNK", 1)
    monkeypatch.setattr(ingest, "SNAPSHOT_EVERY", 0.0)
    monkeypatch.setattr(ingest, "PARALLEL_FROM", 10**9)
    snapshots: list[bool] = []
    app = make_app(folder, detail_delay=0.06)
    original = app.model.corpus_loaded

    def counting(corpus, *, partial, orders=None):  # type: ignore[no-untyped-def]
        snapshots.append(partial)
        return original(corpus, partial=partial, orders=orders)

    monkeypatch.setattr(app.model, "corpus_loaded", counting)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert True in snapshots  # the list did fill in bit by bit
        articles = app.query_one(ArticleList)
        assert articles.cursor == 0
        assert articles.current is not None and articles.current.title == "Heat 55"
        assert await until(pilot, lambda: "Heat 55" in detail_text(app))
        assert app.query_one(DetailPane).article_id == articles.current.id


# -- (f) a huge article is cut, said so, and does not block ------------------------------


async def test_a_huge_article_is_cut_with_a_note(make_app, tmp_path: Path) -> None:
    folder = tmp_path / "huge"
    write_article(folder, "huge", title="A very long story", heat=99, excerpt="word " * 600_000)
    write_article(folder, "small", title="A short story", heat=10)
    assert (folder / "huge.md").stat().st_size > 3_000_000
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert await until(pilot, lambda: "[cut:" in detail_text(app))
        text = detail_text(app)
        assert "A very long story" in text
        assert len(text) < 100_000
        await pilot.press("j")  # the app still answers
        await pilot.pause()
        assert app.query_one(ArticleList).current.title == "A short story"  # type: ignore[union-attr]


# -- (g) an opener that raises is reported ----------------------------------------------


async def test_an_opener_that_raises_reports_not_opened(
    corpus_dir: Path, state_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(url: str) -> None:
        raise OSError("no browser here")

    app = create_app(
        [str(corpus_dir)], state=StateStore.open(state_path), open_url=broken, detail_delay=0
    )
    seen = record_notices(app, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("o")
        assert await until(pilot, lambda: any(n.get("title") == "Not opened" for n in seen))
        (note,) = [n for n in seen if n.get("title") == "Not opened"]
        assert "no browser here" in note["message"]
        assert app.is_running


# -- found while writing these: a rescan under a search left it "searching…" for good ------


async def test_a_rescan_under_a_search_filters_again(make_app, corpus_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"laundry", "enter")
        await loaded(pilot)
        articles = app.query_one(ArticleList)
        assert [a.title for a in articles.articles] == ["Robot arm learns to fold laundry"]
        write_article(corpus_dir, "robot2", title="Second laundry story", heat=95, topics=["AI"])
        await pilot.press("r")
        await loaded(pilot)
        assert await until(pilot, lambda: "searching" not in str(articles.border_title))
        assert [a.title for a in articles.articles] == [
            "Second laundry story",
            "Robot arm learns to fold laundry",
        ]


# -- found while writing these: quitting during a poll closed the store under the poll ----


async def test_quitting_during_a_poll_waits_for_it(
    make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The poll reads the store on its thread; closing the connection under a running
    query crashed the whole process (a segfault in sqlite3)."""
    armed, started = threading.Event(), threading.Event()
    release, finished = threading.Event(), threading.Event()
    seen: list[str] = []
    original = StateStore.changed_elsewhere

    def slow_poll(self: StateStore) -> bool:
        if started.is_set() or not armed.is_set():
            return original(self)
        started.set()
        release.wait(timeout=0.5)  # the app quits meanwhile
        try:
            self._db.execute("SELECT 1")
            seen.append("open")
        except sqlite3.Error as exc:
            seen.append(f"closed under the poll: {exc}")
        finished.set()
        return False

    monkeypatch.setattr(StateStore, "changed_elsewhere", slow_poll)
    app = make_app(config=Config(poll_seconds=0.05))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        armed.set()
        assert await until(pilot, started.is_set)  # quit while the poll is under way
    release.set()
    assert finished.wait(timeout=5)
    assert seen == ["open"]


# -- found while writing these: any list refresh cleared the error of a bad query ---------


async def test_a_bad_query_keeps_its_error_when_the_list_refreshes(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"laundry")
        articles = app.query_one(ArticleList)
        assert await until(pilot, lambda: "searching" not in str(articles.border_title))
        app.query_one(Input).value = "laundry heat>x"  # pasted in one go
        await pilot.pause()
        error = app.query_one("#search-error", Static)
        assert "heat needs a whole number" in str(error.render())
        await app.run_action("toggle_unread_only")  # the list is drawn again
        await pilot.pause()
        assert "unread only" in str(articles.border_title)
        assert error.display
        assert "heat needs a whole number" in str(error.render())
