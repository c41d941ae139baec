"""Related stories under an article; ones in the corpus open in place."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.binding import BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.formatting import age
from reader.keys import LIST_ACTIONS, bindings
from reader.model import Article, Provider, RelatedStory
from reader.providers import shown_name
from reader.textsafe import one_line


class RelatedList(OptionList, inherit_bindings=False):
    BINDINGS: ClassVar[list[BindingType]] = bindings({**LIST_ACTIONS, "select": "select"})

    @dataclass
    class StoryChosen(Message):
        story: RelatedStory
        article: Article | None  # the same story in the corpus, if it is there

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # One entry per option: a story, or None for a section's heading.
        self._stories: list[tuple[RelatedStory, Article | None] | None] = []

    def show(
        self,
        stories: list[tuple[RelatedStory, Article | None]],
        now: datetime,
        covered: Sequence[Article] = (),
        provider_names: Mapping[str, str] | None = None,
    ) -> None:
        """The story's other articles in this folder ("Also covered by"), then the file's
        own related stories; each section under a heading when there is anything in it."""
        if not stories and not covered and not self._stories:
            return  # empty and hidden already: clearing again would cost a layout pass
        entries: list[tuple[RelatedStory, Article | None] | None] = []
        options: list[Option] = []
        sections = (
            ("Also covered by", [(as_related(a, provider_names or {}), a) for a in covered]),
            ("Related stories", stories),
        )
        for heading, items in sections:
            if not items:
                continue
            entries.append(None)
            prefix = "\n" if options else ""  # a blank line between sections
            title = Text(f"{prefix}{heading} ({len(items)})", "bold")
            options.append(Option(title, disabled=True))
            for index, (story, article) in enumerate(items):
                entries.append((story, article))
                last = index == len(items) - 1
                options.append(Option(self._prompt(story, article, now, last=last)))
        self._stories = entries
        self.clear_options()
        self.add_options(options)
        self.display = bool(options)
        first = next((i for i, entry in enumerate(entries) if entry is not None), None)
        self.highlighted = first

    @property
    def current(self) -> tuple[RelatedStory, Article | None] | None:
        if self.highlighted is None or not self._stories:
            return None
        return self._stories[self.highlighted]

    @staticmethod
    def _prompt(story: RelatedStory, article: Article | None, now: datetime, last: bool) -> Text:
        text = Text()
        text.append(one_line(story.title, 500), "bold")
        provider = one_line(story.provider.name, 200) if story.provider else ""
        meta = [provider, age(story.published_at, now)]
        where = "↪ in this folder" if article is not None else "↗ opens in browser"
        text.append("\n" + " · ".join(m for m in meta if m) + f"  {where}", "dim")
        if story.excerpt:
            text.append("\n" + one_line(story.excerpt, 180))
        if not last:
            text.append("\n")  # a blank line between stories
        return text

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        entry = self._stories[event.option_index]
        if entry is not None:
            self.post_message(self.StoryChosen(*entry))


def as_related(article: Article, provider_names: Mapping[str, str]) -> RelatedStory:
    """Another article of the story, shown like a related story (it opens in place)."""
    provider = article.provider
    return RelatedStory(
        title=article.title,
        url=article.url,
        excerpt=article.excerpt,
        published_at=article.published_at,
        provider=Provider(shown_name(provider, provider_names), provider.domain),
        quality=article.quality,
    )
