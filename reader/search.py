"""The query language for `/` and `reader list --query`. Pure: no I/O, no Textual.

    topic:"AI in Autos"  provider:techcrunch  heat>50  quality<=20  is:unread  is:starred
    after:2021-03-01  before:2021-04-01  free words  "exact phrases"  -excluded  -topic:AI
    story:1a2b3c  coverage>2

Every term must match (AND). Words and phrases match title, excerpt, provider and
topics, case-insensitively. A `-` in front negates a term. `heat` is the heat the list
shows (the file's, else the estimate); `coverage` counts a story's other articles.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import compress, repeat
from typing import Any

from reader.model import Article

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<neg>-)?
        (?:(?P<field>[A-Za-z_]+)(?P<op>:|>=|<=|>|<|=))?
        (?:"(?P<quoted>[^"]*)(?P<closed>")?|(?P<bare>[^\s"]+))
    )""",
    re.VERBOSE,
)
_COMPARE: dict[str, Callable[[int, int], bool]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
    "=": operator.eq,
    ":": operator.eq,
}
_NUMBER_FIELDS = ("heat", "quality", "coverage")
_TEXT_FIELDS = ("topic", "provider", "title", "story")
_DATE_FIELDS = ("after", "before")
_FLAGS = ("unread", "read", "starred", "unstarred", "published", "unpublished", "deleted")
FIELDS = (*_NUMBER_FIELDS, *_TEXT_FIELDS, *_DATE_FIELDS, "is")


class QueryError(ValueError):
    """A query that can't be understood; the message says what and where."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.position = position


@dataclass(frozen=True, slots=True)
class Context:
    """What a query needs to know beyond the article itself."""

    read_ids: Collection[str] = frozenset()
    starred_ids: Collection[str] = frozenset()
    # Lower-cased search text per article id, filled on first use; share it between
    # queries over the same corpus so typing stays fast.
    haystacks: dict[str, str] = field(default_factory=dict)
    # Excerpts by article id, for corpora whose summaries don't carry them (Corpus.excerpts).
    excerpts: dict[str, str] = field(default_factory=dict)
    # [a list of articles, its haystacks in the same order]: typing more letters filters
    # the same list again, and a zip over two lists is the fastest loop Python has.
    aligned: list[Any] = field(default_factory=list)
    # [needles, that list, what they matched, their haystacks]: a search typed further
    # (each word the same or longer, maybe more words) filters what the last one matched.
    narrowed: list[Any] = field(default_factory=list)


class Haystacks(dict[str, str]):
    """Every article's search text by id (`search_text`), made off the UI thread: what a
    search looks in, handed over in place of the excerpts it was made from (~0.35 s of
    the UI thread at 100k articles, and the excerpts need not be kept)."""

    @classmethod
    def of(cls, articles: Iterable[Article], excerpts: Mapping[str, str]) -> Haystacks:
        return cls((a.id, search_text(a, excerpts.get(a.id, ""))) for a in articles)


Predicate = Callable[[Article, Context], bool]


@dataclass(slots=True)
class Query:
    text: str
    predicates: list[Predicate] = field(default_factory=list)
    # Words and phrases to highlight in titles (the positive free-text terms).
    highlights: list[str] = field(default_factory=list)
    # The positive free-text terms, lower-cased: filtered in one tight loop each, first.
    needles: list[str] = field(default_factory=list)
    asks_unpublished: bool = False  # `is:unpublished`: empty while they are hidden

    @property
    def is_empty(self) -> bool:
        return not self.predicates and not self.needles

    def matches(self, article: Article, context: Context) -> bool:
        text = haystack(article, context) if self.needles else ""
        return all(needle in text for needle in self.needles) and all(
            predicate(article, context) for predicate in self.predicates
        )

    def filter(self, articles: list[Article], context: Context) -> list[Article]:
        if self.is_empty:
            return articles
        if self.needles:
            # C loops over ready haystacks kept in the list's order: several times faster
            # per keystroke at 100k articles than a predicate call per article.
            hay = context.haystacks
            aligned = context.aligned
            if aligned and aligned[0] is articles:
                texts = aligned[1]
            else:
                texts = [hay.get(a.id) or haystack(a, context) for a in articles]
                aligned[:] = [articles, texts]
            last = context.narrowed
            base, matched = articles, texts
            if last and last[1] is articles and _narrows(last[0], self.needles):
                base, matched = last[2], last[3]  # a subset: whatever matches now did then
            for needle in self.needles:
                keep = list(map(operator.contains, matched, repeat(needle)))
                base, matched = list(compress(base, keep)), list(compress(matched, keep))
            last[:] = [tuple(self.needles), articles, base, matched]
            articles = base
        if self.predicates:
            articles = [a for a in articles if all(p(a, context) for p in self.predicates)]
        return articles


def haystack(article: Article, context: Context) -> str:
    """The lower-cased text that free words are searched in."""
    text = context.haystacks.get(article.id)
    if text is None:
        excerpt = article.excerpt or context.excerpts.get(article.id, "")
        text = context.haystacks[article.id] = search_text(article, excerpt)
    return text


def search_text(article: Article, excerpt: str) -> str:
    """Title, excerpt, provider and topics, lower-cased: one article's haystack."""
    excerpt = article.excerpt or excerpt
    parts = (article.title, excerpt, article.provider.name, article.provider.domain)
    return "\n".join(parts + article.topics).casefold()


def _narrows(before: tuple[str, ...], now: list[str]) -> bool:
    """Does every article matching the needles `now` match those `before`? So when each
    earlier needle is part of the one in its place now (typing on; more words after)."""
    return len(now) >= len(before) and all(
        old in new for old, new in zip(before, now, strict=False)
    )


_DANGLING_TAIL = re.compile(r"(?:^|\s)-?(?P<field>[A-Za-z_]+)(?::|>=|<=|>|<|=)$")
_QUOTED_TERM_START = re.compile(r"-?(?:[A-Za-z_]+(?::|>=|<=|>|<|=))?$")


def without_incomplete_tail(text: str) -> str | None:
    """While the last term is still being typed, a field with nothing after it yet
    (`provider:`, `heat>`) or a quote not closed yet: the text before that term, which
    search as you type applies meanwhile. None when the text is complete."""
    if text.count('"') % 2:  # the term the open quote belongs to: `-topic:"AI in`
        return _QUOTED_TERM_START.sub("", text[: text.rindex('"')])
    tail = _DANGLING_TAIL.search(text)
    if tail and tail.group("field").lower() in FIELDS:
        return text[: tail.start()]
    return None


def parse(text: str) -> Query:
    """Parse a query; raises QueryError with a message a user can act on."""
    query = Query(text)
    position = 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        while text[position].isspace():  # errors point at a term's first character
            position += 1
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise QueryError(f"can't read the query at {text[position:]!r}", position)
        start = match.start("neg") if match.group("neg") else match.start()
        if match.group("quoted") is not None and not match.group("closed"):
            raise QueryError('a quote is not closed: add the closing "', match.start("quoted") - 1)
        value = match.group("quoted") if match.group("quoted") is not None else match.group("bare")
        name = (match.group("field") or "").lower()
        op = match.group("op") or ""
        negate = bool(match.group("neg"))
        if name:
            predicate = _field_predicate(name, op, value, start)
            if name == "is" and value.lower() == "unpublished" and not negate:
                query.asks_unpublished = True
        else:
            if not value:
                position = match.end()
                continue
            dangling = re.fullmatch(r"([A-Za-z_]+)(:|>=|<=|>|<|=)", value)
            if dangling and dangling.group(1).lower() in FIELDS:
                raise QueryError(f"{value} needs a value after it", start)
            needle = value.casefold()
            if not negate:
                query.highlights.append(value)
                query.needles.append(needle)
                position = match.end()
                continue
            predicate = _text_predicate(needle)
        if negate:
            predicate = _negated(predicate)
        query.predicates.append(predicate)
        position = match.end()
    return query


def _negated(predicate: Predicate) -> Predicate:
    return lambda article, context: not predicate(article, context)


def _text_predicate(needle: str) -> Predicate:
    return lambda article, context: needle in haystack(article, context)


def _field_predicate(name: str, op: str, value: str, position: int) -> Predicate:
    if name in _NUMBER_FIELDS:
        try:
            number = int(value)
        except ValueError:
            raise QueryError(f"{name} needs a whole number, like {name}>50", position) from None
        compare = _COMPARE[op]
        getter = _NUMBER_GETTERS[name]

        def number_predicate(article: Article, _context: Context) -> bool:
            actual = getter(article)
            return actual is not None and compare(actual, number)

        return number_predicate
    if op != ":":
        raise QueryError(
            f"use {name}:… (only heat, quality and coverage compare with < and >)", position
        )
    if name == "is":
        flag = value.lower()
        if flag not in _FLAGS:
            raise QueryError(f"is: takes one of {', '.join(_FLAGS)}", position)
        return _flag_predicate(flag)
    if name in _DATE_FIELDS:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise QueryError(f"{name}: needs a date like 2021-03-01", position) from None
        try:
            bound = datetime(day.year, day.month, day.day).astimezone()  # local midnight
        except (ValueError, OverflowError, OSError):  # 0001-01-01 has no local midnight
            raise QueryError(f"{name}: {value} is out of range", position) from None
        if name == "after":
            return lambda a, _c: a.published_at is not None and a.published_at >= bound
        return lambda a, _c: a.published_at is not None and a.published_at < bound
    if name in _TEXT_FIELDS:
        needle = value.casefold()
        if name == "topic":
            return lambda a, _c: any(t.casefold() == needle for t in a.topics)
        if name == "provider":
            return lambda a, _c: (
                needle in a.provider.name.casefold() or needle in a.provider.domain.casefold()
            )
        if name == "story":  # an id, as `reader list --json` gives it: exact
            return lambda a, _c: a.story_id == value
        return lambda a, _c: needle in a.title.casefold()
    raise QueryError(f"unknown field {name}: (try {', '.join(FIELDS)})", position)


_NUMBER_GETTERS: dict[str, Callable[[Article], int | None]] = {
    "heat": lambda a: a.sort_heat,
    "quality": lambda a: a.quality,
    "coverage": lambda a: a.story_size - 1,
}


def _flag_predicate(flag: str) -> Predicate:
    if flag == "unread":
        return lambda a, c: a.id not in c.read_ids
    if flag == "read":
        return lambda a, c: a.id in c.read_ids
    if flag == "starred":
        return lambda a, c: a.id in c.starred_ids
    if flag == "unstarred":
        return lambda a, c: a.id not in c.starred_ids
    if flag == "published":
        return lambda a, _c: a.published
    if flag == "deleted":
        return lambda a, _c: a.deleted
    return lambda a, _c: not a.published


def highlight_spans(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """Where the terms occur in `text` (case-insensitive), for highlighting."""
    if not terms:
        return []
    folded = text.casefold()
    if len(folded) != len(text):  # casefold changed lengths (e.g. ß); positions would drift
        folded = text.lower()
    spans: list[tuple[int, int]] = []
    for term in terms:
        needle = term.casefold() if len(term.casefold()) == len(term) else term.lower()
        start = folded.find(needle)
        while needle and start >= 0:
            spans.append((start, start + len(needle)))
            start = folded.find(needle, start + len(needle))
    return spans
