"""bench/fulltext.py --smoke: the full-text bench runs end to end (it asserts no timing)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.bench  # a CI step of its own (.ci/run)


def test_the_full_text_bench_runs() -> None:
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    done = subprocess.run(
        [sys.executable, "-m", "bench.fulltext", "--smoke"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    for row in (
        "f → full text, local server, ~270 words",
        "f → full text, local server, ~4,200 words",
        "enter → full text, cache, ~270 words",
        "enter → full text, cache, ~4,200 words",
        "peer: enter → article with nothing to fetch",
    ):
        assert row in done.stdout, row
    assert "requests: 4 while fetching, 0 while reading from the cache" in done.stdout
    assert "Machine: " in done.stdout


def test_its_section_of_results_is_its_own(tmp_path: Path) -> None:
    from bench.fulltext import BEGIN, END, write_section

    results = tmp_path / "RESULTS.md"
    results.write_text("# Results\n\n<!-- bench:begin -->\nrun.py's\n<!-- bench:end -->\n")
    write_section(results, f"{BEGIN}\nfirst\n{END}")
    write_section(results, f"{BEGIN}\nsecond\n{END}")
    text = results.read_text()
    assert "run.py's" in text and "second" in text and "first" not in text
    assert text.count(BEGIN) == 1
