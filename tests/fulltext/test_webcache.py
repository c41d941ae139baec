"""The web cache: keyed by URL, bounded (oldest use out first), cleared, never a blocker."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from reader import webcache
from reader.webcache import CacheError, WebCache, web_cache_path


def test_the_cache_lives_in_the_platform_cache_dir(cache_dir: Path) -> None:
    assert web_cache_path() == cache_dir / "web.db"


def test_pages_and_images_round_trip(tmp_path: Path) -> None:
    cache = WebCache.open(tmp_path / "web.db")
    assert cache is not None
    assert cache.page("https://a.example/") is None
    cache.put_page("https://a.example/", "https://a.example/final", "# Text [/]\n")
    page = cache.page("https://a.example/")
    assert page is not None and page.text == "# Text [/]\n"
    assert page.final_url == "https://a.example/final"
    cache.put_image("https://a.example/p.png", b"\x89PNG...", "")
    cache.put_image("https://a.example/bad.png", None, "broken image data")
    assert cache.image("https://a.example/p.png").data == b"\x89PNG..."  # type: ignore[union-attr]
    bad = cache.image("https://a.example/bad.png")
    assert bad is not None and bad.data is None and bad.note == "broken image data"
    info = cache.info()
    assert (info.pages, info.images) == (1, 1)  # the note is remembered, not counted
    cache.close()
    reopened = WebCache.open(tmp_path / "web.db")
    assert reopened is not None and reopened.page("https://a.example/") is not None
    assert reopened._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_not_created_when_only_looked_at(tmp_path: Path) -> None:
    assert WebCache.open(tmp_path / "web.db", create=False) is None
    assert not (tmp_path / "web.db").exists()


def test_past_its_limit_the_entries_used_longest_ago_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(webcache, "TOUCH_EVERY", 0.0)  # every read counts as a use
    cache = WebCache.open(tmp_path / "web.db", max_bytes=50_000)
    assert cache is not None
    for number in range(4):
        cache.put_page(f"https://s.example/{number}", "", "x" * 10_000)
        time.sleep(0.01)
    assert cache.page("https://s.example/0") is not None  # used: now the freshest
    time.sleep(0.01)
    cache.put_page("https://s.example/4", "", "y" * 10_000)
    cache.put_page("https://s.example/5", "", "z" * 10_000)
    kept = {n for n in range(6) if cache.page(f"https://s.example/{n}") is not None}
    assert 0 in kept and 5 in kept
    assert 1 not in kept and 2 not in kept
    assert cache.info().stored_bytes <= 50_000


def test_reading_again_soon_writes_nothing(tmp_path: Path) -> None:
    cache = WebCache.open(tmp_path / "web.db")
    assert cache is not None
    cache.put_page("https://s.example/", "", "text")
    used = cache._db.execute("SELECT used_at FROM pages").fetchone()[0]
    changes = cache._db.total_changes
    assert cache.page("https://s.example/") is not None
    assert cache._db.total_changes == changes
    cache._db.execute("UPDATE pages SET used_at = ?", (used - 3600,))
    assert cache.page("https://s.example/") is not None  # an hour later: the use is noted
    assert cache._db.execute("SELECT used_at FROM pages").fetchone()[0] >= used


def test_clear_empties_it_and_gives_the_space_back(tmp_path: Path) -> None:
    cache = WebCache.open(tmp_path / "web.db")
    assert cache is not None
    for number in range(50):
        cache.put_page(f"https://s.example/{number}", "", "words " * 4000)
    full = cache.info().file_bytes
    before = cache.clear()
    assert before.pages == 50
    after = cache.info()
    assert (after.pages, after.images, after.stored_bytes) == (0, 0, 0)
    assert after.file_bytes < full / 10


def test_a_damaged_file_is_put_aside_and_a_new_one_started(tmp_path: Path) -> None:
    path = tmp_path / "web.db"
    path.write_bytes(b"this is not a database" * 100)
    cache = WebCache.open(path)
    assert cache is not None and cache.info().pages == 0
    assert [p.name.startswith("web.db.damaged-") for p in tmp_path.iterdir()].count(True) == 1


def test_another_programs_database_is_not_written_into(tmp_path: Path) -> None:
    path = tmp_path / "web.db"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        other.execute("INSERT INTO meta VALUES ('schema', '99')")
    cache = WebCache.open(path)
    assert cache is not None
    assert any(p.name.startswith("web.db.damaged-") for p in tmp_path.iterdir())


def test_a_cache_that_cannot_be_made_says_why(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(CacheError):
        WebCache.open(blocker / "web.db")


def test_threads_share_it(tmp_path: Path) -> None:
    cache = WebCache.open(tmp_path / "web.db")
    assert cache is not None

    def write(start: int) -> None:
        for number in range(start, start + 20):
            cache.put_page(f"https://s.example/{number}", "", str(number))
            assert cache.page(f"https://s.example/{number}") is not None

    threads = [threading.Thread(target=write, args=(n * 100,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.info().pages == 80


def test_two_processes_worth_of_connections_at_once(tmp_path: Path) -> None:
    first = WebCache.open(tmp_path / "web.db")
    second = WebCache.open(tmp_path / "web.db")
    assert first is not None and second is not None
    first.put_page("https://s.example/1", "", "one")
    second.put_page("https://s.example/2", "", "two")
    assert first.page("https://s.example/2") is not None
    assert second.page("https://s.example/1") is not None
