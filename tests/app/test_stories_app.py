"""Stories in the app: one row per story, its coverage badge, "Also covered by", marks
that act on the whole story, the toggle (issue 10)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.config import Config
from reader.widgets.article_list import ArticleList
from reader.widgets.related_list import RelatedList
from reader.widgets.status_bar import StatusBar
from reader.widgets.topic_sidebar import TopicSidebar
from tests.app.helpers import detail_text, loaded, until
from tests.factories import write_article

CHIP = "Tessellate unveils the T9 inference accelerator with 288GB of HBM5 memory"


@pytest.fixture
def story_dir(tmp_path: Path) -> Path:
    """One story told by three outlets, and unrelated articles around it."""
    folder = tmp_path / "stories"
    outlets = [
        ("ledger", CHIP, "The Circuit Ledger", 81, "2026-11-23T07:40:00Z"),
        (
            "node",
            "Tessellate T9 brings 288GB of HBM5 to the inference fight",
            "Node & Nanometer",
            63,
            "2026-11-23T15:20:00Z",
        ),
        (
            "prairie",
            "Tessellate's T9 is fast: can it ship enough of them?",
            "Silicon Prairie Journal",
            44,
            "2026-11-23T10:05:00Z",
        ),
    ]
    for name, title, provider, quality, when in outlets:
        write_article(
            folder,
            name,
            title=title,
            excerpt="Tessellate's T9 inference accelerator pairs 288GB of stacked HBM5 memory "
            "with a sparse-attention engine; volume shipments start in 2027.",
            quality=quality,
            heat=None,
            provider={"name": provider, "domain": f"{name}.example"},
            topics=["Chips", "AI"],
            publishedDateTime=when,
        )
    for i, subject in enumerate(["gardening robots", "tidal power", "bird migration"]):
        write_article(
            folder,
            f"other-{i}",
            title=f"A long read on {subject}",
            excerpt=f"Everything about {subject}, part {i}.",
            quality=90 - i,
            heat=None,
            topics=["AI"],
            publishedDateTime=f"2026-11-{10 + i}T09:00:00Z",
        )
    return folder


def rows(app: object) -> list[str]:
    articles = app.query_one(ArticleList)  # type: ignore[attr-defined]
    return [
        articles.row_strip(i, 100, articles.rich_style, None).text
        for i in range(articles.row_count)
    ]


async def test_a_story_is_one_row_with_its_coverage(make_app, story_dir: Path) -> None:
    app = make_app(story_dir)
    async with app.run_test(size=(160, 40)) as pilot:
        await loaded(pilot)
        shown = rows(app)
        assert len(shown) == 4  # the story, then three articles alone
        story_rows = [row for row in shown if "Tessellate" in row]
        assert len(story_rows) == 1
        # The lead: the hottest (estimated: quality 81 + 10 × 2 others), with its badge.
        assert CHIP[:40] in story_rows[0] and "+2" in story_rows[0] and "~101" in story_rows[0]
        status = app.query_one(StatusBar).text
        assert "4 stories (6 articles)" in status and "4 unread" in status
        sidebar = {row.topic: row for row in app.query_one(TopicSidebar).topics}
        assert (sidebar["Chips"].total, sidebar["Chips"].unread) == (1, 1)
        await pilot.press("c")  # one row per article
        await pilot.pause()
        assert len(rows(app)) == 6
        assert not any("+2" in row for row in rows(app))
        assert "6 articles" in app.query_one(StatusBar).text
        sidebar = {row.topic: row for row in app.query_one(TopicSidebar).topics}
        assert sidebar["Chips"].total == 3


async def test_also_covered_by_lists_the_other_outlets(make_app, story_dir: Path) -> None:
    app = make_app(story_dir)
    async with app.run_test(size=(160, 40)) as pilot:
        await loaded(pilot)
        assert app.query_one(ArticleList).current.title == CHIP  # type: ignore[union-attr]
        related = app.query_one(RelatedList)
        assert await until(pilot, lambda: related.option_count == 3)
        prompts = [str(related.get_option_at_index(i).prompt) for i in range(3)]
        assert prompts[0] == "Also covered by (2)"
        assert "Tessellate T9 brings 288GB" in prompts[1] and "Node & Nanometer" in prompts[1]
        assert "Silicon Prairie Journal" in prompts[2] and "in this folder" in prompts[2]
        assert "estimated: quality 81 + 10 × 2 more in its story" in detail_text(app)
        related.focus()
        await pilot.press("enter")  # opens the other outlet's article in place
        assert await until(pilot, lambda: "Node & Nanometer" in detail_text(app))
        await pilot.press("backspace")
        assert await until(pilot, lambda: "The Circuit Ledger" in detail_text(app))


async def test_marking_a_story_marks_every_article_of_it(make_app, story_dir: Path) -> None:
    app = make_app(story_dir)
    async with app.run_test(size=(160, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("m")
        await pilot.pause()
        story = [a for a in app.model.corpus.articles.values() if "Tessellate" in a.title]
        assert len(story) == 3 and all(a.id in app.model.flags.read for a in story)
        assert "3 unread" in app.query_one(StatusBar).text  # stories
        assert not rows(app)[0].startswith("●")
        await pilot.press("U")  # undone as one
        await pilot.pause()
        assert not any(a.id in app.model.flags.read for a in story)
        await pilot.press("c", "m")  # one row per article: m marks only that one
        await pilot.pause()
        assert sum(a.id in app.model.flags.read for a in story) == 1


async def test_per_article_marks_when_configured(make_app, story_dir: Path) -> None:
    app = make_app(story_dir, config=Config(story_marks=False))
    async with app.run_test(size=(160, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("m")
        await pilot.pause()
        story = [a for a in app.model.corpus.articles.values() if "Tessellate" in a.title]
        assert sum(a.id in app.model.flags.read for a in story) == 1
        assert "4 unread" in app.query_one(StatusBar).text  # the story still has unread


async def test_grouping_is_remembered_off_by_config(make_app, story_dir: Path) -> None:
    app = make_app(story_dir, config=Config(group_stories=False))
    async with app.run_test(size=(160, 40)) as pilot:
        await loaded(pilot)
        assert len(rows(app)) == 6
        assert "every article" in str(app.query_one(ArticleList).border_title)
