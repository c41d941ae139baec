"""The article list: one line per article, hottest first, drawn lazily."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.message import Message

from reader.formatting import age, heat_text, number
from reader.layout import list_columns
from reader.model import Article
from reader.providers import shown_name
from reader.search import highlight_spans
from reader.textsafe import one_line
from reader.textwidth import fit
from reader.updates import Flags
from reader.widgets.line_list import LineList

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
                pass  # changed on disk since: find it by id
        return next((i for i, a in enumerate(articles) if a.id == article_id), 0)

    def flags_changed(self) -> None:
        """The model's flags changed: repaint (rows are redrawn from their keys)."""
        self.refresh()

    def go_to(self, article_id: str) -> bool:
        for index, article in enumerate(self._articles):
            if article.id == article_id:
                self.cursor = index
                return True
        return False

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

    def render_row(self, index: int, width: int, base: Style) -> Text:
        article = self._articles[index]
        style = self.get_component_rich_style
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
        text = Text(style=base)
        text.append(" " if is_read else "●", style("article-list--marker"))
        text.append("★" if article.id in self._flags.starred else " ", style("article-list--star"))
        shown = number(value) if quality_column else heat_text(article)
        text.append(f" {shown:>4} ", style(heat_class))
        title = one_line(article.title, 1000)
        if article.kind == "video":
            title = VIDEO_MARK + title
        if not article.listed:
            title_style += style("article-list--unpublished")
            title = UNPUBLISHED_MARK + title
        # In a view of stories, how many other articles tell it, right after the title.
        badge = f" +{article.story_size - 1}" if self._stories and article.story_size > 1 else ""
        title_start = len(text)
        fitted = fit(title, columns.title - len(badge))
        if badge:
            shown_title = fitted.rstrip()
            text.append(shown_title, title_style)
            text.append(badge, style("article-list--coverage"))
            text.append(" " * (columns.title - cell_len(shown_title) - len(badge)))
        else:
            text.append(fitted, title_style)
        if self._highlights:
            match_style = style("article-list--match")
            drawn = text.plain[title_start : title_start + len(fitted)]
            for start, end in highlight_spans(drawn, self._highlights):
                text.stylize(match_style, title_start + start, title_start + end)
        if columns.provider:
            name = shown_name(article.provider, self._provider_names)
            provider = fit(one_line(name, 200), columns.provider)
            text.append("  " + provider, style("article-list--meta"))
        when = age(article.published_at, self._now())
        text.append(f"{when:>11}", style("article-list--meta"))
        return text

    def row_moved(self, index: int) -> None:
        self.post_message(self.Highlighted(self._articles[index]))

    def row_selected(self, index: int) -> None:
        self.post_message(self.Opened(self._articles[index]))
