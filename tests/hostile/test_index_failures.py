"""An index that can't be used costs speed, never articles: every command falls back to
reading the files and says so once."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reader import index as index_module
from reader.index import Index, index_path
from reader.ingest import load
from tests.factories import article_text

TITLES = ["Alpha story", "Beta story", "Gamma story"]


@pytest.fixture
def news(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    for title in TITLES:
        slug = title.split()[0].lower()
        (folder / f"{slug}.md").write_text(
            article_text(
                title=title, originalUrl=f"https://x.example/{slug}", excerpt=f"{slug} excerpt"
            ),
            encoding="utf-8",
        )
    return folder


def _titles(corpus: object) -> list[str]:
    return sorted(a.title for a in corpus.articles.values())  # type: ignore[attr-defined]


def _block_index_path(root: Path) -> Path:
    """A folder where the index file should be: it can be neither opened nor deleted."""
    path = index_path(str(root))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.mkdir()
    (path / "keep").write_text("x")
    return path


def test_an_index_path_that_is_a_folder_falls_back_to_the_files(news: Path) -> None:
    blocked = _block_index_path(news)
    corpus = load([str(news)], workers=1)
    assert _titles(corpus) == sorted(TITLES)
    assert len(corpus.notices) == 1
    assert str(blocked) in corpus.notices[0] and "read directly" in corpus.notices[0]
    # Excerpts are kept in memory when no index holds them: search still finds them.
    assert set(corpus.excerpts().values()) >= {"alpha excerpt", "beta excerpt"}


def test_an_index_folder_that_is_a_file_falls_back(news: Path) -> None:
    folder = index_path(str(news)).parent
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("not a folder")
    corpus = load([str(news)], workers=1)
    assert _titles(corpus) == sorted(TITLES)
    assert len(corpus.notices) == 1 and str(folder) in corpus.notices[0]


def test_a_read_only_index_falls_back(news: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # What a chmod'ed cache does for a user who is not root (tests may run as root).
    def refuse(path: Path, root: str) -> sqlite3.Connection:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    def cannot_delete(path: Path) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(index_module, "_connect", refuse)
    monkeypatch.setattr(index_module, "_delete", cannot_delete)
    assert isinstance(Index.open_or_reason(str(news)), str)
    corpus = load([str(news)], workers=1)
    assert _titles(corpus) == sorted(TITLES)
    assert "readonly" in corpus.notices[0] and "permission denied" in corpus.notices[0]


def test_an_index_that_cannot_be_written_keeps_every_article(
    news: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(self: Index, upserts: object, deleted: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Index, "_apply", disk_full)
    corpus = load([str(news)], workers=1)
    assert _titles(corpus) == sorted(TITLES)
    assert any("can't be written" in n and "disk is full" in n for n in corpus.notices)
    assert "gamma excerpt" in corpus.excerpts().values()


def test_a_warm_index_that_cannot_take_changes_keeps_them(
    news: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load([str(news)], workers=1)  # fills the index
    (news / "delta.md").write_text(
        article_text(title="Delta story", originalUrl="https://x.example/delta"), encoding="utf-8"
    )
    (news / "alpha.md").unlink()

    def disk_full(self: Index, upserts: object, deleted: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Index, "_apply", disk_full)
    corpus = load([str(news)], workers=1)
    # The new file is there, the removed one gone, though the index kept neither change.
    assert _titles(corpus) == ["Beta story", "Delta story", "Gamma story"]


def test_an_index_damaged_past_opening_falls_back(
    news: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load([str(news)], workers=1)

    def damaged(self: Index) -> object:
        raise sqlite3.DatabaseError("database disk image is malformed")
        yield  # a generator, like the real one

    monkeypatch.setattr(Index, "iter_rows", damaged)
    corpus = load([str(news)], workers=1)
    assert _titles(corpus) == sorted(TITLES)
    assert any("malformed" in n for n in corpus.notices)


def test_an_unexpected_index_error_reads_the_files(
    news: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load([str(news)], workers=1)

    def broken(self: Index) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(Index, "ensure_indexes", broken)
    corpus = load([str(news)], workers=1)
    assert _titles(corpus) == sorted(TITLES)
    assert any("disk I/O error" in n for n in corpus.notices)


def _run(news: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args, str(news)],
        env=dict(os.environ),  # the isolated XDG dirs of this test
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("command", [["list"], ["list", "--unread"], ["topics"], ["check"]])
def test_every_command_works_without_its_index(
    news: Path, tmp_path: Path, command: list[str]
) -> None:
    blocked = _block_index_path(news)
    for _ in range(2):  # the fast path of a second run must not trip over it either
        done = _run(news, tmp_path, *command)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        assert done.stderr.count(str(blocked)) == 1  # one notice, naming the file
    if command[0] == "list":
        assert all(title in done.stdout for title in TITLES)


def test_reader_index_fails_clearly_when_it_cannot_write(news: Path, tmp_path: Path) -> None:
    blocked = _block_index_path(news)
    for args in (["index"], ["index", "--rebuild"]):
        done = _run(news, tmp_path, *args)
        assert done.returncode == 1
        assert "Traceback" not in done.stderr
        assert str(blocked) in done.stderr


async def test_the_app_loads_and_says_once_that_the_index_is_unusable(
    make_app, corpus_dir: Path
) -> None:
    from reader.widgets.article_list import ArticleList
    from tests.app.helpers import loaded

    blocked = _block_index_path(corpus_dir)
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await loaded(pilot)
        assert app.query_one(ArticleList).articles
        said = [n for n in app._notifications if str(blocked) in str(n.message)]
        assert len(said) == 1 and said[0].title == "Index"
        await pilot.press("r")  # a rescan finds the same problem: not said again
        await loaded(pilot)
        said = [n for n in app._notifications if str(blocked) in str(n.message)]
        assert len(said) == 1
