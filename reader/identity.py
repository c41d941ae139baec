"""An article's identity: its canonical URL, and the id derived from it.

Kept apart from the parser (no YAML here), so the state store and the CLI can turn
a URL into an id without loading it.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit, urlunsplit

# Already canonical as written (lower-case http(s) scheme and host, no port, a path, no
# fragment, no empty query, nothing urlsplit would drop): most URLs; urlsplit is slower.
_CANONICAL = re.compile(r"https?://[a-z0-9.-]+/[^#\s\x00-\x1f\x7f]*(?<!\?)\Z", re.ASCII)


def canonical_url(url: str) -> str:
    """Normalise a URL for identity: case-insensitive scheme/host, no fragment."""
    url = url.strip()
    if _CANONICAL.match(url):
        return url
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
