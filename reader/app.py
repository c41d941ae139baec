"""The Textual app: runs workers and maps messages and keys onto the reading model.

What is shown and why lives in reader/reading.py; the screen draws its updates
(reader/screens/main.py). Files, SQLite and browsers are only touched by workers.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.timer import Timer

from reader.actions import ACTIONS, resolve_keys
from reader.app_actions import ActionsMixin
from reader.app_fulltext import FullTextMixin
from reader.app_links import LinksMixin
from reader.app_pictures import PicturesMixin
from reader.app_workers import WorkersMixin
from reader.commands import ReaderCommands
from reader.config import Config
from reader.detailreader import Detail, DetailReader
from reader.flagwriter import FlagWriter
from reader.keys import bindings
from reader.messages import (
    DetailRead,
    ExcerptsLoaded,
    FlagSaved,
    FlagsChanged,
    FolderChanged,
)
from reader.model import Article
from reader.notices import settings_notes, start_notice
from reader.paths import state_db_path, stylesheet
from reader.reading import ReadingModel
from reader.screens.main import MainScreen, compose_main
from reader.session import Session, corpus_key
from reader.state import StateStore
from reader.textsafe import one_line
from reader.updates import Flags, FlagWrite, Update
from reader.widgets.article_list import ArticleList
from reader.widgets.detail_pane import DetailPane
from reader.widgets.search_bar import SearchBar
from reader.widgets.status_bar import StatusBar

Clock = Callable[[], datetime]
UrlOpener = Callable[[str], None]
# Seconds the cursor must rest before the article pane follows it. None by default: the
# files around the cursor are read ahead (reader/detailreader.py), so the pane can show
# the article in the same frame as the cursor; tests still set a delay to check it holds.
DETAIL_DELAY = 0.0
_APP_ACTIONS = [a.id for a in ACTIONS if a.scope == "app" and not a.id.startswith("focus_")]


class ReaderApp(ActionsMixin, WorkersMixin, FullTextMixin, PicturesMixin, LinksMixin, App[None]):
    TITLE = "reader-tui"
    CSS_PATH = str(stylesheet())
    COMMANDS = App.COMMANDS | {ReaderCommands}
    BINDINGS: ClassVar[list[BindingType]] = bindings({a: a for a in _APP_ACTIONS})

    def __init__(
        self,
        paths: Sequence[str],
        *,
        state: StateStore,
        config: Config | None = None,
        config_messages: Sequence[str] = (),
        session: Session | None = None,
        show_unpublished: bool | None = None,
        now: Clock | None = None,
        open_url: UrlOpener | None = None,
        use_index: bool = True,
        detail_delay: float = DETAIL_DELAY,
    ) -> None:
        super().__init__()
        self.paths, self.state, self.session = list(paths), state, session
        self.config = config or Config()
        self.keys = resolve_keys(self.config.keys)
        self._messages = [*config_messages, *self.keys.problems]
        self._session_key = corpus_key(self.paths)
        hide = self.config.hide_unpublished if show_unpublished is None else not show_unpublished
        self.model = ReadingModel(
            Flags(state.read_ids(), state.starred_ids()),
            memory=session.view(self._session_key) if session else None,
            show_unpublished=not hide,
            mark_read_on_open=self.config.mark_read_on_open,
            stories=self.config.group_stories,
            story_marks=self.config.story_marks,
        )

        def saved(write: FlagWrite, error: str | None) -> None:
            self.post_message(FlagSaved(write, error))

        self.writer = FlagWriter(state, saved)

        def read(article: Article, detail: Detail, asked_now: bool) -> None:
            self.post_message(DetailRead(article, detail, ahead=not asked_now))

        self.details = DetailReader(read)
        self._now = now or (lambda: datetime.now(timezone.utc))
        self._open_url, self._use_index, self._detail_delay = open_url, use_index, detail_delay
        self._polls = 0
        self._detail_timer: Timer | None = None
        self._read_timer: Timer | None = None
        self._excerpts_asked = False
        self._notices_said: set[str] = set()  # a load's notices, said once per run
        self._last_detail: DetailRead | None = None

    def get_default_screen(self) -> MainScreen:
        return MainScreen(self.paths, self.config.pane_sizes())

    def compose(self) -> ComposeResult:
        yield from compose_main(self._now)

    def on_mount(self) -> None:
        theme = self.config.theme or (self.session.theme if self.session else None)
        if theme and theme in self.available_themes:
            self.theme = theme
        self.set_keymap(self.keys.textual())
        self.query_one(ArticleList).focus()
        self.query_one(StatusBar).show(
            None, self.keys, state_note=self.state.status_note, loading=" Loading articles…"
        )
        if self.model.memory().query:
            self.query_one(SearchBar).set_text(self.model.memory().query)
        self._load(rescan=False)
        self._tell_settings_notes()
        if self.config.poll_seconds > 0:
            self.set_interval(self.config.poll_seconds, self._poll)
        self.call_after_refresh(self._bench_event, "first_paint")

    def settings_notes(self) -> list[tuple[str, str]]:
        session = getattr(self.session, "notice", "")
        return settings_notes(self.config.path, self._messages, self.state.notice, session)

    def _tell_settings_notes(self) -> None:
        """One notice, however many there are; `p` lists them all."""
        notice = start_notice(self.settings_notes(), self.keys.label("problems"))
        if notice is not None:
            self.say(notice[1], title=notice[0], severity="warning", timeout=10)

    def _bench_event(self, name: str, article_id: str = "") -> None:
        """Timestamps for bench/run.py and the browser test (set READER_BENCH_EVENTS);
        nothing otherwise."""
        if target := os.environ.get("READER_BENCH_EVENTS"):
            count = len(self.model.corpus.articles) if self.model.corpus else 0
            event = {"event": name, "time": time.time(), "articles": count}
            if article_id:
                event["article"] = article_id
            with open(target, "a", encoding="utf-8") as events:
                events.write(json.dumps(event) + "\n")
            if os.environ.get("READER_BENCH_EXIT_ON") == name:
                self.exit()

    def say(
        self, text: str, *, title: str = "", severity: str = "information", timeout: float = 3
    ) -> None:
        """Every notice goes out with markup off: its text may come from the data."""
        self.notify(
            one_line(text, 1000),
            title=title,
            severity=severity,  # type: ignore[arg-type]
            timeout=timeout,
            markup=False,
        )

    def shutting_down(self) -> bool:
        """True once quitting has begun: late worker messages then find no widgets."""
        return self._exit or not self.screen_stack

    def apply(self, update: Update) -> None:
        if self.shutting_down():
            return
        state_note = self.state.status_note
        self.main_screen.apply(update, self.model.flags, self.keys, state_note=state_note)
        for write in update.writes:
            self.writer.submit(write)
        if update.notice:  # after the frame that shows the change (a toast lays out)
            self.call_after_refresh(self.say, update.notice)
        pane = self.query_one(DetailPane)
        if pane.article_id is not None and pane.article_id in update.changed_ids:
            last = self._last_detail
            if last is not None and last.article.id == pane.article_id == pane.showing:
                self.draw_detail(last)  # the read mark moved: nothing new in the file
            else:
                self._show(self.model.article(pane.article_id))
        if update.needs_excerpts and not self._excerpts_asked and self.model.corpus is not None:
            self._excerpts_asked = True
            self._load_excerpts()

    # -- messages ---------------------------------------------------------------

    def on_folder_changed(self, _message: FolderChanged) -> None:
        if not self._busy("load"):
            self._load(rescan=True)

    def on_flags_changed(self, message: FlagsChanged) -> None:
        self.apply(self.model.flags_reloaded(message.read, message.starred))

    def on_flag_saved(self, message: FlagSaved) -> None:
        if message.error is None:
            self.model.write_saved(message.write)
        else:
            self.apply(self.model.write_failed(message.write, message.error))

    def on_excerpts_loaded(self, message: ExcerptsLoaded) -> None:
        self.apply(self.model.excerpts_loaded(message.excerpts))

    def on_unmount(self) -> None:
        if self.session is not None:
            self.session.save(self._session_key, self.model.memory(), self.theme)
        self.writer.close()
        self.details.close()
        with self.writer.lock:  # a poll may be using the connection on its thread right now
            self.state.close()  # (closing it under a running query crashes the process)
            self.state_closed = True


def create_app(
    paths: Sequence[str],
    *,
    show_unpublished: bool | None = None,
    state: StateStore | None = None,
    config: Config | None = None,
    config_messages: Sequence[str] = (),
    session: Session | None = None,
    now: Clock | None = None,
    open_url: UrlOpener | None = None,
    detail_delay: float = DETAIL_DELAY,
) -> ReaderApp:
    """Build the app; tests pass their own state store, clock and URL opener."""
    if state is None:  # the app shows the store's notices: they need not wait any longer
        state = StateStore.open(state_db_path(), consume_notices=True)
    return ReaderApp(
        paths,
        state=state,
        config=config,
        config_messages=config_messages,
        session=session,
        show_unpublished=show_unpublished,
        now=now,
        open_url=open_url,
        detail_delay=detail_delay,
    )
