from __future__ import annotations

import os
from pathlib import Path

from reader.ingest import load
from reader.watch import current_files_signature, folders_changed
from tests.factories import write_article


def test_load_records_what_it_saw(tmp_path: Path) -> None:
    tmp_path = tmp_path / "news"  # beside, not above, the test's cache folder
    write_article(tmp_path, "a", title="A")
    corpus = load([str(tmp_path)])
    assert corpus.folders == {str(tmp_path): os.stat(tmp_path).st_mtime_ns}
    assert corpus.files_signature == current_files_signature([str(tmp_path)])
    warm = load([str(tmp_path)])  # from the index: the same record
    assert warm.files_signature == corpus.files_signature


def test_folders_changed_sees_added_and_removed_files(tmp_path: Path) -> None:
    tmp_path = tmp_path / "news"
    sub = tmp_path / "sub"
    write_article(sub, "a", title="A")
    corpus = load([str(tmp_path)])
    assert not folders_changed(corpus.folders)
    write_article(sub, "b", title="B")
    assert folders_changed(corpus.folders)
    corpus = load([str(tmp_path)])
    (sub / "a.md").unlink()
    assert folders_changed(corpus.folders)


def test_a_vanished_folder_counts_as_a_change(tmp_path: Path) -> None:
    assert folders_changed({str(tmp_path / "gone"): 1})


def test_files_signature_sees_in_place_edits(tmp_path: Path) -> None:
    tmp_path = tmp_path / "news"
    path = write_article(tmp_path, "a", title="A")
    corpus = load([str(tmp_path)])
    path.write_text(path.read_text() + "\n")
    os.utime(tmp_path, ns=(1, corpus.folders[str(tmp_path)]))  # the folder looks untouched
    assert not folders_changed(corpus.folders)
    assert current_files_signature([str(tmp_path)]) != corpus.files_signature


def test_loops_and_missing_paths_are_fine(tmp_path: Path) -> None:
    (tmp_path / "loop").symlink_to(tmp_path)
    assert current_files_signature([str(tmp_path), str(tmp_path / "missing")])
