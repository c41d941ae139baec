"""What `reader list` prints: one view's articles, from the index when it can answer
exactly, else from a full load, through the one view engine (reader/views.py). No
Textual, no printing: where the corpus and the flags come from is passed in."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.collection import Corpus
from reader.model import Article
from reader.views import IndexSource, MemorySource, View

Flags = tuple[set[str], set[str]]  # (read ids, starred ids)


@dataclass(frozen=True, slots=True)
class Listing:
    articles: list[Article]  # in list order, the limit applied
    read_ids: set[str]
    starred_ids: set[str]


def select_listing(
    roots: Sequence[str],
    view: View,
    *,
    query_text: str | None,
    limit: int | None,
    state_db: Path,
    load: Callable[[Sequence[str]], Corpus],
    flags_among: Callable[[list[Article]], Flags],
    all_flags: Callable[[], Flags],
) -> Listing:
    """The articles of `view` under `roots`, `limit` at most, searched by `query_text`.

    Raises reader.search.QueryError for a bad query (after the load, so a path that can't
    be read is reported first). A query always takes the full load: the index holds no
    search terms.
    """
    if not query_text:
        quick = IndexSource(list(roots), state_db).select(view, limit)
        if quick is not None:
            read, starred = flags_among(quick)
            return Listing(quick, read, starred)
    corpus = load(roots)
    read, starred = all_flags()
    query = context = None
    if query_text:
        from reader.search import Context, parse  # only imported for a query

        query = parse(query_text)
        context = Context(read, starred, excerpts=corpus.excerpts())
    articles = MemorySource(corpus.articles.values()).select(view, read, starred, query, context)
    return Listing(articles if limit is None else articles[:limit], read, starred)
