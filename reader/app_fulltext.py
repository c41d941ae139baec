"""Full text and Markdown bodies: the app's part (pictures: app_pictures.py, numbered
links: app_links.py).

`f` fetches the article's page (`originalUrl`, else `webUrl`) and shows its text as
Markdown under the metadata (again: fetches it anew), and its picture. On opening an
article (enter, n, a related story) both are fetched with `fetch_on_open = true`.
Nothing else fetches: an article on show gets what the cache already has, read while
the article's file is being read.

The UI thread only draws: the cache, the network, extraction, Markdown parsing and
image decoding all run in workers (reader/fulltext.py does the work), whose results
come back as messages naming their article; one that arrives after the pane moved on
is kept (in the cache) but not drawn.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.content import Content

from reader.actions import Keymap
from reader.config import Config
from reader.fetchplan import host_of, page_url
from reader.messages import DetailRead, FetchFailed, FetchProgress, TextReady
from reader.model import Article, ArticleDetail
from reader.urls import is_web_url
from reader.webaccess import WebAccess
from reader.widgets import fetch_status
from reader.widgets.detail_pane import DetailPane

if TYPE_CHECKING:  # the fetching side is imported by the workers, when first needed
    from reader.fulltext import PageText, ReadingText

KEPT_TEXTS = 12  # articles whose text stays in memory for this run (also if not cached)
PROGRESS_EVERY = 0.1  # seconds between progress messages of one fetch
SHORT_TEXT_LINES = 80  # a text this long or less is also wrapped for a pane without scrollbar


class FullTextMixin(App[None]):
    config: Config
    keys: Keymap
    say: Callable[..., None]
    shutting_down: Callable[[], bool]
    _open_in_browser: Callable[[str], None]
    _last_detail: DetailRead | None

    if TYPE_CHECKING:  # in ActionsMixin and PicturesMixin

        def _target(self) -> Article | None: ...
        def fetch_picture(
            self, article: Article, detail: ArticleDetail, *, fetch: bool
        ) -> None: ...

    _web_ready = False

    def _web_setup(self) -> None:
        if self._web_ready:
            return
        self._web_ready = True
        self._web = WebAccess(
            timeout=self.config.fetch_timeout, cache_max_mb=self.config.cache_max_mb
        )
        self._cache_said = False
        # By article id: (the article, its URL the one fetched; bytes so far; expected).
        self._fetching: dict[str, tuple[Article, int, int | None]] = {}
        self._failed: dict[str, tuple[Article, str]] = {}  # the last failure, and why
        self._texts: OrderedDict[str, TextReady] = OrderedDict()  # the last few, by id
        self._opened_id: str | None = None
        # Head starts (_early_text): ids whose cached text is being read or was found and
        # is on its way, and ids it found nothing for (each consumed by on_detail_read).
        self._looking_up: set[str] = set()
        self._not_cached: set[str] = set()

    def on_mount(self) -> None:
        self._web_setup()
        pane = self.query_one(DetailPane)
        pane.status_for, pane.article_changed = self._status_for, self._article_changed
        pane.link_key = self.keys.label("open_link")
        self._look_for_cache()

    def on_unmount(self) -> None:
        if self._web_ready:
            self._web.close()

    @work(thread=True, group="web-cache", exit_on_error=False)
    def _look_for_cache(self) -> None:
        self._web.look()

    def _cache_failed(self, reason: str) -> None:
        if self._cache_said:
            return
        self._cache_said = True
        self.say(
            f"Fetched text is shown but not kept for offline reading: {reason}",
            title="Cache",
            severity="warning",
            timeout=8,
        )

    def _status_for(self, article: Article) -> Content | None:
        """The line the pane shows for `article`: the fetch under way, the last failure,
        or the key to press. None for an article with no web address."""
        key = self.keys.label("full_text")
        if article.id in self._fetching:
            fetched, got, total = self._fetching[article.id]
            return fetch_status.fetching(host_of(fetched.url), got, total)
        if article.id in self._failed:
            fetched, why = self._failed[article.id]
            return fetch_status.failed(host_of(fetched.url), why, key)
        return fetch_status.hint(host_of(article.url), key) if is_web_url(article.url) else None

    def _text_status(self, text: ReadingText, page: PageText) -> Content:
        host = host_of(page.final_url)
        return fetch_status.shown(host, text.words, page.fetched_at, page.from_cache)

    def _pane_shows(self, article_id: str) -> DetailPane | None:
        if self.shutting_down():
            return None
        pane = self.query_one(DetailPane)
        return pane if pane.article_id == article_id else None

    # -- an article on show, an article opened ----------------------------------------

    def article_opened(self, article: Article) -> None:
        """Called by ActionsMixin._opened: the next read of this article's file is an
        opening (with fetch_on_open, the text and picture are fetched then)."""
        self._opened_id = article.id

    def _article_changed(self, article: Article) -> None:
        """The cached text needs only the URL: read it while the file is being read."""
        pane = self._pane_shows(article.id)
        kept = self._texts.get(article.id)
        if pane is None:
            return
        if kept is not None and not kept.body:  # this run has it (a body would redo it)
            self._draw_text(kept)
        elif kept is None and self._web.cache_exists and is_web_url(article.url):
            self._looking_up.add(article.id)
            self._early_text(article, pane.text_widths())

    @work(thread=True, exclusive=True, group="early-text", exit_on_error=False)
    def _early_text(self, article: Article, widths: tuple[int, int]) -> None:
        from reader.fulltext import cached_page

        page = None
        try:
            page = cached_page(article.url.strip(), self._web.cache(create=False))
            if page is not None:  # (on_text_ready ends the head start)
                self.post_message(_text_ready(article, "", page, article.url.strip(), widths))
        except Exception:
            pass  # only a head start: the file's read looks again
        finally:
            if page is None:
                self._not_cached.add(article.id)
                self._looking_up.discard(article.id)

    def on_detail_read(self, message: DetailRead) -> None:
        # After WorkersMixin's own handler (the MRO's order) has drawn the file.
        article, detail = message.article, message.detail
        pane = self._pane_shows(article.id)
        if pane is None or not isinstance(detail, ArticleDetail):
            return
        opening = self._opened_id == article.id
        if opening:
            self._opened_id = None
        url = page_url(detail.urls)
        if url != (article.url if is_web_url(article.url) else ""):
            pane.show_fetch_status(self._status_for(article._replace(url=url)))
        fetch_text = (
            opening
            and self.config.fetch_on_open
            and bool(url)
            and article.id not in self._fetching
            and not pane.full_text_shown
        )
        kept = self._texts.get(article.id)
        if pane.extras_for == (article.id, detail.body):
            look_up_text = False  # on show already (the file was read again)
        elif kept is not None and kept.body == detail.body:  # this run has it: no worker
            self._draw_text(kept)
            look_up_text = False
        elif (
            not detail.body.strip()
            and url == article.url.strip()
            and (article.id in self._looking_up or article.id in self._not_cached)
        ):
            look_up_text = False  # the head start (_early_text) has it in hand
            self._not_cached.discard(article.id)
        else:
            look_up_text = bool(detail.body.strip()) or (bool(url) and self._web.cache_exists)
        if look_up_text and not fetch_text:
            self._read_text(article, detail, url, pane.text_widths())
        if fetch_text:
            self._fetch_text(article, detail, url, refresh=False)
            self.fetch_picture(article, detail, fetch=True)

    @work(thread=True, exclusive=True, group="extras", exit_on_error=False)
    def _read_text(
        self, article: Article, detail: ArticleDetail, url: str, widths: tuple[int, int]
    ) -> None:
        """The body as Markdown, and the page's text if the cache has it."""
        from reader.fulltext import cached_page

        try:
            page = cached_page(url, self._web.cache(create=False)) if url else None
            if detail.body.strip() or page is not None:
                self.post_message(
                    _text_ready(article, detail.body, page, url or article.url, widths)
                )
        except Exception as exc:  # never a traceback: the article stays as it is
            self.post_message(FetchFailed(article.id, url, f"{type(exc).__name__}: {exc}"))

    # -- f: the full text ----------------------------------------------------------------

    def action_full_text(self) -> None:
        article = self._target()
        if article is None:
            self.say("No article selected.", severity="warning")
            return
        last = self._last_detail
        detail = last.detail if last is not None and last.article.id == article.id else None
        url = page_url(detail.urls) if isinstance(detail, ArticleDetail) else article.url.strip()
        if not is_web_url(url):
            self.say("This article has no http(s) address to fetch.", severity="warning")
            return
        if article.id in self._fetching:
            self.say(f"Already fetching the full text from {host_of(url)}.")
            return
        pane = self.query_one(DetailPane)
        refresh = pane.article_id == article.id and pane.full_text_shown
        body = detail.body if isinstance(detail, ArticleDetail) else ""
        self._fetch_text(article, detail, url, refresh=refresh, body=body)
        if isinstance(detail, ArticleDetail):
            self.fetch_picture(article, detail, fetch=True)

    def _fetch_text(
        self,
        article: Article,
        detail: ArticleDetail | object,
        url: str,
        *,
        refresh: bool,
        body: str | None = None,
    ) -> None:
        if body is None:
            body = detail.body if isinstance(detail, ArticleDetail) else ""
        article = article._replace(url=url)
        self._fetching[article.id] = (article, 0, None)
        self._failed.pop(article.id, None)
        pane = self.query_one(DetailPane)
        if pane.article_id == article.id:
            pane.show_fetch_status(self._status_for(article))
        self._fetch_worker(article, body, url, refresh, pane.text_widths())

    @work(thread=True, group="fetch", exit_on_error=False)
    def _fetch_worker(
        self, article: Article, body: str, url: str, refresh: bool, widths: tuple[int, int]
    ) -> None:
        from reader.fetching import FetchError
        from reader.fulltext import cached_page, fetch_page

        last = 0.0

        def progress(got: int, total: int | None) -> None:
            nonlocal last
            if time.monotonic() - last >= PROGRESS_EVERY:
                last = time.monotonic()
                self.post_message(FetchProgress(article.id, got, total))

        try:
            cache = self._web.cache(create=True)
            page = None if refresh else cached_page(url, cache)
            problem = ""
            if page is None:
                page, problem = fetch_page(url, self._web.fetcher(), cache, progress)
                problem = problem or self._web.cache_error  # (a cache that couldn't be made)
            ready = _text_ready(article, body, page, url, widths, problem)
        except FetchError as exc:
            self.post_message(FetchFailed(article.id, url, exc.reason))
            return
        except Exception as exc:  # an extractor's bug must not take the app down
            reason = f"the page could not be read ({type(exc).__name__}: {exc})"
            self.post_message(FetchFailed(article.id, url, reason))
            return
        self.post_message(ready)

    def on_fetch_progress(self, message: FetchProgress) -> None:
        if message.article_id in self._fetching:
            article, _got, _total = self._fetching[message.article_id]
            self._fetching[message.article_id] = (article, message.received, message.total)
            if (pane := self._pane_shows(message.article_id)) is not None:
                pane.show_fetch_status(self._status_for(article))

    def on_fetch_failed(self, message: FetchFailed) -> None:
        fetching = self._fetching.pop(message.article_id, None)
        if fetching is None:  # a lookup that failed: nothing was asked for, so no word
            return
        article = fetching[0]
        self._failed[message.article_id] = (article, message.reason)
        pane = self._pane_shows(message.article_id)
        if pane is None:
            return
        if pane.full_text_shown:  # fetching again failed: the copy on show stays
            self.say(f"Could not fetch it again: {message.reason}", severity="warning")
            self._failed.pop(message.article_id, None)
            kept = self._texts.get(message.article_id)
            if kept is not None and kept.page is not None:
                pane.show_fetch_status(self._text_status(kept.text, kept.page))
            return
        pane.show_fetch_status(self._status_for(article))

    def on_text_ready(self, message: TextReady) -> None:
        self._fetching.pop(message.article_id, None)
        self._looking_up.discard(message.article_id)
        if message.page is not None:
            self._failed.pop(message.article_id, None)
            self._texts[message.article_id] = message
            self._texts.move_to_end(message.article_id)
            while len(self._texts) > KEPT_TEXTS:
                self._texts.popitem(last=False)
        if message.cache_problem:
            self._cache_failed(message.cache_problem)
        self._draw_text(message)

    def _draw_text(self, ready: TextReady) -> None:
        pane = self._pane_shows(ready.article_id)
        if pane is None:
            return
        last = self._last_detail
        if (
            last is not None
            and last.article.id == ready.article_id
            and isinstance(last.detail, ArticleDetail)
            and last.detail.body != ready.body
        ):
            return  # made without the file's body (a head start): the body's own follows
        pane.extras_for = (ready.article_id, ready.body)
        text = ready.text
        pane.show_extras(text.body, text.full_text, text.links, ready.wrapped)
        if ready.page is not None:
            pane.show_fetch_status(self._text_status(text, ready.page))


def _text_ready(
    article: Article,
    body: str,
    page: PageText | None,
    url: str,
    widths: tuple[int, int] | tuple[()],
    cache_problem: str = "",
) -> TextReady:
    """In a worker: the body and page parsed, numbered and wrapped for the pane's widths,
    so the UI thread only has to draw the lines on screen."""
    from reader.fulltext import render_reading_text
    from reader.widgets.article_text import WrappedBlocks

    text = render_reading_text(body, page, title=article.title, article_url=url)
    beside_scrollbar, alone = widths if widths else (0, 0)
    slack = max(0, alone - beside_scrollbar)
    wrapped = (WrappedBlocks(text.body, slack), WrappedBlocks(text.full_text, slack))
    lines = 0
    for blocks in wrapped:
        if blocks.blocks and beside_scrollbar > 0:
            lines += len(blocks.lines(beside_scrollbar))
    if lines < SHORT_TEXT_LINES:  # short: the pane may need no scrollbar at all
        for blocks in wrapped:
            if blocks.blocks and alone > 0:
                blocks.lines(alone, exact=True)
    return TextReady(article.id, body, text, page, cache_problem, wrapped)
