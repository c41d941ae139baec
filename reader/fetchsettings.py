"""The settings for full text, images and the web cache (read by reader/config.py).

Kept apart from config.py so each setting's rule is in one place: what it accepts, what
`reader config show` writes for it, and the commented example.
"""

from __future__ import annotations

from typing import Any

IMAGE_MODES = ("auto", "off")
CACHE_MB_LIMITS = (1, 1_000_000)
TIMEOUT_LIMITS = (0.1, 120.0)

EXAMPLE = """\
# Fetch an article's full text (and picture) when you open it (enter), as `f` does.
# Otherwise nothing is fetched from the web until you press `f`.
# fetch_on_open = false

# The article's picture in the pane: "auto" (fetched with the full text; Kitty's or
# Sixel graphics where the terminal has them, else coloured half blocks) or "off" (never
# fetched, never shown).
# images = "auto"

# The cache of fetched pages and pictures, in MB; the ones used longest ago go first.
# cache_max_mb = 500

# Seconds a fetch may take in all (connecting, redirects, the page itself).
# fetch_timeout = 10
"""


def read(key: str, value: Any) -> tuple[Any, str]:
    """(the setting's value, "") or (None, what it should have been)."""
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if key == "fetch_on_open":
        return (value, "") if isinstance(value, bool) else (None, "true or false")
    if key == "images":
        if isinstance(value, bool):  # images = false / true: what was meant is plain
            return ("auto" if value else "off"), ""
        if isinstance(value, str) and value.strip().lower() in IMAGE_MODES:
            return value.strip().lower(), ""
        return None, '"auto" or "off"'
    if key == "cache_max_mb":
        low, high = CACHE_MB_LIMITS
        if number and float(value).is_integer() and low <= value <= high:
            return int(value), ""
        return None, f"a whole number of megabytes from {low} to {high:,}"
    if key == "fetch_timeout":
        low_s, high_s = TIMEOUT_LIMITS
        if number and low_s <= value <= high_s:
            return float(value), ""
        return None, f"a number of seconds from {low_s:g} to {high_s:g}"
    raise KeyError(key)


SETTINGS = ("fetch_on_open", "images", "cache_max_mb", "fetch_timeout")


def as_toml(fetch_on_open: bool, images: str, cache_max_mb: int, fetch_timeout: float) -> list[str]:
    return [
        f"fetch_on_open = {'true' if fetch_on_open else 'false'}",
        f'images = "{images}"',
        f"cache_max_mb = {cache_max_mb}",
        f"fetch_timeout = {fetch_timeout:g}",
    ]
