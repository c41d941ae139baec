"""The detail pane: one article's metadata, excerpt, links and related stories.

The summary (what the list already has) is drawn at once; the rest of the file is read
by a worker and drawn when it arrives (`show_detail`). Every string from the file goes
through reader.textsafe and into `Content` as plain text: never markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.style import Style
from textual.widgets import Static

from reader.formatting import estimate_reason, heat_text, local_time, number
from reader.keys import bindings
from reader.model import Article, ArticleDetail, Problem, RelatedStory
from reader.providers import shown_name
from reader.textsafe import clean_text, one_line, shorten, visible_name
from reader.urls import file_link, hyperlink_target
from reader.widgets.related_list import RelatedList

# More than this is not read in a pane (and would cost seconds to lay out): cut, said so.
MAX_SHOWN_CHARS = 20_000
_URL_LABELS = {
    "originalUrl": "original",
    "webUrl": "web",
    "ampWebUrl": "amp",
    "cdnAmpWebUrl": "amp cdn",
}
Part = str | tuple[str, str | Style]


class DetailPane(VerticalScroll):
    BINDINGS: ClassVar[list[BindingType]] = bindings(
        {
            "cursor_down": "scroll_down",
            "cursor_up": "scroll_up",
            "first": "scroll_home",
            "last": "scroll_end",
            "page_article": "page_down",
        }
    )

    article_id: str | None = None  # the article on show (or on its way)
    showing: str | None = None  # the article whose file has been drawn in full
    # Domain → the name its articles are shown under (reader/providers.py); the app's.
    provider_names: Mapping[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Static(Text("Loading…", "dim"), id="detail-body")
        yield Static(id="detail-links")  # one line per URL: never broken, cut with …
        yield RelatedList(id="related")  # also covered by, related stories

    def on_mount(self) -> None:
        self.query_one(RelatedList).display = False

    def _title(self, article: Article | None) -> None:
        name = one_line(shown_name(article.provider, self.provider_names), 80) if article else ""
        self.border_title = Content(name or "Article")

    def show_empty(self, message: str) -> None:
        self.article_id = self.showing = None
        self._title(None)
        self.query_one("#detail-body", Static).update(Content.styled(message, "dim"))
        self.query_one("#detail-links", Static).update("")
        self._show_related([], datetime.now().astimezone())

    def show_summary(
        self, article: Article, *, read: bool, covered: Sequence[Article] = ()
    ) -> None:
        """Draw what the list knows now; the file's details follow (show_detail).
        `covered`: the story's other articles (they are known without the file)."""
        self.article_id = article.id
        self.showing = None
        self._title(article)
        self._draw(render_detail(article, None, read, self.provider_names))
        self._show_related([], datetime.now().astimezone(), covered)
        self.scroll_home(animate=False)

    def show_detail(
        self,
        article: Article,
        detail: ArticleDetail | Problem,
        *,
        read: bool,
        related: list[tuple[RelatedStory, Article | None]],
        now: datetime,
        covered: Sequence[Article] = (),
    ) -> None:
        body = self.query_one("#detail-body", Static)
        self.article_id = article.id
        self._title(article)
        if isinstance(detail, Problem):
            self.showing = None
            body.update(
                Content.assemble(("Can't show this article\n", "bold"), one_line(detail.line()))
            )
            self.query_one("#detail-links", Static).update("")
            self._show_related([], now)
            return
        first_time = self.showing != article.id
        self.showing = article.id
        self._draw(render_detail(article, detail, read, self.provider_names))
        self._show_related(related, now, covered)
        if first_time:
            self.scroll_home(animate=False)

    def _draw(self, parts: tuple[Content, Content]) -> None:
        body, links = parts
        self.query_one("#detail-body", Static).update(body)
        self.query_one("#detail-links", Static).update(links)

    def _show_related(
        self,
        related: list[tuple[RelatedStory, Article | None]],
        now: datetime,
        covered: Sequence[Article] = (),
    ) -> None:
        self.query_one(RelatedList).show(related, now, covered, self.provider_names)


def _long_text(text: str) -> list[Part]:
    shown = clean_text(text)
    if len(shown) <= MAX_SHOWN_CHARS:
        return ["\n" + shown + "\n"]
    note = f"\n[cut: {len(shown):,} characters; the first {MAX_SHOWN_CHARS:,} are shown]\n"
    return ["\n" + shorten(shown, MAX_SHOWN_CHARS) + "\n", (note, "italic $text-muted")]


def render_detail(
    article: Article,
    detail: ArticleDetail | None,
    read: bool,
    provider_names: Mapping[str, str] | None = None,
) -> tuple[Content, Content]:
    """The article as Content built from parts; article data never goes through markup."""
    parts: list[Part] = [(one_line(article.title, 2000) + "\n", "bold $text")]
    provider = article.provider
    name = one_line(shown_name(provider, provider_names or {}), 200)
    domain = one_line(provider.domain, 200)
    if name or domain:
        parts.append((name or domain, "bold $accent"))
        if name and domain and name != domain:
            parts.append((f"  {domain}", "$text-muted"))
        parts.append("\n")
    parts.append((local_time(article.published_at), "$text-muted"))
    kinds = (
        " / ".join(one_line(k, 80) for k in (detail.category, detail.kind) if k) if detail else ""
    )
    if kinds:
        parts.append((f"  ·  {kinds}", "$text-muted"))
    parts += ["\n\n", ("Heat ", "$text-muted"), (heat_text(article), "bold")]
    if article.heat is None and article.estimated_heat is not None:
        parts.append((f" ({estimate_reason(article)})", "$text-muted"))
    parts += [("   Quality ", "$text-muted"), (number(article.quality), "bold")]
    if detail is not None:
        images = detail.image_count
        parts.append((f"   {images} image{'s' * (images != 1)}", "$text-muted"))
    parts.append(("   read", "$text-muted") if read else ("   ● unread", "bold $accent"))
    if not article.published:
        parts.append(("   unpublished", "italic $warning"))
    if article.deleted:
        parts.append(("   deleted", "italic $warning"))
    parts.append("\n")
    if article.topics:
        topics = ", ".join(one_line(t, 200) for t in article.topics)
        parts += [("Topics ", "$text-muted"), topics, "\n"]
    excerpt = detail.excerpt if detail is not None else article.excerpt
    if excerpt:
        parts += _long_text(excerpt)
    if detail is not None and detail.body:
        parts += _long_text(detail.body)
    return Content.assemble(*parts), render_links(article, detail)


def render_links(article: Article, detail: ArticleDetail | None) -> Content:
    """The URLs and the file, one line each, as terminal hyperlinks (OSC 8)."""
    parts: list[Part] = []
    urls = detail.urls if detail is not None else [("", article.url)] if article.url else []
    if urls:
        parts.append(("\nLinks\n", "bold"))
        labels: dict[str, list[str]] = {}
        for key, url in urls:  # the same URL under several keys is shown once
            labels.setdefault(url, []).append(_URL_LABELS.get(key, key))
        for url, names in labels.items():
            if any(names):
                parts.append((f"  {', '.join(n for n in names if n)}\n", "$text-muted"))
            shown = visible_name(url, 4000)
            target = hyperlink_target(url)
            parts += ["  ", (shown, Style(link=target)) if target else shown, "\n"]
    path = visible_name(article.path)  # names can hold ESC, U+202E
    parts += ["\n", (path, Style(link=file_link(article.path), dim=True))]
    return Content.assemble(*parts)
