"""Split and parse one article file into an ArticleDetail, or say why not.

Nothing in here raises on bad input: every failure becomes a Problem naming the
file and the reason in one line. ERROR problems mean the file was skipped,
WARNING problems mean it loaded with a field ignored or coerced. Every text field
is exactly as the file has it; see reader.fields.

The work is shared out: reader.filereading reads and decodes the bytes,
reader.fastparse or reader.yamlload loads the YAML, reader.fields builds the article.
"""

from __future__ import annotations

import re
from typing import Any

from reader.fastparse import fast_load
from reader.fields import build_detail, preview, type_name
from reader.filereading import (
    MAX_FILE_BYTES,
    NotTextError,
    UnreadableError,
    decode_utf8,
    read_article_bytes,
    too_large_reason,
)
from reader.identity import article_id_for as article_id_for  # re-export, for reader.cli
from reader.model import ParseResult, Problem, Severity
from reader.textsafe import one_line as one_line  # also re-exported, for reader.cli
from reader.yamlload import NodeReport, YamlLoadError, load_yaml

# The line that ends the front matter: '---' or '...', maybe with trailing blanks.
_CLOSING_LINE = re.compile(r"(?:---|\.\.\.)[ \t\r]*(?=\n|$)")
_LINE_BREAK = re.compile("\r\n?|\n")  # what YAML counts as one (NEL, LS, PS aside)


class FrontMatterError(ValueError):
    """The file has no usable front matter; the message is the one-line reason."""


def split_front_matter(text: str) -> tuple[str, str]:
    """Return (yaml_text, body), both exactly as in `text`. It must open with a `---` line.

    A line ends at LF, CRLF or a lone CR (old Mac files), as in YAML.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        return _split_any_line_breaks(text)
    first_end = text.find("\n")
    first = text if first_end < 0 else text[:first_end]
    if first.rstrip(" \t") != "---":
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


def _split_any_line_breaks(text: str) -> tuple[str, str]:
    """split_front_matter for text with CR or CRLF line ends (rare: the slow way)."""
    breaks = _LINE_BREAK.finditer(text)
    first = next(breaks, None)
    if text[: first.start() if first else len(text)].rstrip(" \t") != "---":
        raise FrontMatterError("no front matter (the file must start with a '---' line)")
    if first is None:
        raise FrontMatterError("front matter is not closed (no second '---' line)")
    line_start = first.end()
    while True:
        line_break = next(breaks, None)
        line_end = line_break.start() if line_break else len(text)
        if text[line_start:line_end].rstrip(" \t") in ("---", "..."):
            body = text[line_break.end() :] if line_break else ""
            return text[first.end() : line_start], body
        if line_break is None:
            raise FrontMatterError("front matter is not closed (no second '---' line)")
        line_start = line_break.end()


def parse_file(path: str, *, summary: bool = False) -> ParseResult:
    """Read and parse one file. Never raises.

    `summary`: the related stories are counted, not built, when that gives the same
    summary and problems (the index keeps summaries; the detail pane re-reads in full).
    """
    try:
        content = read_article_bytes(path)
    except UnreadableError as exc:
        return ParseResult(None, [Problem(path, str(exc))])
    return parse_bytes(content, path, summary=summary)


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


def _parse_bytes(content: bytes, path: str, summary: bool = False) -> ParseResult:
    problems: list[Problem] = []

    def fail(reason: str) -> ParseResult:
        return ParseResult(None, [Problem(path, reason, Severity.ERROR)])

    if len(content) > MAX_FILE_BYTES:
        return fail(too_large_reason(len(content)))
    if not content.strip():
        return fail("empty file")
    try:
        yaml_text, body = split_front_matter(decode_utf8(content))
    except (NotTextError, FrontMatterError) as exc:
        return fail(str(exc))
    # The regular shape of archive files parses ~5x faster by hand, with results proven
    # identical to libyaml's (tests/unit/test_fastparse.py). What fast_load takes has no
    # control characters, aliases, recursion or duplicate keys: nothing to report.
    data: Any = fast_load(yaml_text)
    report: NodeReport | None = None
    if data is None:
        try:
            data, report = load_yaml(yaml_text)
        except YamlLoadError as exc:
            return fail(str(exc))
    if not isinstance(data, dict):
        kind = type_name(data) if data is not None else "empty"
        return fail(f"front matter is {kind}, not a mapping")
    for key, line in (report.duplicate_keys if report else [])[:5]:
        problems.append(
            Problem(
                path,
                f"duplicate key {preview(key)} at line {line}; the last one is used",
                Severity.WARNING,
            )
        )
    detail = build_detail(data, body, path, content, problems, summary)
    return ParseResult(detail, problems)
