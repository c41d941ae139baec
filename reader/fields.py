"""From a front-matter mapping to an ArticleDetail: typed fields, and what was ignored.

Text is kept exactly as the file has it (after YAML's own decoding): no control
character is replaced, no space collapsed, nothing cut. Only what is drawn on a
terminal is cleaned, by reader.textsafe. What is checked here is shape and sanity:
types, number and date ranges, how many topics and related stories are kept.
"""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from typing import Any

from reader.identity import article_id_for
from reader.model import (
    Article,
    ArticleDetail,
    Problem,
    Provider,
    RelatedStory,
    Severity,
    estimated_heat,
)

MAX_TOPICS = 100
MAX_RELATED = 100
# Numbers outside this range are junk, and would overflow the columns that show them.
MAX_ABS_NUMBER = 1_000_000_000
# Dates outside this range are junk, and near year 1 or 9999 a time-zone shift overflows.
EARLIEST_YEAR, LATEST_YEAR = 1800, 2200
URL_FIELDS = ("originalUrl", "webUrl", "ampWebUrl", "cdnAmpWebUrl")


class Fields:
    """Typed access to a front-matter mapping that records what it had to ignore."""

    def __init__(
        self, data: dict[Any, Any], path: str, problems: list[Problem], where: str = ""
    ) -> None:
        self.data = data
        self.path = path
        self.problems = problems
        self.where = where

    def warn(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.path, f"{self.where}{key}: {message}", Severity.WARNING))

    def text(self, key: str, default: str = "") -> str:
        """The value as the file has it; a number is written as YAML read it."""
        value = self.data.get(key)
        if value is None:
            return default
        if type(value) is str:
            return value
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.warn(key, f"expected text, got {type_name(value)}; ignored")
            return default
        try:
            return str(value)
        except ValueError:  # Python refuses to print integers past 4,300 digits
            self.warn(key, "expected text, got a number too long to show; ignored")
            return default

    def url(self, key: str) -> str:
        """Like text(), but a blank URL is no URL."""
        url = self.text(key)
        return url if url.strip() else ""

    def number(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool):
            self.warn(key, "expected a number, got a boolean; ignored")
            return None
        result: int | None = None
        if isinstance(value, int):
            result = value
        elif isinstance(value, float):
            if value != value or value in (float("inf"), float("-inf")):
                self.warn(key, f"expected a number, got {value}; ignored")
                return None
            result = round(value)
        elif isinstance(value, str) and len(value) <= 40:
            result = _number_in_text(value)
        if result is None:
            self.warn(key, f"expected a number, got {type_name(value)} {preview(value)}; ignored")
            return None
        if abs(result) > MAX_ABS_NUMBER:
            self.warn(key, f"number out of range (more than {MAX_ABS_NUMBER:,}); ignored")
            return None
        return result

    def when(self, key: str) -> datetime | None:
        value = self.data.get(key)
        if value is None:
            return None
        parsed: datetime | None = None
        if isinstance(value, datetime):
            parsed = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        elif isinstance(value, date):
            parsed = datetime.combine(value, time(), tzinfo=timezone.utc)
        elif isinstance(value, str):
            parsed = parse_datetime(value)
        if parsed is None:
            self.warn(key, f"not a date/time: {preview(value)}; ignored")
            return None
        if not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
            self.warn(key, f"year {parsed.year} is outside {EARLIEST_YEAR}–{LATEST_YEAR}; ignored")
            return None
        return parsed

    def flag(self, key: str, default: bool) -> bool:
        value = self.data.get(key)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "yes", "false", "no"):
            self.warn(key, f"expected true/false, got the string {value!r}; read as a boolean")
            return value.strip().lower() in ("true", "yes")
        self.warn(key, f"expected true/false, got {type_name(value)}; using {str(default).lower()}")
        return default

    def sequence(self, key: str) -> list[Any]:
        value = self.data.get(key)
        if value is None:
            return []
        if isinstance(value, list):
            return value
        self.warn(key, f"expected a list, got {type_name(value)}; ignored")
        return []

    def string_list(self, key: str, limit: int = MAX_TOPICS) -> tuple[str, ...]:
        """Text items as the file has them; blank and repeated ones are left out."""
        value = self.data.get(key)
        if isinstance(value, str):
            self.warn(key, "expected a list, got a single string; used as one item")
            raw_items: list[Any] = [value]
        else:
            raw_items = self.sequence(key)
        items: list[str] = []
        dropped = 0
        for item in raw_items:
            if len(items) == limit:
                self.warn(key, f"{len(raw_items):,} items; only the first {limit} kept")
                break
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                dropped += item is not None
                continue
            try:
                text = str(item)
            except ValueError:  # an integer past 4,300 digits
                dropped += 1
                continue
            if text.strip() and text not in items:
                items.append(text)
        if dropped:
            self.warn(key, f"{dropped} item(s) that are not text ignored")
        return tuple(items)

    def provider(self, key: str = "provider") -> Provider | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            self.warn(key, "expected a mapping with name/domain, got a string; used as the name")
            return Provider(value)
        if not isinstance(value, dict):
            self.warn(key, f"expected a mapping with name/domain, got {type_name(value)}; ignored")
            return None
        sub = Fields(value, self.path, self.problems, f"{self.where}{key}.")
        return Provider(sub.text("name"), sub.text("domain"))


def build_detail(
    data: dict[Any, Any],
    body: str,
    path: str,
    content: bytes,
    problems: list[Problem],
    summary: bool = False,
) -> ArticleDetail | None:
    """The article in `data`, or None (with an ERROR in `problems`) if it has no title."""
    fields = Fields(data, path, problems)
    title = fields.text("title")
    if not title.strip():
        problems.append(
            Problem(path, "no title" if data.get("title") is None else "title is not usable text")
        )
        return None
    urls = tuple((key, url) for key in URL_FIELDS if (url := fields.url(key)))
    url = dict(urls).get("originalUrl") or dict(urls).get("webUrl", "")
    related_count = _count_plain_related(data.get("related")) if summary else None
    if related_count is None:
        related = tuple(_related(fields, path, problems))
        related_count = len(related)
    else:
        related = ()  # only the count is wanted, and the stories need no warning
    images = fields.sequence("images")
    excerpt = fields.text("excerpt")
    heat = fields.number("heat")
    quality = fields.number("quality")
    kind = fields.text("type")
    article = Article(
        id=article_id_for(url, content),
        path=path,
        title=title,
        url=url,
        heat=heat,
        quality=quality,
        published_at=fields.when("publishedDateTime"),
        provider=fields.provider() or Provider(""),
        topics=fields.string_list("topics"),
        published=fields.flag("published", True),
        related_count=related_count,
        excerpt=excerpt,
        estimated_heat=estimated_heat(quality, related_count, 1) if heat is None else None,
        deleted=fields.flag("deleted", False),
        kind=kind,
    )
    return ArticleDetail(
        article=article,
        excerpt=excerpt,
        category=fields.text("category"),
        kind=kind,
        urls=urls,
        image_count=len(images),
        related=related,
        body=body,
        related_urls=_related_urls(data.get("related")),
        image_urls=image_urls(images) + image_urls(_provider_images(data)),
    )


def _related_urls(items: Any) -> tuple[str, ...]:
    """Every URL of the related items, as written (grouping looks them up)."""
    if type(items) is not list:
        return ()
    urls: list[str] = []
    for item in items[:MAX_RELATED]:
        if type(item) is dict:
            for key in ("webUrl", "originalUrl"):
                url = item.get(key)
                if type(url) is str and url.strip() and url not in urls:
                    urls.append(url)
    return tuple(urls)


def _count_plain_related(items: Any) -> int | None:
    """How many related stories, if every one is so plain that _related would count it
    without a word of warning; None when unsure (then _related does the real work)."""
    if items is None:
        return 0
    if type(items) is not list or len(items) > MAX_RELATED:
        return None
    for item in items:
        if type(item) is not dict:
            return None
        title = item.get("title")
        if type(title) is not str or not title.strip():
            return None
        for key in ("webUrl", "originalUrl", "excerpt"):
            value = item.get(key)
            if value is not None and type(value) is not str:
                return None
        when = item.get("publishedDateTime")
        if when is not None and not (
            type(when) is datetime and EARLIEST_YEAR <= when.year <= LATEST_YEAR
        ):
            return None
        provider = item.get("provider")
        if provider is not None:
            if type(provider) is not dict:
                return None
            for key in ("name", "domain"):
                value = provider.get(key)
                if value is not None and type(value) is not str:
                    return None
        quality = item.get("quality")
        if quality is not None and not (type(quality) is int and abs(quality) <= MAX_ABS_NUMBER):
            return None
        images = item.get("images")
        if images is not None and type(images) is not list:
            return None
    return len(items)


def _related(fields: Fields, path: str, problems: list[Problem]) -> list[RelatedStory]:
    stories: list[RelatedStory] = []
    items = fields.sequence("related")
    if len(items) > MAX_RELATED:
        fields.warn("related", f"{len(items):,} stories; only the first {MAX_RELATED} kept")
        items = items[:MAX_RELATED]
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            fields.warn(f"related[{index}]", f"expected a mapping, got {type_name(item)}; ignored")
            continue
        sub = Fields(item, path, problems, f"related[{index}].")
        title = sub.text("title")
        if not title.strip():
            fields.warn(f"related[{index}]", "no title; ignored")
            continue
        stories.append(
            RelatedStory(
                title=title,
                url=sub.url("webUrl") or sub.url("originalUrl"),
                excerpt=sub.text("excerpt"),
                published_at=sub.when("publishedDateTime"),
                provider=sub.provider(),
                quality=sub.number("quality"),
                image_count=len(sub.sequence("images")),
            )
        )
    return stories


def _number_in_text(text: str) -> int | None:
    """'72' or '72.5' or '1e3' written as a string (YAML 1.1 reads 1e3 as text)."""
    try:
        return int(text.strip())
    except ValueError:
        pass
    try:
        number = float(text.strip())
    except ValueError:
        return None
    return round(number) if abs(number) < float("inf") else None


def parse_datetime(value: str) -> datetime | None:
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (datetime, date)):
        return "a date"
    if isinstance(value, bytes):
        return "binary data"
    if isinstance(value, (set, frozenset)):
        return "a set"
    if isinstance(value, tuple):
        return "a pair"
    return type(value).__name__


def preview(value: Any) -> str:
    text = repr(value[:60]) if isinstance(value, str) else type_name(value)
    return text if len(text) <= 40 else text[:37] + "..."


MAX_IMAGES = 20


def image_urls(items: list[Any]) -> tuple[str, ...]:
    """The `url` of each `images` entry (a mapping, or a bare URL), as the file has it."""
    urls: list[str] = []
    for item in items[:MAX_IMAGES]:
        url = item.get("url") if isinstance(item, dict) else item
        if type(url) is str and url.strip() and url not in urls:
            urls.append(url)
    return tuple(urls)


def _provider_images(data: dict[Any, Any]) -> list[Any]:
    provider = data.get("provider")
    images = provider.get("images") if isinstance(provider, dict) else None
    return images if isinstance(images, list) else []
