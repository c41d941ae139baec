"""Hostile state files and output targets: bad entries are counted and said, nothing
breaks a later export, and output that can't be written is a message, not a traceback."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from reader import cli
from reader.paths import state_db_path
from reader.state import StateStore
from reader.statefile import MAX_STATE_FILE_BYTES, decode_state_file
from tests.factories import article_text

NOW = time.time()


def _file(*articles: dict[str, Any], version: object = 1) -> str:
    return json.dumps({"format": "reader-tui-state", "version": version, "articles": articles})


def _entry(url: str, read_changed: str | None, read: bool = True) -> dict[str, Any]:
    return {"url": url, "read": read, "read_changed": read_changed}


@pytest.mark.parametrize(
    "moment",
    [
        "2999-01-01T00:00:00+00:00",
        "9999-12-31T23:59:59-01:00",
        "1969-12-31T23:00:00+00:00",
        "0001-01-02T00:00:00+00:00",
        "1989-12-31T23:59:59+00:00",
    ],
)
def test_a_time_outside_the_window_is_skipped_and_counted(moment: str) -> None:
    decoded = decode_state_file(_file(_entry("https://x.example/a", moment)))
    assert decoded.flags == []
    assert len(decoded.skipped) == 1 and "outside" in decoded.skipped[0]
    assert "articles[0].read_changed" in decoded.skipped[0]


def test_a_flag_without_a_time_is_counted_not_silently_dropped() -> None:
    decoded = decode_state_file(_file(_entry("https://x.example/a", None)))
    assert decoded.flags == [] and "no read_changed" in decoded.skipped[0]


def test_good_entries_beside_bad_ones_are_imported() -> None:
    good = "2026-01-02T03:04:05.000006+00:00"
    decoded = decode_state_file(
        _file(_entry("https://x.example/a", good), _entry("https://x.example/b", "2999-01-01"))
    )
    assert [f.url for f in decoded.flags] == ["https://x.example/a"]
    assert len(decoded.skipped) == 1


def test_now_plus_a_day_is_the_limit() -> None:
    soon = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(NOW + 3600))
    later = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(NOW + 3 * 86400))
    assert decode_state_file(_file(_entry("https://x.example/a", soon))).flags
    assert not decode_state_file(_file(_entry("https://x.example/a", later))).flags


def _import(tmp_path: Path, text: str | bytes, capsys: pytest.CaptureFixture[str]):
    source = tmp_path / "in.json"
    source.write_bytes(text.encode() if isinstance(text, str) else text)
    code = cli.main(["state", "import", str(source)])
    return code, capsys.readouterr()


def test_the_import_summary_reports_skipped_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = _file(
        _entry("https://x.example/a", "2026-01-02T03:04:05+00:00"),
        _entry("https://x.example/b", "2999-01-01T00:00:00+00:00"),
        _entry("https://x.example/c", None),
    )
    code, out = _import(tmp_path, text, capsys)
    assert code == 0
    assert "1 article changed" in out.out and "2 flag changes skipped" in out.out
    assert "articles[1].read_changed" in out.err and "articles[2].read" in out.err
    # Nothing from the far future got in: a later mark still wins, export still works.
    assert cli.main(["state", "export"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert [a["url"] for a in exported["articles"]] == ["https://x.example/a"]


def test_a_5000_digit_version_is_an_error_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = '{"format": "reader-tui-state", "version": ' + "9" * 5000 + ', "articles": []}'
    code, out = _import(tmp_path, text, capsys)
    assert code == 1 and "Traceback" not in out.err and "in.json" in out.err


def test_a_huge_version_is_refused_in_one_short_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _import(tmp_path, _file(version=10**30), capsys)
    assert code == 1 and len(out.err) < 200 and "newer reader-tui" in out.err


def test_an_endless_input_stops_at_the_cap(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.cli import state as state_command

    monkeypatch.setattr(state_command, "MAX_STATE_FILE_BYTES", 1 << 20)
    assert MAX_STATE_FILE_BYTES >= 256 << 20  # the real cap is above any real export
    assert cli.main(["state", "import", "/dev/zero"]) == 1
    assert "larger than 1 MiB" in capsys.readouterr().err


def test_an_out_of_range_time_already_in_the_database_does_not_break_export(
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = StateStore.open(state_db_path())  # what an older, laxer import left behind
    store._db.execute(
        "INSERT INTO flags VALUES ('00000000000000ab', 'https://x.example/z', 1, 3e11, 0, 0)"
    )
    store.close()
    assert cli.main(["state", "export"]) == 0
    assert json.loads(capsys.readouterr().out)["articles"][0]["read_changed"] is None


def test_export_into_a_fifo_writes_into_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    assert cli.main(["state", "export", str(fifo)]) == 0
    reader.join(10)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still a FIFO, not replaced by a file
    assert json.loads(received[0])["format"] == "reader-tui-state"


def test_export_to_dev_null_leaves_it_alone() -> None:
    before = os.stat("/dev/null")
    assert cli.main(["state", "export", "/dev/null"]) == 0
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args", [["list"], ["topics", "--json"], ["state", "export"], ["config", "show"]]
)
def test_output_that_cannot_be_written_is_a_message(tmp_path: Path, args: list[str]) -> None:
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.md").write_text(
        article_text(title="A story", originalUrl="https://x.example/a"), encoding="utf-8"
    )
    paths = [str(news)] if args[0] in ("list", "topics") else []
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "reader", *args, *paths],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    assert "No space left on device" in done.stderr


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_a_terminal_that_is_not_utf8(tmp_path: Path, encoding: str) -> None:
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.md").write_text(
        article_text(title="Café ● 東京 story", originalUrl="https://x.example/é"),
        encoding="utf-8",
    )

    def run(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [sys.executable, "-m", "reader", *args, str(news)],
            env={**os.environ, "PYTHONIOENCODING": encoding},
            capture_output=True,
            timeout=60,
        )

    listed = run("list")
    assert listed.returncode == 0 and b"Traceback" not in listed.stderr
    assert b"story" in listed.stdout
    as_json = run("list", "--json")
    assert as_json.returncode == 0
    assert json.loads(as_json.stdout)[0]["title"] == "Café ● 東京 story"  # exact, escaped
