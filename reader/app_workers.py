"""The app's workers: everything that touches files, SQLite or a browser runs here.

Each posts its result back as a message (reader/messages.py); the UI thread only draws.
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, SuspendNotSupported

from reader.actions import Keymap
from reader.config import Config
from reader.detailreader import DetailReader
from reader.flagwriter import FlagWriter
from reader.formatting import count
from reader.gcpause import collector_paused
from reader.messages import (
    BrowserDone,
    ConsoleBrowser,
    CorpusLoaded,
    DetailRead,
    ExcerptsLoaded,
    FlagsChanged,
    FolderChanged,
    LoadFailed,
    LoadProgress,
    PreviewReady,
)
from reader.model import Article, ArticleDetail
from reader.prepared import prepare
from reader.preview import preview
from reader.query import Sort
from reader.reading import ReadingModel
from reader.search import Haystacks
from reader.state import StateStore
from reader.updates import Update
from reader.urls import is_web_url
from reader.watch import current_files_signature, folders_changed
from reader.widgets.article_list import ArticleList
from reader.widgets.detail_pane import DetailPane
from reader.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from reader.collection import Corpus
    from reader.ingest import Progress

BENCH_EVENTS = bool(os.environ.get("READER_BENCH_EVENTS"))  # see ReaderApp._bench_event


def load(paths: list[str], **options: Any) -> Corpus:
    """reader.ingest.load, imported on first use: its parsers (and PyYAML) are not needed
    before the first frame, and importing them took ~20 ms of a warm start."""
    from reader.ingest import load as load_corpus

    return load_corpus(paths, **options)


FULL_CHECK_EVERY = 12  # polls between full (every file) checks for in-place edits
FIRST_SCREEN_WAIT = 0.5  # seconds the loader gives the UI to draw the index's first screen


class WorkersMixin(App[None]):
    paths: list[str]
    state: StateStore
    config: Config
    model: ReadingModel
    writer: FlagWriter
    state_closed = False  # set (under writer.lock) once the app has closed the store
    _open_url: Callable[[str], None] | None
    _use_index: bool
    _polls: int
    _last_detail: DetailRead | None
    details: DetailReader
    _notices_said: set[str]
    say: Callable[..., None]
    shutting_down: Callable[[], bool]
    _now: Callable[[], datetime]
    keys: Keymap

    if TYPE_CHECKING:  # in ReaderApp and ActionsMixin

        def apply(self, update: Update) -> None: ...
        def _bench_event(self, name: str, article_id: str = "") -> None: ...
        def _show(self, article: Article | None) -> None: ...

    @work(thread=True, exclusive=True, group="load")
    def _load(self, rescan: bool) -> None:
        if (
            not rescan
            and self._use_index
            and len(self.paths) == 1
            and not self.model.memory().query
        ):
            try:  # the first screen straight from the index; the full load follows anyway
                if (shown := preview(self.paths[0], self.model.view, self.state.path)) is not None:
                    drawn = threading.Event()
                    self.post_message(PreviewReady(shown, drawn))
                    # Let the UI thread draw it before the load takes the GIL (bounded).
                    drawn.wait(FIRST_SCREEN_WAIT)
            except Exception:
                pass

        def snapshot(corpus: Corpus, progress: Progress) -> None:
            # Sorted and counted here, not on the UI thread (only in the sort on show).
            view = self.model.view
            articles = corpus.articles.values()
            # (A partial corpus has no stories yet: counted in the mode on show only.)
            corpus.prepared = prepare(
                articles, self.model.flags, view.show_unpublished, [view.sort], [view.stories]
            )
            # What is read so far lives on: out of the collector's sight, so no full
            # collection (which holds the GIL: the UI waits) walks it again and again.
            gc.freeze()
            self.post_message(LoadProgress(progress))
            self.post_message(CorpusLoaded(corpus, rescan, partial=True))

        try:
            corpus = load(self.paths, snapshot=snapshot, use_index=self._use_index)
            gc.freeze()  # (as for the snapshots: the corpus lives on)
            view = self.model.view
            ready = prepare(
                corpus.articles.values(), self.model.flags, view.show_unpublished, [view.sort]
            )
            corpus.prepared = ready
        except Exception as exc:  # a bug in loading must leave a usable window, not a traceback
            self.post_message(LoadFailed(f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(CorpusLoaded(corpus, rescan))
        # The other sort orders after the corpus is on show (~0.3 s each at 100k): until
        # they are in, a re-sort sorts for itself (the same lists; whichever comes last).
        for sort in Sort:
            if sort is not view.sort and not self.shutting_down():
                with collector_paused():
                    ready.source.prepare(view.show_unpublished, [sort])

    @work(thread=True, exclusive=True, group="poll")
    def _check(self, look_at_files: bool) -> None:
        corpus = self.model.corpus
        self._polls += 1
        if (
            look_at_files
            and corpus is not None
            and (
                folders_changed(corpus.folders)
                or (
                    self._polls % FULL_CHECK_EVERY == 0
                    and current_files_signature(self.paths) != corpus.files_signature
                )
            )
        ):
            self.post_message(FolderChanged())
        with self.writer.lock:
            if not self.state_closed and self.state.changed_elsewhere():
                self.post_message(FlagsChanged(self.state.read_ids(), self.state.starred_ids()))

    def _read_detail(self, article: Article) -> None:
        """Read the file now, on the detail reader's thread; drawn when it arrives (again
        only if it differs from what the pane shows: it may have been drawn from what was
        read ahead)."""
        self.details.read_now(article)

    @work(thread=True, exclusive=True, group="excerpts")
    def _load_excerpts(self) -> None:
        if (corpus := self.model.corpus) is not None:
            # The haystacks themselves, made here (Haystacks): not on the UI thread.
            texts = Haystacks.of(corpus.articles.values(), corpus.excerpts())
            self.post_message(ExcerptsLoaded(texts))

    @work(thread=True, exclusive=True, group="browser")
    def _open_url_worker(self, url: str) -> None:
        """Works out which browser (that may run a program) and starts a GUI one here; a
        console one is handed back, to run on the UI thread with the screen suspended."""
        from reader.browser import plan_open, run_detached

        try:
            if self._open_url is not None:
                self._open_url(url)
                error = None
            else:
                plan = plan_open(url, self.config.browser, self.config.browser_console)
                if plan.console and not plan.error:
                    self.post_message(ConsoleBrowser(plan, url))
                    return
                error = run_detached(plan, url)
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
        self.post_message(BrowserDone(url, error))

    def _busy(self, group: str) -> bool:
        return any(w.group == group and w.is_running for w in self.workers)

    def _poll(self) -> None:
        if not self._busy("poll"):
            self._check(self.model.corpus is not None and not self._busy("load"))

    def on_detail_read(self, message: DetailRead) -> None:
        self.details.keep(message.article, message.detail)
        if message.ahead or self.shutting_down():
            return
        pane = self.query_one(DetailPane)
        if pane.article_id != message.article.id:
            return
        last = self._last_detail
        if (
            last is not None
            and pane.showing == message.article.id
            and last.article == message.article
            and last.detail == message.detail
        ):
            return  # drawn already, from what was read ahead: the file has not changed
        self._last_detail = message  # kept: a new read mark redraws it without a re-read
        self.draw_detail(message)

    def draw_detail(self, message: DetailRead) -> None:
        detail, article = message.detail, message.article
        related = self.model.related(detail) if isinstance(detail, ArticleDetail) else []
        self.query_one(DetailPane).show_detail(
            article,
            detail,
            read=self.model.is_read(article.id),
            related=related,
            now=self._now(),
            covered=self.model.coverage(article),
        )
        if BENCH_EVENTS:  # (the browser test waits for this)
            self.call_after_refresh(self._bench_event, "article_shown", article.id)

    def on_browser_done(self, message: BrowserDone) -> None:
        if message.error:
            self.say(message.error, title="Not opened", severity="error", timeout=8)
        else:
            self.say(message.url, title="Opening in your browser")

    def _open_in_browser(self, url: str) -> None:
        if not url:
            self.say("This article has no URL.", severity="warning")
        elif not is_web_url(url):
            self.say(
                "Only http and https links are opened.", title="Not opened", severity="warning"
            )
        else:
            self._open_url_worker(url)

    def on_console_browser(self, message: ConsoleBrowser) -> None:
        """w3m, lynx…: they need the terminal, so the reader steps aside until they end."""
        from reader.browser import run_console

        try:
            with self.suspend():
                error = run_console(message.plan, message.url)
        except SuspendNotSupported:
            error = f"{message.plan.program} needs this terminal, which can't be handed over here"
        if error:
            self.say(error, title="Not opened", severity="error", timeout=8)

    # -- what the loader sends back --------------------------------------------

    def on_preview_ready(self, message: PreviewReady) -> None:
        if self.model.corpus is None:  # else the real thing won the race
            shown = message.preview
            self.apply(self.model.preview(shown))
            self.call_after_refresh(self._bench_event, "corpus_shown")
        self.call_after_refresh(message.drawn.set)

    def on_load_progress(self, message: LoadProgress) -> None:
        p = message.progress
        if p.total:
            self.query_one(StatusBar).show_progress(p.done, p.total, p.rate)

    def on_load_failed(self, message: LoadFailed) -> None:
        self.say(
            f"Could not read the articles: {message.reason}",
            title="Loading failed",
            severity="error",
            timeout=30,
        )
        self.query_one(StatusBar).end_progress()
        self.query_one(StatusBar).show(
            None,
            self.keys,
            state_note=self.state.status_note,
            loading=f" Loading failed. Press {self.keys.label('rescan')} to try again.",
        )

    def on_corpus_loaded(self, message: CorpusLoaded) -> None:
        before, first = self.model.corpus, self.model.corpus is None
        if first and not self.query_one(ArticleList).row_count:
            self.call_after_refresh(self._bench_event, "corpus_shown")
        if not message.partial:
            self.query_one(StatusBar).end_progress()
            # The model drops the excerpts with the old corpus: a search on show (say,
            # during a rescan) must ask for them again, or it says "searching…" for good.
            self._excerpts_asked = False
        self.query_one(DetailPane).provider_names = message.corpus.provider_names
        self.apply(
            self.model.corpus_loaded(message.corpus, partial=message.partial, orders=message.orders)
        )
        if message.partial:
            return
        for notice in message.corpus.notices:
            if notice not in self._notices_said:
                self._notices_said.add(notice)
                self.say(notice, title="Index", severity="warning", timeout=12)
        gc.freeze()  # the corpus lives as long as the app: keep the collector off it
        gc.set_threshold(700, 10, 10_000)
        if not message.rescan:
            self.call_after_refresh(self._bench_event, "loaded")
        if message.rescan and before is not None:
            self._announce_changes(before.articles, message.corpus.articles)
        elif problems := message.corpus.problem_file_count:
            self.say(
                f"{count(problems, 'file')} could not be fully loaded. Press "
                f"{self.keys.label('problems')} to see which and why.",
                title="Problems",
                severity="warning",
                timeout=6,
            )
        if not message.corpus.articles:
            self.query_one(DetailPane).show_empty("Nothing to show.")

    def _announce_changes(self, before: dict[str, Article], after: dict[str, Article]) -> None:
        changed = sum(1 for key in after.keys() & before.keys() if after[key] != before[key])
        parts = [
            f"{len(after.keys() - before.keys())} new",
            f"{changed} changed",
            f"{len(before.keys() - after.keys())} removed",
        ]
        if news := [p for p in parts if not p.startswith("0 ")]:
            self.say(", ".join(news), timeout=4)
        pane = self.query_one(DetailPane)
        if pane.article_id is not None and after.get(pane.article_id) != before.get(
            pane.article_id
        ):
            self._show(after.get(pane.article_id) or self.query_one(ArticleList).current)
