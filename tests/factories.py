"""Build article files for tests (invented content only)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def article_text(**fields: Any) -> str:
    data: dict[str, Any] = {
        "category": "news",
        "title": "Untitled test story",
        "excerpt": "An excerpt written for the tests.",
        "publishedDateTime": "2026-11-20T08:00:00Z",
        "type": "article",
        "provider": {"name": "Test Wire", "domain": "testwire.example"},
        "topics": ["AI"],
    }
    data.update(fields)
    data = {k: v for k, v in data.items() if v is not None}
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n"


def write_article(folder: Path, name: str, **fields: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    slug = name if name.endswith(".md") else f"{name}.md"
    if "originalUrl" not in fields and "webUrl" not in fields:
        fields["originalUrl"] = f"https://testwire.example/{slug[:-3]}"
        fields["webUrl"] = fields["originalUrl"]
    path = folder / slug
    path.write_text(article_text(**fields), encoding="utf-8")
    return path
