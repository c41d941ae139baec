"""Folder links: never out of the given folders unless asked, never into /proc, /sys, /dev."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader import walk
from reader.model import Problem, Severity
from tests.factories import article_text


@pytest.fixture(autouse=True)
def _default_following() -> Iterator[None]:
    walk.follow_links_outside(False)
    yield
    walk.follow_links_outside(False)


def _article(path: Path, title: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    slug = title.lower().replace(" ", "-")
    path.write_text(
        article_text(title=title, originalUrl=f"https://x.example/{slug}"), encoding="utf-8"
    )


def _found(*roots: Path) -> tuple[list[str], list[Problem]]:
    problems: list[Problem] = []
    files = list(walk.discover([str(root) for root in roots], problems))
    return [os.path.basename(file) for file in files], problems


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """news/ with one article, a link to a sibling folder, and a link inside itself."""
    news = tmp_path / "news"
    _article(news / "own.md", "Own story")
    _article(news / "sub" / "nested.md", "Nested story")
    _article(tmp_path / "other" / "sibling.md", "Sibling story")
    (news / "sib").symlink_to(tmp_path / "other")
    (news / "again").symlink_to(news / "sub")
    return news


def test_link_out_of_the_folder_is_not_followed_and_says_so(tree: Path) -> None:
    names, problems = _found(tree)
    assert sorted(names) == ["nested.md", "own.md"]
    notes = [p for p in problems if p.path == str(tree / "sib")]
    assert len(notes) == 1 and notes[0].severity is Severity.NOTE
    assert "outside the folder" in notes[0].reason and "--follow-links" in notes[0].reason


def test_follow_links_reads_the_sibling(tree: Path) -> None:
    walk.follow_links_outside(True)
    names, problems = _found(tree)
    assert sorted(names) == ["nested.md", "own.md", "sibling.md"]
    assert not [p for p in problems if p.severity is not Severity.NOTE]


def test_link_into_another_given_folder_counts_as_inside(tree: Path) -> None:
    names, problems = _found(tree, tree.parent / "other")
    assert sorted(names) == ["nested.md", "own.md", "sibling.md"]
    assert not [p for p in problems if "outside" in p.reason]


def test_link_to_the_root_of_the_filesystem_finishes_at_once(tmp_path: Path) -> None:
    news = tmp_path / "news"
    _article(news / "own.md", "Own story")
    (news / "rootlink").symlink_to("/")
    names, problems = _found(news)
    assert names == ["own.md"]
    assert any(p.path == str(news / "rootlink") and "a link to /," in p.reason for p in problems)


@pytest.mark.parametrize("system", ["/proc", "/sys", "/dev"])
def test_system_folders_are_never_read_even_when_following(tmp_path: Path, system: str) -> None:
    walk.follow_links_outside(True)
    news = tmp_path / "news"
    _article(news / "own.md", "Own story")
    (news / "sys").symlink_to(system)
    names, problems = _found(news)
    assert names == ["own.md"]
    assert any("system folder: not read" in p.reason for p in problems)
    assert not any(p.path.startswith(str(news / "sys") + "/") for p in problems)


def test_system_folder_reached_through_a_followed_link_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `rootlink -> /` leads to /proc as a plain folder under the link; stand in a fake one.
    top = tmp_path / "top"
    fake_proc = top / "proc"
    _article(fake_proc / "inside.md", "Must not load")
    _article(top / "usr" / "fine.md", "Fine story")
    monkeypatch.setattr(walk, "_SYSTEM_FOLDERS", (str(fake_proc),))
    walk.follow_links_outside(True)
    news = tmp_path / "news"
    _article(news / "own.md", "Own story")
    (news / "rootlink").symlink_to(top)
    names, problems = _found(news)
    assert sorted(names) == ["fine.md", "own.md"]
    assert any(p.path == str(news / "rootlink" / "proc") for p in problems)


def test_system_folder_under_a_given_root_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `reader /` must not descend into /proc: the same rule with a stand-in.
    _article(tmp_path / "proc" / "inside.md", "Must not load")
    _article(tmp_path / "news" / "own.md", "Own story")
    monkeypatch.setattr(walk, "_SYSTEM_FOLDERS", (str(tmp_path / "proc"),))
    names, _problems = _found(tmp_path)
    assert names == ["own.md"]


def test_root_inside_a_system_folder_is_refused() -> None:
    names, problems = _found(Path("/proc/self"))
    assert names == []
    assert "system folder" in problems[0].reason


def test_cli_flag_and_notes(tree: Path, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(tmp_path / "d"),
        "XDG_CONFIG_HOME": str(tmp_path / "c"),
        "XDG_CACHE_HOME": str(tmp_path / "k"),
    }

    def reader(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "reader", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    default = reader("check", str(tree))
    assert default.returncode == 0, default.stderr  # a note is not a problem
    assert "2 articles loaded" in default.stderr
    assert f"note: {tree / 'sib'}: a link to" in default.stderr
    followed = reader("list", "--follow-links", str(tree))
    assert followed.returncode == 0, followed.stderr
    assert "Sibling story" in followed.stdout
    assert "Sibling story" not in reader("list", str(tree)).stdout
