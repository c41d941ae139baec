"""What the reading model hands the UI: immutable results of each user intent. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from reader.model import Article
from reader.query import TopicCount


@dataclass(frozen=True, slots=True)
class ListState:
    rows: Sequence[Article]
    title: str  # "All · hottest first · unread only · /chip"
    count: str  # "1,234", or "…" while only the first screen is known
    empty: str  # what an empty list says (an EmptyReason code: the UI adds the keys)
    highlights: tuple[str, ...] = ()
    number_column: str = "heat"  # the article field the list's number column shows
    stories: bool = False  # rows are stories (a coverage badge on each)
    # Domain → the name its articles are shown under (reader/providers.py).
    provider_names: Mapping[str, str] = field(default_factory=dict)
    cursor_id: str | None = None  # put the cursor here; None: keep it where it is
    cursor_first: bool = False  # the cursor goes to the top unless the user has moved


@dataclass(frozen=True, slots=True)
class Status:
    total: int
    unread: int
    unpublished: int
    showing_unpublished: bool
    problems: int
    stories: bool = False  # total and unread count stories
    articles: int = 0  # how many articles those stories hold
    deleted: int = 0  # of the hidden (unpublished), those hidden for `deleted: true`


@dataclass(frozen=True, slots=True)
class FlagWrite:
    """One change for the state store: `column` set to `value` for these articles."""

    column: str  # "read" or "starred"
    value: bool
    articles: tuple[tuple[str, str], ...]  # (id, url)


@dataclass(frozen=True, slots=True)
class Update:
    rows: ListState | None = None  # None: the list is as it was
    sidebar: tuple[TopicCount, ...] | None = None
    topic: str | None = None  # move the sidebar's cursor here
    status: Status | None = None
    changed_ids: frozenset[str] = frozenset()  # rows whose flags changed: repaint them
    writes: tuple[FlagWrite, ...] = ()
    notice: str = ""
    search_error: str | None = None  # None: no error (the box clears it)
    needs_excerpts: bool = False  # the search waits for the excerpts (load them off-thread)


@dataclass(slots=True)
class Flags:
    """Read/starred ids. The UI's list reads these; only the model changes them."""

    read: set[str] = field(default_factory=set)
    starred: set[str] = field(default_factory=set)
    # Stories with an unread article (of those that group several), and whether a row of
    # a story is marked by them (a view of stories, marked as a whole).
    unread_stories: set[str] = field(default_factory=set)
    by_story: bool = False

    def row_unread(self, article: Article) -> bool:
        """Does the list mark this row unread?"""
        if self.by_story and article.story:
            return article.story in self.unread_stories
        return article.id not in self.read
