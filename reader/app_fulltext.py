"""Full text, Markdown bodies, pictures and numbered links: the app's part.

Keys: `f` fetches the article's page (`originalUrl`, else `webUrl`) and shows its text
as Markdown under the metadata (again: fetches it anew); `#` or a digit asks for a link
number and opens that link in the browser. On opening an article (enter, n, a related
story) its picture is fetched (`images = "auto"`), and its text too with
`fetch_on_open = true`. Merely moving the cursor fetches nothing: what the cache
already has is shown.

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

from textual import events, on, work
from textual.app import App
from textual.content import Content
from textual.widgets import Input

from reader.actions import Keymap
from reader.config import Config
from reader.fetchplan import host_of, image_candidates, page_url
from reader.messages import DetailRead, FetchFailed, FetchProgress, PictureReady, TextReady
from reader.model import Article, ArticleDetail
from reader.urls import is_web_url
from reader.webaccess import WebAccess
from reader.widgets import fetch_status
from reader.widgets.detail_pane import DetailPane
from reader.widgets.link_prompt import LinkPrompt

if TYPE_CHECKING:  # the fetching side is imported by the workers, when first needed
    from reader.fetching import Fetcher
    from reader.fulltext import PageText, ReadingText
    from reader.webcache import WebCache

KEPT_TEXTS = 30  # articles whose text stays in memory for this run (also if not cached)
PROGRESS_EVERY = 0.1  # seconds between progress messages of one fetch


class FullTextMixin(App[None]):
    config: Config
    keys: Keymap
    say: Callable[..., None]
    shutting_down: Callable[[], bool]
    _open_in_browser: Callable[[str], None]
    _last_detail: DetailRead | None

    if TYPE_CHECKING:  # in ActionsMixin

        def _target(self) -> Article | None: ...

    _web_ready = False

    def _web_setup(self) -> None:
        if self._web_ready:
            return
        self._web_ready = True
        self._web = WebAccess(
            timeout=self.config.fetch_timeout,
            cache_max_mb=self.config.cache_max_mb,
            on_cache_error=lambda reason: self.call_from_thread(self._cache_failed, reason),
        )
        self._cache_said = False
        # By article id: (the article, its URL the one fetched; bytes so far; expected).
        self._fetching: dict[str, tuple[Article, int, int | None]] = {}
        self._failed: dict[str, tuple[Article, str]] = {}  # the last failure, and why
        self._texts: OrderedDict[str, tuple[str, ReadingText, PageText | None]] = OrderedDict()
        self._opened_id: str | None = None

    def on_mount(self) -> None:
        self._web_setup()
        self.query_one(DetailPane).status_for = self._status_for
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
        opening (the picture, and with fetch_on_open the text, are fetched then)."""
        self._opened_id = article.id

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
        pictures = image_candidates(detail.image_urls) if self.config.images != "off" else []
        fetch_picture = opening and bool(pictures) and not pane.thumbnail.display
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
        elif kept is not None and kept[0] == detail.body:  # this run has it: no worker
            self._draw_text(article.id, kept[1], kept[2])
            look_up_text = False
        else:
            look_up_text = bool(detail.body.strip()) or (bool(url) and self._web.cache_exists)
        look_up_picture = bool(pictures) and self._web.cache_exists and not pane.thumbnail.display
        if look_up_text or look_up_picture or fetch_picture:
            self._read_extras(
                article,
                detail,
                url if look_up_text and not fetch_text else "",
                look_up_text,
                pictures if (look_up_picture or fetch_picture) else [],
                fetch_picture,
            )
        if fetch_text:
            self._fetch_text(article, detail, url, refresh=False)

    @work(thread=True, exclusive=True, group="extras", exit_on_error=False)
    def _read_extras(
        self,
        article: Article,
        detail: ArticleDetail,
        url: str,
        text: bool,
        pictures: list[str],
        fetch_picture: bool,
    ) -> None:
        from reader.fulltext import cached_page, render_reading_text

        try:
            cache = self._web.cache(create=False)
            if text:
                page = cached_page(url, cache)
                shown = render_reading_text(
                    detail.body, page, title=article.title, article_url=url or article.url
                )
                if shown or page is not None:
                    self.post_message(TextReady(article.id, shown, page))
            if pictures:
                fetcher = self._web.fetcher() if fetch_picture else None
                if fetch_picture:
                    cache = self._web.cache(create=True)
                self._picture(article.id, pictures, cache, fetcher)
        except Exception as exc:  # never a traceback: the article stays as it is
            self.post_message(FetchFailed(article.id, url, f"{type(exc).__name__}: {exc}"))

    def _picture(
        self, article_id: str, urls: list[str], cache: WebCache | None, fetcher: Fetcher | None
    ) -> None:
        from reader.fulltext import thumbnail
        from reader.thumbnails import ImageRejected, load_thumbnail

        outcome = thumbnail(urls, cache, fetcher)
        if outcome is None:
            return
        notes = list(outcome.notes)
        picture = None
        if outcome.data is not None:
            try:
                picture = load_thumbnail(outcome.data)
            except ImageRejected as exc:
                notes.append(exc.reason)
        self.post_message(PictureReady(article_id, outcome.url, picture, tuple(notes)))

    def on_picture_ready(self, message: PictureReady) -> None:
        pane = self._pane_shows(message.article_id)
        if pane is None:
            return
        skipped = f"Picture skipped: {'; '.join(message.notes)}" if message.notes else ""
        if message.picture is not None:
            pane.thumbnail.show_image(message.picture, message.url, skipped)
        else:
            pane.thumbnail.show_note(skipped)

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
        if (
            isinstance(detail, ArticleDetail)
            and self.config.images != "off"
            and pane.article_id == article.id
            and not pane.thumbnail.display
            and (pictures := image_candidates(detail.image_urls))
        ):
            self._read_extras(article, detail, "", False, pictures, True)

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
        if (pane := self._pane_shows(article.id)) is not None:
            pane.show_fetch_status(self._status_for(article))
        self._fetch_worker(article, body, url, refresh)

    @work(thread=True, group="fetch", exit_on_error=False)
    def _fetch_worker(self, article: Article, body: str, url: str, refresh: bool) -> None:
        from reader.fetching import FetchError
        from reader.fulltext import cached_page, fetch_page, render_reading_text

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
            shown = render_reading_text(body, page, title=article.title, article_url=url)
        except FetchError as exc:
            self.post_message(FetchFailed(article.id, url, exc.reason))
            return
        except Exception as exc:  # an extractor's bug must not take the app down
            reason = f"the page could not be read ({type(exc).__name__}: {exc})"
            self.post_message(FetchFailed(article.id, url, reason))
            return
        self.post_message(TextReady(article.id, shown, page, problem))

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
            if kept is not None and kept[2] is not None:
                pane.show_fetch_status(self._text_status(kept[1], kept[2]))
            return
        pane.show_fetch_status(self._status_for(article))

    def on_text_ready(self, message: TextReady) -> None:
        self._fetching.pop(message.article_id, None)
        if message.page is not None:
            self._failed.pop(message.article_id, None)
            body = self._body_of(message.article_id)
            if body is not None:
                self._texts[message.article_id] = (body, message.text, message.page)
                self._texts.move_to_end(message.article_id)
                while len(self._texts) > KEPT_TEXTS:
                    self._texts.popitem(last=False)
        if message.cache_problem:
            self._cache_failed(message.cache_problem)
        self._draw_text(message.article_id, message.text, message.page)

    def _body_of(self, article_id: str) -> str | None:
        last = self._last_detail
        if last is not None and last.article.id == article_id:
            return last.detail.body if isinstance(last.detail, ArticleDetail) else None
        return None

    def _draw_text(self, article_id: str, text: ReadingText, page: PageText | None) -> None:
        pane = self._pane_shows(article_id)
        if pane is None:
            return
        body = self._body_of(article_id)
        pane.extras_for = (article_id, body) if body is not None else None
        pane.show_extras(text.body, text.full_text, text.links)
        if page is not None:
            pane.show_fetch_status(self._text_status(text, page))

    # -- numbered links ----------------------------------------------------------------

    def action_open_link(self, typed: str = "") -> None:
        pane = self.query_one(DetailPane)
        if not pane.links:
            self.say("No numbered links in this article.")
            return
        pane.ask_link_number(typed)

    def on_key(self, event: events.Key) -> None:
        """A digit typed outside a text box starts the link prompt with it."""
        character = event.character or ""
        if (
            len(character) == 1
            and character.isdigit()
            and self.screen is self.screen_stack[0]
            and not isinstance(self.focused, Input)
        ):
            event.stop()
            self.action_open_link(character)

    @on(LinkPrompt.Chosen)
    def _link_chosen(self, message: LinkPrompt.Chosen) -> None:
        links = self.query_one(DetailPane).links
        if 1 <= message.number <= len(links):
            self._open_in_browser(links[message.number - 1].url)
