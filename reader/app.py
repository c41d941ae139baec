"""The Textual app: composes the panes, owns corpus and state, routes messages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import ClassVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal
from textual.message import Message
from textual.widgets import Footer

from reader.corpus import Corpus, load_corpus
from reader.model import Article, ArticleDetail
from reader.paths import state_db_path, stylesheet
from reader.query import ALL, UNREAD, View, select, topic_counts
from reader.screens.help import HelpScreen
from reader.screens.problems import ProblemsScreen
from reader.state import StateError, StateStore
from reader.urls import is_web_url
from reader.widgets.article_list import ArticleList
from reader.widgets.detail_pane import DetailPane
from reader.widgets.related_list import RelatedList
from reader.widgets.status_bar import StatusBar
from reader.widgets.topic_sidebar import TopicSidebar

Clock = Callable[[], datetime]
UrlOpener = Callable[[str], None]


@dataclass
class CorpusLoaded(Message):
    corpus: Corpus


@dataclass
class LoadProgress(Message):
    done: int
    total: int


class ReaderApp(App[None]):
    TITLE = "reader-tui"
    CSS_PATH = str(stylesheet())
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (120, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        Binding("m", "toggle_read", "Read"),
        Binding("o", "open_url", "Open"),
        Binding("y", "copy_url", "Copy"),
        Binding("a", "toggle_unpublished", "Unpublished"),
        Binding("p", "problems", "Problems", show=False),
        Binding("space", "page_article", "Scroll", show=False),
        Binding("backspace", "back", "Back", show=False),
    ]

    def __init__(
        self,
        paths: Sequence[str],
        *,
        state: StateStore,
        show_unpublished: bool = False,
        now: Clock | None = None,
        open_url: UrlOpener | None = None,
    ) -> None:
        super().__init__()
        self.paths = list(paths)
        self.state = state
        self.corpus: Corpus | None = None
        self.read_ids: set[str] = state.read_ids()
        self.view = View(show_unpublished=show_unpublished)
        self.shown: Article | None = None  # the article in the detail pane
        self._history: list[str] = []  # articles left by following related stories
        self._now = now or (lambda: datetime.now(timezone.utc))
        self._open_url = open_url

    # -- layout -----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            sidebar = TopicSidebar(id="sidebar")
            sidebar.border_title = "Topics"
            yield sidebar
            with Container(id="reading"):
                yield ArticleList(self._now, id="articles")
                detail = DetailPane(id="detail")
                detail.border_title = "Article"
                yield detail
        yield StatusBar(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ArticleList).focus()
        self._update_status(loading=" Loading articles…")
        self._load()
        if self.state.notice:
            self.notify(self.state.notice, title="Read state", severity="warning", timeout=12)

    @work(thread=True, exclusive=True, group="load")
    def _load(self) -> None:
        corpus = load_corpus(
            self.paths, progress=lambda done, total: self.post_message(LoadProgress(done, total))
        )
        self.post_message(CorpusLoaded(corpus))

    def on_load_progress(self, message: LoadProgress) -> None:
        self._update_status(loading=f" Loading articles… {message.done:,}/{message.total:,}")

    def on_corpus_loaded(self, message: CorpusLoaded) -> None:
        self.corpus = message.corpus
        self._refresh_counts()
        self._refresh_list()
        errors = {p.path for p in message.corpus.errors}
        if errors:
            noun = "file" if len(errors) == 1 else "files"
            self.notify(
                f"{len(errors)} {noun} could not be fully loaded. Press p to see which and why.",
                title="Problems",
                severity="warning",
            )
        if not message.corpus.articles:
            self.query_one(ArticleList).empty_text = "No articles found in " + ", ".join(
                self.paths
            )
            self.query_one(ArticleList).refresh()
            self.query_one(DetailPane).show_empty("Nothing to show.")

    # -- derived views ----------------------------------------------------------

    def _refresh_counts(self) -> None:
        if self.corpus is None:
            return
        everything, per_topic = topic_counts(
            self.corpus.articles.values(), self.read_ids, self.view.show_unpublished
        )
        self.query_one(TopicSidebar).set_counts(everything, per_topic)
        self._update_status()

    def _refresh_list(self) -> None:
        if self.corpus is None:
            return
        articles = select(self.corpus.articles.values(), self.read_ids, self.view)
        article_list = self.query_one(ArticleList)
        if not articles:
            article_list.empty_text = "No articles here." + (
                "" if self.view.topic != UNREAD else " Everything is read."
            )
        keep = self.shown.id if self.shown else None
        article_list.set_articles(articles, self.read_ids, keep=keep)
        topic = self.view.topic
        label = "All" if topic == ALL else "Unread" if topic == UNREAD else topic
        article_list.border_title = f"{label} · hottest first"
        article_list.border_subtitle = f"{len(articles):,}"

    def _update_status(self, loading: str = "") -> None:
        corpus = self.corpus
        visible = corpus.visible(self.view.show_unpublished) if corpus else []
        self.query_one(StatusBar).show(
            shown=len(visible),
            unread=sum(1 for a in visible if a.id not in self.read_ids),
            unpublished=corpus.hidden_count if corpus else 0,
            showing_unpublished=self.view.show_unpublished,
            problems=len({p.path for p in corpus.errors}) if corpus else 0,
            state_saved=self.state.persistent,
            loading=loading,
        )

    def _show(self, article: Article | None) -> None:
        detail_pane = self.query_one(DetailPane)
        self.shown = article
        if article is None or self.corpus is None:
            detail_pane.show_empty("No article selected.")
            detail_pane.border_title = "Article"
            return
        detail = self.corpus.detail(article.id)
        related = []
        if isinstance(detail, ArticleDetail):
            related = [(s, self.corpus.find_by_url(s.url)) for s in detail.related]
        detail_pane.show(detail, read=article.id in self.read_ids, related=related, now=self._now())
        detail_pane.border_title = article.provider.name or "Article"

    def _set_read(self, article: Article, read: bool) -> None:
        if (article.id in self.read_ids) == read:
            return
        try:
            self.state.set_read([(article.id, article.url)], read)
        except StateError as exc:
            self.notify(str(exc), title="Read state", severity="error")
            return
        if read:
            self.read_ids.add(article.id)
        else:
            self.read_ids.discard(article.id)
        self.query_one(ArticleList).set_read_ids(self.read_ids)
        self._refresh_counts()
        if self.shown is not None and self.shown.id == article.id:
            self._show(article)

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
            return  # already on show (opened from a related story, or the list refreshed)
        self._history.clear()  # moving in the list starts a new trail
        self._show(message.article)

    @on(ArticleList.Opened)
    def _article_opened(self, message: ArticleList.Opened) -> None:
        self._show(message.article)
        self._set_read(message.article, True)

    @on(RelatedList.StoryChosen)
    def _related_chosen(self, message: RelatedList.StoryChosen) -> None:
        if message.article is None:
            self._open_in_browser(message.story.url)
            return
        if self.shown is not None:
            self._history.append(self.shown.id)
        self._open_in_place(message.article)

    def _open_in_place(self, article: Article) -> None:
        self._show(article)
        self.query_one(ArticleList).go_to(article.id)
        self._set_read(article, True)
        self.query_one(DetailPane).focus()

    # -- actions ----------------------------------------------------------------

    def _target_url(self) -> str:
        related = self.query_one(RelatedList)
        if related.has_focus and related.current is not None:
            return related.current[0].url
        return self.shown.url if self.shown else ""

    def action_toggle_read(self) -> None:
        if self.shown is not None:
            self._set_read(self.shown, self.shown.id not in self.read_ids)

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
        self._refresh_counts()
        self._refresh_list()
        hidden = self.corpus.hidden_count if self.corpus else 0
        if self.view.show_unpublished:
            self.notify(f"Showing {hidden} unpublished article(s).", timeout=3)
        else:
            self.notify(f"Hiding {hidden} unpublished article(s).", timeout=3)

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

    def on_unmount(self) -> None:
        self.state.close()


def create_app(
    paths: Sequence[str],
    *,
    show_unpublished: bool = False,
    state: StateStore | None = None,
    now: Clock | None = None,
    open_url: UrlOpener | None = None,
) -> ReaderApp:
    """Build the app; tests pass their own state store, clock and URL opener."""
    return ReaderApp(
        paths,
        state=state if state is not None else StateStore.open(state_db_path()),
        show_unpublished=show_unpublished,
        now=now,
        open_url=open_url,
    )
