"""Build article files for tests (invented content only). The one article factory: the
unit tests' helpers use it with their own defaults."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

TEST_WIRE: dict[str, Any] = {
    "category": "news",
    "title": "Untitled test story",
    "excerpt": "An excerpt written for the tests.",
    "publishedDateTime": "2026-11-20T08:00:00Z",
    "type": "article",
    "provider": {"name": "Test Wire", "domain": "testwire.example"},
    "topics": ["AI"],
}


def article_data(defaults: dict[str, Any] = TEST_WIRE, **fields: Any) -> dict[str, Any]:
    """`defaults` with `fields` over them; `None` values drop the key."""
    data = {**defaults, **fields}
    return {key: value for key, value in data.items() if value is not None}


def front_matter(data: dict[str, Any], body: str = "") -> str:
    """A whole article file: `---`, the mapping as YAML, `---`, then the body."""
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + body


def article_text(**fields: Any) -> str:
    return front_matter(article_data(**fields))


def write_article(
    folder: Path,
    name: str,
    *,
    defaults: dict[str, Any] = TEST_WIRE,
    site: str = "https://testwire.example/",
    **fields: Any,
) -> Path:
    """Write a complete article; give `originalUrl`/`webUrl` to control identity.

    Without them the URL is derived from the file name, so every file is its own article.
    """
    slug = name if name.endswith(".md") else f"{name}.md"
    if "excerpt" not in fields and "excerpt" in defaults:
        # Each its own: files alike in all but their names would be one story (issue 10).
        fields["excerpt"] = "Notes on " + re.sub(r"[^A-Za-z0-9]+", " ", slug[:-3]).strip() + "."
    if "originalUrl" not in fields and "webUrl" not in fields:
        fields["originalUrl"] = site + slug[:-3].replace("/", "-")
        fields["webUrl"] = fields["originalUrl"]
    path = folder / slug
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as file:
        file.write(front_matter(article_data(defaults, **fields)))
    return path


def write_ranked(
    folder: Path,
    count: int,
    *,
    title: str = "Story number {i}",
    per_rank: Callable[[int], dict[str, Any]] | None = None,
    **fields: Any,
) -> Path:
    """`count` articles story-00, story-01, …, hottest first in that order (heat 90 - i);
    `title` is formatted with the rank `i`, `per_rank(i)` adds fields of its own."""
    for i in range(count):
        own = {
            "title": title.format(i=i),
            "heat": 90 - i,
            **fields,
            **(per_rank(i) if per_rank else {}),
        }
        write_article(folder, f"story-{i:02d}", **own)
    return folder
