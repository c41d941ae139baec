"""Layout snapshots of the main screen (pytest-textual-snapshot; Textual is pinned)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from reader.app import create_app
from reader.state import StateStore
from tests.app.helpers import loaded

REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def stable_environment(monkeypatch: pytest.MonkeyPatch, utc_local_time: None) -> None:
    monkeypatch.chdir(REPO)  # paths in the detail pane are shown as given


@pytest.fixture
def state(tmp_path: Path) -> StateStore:
    return StateStore.open(tmp_path / "state.db")


def make_app(state: StateStore, theme: str = "textual-dark"):  # type: ignore[no-untyped-def]
    # The article pane follows the cursor at once (no resting delay): what it shows
    # when the picture is taken does not depend on how fast the machine is.
    app = create_app(["tests/fixtures/screen"], state=state, now=lambda: NOW, detail_delay=0.0)
    app.theme = theme
    return app


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
@pytest.mark.parametrize("size", [(80, 24), (120, 36), (200, 60)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_main_screen(snap_compare, state: StateStore, size: tuple[int, int], theme: str) -> None:
    # 80x24 and 120x36: the article below the list; 200x60: beside it (titles keep room).
    assert snap_compare(make_app(state, theme), terminal_size=size, run_before=loaded)


def test_search_with_an_error_at_80x24(snap_compare, state: StateStore) -> None:
    async def bad_search(pilot) -> None:  # type: ignore[no-untyped-def]
        await loaded(pilot)
        await pilot.press("slash", *"heat>x")
        await pilot.pause()

    assert snap_compare(make_app(state), terminal_size=(80, 24), run_before=bad_search)


def test_unpublished_shown_and_sorted_by_quality(snap_compare, state: StateStore) -> None:
    async def show_all(pilot) -> None:  # type: ignore[no-untyped-def]
        await loaded(pilot)
        await pilot.press("a", "S", "S", "g")
        await loaded(pilot)

    assert snap_compare(make_app(state), terminal_size=(120, 36), run_before=show_all)


def test_opened_article_and_read_marker(snap_compare, state: StateStore) -> None:
    async def open_second(pilot) -> None:  # type: ignore[no-untyped-def]
        await loaded(pilot)
        await pilot.press("j", "enter", "k")
        await loaded(pilot)  # the article under the cursor, read in full

    assert snap_compare(make_app(state), terminal_size=(120, 36), run_before=open_second)


def test_help_screen(snap_compare, state: StateStore) -> None:
    async def open_help(pilot) -> None:  # type: ignore[no-untyped-def]
        await loaded(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(state), terminal_size=(100, 30), run_before=open_help)
