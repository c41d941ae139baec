"""An article's text out of a fetched web page, as Markdown. No Textual.

trafilatura does the extraction (boilerplate, navigation, ads and comments out; headings,
lists, quotes, emphasis and links kept, relative links made absolute). It is imported on
the first extraction only: it takes about 0.2 s to import.
"""

from __future__ import annotations

import codecs
import contextlib
import re

from reader.fetching import FetchError

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
ACCEPT_HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
MAX_TEXT_CHARS = 300_000  # more than any article; a page that yields more is cut
MIN_WORDS = 20  # fewer is a login form or a cookie wall, not an article
# Control characters, raw or as character references (`&#27;`): lxml gives up on a whole
# page for one of them, and none may reach a terminal. Each becomes U+FFFD.
_CONTROLS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
    r"|&#0*(?:[0-8]|1[124-9]|2[0-9]|3[01]|12[7-9]|1[3-5][0-9]);"
    r"|&#[xX]0*(?:[0-8]|[bBcCeEfF]|1[0-9a-fA-F]|7[fF]|[89][0-9a-fA-F]);"
)
_SNIFF = (b"<!doctype html", b"<html", b"<head", b"<body", b"<article", b"<meta", b"<title")


def html_wanted(media: str, first: bytes) -> str | None:
    """None if the body is a web page (by its type, or by a look at it when the server
    gives no useful type), else what it is instead."""
    if media in HTML_TYPES:
        return None
    if media in ("", "application/octet-stream", "text/plain") and first:
        head = first.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if head.startswith(_SNIFF):
            return None
    return f"not HTML ({media or 'no type given'})"


def extract_markdown(body: bytes, url: str, charset: str | None = None) -> str:
    """The article in the page as Markdown; FetchError if the page holds none."""
    import trafilatura  # about 0.2 s: only when a page is read
    from trafilatura.utils import decode_file

    document = ""
    if charset:
        with contextlib.suppress(LookupError):  # an unknown one: trafilatura guesses below
            document = body.decode(codecs.lookup(charset).name, errors="replace")
    if not document:
        document = decode_file(body)
    document = _CONTROLS.sub("\ufffd", document)
    text = trafilatura.extract(
        document,
        url=url,
        output_format="markdown",
        include_links=True,
        include_formatting=True,
        include_tables=True,
        include_images=False,
        include_comments=False,
        deduplicate=False,
    )
    if not text or len(text.split()) < MIN_WORDS:
        raise FetchError("no article text found on the page", lasting=True)
    if len(text) > MAX_TEXT_CHARS:
        text = text[:MAX_TEXT_CHARS].rsplit("\n", 1)[0] + "\n\n*[The rest of the page is cut.]*"
    return text.strip() + "\n"
