"""The one place where data becomes display text. Pure: no Textual, no Rich markup.

The model keeps every value exactly as the file has it; only what is drawn on a
terminal passes through here. Whatever comes out is still *data*: the UI hands it to
Textual as `Content`/`Text` (never as markup), so `[/]` or `[bold]` shows literally.
"""

from __future__ import annotations

import re

MAX_REASON_CHARS = 300

# C0 controls except tab and newline, DEL, C1 controls, and lone surrogates: any of these
# could move the cursor, recolour or retitle the terminal, or fail to encode on output.
_UNSAFE_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_LINE_SEPARATORS = re.compile("\r\n?|[\u2028\u2029]")
_LINE_BREAKS = re.compile("[\n\t]")


def clean_text(text: str) -> str:
    """Text that is safe to put on a terminal: control characters become U+FFFD.

    Keeps tab and newline; turns CR/CRLF and Unicode line separators into newlines.
    """
    if text.isprintable():  # the common case: no control character at all
        return text
    if "\r" in text or "\u2028" in text or "\u2029" in text:
        text = _LINE_SEPARATORS.sub("\n", text)
    return _UNSAFE_CHARS.sub("\ufffd", text)


def one_line(text: str, limit: int = MAX_REASON_CHARS) -> str:
    """Terminal-safe, single-line text, cut to `limit` characters (reasons, paths, titles)."""
    flat = clean_text(text)
    if "\n" in flat or "\t" in flat:
        flat = _LINE_BREAKS.sub(" ", flat)
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# In a URL or a file name nothing invisible is innocent: bidi controls can make one read
# backwards (a "gpj.exe" trick), zero-width characters hide a difference, a newline
# makes one look like two. All of them are shown as escapes there.
_HIDDEN_IN_NAMES = re.compile(
    "[\x00-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2069\u2028\u2029\ufeff]"
)
_NAMED_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def visible_name(text: str, limit: int = 4096) -> str:
    """A URL or file name for the terminal: one line, every invisible or direction-changing
    character shown as an escape (\\n, \\u202e), cut to `limit` characters."""
    if not _HIDDEN_IN_NAMES.search(text):
        flat = text
    else:
        flat = _HIDDEN_IN_NAMES.sub(
            lambda m: _NAMED_ESCAPES.get(m.group()) or _escape(m.group()), text
        )
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _escape(character: str) -> str:
    code = ord(character)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a name that isn't UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def shorten(text: str, limit: int) -> str:
    """Cut multi-line display text (already cleaned) to `limit` characters, saying so."""
    if len(text) <= limit:
        return text
    return text[:limit].rstrip() + "…"


# What JSON leaves raw but a terminal must not get: DEL and C1 controls (CSI is 0x9b) and
# lone surrogates (they can't be encoded). Only ever inside strings in JSON text.
_RAW_IN_JSON = re.compile("[\x7f-\x9f\ud800-\udfff]")


def terminal_json(value: object, *, ascii_only: bool = False) -> str:
    """JSON that decodes to exactly `value` and is safe to print on a terminal;
    `ascii_only` for an output that isn't UTF-8 (every other character escaped)."""
    import json

    text = json.dumps(value, ensure_ascii=ascii_only, indent=2)
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
