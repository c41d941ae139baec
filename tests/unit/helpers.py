"""Small builders for the unit tests (invented content only)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from reader import ingest
from reader.model import Article, Provider
from tests import factories
from tests.factories import front_matter as front_matter

COASTAL_DAILY: dict[str, Any] = {
    "category": "news",
    "title": "Lighthouse keepers adopt solar lamps",
    "excerpt": "A short invented excerpt.",
    "publishedDateTime": datetime(2026, 3, 5, 9, 30, tzinfo=timezone.utc),
    "originalUrl": "https://coastal-daily.example/solar-lamps",
    "webUrl": "https://coastal-daily.example/solar-lamps",
    "type": "article",
    "quality": 70,
    "heat": 55,
    "published": True,
    "provider": {"name": "Coastal Daily", "domain": "coastal-daily.example"},
    "topics": ["Energy", "Maritime"],
}


def article_data(**fields: Any) -> dict[str, Any]:
    """A typical, complete front-matter mapping; `None` values drop the key."""
    return factories.article_data(COASTAL_DAILY, **fields)


def write(folder: Path, name: str, text: str | bytes) -> Path:
    """Write literal text (UTF-8) or bytes to folder/name, creating folders."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def write_article(folder: Path, name: str, **fields: Any) -> Path:
    """A complete article (tests/factories.py) with the unit tests' defaults; the URL is
    derived from the file name unless `originalUrl`/`webUrl` are given."""
    stem = name.removesuffix(".md").replace("/", "-")
    fields.setdefault("originalUrl", f"https://coastal-daily.example/{stem}")
    fields.setdefault("webUrl", fields["originalUrl"])
    return factories.write_article(folder, name, defaults=COASTAL_DAILY, **fields)


def make_article(
    article_id: str,
    *,
    heat: int | None = None,
    quality: int | None = None,
    published_at: datetime | None = None,
    topics: tuple[str, ...] = (),
    published: bool = True,
    title: str | None = None,
) -> Article:
    """An Article summary built directly, for the query tests."""
    return Article(
        id=article_id,
        path=f"/articles/{article_id}.md",
        title=title if title is not None else f"Story {article_id}",
        url=f"https://example.test/{article_id}",
        heat=heat,
        quality=quality,
        published_at=published_at,
        provider=Provider("Test Wire", "testwire.example"),
        topics=topics,
        published=published,
    )


def track_parsing(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """From now on, the path of every file the ingest parses (a warm load parses none)."""
    parsed: list[str] = []
    real = ingest.parse_file

    def tracking(path: str, **options: bool):  # type: ignore[no-untyped-def]
        parsed.append(path)
        return real(path, **options)

    monkeypatch.setattr(ingest, "parse_file", tracking)
    return parsed
