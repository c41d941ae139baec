"""The article list: one line per article, hottest first, drawn lazily."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter, indexOf
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.message import Message
from textual.strip import Strip

from reader.formatting import age, heat_text, number
from reader.layout import list_columns
from reader.model import Article
from reader.providers import shown_name
from reader.search import highlight_spans
from reader.textsafe import one_line
from reader.textwidth import fit
from reader.updates import Flags
from reader.widgets.line_list import LineList

_article_id = attrgetter("id")
UNPUBLISHED_MARK = "⊘ "  # before the title of an article the archive's site does not publish
VIDEO_MARK = "▶ "  # before the title of a `type: video` article


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
        "article-list--coverage",
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
        self._stories = False  # rows are stories: a badge says how many more cover each
        self._provider_names: Mapping[str, str] = {}  # domain → the name it is shown under

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
        stories: bool = False,
        provider_names: Mapping[str, str] | None = None,
    ) -> None:
        """Show `articles`; the cursor goes to article `keep` if given and listed, to the
        top if `first` and the user has not moved, else stays on the article it was on."""
        current = self.current
        self._articles = articles
        self._flags = flags
        self._highlights = highlights
        names = provider_names if provider_names is not None else {}
        if (number_column, stories) != (self._number_column, self._stories) or (
            names is not self._provider_names
        ):
            self._number_column, self._stories = number_column, stories
            self._provider_names = names
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
            self._flags.row_unread(article),
            article.id in self._flags.starred,
            minute,
            self._highlights,
        )

    def row_strip(self, index: int, width: int, base: Style, cursor: Style | None) -> Strip:
        """One row as segments (no Text to lay out: a page of new rows is drawn per key):
        read mark, star, number, title (search matches marked), provider, age."""
        article = self._articles[index]
        style = self.component_style
        is_read = not self._flags.row_unread(article)
        quality_column = self._number_column == "quality"
        value = article.quality if quality_column else article.sort_heat
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
        if article.kind == "video":
            title = VIDEO_MARK + title
        if not article.listed:
            title_style += style("article-list--unpublished")
            title = UNPUBLISHED_MARK + title
        # In a view of stories, how many other articles tell it, right after the title.
        badge = f" +{article.story_size - 1}" if self._stories and article.story_size > 1 else ""
        title = fit(title, columns.title - len(badge))
        meta = style("article-list--meta")
        shown = number(value) if quality_column else heat_text(article)
        # (text, style) in order; each drawn over the base style, and the cursor's last.
        parts: list[tuple[str, Style]] = [
            (" " if is_read else "●", style("article-list--marker")),
            ("★" if article.id in self._flags.starred else " ", style("article-list--star")),
            (f" {shown:>4} ", style(heat_class)),
        ]
        if badge:
            title = title.rstrip()
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
        if badge:
            parts.append((badge, style("article-list--coverage")))
            parts.append((" " * (columns.title - cell_len(title) - len(badge)), base))
        if columns.provider:
            name = shown_name(article.provider, self._provider_names)
            parts.append(("  " + fit(one_line(name, 200), columns.provider), meta))
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
