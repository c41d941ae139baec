"""Read state that survives kills, contention, damage and moving between machines.

The subprocess tests use the venv's python with XDG_* pointing at tmp dirs (the
autouse fixture in conftest sets them in os.environ, which children inherit).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from reader import cli, state, statedb
from reader.identity import article_id_for
from reader.paths import state_db_path
from reader.state import Flag, StateError, StateStore
from tests import factories

# Marks articles one by one; prints each id only after set_read has returned, which is
# exactly when the app would show it as read.
MARKER = """
import sys, time
from pathlib import Path
from reader.paths import state_db_path
from reader.state import StateStore

db, prefix, count, ready, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), *sys.argv[4:6]
store = StateStore.open(state_db_path() if db == "-" else Path(db))
if not store.persistent or store.notice:
    sys.exit("state store problem: " + store.notice)
if ready != "-":  # opened: wait until the others have too, so the bursts overlap
    Path(ready).touch()
    while not Path(go).exists():
        time.sleep(0.001)
number = 0
while count == 0 or number < count:
    article_id = f"{prefix}{number:014x}"
    store.set_read([(article_id, f"https://marks.example/{prefix}/{number}")], True)
    sys.stdout.write(article_id + "\\n")
    sys.stdout.flush()
    number += 1
"""

# Reads the read set in a loop until told to stop; the set may only ever grow.
LOOKER = """
import sys, time
from pathlib import Path
from reader.state import StateStore

db, ready, go, stop = sys.argv[1:5]
store = StateStore.open(Path(db))
if not store.persistent or store.notice:
    sys.exit("state store problem: " + store.notice)
Path(ready).touch()
while not Path(go).exists():
    time.sleep(0.001)
reads, largest = 0, 0
while not Path(stop).exists():
    seen = len(store.read_ids())
    if seen < largest:
        sys.exit(f"read set shrank from {largest} to {seen}")
    largest = seen
    reads += 1
print(reads, largest)
"""


def run_python(code: str, *args: str, **popen: Any) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
        **popen,
    )


def integrity(db: Path) -> str:
    connection = sqlite3.connect(db)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()


def reopen_read_ids(db: Path) -> set[str]:
    store = StateStore.open(db)
    try:
        assert store.persistent and store.notice == ""
        return store.read_ids()
    finally:
        store.close()


# -- crash safety ---------------------------------------------------------------------


@pytest.mark.parametrize("lines_before_kill", [25, 400])
def test_every_reported_mark_survives_sigkill(tmp_path: Path, lines_before_kill: int) -> None:
    db = state_db_path()  # under this test's XDG_DATA_HOME; the child finds it the same way
    assert str(db).startswith(str(tmp_path))
    marker = run_python(MARKER, "-", "d0", "0", "-", "-")
    printed: list[str] = []
    assert marker.stdout is not None
    try:
        while len(printed) < lines_before_kill:
            line = marker.stdout.readline()
            assert line, marker.stderr.read() if marker.stderr else "marker died"
            printed.append(line.strip())
        os.kill(marker.pid, signal.SIGKILL)  # mid-burst: it never stops by itself
        remaining, _ = marker.communicate(timeout=30)
    finally:
        if marker.poll() is None:
            marker.kill()
    assert marker.returncode == -signal.SIGKILL
    # Lines already in the pipe were printed too, so they must be on disk as well.
    printed += [line for line in remaining.split() if len(line) == 16]
    assert len(printed) >= lines_before_kill
    assert set(printed) <= reopen_read_ids(db)
    assert integrity(db) == "ok"


def test_state_database_is_in_wal_mode(tmp_path: Path) -> None:
    store = StateStore.open(tmp_path / "state.db")
    store.set_read([("00000000000000aa", "")], True)
    store.close()
    connection = sqlite3.connect(tmp_path / "state.db")
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    connection.close()


# -- contention -------------------------------------------------------------------------


def test_two_writers_and_a_reader_share_one_database(tmp_path: Path) -> None:
    db = tmp_path / "fresh" / "state.db"  # not created yet: creation races too
    go, stop = tmp_path / "go", tmp_path / "stop"
    per_writer = 500
    # All three open the new database at once (creation races too), then wait for "go".
    ready = [tmp_path / f"ready-{name}" for name in ("a", "b", "looker")]
    writers = [
        run_python(MARKER, str(db), prefix, str(per_writer), str(flag), str(go))
        for prefix, flag in zip("ab", ready, strict=False)
    ]
    looker = run_python(LOOKER, str(db), str(ready[2]), str(go), str(stop))
    try:
        deadline = time.monotonic() + 30
        while not all(flag.exists() for flag in ready):
            assert time.monotonic() < deadline, "a process never opened the database"
            assert all(p.poll() is None for p in (*writers, looker)), "a process died early"
            time.sleep(0.005)
        go.touch()
        outputs = [writer.communicate(timeout=60) for writer in writers]
        stop.touch()
        looker_out, looker_err = looker.communicate(timeout=30)
    finally:
        for process in (*writers, looker):
            if process.poll() is None:
                process.kill()
    for writer, (out, err) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, err
        assert "locked" not in err and len(out.split()) == per_writer
    assert looker.returncode == 0, looker_err
    reads, _largest = map(int, looker_out.split())
    assert reads > 0
    expected = {f"{prefix}{n:014x}" for prefix in "ab" for n in range(per_writer)}
    assert reopen_read_ids(db) == expected
    assert integrity(db) == "ok"
    # The two bursts really overlapped in time (else this proves nothing about locking).
    store = StateStore.open(db)
    spans = {
        prefix: [f.read_changed for f in store.flags() if f.article_id.startswith(prefix)]
        for prefix in "ab"
    }
    store.close()
    assert max(min(spans["a"]), min(spans["b"])) < min(max(spans["a"]), max(spans["b"]))


def test_a_write_waits_for_another_writer(tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    store = StateStore.open(db)
    blocker = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.3, lambda: blocker.execute("COMMIT"))
    release.start()
    started = time.perf_counter()
    store.set_read([("00000000000000ab", "")], True)
    assert time.perf_counter() - started >= 0.25
    assert store.read_ids() == {"00000000000000ab"}
    release.join()
    blocker.close()
    store.close()


def test_a_lock_that_never_goes_away_is_a_state_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(statedb, "BUSY_TIMEOUT_MS", 50)
    monkeypatch.setattr(state, "WRITE_ATTEMPTS", 2)
    db = tmp_path / "state.db"
    store = StateStore.open(db)
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    with pytest.raises(StateError, match="could not save read state"):
        store.set_read([("00000000000000ac", "")], True)
    blocker.execute("COMMIT")
    blocker.close()
    # Nothing was left half-open: the next write just works.
    store.set_read([("00000000000000ac", "")], True)
    assert store.read_ids() == {"00000000000000ac"}
    store.close()


# -- damaged or unusable databases ---------------------------------------------------------


def test_a_damaged_database_is_kept_aside_and_replaced(tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    garbage = b"this is not a database, it is a shopping list\n" * 200
    db.write_bytes(garbage)
    store = StateStore.open(db)
    assert store.persistent
    assert "damaged" in store.notice
    kept = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert len(kept) == 1 and kept[0].name in store.notice
    assert kept[0].name.startswith("state.db.corrupt-2")  # state.db.corrupt-YYYYmmddTHHMMSS
    assert kept[0].read_bytes() == garbage
    store.set_read([("00000000000000ad", "https://x.example/")], True)
    store.close()
    app_start = StateStore.open(db, consume_notices=True)  # the app says it, last time
    assert kept[0].name in app_start.notice
    app_start.close()
    again = StateStore.open(db)
    assert again.notice == ""  # said once by the app, not on every start
    assert again.read_ids() == {"00000000000000ad"}
    again.close()


def test_a_truncated_database_is_detected(tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    store = StateStore.open(db)
    store.set_read([(f"{n:016x}", f"https://x.example/{n}") for n in range(3000)], True)
    store.close()
    connection = sqlite3.connect(db)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    with open(db, "r+b") as handle:
        handle.truncate(db.stat().st_size // 2)
    damaged = StateStore.open(db)
    assert damaged.persistent and "damaged" in damaged.notice
    assert damaged.read_ids() == set()
    damaged.close()
    assert integrity(db) == "ok"


def test_damaged_twice_in_one_second_keeps_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(state.time, "strftime", lambda _format: "20260101T000000")
    db = tmp_path / "state.db"
    for content in (b"first damaged copy" * 100, b"second damaged copy" * 100):
        db.write_bytes(content)
        StateStore.open(db).close()
    kept = sorted(p.read_bytes()[:6] for p in tmp_path.iterdir() if ".corrupt-" in p.name)
    assert kept == [b"first ", b"second"]


def test_cannot_move_the_damaged_file_aside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "state.db"
    db.write_bytes(b"garbage" * 500)

    def refuse(*_args: Any) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(state.os, "replace", refuse)
    store = StateStore.open(db)
    assert not store.persistent and "can't be saved" in store.notice
    store.set_read([("00000000000000ae", "")], True)  # still works, for this session
    assert store.read_ids() == {"00000000000000ae"}
    store.close()


def test_a_newer_schema_is_left_alone(tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    connection = sqlite3.connect(db)
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    before = db.read_bytes()
    store = StateStore.open(db)
    assert not store.persistent and "newer reader-tui" in store.notice
    store.close()
    assert db.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]


@pytest.mark.parametrize("blocker", ["file-as-folder", "folder-as-db", "mkdir-refused"])
def test_unusable_data_dir_falls_back_to_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, blocker: str
) -> None:
    if blocker == "file-as-folder":  # a file where the data folder should be
        (tmp_path / "data").write_text("not a folder")
        db = tmp_path / "data" / "state.db"
    elif blocker == "folder-as-db":
        db = tmp_path / "state.db"
        db.mkdir()
    else:  # what a read-only parent does for a non-root user
        db = tmp_path / "readonly" / "state.db"

        def refuse(*_args: Any, **_kwargs: Any) -> None:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(Path, "mkdir", refuse)
    store = StateStore.open(db)
    assert not store.persistent
    assert store.notice.startswith("Read state can't be saved")
    store.set_read([("00000000000000af", "")], True)
    store.set_starred([("00000000000000af", "")], True)
    assert store.read_ids() == store.starred_ids() == {"00000000000000af"}
    store.close()


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="running as root: a read-only folder does not stop root (simulated above)",
)
def test_really_read_only_data_dir(tmp_path: Path) -> None:  # pragma: no cover - non-root only
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        store = StateStore.open(folder / "state.db")
        assert not store.persistent and "can't be saved" in store.notice
        store.close()
    finally:
        folder.chmod(0o700)


# -- reader mark --------------------------------------------------------------------------


def write_article(folder: Path, name: str, title: str, url: str) -> None:
    factories.write_article(folder, name, title=title, originalUrl=url, heat=10)


@pytest.fixture
def news(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    write_article(folder, "one.md", "Lantern festival returns", "https://lanterns.example/one")
    write_article(folder, "two.md", "Ferry timetable changes", "https://ferries.example/two")
    return folder


def listed(folder: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, Any]]:
    capsys.readouterr()
    assert cli.main(["list", str(folder), "--json"]) == 0
    return {row["url"]: row for row in json.loads(capsys.readouterr().out)}


def test_mark_by_id_and_by_url(news: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = listed(news, capsys)
    one = rows["https://lanterns.example/one"]
    assert cli.main(["mark", one["id"], "HTTPS://Ferries.EXAMPLE:443/two#top"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"read {one['id']}"
    two_id = rows["https://ferries.example/two"]["id"]
    assert f"read {two_id}  HTTPS://Ferries.EXAMPLE:443/two#top" in out
    after = listed(news, capsys)
    assert all(row["read"] for row in after.values())

    assert cli.main(["mark", "--unread", one["id"].upper()]) == 0
    assert cli.main(["mark", "--star", "https://ferries.example/two"]) == 0
    after = listed(news, capsys)
    assert not after["https://lanterns.example/one"]["read"]
    assert after["https://ferries.example/two"]["starred"]
    assert cli.main(["mark", "--unstar", two_id]) == 0
    assert "unstarred" in capsys.readouterr().out
    assert not listed(news, capsys)["https://ferries.example/two"]["starred"]


@pytest.mark.parametrize(
    "argument", ["lantern", "12345", "0123456789abcdeg", "ferries.example/two", "http//x", ""]
)
def test_mark_refuses_what_it_cannot_understand(
    argument: str, news: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = listed(news, capsys)["https://lanterns.example/one"]["id"]
    assert cli.main(["mark", good, argument]) == 2
    err = capsys.readouterr().err
    assert "not an article id or URL" in err and len(err.splitlines()) == 1
    assert not any(row["read"] for row in listed(news, capsys).values())  # nothing marked


def test_mark_with_path_checks_the_articles_exist(
    news: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = listed(news, capsys)
    one = rows["https://lanterns.example/one"]["id"]
    assert cli.main(["mark", one, "--path", str(news)]) == 0
    assert capsys.readouterr().out == f"read {one}  Lantern festival returns\n"
    assert cli.main(["mark", "--star", "00000000000000ff", one, "--path", str(news)]) == 1
    assert "no such article" in capsys.readouterr().err
    assert not any(row["starred"] for row in listed(news, capsys).values())


def test_mark_says_when_state_cannot_be_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "not-a-folder").write_text("")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "not-a-folder"))
    assert cli.main(["mark", "00000000000000aa"]) == 1
    assert "can't be saved" in capsys.readouterr().err


def test_mark_does_not_import_textual(tmp_path: Path) -> None:
    code = (
        "import sys; from reader.cli import main; rc = main(['mark', '00000000000000aa']); "
        "print('textual' in sys.modules); sys.exit(rc)"
    )
    process = run_python(code)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert out.splitlines() == ["read 00000000000000aa", "False"]


def test_help_lists_the_new_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "    mark " in out and "    state " in out and "export or import" in out


# -- reader state export / import ------------------------------------------------------------


def use_machine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / name))
    return state_db_path()


def stored_flags() -> list[Flag]:
    store = StateStore.open(state_db_path())
    try:
        return sorted(store.flags(), key=lambda flag: flag.article_id)
    finally:
        store.close()


def seed(flags: list[Flag]) -> None:
    store = StateStore.open(state_db_path())
    try:
        store.merge_flags(flags)
    finally:
        store.close()


URL_A, URL_B, URL_C = (f"https://state.example/{name}" for name in "abc")
ID_A, ID_B, ID_C = (article_id_for(url, b"") for url in (URL_A, URL_B, URL_C))


def export_to(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert cli.main(["state", "export", str(path)]) == 0
    capsys.readouterr()
    return json.loads(path.read_text(encoding="utf-8"))


def test_export_then_import_on_another_machine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    use_machine(monkeypatch, tmp_path, "laptop")
    assert cli.main(["mark", URL_A, URL_B, URL_C]) == 0
    assert cli.main(["mark", "--star", URL_B]) == 0
    assert cli.main(["mark", "--unread", URL_C]) == 0
    assert cli.main(["mark", "--star", "c0000000000000aa"]) == 0  # an article without a URL
    document = export_to(tmp_path / "flags.json", capsys)
    assert document["format"] == "reader-tui-state" and document["version"] == 1
    entries = {entry.get("url", entry["id"]): entry for entry in document["articles"]}
    assert entries[URL_B]["read"] and entries[URL_B]["starred"]
    assert entries[URL_C]["read"] is False and entries[URL_C]["read_changed"]
    assert entries[URL_A]["starred_changed"] is None
    assert "url" not in entries["c0000000000000aa"]
    for entry in entries.values():
        for key in ("read_changed", "starred_changed"):
            if entry[key] is not None:
                assert datetime.fromisoformat(entry[key]).tzinfo is not None
    laptop = stored_flags()

    use_machine(monkeypatch, tmp_path, "desktop")
    assert cli.main(["state", "import", str(tmp_path / "flags.json")]) == 0
    assert "4 articles changed" in capsys.readouterr().out
    assert stored_flags() == laptop


def test_import_is_idempotent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    use_machine(monkeypatch, tmp_path, "laptop")
    assert cli.main(["mark", URL_A, URL_B]) == 0
    export_to(tmp_path / "flags.json", capsys)
    before = stored_flags()
    # Into the database it came from, then twice into another one.
    assert cli.main(["state", "import", str(tmp_path / "flags.json")]) == 0
    assert "0 articles changed, 2 already up to date" in capsys.readouterr().out
    assert stored_flags() == before
    use_machine(monkeypatch, tmp_path, "desktop")
    for expected in ("2 articles changed", "0 articles changed"):
        assert cli.main(["state", "import", str(tmp_path / "flags.json")]) == 0
        assert expected in capsys.readouterr().out
        assert stored_flags() == before


def test_an_older_file_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["mark", URL_A]) == 0
    export_to(tmp_path / "old.json", capsys)
    time.sleep(0.01)
    assert cli.main(["mark", "--unread", URL_A]) == 0
    newer = stored_flags()
    assert cli.main(["state", "import", str(tmp_path / "old.json")]) == 0
    assert stored_flags() == newer
    assert not newer[0].read


def test_the_newer_change_wins_per_flag(tmp_path: Path) -> None:
    base = 1_700_000_000.0  # 2023-11-14T22:13:20Z: inside the window imports accept
    seed([Flag(ID_A, URL_A, False, base + 100, True, base + 300)])
    incoming = {
        "format": "reader-tui-state",
        "version": 1,
        "articles": [
            {
                "url": URL_A,
                "read": True,
                "read_changed": "2023-11-14T22:16:40+00:00",  # base + 200: newer than 100
                "starred": False,
                "starred_changed": "2023-11-14T22:17:30Z",  # base + 250: older than 300
            }
        ],
    }
    (tmp_path / "in.json").write_text(json.dumps(incoming))
    assert cli.main(["state", "import", str(tmp_path / "in.json")]) == 0
    assert stored_flags() == [Flag(ID_A, URL_A, True, base + 200, True, base + 300)]


def test_the_url_decides_the_id(tmp_path: Path) -> None:
    entry = {"url": URL_B, "id": "0123456789abcdef", "read": True, "read_changed": "2026-01-01"}
    document = {"format": "reader-tui-state", "version": 1, "articles": [entry]}
    (tmp_path / "in.json").write_text(json.dumps(document))
    assert cli.main(["state", "import", str(tmp_path / "in.json")]) == 0
    assert [flag.article_id for flag in stored_flags()] == [ID_B]


def test_merge_flags_directly() -> None:
    store = StateStore.in_memory()
    first = store.merge_flags([Flag(ID_A, URL_A, True, 10.0, False, 0.0)])
    assert (first.changed, first.unchanged) == (1, 0)
    again = store.merge_flags([Flag(ID_A, URL_A, True, 10.0, False, 0.0)])
    assert (again.changed, again.unchanged) == (0, 1)
    never_set = store.merge_flags([Flag(ID_B, URL_B, False, 0.0, False, 0.0)])
    assert (never_set.changed, never_set.unchanged) == (0, 0)  # nothing to carry over
    store.merge_flags([Flag(ID_A, "", False, 5.0, True, 20.0)])
    assert store.export_flags() == [Flag(ID_A, URL_A, True, 10.0, True, 20.0)]
    store.close()


VALID_ENTRY = {"url": URL_A, "read": True, "read_changed": "2026-01-01T00:00:00+00:00"}


def document_with(*entries: Any, **top: Any) -> bytes:
    document = {"format": "reader-tui-state", "version": 1, "articles": list(entries)}
    document.update(top)
    return json.dumps(document).encode()


BAD_IMPORTS: dict[str, tuple[bytes, str]] = {
    "empty": (b"", "not JSON"),
    "truncated": (document_with(VALID_ENTRY)[:-5], "not JSON"),
    "a-list": (b"[]", "not a reader-tui state file"),
    "wrong-format": (document_with(format="something-else"), "not a reader-tui state file"),
    "newer-version": (document_with(version=2), "made by a newer reader-tui"),
    "version-text": (document_with(version="1"), '"version" must be a whole number'),
    "articles-mapping": (document_with(articles={}), '"articles" must be a list'),
    "entry-not-object": (document_with(VALID_ENTRY, "x"), "articles[1]: must be an object"),
    "read-is-text": (document_with({**VALID_ENTRY, "read": "yes"}), "articles[0].read: must be"),
    "bad-time": (document_with({**VALID_ENTRY, "read_changed": "yesterday"}), "ISO-8601"),
    "time-number": (document_with({**VALID_ENTRY, "read_changed": 5}), "ISO-8601"),
    "bad-id": (document_with({"id": "xyz", "read": True}), "articles[0].id: must be 16 hex"),
    "no-url-no-id": (document_with({"read": True}), "needs a url or an id"),
    "url-number": (document_with({"url": 5}), "articles[0].url: must be text"),
    "not-utf-8": (b"\xff\xfe{\x00", "not UTF-8 text"),
    "deep-nesting": (b"[" * 100_000, "not JSON"),
}


@pytest.mark.parametrize("name", list(BAD_IMPORTS))
def test_a_bad_import_file_changes_nothing(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed([Flag(ID_C, URL_C, True, 50.0, False, 0.0)])
    before = stored_flags()
    content, fragment = BAD_IMPORTS[name]
    bad = tmp_path / f"{name}.json"
    bad.write_bytes(content)
    assert cli.main(["state", "import", str(bad)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"reader: {bad}: ") and fragment in err
    assert len(err.splitlines()) == 1
    assert stored_flags() == before


def test_import_of_missing_file_or_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["state", "import", str(tmp_path / "missing.json")]) == 1
    assert "cannot read: No such file or directory" in capsys.readouterr().err
    assert cli.main(["state", "import", str(tmp_path)]) == 1
    assert "cannot read: Is a directory" in capsys.readouterr().err


def test_export_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["mark", URL_A]) == 0
    capsys.readouterr()
    assert cli.main(["state", "export"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [entry["url"] for entry in document["articles"]] == [URL_A]
    assert document["articles"][0]["id"] == ID_A


def test_export_replaces_the_file_atomically(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out" / "flags.json"
    target.parent.mkdir()
    target.write_text("previous export")
    target.chmod(0o644)
    assert cli.main(["mark", URL_A]) == 0

    def crash(*_args: Any) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(state.os, "replace", crash)
        assert cli.main(["state", "export", str(target)]) == 1
    assert "cannot write: No space left on device" in capsys.readouterr().err
    assert target.read_text() == "previous export"
    assert sorted(p.name for p in target.parent.iterdir()) == ["flags.json"]  # no temp left

    assert cli.main(["state", "export", str(target)]) == 0
    assert json.loads(target.read_text())["articles"][0]["url"] == URL_A
    assert target.stat().st_mode & 0o777 == 0o644
    assert sorted(p.name for p in target.parent.iterdir()) == ["flags.json"]
