"""The main screen: sidebar, list, article, status line, footer. Draws model updates."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer

from reader.actions import Keymap
from reader.keys import bindings
from reader.layout import Layout, Sizes, plan
from reader.textsafe import one_line
from reader.updates import Flags, Update
from reader.widgets.article_list import ArticleList
from reader.widgets.detail_pane import DetailPane
from reader.widgets.search_bar import SearchBar
from reader.widgets.status_bar import StatusBar
from reader.widgets.topic_sidebar import TopicSidebar


def empty_text(reason: str, keys: Keymap, paths: Sequence[str]) -> str:
    """What an empty list says, with the keys in force."""
    return {
        "no-match": f"No articles match the search. Press {keys.label('clear_search')} to clear.",
        "unpublished-hidden": (
            "Unpublished articles are hidden. "
            f"Press {keys.label('toggle_unpublished')} to show them."
        ),
        "no-starred": f"No starred articles yet. Press {keys.label('toggle_star')} to star one.",
        "all-read": "Everything here is read.",
        "no-articles": "No articles found in " + one_line(", ".join(paths), 500),
        "loading": "Loading…",
    }.get(reason, "No articles here.")


def compose_main(now: Callable[[], datetime]) -> ComposeResult:
    """What the app composes onto this screen (App.compose fills the default screen)."""
    with Horizontal(id="main"):
        sidebar = TopicSidebar(id="sidebar")
        sidebar.border_title = "Topics"
        yield sidebar
        with Container(id="reading"):
            with Container(id="list-column"):
                yield SearchBar(id="search")
                yield ArticleList(now, id="articles")
            detail = DetailPane(id="detail")
            detail.border_title = "Article"
            yield detail
    yield StatusBar(id="status")
    yield Footer()


class MainScreen(Screen[None], inherit_bindings=False):
    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings({"focus_next": "app.focus_next", "focus_previous": "app.focus_previous"}),
        Binding("ctrl+c,super+c", "screen.copy_text", "Copy selected text", show=False),
    ]

    def __init__(self, paths: Sequence[str], sizes: Sizes | None = None) -> None:
        super().__init__(id="_default")
        self._paths = paths
        self.sizes = sizes or Sizes()
        self.layout_in_force: Layout | None = None

    def on_mount(self) -> None:
        self._lay_out(self.app.size.width, self.app.size.height)  # before the first frame

    def on_resize(self, event: events.Resize) -> None:
        self._lay_out(event.size.width, event.size.height)

    def resize_panes(self, *, sidebar: int = 0, detail: int = 0) -> None:
        """Grow or shrink the sidebar (columns) or the article pane (percent)."""
        self.sizes = self.sizes.resized(sidebar=sidebar, detail=detail, width=self.size.width)
        self._lay_out(self.size.width, self.size.height)

    def _lay_out(self, width: int, height: int) -> None:
        layout = plan(width, height, self.sizes)
        if layout == self.layout_in_force:
            return
        self.layout_in_force = layout
        self.query_one(TopicSidebar).styles.width = layout.sidebar
        reading = self.query_one("#reading")
        reading.styles.layout = "horizontal" if layout.beside else "vertical"
        detail = self.query_one(DetailPane).styles  # the list column takes the rest (1fr)
        if layout.beside:
            detail.width, detail.height = layout.detail, "1fr"
        else:
            detail.width, detail.height = "1fr", layout.detail

    def apply(self, update: Update, flags: Flags, keys: Keymap, *, state_note: str) -> None:
        """Draw what an update says changed; nothing else is touched."""
        if update.sidebar is not None:
            self.query_one(TopicSidebar).set_rows(update.sidebar)
        if update.topic is not None:
            self.query_one(TopicSidebar).select_topic(update.topic)
        article_list = self.query_one(ArticleList)
        if update.rows is not None:
            rows = update.rows
            article_list.empty_text = empty_text(rows.empty, keys, self._paths)
            article_list.border_title = Content(one_line(rows.title, 300))
            article_list.border_subtitle = Content(rows.count)
            article_list.set_articles(
                rows.rows,
                flags,
                keep=rows.cursor_id,
                first=rows.cursor_first,
                highlights=rows.highlights,
                number_column=rows.number_column,
                stories=rows.stories,
                provider_names=rows.provider_names,
            )
        elif update.changed_ids:
            article_list.flags_changed()
        if update.status is not None:
            self.query_one(StatusBar).show(update.status, keys, state_note=state_note)
        search_bar = self.query_one(SearchBar)
        if update.search_error is not None or update.rows is not None:
            search_bar.set_error(update.search_error)
