"""The persistent index and the streaming, parallel first read."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from reader import ingest
from reader.corpus import load_corpus
from reader.frontmatter import parse_file
from reader.index import SCHEMA_VERSION, Index, RowReader, index_path, row_for
from reader.ingest import Progress, load
from reader.model import Severity
from tests.factories import write_article
from tests.unit.helpers import track_parsing


def make_folder(folder: Path, count: int) -> list[Path]:
    return [
        write_article(folder, f"a{index:04d}", title=f"Story {index}", heat=index % 100)
        for index in range(count)
    ]


def summary(corpus) -> list[tuple]:  # type: ignore[no-untyped-def]
    return sorted(
        (a.id, a.path, a.title, a.heat, a.published_at, a.topics, a.provider, a.excerpt)
        for a in corpus.articles.values()
    )


def test_warm_load_reads_no_article_file(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "news"
    make_folder(folder, 20)
    cold = load_corpus([str(folder)])
    assert index_path(str(folder)).exists()
    parsed = track_parsing(monkeypatch)
    warm = load_corpus([str(folder)])
    assert parsed == []
    assert summary(warm) == summary(cold)


def test_only_changed_added_and_removed_files_are_reparsed(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "news"
    files = make_folder(folder, 10)
    load_corpus([str(folder)])
    write_article(folder, "a0003", title="Story three, updated", heat=99)
    os.utime(files[3], ns=(1, 10**18))  # a different mtime even on coarse clocks
    files[5].unlink()
    write_article(folder, "new", title="A new story", heat=1)
    parsed = track_parsing(monkeypatch)
    corpus = load_corpus([str(folder)])
    assert sorted(Path(p).name for p in parsed) == ["a0003.md", "new.md"]
    titles = {a.title for a in corpus.articles.values()}
    assert "Story three, updated" in titles and "A new story" in titles
    assert "Story 5" not in titles and len(titles) == 10
    # ... and the index now agrees: nothing to parse the next time.
    parsed.clear()
    assert summary(load_corpus([str(folder)])) == summary(corpus)
    assert parsed == []


def test_problems_are_remembered_by_the_index(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "news"
    make_folder(folder, 2)
    (folder / "bad.md").write_text("no front matter\n", encoding="utf-8")
    first = load_corpus([str(folder)])
    parsed = track_parsing(monkeypatch)
    again = load_corpus([str(folder)])
    assert parsed == []
    assert [(p.path, p.reason, p.severity) for p in again.problems] == [
        (p.path, p.reason, p.severity) for p in first.problems
    ]
    assert again.problems[0].severity is Severity.ERROR


@pytest.mark.parametrize("damage", ["garbage", "old-version", "previous-version", "foreign"])
def test_damaged_or_old_index_is_rebuilt(tmp_path: Path, damage: str) -> None:
    folder = tmp_path / "news"
    make_folder(folder, 5)
    expected = summary(load_corpus([str(folder)]))
    path = index_path(str(folder))
    if damage == "garbage":
        path.write_bytes(b"this is not a database" * 100)
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        db = sqlite3.connect(path)
        if damage == "old-version":
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 7}")
        elif damage == "previous-version":  # topics joined by "\x1f": must not be read
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
        else:
            db.execute("UPDATE meta SET value = 'someone else' WHERE key = 'magic'")
        db.commit()
        db.close()
    assert summary(load_corpus([str(folder)])) == expected
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("SELECT count(*) FROM files").fetchone()[0] == 5


def test_text_survives_the_index_exactly(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "news"
    write_article(
        folder,
        "odd",
        title="Tab\there \x1b[31m  two  spaces ",
        topics=["A\x1fB", "A", " padded ", "line\nbreak"],
        provider={"name": "Wire\x07", "domain": "wire.example"},
        excerpt="  kept as is\r\n",
    )
    write_article(folder, "plain", title="Plain", topics=["A\x1fB"])
    cold = load_corpus([str(folder)])
    parsed = track_parsing(monkeypatch)
    warm = load_corpus([str(folder)])
    assert parsed == []
    assert summary(warm) == summary(cold)
    odd = next(a for a in warm.articles.values() if a.path.endswith("odd.md"))
    assert odd.title == "Tab\there \x1b[31m  two  spaces "
    assert odd.topics == ("A\x1fB", "A", " padded ", "line\nbreak")
    assert odd.provider.name == "Wire\x07"
    assert warm.excerpts()[odd.id] == "  kept as is\r\n"
    index = Index.open(str(folder))
    assert index is not None
    try:
        for topic, names in (("A", ["odd.md"]), ("A\x1fB", ["odd.md", "plain.md"]), ("B", [])):
            rows = index.query(
                sort="heat",
                topic=topic,
                unread_only=False,
                show_unpublished=True,
                limit=None,
                state_db=None,
            )
            assert sorted(Path(row[0]).name for row, _story, _size in rows) == names, topic
    finally:
        index.close()


def test_a_row_sqlite_cannot_store_costs_only_that_row_its_exactness(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    good, odd = write_article(folder, "good"), write_article(folder, "odd")
    rows = [row_for(str(path), 1, 2, parse_file(str(path))) for path in (good, odd)]
    rows[1] = (*rows[1][:4], "lone \ud800 surrogate", *rows[1][5:])  # the pure-Python loader
    index = Index.open(str(folder))
    assert index is not None
    try:
        index.apply(rows)
        reader = RowReader()
        stored = {Path(row[0]).name: reader.article(row) for row in index.iter_rows()}
    finally:
        index.close()
    assert stored["good.md"] == reader.article(rows[0])
    assert stored["odd.md"] is not None and stored["odd.md"].title == "lone ? surrogate"


def test_unusable_cache_dir_still_loads(tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "cache-is-a-file"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    folder = tmp_path / "news"
    make_folder(folder, 3)
    assert len(load_corpus([str(folder)]).articles) == 3


def test_cold_load_streams_partial_corpora(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "news"
    make_folder(folder, 30)
    monkeypatch.setattr(ingest, "CHUNK", 4)
    monkeypatch.setattr(ingest, "SNAPSHOT_EVERY", 0.0)
    seen: list[tuple[int, Progress]] = []
    final = load([str(folder)], snapshot=lambda c, p: seen.append((len(c.articles), p)))
    assert len(seen) >= 5
    sizes = [size for size, _ in seen]
    assert sizes == sorted(sizes) and sizes[0] < 30
    assert all(p.total == 30 and 0 < p.done <= 30 for _, p in seen)
    assert len(final.articles) == 30


def test_warm_load_hands_over_the_cached_corpus_first(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    make_folder(folder, 8)
    load([str(folder)])
    seen: list[int] = []
    load([str(folder)], snapshot=lambda c, p: seen.append(len(c.articles)))
    assert seen == [8]


def test_parallel_and_sequential_agree(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "news"
    make_folder(folder, 40)
    (folder / "bad.md").write_bytes(b"\xff\xfe")
    monkeypatch.setattr(ingest, "PARALLEL_FROM", 1)
    monkeypatch.setattr(ingest, "CHUNK", 7)
    parallel = load([str(folder)], use_index=False, workers=2)
    sequential = load([str(folder)], use_index=False, workers=1)
    assert summary(parallel) == summary(sequential)
    assert [p.line() for p in parallel.problems] == [p.line() for p in sequential.problems]


def test_duplicates_keep_the_first_path_whatever_the_order(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    url = "https://same.example/story"
    write_article(folder, "b-copy", title="Copy B", originalUrl=url)
    write_article(folder, "a-first", title="Original A", originalUrl=url)
    cold = load([str(folder)])
    warm = load([str(folder)])
    for corpus in (cold, warm):
        assert [a.title for a in corpus.articles.values()] == ["Original A"]
        notes = [p for p in corpus.problems if p.severity is Severity.NOTE]
        assert len(notes) == 1 and notes[0].path.endswith("b-copy.md")


def test_two_roots_get_their_own_index(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    write_article(one, "x", title="From one")
    write_article(two, "y", title="From two")
    corpus = load([str(one), str(two)])
    assert {a.title for a in corpus.articles.values()} == {"From one", "From two"}
    assert index_path(str(one)) != index_path(str(two))
    assert index_path(str(one)).exists() and index_path(str(two)).exists()


def test_cli_index_builds_and_rebuilds(tmp_path: Path, capsys, monkeypatch) -> None:
    from reader import cli

    folder = tmp_path / "news"
    make_folder(folder, 4)
    assert cli.main(["index", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "4 articles" in out and str(index_path(str(folder))) in out
    parsed = track_parsing(monkeypatch)
    assert cli.main(["index", str(folder)]) == 0
    assert parsed == []  # up to date: nothing read
    assert cli.main(["index", "--rebuild", str(folder)]) == 0
    assert len(parsed) == 4  # from scratch


def test_pool_shuts_down_when_the_reader_stops_early(tmp_path: Path, monkeypatch) -> None:
    """Workers blocked on full pipes must not hang the caller (a load that fails midway)."""
    import threading

    # Long paths and small chunks: more queued work than a pipe holds, so the feeders
    # really are blocked writing when the reader goes away.
    folder = tmp_path / ("n" * 250) / ("m" * 250) / ("o" * 250)
    make_folder(folder, 600)
    items = [(str(p), 0, 0) for p in sorted(folder.iterdir())]
    monkeypatch.setattr(ingest, "CHUNK", 2)
    monkeypatch.setattr(ingest, "PARALLEL_FROM", 1)
    finished = threading.Event()

    def consume_one_chunk() -> None:
        rows = ingest._parsed_rows(items, workers=2)
        assert len(next(rows)) == 2
        rows.close()  # what an exception in the caller's loop does
        finished.set()

    thread = threading.Thread(target=consume_one_chunk, daemon=True)
    thread.start()
    assert finished.wait(timeout=20), "the pool hung while shutting down"
