"""The article's picture in the pane: the app's part.

The picture comes with the full text: `f` (or opening an article with `fetch_on_open`,
or `reader fetch`) fetches the article's first usable picture (`images`, then
`provider.images`) by the same fetcher rules and caches it. Otherwise an article on show
gets its picture from the cache only: nothing is fetched that was not asked for.
`images = "off"` fetches and shows none. The worker checks and decodes it
(reader/thumbnails.py); the pane draws it, or a note saying why it was skipped. A
picture for an article no longer on show is not drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import work
from textual.app import App

from reader.config import Config
from reader.fetchplan import image_candidates
from reader.messages import DetailRead, PictureReady
from reader.model import Article, ArticleDetail
from reader.widgets.detail_pane import DetailPane

if TYPE_CHECKING:
    from reader.webaccess import WebAccess


class PicturesMixin(App[None]):
    config: Config
    _web: WebAccess
    _pane_shows: Callable[[str], DetailPane | None]

    def on_detail_read(self, message: DetailRead) -> None:
        # After WorkersMixin's own handler (the MRO's order) has drawn the file.
        article, detail = message.article, message.detail
        if isinstance(detail, ArticleDetail) and self._web.cache_exists:
            self.fetch_picture(article, detail, fetch=False)

    def fetch_picture(self, article: Article, detail: ArticleDetail, *, fetch: bool) -> None:
        """The article's picture from the cache, or (`fetch`) from the web too."""
        pane = self._pane_shows(article.id)
        if self.config.images == "off" or pane is None or pane.thumbnail.display:
            return  # off, or already on show (or said why not)
        if urls := image_candidates(detail.image_urls):
            self._picture_worker(article.id, urls, fetch)

    @work(thread=True, exclusive=True, group="picture", exit_on_error=False)
    def _picture_worker(self, article_id: str, urls: list[str], fetch: bool) -> None:
        from reader.fulltext import thumbnail
        from reader.thumbnails import ImageRejected, load_thumbnail

        try:
            cache = self._web.cache(create=fetch)
            outcome = thumbnail(urls, cache, self._web.fetcher() if fetch else None)
            if outcome is None:
                return
            notes = list(outcome.notes)
            picture = None
            if outcome.data is not None:
                try:
                    picture = load_thumbnail(outcome.data)
                except ImageRejected as exc:
                    notes.append(exc.reason)
        except Exception as exc:  # never a traceback: the article stays as it is
            notes, picture, outcome_url = [f"{type(exc).__name__}: {exc}"], None, urls[0]
        else:
            outcome_url = outcome.url
        self.post_message(PictureReady(article_id, outcome_url, picture, tuple(notes)))

    def on_picture_ready(self, message: PictureReady) -> None:
        pane = self._pane_shows(message.article_id)
        if pane is None:
            return
        skipped = f"Picture skipped: {'; '.join(message.notes)}" if message.notes else ""
        if message.picture is not None:
            pane.thumbnail.show_image(message.picture, message.url, skipped)
        else:
            pane.thumbnail.show_note(skipped)
