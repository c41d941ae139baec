"""Reads article files for the detail pane on a thread of its own, ahead of the cursor.

The pane shows whole articles, which live only in their files. Reading one when the
cursor lands on it puts a thread hop and a file parse between a key and the frame that
shows the article; so this reads the rows the cursor can reach next (the neighbours, a page
away, the first and the last) while the user is still looking at the current one, and
keeps the last few details. The UI draws a kept detail at once, and still asks for the
file to be read again (`read_now`): if it changed meanwhile, the fresh one is drawn when it
arrives. Results come back through `on_read`; the UI keeps them (`keep`). No Textual here.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence

from reader.collection import read_detail
from reader.model import Article, ArticleDetail, Problem

Detail = ArticleDetail | Problem
OnRead = Callable[[Article, Detail, bool], None]  # (article, detail, asked for now)
KEEP = 96  # details kept: a few screens' worth of neighbours


class DetailReader:
    def __init__(self, on_read: OnRead, keep: int = KEEP) -> None:
        self._on_read = on_read
        self._keep = keep
        self._kept: OrderedDict[str, tuple[Article, Detail]] = OrderedDict()  # UI thread's
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._now: list[Article] = []  # read first, each answered as asked for now
        self._ahead: list[Article] = []  # then these, nearest first; replaced on each ask
        self._closed = False
        self._thread: threading.Thread | None = None

    # -- the UI thread ----------------------------------------------------------

    def kept(self, article: Article) -> Detail | None:
        """The detail read for exactly this summary, if kept (a changed summary: None)."""
        found = self._kept.get(article.id)
        if found is None or found[0] != article:
            return None
        self._kept.move_to_end(article.id)
        return found[1]

    def keep(self, article: Article, detail: Detail) -> None:
        self._kept[article.id] = (article, detail)
        self._kept.move_to_end(article.id)
        while len(self._kept) > self._keep:
            self._kept.popitem(last=False)

    def forget(self) -> None:
        """Drop every kept detail (the corpus was read again)."""
        self._kept.clear()

    def read_now(self, article: Article) -> None:
        """Read this one next, ahead of everything else."""
        with self._lock:
            self._now.append(article)
        self._start()

    def read_ahead(self, articles: Sequence[Article]) -> None:
        """Read these (nearest first) unless kept; replaces the last such request."""
        wanted = [a for a in articles if self.kept(a) is None]
        with self._lock:
            self._ahead = wanted
        if wanted:
            self._start()

    def close(self) -> None:
        with self._lock:
            self._closed = True
        self._wake.set()

    # -- the reading thread -----------------------------------------------------

    def _start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="detail-reader", daemon=True)
            self._thread.start()
        self._wake.set()

    def _next(self) -> tuple[Article, bool] | None:
        with self._lock:
            if self._closed:
                return None
            if self._now:
                return self._now.pop(0), True
            if self._ahead:
                return self._ahead.pop(0), False
            self._wake.clear()
        return None

    def _run(self) -> None:
        while True:
            job = self._next()
            if job is None:
                if self._closed:
                    return
                self._wake.wait()
                continue
            article, now = job
            try:
                detail: Detail = read_detail(article)
            except Exception as exc:  # a bug must cost this article, not the reader
                detail = Problem(article.path, f"cannot be read ({type(exc).__name__})")
            self._on_read(article, detail, now)
