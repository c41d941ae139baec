"""Pictures in the pane: fetched with the full text, cached, half blocks here, never a
crash; opening an article fetches one only with fetch_on_open."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PIL import Image
from textual.widgets import Static

from reader.app import ReaderApp
from reader.widgets.detail_pane import DetailPane
from reader.widgets.thumbnail import DRAW_FAILED, image_class, renderer_name
from tests.app.helpers import loaded, until
from tests.fulltext.conftest import story
from tests.webserver import NewsServer


def pictures(app: ReaderApp) -> list[Any]:
    return list(app.query_one(DetailPane).query(".thumbnail-image"))


def note(app: ReaderApp) -> str:
    label = app.query_one(DetailPane).query_one(".thumbnail-note", Static)
    return str(label.render()) if label.display and label.parent.display else ""  # type: ignore[union-attr]


def folder_with(tmp_path: Path, server: NewsServer, images: list[str], **fields: Any) -> Path:
    folder = tmp_path / "news"
    story(
        folder,
        "pictured",
        server.url("/news/harbor-ferries.html"),
        title="A story with a picture",
        heat=90,
        images=[{"url": server.url(path), "width": 480, "height": 320} for path in images],
        **fields,
    )
    story(folder, "plain", server.url("/news/chip-fab.html"), title="A plain story", heat=10)
    return folder


async def test_f_fetches_the_picture_and_draws_half_blocks(
    make_app, news_server: NewsServer, tmp_path: Path
) -> None:
    app = make_app(folder_with(tmp_path, news_server, ["/img/photo.jpg"]))
    async with app.run_test(size=(120, 60)) as pilot:
        await loaded(pilot)
        await pilot.press("enter")  # opening is not asking: nothing fetched
        await pilot.pause(0.3)
        assert news_server.total() == 0
        await pilot.press("f")
        assert await until(pilot, lambda: bool(pictures(app)))
        shown = pictures(app)[0]
        assert renderer_name() == "half blocks"  # no terminal to ask here
        await pilot.pause()
        assert shown.region.height == 12 and shown.region.width > 0
        assert not getattr(shown, "failed", False)
        lines = shown.render_lines(shown.region.reset_offset)
        assert "▀" in "".join(strip.text for strip in lines)
        assert news_server.count("/img/photo.jpg") == 1
        await pilot.press("j")  # another article: the picture goes
        assert await until(pilot, lambda: not pictures(app))
        await pilot.press("k")  # back, merely on show: from the cache, no new request
        assert await until(pilot, lambda: bool(pictures(app)))
    assert news_server.count("/img/photo.jpg") == 1
    again = make_app(tmp_path / "news")  # a new run: the cache alone has it
    async with again.run_test(size=(120, 60)) as pilot:
        await loaded(pilot)
        assert await until(pilot, lambda: bool(pictures(again)))
    assert news_server.count("/img/photo.jpg") == 1


async def test_broken_and_huge_pictures_are_skipped_with_a_note(
    make_app, news_server: NewsServer, tmp_path: Path
) -> None:
    folder = folder_with(
        tmp_path, news_server, ["/img/broken.jpg", "/img/huge.png", "/img/bomb.png"]
    )
    app = make_app(folder)
    async with app.run_test(size=(120, 60)) as pilot:
        await loaded(pilot)
        await pilot.press("f")
        assert await until(pilot, lambda: bool(note(app)))
        assert note(app).startswith("Picture skipped: broken image data")
        assert "too many pixels (6,000×4,000; the limit is 20 megapixels)" in note(app)
        assert "too many pixels (a decompression bomb?)" in note(app)
        assert pictures(app) == []
        assert "A story with a picture" in str(app.query_one("#detail-body", Static).render())


async def test_a_good_picture_after_a_broken_one_is_shown_with_the_note(
    make_app, news_server: NewsServer, tmp_path: Path
) -> None:
    app = make_app(folder_with(tmp_path, news_server, ["/img/garbage.png", "/img/photo.jpg"]))
    async with app.run_test(size=(120, 60)) as pilot:
        await loaded(pilot)
        await pilot.press("f")
        assert await until(pilot, lambda: bool(pictures(app)))
        assert note(app).startswith("Picture skipped: broken image data")


async def test_the_providers_picture_stands_in(
    make_app, news_server: NewsServer, tmp_path: Path
) -> None:
    provider = {"name": "Test Wire", "images": [{"url": news_server.url("/img/logo.png")}]}
    app = make_app(folder_with(tmp_path, news_server, [], provider=provider))
    async with app.run_test(size=(120, 60)) as pilot:
        await loaded(pilot)
        await pilot.press("f")
        assert await until(pilot, lambda: bool(pictures(app)))
    assert news_server.count("/img/logo.png") == 1


async def test_images_off_fetches_none(make_app, news_server: NewsServer, tmp_path: Path) -> None:
    app = make_app(folder_with(tmp_path, news_server, ["/img/photo.jpg"]), images="off")
    async with app.run_test(size=(120, 60)) as pilot:
        await loaded(pilot)
        await pilot.press("enter", "f")
        assert await until(
            pilot, lambda: "Full text" in str(app.query_one("#detail-fetch", Static).render())
        )
        assert pictures(app) == [] and note(app) == ""
    assert news_server.count("/img/photo.jpg") == 0


async def test_fetch_on_open_fetches_the_picture_too(
    make_app, news_server: NewsServer, tmp_path: Path
) -> None:
    app = make_app(folder_with(tmp_path, news_server, ["/img/photo.jpg"]), fetch_on_open=True)
    async with app.run_test(size=(120, 60)) as pilot:
        await loaded(pilot)
        await pilot.press("j", "k")  # moving fetches nothing
        await pilot.pause(0.3)
        assert news_server.total() == 0
        await pilot.press("enter")
        assert await until(pilot, lambda: bool(pictures(app)))
    assert news_server.count("/img/photo.jpg") == 1


async def test_a_picture_that_fails_to_draw_becomes_a_note(
    make_app, news_server: NewsServer, tmp_path: Path
) -> None:
    # What lnqs/textual-image#122 is about: a picture that only fails when it is drawn.
    good = io.BytesIO()
    Image.effect_noise((200, 100), 80).convert("RGB").save(good, "JPEG")
    data = good.getvalue()
    lazy = Image.open(io.BytesIO(data[: len(data) // 2]))  # decoded on first use: broken
    app = make_app(folder_with(tmp_path, news_server, []))
    async with app.run_test(size=(120, 60)) as pilot:
        await loaded(pilot)
        pane = app.query_one(DetailPane)
        pane.thumbnail.show_image(lazy, "https://example.invalid/p.jpg")
        await pilot.pause(0.2)
        widget = pictures(app)[0]
        assert isinstance(widget, image_class())
        assert widget.failed
        assert str(widget.render()) == DRAW_FAILED
        await pilot.press("j")  # the app carries on
        assert await until(
            pilot, lambda: "A plain story" in str(app.query_one("#detail-body", Static).render())
        )
