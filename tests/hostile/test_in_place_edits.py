"""Files rewritten in place (editors, the archive's own regeneration) are seen by every
command, even when the edit keeps the size and puts the mtime back (`touch -r`)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reader import cli
from reader.ingest import load
from reader.watch import current_files_signature
from tests.factories import article_text


def _write(path: Path, title: str) -> None:
    path.write_text(article_text(title=title, originalUrl="https://x.example/a"), "utf-8")


def _listed_titles(news: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    capsys.readouterr()
    assert cli.main(["list", "--json", str(news)]) == 0
    return [row["title"] for row in json.loads(capsys.readouterr().out)]


def _edit_in_place(path: Path, title: str, *, restore_mtime: bool) -> None:
    before = os.stat(path)
    folder_before = os.stat(path.parent)
    with open(path, "r+", encoding="utf-8") as handle:  # through the file: same inode
        text = handle.read()
        handle.seek(0)
        handle.write(text.replace("Alpha", title))
        handle.truncate()
    if restore_mtime:
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(path.parent).st_mtime_ns == folder_before.st_mtime_ns  # no folder change
    assert os.stat(path).st_ino == before.st_ino


@pytest.fixture
def news(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    _write(folder / "a.md", "Alpha story")
    (folder / "b.md").write_text(
        article_text(title="Other story", originalUrl="https://x.example/b"), "utf-8"
    )
    return folder


@pytest.mark.parametrize("restore_mtime", [False, True])
def test_reader_list_sees_an_in_place_edit(
    news: Path, capsys: pytest.CaptureFixture[str], restore_mtime: bool
) -> None:
    assert "Alpha story" in _listed_titles(news, capsys)
    assert "Alpha story" in _listed_titles(news, capsys)  # answered from the index
    _edit_in_place(news / "a.md", "Gamma", restore_mtime=restore_mtime)  # same length
    assert "Gamma story" in _listed_titles(news, capsys)
    assert cli.main(["topics", str(news)]) == 0


def test_reader_index_and_a_rescan_repair_a_same_size_edit(
    news: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    load([str(news)], workers=1)
    signature = current_files_signature([str(news)])
    _edit_in_place(news / "a.md", "Gamma", restore_mtime=True)
    # What the app's watcher compares: the edit shows.
    assert current_files_signature([str(news)]) != signature
    assert cli.main(["index", str(news)]) == 0
    corpus = load([str(news)], workers=1)  # what `r` does
    assert "Gamma story" in {a.title for a in corpus.articles.values()}
    assert "Gamma story" in _listed_titles(news, capsys)
