"""`reader fetch`: fetch articles' full text (and pictures) ahead, for reading offline.

The articles are chosen as `reader list` chooses them (`--query`, `--unread`, `--topic`,
`--limit`, …); each one's page is fetched, its text extracted and kept in the web cache,
where the app finds it. Several hosts are fetched at once, one request at a time per
host. A progress bar goes to stderr when it is a terminal; failures are listed there,
one line each. Exit status 1 if any article could not be fetched.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from reader.cli.common import add_paths_argument, positive_int, resolve_paths
from reader.query import Sort
from reader.textsafe import one_line

if TYPE_CHECKING:
    from concurrent.futures import Future

JOBS = 4


def add_parser(sub: Any) -> None:
    fetch = sub.add_parser(
        "fetch",
        help="fetch articles' full text (and pictures) into the cache, for offline reading",
        description="Fetch the full text of the articles `reader list` would print (same "
        "options) into the web cache, where the app shows it at once and offline.",
    )
    add_paths_argument(fetch)
    fetch.add_argument("--query", "-q", metavar="Q", help="search, as with / in the app")
    fetch.add_argument("--unread", action="store_true", help="only unread articles")
    fetch.add_argument("--topic", help="only articles with this topic")
    fetch.add_argument("--all", action="store_true", help="include unpublished articles")
    fetch.add_argument("--sort", choices=[s.value for s in Sort], default=Sort.HEAT.value)
    fetch.add_argument("--limit", type=positive_int, metavar="N", help="at most N articles")
    fetch.add_argument(
        "--refresh", action="store_true", help="fetch again what the cache already has"
    )
    fetch.add_argument(
        "--no-images", action="store_true", help="text only (also when images are on)"
    )
    fetch.add_argument(
        "--jobs", type=positive_int, default=JOBS, metavar="N", help=f"hosts at once ({JOBS})"
    )
    fetch.set_defaults(run=run)


@dataclass
class Tally:
    fetched: int = 0
    cached: int = 0
    failed: int = 0
    no_address: int = 0
    pictures: int = 0

    def line(self, total: int) -> str:
        parts = [f"{self.fetched:,} fetched", f"{self.cached:,} already cached"]
        if self.failed:
            parts.append(f"{self.failed:,} failed")
        if self.no_address:
            parts.append(f"{self.no_address:,} without a web address")
        if self.pictures:
            parts.append(f"{self.pictures:,} with a picture")
        return f"{total:,} article{'s' * (total != 1)}: " + ", ".join(parts)


class Bar:
    """One line on a terminal, redrawn in place; nothing when stderr is not one."""

    WIDTH = 24

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total, self.stream = total, stream
        self.live = stream.isatty()
        self.done = 0
        self._lock = threading.Lock()

    def step(self, label: str) -> None:
        with self._lock:
            self.done += 1
            self._draw(label)

    def say(self, text: str) -> None:
        with self._lock:
            if self.live:
                self.stream.write("\r\x1b[2K")
            self.stream.write(text + "\n")
            self._draw("")

    def _draw(self, label: str) -> None:
        if not self.live or not self.total:
            return
        filled = self.WIDTH * self.done // self.total
        bar = "█" * filled + "░" * (self.WIDTH - filled)
        label = one_line(label, 40)
        self.stream.write(f"\r\x1b[2K{bar} {self.done:,}/{self.total:,} {label}")
        self.stream.flush()

    def end(self) -> None:
        if self.live and self.total:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()


def run(args: argparse.Namespace) -> int:
    from reader.cli.list import select_for_list
    from reader.collection import read_detail
    from reader.config import load_config
    from reader.fetching import Fetcher, FetchError, Limits
    from reader.fetchplan import image_candidates, page_url
    from reader.fulltext import cached_page, fetch_page, thumbnail
    from reader.model import Article, ArticleDetail
    from reader.webcache import CacheError, WebCache

    config, messages = load_config()
    for message in messages:
        sys.stderr.write(f"reader: {one_line(message, 2000)}\n")
    roots = resolve_paths(args.paths)
    try:
        listing = select_for_list(args, roots)
    except Exception as exc:  # a bad query is said as `reader list` says it
        from reader.search import QueryError

        if not isinstance(exc, QueryError):
            raise
        sys.stderr.write(f"reader: bad query: {exc} (at character {exc.position + 1})\n")
        return 2
    try:
        cache = WebCache.open(max_bytes=config.cache_max_mb * 1024 * 1024)
    except CacheError as exc:
        sys.stderr.write(f"reader: the cache can't be used, so nothing would be kept: {exc}\n")
        return 1
    assert cache is not None
    fetcher = Fetcher(Limits(timeout=config.fetch_timeout))
    images = config.images != "off" and not args.no_images
    articles = listing.articles
    bar = Bar(len(articles), sys.stderr)
    tally = Tally()
    lock = threading.Lock()

    def one(article: Article) -> None:
        detail = read_detail(article)
        if not isinstance(detail, ArticleDetail):
            bar.say(f"reader: {one_line(article.path, 300)}: {one_line(detail.reason)}")
            with lock:
                tally.failed += 1
            return
        url = page_url(detail.urls)
        if not url:
            with lock:
                tally.no_address += 1
            return
        try:
            if not args.refresh and cached_page(url, cache) is not None:
                with lock:
                    tally.cached += 1
            else:
                _page, problem = fetch_page(url, fetcher, cache)
                if problem:
                    raise FetchError(f"not kept: {problem}")
                with lock:
                    tally.fetched += 1
        except FetchError as exc:
            bar.say(f"reader: {one_line(article.title, 70)}: {exc.reason} ({one_line(url, 200)})")
            with lock:
                tally.failed += 1
        if images and (pictures := image_candidates(detail.image_urls)):
            outcome = thumbnail(pictures, cache, fetcher)
            if outcome is not None and outcome.data is not None:
                with lock:
                    tally.pictures += 1

    started = time.monotonic()
    from concurrent.futures import ThreadPoolExecutor, as_completed

    pool = ThreadPoolExecutor(max_workers=max(1, args.jobs))
    futures: dict[Future[None], Article] = {pool.submit(one, a): a for a in articles}
    try:
        for future in as_completed(futures):
            article = futures[future]
            try:
                future.result()
            except Exception as exc:  # a bug with one article must not stop the rest
                bar.say(f"reader: {one_line(article.title, 70)}: {type(exc).__name__}: {exc}")
                with lock:
                    tally.failed += 1
            bar.step(article.provider.domain or article.title)
    except KeyboardInterrupt:
        pool.shutdown(wait=False, cancel_futures=True)
        bar.end()
        sys.stderr.write("reader: interrupted; what was fetched so far is kept\n")
        return 130
    pool.shutdown()
    bar.end()
    fetcher.close()
    held = cache.info()
    cache.close()
    seconds = time.monotonic() - started
    sys.stderr.write(
        f"{tally.line(len(articles))} in {seconds:.1f} s; the cache holds "
        f"{held.pages:,} pages and {held.images:,} pictures\n"
    )
    return 1 if tally.failed else 0
