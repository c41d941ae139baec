"""A fast path for article front matter: a parser for the regular shape of the archive's files.

`fast_load(text)` returns exactly what `yaml.load(text, Loader=yaml.CSafeLoader)` returns
(same keys, value types and values), or None whenever the text strays outside the small
subset of YAML it fully understands; the caller then falls back to libyaml. Returning None
is always safe, so every rule below errs towards it.

The subset, which is what the archive's generator writes:

* block mappings of `key: value` / `key:` lines, the keys plain identifiers;
* block sequences of `- scalar` or `- key: value` items (the item's mapping is then at the
  dash's column + 2), nested under a `key:` line and indented more than it;
* scalars on one line: double-quoted (only the `\\"` and `\\\\` escapes), single-quoted
  (`''`), or plain, typed exactly as PyYAML's resolver types them, and only str, simple
  decimal int, true/false, null and the `YYYY-MM-DD[THH:MM:SSZ]` timestamps are built here;
* blank lines, CRLF line ends and a leading BOM.

Anything else (comments, tabs, anchors, aliases, tags, flow collections, block scalars,
multi-line scalars, document markers, duplicate keys, floats, yes/no, octal...) gives None.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from reader.yamlscalars import AFTER_DASH as _AFTER_DASH
from reader.yamlscalars import INDICATORS as _INDICATORS
from reader.yamlscalars import KNOWN_WORDS as _KNOWN_WORDS
from reader.yamlscalars import NOT_JUST_TEXT as _NOT_JUST_TEXT
from reader.yamlscalars import SHORTCUT as _SHORTCUT
from reader.yamlscalars import STR as _STR
from reader.yamlscalars import Unsupported as _Unsupported
from reader.yamlscalars import plain as _plain
from reader.yamlscalars import resolve as _resolve

__all__ = ["clear_caches", "fast_load"]


# A line's structure: indent, the "-" of a "- " sequence entry, a plain identifier key
# followed by ":" and a space or the end of the line, and the rest. Every line matches; a
# line that is neither a key nor an entry has everything in `rest`. Keys are capped well
# below libyaml's 1024-character limit on simple keys.
_LINE = re.compile(r"( *)(?:(-) )?(?:([A-Za-z_][A-Za-z0-9_-]{0,127}):(?: +|$))?(.*)")

# Characters libyaml refuses (control characters) or reads other than as plain text (tab:
# indentation rules, NEL/LS/PS: line breaks, U+FEFF: skipped at the start of a line).
# Checked with translate() on the UTF-8 bytes and `in`, several times faster than a regex
# over the text. A lone surrogate fails to encode: refused too.
_C0_AND_DEL = bytes(range(0x00, 0x0A)) + bytes(range(0x0B, 0x20)) + b"\x7f"
_C1 = re.compile(rb"\xc2[\x80-\x9f]")  # U+0080-U+009F in UTF-8 (NEL is U+0085)
_REFUSED_CHARS = ("\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff")

# Quoted scalars that close on their own line, with nothing but spaces after them.
_DOUBLE_QUOTED = re.compile(r'"([^"\\]*(?:\\["\\][^"\\]*)*)" *')
_DOUBLE_ESCAPE = re.compile(r'\\(["\\])')
_SINGLE_QUOTED = re.compile(r"'([^']*(?:''[^']*)*)' *")

MAX_DEPTH = 32  # nested blocks; the archive uses 5

# Caches, filled as lines are classified: the parsing of a line's start ("  - url",
# "    provider:") and the value of short plain scalars ("article", "true", "1400"), which
# repeat across an archive's files. Bounded, so odd archives can't grow them without end.
_MAX_CACHED = 10_000
# "indent[- ]key" of a "key: value" line -> (column, is an entry, key)
_KEY_HEADS: dict[str, tuple[int, bool, str]] = {}
# a whole line without ": " ("  provider:", "  - AI") -> (column, is an entry, key, rest)
_WHOLE_LINES: dict[str, tuple[int, bool, str, str]] = {}
_PLAIN_VALUES: dict[str, Any] = {}
_MAX_CACHED_PLAIN_CHARS = 64
_MISSING = object()


def clear_caches() -> None:
    """Forget what earlier texts taught the caches. They never change a result, only the
    time it takes; this is for tests and benchmarks."""
    _KEY_HEADS.clear()
    _WHOLE_LINES.clear()
    _PLAIN_VALUES.clear()


def fast_load(yaml_text: str) -> dict[str, Any] | None:
    """The mapping CSafeLoader would build from `yaml_text`, or None to say "use libyaml".

    Never raises: anything unexpected, even a bug here, means None, which is always safe.
    """
    try:
        return _load(yaml_text)
    except Exception:
        return None


def _load(text: str) -> dict[str, Any] | None:
    if "\r" in text:
        # CRLF is one line break to libyaml, and no scalar here spans lines. A lone CR is a
        # line break too: not worth it.
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            return None
    if text.startswith("\ufeff"):  # libyaml drops a BOM at the start of the stream
        text = text[1:]
    if not _plain_text(text):
        return None

    root: dict[str, Any] = {}
    # The open blocks, innermost last: a mapping's column is its keys', a sequence's its
    # dashes'. The innermost one is also in locals (top, block, in_map) for the fast path.
    columns: list[int] = [0]
    blocks: list[Any] = [root]
    top = 0
    block: Any = root
    in_map = True
    # A `key:` with nothing after it: its value is the block on the next, more indented,
    # content line, or null.
    pending_key: str | None = None
    pending_map: dict[str, Any] = root
    pending_column = 0
    key_heads, whole_lines, plain_values = _KEY_HEADS, _WHOLE_LINES, _PLAIN_VALUES

    for line in text.split("\n"):
        # Most lines are "key: value" whose start ("    width") was seen before: a dict
        # lookup instead of a regex.
        head, colon_space, rest = line.partition(": ")
        if colon_space:
            known = key_heads.get(head)
            if known is not None and rest and rest[0] != " ":
                column, dash, key = known
                if column == top and in_map and not dash and pending_key is None:
                    # The commonest line by far: "key: value" in the open mapping.
                    if key in block:
                        return None  # a duplicate key: see below
                    if rest[0] == '"' and rest[-1] == '"' and len(rest) > 1:
                        value = rest[1:-1]  # the commonest value: quoted, no escapes
                        if '"' in value or "\\" in value:
                            value = _scalar(rest)
                    else:
                        value = plain_values.get(rest, _MISSING)
                        if value is _MISSING:
                            value = _scalar(rest)
                    block[key] = value
                    continue
            else:
                parts = _classify(line)
                if parts is None:
                    continue  # blank line
                column, dash, key, rest = parts
        elif line:
            parts = whole_lines.get(line) or _classify(line)
            if parts is None:
                continue  # blank line
            column, dash, key, rest = parts
        else:
            continue  # empty line

        if pending_key is not None:
            if column > pending_column:
                child: Any = [] if dash else {}
                pending_map[pending_key] = child
                columns.append(column)
                blocks.append(child)
                if len(columns) > MAX_DEPTH:
                    return None
            else:
                pending_map[pending_key] = None
            pending_key = None

        if column != columns[-1]:
            # Deeper than the open block: a continuation line (multi-line scalar) or bad
            # indentation. Shallower: it closes blocks, and must land on an open one.
            if column > columns[-1]:
                return None
            while column < columns[-1]:
                columns.pop()
                blocks.pop()
            if column != columns[-1]:
                return None

        block = blocks[-1]
        if type(block) is list:
            if not dash:
                return None
            if not key:
                # `- scalar`. A bare "-" or "-  x" (extra spaces) isn't worth supporting.
                if not rest or rest[0] == " ":
                    return None
                block.append(_scalar(rest))
                top, in_map = column, False
                continue
            # `- key: ...` opens a mapping whose keys sit two columns right of the dash.
            item: dict[str, Any] = {}
            block.append(item)
            column += 2
            columns.append(column)
            blocks.append(item)
            if len(columns) > MAX_DEPTH:
                return None
            block = item
        elif dash or not key:
            # An entry where a key belongs (including YAML's "indentless" sequences, which
            # the archive doesn't use), or a line that is neither.
            return None
        top, in_map = column, True

        if key in block:
            # PyYAML keeps the last value; libyaml's caller also warns about it. Let it.
            return None
        if not rest:
            pending_key, pending_map, pending_column = key, block, column
        elif rest[0] == '"' and rest[-1] == '"' and len(rest) > 1:
            value = rest[1:-1]
            block[key] = value if '"' not in value and "\\" not in value else _scalar(rest)
        else:
            value = plain_values.get(rest, _MISSING)
            block[key] = _scalar(rest) if value is _MISSING else value

    if pending_key is not None:
        pending_map[pending_key] = None
    # An empty document loads as None, not a mapping: leave that to libyaml.
    return root or None


def _plain_text(text: str) -> bool:
    """True if every character is one libyaml reads as ordinary text (or a line feed)."""
    if text.isascii():
        data = text.encode("ascii")
    else:
        data = text.encode("utf-8")  # UnicodeEncodeError on a lone surrogate: no
        if b"\xc2" in data and _C1.search(data):
            return False
        for char in _REFUSED_CHARS:  # one-character `in` on str is nearly free
            if char in text:
                return False
    return len(data.translate(None, _C0_AND_DEL)) == len(data)


def _classify(line: str) -> tuple[int, bool, str, str] | None:
    """(column, is an entry, key or "", rest) of a non-empty line; None if it is blank.

    Raises _Unsupported for a key that doesn't resolve to str. Remembers the starts of
    "key: value" lines, and whole lines without ": " ("  provider:", "  - AI"), for _load.
    """
    match = _LINE.fullmatch(line)
    if match is None:  # can't happen: every line matches; refuse rather than guess
        raise _Unsupported(line)
    indent, dash, key, rest = match.groups()
    if not (rest or key or dash):
        return None
    if key and _resolve(key) != _STR:  # "null:" or "true:" would be a None or bool key
        raise _Unsupported(key)
    parts = (len(indent), bool(dash), key or "", rest)
    if ": " not in line:
        if len(_WHOLE_LINES) < _MAX_CACHED:
            _WHOLE_LINES[line] = parts
    elif key and rest:
        head = f"{indent}- {key}" if dash else indent + key
        if line == f"{head}: {rest}" and len(_KEY_HEADS) < _MAX_CACHED:
            _KEY_HEADS[head] = parts[:3]
    return parts


def _scalar(text: str) -> Any:
    """The value of a one-line scalar: the non-empty rest of a line after `key: ` or `- `."""
    first = text[0]
    if first == '"':
        if text[-1] != '"':
            text = text.rstrip(" ")
        body = text[1:-1]
        if len(text) > 1 and text[-1] == '"' and '"' not in body and "\\" not in body:
            return body
        match = _DOUBLE_QUOTED.fullmatch(text)
        if match is None:  # other escapes, text after the quote, or closes on a later line
            raise _Unsupported(text)
        return _DOUBLE_ESCAPE.sub(r"\1", match[1])
    if first == "'":
        match = _SINGLE_QUOTED.fullmatch(text)
        if match is None:
            raise _Unsupported(text)
        return match[1].replace("''", "'")
    # In a block context a plain scalar ends at ": " or ":" at the end of the line (here
    # that would be an error or a key) and at " #" (a comment). Trailing spaces are not
    # part of it.
    if " #" in text or ": " in text:
        raise _Unsupported(text)
    value: Any = text.rstrip(" ") if text[-1] == " " else text
    if value[-1] == ":":
        raise _Unsupported(text)
    if first in _NOT_JUST_TEXT:
        # Shortcuts first for the archive's commonest: true/false/null, and plain numbers.
        word = _KNOWN_WORDS.get(value, _MISSING)
        digits = value[1:] if first == "-" else value
        if word is not _MISSING:
            value = word
        elif (
            _SHORTCUT
            and digits.isdigit()
            and digits.isascii()  # not "١٢" or "²": isdigit() says yes to those
            and (digits[0] != "0" or len(digits) == 1)
            and len(digits) <= 18
        ):
            value = int(value)
        else:
            if first in _INDICATORS and (first != "-" or value[1:2] not in _AFTER_DASH):
                raise _Unsupported(text)
            value = _plain(value)
            if isinstance(value, date):
                return value  # each article's own: caching it would only fill the cache
    if len(text) <= _MAX_CACHED_PLAIN_CHARS and len(_PLAIN_VALUES) < _MAX_CACHED:
        _PLAIN_VALUES[text] = value  # str, int, bool or None: immutable, safe to share
    return value
