"""The read/starred state store (SQLite, WAL) and how it copes with a bad disk."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import reader.state as state_module
from reader.state import SCHEMA_VERSION, StateStore


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "state.db"


def reopen(path: Path) -> StateStore:
    store = StateStore.open(path)
    assert store.persistent, store.notice
    return store


def raw(path: Path, sql: str):  # type: ignore[no-untyped-def]
    """Ask the database file directly, not through StateStore."""
    connection = sqlite3.connect(str(path))
    try:
        return connection.execute(sql).fetchone()
    finally:
        connection.close()


def test_a_new_store_is_empty_and_quiet(db_path: Path) -> None:
    store = StateStore.open(db_path)
    assert store.persistent
    assert store.notice == ""
    assert store.read_ids() == set()
    assert store.starred_ids() == set()
    assert db_path.is_file()  # parent folders were created
    store.close()


def test_read_flags_persist_across_close_and_reopen(db_path: Path) -> None:
    store = reopen(db_path)
    store.set_read([("a1", "https://x.example/1"), ("a2", "https://x.example/2")], True)
    store.close()
    store = reopen(db_path)
    assert store.read_ids() == {"a1", "a2"}
    store.set_read([("a1", "https://x.example/1")], False)
    store.close()
    store = reopen(db_path)
    assert store.read_ids() == {"a2"}
    store.close()


def test_starred_flags_persist_and_are_independent_of_read(db_path: Path) -> None:
    store = reopen(db_path)
    store.set_starred([("s1", "")], True)
    store.set_read([("r1", "")], True)
    store.close()
    store = reopen(db_path)
    assert store.starred_ids() == {"s1"}
    assert store.read_ids() == {"r1"}
    store.set_starred([("s1", "")], False)
    store.close()
    store = reopen(db_path)
    assert store.starred_ids() == set()
    assert store.read_ids() == {"r1"}
    store.close()


def test_url_is_kept_and_not_erased_by_an_empty_one(db_path: Path) -> None:
    store = reopen(db_path)
    store.set_read([("a1", "https://x.example/1")], True)
    store.set_starred([("a1", "")], True)
    (flag,) = store.flags()
    assert flag.article_id == "a1"
    assert flag.url == "https://x.example/1"
    assert flag.read and flag.starred
    assert flag.read_changed > 0 and flag.starred_changed > 0
    store.close()


def test_marking_nothing_writes_nothing(db_path: Path) -> None:
    store = reopen(db_path)
    store.set_read([], True)
    store.set_starred(iter(()), True)
    assert store.flags() == []
    store.close()


def test_wal_mode_is_on(db_path: Path) -> None:
    StateStore.open(db_path).close()
    assert raw(db_path, "PRAGMA journal_mode")[0].lower() == "wal"


def test_schema_version_is_recorded(db_path: Path) -> None:
    StateStore.open(db_path).close()
    assert SCHEMA_VERSION >= 1
    assert raw(db_path, "PRAGMA user_version")[0] == SCHEMA_VERSION


def test_two_stores_on_one_file_see_each_others_writes(db_path: Path) -> None:
    first = reopen(db_path)
    second = reopen(db_path)
    first.set_read([("a", "")], True)
    assert second.read_ids() == {"a"}
    second.set_starred([("b", "")], True)
    second.set_read([("a", "")], False)
    assert first.starred_ids() == {"b"}
    assert first.read_ids() == set()
    first.close()
    second.close()


def test_a_write_survives_a_killed_process(db_path: Path) -> None:
    code = textwrap.dedent(
        f"""
        import os
        from pathlib import Path
        from reader.state import StateStore
        store = StateStore.open(Path({str(db_path)!r}))
        store.set_read([("killed", "https://x.example/k")], True)
        os._exit(0)  # no close(), no clean shutdown
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=30)
    store = reopen(db_path)
    assert store.read_ids() == {"killed"}
    store.close()


# -- damaged or unusable storage -----------------------------------------------------

GARBAGE = b"This was never an SQLite database. " * 200


def test_a_corrupt_file_is_moved_aside_and_a_new_one_started(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(GARBAGE)
    store = StateStore.open(db_path)
    assert store.persistent
    assert store.notice
    aside = sorted(db_path.parent.glob("state.db.corrupt-*"))
    names = [p.name for p in aside if not p.name.endswith(("-wal", "-shm"))]
    assert len(names) == 1
    assert names[0] in store.notice
    assert (db_path.parent / names[0]).read_bytes() == GARBAGE  # kept, not destroyed
    store.set_read([("after", "")], True)
    store.close()
    store = reopen(db_path)
    assert store.read_ids() == {"after"}
    assert names[0] in store.notice  # said again until the app has shown it
    store.close()
    StateStore.open(db_path, consume_notices=True).close()  # what the app does
    store = reopen(db_path)
    assert store.notice == ""
    store.close()


def test_a_tiny_garbage_file_is_also_treated_as_corrupt(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"\x00\x01junk")
    store = StateStore.open(db_path)
    assert store.persistent
    assert ".corrupt-" in store.notice
    assert list(db_path.parent.glob("state.db.corrupt-*"))
    store.close()


def test_damaged_twice_in_one_second_keeps_both_copies(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(state_module.time, "strftime", lambda *args: "20260101T000000")
    db_path.parent.mkdir(parents=True)
    for content in (GARBAGE, GARBAGE[::-1]):
        db_path.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        db_path.write_bytes(content)
        StateStore.open(db_path).close()
    kept = sorted(
        p.read_bytes()
        for p in db_path.parent.glob("state.db.corrupt-*")
        if not p.name.endswith(("-wal", "-shm"))
    )
    assert kept == sorted([GARBAGE, GARBAGE[::-1]])


def test_an_unwritable_folder_falls_back_to_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a regular file where a folder should be")
    path = blocker / "reader-tui" / "state.db"
    store = StateStore.open(path)
    assert store.persistent is False
    assert store.notice
    store.set_read([("a", "")], True)  # still works, for this session
    store.set_starred([("b", "")], True)
    assert store.read_ids() == {"a"}
    assert store.starred_ids() == {"b"}
    store.close()
    assert blocker.read_text() == "a regular file where a folder should be"


def test_a_folder_in_place_of_the_database_falls_back_to_memory(db_path: Path) -> None:
    db_path.mkdir(parents=True)
    store = StateStore.open(db_path)
    assert store.persistent is False
    assert store.notice
    assert db_path.is_dir()  # not moved aside: it isn't a damaged database
    store.close()


def test_a_newer_schema_is_left_alone(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    connection = sqlite3.connect(str(db_path))
    connection.execute("CREATE TABLE future (x)")
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    connection.commit()
    connection.close()
    store = StateStore.open(db_path)
    assert store.persistent is False
    assert store.notice
    store.close()
    assert raw(db_path, "PRAGMA user_version")[0] == SCHEMA_VERSION + 5
    assert not list(db_path.parent.glob("state.db.corrupt-*"))


def test_in_memory_store_works_and_is_not_persistent() -> None:
    store = StateStore.in_memory("just testing")
    assert store.persistent is False
    assert store.notice == "just testing"
    store.set_read([("x", "")], True)
    assert store.read_ids() == {"x"}
    store.close()
