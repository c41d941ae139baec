"""The detail pane: one article's metadata, excerpt, links and related stories."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from reader.formatting import local_time, number
from reader.frontmatter import clean_text
from reader.model import Article, ArticleDetail, Problem, RelatedStory
from reader.widgets.related_list import RelatedList

_URL_LABELS = {
    "originalUrl": "original",
    "webUrl": "web",
    "ampWebUrl": "amp",
    "cdnAmpWebUrl": "amp cdn",
}


class DetailPane(VerticalScroll):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
        Binding("space", "page_down", "Page down", show=False),
    ]

    showing: str | None = None  # id of the article on show

    def compose(self) -> ComposeResult:
        yield Static(Text("Loading…", "dim"), id="detail-body")
        yield Static(id="related-heading")
        yield RelatedList(id="related")

    def on_mount(self) -> None:
        self.query_one("#related-heading").display = False
        self.query_one(RelatedList).display = False

    def show_empty(self, message: str) -> None:
        self.showing = None
        self.border_title = None
        self.query_one("#detail-body", Static).update(Text(message, "dim"))
        self._show_related([], datetime.now().astimezone())

    def show(
        self,
        detail: ArticleDetail | Problem,
        *,
        read: bool,
        related: list[tuple[RelatedStory, Article | None]],
        now: datetime,
    ) -> None:
        body = self.query_one("#detail-body", Static)
        if isinstance(detail, Problem):
            self.showing = None
            reason = clean_text(detail.line())
            body.update(Text.assemble(("Can't show this article\n", "bold"), reason))
            self._show_related([], now)
            return
        self.showing = detail.article.id
        body.update(render_detail(detail, read))
        self._show_related(related, now)
        self.scroll_home(animate=False)

    def _show_related(
        self, related: list[tuple[RelatedStory, Article | None]], now: datetime
    ) -> None:
        heading = self.query_one("#related-heading", Static)
        heading.update(Text(f"Related stories ({len(related)})", "bold"))
        heading.display = bool(related)
        self.query_one(RelatedList).show(related, now)


def render_detail(detail: ArticleDetail, read: bool) -> Content:
    """The article as Content built from parts; article data never goes through markup."""
    article = detail.article
    parts: list[str | tuple[str, str]] = [(article.title + "\n", "bold $text")]
    provider = article.provider
    if provider.name or provider.domain:
        parts.append((provider.name or provider.domain, "bold $accent"))
        if provider.name and provider.domain and provider.name != provider.domain:
            parts.append((f"  {provider.domain}", "$text-muted"))
        parts.append("\n")
    parts.append((local_time(article.published_at), "$text-muted"))
    kinds = " / ".join(k for k in (detail.category, detail.kind) if k)
    if kinds:
        parts.append((f"  ·  {kinds}", "$text-muted"))
    parts += ["\n\n", ("Heat ", "$text-muted"), (number(article.heat), "bold")]
    parts += [("   Quality ", "$text-muted"), (number(article.quality), "bold")]
    images = detail.image_count
    parts.append((f"   {images} image{'s' * (images != 1)}", "$text-muted"))
    parts.append(("   read", "$text-muted") if read else ("   ● unread", "bold $accent"))
    if not article.published:
        parts.append(("   unpublished", "italic $warning"))
    parts.append("\n")
    if article.topics:
        parts += [("Topics ", "$text-muted"), ", ".join(article.topics), "\n"]
    if detail.excerpt:
        parts.append("\n" + detail.excerpt + "\n")
    if detail.body:
        parts.append("\n" + detail.body + "\n")
    if detail.urls:
        parts.append(("\nLinks\n", "bold"))
        labels: dict[str, list[str]] = {}
        for key, url in detail.urls:  # the same URL under several keys is shown once
            labels.setdefault(url, []).append(_URL_LABELS.get(key, key))
        for url, names in labels.items():
            parts += [(f"  {', '.join(names)}\n", "$text-muted"), f"  {url}\n"]
    parts.append((f"\n{clean_text(article.path)}", "$text-muted"))  # file names can hold ESC
    return Content.assemble(*parts)
