"""The first screen from the index must match what the full load shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.make_corpus import generate
from reader.ingest import load
from reader.paths import state_db_path
from reader.preview import preview
from reader.query import STARRED, UNREAD, Counts, Sort
from reader.state import StateStore
from reader.views import View, select
from tests.factories import write_article


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    generate(250, tmp_path / "gen", seed=3)
    root = tmp_path / "gen" / "_news"
    url = "https://dup.example/x"
    write_article(root, "dup-b", title="Dup B", originalUrl=url, heat=77, topics=["AI"])
    write_article(root, "dup-a", title="Dup A", originalUrl=url, heat=77, topics=["AI"])
    # A story told by three outlets (one row per story in a view of stories).
    excerpt = (
        "Tessellate's T9 inference accelerator pairs 288GB of stacked HBM5 memory with a "
        "sparse-attention engine; volume shipments start in 2027."
    )
    for name, title in [
        ("t9-a", "Tessellate unveils the T9 inference accelerator with 288GB of HBM5"),
        ("t9-b", "Tessellate T9 brings 288GB of HBM5 to the inference fight"),
        ("t9-c", "Tessellate's T9 is fast: can it ship enough of them?"),
    ]:
        write_article(
            root,
            name,
            title=title,
            excerpt=excerpt,
            quality=95,
            heat=None,
            topics=["AI", "Robotics"],
            publishedDateTime="2025-06-01T09:00:00Z",
        )
    return root


VIEWS = [
    View(),
    View(unread_only=True),
    View(show_unpublished=True, sort=Sort.DATE),
    View(topic="AI", sort=Sort.QUALITY),
    View(topic="Robotics", unread_only=True),
    View(topic=UNREAD),
    View(stories=True),
    View(stories=True, unread_only=True, sort=Sort.DATE),
    View(topic="Robotics", stories=True),
]


@pytest.mark.parametrize("view", VIEWS, ids=repr)
def test_preview_matches_the_full_load(folder: Path, view: View) -> None:
    corpus = load([str(folder)])
    ids = sorted(corpus.articles)
    store = StateStore.open(state_db_path())
    store.set_read([(i, "") for i in ids[::4]], True)
    store.set_starred([(i, "") for i in ids[::7]], True)
    read, starred = store.read_ids(), store.starred_ids()
    store.close()

    shown = preview(str(folder), view, state_db_path(), limit=30)
    assert shown is not None
    expected = select(corpus.articles.values(), view, read, starred)
    assert shown.articles == expected[:30]
    if view.stories:
        assert any(a.story_size == 3 for a in expected)  # the story is one row
    counts = Counts(
        corpus.articles.values(), read, starred, view.show_unpublished, stories=view.stories
    )
    assert shown.everything == counts.everything
    assert shown.starred == counts.starred
    assert shown.per_topic == counts.per_topic()


def test_no_preview_without_a_fresh_index(folder: Path) -> None:
    assert preview(str(folder), View(), state_db_path()) is None  # never loaded
    load([str(folder)])
    assert preview(str(folder), View(), state_db_path()) is not None
    write_article(folder, "new", title="New")
    assert preview(str(folder), View(), state_db_path()) is None  # a file was added
    assert preview(str(folder), View(topic=STARRED), state_db_path()) is None


def test_the_preview_checks_folders_not_every_file(folder: Path) -> None:
    """A stat per folder: files added, removed or renamed anywhere below are seen; a file
    edited in place is not (the full load that follows shows it), unlike `reader list`'s
    exact check."""
    from reader.views import IndexSource

    sub = folder / "2026" / "11"
    write_article(sub, "deep", title="Deep")
    load([str(folder)])
    assert preview(str(folder), View(), state_db_path()) is not None
    (sub / "deep.md").write_text((sub / "deep.md").read_text().replace("Deep", "Edited"))
    assert preview(str(folder), View(), state_db_path()) is not None
    assert IndexSource([str(folder)], state_db_path()).select(View(), 10) is None
    load([str(folder)])
    (sub / "deep.md").rename(sub / "renamed.md")
    assert preview(str(folder), View(), state_db_path()) is None  # in a subfolder
    load([str(folder)])
    assert preview(str(folder), View(), state_db_path()) is not None
    (sub / "renamed.md").unlink()
    assert preview(str(folder), View(), state_db_path()) is None
