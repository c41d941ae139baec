"""A list that renders only its visible lines, so it stays fast at 100k rows."""

from __future__ import annotations

from collections.abc import Hashable
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.keys import LIST_ACTIONS, bindings
from reader.textsafe import one_line


class LineList(ScrollView, can_focus=True):
    """Base for one-line-per-row lists with a cursor; subclasses say how a row looks."""

    BINDINGS: ClassVar[list[BindingType]] = bindings({**LIST_ACTIONS, "select": "select"})
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "line-list--cursor",
        "line-list--cursor-blurred",
        "line-list--empty",
    }

    cursor: reactive[int] = reactive(0, init=False)
    _row_cache: dict[Hashable, Strip]
    empty_text: str = "Nothing here."
    # Set once the user moves the cursor (keys, clicks): a list still filling in while a
    # folder is read for the first time keeps its cursor on the top row until then.
    moved_by_user: bool = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._row_cache = {}

    @property
    def row_count(self) -> int:
        raise NotImplementedError

    def render_row(self, index: int, width: int, base: Style) -> Text:
        raise NotImplementedError

    def row_key(self, index: int) -> Hashable:
        """Whatever changes a row's looks; equal keys let a drawn row be reused."""
        return None  # no reuse unless a subclass says what matters

    def row_moved(self, index: int) -> None:
        """Called when the cursor lands on a row (subclasses post a message)."""

    def row_selected(self, index: int) -> None:
        """Called on enter or double click."""

    # -- data -----------------------------------------------------------------

    def rows_changed(self, cursor: int = 0) -> None:
        """Call after the rows change; puts the cursor on `cursor` and repaints."""
        self.virtual_size = Size(0, self.row_count)
        cursor = max(0, min(cursor, self.row_count - 1))
        if cursor == self.cursor:
            self._scroll_cursor_into_view()
            self.refresh()
            if self.row_count:
                self.row_moved(cursor)
        else:
            self.cursor = cursor

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, self.row_count - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        top = round(self.scroll_offset.y)
        self._scroll_cursor_into_view()
        if round(self.scroll_offset.y) == top:
            self.refresh_line(old)  # only the two rows that changed: keys stay cheap
            self.refresh_line(new)
        else:
            self.refresh()
        if self.row_count:
            self.row_moved(new)

    def _scroll_cursor_into_view(self) -> None:
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        top = round(self.scroll_offset.y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def on_resize(self) -> None:
        self._scroll_cursor_into_view()

    # -- rendering ------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self._base_style or self._refresh_base_style()
        index = round(self.scroll_offset.y) + y
        if not self.row_count:
            lines = self._empty_lines(width)
            if y < len(lines):
                style = base + self.get_component_rich_style("line-list--empty")
                strip = Strip([Segment(" " + lines[y], style)])
                return strip.adjust_cell_length(width, base)
            return Strip.blank(width, base)
        if index >= self.row_count:
            return Strip.blank(width, base)
        is_cursor = index == self.cursor
        row_key = self.row_key(index)
        cache_key = (row_key, width, is_cursor, self.has_focus) if row_key is not None else None
        if cache_key is not None:
            cached = self._row_cache.get(cache_key)
            if cached is not None:
                return cached
        text = self.render_row(index, width, base)
        text.no_wrap = True
        text.overflow = "crop"
        if is_cursor:
            cursor_class = "line-list--cursor" if self.has_focus else "line-list--cursor-blurred"
            cursor_style = self.get_component_rich_style(cursor_class)
            # Last, so it wins over the per-column colours (their backgrounds included).
            text.stylize(cursor_style)
            base = base + cursor_style
        segments = text.render(self.app.console)
        strip = Strip(segments).adjust_cell_length(width, base)
        if cache_key is not None:
            if len(self._row_cache) > 2048:  # a few screens' worth is all that pays off
                self._row_cache.clear()
            self._row_cache[cache_key] = strip
        return strip

    def _empty_lines(self, width: int) -> list[str]:
        """What an empty list says, wrapped at words to the width (never cut); wrapped
        once per text and width, not once per drawn line."""
        key = (self.empty_text, width)
        if self._empty_wrapped[0] != key:
            text = Text(one_line(self.empty_text, 2000))
            lines = [line.plain for line in text.wrap(self.app.console, max(1, width - 2))]
            self._empty_wrapped = (key, lines)
        return self._empty_wrapped[1]

    _empty_wrapped: tuple[tuple[str, int] | None, list[str]] = (None, [])

    # `rich_style` walks the CSS of every ancestor: 0.1 ms a call, once per drawn line,
    # 40 lines a frame while a held key scrolls the list. Kept until the styles change.
    _base_style: Style | None = None

    def _refresh_base_style(self) -> Style:
        self._base_style = self.rich_style
        return self._base_style

    def notify_style_update(self) -> None:
        self._row_cache.clear()  # a theme change recolours every row
        self._base_style = None
        super().notify_style_update()

    def on_focus(self) -> None:
        self._base_style = None
        self.refresh()

    def on_blur(self) -> None:
        self._base_style = None
        self.refresh()

    # -- actions --------------------------------------------------------------

    def action_cursor_down(self) -> None:
        self.moved_by_user = True
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.moved_by_user = True
        self.cursor -= 1

    def action_first(self) -> None:
        self.moved_by_user = True
        self.cursor = 0

    def action_last(self) -> None:
        self.moved_by_user = True
        self.cursor = self.row_count - 1

    def action_page_down(self) -> None:
        self.moved_by_user = True
        self.cursor += max(1, self.scrollable_content_region.height - 1)

    def action_page_up(self) -> None:
        self.moved_by_user = True
        self.cursor -= max(1, self.scrollable_content_region.height - 1)

    def action_select(self) -> None:
        if self.row_count:
            self.row_selected(self.cursor)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = round(self.scroll_offset.y) + offset.y
        if 0 <= index < self.row_count:
            self.moved_by_user = True
            self.cursor = index
            if event.chain >= 2:
                self.row_selected(index)
