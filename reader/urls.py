"""URL checks shared by the UI and the CLI."""

from __future__ import annotations

import os
from urllib.parse import quote, urlsplit


def is_web_url(url: str) -> bool:
    """Only http(s) URLs with a host are ever handed to a browser."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


# Printable ASCII a URL may keep as is; everything else (controls, spaces, non-ASCII) is
# percent-encoded, so a link target can't end the terminal's OSC 8 sequence early.
_LINK_SAFE = "!#$%&'()*+,-./:;=?@[]_~"


def hyperlink_target(url: str) -> str | None:
    """What a terminal hyperlink may point at: http(s) only, escaped; None for others."""
    if not is_web_url(url):
        return None
    return quote(url.strip(), safe=_LINK_SAFE)


def file_link(path: str) -> str:
    """A file:// URL for a path as the OS names it (bytes that are not UTF-8 included)."""
    return "file://" + quote(os.fsencode(os.path.abspath(path)), safe="/-._~")
