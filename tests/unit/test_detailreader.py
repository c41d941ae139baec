"""The detail pane's reader thread: reads ahead, keeps what it read, asked-for first."""

from __future__ import annotations

import threading
from pathlib import Path

from reader.corpus import load_corpus
from reader.detailreader import DetailReader
from reader.model import Article, ArticleDetail
from tests.factories import write_ranked


def articles(tmp_path: Path, count: int = 6) -> list[Article]:
    folder = write_ranked(tmp_path / "news", count)
    corpus = load_corpus([str(folder)], use_index=False)
    return sorted(corpus.articles.values(), key=lambda a: a.path)


def test_reads_ahead_and_keeps_only_for_the_same_summary(tmp_path: Path) -> None:
    rows = articles(tmp_path)
    got: list[tuple[str, bool]] = []
    done = threading.Event()

    def on_read(article: Article, detail: object, now: bool) -> None:
        assert isinstance(detail, ArticleDetail) and detail.article.id == article.id
        reader.keep(article, detail)  # (the UI does this when the message arrives)
        got.append((article.id, now))
        if len(got) == 3:
            done.set()

    reader = DetailReader(on_read)
    try:
        reader.read_ahead(rows[:3])
        assert done.wait(10)
        assert [i for i, _ in got] == [a.id for a in rows[:3]]
        assert not any(now for _, now in got)
        assert reader.kept(rows[0]) is not None
        assert reader.kept(rows[0]._replace(title="Changed on disk since")) is None
        assert reader.kept(rows[4]) is None
    finally:
        reader.close()


def test_asked_for_now_goes_first_and_kept_ones_are_not_read_again(tmp_path: Path) -> None:
    rows = articles(tmp_path)
    order: list[tuple[str, bool]] = []
    gate, done = threading.Event(), threading.Event()

    def on_read(article: Article, detail: object, now: bool) -> None:
        gate.wait(10)  # hold the thread on its first file while more is asked for
        order.append((article.id, now))
        if len(order) == 3:
            done.set()

    reader = DetailReader(on_read, keep=2)
    try:
        reader.read_ahead([rows[0], rows[1]])
        reader.read_ahead([rows[2]])  # replaces what was still waiting
        reader.read_now(rows[5])
        gate.set()
        assert done.wait(10)
        assert order[1:] == [(rows[5].id, True), (rows[2].id, False)]
        for row in rows[:3]:
            reader.keep(row, ArticleDetail(row))
        assert reader.kept(rows[0]) is None  # only the last two are kept
        assert reader.kept(rows[2]) is not None
    finally:
        reader.close()
