"""Split and parse one article file into an ArticleDetail, or say why not.

Nothing in here raises on bad input: every failure becomes a Problem naming the
file and the reason in one line.
"""

from __future__ import annotations

import hashlib
import os
from datetime import date, datetime, time, timezone
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import yaml

from reader.model import (
    Article,
    ArticleDetail,
    ParseResult,
    Problem,
    Provider,
    RelatedStory,
    Severity,
)

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # libyaml missing: slower, same results
    _Loader = yaml.SafeLoader

# The archive's files are a few KB; anything this big is not an article.
MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_TEXT_CHARS = 10_000  # longer titles/excerpts are cut, with a warning
URL_FIELDS = ("originalUrl", "webUrl", "ampWebUrl", "cdnAmpWebUrl")


class FrontMatterError(ValueError):
    """The file has no usable front matter; the message is the one-line reason."""


def split_front_matter(text: str) -> tuple[str, str]:
    """Return (yaml_text, body). The file must open with a `---` line."""
    if text.startswith("\ufeff"):
        text = text[1:]
    first_end = text.find("\n")
    first = text if first_end < 0 else text[:first_end]
    if first.rstrip("\r \t") != "---":
        raise FrontMatterError("no front matter (the file must start with a '---' line)")
    pos = first_end + 1
    while True:
        end = text.find("\n", pos)
        line = text[pos:] if end < 0 else text[pos:end]
        if line.rstrip("\r \t") in ("---", "..."):
            return text[first_end + 1 : pos], ("" if end < 0 else text[end + 1 :])
        if end < 0:
            raise FrontMatterError("front matter is not closed (no second '---' line)")
        pos = end + 1


def canonical_url(url: str) -> str:
    """Normalise a URL for identity: case-insensitive scheme/host, no fragment."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if not parts.scheme or not parts.netloc:
        return url
    netloc = parts.netloc.lower()
    if parts.scheme.lower() == "http" and netloc.endswith(":80"):
        netloc = netloc[:-3]
    elif parts.scheme.lower() == "https" and netloc.endswith(":443"):
        netloc = netloc[:-4]
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


def article_id_for(url: str, content: bytes) -> str:
    """Stable id: from the canonical URL, else from the content itself."""
    if url:
        return hashlib.blake2b(canonical_url(url).encode("utf-8"), digest_size=8).hexdigest()
    return "c" + hashlib.blake2b(content, digest_size=8).hexdigest()[1:]


class _Fields:
    """Typed access to a front-matter mapping that records what it had to ignore."""

    def __init__(self, data: dict[Any, Any], path: str, problems: list[Problem], where: str = ""):
        self.data = data
        self.path = path
        self.problems = problems
        self.where = where

    def warn(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.path, f"{self.where}{key}: {message}", Severity.WARNING))

    def text(self, key: str, default: str = "") -> str:
        value = self.data.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.warn(key, f"expected text, got {_type_name(value)}; ignored")
            return default
        text = _clean_text(str(value))
        if len(text) > MAX_TEXT_CHARS:
            self.warn(key, f"{len(text):,} characters long; cut to {MAX_TEXT_CHARS:,}")
            text = text[:MAX_TEXT_CHARS]
        return text

    def number(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool):
            self.warn(key, "expected a number, got a boolean; ignored")
            return None
        if isinstance(value, int):
            return value
        if isinstance(value, float):
            if value != value or value in (float("inf"), float("-inf")):
                self.warn(key, f"expected a number, got {value}; ignored")
                return None
            return round(value)
        if isinstance(value, str):
            try:
                return int(value.strip())
            except ValueError:
                pass
        self.warn(key, f"expected a number, got {_type_name(value)} {_preview(value)}; ignored")
        return None

    def when(self, key: str) -> datetime | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, datetime):
            return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        if isinstance(value, date):
            return datetime.combine(value, time(), tzinfo=timezone.utc)
        if isinstance(value, str):
            parsed = parse_datetime(value)
            if parsed is not None:
                return parsed
        self.warn(key, f"not a date/time: {_preview(value)}; ignored")
        return None

    def flag(self, key: str, default: bool) -> bool:
        value = self.data.get(key)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "yes", "false", "no"):
            self.warn(key, f"expected true/false, got the string {value!r}; read as a boolean")
            return value.strip().lower() in ("true", "yes")
        self.warn(key, f"expected true/false, got {_type_name(value)}; using {str(default).lower()}")
        return default

    def sequence(self, key: str) -> list[Any]:
        value = self.data.get(key)
        if value is None:
            return []
        if isinstance(value, list):
            return value
        self.warn(key, f"expected a list, got {_type_name(value)}; ignored")
        return []

    def string_list(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if isinstance(value, str):
            self.warn(key, "expected a list, got a single string; used as one item")
            value = [value]
        items: list[str] = []
        dropped = 0
        for item in self.sequence(key) if not isinstance(value, list) else value:
            if isinstance(item, (str, int, float)) and not isinstance(item, bool):
                text = _clean_text(str(item)).strip()
                if text and text not in items:
                    items.append(text[:200])
            elif item is not None:
                dropped += 1
        if dropped:
            self.warn(key, f"{dropped} item(s) that are not text ignored")
        return tuple(items)

    def provider(self, key: str = "provider") -> Provider | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            self.warn(key, "expected a mapping with name/domain, got a string; used as the name")
            return Provider(_clean_text(value)[:200])
        if not isinstance(value, dict):
            self.warn(key, f"expected a mapping with name/domain, got {_type_name(value)}; ignored")
            return None
        sub = _Fields(value, self.path, self.problems, f"{self.where}{key}.")
        return Provider(sub.text("name")[:200], sub.text("domain")[:200])

    def url(self, key: str) -> str:
        return self.text(key).strip()


def parse_datetime(value: str) -> datetime | None:
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _clean_text(text: str) -> str:
    # Control characters (ESC, BEL, NUL …) would change the terminal; keep tab/newline.
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch in "\n\t" else "\ufffd" for ch in text)


def _type_name(value: Any) -> str:
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
    return type(value).__name__


def _preview(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else _type_name(value)
    return text if len(text) <= 40 else text[:37] + "..."


def parse_bytes(content: bytes, path: str) -> ParseResult:
    """Parse one file's bytes. Never raises."""
    problems: list[Problem] = []

    def fail(reason: str) -> ParseResult:
        return ParseResult(None, [Problem(path, reason, Severity.ERROR)])

    if not content.strip():
        return fail("empty file")
    if len(content) > MAX_FILE_BYTES:
        return fail(f"too large ({len(content) / 1048576:.1f} MB; articles are at most 4 MB)")
    if b"\x00" in content:
        return fail("binary file (contains NUL bytes)")
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        return fail(f"not UTF-8 text (bad byte at offset {exc.start})")
    try:
        yaml_text, body = split_front_matter(text)
    except FrontMatterError as exc:
        return fail(str(exc))
    try:
        data = yaml.load(yaml_text, Loader=_Loader)
    except yaml.YAMLError as exc:
        return fail(f"invalid YAML: {_yaml_reason(exc)}")
    except RecursionError:
        return fail("invalid YAML: nested too deeply")
    except Exception as exc:  # libyaml can raise odd things on hostile input
        return fail(f"invalid YAML: {type(exc).__name__}")
    if not isinstance(data, dict):
        return fail(f"front matter is {_type_name(data) if data is not None else 'empty'}, not a mapping")
    try:
        detail = _build(data, body, path, content, problems)
    except RecursionError:
        return fail("front matter nested too deeply")
    if detail is None:
        return ParseResult(None, problems)
    return ParseResult(detail, problems)


def _yaml_reason(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or getattr(exc, "context", None) or "cannot parse"
    where = f" at line {mark.line + 2}" if mark is not None else ""  # +1 for 0-based, +1 for '---'
    return f"{problem}{where}".replace("\n", " ")


def _build(
    data: dict[Any, Any], body: str, path: str, content: bytes, problems: list[Problem]
) -> ArticleDetail | None:
    fields = _Fields(data, path, problems)
    title = fields.text("title").strip()
    if not title:
        problems.append(
            Problem(path, "no title" if data.get("title") is None else "title is not usable text")
        )
        return None
    title = " ".join(title.split())  # titles are one line in every list
    urls = tuple((key, url) for key in URL_FIELDS if (url := fields.url(key)))
    url = dict(urls).get("originalUrl") or dict(urls).get("webUrl", "")
    related = tuple(_related(fields, path, problems))
    images = fields.sequence("images")
    article = Article(
        id=article_id_for(url, content),
        path=path,
        title=title,
        url=url,
        heat=fields.number("heat"),
        quality=fields.number("quality"),
        published_at=fields.when("publishedDateTime"),
        provider=fields.provider() or Provider(""),
        topics=fields.string_list("topics"),
        published=fields.flag("published", True),
        related_count=len(related),
    )
    return ArticleDetail(
        article=article,
        excerpt=fields.text("excerpt").strip(),
        category=fields.text("category"),
        kind=fields.text("type"),
        urls=urls,
        image_count=len(images),
        related=related,
        body=body.strip(),
    )


def _related(fields: _Fields, path: str, problems: list[Problem]) -> list[RelatedStory]:
    stories: list[RelatedStory] = []
    for index, item in enumerate(fields.sequence("related")):
        if not isinstance(item, dict):
            fields.warn(f"related[{index}]", f"expected a mapping, got {_type_name(item)}; ignored")
            continue
        sub = _Fields(item, path, problems, f"related[{index}].")
        title = " ".join(sub.text("title").split())
        if not title:
            fields.warn(f"related[{index}]", "no title; ignored")
            continue
        stories.append(
            RelatedStory(
                title=title,
                url=sub.url("webUrl") or sub.url("originalUrl"),
                excerpt=sub.text("excerpt").strip(),
                published_at=sub.when("publishedDateTime"),
                provider=sub.provider(),
                quality=sub.number("quality"),
                image_count=len(sub.sequence("images")),
            )
        )
    return stories


def parse_file(path: str) -> ParseResult:
    """Read and parse one file. Never raises."""
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                return ParseResult(
                    None,
                    [Problem(path, f"too large ({size / 1048576:.1f} MB; articles are at most 4 MB)")],
                )
            content = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return ParseResult(None, [Problem(path, "file disappeared before it could be read")])
    except IsADirectoryError:
        return ParseResult(None, [Problem(path, "is a directory, not a file")])
    except PermissionError:
        return ParseResult(None, [Problem(path, "permission denied")])
    except OSError as exc:
        return ParseResult(None, [Problem(path, f"cannot read: {exc.strerror or exc}")])
    return parse_bytes(content, path)
