"""Parse workers never import code from the folder the user happens to be in."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from reader.ingest import PARALLEL_FROM
from tests.factories import article_text

# The installed console script: unlike `python -c`, it doesn't put the working directory
# on sys.path itself, so only the workers could pick the trap up.
READER = [str(Path(sys.executable).parent / "reader")]


def test_a_reader_package_in_the_working_directory_is_not_run(tmp_path: Path) -> None:
    trap = tmp_path / "cwd" / "reader"
    trap.mkdir(parents=True)
    marker = tmp_path / "ran"
    (trap / "__init__.py").write_text(f"open({str(marker)!r}, 'w').write('ran')\n")
    (trap / "ingest.py").write_text(f"open({str(marker)!r}, 'w').write('ran')\n")
    news = tmp_path / "news"
    news.mkdir()
    count = PARALLEL_FROM + 76  # enough new files for the worker processes
    for n in range(count):
        (news / f"story-{n}.md").write_text(
            article_text(title=f"Story {n}", heat=n % 100, originalUrl=f"https://x.example/{n}"),
            encoding="utf-8",
        )
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    env.pop("PYTHONPATH", None)
    done = subprocess.run(
        [*READER, "list", "--limit", "3", str(news)],
        cwd=trap.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert not marker.exists(), "a worker imported the working directory's reader package"
    assert "Story" in done.stdout
    topics = subprocess.run(
        [*READER, "topics", str(news)],
        cwd=trap.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert f"{count}" in topics.stdout
