"""Messages the app's workers post back to the UI thread (dataclasses, no logic)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from reader.collection import Corpus
from reader.model import Article, ArticleDetail, Problem
from reader.preview import Preview
from reader.query import Sort
from reader.updates import FlagWrite

if TYPE_CHECKING:  # (imported by the workers that send these, not before the first frame)
    from PIL.Image import Image

    from reader.browser import OpenPlan
    from reader.fulltext import PageText, ReadingText
    from reader.ingest import Progress
    from reader.widgets.article_text import WrappedBlocks


@dataclass
class CorpusLoaded(Message):
    corpus: Corpus
    rescan: bool = False
    partial: bool = False  # more is coming: the first read of a folder is under way
    orders: dict[Sort, list[Article]] | None = None  # the corpus in each sort order


@dataclass
class PreviewReady(Message):
    preview: Preview
    drawn: threading.Event  # set once it is on screen: the loader waits for that


@dataclass
class LoadProgress(Message):
    progress: Progress


@dataclass
class LoadFailed(Message):
    reason: str


@dataclass
class FolderChanged(Message):
    """The poller saw files added, changed or removed."""


@dataclass
class FlagsChanged(Message):
    """Another process changed the state database: these are its flags now."""

    read: set[str]
    starred: set[str]


@dataclass
class DetailRead(Message):
    article: Article
    detail: ArticleDetail | Problem
    ahead: bool = False  # read ahead of the cursor (reader/detailreader.py), not asked for


@dataclass
class ExcerptsLoaded(Message):
    excerpts: dict[str, str]


@dataclass
class FlagSaved(Message):
    write: FlagWrite
    error: str | None  # None: saved


@dataclass
class BrowserDone(Message):
    url: str
    error: str | None  # None: the browser was started


@dataclass
class ConsoleBrowser(Message):
    """A browser that needs the terminal: the UI runs it with the screen suspended."""

    plan: OpenPlan
    url: str


# -- full text, pictures (reader/app_fulltext.py) -------------------------------------


@dataclass
class TextReady(Message):
    """An article's body and/or fetched text, parsed and numbered (from a worker)."""

    article_id: str
    body: str  # the file's body the text was made with
    text: ReadingText
    page: PageText | None  # the fetched page, if any
    cache_problem: str = ""  # the text could not be kept in the cache, and why
    # The body and the full text already wrapped for the pane's width (by the worker).
    wrapped: tuple[WrappedBlocks | None, WrappedBlocks | None] = (None, None)


@dataclass
class FetchProgress(Message):
    article_id: str
    received: int  # bytes
    total: int | None


@dataclass
class FetchFailed(Message):
    article_id: str
    url: str
    reason: str  # "timed out after 10 s", "HTTP 404", "not HTML (application/pdf)"


@dataclass
class PictureReady(Message):
    article_id: str
    url: str
    picture: Image | None  # decoded and checked; None: skipped, `notes` say why
    notes: tuple[str, ...] = ()
