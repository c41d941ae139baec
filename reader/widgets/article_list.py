"""The article list: one line per article, hottest first, drawn lazily."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter, indexOf
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.message import Message
from textual.strip import Strip

from reader.formatting import age, number
from reader.layout import list_columns
from reader.model import Article
from reader.search import highlight_spans
from reader.textsafe import one_line
from reader.textwidth import fit
from reader.updates import Flags
from reader.widgets.line_list import LineList

_article_id = attrgetter("id")
UNPUBLISHED_MARK = "⊘ "  # before the title of an article the archive's site does not publish


class ArticleList(LineList):
    COMPONENT_CLASSES: ClassVar[set[str]] = LineList.COMPONENT_CLASSES | {
        "article-list--unread",
        "article-list--read",
        "article-list--marker",
        "article-list--hot",
        "article-list--warm",
        "article-list--cool",
        "article-list--meta",
        "article-list--unpublished",
        "article-list--star",
        "article-list--match",
    }
    empty_text = "Loading…"

    @dataclass
    class Highlighted(Message):
        article: Article | None

    @dataclass
    class Opened(Message):
        article: Article

    def __init__(self, now: Callable[[], datetime], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._now = now
        self._articles: Sequence[Article] = ()
        self._flags = Flags()  # the model's; read here, never changed here
        self._highlights: tuple[str, ...] = ()
        self._number_column = "heat"  # or "quality", when the list is sorted by it

    @property
    def row_count(self) -> int:
        return len(self._articles)

    @property
    def articles(self) -> Sequence[Article]:
        return self._articles

    @property
    def current(self) -> Article | None:
        """The article under the cursor now (what m, s, o and y act on)."""
        return self._articles[self.cursor] if self._articles else None

    def set_articles(
        self,
        articles: Sequence[Article],
        flags: Flags,
        *,
        keep: str | None = None,
        first: bool = False,
        highlights: tuple[str, ...] = (),
        number_column: str = "heat",
    ) -> None:
        """Show `articles`; the cursor goes to article `keep` if given and listed, to the
        top if `first` and the user has not moved, else stays on the article it was on."""
        current = self.current
        self._articles = articles
        self._flags = flags
        self._highlights = highlights
        if number_column != self._number_column:
            self._number_column = number_column
            self._row_cache.clear()
        if first and not self.moved_by_user:
            keep = None
        elif keep is None and current is not None:
            keep = current.id
        index = self._index_of(keep, current) if keep is not None else 0
        self.rows_changed(index)
        if not articles:
            self.post_message(self.Highlighted(None))

    def _index_of(self, article_id: str, current: Article | None) -> int:
        articles = self._articles
        if current is not None and current.id == article_id and isinstance(articles, list):
            try:
                return articles.index(current)  # in C, by identity first: fast at 100k
            except ValueError:
                pass  # changed on disk since, or not in this list: find it by id
        try:
            return indexOf(map(_article_id, articles), article_id)  # a C loop too
        except ValueError:
            return 0

    def flags_changed(self) -> None:
        """The model's flags changed: repaint (rows are redrawn from their keys)."""
        self.refresh()

    def go_to(self, article_id: str) -> bool:
        try:
            self.cursor = indexOf(map(_article_id, self._articles), article_id)
        except ValueError:
            return False
        return True

    def row_key(self, index: int) -> Hashable:
        article = self._articles[index]
        minute = int(self._now().timestamp() // 60)  # the age column moves with the clock
        return (
            article,
            article.id in self._flags.read,
            article.id in self._flags.starred,
            minute,
            self._highlights,
        )

    def row_strip(self, index: int, width: int, base: Style, cursor: Style | None) -> Strip:
        """One row as segments (no Text to lay out: a page of new rows is drawn per key):
        read mark, star, number, title (search matches marked), provider, age."""
        article = self._articles[index]
        style = self.component_style
        is_read = article.id in self._flags.read
        value = article.quality if self._number_column == "quality" else article.heat
        heat_class = (
            "article-list--cool"
            if value is None or value < 50
            else "article-list--warm"
            if value < 80
            else "article-list--hot"
        )
        columns = list_columns(width)
        title_style = style("article-list--read" if is_read else "article-list--unread")
        title = one_line(article.title, 1000)
        if not article.published:
            title_style += style("article-list--unpublished")
            title = UNPUBLISHED_MARK + title
        title = fit(title, columns.title)
        meta = style("article-list--meta")
        # (text, style) in order; each drawn over the base style, and the cursor's last.
        parts: list[tuple[str, Style]] = [
            (" " if is_read else "●", style("article-list--marker")),
            ("★" if article.id in self._flags.starred else " ", style("article-list--star")),
            (f" {number(value):>4} ", style(heat_class)),
        ]
        spans = highlight_spans(title, self._highlights) if self._highlights else []
        if spans:
            match = title_style + style("article-list--match")
            marked = [False] * len(title)
            for start, end in spans:
                marked[start:end] = [True] * (end - start)
            start = 0
            for position in range(1, len(title) + 1):
                if position == len(title) or marked[position] != marked[start]:
                    parts.append((title[start:position], match if marked[start] else title_style))
                    start = position
        else:
            parts.append((title, title_style))
        if columns.provider:
            parts.append(("  " + fit(one_line(article.provider.name, 200), columns.provider), meta))
        parts.append((f"{age(article.published_at, self._now()):>11}", meta))
        if cursor is not None:
            segments = [Segment(text, base + part + cursor) for text, part in parts if text]
            base = base + cursor
        else:
            segments = [Segment(text, base + part) for text, part in parts if text]
        return Strip(segments).adjust_cell_length(width, base)

    def row_moved(self, index: int) -> None:
        self.post_message(self.Highlighted(self._articles[index]))

    def row_selected(self, index: int) -> None:
        self.post_message(self.Opened(self._articles[index]))
