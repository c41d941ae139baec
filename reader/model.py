"""Plain data records shared by the core and the UI (no Textual here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import NamedTuple


@dataclass(frozen=True, slots=True)
class Provider:
    name: str
    domain: str = ""

    def label(self) -> str:
        if self.name and self.domain:
            return f"{self.name} ({self.domain})"
        return self.name or self.domain


@dataclass(frozen=True, slots=True)
class RelatedStory:
    title: str
    url: str
    excerpt: str = ""
    published_at: datetime | None = None
    provider: Provider | None = None
    quality: int | None = None
    image_count: int = 0


class Article(NamedTuple):
    """The summary of one article: what the lists, counts and queries need.

    A NamedTuple rather than a frozen dataclass: a warm start builds 100k of these, and
    a tuple is built several times faster (immutable and compact all the same).
    """

    id: str
    path: str
    title: str
    url: str
    heat: int | None
    quality: int | None
    published_at: datetime | None
    provider: Provider
    topics: tuple[str, ...]
    published: bool = True
    related_count: int = 0
    excerpt: str = ""  # kept in the summary: search looks in it
    story: str = ""  # the id of the story it belongs to; "" when alone in its story
    story_size: int = 1  # articles in its story, itself included
    # The archive's heat formula where the file has no heat (stories.estimated_heat).
    estimated_heat: int | None = None
    deleted: bool = False  # `deleted: true`: hidden like unpublished
    kind: str = ""  # the file's `type` (article, video, …)

    @property
    def story_id(self) -> str:
        return self.story or self.id

    @property
    def sort_heat(self) -> int | None:
        """The heat a list sorts by and shows: the file's, else the estimate."""
        return self.heat if self.heat is not None else self.estimated_heat

    @property
    def listed(self) -> bool:
        """Shown unless hidden ones are asked for: published and not deleted."""
        return self.published and not self.deleted


@dataclass(frozen=True, slots=True)
class ArticleDetail:
    """Everything the detail pane shows; fetched when an article is opened."""

    article: Article
    excerpt: str = ""
    category: str = ""
    kind: str = ""
    urls: tuple[tuple[str, str], ...] = ()
    image_count: int = 0
    related: tuple[RelatedStory, ...] = ()
    body: str = ""
    related_urls: tuple[str, ...] = ()  # every related item's URLs, for story grouping
    # The `images` URLs, then the provider's (`provider.images`): the pane's thumbnail.
    image_urls: tuple[str, ...] = ()


class Severity(StrEnum):
    ERROR = "error"  # the file was skipped
    WARNING = "warning"  # the file loaded, but a field was ignored or coerced
    NOTE = "note"  # nothing wrong with the file itself (e.g. a duplicate)


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    reason: str
    severity: Severity = Severity.ERROR

    def line(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(slots=True)
class ParseResult:
    detail: ArticleDetail | None
    problems: list[Problem] = field(default_factory=list)


def estimated_heat(quality: int | None, related_count: int, story_size: int) -> int | None:
    """The archive's own heat: quality + 10 × coverage, where coverage is the related
    list when the file has one, else the other articles of its story; None when there
    is nothing to go on (no quality, no related list, alone in its story)."""
    coverage = related_count if related_count > 0 else story_size - 1
    if quality is None and coverage <= 0:
        return None
    return (quality or 0) + 10 * max(coverage, 0)
