"""An article with nothing to add (no body, nothing cached) costs the pane nothing new:
no worker, no update of the parts that stay hidden (issue 12's frame budget)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reader.widgets.article_text import ArticleText, WrappedBlocks
from reader.widgets.thumbnail import Thumbnail
from tests.app.helpers import loaded, until
from tests.factories import write_ranked


async def test_moving_over_plain_articles_touches_no_new_part(
    make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_ranked(tmp_path / "news", 8)  # like the archive: no bodies, no cache
    calls: list[str] = []

    def counted(name: str, original: Any, into: list[str] = calls) -> Any:
        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            into.append(name)
            return original(self, *args, **kwargs)

        return wrapper

    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        monkeypatch.setattr(ArticleText, "render_line", counted("text", ArticleText.render_line))
        monkeypatch.setattr(WrappedBlocks, "lines", counted("wrap", WrappedBlocks.lines))
        monkeypatch.setattr(Thumbnail, "mount", counted("picture", Thumbnail.mount))
        monkeypatch.setattr(Thumbnail, "clear", counted("clear", Thumbnail.clear))
        started: list[str] = []
        for name in ("_read_text", "_early_text", "_picture_worker", "_fetch_worker"):
            monkeypatch.setattr(type(app), name, counted(name, getattr(type(app), name), started))

        for _ in range(6):
            await pilot.press("j")
            await loaded(pilot)
        assert await until(
            pilot, lambda: "Story number 6" in str(app.query_one("#detail-body").render())
        )
        assert started == []
        assert set(calls) <= {"clear"}  # clear() returns at once when hidden
        fetch_line = app.query_one("#detail-fetch")
        assert fetch_line.display  # the one line every article with a web address has
