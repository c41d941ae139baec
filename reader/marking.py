"""Which articles `reader mark ID_OR_URL ...` means. No Textual, no printing.

An id is the 16 hex digits `reader list --json` shows. A URL may be any of an article's
URLs (webUrl, originalUrl, ampWebUrl): the id derives from one of them (the canonical
URL), so that one is found at once; the others are found by reading the articles'
files, only when the quick lookup misses.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from reader.collection import Corpus, read_detail
from reader.identity import article_id_for
from reader.model import Article, ArticleDetail
from reader.statefile import ARTICLE_ID


@dataclass(frozen=True)
class Target:
    text: str  # as the user gave it
    article_id: str  # the id it names, or the id its URL derives from
    url: str  # "" for an id


def parse_target(text: str) -> Target | None:
    """The target an id or URL argument names; None if it is neither."""
    candidate = text.strip()
    if ARTICLE_ID.fullmatch(candidate.lower()):
        return Target(text, candidate.lower(), "")
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme and parts.netloc and not any(ch.isspace() for ch in candidate):
        return Target(text, article_id_for(candidate, b""), candidate)
    return None


def find_articles(corpus: Corpus, targets: Sequence[Target]) -> dict[Target, Article]:
    """The article in `corpus` each target names (targets not found are left out)."""
    found: dict[Target, Article] = {}
    by_other_url: list[Target] = []
    for target in targets:
        article = (
            corpus.find_by_url(target.url) if target.url else corpus.articles.get(target.article_id)
        )
        if article is not None:
            found[target] = article
        elif target.url:
            by_other_url.append(target)
    if by_other_url:
        wanted: dict[str, Target | None] = {_url_key(t.url): t for t in by_other_url}
        for article, detail in _details(corpus.articles.values()):
            for _field, url in detail.urls:
                named = wanted.pop(_url_key(url), None)
                if named is not None:
                    found[named] = article
            if not wanted:
                break
    return found


def _url_key(url: str) -> str:
    # The canonical form ids are made from (scheme and host in any case, no fragment).
    return article_id_for(url.strip(), b"")


def _details(articles: Iterable[Article]) -> Iterable[tuple[Article, ArticleDetail]]:
    for article in articles:
        detail = read_detail(article)
        if isinstance(detail, ArticleDetail):
            yield article, detail
