"""Numbered links: `#` (or a digit typed outside a text box) asks for a number, and the
link with that number in the article's body or full text opens in the browser, through
the same worker as `o` (reader/app_workers.py)."""

from __future__ import annotations

from collections.abc import Callable

from textual import events, on
from textual.app import App
from textual.widgets import Input

from reader.widgets.detail_pane import DetailPane
from reader.widgets.link_prompt import LinkPrompt


class LinksMixin(App[None]):
    say: Callable[..., None]
    _open_in_browser: Callable[[str], None]

    def action_open_link(self, typed: str = "") -> None:
        pane = self.query_one(DetailPane)
        if not pane.links:
            self.say("No numbered links in this article.")
            return
        pane.ask_link_number(typed)

    def on_key(self, event: events.Key) -> None:
        """A digit typed outside a text box starts the link prompt with it."""
        character = event.character or ""
        if (
            len(character) == 1
            and character.isdigit()
            and self.screen is self.screen_stack[0]
            and not isinstance(self.focused, Input)
        ):
            event.stop()
            self.action_open_link(character)

    @on(LinkPrompt.Chosen)
    def _link_chosen(self, message: LinkPrompt.Chosen) -> None:
        links = self.query_one(DetailPane).links
        if 1 <= message.number <= len(links):
            self._open_in_browser(links[message.number - 1].url)
