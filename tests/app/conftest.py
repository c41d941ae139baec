from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import pytest

from reader.app import ReaderApp, create_app
from reader.state import StateStore
from tests.factories import write_article

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def utc(utc_local_time: None) -> None:
    """Local time is UTC in every app test."""


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    write_article(
        folder,
        "chip",
        title="Chipmaker ships a new accelerator",
        heat=90,
        quality=70,
        topics=["Chips", "AI"],
        publishedDateTime="2026-11-24T09:00:00Z",
        related=[
            {
                "title": "Robot arm learns to fold laundry",
                "webUrl": "https://testwire.example/robot",
                "provider": {"name": "Test Wire", "domain": "testwire.example"},
                "publishedDateTime": "2026-11-22T10:00:00Z",
            },
            {
                "title": "An outside take on the accelerator",
                "webUrl": "https://elsewhere.example/take",
                "provider": {"name": "Elsewhere", "domain": "elsewhere.example"},
            },
        ],
    )
    write_article(
        folder,
        "robot",
        title="Robot arm learns to fold laundry",
        heat=60,
        topics=["Robotics", "AI"],
        publishedDateTime="2026-11-22T10:00:00Z",
    )
    write_article(
        folder,
        "cold",
        title="A quiet story without heat",
        heat=None,
        topics=["AI"],
        publishedDateTime="2026-11-23T10:00:00Z",
    )
    write_article(
        folder,
        "hidden",
        title="An unpublished draft",
        heat=99,
        published=False,
        topics=["Chips"],
    )
    write_article(
        folder,
        "markup",
        title="[bold red]Not bold[/] \x1b[2J",
        heat=10,
        topics=["Robotics"],
    )
    return folder


class Opened(list[str]):
    """Records URLs the app asked the browser to open."""


@pytest.fixture
def opened() -> Opened:
    return Opened()


@pytest.fixture
def state_path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "state.db"


@pytest.fixture
def make_app(corpus_dir: Path, state_path: Path, opened: Opened):
    def factory(*paths: str | os.PathLike[str], **kwargs) -> ReaderApp:
        return create_app(
            [str(p) for p in paths] or [str(corpus_dir)],
            state=StateStore.open(state_path),
            now=lambda: NOW,
            open_url=opened.append,
            **{"detail_delay": 0.0, **kwargs},
        )

    return factory
