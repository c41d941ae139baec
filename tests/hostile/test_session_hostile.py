"""A session.json the app did not write: wrong types are dropped, the app still starts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reader.session import Session, corpus_key
from reader.widgets.article_list import ArticleList
from tests.app.helpers import loaded

HOSTILE_VIEWS: list[Any] = [
    {"topic": 5, "sort": ["heat"], "query": 7},
    {"topic": {"a": 1}, "sort": "nonsense", "query": None, "unread_only": "yes", "article_id": []},
    {"topic": "[/]", "query": "[/] heat>", "article_id": "[/]"},
    "not a table",
    [1, 2, 3],
]


@pytest.mark.parametrize("view", HOSTILE_VIEWS)
async def test_the_app_starts_with_a_hostile_saved_view(
    make_app, corpus_dir: Path, tmp_path: Path, view: Any
) -> None:
    path = tmp_path / "session.json"
    path.write_text(
        json.dumps({"theme": ["x"], "views": {corpus_key([str(corpus_dir)]): view}}),
        encoding="utf-8",
    )
    app = make_app(session=Session(path))
    async with app.run_test(size=(140, 40)) as pilot:
        await loaded(pilot)
        assert app.is_running
        assert app.query_one(ArticleList).articles  # the list is there, not an error screen


@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe not utf-8", b"[", b'{"views": {"k": {"topic": 5}}}', b"1" * 10_000, b"null"],
)
def test_a_bad_file_is_ignored_and_said_so(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "session.json"
    path.write_bytes(content)
    session = Session(path)
    assert session.view("k").topic is None
    assert session.notice.startswith("Ignored")
    assert str(path) in session.notice


def test_good_fields_survive_beside_bad_ones(tmp_path: Path) -> None:
    path = tmp_path / "session.json"
    path.write_text(json.dumps({"views": {"k": {"topic": 5, "sort": "date", "query": "ai"}}}))
    session = Session(path)
    assert session.view("k").sort == "date"
    assert session.view("k").query == "ai"
    assert session.view("k").topic is None
    assert "topic was 5" in session.notice
