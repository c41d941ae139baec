"""An article's identity: its canonical URL, and the id derived from it.

Kept apart from the parser (no YAML here), so the state store and the CLI can turn
a URL into an id without loading it.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit, urlunsplit


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
