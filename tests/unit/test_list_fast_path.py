"""`reader list` from the index must print exactly what the full load prints."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bench.make_corpus import generate
from reader import cli
from reader.cli import list as cli_list
from reader.corpus import load_corpus
from reader.paths import state_db_path
from reader.state import StateStore
from reader.views import IndexSource
from tests.factories import write_article


def list_json(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict]:
    assert cli.main(["list", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    generate(300, tmp_path / "gen", seed=7)
    folder = tmp_path / "gen" / "_news"
    url = "https://dup.example/one"
    write_article(folder, "zz-dup-b", title="Duplicate B", originalUrl=url, heat=50)
    write_article(folder, "aa-dup-a", title="Duplicate A", originalUrl=url, heat=50)
    write_article(folder, "tie-1", title="Tie", heat=42, publishedDateTime="2024-01-01T00:00:00Z")
    write_article(folder, "tie-2", title="Tie", heat=42, publishedDateTime="2024-01-01T00:00:00Z")
    return folder


OPTIONS = [
    [],
    ["--unread"],
    ["--all"],
    ["--sort", "date"],
    ["--sort", "quality", "--all"],
    ["--topic", "AI"],
    ["--topic", "Robotics", "--unread", "--sort", "date"],
    ["--limit", "20"],
    ["--unread", "--limit", "20"],
    ["--limit", "0"],
]


@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: " ".join(o) or "default")
def test_fast_path_matches_full_load(
    corpus: Path, capsys: pytest.CaptureFixture[str], monkeypatch, options: list[str]
) -> None:
    loaded = load_corpus([str(corpus)])  # builds the index
    some = sorted(loaded.articles)[::3]
    store = StateStore.open(state_db_path())
    store.set_read([(i, "") for i in some], True)
    store.set_starred([(i, "") for i in some[::2]], True)
    store.close()

    indexed = IndexSource.select
    monkeypatch.setattr(IndexSource, "select", lambda self, view, limit: None)
    expected = list_json(capsys, str(corpus), *options)
    monkeypatch.setattr(IndexSource, "select", indexed)

    def no_full_load(paths):  # type: ignore[no-untyped-def]
        raise AssertionError("the fast path should have answered")

    monkeypatch.setattr(cli_list, "load_roots", no_full_load)
    assert list_json(capsys, str(corpus), *options) == expected


def test_added_file_makes_the_fast_path_step_aside(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    list_json(capsys, str(corpus))
    write_article(corpus, "brand-new", title="Brand new and hottest", heat=1000)
    assert list_json(capsys, str(corpus), "--limit", "1")[0]["title"] == "Brand new and hottest"


def test_removed_file_is_not_listed(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = list_json(capsys, str(corpus), "--limit", "1")[0]
    os.unlink(first["path"])
    assert list_json(capsys, str(corpus), "--limit", "1")[0]["id"] != first["id"]


def test_query_uses_the_full_load(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    list_json(capsys, str(corpus))
    hot = list_json(capsys, str(corpus), "--query", "heat>90")
    assert hot and all(
        (item["heat"] if item["heat"] is not None else item["estimated_heat"]) > 90 for item in hot
    )
