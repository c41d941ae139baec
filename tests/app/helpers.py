"""What the app tests share: waiting for the app, and recording its notices."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot


async def loaded(pilot: Pilot[Any]) -> None:
    """Wait for the workers, and for those their results start (excerpts, an article)."""
    app = pilot.app
    for _ in range(50):
        await pilot.pause()
        running = [worker for worker in app.workers if not worker.is_finished]
        if not running:
            break
        # An exclusive worker is cancelled when a newer one starts: that is not an error.
        await asyncio.gather(*(worker.wait() for worker in running), return_exceptions=True)


async def until(pilot: Pilot[Any], condition: Callable[[], bool], tries: int = 200) -> bool:
    """Let the app run until `condition()` holds (bounded: about 10 s at most)."""
    for _ in range(tries):
        if condition():
            return True
        await pilot.pause(0.05)
    return condition()


def record_notices(app: App[Any], monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every notification the app raises (kept here: toasts expire on their own)."""
    seen: list[dict[str, Any]] = []
    original = app.notify

    def notify(message: str, **kwargs: Any) -> None:
        seen.append({"message": message, **kwargs})
        original(message, **kwargs)

    monkeypatch.setattr(app, "notify", notify)
    return seen


def detail_text(app: App[Any]) -> str:
    """The article pane's text as drawn: the article, then its links and file."""
    from textual.widgets import Static

    parts = (app.query_one(f"#detail-{part}", Static).render() for part in ("body", "links"))
    return "".join(str(part) for part in parts)
