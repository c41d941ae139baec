"""session.json: what comes back on the next start, and what a damaged file costs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reader.query import Sort
from reader.session import SORT_NAMES, Session, ViewMemory, corpus_key


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "data" / "session.json"
    key = corpus_key(["/news"])
    Session(path).save(key, ViewMemory("AI", "date", "chip", True, "abc"), "nord")
    again = Session(path)
    assert again.theme == "nord"
    assert again.view(key) == ViewMemory("AI", "date", "chip", True, "abc")
    assert again.view(corpus_key(["/other"])) == ViewMemory()


def test_views_are_per_corpus(tmp_path: Path) -> None:
    path = tmp_path / "session.json"
    session = Session(path)
    session.save(corpus_key(["/a"]), ViewMemory(topic="A"), None)
    session.save(corpus_key(["/b"]), ViewMemory(topic="B"), None)
    again = Session(path)
    assert again.view(corpus_key(["/a"])).topic == "A"
    assert again.view(corpus_key(["/b"])).topic == "B"


def test_damaged_file_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "session.json"
    for junk in ("{not json", "[1, 2]", '{"views": {"k": {"topic": 3, "bogus": 1}}}'):
        path.write_text(junk, encoding="utf-8")
        session = Session(path)
        assert session.theme is None
        session.view("k")  # never raises
    session.save("k", ViewMemory(topic="T"), None)
    assert Session(path).view("k").topic == "T"


def test_unwritable_location_does_not_raise(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    session = Session(blocker / "session.json")
    session.save("k", ViewMemory(topic="AI"), "nord")  # must not raise
    assert blocker.read_text() == "x"  # what was in the way is untouched
    assert session.view("k") == ViewMemory(topic="AI")  # kept for this run all the same


def test_damaged_file_gets_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "session.json"
    Session(path).save("k", ViewMemory(topic="T"), "nord")
    assert Session(path).notice == ""
    path.write_text("{not json", encoding="utf-8")
    session = Session(path)
    assert session.theme is None and session.view("k") == ViewMemory()
    assert session.notice.startswith(f"Ignored the saved session ({path}): not valid JSON")
    assert "\n" not in session.notice


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\xff\xfe{}", "not UTF-8 text"),
        (b"", "not valid JSON"),
        (b"[1, 2]", "not the app's settings"),
        (b'"just text"', "not the app's settings"),
        (b'{"views": 3}', "views was 3"),
    ],
)
def test_unusable_files_are_ignored_with_a_notice(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "session.json"
    path.write_bytes(content)
    session = Session(path)
    assert session.theme is None
    assert session.view("k") == ViewMemory()
    assert reason in session.notice and str(path) in session.notice


def test_a_missing_file_is_no_news(tmp_path: Path) -> None:
    assert Session(tmp_path / "none" / "session.json").notice == ""


def test_an_unreadable_path_gets_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "session.json"
    path.mkdir()  # a folder where the file should be
    session = Session(path)
    assert "can't be read" in session.notice
    assert session.view("k") == ViewMemory()


BAD_VALUES = [
    ("topic", 3, "topic was 3, not a topic name"),
    ("topic", ["AI"], 'topic was ["AI"], not a topic name'),
    ("sort", 5, "sort was 5, not a sort name"),
    ("sort", "popularity", 'sort was "popularity", not a sort name'),
    ("query", None, "query was null, not search text"),
    ("query", {"q": 1}, 'query was {"q": 1}, not search text'),
    ("unread_only", "yes", 'unread_only was "yes", not true or false'),
    ("unread_only", 1, "unread_only was 1, not true or false"),
    ("article_id", 12, "article_id was 12, not an article id"),
]


@pytest.mark.parametrize(("field", "value", "reason"), BAD_VALUES)
def test_a_value_of_the_wrong_type_is_dropped_and_named(
    tmp_path: Path, field: str, value: Any, reason: str
) -> None:
    path = tmp_path / "session.json"
    good = {
        "topic": "AI",
        "sort": "date",
        "query": "chip",
        "unread_only": True,
        "article_id": "abc",
    }
    path.write_text(
        json.dumps({"theme": "nord", "views": {"k": {**good, field: value}}}), encoding="utf-8"
    )
    session = Session(path)
    assert session.notice == f"Ignored parts of the saved session ({path}): {reason}"
    expected = {**good}
    del expected[field]
    assert session.view("k") == ViewMemory(**expected)  # the rest is restored
    assert session.theme == "nord"


def test_every_problem_is_named_once(tmp_path: Path) -> None:
    path = tmp_path / "session.json"
    path.write_text(
        json.dumps(
            {
                "theme": 7,
                "views": {
                    "a": {"sort": 5, "unread_only": "no"},
                    "b": {"sort": 5},
                    "c": "not a view",
                },
            }
        ),
        encoding="utf-8",
    )
    session = Session(path)
    assert session.notice == (
        f"Ignored parts of the saved session ({path}): theme was 7, not a theme name; "
        'sort was 5, not a sort name; unread_only was "no", not true or false; '
        'a view was "not a view", not a table of settings'
    )
    assert session.theme is None
    assert session.view("a") == ViewMemory()
    assert session.view("c") == ViewMemory()


def test_valid_values_and_unknown_fields_give_no_notice(tmp_path: Path) -> None:
    path = tmp_path / "session.json"
    path.write_text(
        json.dumps(
            {
                "theme": None,
                "views": {
                    "k": {
                        "topic": None,
                        "sort": None,
                        "query": "",
                        "unread_only": False,
                        "article_id": None,
                        "from_a_newer_version": [1],
                    },
                    "j": {},
                },
                "also_new": True,
            }
        ),
        encoding="utf-8",
    )
    session = Session(path)
    assert session.notice == ""
    assert session.view("k") == ViewMemory()
    assert session.theme is None


def test_long_values_keep_the_notice_one_short_line(tmp_path: Path) -> None:
    path = tmp_path / "session.json"
    path.write_text(json.dumps({"views": {"k": {"query": ["x\n\x1b[2J" * 500]}}}))
    notice = Session(path).notice
    assert "\n" not in notice and "\x1b" not in notice
    assert len(notice) < 200 + len(str(path))


def test_sort_names_match_the_query_module() -> None:
    assert tuple(s.value for s in Sort) == SORT_NAMES


def test_saving_cleans_the_file(tmp_path: Path) -> None:
    path = tmp_path / "session.json"
    path.write_text(json.dumps({"views": {"other": {"sort": 5, "topic": "X"}}}))
    Session(path).save("k", ViewMemory(topic="T"), None)
    again = Session(path)
    assert again.notice == ""
    assert again.view("other") == ViewMemory(topic="X")
    assert again.view("k") == ViewMemory(topic="T")


# -- reader --fresh ------------------------------------------------------------------


def test_fresh_restores_nothing(tmp_path: Path) -> None:
    path = tmp_path / "session.json"
    Session(path).save("k", ViewMemory("AI", "date", "chip", True, "abc"), "nord")
    fresh = Session(path, fresh=True)
    assert fresh.fresh
    assert fresh.theme is None
    assert fresh.view("k") == ViewMemory()
    assert fresh.notice == ""


def test_fresh_reads_nothing_at_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "session.json"
    path.write_text("{not json")

    def no_reading(self: Path, *args: Any, **kwargs: Any) -> bytes:
        raise AssertionError("a fresh session reads nothing")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    monkeypatch.setattr(Path, "read_text", no_reading)
    session = Session(path, fresh=True)
    assert session.notice == "" and session.view("k") == ViewMemory()


def test_fresh_still_saves_and_keeps_other_folders(tmp_path: Path) -> None:
    path = tmp_path / "session.json"
    Session(path).save("other", ViewMemory(topic="Other"), "nord")
    fresh = Session(path, fresh=True)
    fresh.save("k", ViewMemory(topic="New"), "gruvbox")
    again = Session(path)
    assert again.view("k") == ViewMemory(topic="New")
    assert again.view("other") == ViewMemory(topic="Other")
    assert again.theme == "gruvbox"


def test_default_path_is_in_the_data_dir(isolated_home: Path) -> None:
    assert Session().path == isolated_home / "data" / "reader-tui" / "session.json"
    assert Session(fresh=True).path == Session().path
