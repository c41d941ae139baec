"""Split and parse one article file into an ArticleDetail, or say why not.

Nothing in here raises on bad input: every failure becomes a Problem naming the
file and the reason in one line. ERROR problems mean the file was skipped,
WARNING problems mean it loaded with a field ignored, cut or coerced.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import yaml

from reader.fastparse import fast_load
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
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # libyaml missing: slower, same results
    _BaseLoader = yaml.SafeLoader

# The archive's files are a few KB; anything this big is not an article.
MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_TEXT_CHARS = 10_000  # longer excerpts/names are cut, with a warning
MAX_TITLE_CHARS = 1_000  # real titles stay under 200; a longer one would swamp every list
MAX_TOPICS = 100
MAX_TOPIC_CHARS = 200
MAX_RELATED = 100
# The archive never uses YAML anchors; a few are tolerated for hand-written files, many
# are how "billion laughs" documents expand exponentially.
MAX_YAML_ALIASES = 16
# Numbers outside this range are junk, and would overflow the columns that show them.
MAX_ABS_NUMBER = 1_000_000_000
# Dates outside this range are junk, and near year 1 or 9999 a time-zone shift overflows.
EARLIEST_YEAR, LATEST_YEAR = 1800, 2200
MAX_REASON_CHARS = 300
URL_FIELDS = ("originalUrl", "webUrl", "ampWebUrl", "cdnAmpWebUrl")

# C0 controls except tab and newline, DEL, C1 controls, and lone surrogates: any of these
# could move the cursor, recolour or retitle the terminal, or fail to encode on output.
_UNSAFE_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# What libyaml refuses to read at all; replaced up front so one stray byte in a title does
# not cost the whole file. Tab, newline and carriage return are legal YAML.
_UNREADABLE_BY_YAML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_LINE_SEPARATORS = re.compile("\r\n?|[\u2028\u2029]")
# Titles are one line in every list: collapse line breaks and ASCII/tab runs, but keep
# typographic spaces such as U+3000 (used between phrases in Japanese titles).
_TITLE_SPACES = re.compile("[ \t\n\r\f\v\x85\u2028\u2029]+")
_UNKNOWN_TAG = re.compile(r"for the tag '([^']*)'")
_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)
# The line that ends the front matter: '---' or '...', maybe with trailing blanks.
_CLOSING_LINE = re.compile(r"(?:---|\.\.\.)[ \t\r]*(?=\n|$)")


class FrontMatterError(ValueError):
    """The file has no usable front matter; the message is the one-line reason."""


class _HostileYamlError(ValueError):
    """The YAML parses, but its shape is an attack or a mistake (aliases, recursion)."""


def split_front_matter(text: str) -> tuple[str, str]:
    """Return (yaml_text, body). The file must open with a `---` line."""
    if text.startswith("\ufeff"):
        text = text[1:]
    first_end = text.find("\n")
    first = text if first_end < 0 else text[:first_end]
    if first.rstrip("\r \t") != "---":
        raise FrontMatterError("no front matter (the file must start with a '---' line)")
    if first_end < 0:
        raise FrontMatterError("front matter is not closed (no second '---' line)")
    # Candidates are found with str.find (fast); the regex only confirms each one.
    start = first_end
    while True:
        candidates = [i for i in (text.find("\n---", start), text.find("\n...", start)) if i >= 0]
        if not candidates:
            raise FrontMatterError("front matter is not closed (no second '---' line)")
        line_start = min(candidates) + 1
        closing = _CLOSING_LINE.match(text, line_start)
        if closing is not None:
            end = closing.end()
            return text[first_end + 1 : line_start], text[end + 1 :] if end < len(text) else ""
        start = line_start


def canonical_url(url: str) -> str:
    """Normalise a URL for identity: case-insensitive scheme/host, no fragment."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        if not parts.scheme or not parts.netloc:
            return url
        netloc = parts.netloc.lower()
        if parts.scheme.lower() == "http" and netloc.endswith(":80"):
            netloc = netloc[:-3]
        elif parts.scheme.lower() == "https" and netloc.endswith(":443"):
            netloc = netloc[:-4]
        return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))
    except ValueError:
        return url


def article_id_for(url: str, content: bytes) -> str:
    """Stable id: from the canonical URL, else from the content itself."""
    if url:
        canonical = canonical_url(url).encode("utf-8", "surrogatepass")
        return hashlib.blake2b(canonical, digest_size=8).hexdigest()
    return "c" + hashlib.blake2b(content, digest_size=8).hexdigest()[1:]


def clean_text(text: str) -> str:
    """Text that is safe to put on a terminal: control characters become U+FFFD.

    Keeps tab and newline; turns CR/CRLF and Unicode line separators into newlines.
    """
    if text.isprintable():  # the common case: no control character at all
        return text
    if "\r" in text or "\u2028" in text or "\u2029" in text:
        text = _LINE_SEPARATORS.sub("\n", text)
    return _UNSAFE_CHARS.sub("\ufffd", text)


# The name the rest of the code (and older tests) know it by.
_clean_text = clean_text


def one_line(text: str, limit: int = MAX_REASON_CHARS) -> str:
    """Terminal-safe, single-line text, cut to `limit` characters (for reasons and paths)."""
    flat = clean_text(text).replace("\n", " ").replace("\t", " ")
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def normalise_title(text: str) -> str:
    if "  " not in text and text.isprintable() and text == text.strip():
        return text  # already one clean line: the usual case, and the hot path of a load
    return _TITLE_SPACES.sub(" ", text).strip()


class _Fields:
    """Typed access to a front-matter mapping that records what it had to ignore."""

    def __init__(self, data: dict[Any, Any], path: str, problems: list[Problem], where: str = ""):
        self.data = data
        self.path = path
        self.problems = problems
        self.where = where

    def warn(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.path, f"{self.where}{key}: {message}", Severity.WARNING))

    def text(self, key: str, default: str = "", limit: int = MAX_TEXT_CHARS) -> str:
        value = self.data.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.warn(key, f"expected text, got {_type_name(value)}; ignored")
            return default
        try:
            text = str(value)
        except ValueError:  # Python refuses to print integers past 4,300 digits
            self.warn(key, "expected text, got a number too long to show; ignored")
            return default
        if len(text) > limit:
            self.warn(key, f"{len(text):,} characters long; cut to {limit:,}")
            text = text[:limit]
        cleaned = clean_text(text)
        if cleaned != text and _UNSAFE_CHARS.search(text):
            replaced = len(_UNSAFE_CHARS.findall(text))
            self.warn(key, f"{replaced} control character(s) replaced")
        return cleaned

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
            self.warn(key, f"expected a number, got {_type_name(value)} {_preview(value)}; ignored")
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
            self.warn(key, f"not a date/time: {_preview(value)}; ignored")
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
        self.warn(
            key, f"expected true/false, got {_type_name(value)}; using {str(default).lower()}"
        )
        return default

    def sequence(self, key: str) -> list[Any]:
        value = self.data.get(key)
        if value is None:
            return []
        if isinstance(value, list):
            return value
        self.warn(key, f"expected a list, got {_type_name(value)}; ignored")
        return []

    def string_list(self, key: str, limit: int = MAX_TOPICS) -> tuple[str, ...]:
        value = self.data.get(key)
        if isinstance(value, str):
            self.warn(key, "expected a list, got a single string; used as one item")
            raw_items: list[Any] = [value]
        else:
            raw_items = self.sequence(key)
        items: list[str] = []
        dropped = cut = unsafe = 0
        for item in raw_items:
            if len(items) == limit:
                self.warn(key, f"{len(raw_items):,} items; only the first {limit} kept")
                break
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                dropped += item is not None
                continue
            try:
                text = str(item)[: MAX_TOPIC_CHARS * 4]
            except ValueError:  # an integer past 4,300 digits
                dropped += 1
                continue
            unsafe += len(_UNSAFE_CHARS.findall(text))
            text = normalise_title(clean_text(text))
            if len(text) > MAX_TOPIC_CHARS:
                cut += 1
                text = text[:MAX_TOPIC_CHARS].rstrip()
            if text and text not in items:
                items.append(text)
        if dropped:
            self.warn(key, f"{dropped} item(s) that are not text ignored")
        if cut:
            self.warn(key, f"{cut} item(s) longer than {MAX_TOPIC_CHARS} characters cut")
        if unsafe:
            self.warn(key, f"{unsafe} control character(s) replaced")
        return tuple(items)

    def provider(self, key: str = "provider") -> Provider | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            self.warn(key, "expected a mapping with name/domain, got a string; used as the name")
            return Provider(normalise_title(clean_text(value[:MAX_TOPIC_CHARS])))
        if not isinstance(value, dict):
            self.warn(key, f"expected a mapping with name/domain, got {_type_name(value)}; ignored")
            return None
        sub = _Fields(value, self.path, self.problems, f"{self.where}{key}.")
        return Provider(
            normalise_title(sub.text("name", limit=MAX_TOPIC_CHARS)),
            normalise_title(sub.text("domain", limit=MAX_TOPIC_CHARS)),
        )

    def url(self, key: str) -> str:
        return self.text(key).strip()


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
    if isinstance(value, bytes):
        return "binary data"
    if isinstance(value, (set, frozenset)):
        return "a set"
    if isinstance(value, tuple):
        return "a pair"
    return type(value).__name__


def _preview(value: Any) -> str:
    text = repr(value[:60]) if isinstance(value, str) else _type_name(value)
    return text if len(text) <= 40 else text[:37] + "..."


# -- YAML -------------------------------------------------------------------


_MERGE_TAG = "tag:yaml.org,2002:merge"


@dataclass
class _NodeReport:
    aliases: int = 0
    recursive: bool = False
    duplicate_keys: list[tuple[str, int]] = field(default_factory=list)


def _inspect_nodes(root: yaml.Node, may_have_aliases: bool = True) -> _NodeReport:
    """A pass over the composed node graph, before any Python objects are built.

    Counts alias uses (an edge to a node already seen), finds recursion (an edge back to
    a node still being walked) and notes duplicate mapping keys. Iterative, so depth
    costs no stack. A document without any '*' can't hold an alias: then only the
    mappings that hold article fields (the top level and the one below) are checked
    for duplicate keys, which keeps the common case cheap.
    """
    report = _NodeReport()
    if not may_have_aliases:
        if isinstance(root, yaml.MappingNode):
            report.duplicate_keys += _duplicate_keys(root)
            for _key, value in root.value:
                if isinstance(value, yaml.MappingNode):
                    report.duplicate_keys += _duplicate_keys(value)
        return report
    walking, done = 1, 2
    state: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            state[id(node)] = done
            continue
        seen = state.get(id(node))
        if seen is not None:
            report.aliases += 1
            report.recursive = report.recursive or seen == walking
            continue
        state[id(node)] = walking
        stack.append((node, True))
        children: list[yaml.Node] = []
        if isinstance(node, yaml.MappingNode):
            report.duplicate_keys += _duplicate_keys(node)
            for key_node, value_node in node.value:
                children += (key_node, value_node)
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        stack.extend((child, False) for child in reversed(children))
    return report


def _duplicate_keys(mapping: yaml.MappingNode) -> list[tuple[str, int]]:
    """(key, line) for each repeated plain key; PyYAML keeps the last value."""
    keys: set[tuple[str, str]] = set()
    repeated: list[tuple[str, int]] = []
    for key_node, _value in mapping.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.tag != _MERGE_TAG:
            key = (key_node.tag, key_node.value)
            if key in keys:
                repeated.append((key_node.value, key_node.start_mark.line + 2))
            keys.add(key)
    return repeated


class _ArticleLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader, made hostile-input aware.

    Refuses alias bombs and recursive documents, reports duplicate keys, and keeps
    scalars that look like a date or a number but aren't valid ones (2021-02-30, a
    5,000-digit integer) as strings, so the field is ignored with a warning instead
    of the whole file failing.
    """

    node_report: _NodeReport | None = None
    may_have_aliases = True

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        self.node_report = report = _inspect_nodes(node, self.may_have_aliases)
        if report.recursive:
            raise _HostileYamlError("a YAML alias refers to itself (recursive structure)")
        if report.aliases > MAX_YAML_ALIASES:
            raise _HostileYamlError(
                f"{report.aliases:,} YAML aliases (at most {MAX_YAML_ALIASES}; "
                "this is how 'billion laughs' documents blow up)"
            )
        return self.construct_document(node)

    def construct_lenient_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return self.construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)

    def construct_lenient_int(self, node: yaml.ScalarNode) -> Any:
        try:
            return self.construct_yaml_int(node)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)


_ArticleLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _ArticleLoader.construct_lenient_timestamp
)
_ArticleLoader.add_constructor("tag:yaml.org,2002:int", _ArticleLoader.construct_lenient_int)


def _load_yaml(yaml_text: str) -> tuple[Any, _NodeReport | None]:
    loader = _ArticleLoader(yaml_text)
    loader.may_have_aliases = "*" in yaml_text  # an alias is always written as *name
    try:
        return loader.get_single_data(), loader.node_report
    finally:
        loader.dispose()


def _yaml_reason(exc: yaml.YAMLError, yaml_text: str) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or getattr(exc, "context", None) or "cannot parse"
    where = f" at line {mark.line + 2}" if mark is not None else ""  # +1 for 0-based, +1 for '---'
    if isinstance(exc, yaml.constructor.ConstructorError):
        tag = _UNKNOWN_TAG.search(str(problem))
        if tag:
            name = tag.group(1).replace("tag:yaml.org,2002:", "!!")
            return f"unsupported YAML tag {name!r}{where}"
    tab_indent = _TAB_INDENT.search(yaml_text)
    if isinstance(exc, yaml.scanner.ScannerError) and tab_indent:
        tab_line = yaml_text.count("\n", 0, tab_indent.start()) + 2
        return f"invalid YAML: a tab is used for indentation at line {tab_line} (use spaces)"
    return f"invalid YAML: {problem}{where}"


# -- parsing ------------------------------------------------------------------


def parse_bytes(content: bytes, path: str, *, summary: bool = False) -> ParseResult:
    """Parse one file's bytes. Never raises; every reason is one terminal-safe line."""
    try:
        result = _parse_bytes(content, path, summary)
    except RecursionError:
        result = ParseResult(None, [Problem(path, "front matter nested too deeply")])
    except MemoryError:
        result = ParseResult(None, [Problem(path, "too big to parse (out of memory)")])
    except Exception as exc:  # a bug here must cost one file, never the whole load
        result = ParseResult(None, [Problem(path, f"cannot be parsed ({type(exc).__name__})")])
    result.problems = [
        Problem(problem.path, one_line(problem.reason), problem.severity)
        for problem in result.problems
    ]
    return result


def _decode(content: bytes) -> str:
    """UTF-8 text, or FrontMatterError with a reason that names the likely encoding."""
    if content.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise FrontMatterError("not UTF-8 text (it is UTF-32; save it as UTF-8)")
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FrontMatterError("not UTF-8 text (it is UTF-16; save it as UTF-8)")
    if b"\x00" in content:
        if _looks_like_utf16(content):
            raise FrontMatterError("not UTF-8 text (looks like UTF-16; save it as UTF-8)")
        raise FrontMatterError("binary file (contains NUL bytes)")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as exc:
        byte = content[exc.start]
        hint = "; maybe Latin-1 or Windows-1252" if byte >= 0x80 else ""
        raise FrontMatterError(
            f"not UTF-8 text (byte 0x{byte:02X} at offset {exc.start:,}{hint})"
        ) from None


def _looks_like_utf16(content: bytes) -> bool:
    # ASCII-heavy UTF-16 has a NUL in every other byte, on one side only.
    sample = content[:4096]
    half = max(len(sample) // 2, 1)
    even_nuls = sample[0::2].count(0) / half
    odd_nuls = sample[1::2].count(0) / half
    return max(even_nuls, odd_nuls) > 0.3 and min(even_nuls, odd_nuls) < 0.05


def _parse_bytes(content: bytes, path: str, summary: bool = False) -> ParseResult:
    problems: list[Problem] = []

    def fail(reason: str) -> ParseResult:
        return ParseResult(None, [Problem(path, reason, Severity.ERROR)])

    if len(content) > MAX_FILE_BYTES:
        return fail(f"too large ({len(content) / 1048576:.1f} MB; articles are at most 4 MB)")
    if not content.strip():
        return fail("empty file")
    try:
        text = _decode(content)
        # One line-break convention from here on: CRLF and old-Mac CR files load too.
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        yaml_text, body = split_front_matter(text)
    except FrontMatterError as exc:
        return fail(str(exc))
    # The regular shape of archive files parses ~5x faster by hand, with results proven
    # identical to libyaml's (tests/unit/test_fastparse.py). What fast_load takes has no
    # control characters, aliases, recursion or duplicate keys: nothing to clean or report.
    data: Any = fast_load(yaml_text)
    report: _NodeReport | None = None
    if data is None:
        yaml_text, replaced = _UNREADABLE_BY_YAML.subn("\ufffd", yaml_text)
        if replaced:
            problems.append(
                Problem(
                    path,
                    f"{replaced} control character(s) or non-characters replaced",
                    Severity.WARNING,
                )
            )
    try:
        if data is None:
            data, report = _load_yaml(yaml_text)
    except _HostileYamlError as exc:
        return fail(f"refused YAML: {exc}")
    except yaml.YAMLError as exc:
        return fail(_yaml_reason(exc, yaml_text))
    except RecursionError:
        return fail("invalid YAML: nested too deeply")
    except Exception as exc:  # libyaml can raise odd things on hostile input
        return fail(f"invalid YAML: {type(exc).__name__}")
    if not isinstance(data, dict):
        kind = _type_name(data) if data is not None else "empty"
        return fail(f"front matter is {kind}, not a mapping")
    for key, line in (report.duplicate_keys if report else [])[:5]:
        problems.append(
            Problem(
                path,
                f"duplicate key {_preview(key)} at line {line}; the last one is used",
                Severity.WARNING,
            )
        )
    detail = _build(data, body, path, content, problems, summary)
    return ParseResult(detail, problems)


def _build(
    data: dict[Any, Any],
    body: str,
    path: str,
    content: bytes,
    problems: list[Problem],
    summary: bool = False,
) -> ArticleDetail | None:
    fields = _Fields(data, path, problems)
    title = normalise_title(fields.text("title", limit=MAX_TITLE_CHARS))
    if not title:
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
    excerpt = fields.text("excerpt").strip()
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
        related_count=related_count,
        excerpt=excerpt,
    )
    return ArticleDetail(
        article=article,
        excerpt=excerpt,
        category=normalise_title(fields.text("category", limit=MAX_TOPIC_CHARS)),
        kind=normalise_title(fields.text("type", limit=MAX_TOPIC_CHARS)),
        urls=urls,
        image_count=len(images),
        related=related,
        body=clean_text(body).strip(),
    )


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
        if type(title) is not str or len(title) > MAX_TITLE_CHARS or not title.isprintable():
            return None
        if not title.strip():
            return None
        for key in ("webUrl", "originalUrl", "excerpt"):
            value = item.get(key)
            if value is not None and not _plain_text(value, MAX_TEXT_CHARS):
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
                if value is not None and not _plain_text(value, MAX_TOPIC_CHARS):
                    return None
        quality = item.get("quality")
        if quality is not None and not (type(quality) is int and abs(quality) <= MAX_ABS_NUMBER):
            return None
        images = item.get("images")
        if images is not None and type(images) is not list:
            return None
    return len(items)


def _plain_text(value: Any, limit: int) -> bool:
    return type(value) is str and len(value) <= limit and value.isprintable()


def _related(fields: _Fields, path: str, problems: list[Problem]) -> list[RelatedStory]:
    stories: list[RelatedStory] = []
    items = fields.sequence("related")
    if len(items) > MAX_RELATED:
        fields.warn("related", f"{len(items):,} stories; only the first {MAX_RELATED} kept")
        items = items[:MAX_RELATED]
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            fields.warn(f"related[{index}]", f"expected a mapping, got {_type_name(item)}; ignored")
            continue
        sub = _Fields(item, path, problems, f"related[{index}].")
        title = normalise_title(sub.text("title", limit=MAX_TITLE_CHARS))
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


def parse_file(path: str, *, summary: bool = False) -> ParseResult:
    """Read and parse one file. Never raises.

    `summary`: the related stories are counted, not built, when that gives the same
    summary and problems (the index keeps summaries; the detail pane re-reads in full).
    """
    try:
        content = _read_article_bytes(path)
    except _UnreadableError as exc:
        return ParseResult(None, [Problem(path, str(exc))])
    return parse_bytes(content, path, summary=summary)


class _UnreadableError(Exception):
    """The file can't be read; the message is the one-line reason."""


def _read_article_bytes(path: str) -> bytes:
    try:
        # O_NONBLOCK: opening a FIFO named *.md must not hang the load waiting for a writer.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise _UnreadableError("file disappeared before it could be read") from None
    except PermissionError:
        raise _UnreadableError("permission denied") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _UnreadableError("symlink loop") from None
        raise _UnreadableError(f"cannot open: {exc.strerror or exc}") from None
    except ValueError:  # a NUL in the path
        raise _UnreadableError("not a valid file name") from None
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise _UnreadableError("is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise _UnreadableError("not a regular file (a pipe, socket or device)")
        if info.st_size > MAX_FILE_BYTES:
            raise _UnreadableError(
                f"too large ({info.st_size / 1048576:.1f} MB; articles are at most 4 MB)"
            )
        # Sized reads straight from the descriptor: a 4 MB buffer per small file is costly.
        # Up to one byte past the limit, so a file that grew after fstat is still too large.
        chunks: list[bytes] = []
        total = 0
        want = info.st_size + 1
        while total <= MAX_FILE_BYTES:
            chunk = os.read(descriptor, want)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            want = 1 << 20  # the file is longer than fstat said: read on in big steps
        return b"".join(chunks) if len(chunks) != 1 else chunks[0]
    except PermissionError:
        raise _UnreadableError("permission denied") from None
    except IsADirectoryError:
        raise _UnreadableError("is a directory, not a file") from None
    except OSError as exc:
        raise _UnreadableError(f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(descriptor)
