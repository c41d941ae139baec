"""Related stories under an article; ones in the corpus open in place."""

from __future__ import annotations

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
from reader.model import Article, RelatedStory
from reader.textsafe import one_line


class RelatedList(OptionList, inherit_bindings=False):
    BINDINGS: ClassVar[list[BindingType]] = bindings({**LIST_ACTIONS, "select": "select"})

    @dataclass
    class StoryChosen(Message):
        story: RelatedStory
        article: Article | None  # the same story in the corpus, if it is there

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._stories: list[tuple[RelatedStory, Article | None]] = []

    def show(self, stories: list[tuple[RelatedStory, Article | None]], now: datetime) -> None:
        if not stories and not self._stories:
            return  # empty and hidden already: clearing again would cost a layout pass
        self._stories = stories
        self.clear_options()
        self.add_options(
            [
                Option(self._prompt(story, article, now, last=index == len(stories) - 1))
                for index, (story, article) in enumerate(stories)
            ]
        )
        self.display = bool(stories)
        self.highlighted = 0 if stories else None

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
        story, article = self._stories[event.option_index]
        self.post_message(self.StoryChosen(story, article))
