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

if TYPE_CHECKING:  # (not imported before the first frame: the parsers, the browser's)
    from reader.browser import OpenPlan
    from reader.ingest import Progress


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
