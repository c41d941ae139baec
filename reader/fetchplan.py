"""What the reader would fetch for an article, decided without fetching. No Textual.

Small and import-light on purpose: the UI asks these on the UI thread, while the
fetching itself (reader/fulltext.py and below) is imported by the workers only.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from reader.textsafe import visible_name
from reader.urls import is_web_url

MAX_IMAGES_TRIED = 3  # an article's images tried in turn before the thumbnail is given up


def page_url(urls: Sequence[tuple[str, str]]) -> str:
    """What is fetched for an article: `originalUrl`, else `webUrl` (http/https only)."""
    found = dict(urls)
    for key in ("originalUrl", "webUrl"):
        url = found.get(key, "").strip()
        if is_web_url(url):
            return url
    return ""


def image_candidates(image_urls: Sequence[str]) -> list[str]:
    """The pictures tried for the thumbnail, in order: http(s) ones, a few at most."""
    return [url.strip() for url in image_urls if is_web_url(url)][:MAX_IMAGES_TRIED]


def host_of(url: str) -> str:
    """The host, for messages ("harbor.example"); the URL itself if it has none."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        host = None
    return visible_name(host or url, 100)


def size_text(count: int) -> str:
    """Bytes for people: "512 bytes", "34 KB", "5.2 MB"."""
    if count < 1024:
        return f"{count} byte{'s' * (count != 1)}"
    if count < 1024 * 1024:
        return f"{count / 1024:.0f} KB"
    return f"{count / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")
