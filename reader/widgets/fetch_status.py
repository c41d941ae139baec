"""The line above an article's full text: the key to press, progress, the outcome.

Content built from plain text (hosts and reasons come from the web), never markup.
"""

from __future__ import annotations

from datetime import datetime, timezone

from textual.content import Content

from reader.fetchplan import size_text
from reader.formatting import age, count
from reader.textsafe import one_line


def hint(host: str, key: str) -> Content:
    if not key:
        return Content.styled(f"Full text: {host}", "$text-muted")
    return Content.styled(f"Press {key} for the full text ({host})", "$text-muted")


def fetching(host: str, received: int, total: int | None) -> Content:
    done = f" {size_text(received)}" if received else ""
    if received and total:
        done += f" of {size_text(total)}"
    return Content.styled(f"Fetching the full text from {host}…{done}", "$text-accent")


def failed(host: str, why: str, key: str) -> Content:
    again = f" ({key} tries again)" if key else ""
    return Content.assemble(
        ("No full text: ", "bold $text-warning"),
        (one_line(why, 300), "$text-warning"),
        (f" · {host}{again}", "$text-muted"),
    )


def shown(host: str, words: int, fetched_at: float, from_cache: bool) -> Content:
    """ "Full text · host · 812 words · fetched 3m ago" ("cached 2d ago" from the cache)."""
    now = datetime.now(timezone.utc)
    fetched = datetime.fromtimestamp(fetched_at, timezone.utc)
    ago = age(fetched, now)  # "3m", "2d", or a date
    if (now - fetched).total_seconds() < 60:
        when = "just now"
    else:
        when = f"{ago} ago" if ago[:-1].isdigit() else f"on {ago}"
    return Content.assemble(
        ("Full text", "bold $text-accent"),
        (f" · {host} · {count(words, 'word')}", "$text-muted"),
        (f" · {'cached' if from_cache else 'fetched'} {when}", "$text-muted"),
    )
