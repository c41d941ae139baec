"""An article's full text and thumbnail: from the cache, else fetched (and then cached).

One place for the rules the app's workers and `reader fetch` share: which URL is
fetched for an article, which images are tried, what is cached and what is not. No
Textual; blocking calls, meant for worker threads.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Sequence
from dataclasses import dataclass

from reader.fetching import Fetcher, FetchError, Progress
from reader.markdown_text import Block, Link, LinkNumbers, render_markdown, word_count
from reader.pagetext import ACCEPT_HTML, extract_markdown, html_wanted
from reader.thumbnails import ACCEPT_IMAGES, ImageRejected, image_wanted, make_thumbnail
from reader.urls import is_web_url
from reader.webcache import CacheError, WebCache

MAX_BODY_CHARS = 100_000  # of a file's body, drawn as Markdown (the rest is cut, said so)


@dataclass(frozen=True, slots=True)
class PageText:
    url: str  # the URL asked for (the cache's key)
    final_url: str  # after redirects: links in the text are relative to it
    markdown: str
    fetched_at: float  # time.time()
    from_cache: bool = False


@dataclass(frozen=True, slots=True)
class ImageOutcome:
    url: str  # the image shown, or the last one tried
    data: bytes | None  # a checked thumbnail, or None
    notes: tuple[str, ...] = ()  # why images were skipped ("…: not an image")


@dataclass(frozen=True, slots=True)
class ReadingText:
    """What the pane draws below the metadata: the file's body and the fetched text as
    Markdown blocks, and the links of both, numbered in that order."""

    body: tuple[Block, ...] = ()
    full_text: tuple[Block, ...] = ()
    links: tuple[Link, ...] = ()
    words: int = 0  # in the full text

    def __bool__(self) -> bool:
        return bool(self.body or self.full_text)


def render_reading_text(
    body: str, page: PageText | None, *, title: str, article_url: str
) -> ReadingText:
    """Parse the body and the page's Markdown (in a worker: it is the slow part)."""
    links = LinkNumbers()
    body_blocks: list[Block] = []
    if body.strip():
        source = body
        if len(source) > MAX_BODY_CHARS:
            cut = f"{len(body):,} characters; the first {MAX_BODY_CHARS:,} are shown"
            source = source[:MAX_BODY_CHARS] + f"\n\n*[cut: {cut}]*\n"
        base = article_url if is_web_url(article_url) else ""
        body_blocks = render_markdown(source, links, base_url=base, drop_title=title)
    text_blocks: list[Block] = []
    if page is not None:
        text_blocks = render_markdown(
            page.markdown, links, base_url=page.final_url, drop_title=title
        )
    return ReadingText(
        tuple(body_blocks), tuple(text_blocks), tuple(links.links), word_count(text_blocks)
    )


def cached_page(url: str, cache: WebCache | None) -> PageText | None:
    """The page's text if the cache has it (a cache that fails counts as empty)."""
    if cache is None or not url:
        return None
    try:
        page = cache.page(url)
    except CacheError:
        return None
    if page is None:
        return None
    return PageText(page.url, page.final_url, page.text, page.fetched_at, from_cache=True)


def fetch_page(
    url: str, fetcher: Fetcher, cache: WebCache | None, progress: Progress | None = None
) -> tuple[PageText, str]:
    """Fetch and extract the page now, and cache it: (its text, a cache problem or "").
    Raises FetchError."""
    response = fetcher.get(url, accept=ACCEPT_HTML, wanted=html_wanted, progress=progress)
    markdown = extract_markdown(response.body, response.url, response.charset)
    problem = ""
    if cache is not None:
        try:
            cache.put_page(url, response.url, markdown)
        except CacheError as exc:
            problem = str(exc)
    return PageText(url, response.url, markdown, time.time()), problem


def thumbnail(
    urls: Sequence[str], cache: WebCache | None, fetcher: Fetcher | None
) -> ImageOutcome | None:
    """The first of `urls` that makes a thumbnail, from the cache or (with a fetcher)
    fetched now; None when none was cached and there is no fetcher. A lasting failure
    (not an image, broken, too large, a 404) is cached too, so it isn't fetched again."""
    notes: list[str] = []
    tried = ""
    for url in urls:
        tried = url
        try:
            cached = cache.image(url) if cache is not None else None
        except CacheError:
            cached = None
        if cached is not None:
            if cached.data is not None:
                return ImageOutcome(url, cached.data, tuple(notes))
            notes.append(cached.note)
            continue
        if fetcher is None:
            continue
        try:
            response = fetcher.get(url, accept=ACCEPT_IMAGES, wanted=image_wanted)
            made = make_thumbnail(response.body)
        except FetchError as exc:
            notes.append(exc.reason)
            if exc.lasting:
                _remember(cache, url, None, exc.reason)
            continue
        except ImageRejected as exc:
            notes.append(exc.reason)
            _remember(cache, url, None, exc.reason)
            continue
        _remember(cache, url, made.data, "")
        return ImageOutcome(url, made.data, tuple(notes))
    if not notes and fetcher is None:
        return None
    return ImageOutcome(tried, None, tuple(notes))


def _remember(cache: WebCache | None, url: str, data: bytes | None, note: str) -> None:
    if cache is not None:
        with contextlib.suppress(CacheError):  # shown all the same; only not kept
            cache.put_image(url, data, note)
