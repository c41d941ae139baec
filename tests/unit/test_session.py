from __future__ import annotations

from pathlib import Path

from reader.session import Session, ViewMemory, corpus_key


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
    Session(blocker / "session.json").save("k", ViewMemory(), None)
