"""The Textual app: composes the panes, owns corpus and state, routes messages."""

from __future__ import annotations

import gc
import json
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import ClassVar

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer

from reader.config import DEFAULT_KEYS, Config
from reader.corpus import Corpus, read_detail
from reader.frontmatter import clean_text
from reader.ingest import Progress, load
from reader.model import Article, ArticleDetail
from reader.paths import state_db_path, stylesheet
from reader.preview import Preview, preview
from reader.query import ALL, STARRED, UNREAD, Counts, Sort, View, filter_view, sort_articles
from reader.screens.confirm import ConfirmScreen
from reader.screens.help import HelpScreen
from reader.screens.problems import ProblemsScreen
from reader.search import Context, Query, QueryError, parse
from reader.session import Session, ViewMemory, corpus_key
from reader.state import StateError, StateStore
from reader.urls import is_web_url
from reader.watch import current_files_signature, folders_changed
from reader.widgets.article_list import ArticleList
from reader.widgets.detail_pane import DetailPane
from reader.widgets.related_list import RelatedList
from reader.widgets.search_bar import SearchBar
from reader.widgets.status_bar import StatusBar
from reader.widgets.topic_sidebar import TopicSidebar

Clock = Callable[[], datetime]
UrlOpener = Callable[[str], None]
FULL_CHECK_EVERY = 12  # polls between full (every file) checks for in-place edits
DETAIL_DELAY = 0.06  # seconds the cursor must rest before the article pane follows it


@dataclass
class CorpusLoaded(Message):
    corpus: Corpus
    rescan: bool = False
    partial: bool = False  # more is coming: the first read of a folder is under way
    orders: dict[Sort, list[Article]] | None = None  # the corpus in each sort order


@dataclass
class LoadProgress(Message):
    progress: Progress


@dataclass
class PreviewReady(Message):
    preview: Preview


@dataclass
class LoadFailed(Message):
    reason: str


@dataclass
class FolderChanged(Message):
    """The poller saw files added, changed or removed."""


@dataclass
class BulkChange:
    """What `ctrl+z` puts back: these articles were unread before a bulk mark."""

    articles: list[Article]
    description: str


def _label(topic: str) -> str:
    return {ALL: "All", UNREAD: "Unread", STARRED: "Starred"}.get(topic, topic)


def _binding(action: str, description: str, show: bool = True) -> Binding:
    return Binding(DEFAULT_KEYS[action], action, description, show=show, id=action)


class ReaderApp(App[None]):
    TITLE = "reader-tui"
    CSS_PATH = str(stylesheet())
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (120, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        _binding("quit", "Quit"),
        _binding("help", "Help"),
        _binding("search", "Search"),
        _binding("toggle_read", "Read"),
        _binding("toggle_star", "Star"),
        _binding("open_url", "Open"),
        _binding("copy_url", "Copy", show=False),
        _binding("toggle_unread_only", "Unread"),
        _binding("cycle_sort", "Sort"),
        _binding("toggle_unpublished", "Unpublished", show=False),
        _binding("mark_all_read", "All read", show=False),
        _binding("undo", "Undo", show=False),
        _binding("next_unread", "Next unread", show=False),
        _binding("previous_unread", "Previous unread", show=False),
        _binding("rescan", "Rescan", show=False),
        _binding("problems", "Problems", show=False),
        _binding("back", "Back", show=False),
        Binding("space", "page_article", "Scroll", show=False),
        Binding("escape", "clear_search", "Clear search", show=False),
    ]

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
        self.paths = list(paths)
        self.state = state
        self.config = config or Config()
        self._config_messages = list(config_messages)
        self.session = session
        self._session_key = corpus_key(self.paths)
        self.corpus: Corpus | None = None
        self.read_ids: set[str] = state.read_ids()
        self.starred_ids: set[str] = state.starred_ids()
        if show_unpublished is None:
            show_unpublished = not self.config.hide_unpublished
        memory = session.view(self._session_key) if session else ViewMemory()
        self.view = View(
            topic=memory.topic or ALL,
            unread_only=memory.unread_only,
            show_unpublished=show_unpublished,
            sort=Sort(memory.sort) if memory.sort in Sort._value2member_map_ else Sort.HEAT,
        )
        self.query = Query("")
        self._query_text = memory.query
        self._restore_article = memory.article_id
        self.shown: Article | None = None  # the article in the detail pane
        self._history: list[str] = []  # articles left by following related stories
        self._undo: list[BulkChange] = []
        self._counts: Counts | None = None
        self._sorted: dict[Sort, list[Article]] = {}
        self._by_topic: dict[tuple[Sort, bool], dict[str, list[Article]]] = {}
        self._search_context = Context(self.read_ids, self.starred_ids)
        self._polls = 0
        self._read_timer: Timer | None = None
        self._now = now or (lambda: datetime.now(timezone.utc))
        self._open_url = open_url
        self._use_index = use_index
        self._shown_once = False  # has any corpus (even partial) been shown yet
        self._previewed = False  # was a first screen shown from the index before that
        self._excerpts_loaded = False
        self._problem_files = 0  # of the corpus on show; counted when it arrives
        self._detail_delay = detail_delay
        self._detail_timer: Timer | None = None
        self._progress: Progress | None = None

    # -- layout -----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            sidebar = TopicSidebar(id="sidebar")
            sidebar.border_title = "Topics"
            yield sidebar
            with Container(id="reading"):
                with Container(id="list-column"):
                    yield SearchBar(id="search")
                    yield ArticleList(self._now, id="articles")
                detail = DetailPane(id="detail")
                detail.border_title = "Article"
                yield detail
        yield StatusBar(id="status")
        yield Footer()

    def on_mount(self) -> None:
        theme = self.config.theme or (self.session.theme if self.session else None)
        if theme and theme in self.available_themes:
            self.theme = theme
        elif self.config.theme:
            self._config_messages.append(f"theme {self.config.theme!r} is not a known theme")
        if self.config.keys:
            self.set_keymap(self.config.keys)
        self.query_one(ArticleList).focus()
        self._update_status(loading=" Loading articles…")
        if self._query_text:
            self.query_one(SearchBar).set_text(self._query_text)
        if self._use_index:
            self._show_preview()  # ~10-25 ms: quicker here than raced against the loader
        self._load(rescan=False)
        if self.state.notice:
            self.notify(self.state.notice, title="Read state", severity="warning", timeout=12)
        for message in self._config_messages:
            self.notify(message, title="Config", severity="warning", timeout=12)
        if self.config.poll_seconds > 0:
            self.set_interval(self.config.poll_seconds, self._poll)
        self.call_after_refresh(self._bench_event, "first_paint")

    def _bench_event(self, name: str) -> None:
        """Timestamps for bench/run.py (set READER_BENCH_EVENTS); nothing otherwise."""
        target = os.environ.get("READER_BENCH_EVENTS")
        if not target:
            return
        count = len(self.corpus.articles) if self.corpus else 0
        with open(target, "a", encoding="utf-8") as events:
            events.write(json.dumps({"event": name, "time": time.time(), "articles": count}))
            events.write("\n")
        if os.environ.get("READER_BENCH_EXIT_ON") == name:
            self.exit()

    @work(thread=True, exclusive=True, group="load")
    def _load(self, rescan: bool) -> None:
        def snapshot(corpus: Corpus, progress: Progress) -> None:
            if progress.total:
                self.post_message(LoadProgress(progress))
            self.post_message(CorpusLoaded(corpus, rescan, partial=True))

        try:
            corpus = load(self.paths, snapshot=snapshot, use_index=self._use_index)
            # Every sort order, here rather than on the UI thread at the first S press.
            orders = {sort: sort_articles(corpus.articles.values(), sort) for sort in Sort}
        except Exception as exc:  # a bug in loading must leave a usable window, not a traceback
            self.post_message(LoadFailed(f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(CorpusLoaded(corpus, rescan, orders=orders))

    def _show_preview(self) -> None:
        # Only for one folder and no search to apply: anything else waits for the load.
        if len(self.paths) != 1 or self._query_text:
            return
        try:
            shown = preview(self.paths[0], self.view, self.state.path)
        except Exception:
            return  # an optimisation only: the full load follows anyway
        if shown is not None:
            self.post_message(PreviewReady(shown))

    def on_load_failed(self, message: LoadFailed) -> None:
        self.notify(
            f"Could not read the articles: {clean_text(message.reason)}",
            title="Loading failed",
            severity="error",
            timeout=30,
        )
        self._update_status(loading=" Loading failed. Press r to try again.")

    def _poll(self) -> None:
        if self.corpus is not None and not self._busy("load") and not self._busy("poll"):
            self._check_folders()
        if self.state.changed_elsewhere():
            self._reload_flags()

    def _reload_flags(self) -> None:
        """Another process marked articles (`reader mark`, a second window): show it."""
        self.read_ids.clear()
        self.read_ids.update(self.state.read_ids())
        self.starred_ids.clear()
        self.starred_ids.update(self.state.starred_ids())
        self._recount()
        self.query_one(ArticleList).flags_changed()
        if self.shown is not None:
            self._show(self.shown)

    def _busy(self, group: str) -> bool:
        return any(w.group == group and w.is_running for w in self.workers)

    @work(thread=True, exclusive=True, group="poll")
    def _check_folders(self) -> None:
        corpus = self.corpus
        if corpus is None:
            return
        self._polls += 1
        full_check = self._polls % FULL_CHECK_EVERY == 0
        if folders_changed(corpus.folders) or (
            full_check and current_files_signature(self.paths) != corpus.files_signature
        ):
            self.post_message(FolderChanged())

    def on_folder_changed(self, _message: FolderChanged) -> None:
        if not self._busy("load"):
            self._load(rescan=True)

    def on_load_progress(self, message: LoadProgress) -> None:
        progress = message.progress
        self._progress = progress
        self.query_one(StatusBar).show_progress(progress.done, progress.total, progress.rate)

    def on_corpus_loaded(self, message: CorpusLoaded) -> None:
        previous = self.corpus
        self.corpus = message.corpus
        self._problem_files = message.corpus.problem_file_count
        first = not self._shown_once
        self._shown_once = True
        if first and not self._previewed:
            self.call_after_refresh(self._bench_event, "corpus_shown")
        if first and self._previewed and self.shown is not None:
            self._show(self.shown)  # now related stories can be found in the corpus
        if message.partial:
            # A snapshot while reading: show what there is, keep the cursor, no notices.
            self._sorted.clear()
            self._by_topic.clear()
            self._recount()
            if first:
                self._restore_view()
            self._refresh_list()
            if self._progress is not None:
                p = self._progress
                self.query_one(StatusBar).show_progress(p.done, p.total, p.rate)
            return
        self._progress = None
        gc.freeze()  # the corpus lives as long as the app: keep the collector off it
        # Lists of 100k articles made later (views, sorts) would otherwise make every
        # full collection walk them: tens of ms, often, in the middle of key presses.
        gc.set_threshold(700, 10, 10_000)
        if not message.rescan:
            self.call_after_refresh(self._bench_event, "loaded")
        self._sorted = dict(message.orders or {})
        self._by_topic.clear()
        self._search_context.haystacks.clear()
        self._search_context.excerpts.clear()
        self._search_context.aligned.clear()
        self._excerpts_loaded = False
        self._recount()
        if first:
            self._restore_view()
        self._refresh_list()
        if message.rescan and previous is not None:
            self._announce_changes(previous, message.corpus)
        elif self._problem_files:
            count = self._problem_files
            noun = "file" if count == 1 else "files"
            self.notify(
                f"{count} {noun} could not be fully loaded. Press p to see which and why.",
                title="Problems",
                severity="warning",
            )
        if not message.corpus.articles:
            article_list = self.query_one(ArticleList)
            article_list.empty_text = "No articles found in " + clean_text(", ".join(self.paths))
            article_list.refresh()
            self.query_one(DetailPane).show_empty("Nothing to show.")

    def _restore_view(self) -> None:
        """Put back the search, topic and article from the last session (once)."""
        assert self.corpus is not None
        self._apply_query_text(self._query_text, quiet=True)
        self.query_one(TopicSidebar).select_topic(self.view.topic)
        if self._restore_article in self.corpus.articles:
            self.shown = self.corpus.articles[self._restore_article]

    def _announce_changes(self, before: Corpus, after: Corpus) -> None:
        added = after.articles.keys() - before.articles.keys()
        removed = before.articles.keys() - after.articles.keys()
        changed = sum(
            1 for key in after.articles.keys() & before.articles.keys()
            if after.articles[key] != before.articles[key]
        )
        parts = [f"{len(added)} new"] if added else []
        parts += [f"{changed} changed"] if changed else []
        parts += [f"{len(removed)} removed"] if removed else []
        if parts:
            self.notify(", ".join(parts), timeout=4)
        if self.shown is not None:
            current = after.articles.get(self.shown.id)
            if current is None or current != self.shown:
                self._show(current or self.query_one(ArticleList).current)

    # -- derived views ----------------------------------------------------------

    def _recount(self) -> None:
        if self.corpus is None:
            return
        self._counts = Counts(
            self.corpus.articles.values(),
            self.read_ids,
            self.starred_ids,
            self.view.show_unpublished,
        )
        self._push_counts()

    def _push_counts(self) -> None:
        if self._counts is None:
            return
        counts = self._counts
        self.query_one(TopicSidebar).set_counts(
            counts.everything, counts.starred, counts.per_topic()
        )
        self._update_status()

    def _sorted_articles(self) -> list[Article]:
        assert self.corpus is not None
        if self.view.sort not in self._sorted:
            self._sorted[self.view.sort] = sort_articles(
                self.corpus.articles.values(), self.view.sort
            )
        return self._sorted[self.view.sort]

    def _topic_list(self) -> list[Article]:
        """The current topic's articles in list order, before read/star filters.

        All topics are split out in one pass per (sort, unpublished) and kept, so moving
        between topics is a lookup rather than a pass over every article.
        """
        key = (self.view.sort, self.view.show_unpublished)
        by_topic = self._by_topic.get(key)
        if by_topic is None:
            by_topic = {ALL: []}
            everything = by_topic[ALL]
            for article in self._sorted_articles():
                if self.view.show_unpublished or article.published:
                    everything.append(article)
                    for topic in article.topics:
                        by_topic.setdefault(topic, []).append(article)
            self._by_topic[key] = by_topic
        topic = self.view.topic
        return by_topic.get(ALL if topic in (ALL, UNREAD, STARRED) else topic, [])

    def _refresh_list(self) -> None:
        if self.corpus is None:
            return
        articles = self._topic_list()
        if self.view.unread_only or self.view.topic in (UNREAD, STARRED):
            articles = filter_view(articles, self.read_ids, self.view, self.starred_ids)
        if not self.query.is_empty and not self._excerpts_loaded:
            # Fetched on the first search only: they are not kept in memory otherwise.
            self._search_context.excerpts.update(self.corpus.excerpts())
            self._excerpts_loaded = True
        articles = self.query.filter(articles, self._search_context)
        article_list = self.query_one(ArticleList)
        if not articles:
            article_list.empty_text = self._empty_reason()
        keep = self.shown
        article_list.set_articles(
            articles, self.read_ids, self.starred_ids, keep=keep, highlights=self.query.highlights
        )
        article_list.border_title = self._list_title()
        article_list.border_subtitle = f"{len(articles):,}"

    def _list_title(self) -> str:
        parts = [_label(self.view.topic), self.view.sort.label]
        if self.view.unread_only:
            parts.append("unread only")
        if not self.query.is_empty:
            parts.append(f"/{self.query.text.strip()}")
        return " · ".join(parts)

    def on_preview_ready(self, message: PreviewReady) -> None:
        """The first screen from the index, while the full corpus is still loading."""
        if self.corpus is not None:
            return  # the real thing won the race
        shown = message.preview
        sidebar = self.query_one(TopicSidebar)
        sidebar.set_counts(shown.everything, shown.starred, shown.per_topic)
        sidebar.select_topic(self.view.topic)
        article_list = self.query_one(ArticleList)
        article_list.set_articles(
            shown.articles, self.read_ids, self.starred_ids, keep=self._restore_article
        )
        article_list.border_title = self._list_title()
        article_list.border_subtitle = "…"
        self.query_one(StatusBar).show(
            shown=shown.everything.total,
            unread=shown.everything.unread,
            unpublished=0,
            showing_unpublished=self.view.show_unpublished,
            problems=0,
            state_saved=self.state.persistent,
        )
        self._previewed = True
        self.call_after_refresh(self._bench_event, "corpus_shown")

    def _empty_reason(self) -> str:
        if not self.query.is_empty:
            return "No articles match the search. Press escape to clear it."
        if self.view.topic == STARRED:
            return "No starred articles yet. Press s on an article to star it."
        if self.view.topic == UNREAD or self.view.unread_only:
            return "Everything here is read."
        return "No articles here."

    def _update_status(self, loading: str = "") -> None:
        counts = self._counts
        self.query_one(StatusBar).show(
            shown=counts.everything.total if counts else 0,
            unread=counts.everything.unread if counts else 0,
            unpublished=counts.unpublished if counts else 0,
            showing_unpublished=self.view.show_unpublished,
            problems=self._problem_files,
            state_saved=self.state.persistent,
            loading=loading,
        )

    def _show(self, article: Article | None) -> None:
        detail_pane = self.query_one(DetailPane)
        self.shown = article
        self._cancel_read_timer()
        if self._detail_timer is not None:
            self._detail_timer.stop()
            self._detail_timer = None
        if article is None:
            detail_pane.show_empty("No article selected.")
            detail_pane.border_title = "Article"
            return
        detail = read_detail(article)
        related = []
        if isinstance(detail, ArticleDetail):
            corpus = self.corpus  # None while only the first screen (a preview) is up
            related = [(s, corpus.find_by_url(s.url) if corpus else None) for s in detail.related]
        detail_pane.show(detail, read=article.id in self.read_ids, related=related, now=self._now())
        detail_pane.border_title = article.provider.name or "Article"

    # -- read and star ----------------------------------------------------------

    def _set_read(self, articles: Iterable[Article], read: bool) -> list[Article]:
        """Mark articles; returns the ones that actually changed (saved first, then shown)."""
        changing = [a for a in articles if (a.id in self.read_ids) != read]
        if not changing:
            return []
        try:
            self.state.set_read([(a.id, a.url) for a in changing], read)
        except StateError as exc:
            self.notify(str(exc), title="Read state", severity="error")
            return []
        for article in changing:
            if read:
                self.read_ids.add(article.id)
            else:
                self.read_ids.discard(article.id)
            if self._counts is not None:
                self._counts.read_changed(article, read, article.id in self.starred_ids)
        self._flags_changed(changing)
        return changing

    def _set_starred(self, article: Article, starred: bool) -> None:
        try:
            self.state.set_starred([(article.id, article.url)], starred)
        except StateError as exc:
            self.notify(str(exc), title="Read state", severity="error")
            return
        if starred:
            self.starred_ids.add(article.id)
        else:
            self.starred_ids.discard(article.id)
        if self._counts is not None:
            self._counts.star_changed(article, starred, article.id in self.read_ids)
        self._flags_changed([article])

    def _flags_changed(self, articles: list[Article]) -> None:
        self.query_one(ArticleList).flags_changed()
        self._push_counts()
        if self.shown is not None and any(a.id == self.shown.id for a in articles):
            self._show(self.shown)

    def _opened(self, article: Article) -> None:
        """An article was opened on purpose: show it and mark it read as configured."""
        self._show(article)
        setting = self.config.mark_read_on_open
        if setting is True:
            self._set_read([article], True)
        elif setting is not False:
            self._read_timer = self.set_timer(
                float(setting), lambda: self._read_if_still_shown(article.id)
            )

    def _read_if_still_shown(self, article_id: str) -> None:
        if self.shown is not None and self.shown.id == article_id:
            self._set_read([self.shown], True)

    def _cancel_read_timer(self) -> None:
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None

    # -- messages from widgets --------------------------------------------------

    @on(TopicSidebar.TopicChosen)
    def _topic_chosen(self, message: TopicSidebar.TopicChosen) -> None:
        if message.topic != self.view.topic:
            self.view = replace(self.view, topic=message.topic)
            self._refresh_list()

    @on(TopicSidebar.TopicEntered)
    def _topic_entered(self) -> None:
        self.query_one(ArticleList).focus()

    @on(ArticleList.Highlighted)
    def _article_highlighted(self, message: ArticleList.Highlighted) -> None:
        article, shown = message.article, self.shown
        if article is not None and shown is not None and article.id == shown.id:
            if self.query_one(DetailPane).showing != article.id:
                self._show(article)
            return  # already on show (opened from a related story, or the list refreshed)
        self._history.clear()  # moving in the list starts a new trail
        self._show_soon(article)

    def _show_soon(self, article: Article | None) -> None:
        """Show `article` once the cursor rests: holding j must not re-render the article
        pane on every row (that costs far more than moving the cursor)."""
        if self._detail_delay <= 0 or self.query_one(DetailPane).showing is None:
            self._show(article)  # nothing on show yet (start, empty list): no reason to wait
            return
        self.shown = article
        self._cancel_read_timer()
        if self._detail_timer is not None:
            self._detail_timer.stop()
        self._detail_timer = self.set_timer(self._detail_delay, self._show_current)

    def _show_current(self) -> None:
        self._detail_timer = None
        self._show(self.shown)

    @on(ArticleList.Opened)
    def _article_opened(self, message: ArticleList.Opened) -> None:
        self._opened(message.article)

    @on(RelatedList.StoryChosen)
    def _related_chosen(self, message: RelatedList.StoryChosen) -> None:
        if message.article is None:
            self._open_in_browser(message.story.url)
            return
        if self.shown is not None:
            self._history.append(self.shown.id)
        self._opened(message.article)
        self.query_one(ArticleList).go_to(message.article.id)
        self.query_one(DetailPane).focus()

    @on(SearchBar.QueryChanged)
    def _search_changed(self, message: SearchBar.QueryChanged) -> None:
        self._apply_query_text(message.text)

    @on(SearchBar.Done)
    def _search_done(self, message: SearchBar.Done) -> None:
        if message.cleared:
            self._apply_query_text("")
        self.query_one(ArticleList).focus()

    def _apply_query_text(self, text: str, quiet: bool = False) -> None:
        search_bar = self.query_one(SearchBar)
        try:
            query = parse(text)
        except QueryError as exc:
            search_bar.set_error(f"{exc} (at character {exc.position + 1})")
            return  # keep showing the last good results
        search_bar.set_error(None)
        self._query_text = text
        self.query = query
        if not quiet:
            self._refresh_list()

    # -- actions ----------------------------------------------------------------

    def _target_url(self) -> str:
        related = self.query_one(RelatedList)
        if related.has_focus and related.current is not None:
            return related.current[0].url
        return self.shown.url if self.shown else ""

    def action_toggle_read(self) -> None:
        if self.shown is not None:
            self._set_read([self.shown], self.shown.id not in self.read_ids)

    def action_toggle_star(self) -> None:
        if self.shown is not None:
            self._set_starred(self.shown, self.shown.id not in self.starred_ids)

    def action_open_url(self) -> None:
        self._open_in_browser(self._target_url())

    def _open_in_browser(self, url: str) -> None:
        if not url:
            self.notify("This article has no URL.", severity="warning")
            return
        if not is_web_url(url):
            self.notify(
                "Only http and https links are opened.", title="Not opened", severity="warning"
            )
            return
        (self._open_url or self.open_url)(url)
        self.notify(url, title="Opening in your browser", timeout=3)

    def action_copy_url(self) -> None:
        url = self._target_url()
        if not url:
            self.notify("This article has no URL.", severity="warning")
            return
        self.copy_to_clipboard(url)
        self.notify(url, title="Copied", timeout=3)

    def action_toggle_unpublished(self) -> None:
        self.view = replace(self.view, show_unpublished=not self.view.show_unpublished)
        self._recount()
        self._refresh_list()
        hidden = self._counts.unpublished if self._counts else 0
        verb = "Showing" if self.view.show_unpublished else "Hiding"
        self.notify(f"{verb} {hidden} unpublished article(s).", timeout=3)

    def action_toggle_unread_only(self) -> None:
        self.view = replace(self.view, unread_only=not self.view.unread_only)
        self._refresh_list()

    def action_cycle_sort(self) -> None:
        self.view = replace(self.view, sort=self.view.sort.next())
        self._refresh_list()
        self.notify(f"Sorted {self.view.sort.label}.", timeout=2)

    def action_search(self) -> None:
        self.query_one(SearchBar).open()

    def action_clear_search(self) -> None:
        if self._query_text:
            self.query_one(SearchBar).action_clear()

    def action_mark_all_read(self) -> None:
        articles = [a for a in self.query_one(ArticleList).articles if a.id not in self.read_ids]
        if not articles:
            self.notify("Everything in this view is already read.", timeout=3)
            return
        where = _label(self.view.topic)
        count = len(articles)
        noun = "article" if count == 1 else "articles"

        def answered(yes: bool | None) -> None:
            if yes:
                changed = self._set_read(articles, True)
                if changed:
                    self._undo.append(BulkChange(changed, f"{len(changed)} marked read"))
                    self.notify(f"Marked {len(changed)} {noun} read. ctrl+z undoes.", timeout=4)

        self.push_screen(
            ConfirmScreen(f"Mark {count} {noun} in “{where}” as read?", yes="Mark read"),
            answered,
        )

    def action_undo(self) -> None:
        if not self._undo:
            self.notify("Nothing to undo.", timeout=2)
            return
        change = self._undo.pop()
        self._set_read(change.articles, False)
        self.notify(f"Undone: {change.description}.", timeout=3)

    def action_next_unread(self) -> None:
        self._jump_unread(forward=True)

    def action_previous_unread(self) -> None:
        self._jump_unread(forward=False)

    def _jump_unread(self, forward: bool) -> None:
        article_list = self.query_one(ArticleList)
        articles = article_list.articles
        step = 1 if forward else -1
        start = article_list.cursor + step
        indices = range(start, len(articles)) if forward else range(start, -1, -1)
        for index in indices:
            if articles[index].id not in self.read_ids:
                article_list.cursor = index
                return
        if self._jump_to_next_topic_with_unread(forward):
            return
        self.notify("No more unread articles.", timeout=2)

    def _jump_to_next_topic_with_unread(self, forward: bool) -> bool:
        sidebar = self.query_one(TopicSidebar)
        rows = sidebar.topics
        if forward:
            order: Iterable[int] = range(sidebar.cursor + 1, len(rows))
        else:
            order = range(sidebar.cursor - 1, -1, -1)
        for index in order:
            row = rows[index]
            if row.unread and row.topic not in (ALL, UNREAD, STARRED):
                sidebar.cursor = index
                self.view = replace(self.view, topic=row.topic)
                self._refresh_list()
                article_list = self.query_one(ArticleList)
                listed = article_list.articles
                unread = [i for i, a in enumerate(listed) if a.id not in self.read_ids]
                if unread:
                    article_list.cursor = unread[0] if forward else unread[-1]
                    self.notify(f"Next unread in {row.topic}.", timeout=2)
                    return True
        return False

    def action_rescan(self) -> None:
        self.notify("Looking for new and changed files…", timeout=2)
        self._load(rescan=True)

    def action_problems(self) -> None:
        self.push_screen(ProblemsScreen(self.corpus.problems if self.corpus else []))

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_page_article(self) -> None:
        self.query_one(DetailPane).scroll_page_down(animate=False)

    def action_back(self) -> None:
        if not self._history or self.corpus is None:
            return
        article = self.corpus.articles.get(self._history.pop())
        if article is not None:
            self._show(article)
            self.query_one(ArticleList).go_to(article.id)

    def action_go_to_topic(self, topic: str) -> None:
        self.query_one(TopicSidebar).select_topic(topic)
        self.query_one(ArticleList).focus()

    # -- command palette --------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        commands = [
            ("Search", "Filter the list as you type (/)", self.action_search),
            ("Toggle read", "Mark the article read or unread (m)", self.action_toggle_read),
            ("Toggle star", "Star or unstar the article (s)", self.action_toggle_star),
            ("Open in browser", "Open the article's URL (o)", self.action_open_url),
            ("Copy URL", "Copy the article's URL (y)", self.action_copy_url),
            ("Toggle unread only", "Show only unread articles (u)", self.action_toggle_unread_only),
            ("Cycle sort", "Heat, newest, quality (S)", self.action_cycle_sort),
            ("Toggle unpublished", "Show or hide unpublished (a)", self.action_toggle_unpublished),
            ("Mark all read", "Mark everything in this view read (A)", self.action_mark_all_read),
            ("Undo", "Undo the last bulk action (ctrl+z)", self.action_undo),
            ("Next unread", "Jump to the next unread article (n)", self.action_next_unread),
            ("Previous unread", "Jump to the previous unread (N)", self.action_previous_unread),
            ("Rescan folders", "Look for new and changed files now (r)", self.action_rescan),
            ("Show problems", "Files that could not be loaded (p)", self.action_problems),
        ]
        for title, help_text, callback in commands:
            yield SystemCommand(title, help_text, callback)
        for row in self.query_one(TopicSidebar).topics:
            label = _label(row.topic)
            yield SystemCommand(
                f"Go to topic: {label}",
                f"{row.unread} unread of {row.total}",
                lambda topic=row.topic: self.action_go_to_topic(topic),
            )

    # -- shutdown ---------------------------------------------------------------

    def on_unmount(self) -> None:
        if self.session is not None:
            memory = ViewMemory(
                topic=self.view.topic,
                sort=self.view.sort.value,
                query=self._query_text,
                unread_only=self.view.unread_only,
                article_id=self.shown.id if self.shown else None,
            )
            self.session.save(self._session_key, memory, self.theme)
        self.state.close()


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
    return ReaderApp(
        paths,
        state=state if state is not None else StateStore.open(state_db_path()),
        config=config,
        config_messages=config_messages,
        session=session,
        show_unpublished=show_unpublished,
        now=now,
        open_url=open_url,
        detail_delay=detail_delay,
    )
