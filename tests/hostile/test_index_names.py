"""A file name that is not UTF-8 is indexed losslessly: the file loads, nothing else breaks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from reader.indexpaths import loaded_path, stored_path
from tests.factories import article_text

ODD = os.fsdecode(b"caf\xe9.md")  # byte 0xe9 alone is not UTF-8: a lone surrogate in Python


def test_stored_paths_round_trip() -> None:
    for path in ["/news/plain.md", "/news/é.md", "/news/" + ODD, "rel/" + ODD]:
        stored = stored_path(path)
        stored.encode("utf-8")  # SQLite text must be UTF-8
        assert loaded_path(stored) == path
    assert stored_path("/news/plain.md") == "/news/plain.md"  # ordinary paths unchanged


def test_every_command_loads_a_file_with_a_non_utf8_name(tmp_path: Path) -> None:
    news = tmp_path / "news"
    news.mkdir()
    (news / "plain.md").write_text(
        article_text(title="Plain story", originalUrl="https://x.example/plain"), encoding="utf-8"
    )
    odd = os.path.join(os.fsencode(news), b"caf\xe9.md")
    with open(odd, "w", encoding="utf-8") as handle:
        handle.write(article_text(title="Odd name story", originalUrl="https://x.example/odd"))
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(tmp_path / "d"),
        "XDG_CONFIG_HOME": str(tmp_path / "c"),
        "XDG_CACHE_HOME": str(tmp_path / "k"),
    }

    def reader(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "reader", *args, str(news)],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        return done.stdout + done.stderr

    for _ in range(2):  # the first run fills the index, the second reads from it
        listed = reader("list")
        assert "Plain story" in listed and "Odd name story" in listed
        assert "2 articles loaded" in reader("check")
        assert "2 unread" in reader("topics")
    assert "2 articles" in reader("index")
    assert "Odd name story" in reader("list")
