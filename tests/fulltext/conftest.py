"""Fixtures for the full-text tests: the local news site, and articles that point at it.

No test here reaches the internet: every URL is on 127.0.0.1 (or a .invalid host
reached through the local server acting as a proxy).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from reader.app import ReaderApp, create_app
from reader.config import Config
from reader.state import StateStore
from tests.factories import write_article
from tests.webserver import NewsServer, NewsSite

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy")


LOOPBACK = ("127.0.0.1", "::1", "localhost")


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection or name lookup past this machine fails the test at once."""
    connect, lookup = socket.socket.connect, socket.getaddrinfo

    def guarded_connect(self: socket.socket, address: Any) -> Any:
        if isinstance(address, tuple) and address[0] not in LOOPBACK:
            raise AssertionError(f"a test tried to reach {address}")
        return connect(self, address)

    def guarded_lookup(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in LOOPBACK and host not in (None, b"127.0.0.1"):
            raise AssertionError(f"a test tried to look up {host!r}")
        return lookup(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_lookup)


@pytest.fixture(scope="session")
def news_site() -> NewsSite:
    return NewsSite()  # the pictures take a moment to make: once per test process


@pytest.fixture
def news_server(news_site: NewsSite, monkeypatch: pytest.MonkeyPatch) -> Iterator[NewsServer]:
    for name in PROXY_VARIABLES:  # the machine's proxy must not stand between
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    server = NewsServer(news_site).start()
    yield server
    server.stop()


def story(folder: Path, name: str, url: str, **fields: Any) -> Path:
    """An article whose originalUrl is `url` (on the local server)."""
    fields.setdefault("title", f"Story {name}")
    fields.setdefault("heat", 50)
    return write_article(folder, name, originalUrl=url, webUrl=url, **fields)


def with_body(path: Path, body: str) -> Path:
    path.write_text(path.read_text(encoding="utf-8") + body, encoding="utf-8")
    return path


class Opened(list[str]):
    """URLs the app asked the browser to open."""


@pytest.fixture
def opened() -> Opened:
    return Opened()


@pytest.fixture
def make_app(tmp_path: Path, opened: Opened, utc_local_time: None):
    def factory(folder: Path, **settings: Any) -> ReaderApp:
        settings.setdefault("poll_seconds", 0)
        return create_app(
            [str(folder)],
            state=StateStore.open(tmp_path / "state" / "state.db"),
            config=Config(**settings),
            now=lambda: NOW,
            open_url=opened.append,
            detail_delay=0.0,
        )

    return factory


@pytest.fixture
def cache_dir(isolated_home: Path) -> Path:
    return Path(os.environ["XDG_CACHE_HOME"]) / "reader-tui"
