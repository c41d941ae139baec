from __future__ import annotations

import os
from pathlib import Path

from reader.watch import full_signature, quick_signature


def test_quick_signature_sees_added_and_removed_files(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("x")
    before = quick_signature([str(tmp_path)])
    assert quick_signature([str(tmp_path)]) == before
    new = tmp_path / "sub"
    new.mkdir()
    (new / "b.md").write_text("y")
    after = quick_signature([str(tmp_path)])
    assert after != before
    os.utime(new, ns=(1, 1))  # a nested change alone is also seen
    (new / "b.md").unlink()
    assert quick_signature([str(tmp_path)]) != after


def test_full_signature_sees_in_place_edits(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text("one")
    before = full_signature([str(tmp_path)])
    article.write_text("two, longer")
    assert full_signature([str(tmp_path)]) != before


def test_missing_paths_and_loops_are_fine(tmp_path: Path) -> None:
    (tmp_path / "loop").symlink_to(tmp_path)
    assert quick_signature([str(tmp_path), str(tmp_path / "missing")])
    assert full_signature([str(tmp_path / "missing")])
