"""URL checks shared by the UI and the CLI."""

from __future__ import annotations

from urllib.parse import urlsplit


def is_web_url(url: str) -> bool:
    """Only http(s) URLs with a host are ever handed to a browser."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
