"""Human-facing text for values (ages, dates, counts). Pure functions."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


def age(published_at: datetime | None, now: datetime) -> str:
    """Compact age for list rows (at most 10 cells): 45m, 3h, 2d, Mar 05, 2025-05-05."""
    if published_at is None:
        return "—"
    seconds = (now - published_at).total_seconds()
    if seconds < -3600:  # from the future: say when, not a negative age
        return published_at.astimezone().strftime("%b %d")
    if seconds < 3600:
        return f"{max(0, int(seconds // 60))}m"
    if seconds < 24 * 3600:  # then days: "29h" reads worse than "1d"
        return f"{int(seconds // 3600)}h"
    if seconds < 30 * 86400:
        return f"{int(seconds // 86400)}d"
    local = published_at.astimezone()
    if local.year == now.astimezone().year:
        return local.strftime("%b %d")
    return local.strftime("%Y-%m-%d")


def local_time(value: datetime | None) -> str:
    if value is None:
        return "unknown"
    return value.astimezone().strftime("%Y-%m-%d %H:%M %Z").strip()


def count(n: int, noun: str, plural: str = "") -> str:
    """`1 article`, `2,500 articles`: the one place a count meets its noun."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def number(value: int | None) -> str:
    return "—" if value is None else str(value)


class _Heated(Protocol):
    @property
    def heat(self) -> int | None: ...
    @property
    def estimated_heat(self) -> int | None: ...


class _Estimated(_Heated, Protocol):
    @property
    def quality(self) -> int | None: ...
    @property
    def related_count(self) -> int: ...
    @property
    def story_size(self) -> int: ...


def estimate_reason(article: _Estimated) -> str:
    """How an estimated heat was reached: `estimated: quality 59 + 10 × 3 related`."""
    quality = f"quality {article.quality}" if article.quality is not None else "no quality"
    if article.related_count > 0:
        coverage = f"{article.related_count} related"
    elif article.story_size > 1:
        coverage = f"{article.story_size - 1} more in its story"
    else:
        return f"estimated: {quality}, no other coverage"
    return f"estimated: {quality} + 10 × {coverage}"


def heat_text(article: _Heated) -> str:
    """The heat as shown: the file's, else the estimate marked `~` (~30), else —."""
    if article.heat is not None:
        return str(article.heat)
    if article.estimated_heat is not None:
        return f"~{article.estimated_heat}"
    return "—"


def compact(n: int) -> str:
    """A count in at most four cells: 999, 2.5k, 25k, 250k, 2.5M (the sidebar's)."""
    if n < 1000:
        return str(n)
    for size, suffix in ((1_000, "k"), (1_000_000, "M"), (1_000_000_000, "G")):
        value = n / size
        if value < 9.95:
            return f"{value:.1f}".rstrip("0").rstrip(".") + suffix
        if round(value) < 1000:
            return f"{round(value)}{suffix}"
    return f"{n // 1_000_000_000}G"


def hidden_kinds(hidden: int, deleted: int) -> str:
    """`4 unpublished`, `2 deleted`, `4 unpublished, 2 deleted`: what `a` shows or hides."""
    unpublished = hidden - deleted
    parts = [f"{unpublished:,} unpublished"] if unpublished else []
    if deleted:
        parts.append(f"{deleted:,} deleted")
    return ", ".join(parts)
