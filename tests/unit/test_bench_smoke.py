"""bench/run.py --smoke: the harness runs end to end (it asserts no timing target)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.run import TARGET_NAMES

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.bench  # a CI step of its own (.ci/run)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pty and /proc: Linux only")
def test_smoke_run_measures_every_target(tmp_path: Path) -> None:
    env = dict(os.environ)
    for name in ("DATA", "CONFIG", "CACHE"):
        (tmp_path / name.lower()).mkdir()
        env[f"XDG_{name}_HOME"] = str(tmp_path / name.lower())
    env["TMPDIR"] = str(tmp_path)
    out = tmp_path / "RESULTS.md"
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--smoke", "--out", str(out)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    for name in TARGET_NAMES:
        assert name in done.stdout, name
    written = out.read_text(encoding="utf-8")
    for name in TARGET_NAMES:
        assert name in written, name
    assert "--smoke" in written
    assert "ERROR" not in done.stdout
