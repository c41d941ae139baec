"""The detail pane: one article's metadata, excerpt, links and related stories, and
what the reader adds to it on request: its picture, its body and its fetched full text
as Markdown, and their links, numbered.

The summary (what the list already has) is drawn at once; the rest of the file is read
by a worker and drawn when it arrives (`show_detail`); the extras come from other
workers later (`show_extras`, `show_fetch_status`, the thumbnail). Every string from the
file or the web goes through reader.textsafe and into `Content` as plain text: never
markup. An article without extras costs no more layout than before: hidden parts that
stay hidden are not touched.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

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
from reader.widgets.article_text import ArticleText, WrappedBlocks
from reader.widgets.link_prompt import LinkPrompt
from reader.widgets.related_list import RelatedList
from reader.widgets.thumbnail import Thumbnail

if TYPE_CHECKING:
    from reader.markdown_text import Block, Link

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
    links: tuple[Link, ...] = ()  # the numbered links of the body and the full text
    full_text_shown = False  # the fetched text is on show: the excerpt steps aside
    extras_for: tuple[str, str] | None = None  # (article id, body) whose extras are drawn
    _drawn: tuple[Article, ArticleDetail | None, bool] | None = None
    _fetch_status: Content | None = None
    # Set by the app: the full-text line for an article as it is drawn (the key to press,
    # or the fetch under way); None: no such line.
    status_for: Callable[[Article], Content | None] | None = None
    # Set by the app: told at once when another article comes on show, so that what the
    # cache has for it is read while its file is (a message would come after the file).
    article_changed: Callable[[Article], None] | None = None
    link_key = "#"  # set by the app: the key in force that opens a numbered link

    def compose(self) -> ComposeResult:
        yield Static(Text("Loading…", "dim"), id="detail-body")
        yield Thumbnail(id="detail-image")
        yield ArticleText(id="detail-markdown")  # the file's body
        yield Static(id="detail-fetch")  # full text: the key to press, progress, failure
        yield ArticleText(id="detail-fulltext")
        yield Static(id="detail-textlinks")  # the numbered links, one line each
        yield Static(id="detail-links")  # one line per URL: never broken, cut with …
        yield RelatedList(id="related")  # also covered by, related stories
        yield LinkPrompt(id="link-prompt")

    def on_mount(self) -> None:
        for hidden in ("#detail-fetch", "#detail-textlinks"):
            self.query_one(hidden).display = False
        self.query_one(RelatedList).display = False

    def _title(self, article: Article | None) -> None:
        name = one_line(shown_name(article.provider, self.provider_names), 80) if article else ""
        self.border_title = Content(name or "Article")

    def show_empty(self, message: str) -> None:
        self.article_id = self.showing = None
        self._title(None)
        self.reset_extras()
        self.show_fetch_status(None)
        self.query_one("#detail-body", Static).update(Content.styled(message, "dim"))
        self.query_one("#detail-links", Static).update("")
        self._show_related([], datetime.now().astimezone())

    def show_summary(
        self, article: Article, *, read: bool, covered: Sequence[Article] = ()
    ) -> None:
        """Draw what the list knows now; the file's details follow (show_detail).
        `covered`: the story's other articles (they are known without the file)."""
        changed = self._enter(article)
        self.showing = None
        self._drawn = (article, None, read)
        self._draw(render_detail(article, None, read, self.provider_names))
        if changed:
            self._entered(article)
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
        changed = self._enter(article)  # (straight from the list: read ahead of the key)
        if isinstance(detail, Problem):
            self.showing = None
            self.reset_extras()
            body.update(
                Content.assemble(("Can't show this article\n", "bold"), one_line(detail.line()))
            )
            self.query_one("#detail-links", Static).update("")
            self._show_related([], now)
            if changed:
                self._entered(article)
            return
        first_time = self.showing != article.id
        self.showing = article.id
        self._drawn = (article, detail, read)
        excerpt = not self.full_text_shown
        self._draw(render_detail(article, detail, read, self.provider_names, excerpt=excerpt))
        self._show_related(related, now, covered)
        if changed:
            self._entered(article)
        if first_time:
            self.scroll_home(animate=False)

    def _enter(self, article: Article) -> bool:
        """The pane is now `article`'s; True if it was another's (its extras go)."""
        changed = article.id != self.article_id
        if changed:
            self.reset_extras()
        self.article_id = article.id
        self._title(article)
        return changed

    def _entered(self, article: Article) -> None:
        """A new article is drawn: its full-text status, and the reader's own extras."""
        self.show_fetch_status(self.status_for(article) if self.status_for else None)
        if self.article_changed is not None:
            self.article_changed(article)

    def _draw(self, parts: tuple[Content, Content]) -> None:
        body, links = parts
        self.query_one("#detail-body", Static).update(body)
        self.query_one("#detail-links", Static).update(links)

    # -- what the reader adds: picture, body, full text, numbered links ----------------

    def reset_extras(self) -> None:
        """A new article: nothing of the last one's extras stays (hidden ones untouched)."""
        self.query_one(Thumbnail).clear()
        self.extras_for = None
        self.full_text_shown = False  # (the caller draws the new article, excerpt and all)
        self.show_extras((), (), ())
        self.query_one(LinkPrompt).close()

    def show_extras(
        self,
        body: Sequence[Block],
        full_text: Sequence[Block],
        links: Sequence[Link],
        wrapped: tuple[WrappedBlocks | None, WrappedBlocks | None] = (None, None),
    ) -> None:
        """The body and the fetched text as Markdown, and their links, numbered
        (`wrapped`: the two already wrapped, by a worker)."""
        self.query_one("#detail-markdown", ArticleText).show(body, wrapped[0])
        self.query_one("#detail-fulltext", ArticleText).show(full_text, wrapped[1])
        if bool(full_text) != self.full_text_shown:
            self.full_text_shown = bool(full_text)
            if self._drawn is not None and self._drawn[1] is not None:  # excerpt in or out
                article, detail, read = self._drawn
                body_part = render_detail(
                    article, detail, read, self.provider_names, excerpt=not full_text
                )[0]
                self.query_one("#detail-body", Static).update(body_part)
        links = tuple(links)
        if links != self.links:
            self.links = links
            shown = self.query_one("#detail-textlinks", Static)
            if links:
                shown.update(render_numbered_links(links, self.link_key))
            shown.display = bool(links)

    def show_fetch_status(self, status: Content | None) -> None:
        """The line above the full text; None hides it. Unchanged: nothing redrawn."""
        if status == self._fetch_status:
            return
        self._fetch_status = status
        line = self.query_one("#detail-fetch", Static)
        if status is not None:
            line.update(status)
        line.display = status is not None

    @property
    def thumbnail(self) -> Thumbnail:
        return self.query_one(Thumbnail)

    def text_widths(self) -> tuple[int, int]:
        """The widths the article's text may be drawn at: beside a scrollbar (a long text)
        and without one. A worker wraps the text for them before it arrives."""
        width = self.scrollable_content_region.width
        bar = self.styles.scrollbar_size_vertical
        if self.show_vertical_scrollbar:
            return (width, width + bar)
        return (max(0, width - bar), width)

    def ask_link_number(self, typed: str = "") -> None:
        self.query_one(LinkPrompt).start(len(self.links), typed)

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
    *,
    excerpt: bool = True,
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
    shown_excerpt = detail.excerpt if detail is not None else article.excerpt
    if shown_excerpt and excerpt:  # (the body is Markdown: the article text shows it)
        parts += _long_text(shown_excerpt)
    return Content.assemble(*parts), render_links(article, detail)


def render_numbered_links(links: Sequence[Link], key: str = "#") -> Content:
    """The links of the body and the full text, by number, one line each."""
    parts: list[Part] = [("\nLinks in the text", "bold")]
    if key:
        parts.append((f"  ({key} and a number opens one)", "$text-muted"))
    width = len(str(len(links)))
    for link in links:
        target = hyperlink_target(link.url)
        shown = visible_name(link.url, 4000)
        parts += [
            (f"\n  [{link.number:>{width}}] ", "$text-muted"),
            (shown, Style(link=target)) if target else shown,
        ]
    return Content.assemble(*parts)


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
