"""One index row per file: the summary columns of a parse result, and back to an Article.

Rows are built in the worker processes and sent back as plain tuples (marshal), so they
hold only str, int, float and None.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime

from reader.identity import article_id_for
from reader.model import Article, ParseResult, Problem, Provider, Severity, estimated_heat
from reader.storyterms import fingerprint

_NO_TOPICS = "[]"
# Off only for bench/stories_bench.py's baseline (what an ingest costs without stories).
STORIES = os.environ.get("READER_BENCH_NO_STORIES") != "1"

# (path, mtime_ns, size, id, title, url, heat, quality, published_at, provider_name,
#  provider_domain, topics (a JSON array), published, related_count, excerpt, problems,
#  published_ts, related_ids (the ids of the related items' URLs, space-separated),
#  deleted, kind (the file's `type`), story_terms (stories.fingerprint))
Row = tuple[
    str,
    int,
    int,
    str | None,
    str,
    str,
    int | None,
    int | None,
    str | None,
    str,
    str,
    str,
    int,
    int,
    str,
    str | None,
    float | None,
    str,
    int,
    str,
    str,
]
COLUMNS = 21


def row_for(path: str, mtime_ns: int, size: int, result: ParseResult) -> Row:
    """Flatten one parse result into an index row (done in the worker processes)."""
    problems = (
        json.dumps([[p.reason, p.severity.value] for p in result.problems], ensure_ascii=False)
        if result.problems
        else None
    )
    if result.detail is None:
        empty = ("", "", None, None, None, "", "", _NO_TOPICS, 1, 0, "")
        return (path, mtime_ns, size, None, *empty, problems, None, "", 0, "", "")
    a = result.detail.article
    return (
        path,
        mtime_ns,
        size,
        a.id,
        a.title,
        a.url,
        a.heat,
        a.quality,
        a.published_at.isoformat() if a.published_at else None,
        a.provider.name,
        a.provider.domain,
        topics_json(a.topics),
        int(a.published),
        a.related_count,
        a.excerpt,
        problems,
        a.published_at.timestamp() if a.published_at else None,
        " ".join(article_id_for(url, b"") for url in result.detail.related_urls),
        int(a.deleted),
        a.kind,
        fingerprint(a.title, a.excerpt) if STORIES else "",
    )


def topics_json(topics: tuple[str, ...]) -> str:
    if not topics:
        return _NO_TOPICS
    return json.dumps(topics, ensure_ascii=False, separators=(",", ":"))


class RowReader:
    """Turns rows back into Articles, sharing equal providers and topic tuples."""

    def __init__(self) -> None:
        self._providers: dict[tuple[str, str], Provider] = {}
        self._topics: dict[str, tuple[str, ...]] = {}
        self._kinds: dict[str, str] = {}  # one string per `type` value, shared

    def article(
        self, row: Row, keep_excerpt: bool = True, story: str = "", story_size: int = 1
    ) -> Article | None:
        """The summary in `row`; `story`, `story_size`: its story, when known."""
        (
            path,
            _m,
            _s,
            article_id,
            title,
            url,
            heat,
            quality,
            published_at,
            provider_name,
            provider_domain,
            topics,
            published,
            related_count,
            excerpt,
            _p,
            _ts,
            _related,
            deleted,
            kind,
            _terms,
        ) = row
        if article_id is None:
            return None
        provider_key = (provider_name, provider_domain)
        provider = self._providers.get(provider_key)
        if provider is None:
            provider = self._providers[provider_key] = Provider(provider_name, provider_domain)
        topic_tuple = self._topics.get(topics)
        if topic_tuple is None:
            topic_tuple = self._topics[topics] = topics_of(topics)
        return Article(  # positional: the hot path of a warm start
            article_id,
            path,
            title,
            url,
            heat,
            quality,
            datetime.fromisoformat(published_at) if published_at else None,
            provider,
            topic_tuple,
            bool(published),
            related_count,
            excerpt if keep_excerpt else "",
            story,
            story_size,
            estimated_heat(quality, related_count, story_size) if heat is None else None,
            bool(deleted),
            self._kinds.setdefault(kind, kind),
        )

    @staticmethod
    def problems(row: Row) -> list[Problem]:
        if row[15] is None:
            return []
        try:
            items = json.loads(row[15])
            return [Problem(row[0], str(reason), Severity(severity)) for reason, severity in items]
        except (ValueError, TypeError):
            return [Problem(row[0], "index entry damaged; it will be re-read", Severity.WARNING)]


def topics_of(column: str) -> tuple[str, ...]:
    """The topics kept in an index row's `topics` column (a JSON array of strings)."""
    if column == _NO_TOPICS:
        return ()
    try:
        names = json.loads(column)
    except ValueError:
        return ()
    if not isinstance(names, list):
        return ()
    return tuple(sys.intern(name) for name in names if isinstance(name, str))
