"""The app's key actions and widget messages, each one call into the reading model.

Every action takes its article from the row under the cursor (or the article pane, when
it has focus) at the moment the key is handled.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from datetime import datetime
from time import monotonic
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import App
from textual.notifications import Notify
from textual.timer import Timer
from textual.widgets import Input

if TYPE_CHECKING:
    from textual.worker import Worker

from reader.actions import ACTIONS, Keymap
from reader.commands import Entry
from reader.config import Config
from reader.detailreader import DetailReader
from reader.formatting import count
from reader.messages import DetailRead
from reader.model import Article
from reader.reading import ReadingModel, topic_label
from reader.screens.confirm import ConfirmScreen
from reader.screens.help import HelpScreen
from reader.screens.main import MainScreen
from reader.screens.problems import ProblemsScreen
from reader.textsafe import one_line
from reader.updates import Update
from reader.widgets.article_list import ArticleList
from reader.widgets.detail_pane import DetailPane
from reader.widgets.related_list import RelatedList
from reader.widgets.search_bar import SearchBar
from reader.widgets.topic_sidebar import TopicSidebar

# Cursor moves closer together than this are a held key: drawing an article costs more
# than a key's frame (layout passes in the pane), so the pane follows once it is let go.
PANE_REST = 0.05


class ActionsMixin(App[None]):
    _last_move = 0.0  # when the cursor last moved (monotonic)
    _pane_pending = False  # a _pane_follows is queued after the next frame
    config: Config
    keys: Keymap
    model: ReadingModel
    _detail_delay: float
    _last_detail: DetailRead | None
    details: DetailReader
    _detail_timer: Timer | None
    _read_timer: Timer | None
    _now: Callable[[], datetime]
    apply: Callable[[Update], None]
    shutting_down: Callable[[], bool]
    say: Callable[..., None]
    _open_in_browser: Callable[[str], None]
    article_opened: Callable[[Article], None]  # FullTextMixin's

    if TYPE_CHECKING:  # workers, in WorkersMixin

        def _load(self, rescan: bool) -> Worker[None]: ...
        def _read_detail(self, article: Article) -> None: ...
        def draw_detail(self, message: DetailRead) -> None: ...

    @on(TopicSidebar.TopicChosen)
    def _topic_chosen(self, message: TopicSidebar.TopicChosen) -> None:
        self.apply(self.model.select_topic(message.topic))

    @on(TopicSidebar.TopicEntered)
    def _topic_entered(self) -> None:
        self.query_one(ArticleList).focus()

    @on(ArticleList.Highlighted)
    def _article_highlighted(self, message: ArticleList.Highlighted) -> None:
        if self.shutting_down():
            return
        article, pane = message.article, self.query_one(DetailPane)
        if article is not None and article.id == pane.article_id:
            return  # already on show (opened from a related story, or the list refreshed)
        self.model.show(article.id if article else None)
        self._stop_timers()
        now = monotonic()
        held, self._last_move = now - self._last_move < PANE_REST, now
        if pane.article_id is None:
            self._show(article)  # nothing on show yet: no reason to wait
            self.call_after_refresh(self._read_ahead)
        elif self._detail_delay > 0:  # set to wait until the cursor rests (tests)
            self._detail_timer = self.set_timer(
                self._detail_delay, lambda: self._show(self.query_one(ArticleList).current)
            )
        elif not held:
            self._pane_follows_after_frame()
        else:  # a held key: the list keeps up, the pane follows when it is let go
            self._detail_timer = self.set_timer(PANE_REST, self._pane_follows_after_frame)

    def _pane_follows_after_frame(self) -> None:
        """The article pane follows the cursor right after the frame that shows the cursor
        moved: that frame costs a few ms, drawing an article (a layout pass) far more, so
        the list never waits for the pane. Moves meanwhile: the pane draws the last one."""
        if not self._pane_pending:
            self._pane_pending = True
            self.call_after_refresh(self._pane_follows)

    def _pane_follows(self) -> None:
        self._pane_pending = False
        if not self.shutting_down():
            self._show(self.query_one(ArticleList).current)
            # Then the files the next keys may want: that thread takes the GIL in turns
            # with this one, so not before the list's and the pane's frames are out.
            self.call_after_refresh(self._read_ahead)

    def _read_ahead(self) -> None:
        """Have the files the cursor can reach next read now, so the pane can draw them in
        the frame that moves the cursor there: the next rows, a page either way, the ends."""
        articles = self.query_one(ArticleList)
        rows, cursor = articles.articles, articles.cursor
        if not rows:
            return
        page = max(1, articles.scrollable_content_region.height - 1)
        near = (1, -1, 2, page, -page, 3, -2)
        wanted = dict.fromkeys(
            i
            for i in (*(cursor + step for step in near), 0, len(rows) - 1)
            if 0 <= i < len(rows) and i != cursor
        )
        self.details.read_ahead([rows[i] for i in wanted])

    def _stop_timers(self) -> None:
        for timer in (self._detail_timer, self._read_timer):
            if timer is not None:
                timer.stop()
        self._detail_timer = self._read_timer = None

    def _show(self, article: Article | None) -> None:
        pane = self.query_one(DetailPane)
        if article is None:
            pane.show_empty("No article selected.")
            return
        self.model.show(article.id)
        if pane.showing != article.id:
            read_ahead = self.details.kept(article)
            if read_ahead is not None:  # the whole article, in this frame
                self._last_detail = DetailRead(article, read_ahead)
                self.draw_detail(self._last_detail)
            else:
                pane.show_summary(
                    article,
                    read=self.model.is_read(article.id),
                    covered=self.model.coverage(article),
                )
        self._read_detail(article)  # from its file again; redrawn if that differs

    @on(ArticleList.Opened)
    def _article_opened(self, message: ArticleList.Opened) -> None:
        self._opened(message.article)

    def _opened(self, article: Article, from_related: bool = False) -> None:
        self._stop_timers()
        # Before _show, which moves shown_id: following a related story must remember
        # the article it was followed from (the trail `backspace` goes back along).
        update = self.model.open(article.id, from_related=from_related)
        self.article_opened(article)  # with fetch_on_open, its text and picture are fetched
        self._show(article)
        self.apply(update)
        delay = self.config.mark_read_on_open
        if delay is not True and delay is not False:
            self._read_timer = self.set_timer(
                float(delay),
                lambda: self.apply(
                    self.model.mark_read(article.id)
                    if self.model.shown_id == article.id
                    else Update()
                ),
            )

    @on(RelatedList.StoryChosen)
    def _related_chosen(self, message: RelatedList.StoryChosen) -> None:
        if message.article is None:
            self._open_in_browser(message.story.url)
            return
        self._opened(message.article, from_related=True)
        self.query_one(ArticleList).go_to(message.article.id)
        self.query_one(DetailPane).focus()

    @on(SearchBar.QueryChanged)
    def _search_changed(self, message: SearchBar.QueryChanged) -> None:
        self.apply(self.model.search(message.text))

    @on(SearchBar.Done)
    def _search_done(self, message: SearchBar.Done) -> None:
        if message.cleared:
            self.apply(self.model.search(""))
        self.query_one(ArticleList).focus()

    def _target(self) -> Article | None:
        pane = self.query_one(DetailPane)
        focused = self.focused
        if focused is not None and (focused is pane or pane in focused.ancestors):
            return self.model.article(pane.article_id)
        return self.query_one(ArticleList).current

    def _target_url(self) -> str:
        related = self.query_one(RelatedList)
        if related.has_focus and related.current is not None:
            return related.current[0].url
        article = self._target()
        return article.url if article else ""

    def action_toggle_read(self) -> None:
        article = self._target()
        self.apply(self.model.toggle_read(article.id if article else None))

    def action_toggle_star(self) -> None:
        article = self._target()
        self.apply(self.model.toggle_star(article.id if article else None))

    def action_open_url(self) -> None:
        self._open_in_browser(self._target_url())

    def action_copy_url(self) -> None:
        if url := self._target_url():
            self.copy_to_clipboard(url)
            self.say(url, title="Copied")
        else:
            self.say("This article has no URL.", severity="warning")

    def action_toggle_stories(self) -> None:
        self.apply(self.model.toggle_stories())

    def action_toggle_unpublished(self) -> None:
        self.apply(self.model.toggle_unpublished())

    def action_toggle_unread_only(self) -> None:
        self.apply(self.model.toggle_unread_only())

    def action_cycle_sort(self) -> None:
        self.apply(self.model.cycle_sort())

    def action_search(self) -> None:
        self.query_one(SearchBar).open()

    def action_clear_search(self) -> None:
        if self.model.search_text:
            self.query_one(SearchBar).action_clear()

    def action_mark_all_read(self) -> None:
        unread = [a.id for a in self.model.unread_rows()]
        if not unread:
            self.say("Everything in this view is already read.")
            return
        where = one_line(topic_label(self.model.view.topic), 200)  # a topic can hold ESC
        question = f"Mark {count(len(unread), 'article')} in “{where}” as read?"
        self.push_screen(
            ConfirmScreen(question, yes="Mark read"),
            lambda yes: self.apply(self.model.mark_all_read(unread)) if yes else None,
        )

    async def on_event(self, event: events.Event) -> None:
        # The search key opens the box here, in the app's own queue, not after the key
        # has gone to the list and bubbled back: keys typed right behind it (which the
        # terminal sends with it) then land in the box instead of acting on the list.
        if (
            isinstance(event, events.Key)
            and event.key in self.keys.keys.get("search", ())
            and self.screen is self.screen_stack[0]
            and not isinstance(self.focused, Input)
        ):
            event.stop()
            self.action_search()
            return
        await super().on_event(event)

    def _on_notify(self, event: Notify) -> None:
        # A new passing notice (sorted, shown, marked) replaces the last one instead of
        # stacking; warnings and errors stay until they time out.
        if event.notification.severity == "information":
            for shown in [n for n in self._notifications if n.severity == "information"]:
                self._unnotify(shown, refresh=False)
        super()._on_notify(event)

    def settings_notes(self) -> list[tuple[str, str]]:
        raise NotImplementedError  # ReaderApp's

    @property
    def main_screen(self) -> MainScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    def _resize(self, *, sidebar: int = 0, detail: int = 0) -> None:
        self.main_screen.resize_panes(sidebar=sidebar, detail=detail)

    def action_narrower_sidebar(self) -> None:
        self._resize(sidebar=-2)

    def action_wider_sidebar(self) -> None:
        self._resize(sidebar=2)

    def action_smaller_article(self) -> None:
        self._resize(detail=-4)

    def action_larger_article(self) -> None:
        self._resize(detail=4)

    def action_undo(self) -> None:
        self.apply(self.model.undo())

    def action_next_unread(self) -> None:
        self._open_next_unread(forward=True)

    def action_previous_unread(self) -> None:
        self._open_next_unread(forward=False)

    def _open_next_unread(self, forward: bool) -> None:
        """Moves to the next (previous) unread article, here or in the next topic, and
        opens it, as enter would (newsboat's n)."""
        update = self.model.next_unread(self.query_one(ArticleList).cursor, forward=forward)
        self.apply(update)
        target = self.model.article(update.rows.cursor_id if update.rows else None)
        if target is not None:
            self._opened(target)

    def action_rescan(self) -> None:
        self.say("Looking for new and changed files…", timeout=2)
        self._load(rescan=True)

    def action_problems(self) -> None:
        problems = self.model.corpus.problems if self.model.corpus else []
        self.push_screen(ProblemsScreen(problems, self.settings_notes()))

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.keys))

    def action_page_article(self) -> None:
        """A page of the article; at its end, on to the next unread (newsboat's space)."""
        pane = self.query_one(DetailPane)
        if pane.scroll_y < pane.max_scroll_y:
            pane.scroll_page_down(animate=False)
        else:
            self._open_next_unread(forward=True)

    def action_go_back(self) -> None:
        if (article := self.model.article(self.model.back())) is not None:
            self._show(article)
            self.query_one(ArticleList).go_to(article.id)
        else:
            self.say("Nothing to go back to: back returns from a related story you opened.")

    def action_go_to_topic(self, topic: str) -> None:
        self.query_one(TopicSidebar).select_topic(topic)
        self.query_one(ArticleList).focus()

    def palette_entries(self) -> Iterable[Entry]:
        for action in ACTIONS:
            if action.title:
                key = self.keys.label(action.id)
                help_text = f"{action.help[:1].upper()}{action.help[1:]}" + (
                    f" ({key})" if key else ""
                )
                yield action.title, help_text, getattr(self, f"action_{action.id}")
        for row in self.query_one(TopicSidebar).topics:
            yield (
                f"Go to topic: {one_line(topic_label(row.topic), 200)}",
                f"{row.unread:,} unread of {row.total:,}",
                functools.partial(self.action_go_to_topic, row.topic),
            )
