"""The articles of a load, by id and deduped by identity, and what could not be used."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader.archive import EMPTY, Taxonomy
from reader.identity import article_id_for
from reader.index import Index, index_path
from reader.model import Article, ArticleDetail, Problem, Severity
from reader.query import Counts, Sort
from reader.stories import StoryInput
from reader.views import MemorySource

if TYPE_CHECKING:
    from reader.prepared import Prepared


@dataclass
class Corpus:
    """Every article found under the roots, by id, plus what could not be used."""

    roots: tuple[str, ...]
    articles: dict[str, Article] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # What the load saw on disk, for telling later whether anything changed (watch.py).
    folders: dict[str, int] = field(default_factory=dict, repr=False)
    files_signature: str = ""
    # One-line messages for the user, said once (say, an index that could not be used).
    notices: list[str] = field(default_factory=list, repr=False)
    # What story grouping compares, for the articles read without an index (the index
    # keeps the rest's).
    story_inputs: dict[str, StoryInput] = field(default_factory=dict, repr=False)
    # The topics the archive checkouts the folders lie in describe (their tree).
    taxonomy: Taxonomy = field(default=EMPTY, repr=False)
    # Domain → the one name it is shown under, for domains named several ways.
    provider_names: dict[str, str] = field(default_factory=dict, repr=False)
    # Sorted lists and counts the loader worked out off the UI thread (reader/prepared.py).
    prepared: Prepared | None = field(default=None, repr=False, compare=False)

    def view_source(self, orders: dict[Sort, list[Article]] | None = None) -> MemorySource:
        """The view engine over these articles: the loader's, sorted and split by topic
        already, when it made one."""
        if self.prepared is not None:
            return self.prepared.source
        return MemorySource(self.articles.values(), orders)

    def counts(
        self,
        read: Collection[str],
        starred: Collection[str],
        show_unpublished: bool,
        stories: bool = False,
        compute: bool = True,
    ) -> Counts | None:
        """Total and unread per topic (or story): the loader's, if it counted with these
        very flags; else counted now, or None if not to `compute`."""
        if self.prepared is not None:
            found = self.prepared.counts_for(read, starred, show_unpublished, stories)
            if found is not None:
                return found
        if not compute:
            return None
        return Counts(self.articles.values(), read, starred, show_unpublished, stories=stories)

    def add(self, article: Article) -> None:
        """Add one article; of two files with the same identity, the first path is kept."""
        kept = self.articles.get(article.id)
        if kept is not None:
            if article.path < kept.path:  # whatever order files arrive in
                self.articles[article.id] = article
                article, kept = kept, article
            same = "same URL" if article.url else "same content"
            self.problems.append(
                Problem(article.path, f"{same} as {kept.path}; shown once", Severity.NOTE)
            )
            return
        self.articles[article.id] = article

    def copy(self) -> Corpus:
        """A snapshot another thread can read while this one keeps growing."""
        return Corpus(
            self.roots,
            dict(self.articles),
            list(self.problems),
            dict(self.folders),
            self.files_signature,
            list(self.notices),
            dict(self.story_inputs),
            self.taxonomy,
            dict(self.provider_names),
        )

    def find_by_url(self, url: str) -> Article | None:
        # An article's id is derived from its canonical URL, so no URL map is needed.
        article = self.articles.get(article_id_for(url, b"")) if url.strip() else None
        return article if article is not None and article.url else None

    def detail(self, article_id: str) -> ArticleDetail | Problem:
        """Re-read one article in full (summaries are all that is kept in memory)."""
        return read_detail(self.articles[article_id])

    def excerpts(self) -> dict[str, str]:
        """Every article's excerpt, for search (indexed ones are not kept in the summaries)."""
        found: dict[str, str] = {}
        for root in self.roots:
            if os.path.isdir(root) and os.path.exists(index_path(root)):
                index = Index.open(root)
                if index is not None:
                    try:
                        found.update(index.excerpts())
                    except sqlite3.Error:  # search then matches titles and the rest only
                        pass
                    finally:
                        index.close()
        found.update((a.id, a.excerpt) for a in self.articles.values() if a.excerpt)
        return found

    def visible(self, show_unpublished: bool) -> list[Article]:
        return [a for a in self.articles.values() if show_unpublished or a.published]

    @property
    def hidden_count(self) -> int:
        return sum(1 for a in self.articles.values() if not a.published)

    @property
    def problem_file_count(self) -> int:
        """How many files had errors or warnings (a file can have several)."""
        return len({p.path for p in self.problems if p.severity is not Severity.NOTE})

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is not Severity.NOTE]


def read_detail(article: Article) -> ArticleDetail | Problem:
    """The whole article behind a summary, read from its file now."""
    from reader.frontmatter import parse_file  # the YAML parser: only when a file is read

    result = parse_file(article.path)
    if result.detail is None:
        reason = result.problems[0].reason if result.problems else "cannot be read"
        return Problem(article.path, reason)
    return result.detail
