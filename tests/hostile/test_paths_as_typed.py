"""`reader news` and `reader /abs/news` are one folder: one warm index, no file re-read
when the user alternates between the two ways of typing it, and paths shown as typed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.corpus import load_corpus
from reader.index import Index
from tests.factories import write_article
from tests.unit.helpers import track_parsing


@pytest.fixture
def news(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "news"
    for number in range(6):
        write_article(folder, f"a{number}", title=f"Story {number}", heat=number)
    (folder / "sub").mkdir()
    write_article(folder / "sub", "deep", title="Deep story", heat=9)
    latin1 = os.fsdecode(b"caf\xe9")
    write_article(folder, latin1, title="Latin-1 name", heat=3, originalUrl="https://x.example/c")
    monkeypatch.chdir(tmp_path)
    return folder


def test_alternating_relative_and_absolute_reads_nothing_twice(
    news: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_corpus(["news"])
    parsed = track_parsing(monkeypatch)
    for typed in [str(news), "news", "./news", str(news) + "/", "news"]:
        corpus = load_corpus([typed])
        assert parsed == [], typed
        assert len(corpus.articles) == 8
        prefix = os.path.join(typed, "")
        paths = sorted(article.path for article in corpus.articles.values())
        assert all(path.startswith(prefix) for path in paths), (typed, paths)
        assert os.path.join(typed, "sub", "deep.md") in paths
        assert os.path.join(typed, os.fsdecode(b"caf\xe9.md")) in paths
        assert all(os.path.exists(path) for path in paths)


def test_index_fast_path_agrees_for_either_form(news: Path) -> None:
    load_corpus(["news"])
    for typed in ["news", str(news)]:
        index = Index.open(typed)
        assert index is not None
        assert index.unchanged_since_last_load(typed), typed
        rows = index.query(
            sort="heat",
            topic=None,
            unread_only=False,
            show_unpublished=True,
            limit=None,
            state_db=None,
        )
        assert {row[0] for row, _story, _size in rows} >= {os.path.join(typed, "a5.md")}
    (news / "a1.md").write_text((news / "a1.md").read_text() + "\n", encoding="utf-8")
    assert not Index.open(str(news)).unchanged_since_last_load(str(news))  # type: ignore[union-attr]


def test_reader_list_shows_paths_as_typed(news: Path, tmp_path: Path) -> None:
    environment = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    environment["XDG_DATA_HOME"] = str(tmp_path / "data")
    for typed in ["news", str(news), "news"]:
        result = subprocess.run(
            [sys.executable, "-m", "reader", "list", "--json", typed],
            capture_output=True,
            text=True,
            env=environment,
            cwd=tmp_path,
            check=True,
        )
        assert f'"path": "{os.path.join(typed, "a5.md")}"' in result.stdout, result.stdout[:500]
