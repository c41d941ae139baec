"""The app with a real local server: f, the cache, offline, failures, links, stale results."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from reader.app import ReaderApp
from reader.widgets.article_text import ArticleText
from reader.widgets.detail_pane import DetailPane
from tests.app.helpers import loaded, record_notices, until
from tests.fulltext.conftest import Opened, story, with_body
from tests.webserver import NewsServer

HARBOR = "Two driverless ferries began carrying passengers"


def pane_text(app: ReaderApp) -> str:
    """Everything the article pane shows, in order, as plain text."""
    pane = app.query_one(DetailPane)
    parts: list[str] = []
    for widget in pane.query("*"):
        if not widget.display or not widget.parent or not widget.parent.display:
            continue
        if isinstance(widget, ArticleText):
            parts.append(widget.plain)
        elif (
            widget.id in ("detail-body", "detail-fetch", "detail-textlinks", "detail-links")
            or "thumbnail-note" in widget.classes
        ):
            parts.append(str(widget.render()))
    return "\n".join(parts)


def status(app: ReaderApp) -> str:
    line = app.query_one("#detail-fetch", Static)
    return str(line.render()) if line.display else ""


async def settle(pilot: Any) -> None:
    await loaded(pilot)
    await pilot.pause()


def harbor_folder(tmp_path: Path, server: NewsServer, **fields: Any) -> Path:
    folder = tmp_path / "news"
    story(
        folder,
        "harbor",
        server.url("/news/harbor-ferries.html"),
        title="Harbor City trials autonomous ferries [/]",
        excerpt="The city's excerpt of the ferry story.",
        heat=90,
        **fields,
    )
    story(folder, "chip", server.url("/news/chip-fab.html"), title="Seoul fab [bold]", heat=80)
    return folder


async def test_f_fetches_the_full_text_into_the_pane(
    make_app, news_server: NewsServer, tmp_path: Path
) -> None:
    app = make_app(harbor_folder(tmp_path, news_server))
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        assert status(app).startswith("Press f for the full text (127.0.0.1)")
        assert "The city's excerpt" in pane_text(app)
        assert news_server.total() == 0  # nothing is fetched before it is asked for
        await pilot.press("f")
        assert await until(pilot, lambda: HARBOR in pane_text(app))
        text = pane_text(app)
        assert "How the boats find their way" in text  # a heading
        assert "• Passengers per trip: up to 80" in text  # a list
        assert "The city's excerpt" not in text  # the full text takes the excerpt's place
        assert "Refinance today" not in text and "First! Can't wait" not in text
        assert "Brightwater Marine[1]" in text and "weekly safety reports[2]" in text
        assert "[1] https://shipyard.example/boats" in text
        assert "[bold]not bold[/]" in text and "\x1b" not in text and "\ufffd[2J" in text
        assert status(app).startswith("Full text · 127.0.0.1 · ")
        assert news_server.count("/news/harbor-ferries.html") == 1


async def test_reopening_shows_the_cached_text_without_a_request(
    make_app, news_server: NewsServer, tmp_path: Path
) -> None:
    folder = harbor_folder(tmp_path, news_server)
    app = make_app(folder)
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        assert await until(pilot, lambda: HARBOR in pane_text(app))
    assert news_server.count("/news/harbor-ferries.html") == 1
    again = make_app(folder)  # a new run: only the cache knows the text
    async with again.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        assert await until(pilot, lambda: HARBOR in pane_text(again))
        assert status(again).endswith("cached just now")
        await pilot.press("j", "k")  # away and back
        assert await until(pilot, lambda: HARBOR in pane_text(again))
    assert news_server.total() == 1


async def test_offline_the_cache_still_reads_and_a_fetch_says_offline(
    make_app, news_server: NewsServer, tmp_path: Path
) -> None:
    folder = harbor_folder(tmp_path, news_server)
    app = make_app(folder)
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        assert await until(pilot, lambda: HARBOR in pane_text(app))
    news_server.stop()
    offline = make_app(folder)
    async with offline.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        assert await until(pilot, lambda: HARBOR in pane_text(offline))
        await pilot.press("j")  # the chip story was never fetched
        assert await until(pilot, lambda: "Press f" in status(offline))
        await pilot.press("f")
        assert await until(pilot, lambda: "No full text" in status(offline))
        assert status(offline).startswith(
            "No full text: offline? can't connect to 127.0.0.1 (connection refused)"
        )
        assert "Notes on " in pane_text(offline)  # the excerpt stays


async def test_each_failure_says_what_failed_and_the_excerpt_stays(
    make_app, news_server: NewsServer, tmp_path: Path
) -> None:
    cases = {
        "/missing": "HTTP 404 Not Found",
        "/paper.pdf": "not HTML (application/pdf)",
        "/big": "too large (50 MB; the limit is 5 MB)",
        "/big-unannounced": "too large (more than 5 MB)",
        "/redirect/ftp": "redirected to a non-web address (ftp://127.0.0.1/pub/story.txt)",
        "/redirect/loop": "more than 5 redirects",
        "/news/empty.html": "no article text found on the page",
        "/slow": "timed out after 0.5 s",
    }
    folder = tmp_path / "news"
    for number, path in enumerate(cases):
        story(
            folder, f"s{number}", news_server.url(path), heat=90 - number, excerpt=f"Lead {path}."
        )
    news_server.slow_seconds = 3
    app = make_app(folder, fetch_timeout=0.5)
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        for number, (path, reason) in enumerate(cases.items()):
            if number:
                await pilot.press("j")
            assert await until(pilot, lambda p=path: f"Lead {p}." in pane_text(app))
            await pilot.press("f")
            assert await until(pilot, lambda: "No full text" in status(app)), path
            assert status(app) == f"No full text: {reason} · 127.0.0.1 (f tries again)"
            assert f"Lead {path}." in pane_text(app)


async def test_progress_shows_while_the_page_comes(
    make_app, news_server: NewsServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "news"
    story(folder, "slow", news_server.url("/slow"), title="Slow story")
    news_server.slow_seconds = 1.0
    app = make_app(folder)
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await pilot.pause()
        assert status(app) == "Fetching the full text from 127.0.0.1…"
        notices = record_notices(app, monkeypatch)
        await pilot.press("f")
        assert notices[-1]["message"] == "Already fetching the full text from 127.0.0.1."
        assert await until(pilot, lambda: HARBOR in pane_text(app))
    assert news_server.count("/slow") == 1


async def test_a_late_result_never_draws_over_another_article(
    make_app, news_server: NewsServer, tmp_path: Path
) -> None:
    folder = tmp_path / "news"
    story(folder, "slow", news_server.url("/slow"), title="Slow story", heat=90)
    story(folder, "other", news_server.url("/news/chip-fab.html"), title="Other story", heat=80)
    news_server.slow_seconds = 0.6
    app = make_app(folder)
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        await pilot.press("f", "j")  # ask, then move on before the page arrives
        assert await until(pilot, lambda: "Other story" in pane_text(app))
        await pilot.pause(1.2)
        assert news_server.count("/slow") == 1
        assert HARBOR not in pane_text(app) and "Press f" in status(app)
        await pilot.press("k")  # back: the text waited in the cache
        assert await until(pilot, lambda: HARBOR in pane_text(app))


async def test_f_again_fetches_anew_and_a_failure_keeps_the_text(
    make_app, news_server: NewsServer, tmp_path: Path
) -> None:
    app = make_app(harbor_folder(tmp_path, news_server))
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        assert await until(pilot, lambda: HARBOR in pane_text(app))
        await pilot.press("f")
        assert await until(pilot, lambda: news_server.count("/news/harbor-ferries.html") == 2)
        assert await until(pilot, lambda: status(app).startswith("Full text"))
        news_server.stop()
        await pilot.press("f")
        assert await until(pilot, lambda: status(app).startswith("Full text") and not app._fetching)
        assert HARBOR in pane_text(app)


async def test_titles_and_texts_with_markup_show_literally(
    make_app, news_server: NewsServer, tmp_path: Path
) -> None:
    folder = harbor_folder(tmp_path, news_server)
    with_body(
        folder / "chip.md",
        "# [red]Notes[/red]\n\n[bold]x[/] \x1b[31mred\x1b[0m <b>raw</b> \x1b]8;;https://evil.example\x07"
        "click\x1b]8;;\x07\n",
    )
    app = make_app(folder)
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        assert await until(pilot, lambda: "<b>raw</b>" in pane_text(app))
        text = pane_text(app)
        assert "Seoul fab [bold]" in text and "[red]Notes[/red]" in text
        assert "[bold]x[/]" in text and "\ufffd[31mred" in text
        assert "\x1b" not in text and "\x07" not in text
        assert app.query_one(DetailPane).border_title is not None


async def test_a_body_is_markdown_with_numbered_links_opened_by_number(
    make_app, news_server: NewsServer, tmp_path: Path, opened: Opened
) -> None:
    folder = harbor_folder(tmp_path, news_server)
    with_body(
        folder / "harbor.md",
        "## My notes\n\nRead **this** with [the yard](https://shipyard.example/boats) and "
        "[the map](https://maps.example/bay).\n\n- a point\n- another\n\n> a quote\n",
    )
    app = make_app(folder)
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        assert await until(pilot, lambda: "My notes" in pane_text(app))
        text = pane_text(app)
        assert "Read this with the yard[1] and the map[2]." in text
        assert "• a point" in text and "▌ a quote" in text
        assert "[1] https://shipyard.example/boats" in text
        assert "Links in the text  (# and a number opens one)" in text
        await pilot.press("f")
        assert await until(pilot, lambda: HARBOR in pane_text(app))
        assert "weekly safety reports[3]" in pane_text(app)  # numbers go on from the body's
        await pilot.press("number_sign", "3")  # three links: one digit is enough
        assert await until(pilot, lambda: bool(opened))
        assert opened == [news_server.url("/reports/ferry-trial")]
        await pilot.press("2")  # a digit alone starts the prompt too
        assert await until(pilot, lambda: len(opened) == 2)
        assert opened[1] == "https://maps.example/bay"
        await pilot.press("9")
        await pilot.pause()
        assert "there is no link 9" in str(app.query_one("#link-prompt-error", Static).render())
        await pilot.press("backspace", "1", "enter")
        assert await until(pilot, lambda: len(opened) == 3)
        assert opened[2] == "https://shipyard.example/boats"
        assert not app.query_one("#link-prompt").display


async def test_with_ten_or_more_links_enter_ends_the_number(
    make_app, news_server: NewsServer, tmp_path: Path, opened: Opened
) -> None:
    folder = harbor_folder(tmp_path, news_server)
    links = " ".join(f"[l{n}](https://l.example/{n})" for n in range(1, 13))
    with_body(folder / "harbor.md", links + "\n")
    app = make_app(folder)
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        assert await until(pilot, lambda: "l12[12]" in pane_text(app))
        await pilot.press("1")
        await pilot.pause()
        assert opened == []  # 1 could still become 10, 11 or 12
        await pilot.press("enter")
        assert await until(pilot, lambda: opened == ["https://l.example/1"])
        await pilot.press("number_sign", "1", "2")
        assert await until(pilot, lambda: opened[-1] == "https://l.example/12")
        await pilot.press("number_sign", "escape")
        assert not app.query_one("#link-prompt").display
        assert len(opened) == 2


async def test_digits_without_links_say_so(
    make_app, news_server: NewsServer, tmp_path: Path, monkeypatch
) -> None:
    app = make_app(harbor_folder(tmp_path, news_server))
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        notices = record_notices(app, monkeypatch)
        await pilot.press("4")
        assert notices[-1]["message"] == "No numbered links in this article."
        assert not app.query_one("#link-prompt").display


async def test_fetch_on_open(make_app, news_server: NewsServer, tmp_path: Path) -> None:
    app = make_app(harbor_folder(tmp_path, news_server), fetch_on_open=True, images="off")
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        await pilot.press("j", "k")  # moving the cursor fetches nothing
        await pilot.pause(0.3)
        assert news_server.total() == 0
        await pilot.press("enter")
        assert await until(pilot, lambda: HARBOR in pane_text(app))
        assert news_server.total() == 1


async def test_the_palette_and_help_know_the_keys(
    make_app, news_server: NewsServer, tmp_path: Path
) -> None:
    app = make_app(harbor_folder(tmp_path, news_server))
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        titles = [entry[0] for entry in app.palette_entries()]
        assert "Full text" in titles and "Open a numbered link" in titles
        app.action_full_text()  # what the palette entry calls
        assert await until(pilot, lambda: HARBOR in pane_text(app))
    from reader.actions import DEFAULT_KEYMAP
    from reader.screens.help import help_rows

    rows = dict(help_rows(DEFAULT_KEYMAP))["Read"]
    assert ("f", "fetch the full text and picture (again: refresh)") in rows
    assert any(keys == "#" and "numbered link" in text for keys, text in rows)


async def test_remapped_keys_show_in_the_hints(
    make_app, news_server: NewsServer, tmp_path: Path
) -> None:
    app = make_app(harbor_folder(tmp_path, news_server), keys={"full_text": "F"})
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        assert status(app).startswith("Press F for the full text")
        await pilot.press("F")
        assert await until(pilot, lambda: HARBOR in pane_text(app))
        assert status(app).endswith("fetched just now")


async def test_reopened_with_a_body_the_numbers_still_start_in_the_body(
    make_app, news_server: NewsServer, tmp_path: Path
) -> None:
    folder = harbor_folder(tmp_path, news_server)
    with_body(folder / "harbor.md", "Notes: [the map](https://maps.example/bay).\n")
    app = make_app(folder)
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        assert await until(pilot, lambda: HARBOR in pane_text(app))
    again = make_app(folder)
    async with again.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        assert await until(pilot, lambda: "Brightwater Marine[2]" in pane_text(again))
        assert "the map[1]" in pane_text(again)
        await pilot.press("j")  # the chip story: nothing cached, no body
        assert await until(pilot, lambda: "Press f" in status(again))
        assert "Brightwater" not in pane_text(again)
        await pilot.press("k")  # back: the text from this run's memory, body first again
        assert await until(pilot, lambda: "Brightwater Marine[2]" in pane_text(again))
    assert news_server.total() == 1


async def test_a_cache_that_cannot_be_made_still_shows_the_text_and_says_so(
    make_app, news_server: NewsServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    app = make_app(harbor_folder(tmp_path, news_server))
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        notices = record_notices(app, monkeypatch)
        await pilot.press("f")
        assert await until(pilot, lambda: HARBOR in pane_text(app))
        assert await until(pilot, lambda: bool(notices))
        assert notices[0]["message"].startswith(
            "Fetched text is shown but not kept for offline reading:"
        )
        await pilot.press("j", "k")  # this run still has it
        assert await until(pilot, lambda: HARBOR in pane_text(app))
    assert news_server.count("/news/harbor-ferries.html") == 1
