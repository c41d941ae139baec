"""Local state files the app did not write, or can't write: the real flags still show,
nothing is lost, and the user hears once where a moved file went."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from reader import cli, statedb
from reader.paths import state_db_path
from reader.state import StateError, StateStore
from tests.factories import article_text

URL = "https://x.example/first"


@pytest.fixture
def news(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    for slug in ("first", "second"):
        (folder / f"{slug}.md").write_text(
            article_text(title=f"The {slug} story", originalUrl=f"https://x.example/{slug}"),
            encoding="utf-8",
        )
    return folder


def _listed(news: Path, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, bool]:
    capsys.readouterr()
    assert cli.main(["list", "--json", *args, str(news)]) == 0
    return {row["url"]: row["read"] for row in json.loads(capsys.readouterr().out)}


def _pretend_read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a data folder this user can't write does (tests may run as root, for whom
    chmod changes nothing): every read-write open fails as SQLite fails it."""
    real = statedb._connect

    def connect(target: Path | str, read_only: str) -> sqlite3.Connection:
        if not read_only and target != ":memory:":
            raise sqlite3.OperationalError("attempt to write a readonly database")
        return real(target, read_only)

    monkeypatch.setattr(statedb, "_connect", connect)


def test_read_only_state_shows_the_real_flags_and_refuses_writes(
    news: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli.main(["mark", "--read", URL, "--path", str(news)]) == 0
    _pretend_read_only(monkeypatch)
    store = StateStore.open(state_db_path())
    assert store.read_only and not store.persistent
    assert store.status_note == "read state is read-only"
    assert "read-only" in store.notice and str(state_db_path()) in store.notice
    assert len(store.read_ids()) == 1
    with pytest.raises(StateError, match="read-only"):
        store.set_read([("00000000000000aa", "")], True)
    store.close()

    flags = _listed(news, capsys)
    assert flags[URL] is True and flags["https://x.example/second"] is False
    assert list(_listed(news, capsys, "--unread")) == ["https://x.example/second"]
    assert cli.main(["topics", str(news)]) == 0
    assert "read-only" in capsys.readouterr().err  # said, not silently all unread
    assert cli.main(["state", "export"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert [a["url"] for a in exported["articles"]] == [URL]
    assert cli.main(["mark", "--read", "https://x.example/second", "--path", str(news)]) == 1
    assert "read-only" in capsys.readouterr().err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through any permission bits")
def test_a_really_read_only_data_folder(news: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["mark", "--read", URL, "--path", str(news)]) == 0
    folder = state_db_path().parent
    os.chmod(state_db_path(), 0o444)
    os.chmod(folder, 0o555)
    try:
        assert _listed(news, capsys)[URL] is True
        assert cli.main(["state", "export"]) == 0
    finally:
        os.chmod(folder, 0o755)


def test_a_damaged_database_moved_by_the_cli_is_told_by_the_app_too(
    news: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = state_db_path()
    db.parent.mkdir(parents=True)
    garbage = b"not a database at all\n" * 500
    db.write_bytes(garbage)
    capsys.readouterr()
    _listed(news, capsys)  # `reader list` is the first to open it, and moves it aside
    kept = [p for p in db.parent.iterdir() if ".corrupt-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == garbage
    assert cli.main(["topics", str(news)]) == 0
    assert str(kept[0]) in capsys.readouterr().err  # every command says it meanwhile

    from reader.app import create_app

    app = create_app([str(news)])  # the real start: it opens the store itself
    assert str(kept[0]) in app.state.notice
    app.state.close()
    capsys.readouterr()
    _listed(news, capsys)
    assert str(kept[0]) not in capsys.readouterr().err  # the app has said it: done


def _foreign(path: Path, kind: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    if kind == "other flags table":
        db.execute("CREATE TABLE flags (name TEXT, colour TEXT)")
        db.execute("INSERT INTO flags VALUES ('Norway', 'red')")
    elif kind == "version without table":
        db.execute("PRAGMA user_version = 1")
    else:
        db.execute("CREATE TABLE recipes (name TEXT)")
    db.commit()
    db.close()


@pytest.mark.parametrize("kind", ["other flags table", "version without table", "other tables"])
def test_a_foreign_database_is_kept_aside_and_everything_works(
    news: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    db = state_db_path()
    _foreign(db, kind)
    before = db.read_bytes()
    assert _listed(news, capsys, "--unread") == {
        "https://x.example/first": False,
        "https://x.example/second": False,
    }
    kept = [p for p in db.parent.iterdir() if ".foreign-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == before  # not written into
    assert cli.main(["state", "export"]) == 0
    assert cli.main(["mark", "--read", URL, "--path", str(news)]) == 0
    assert _listed(news, capsys)[URL] is True


@pytest.mark.parametrize("kind", ["other flags table", "version without table"])
async def test_the_app_starts_with_a_foreign_database(
    make_app, state_path: Path, kind: str
) -> None:
    from reader.widgets.article_list import ArticleList
    from tests.app.helpers import loaded

    _foreign(state_path, kind)
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await loaded(pilot)
        assert app.query_one(ArticleList).articles
        assert any("kept as" in str(n.message) for n in app._notifications)
        await pilot.press("m")  # marking works on the new database
        await loaded(pilot)
    assert len(StateStore.open(state_path).read_ids()) == 1
