"""The first rows of a list by heat, read from the index without sorting every row, are
exactly the first rows of the full order (reader/indexquery.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.make_corpus import generate
from reader.corpus import load_corpus
from reader.index import Index, RowReader
from tests.factories import write_article


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    generate(400, tmp_path / "gen", seed=11)
    news = tmp_path / "gen" / "_news"
    # No heat, quality 80: alone it sorts below the hottest; told by five outlets it sorts
    # by 80 + 10 × 4 = 120, above every heat a file has.
    for outlet in ("one", "two", "three", "four", "five"):
        write_article(
            news,
            f"harbour-{outlet}",
            title="Harbour pilots in Veldmark test crane robots at night",
            excerpt="Veldmark's harbour pilots tested crane robots at night, the port said.",
            quality=80,
            heat=None,
            related=None,
            topics=["AI"],
            provider={"name": f"The {outlet} post", "domain": f"{outlet}.example"},
            publishedDateTime="2024-03-01T08:00:00Z",
            site=f"https://{outlet}.example/",
        )
    return news


def test_the_first_rows_by_heat_are_those_of_the_full_order(folder: Path) -> None:
    load_corpus([str(folder)])  # builds the index and saves the grouping
    index = Index.open(str(folder))
    assert index is not None
    reader = RowReader()
    try:
        for topic, show_unpublished in ((None, True), (None, False), ("AI", False)):

            def rows(limit: int | None, topic: str | None = topic, shown: bool = show_unpublished):
                return index.query(
                    sort="heat",
                    topic=topic,
                    unread_only=False,
                    show_unpublished=shown,
                    limit=limit,
                    state_db=None,
                )

            everything = rows(None)
            lifted = [
                article
                for row, story, size in everything
                if (article := reader.article(row, story=story, story_size=size)) is not None
                and article.heat is None
                and size > 1
            ]
            assert lifted, "the case this is about: articles a story sorts higher"
            top = [row for row, _story, _size in everything[:10]]
            assert any("harbour" in row[0] for row in top), "lifted into the first ten"
            for limit in (1, 3, 10, 40, 150, len(everything) + 5):
                assert rows(limit) == everything[:limit], (topic, show_unpublished, limit)
    finally:
        index.close()
