"""A list that renders only its visible lines, so it stays fast at 100k rows."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Iterable
from time import perf_counter
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip

from reader.keys import LIST_ACTIONS, bindings
from reader.textsafe import one_line
from reader.widgets.scrollbar import KeptScrollBar, thumb

ROW_CACHE_SIZE = 4096  # drawn rows kept: a few screens' worth either way, for each width
PREPARE_SLICE = 0.002  # seconds of drawing rows ahead at a time, between frames


class LineList(ScrollView, can_focus=True):
    """Base for one-line-per-row lists with a cursor; subclasses say how a row looks."""

    BINDINGS: ClassVar[list[BindingType]] = bindings({**LIST_ACTIONS, "select": "select"})
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "line-list--cursor",
        "line-list--cursor-blurred",
        "line-list--empty",
    }

    # No repaint of its own: watch_cursor redraws the two rows whose cursor mark moved
    # (a reactive's repaint would draw every visible row again on each key).
    cursor: reactive[int] = reactive(0, init=False, repaint=False)
    _row_cache: OrderedDict[Hashable, Strip]
    empty_text: str = "Nothing here."
    # Set once the user moves the cursor (keys, clicks): a list still filling in while a
    # folder is read for the first time keeps its cursor on the top row until then.
    moved_by_user: bool = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._row_cache = OrderedDict()
        self._component_rich: dict[str, Style] = {}

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
        self._set_virtual_height(self.row_count)
        cursor = max(0, min(cursor, self.row_count - 1))
        self.refresh()  # any row may be another now
        if cursor == self.cursor:
            self._scroll_cursor_into_view()
            if self.row_count:
                self.row_moved(cursor)
        else:
            self.cursor = cursor

    def _set_virtual_height(self, rows: int) -> None:
        """The list's virtual size, without the layout pass of the whole screen that
        setting Widget.virtual_size asks for (~20 ms at 160x45, on every topic switch):
        only the scrollbar depends on it, so that is updated here. If the scrollbar has to
        appear or go, the content width changes: then it does lay out."""
        size = Size(0, rows)
        if size == self.virtual_size:
            return
        if not self.is_mounted or not self.container_size:
            self.virtual_size = size
            return
        shown = self.show_vertical_scrollbar
        self.set_reactive(ScrollView.virtual_size, size)
        self._scroll_update(size)  # Textual's own: scrollbar sizes, scroll range
        if self.show_vertical_scrollbar != shown:
            self.refresh(layout=True)

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, self.row_count - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        # Scrolling moves the lines already drawn (watch_scroll_y): only the two rows
        # whose cursor mark changed, and any scrolled into view, are drawn anew.
        self._scroll_cursor_into_view()
        self.refresh_line(old)
        self.refresh_line(new)
        if self.row_count:
            self.row_moved(new)
            self._prepare_around()

    def _prepare_around(self) -> None:
        """The rows a page key or g/G shows next, drawn between frames (prepare_rows)."""
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        top, last = round(self.scroll_offset.y), self.row_count
        pages = (
            range(top + height, top + 2 * height),
            range(top - height, top),
            range(0, height),
            range(last - height, last),
        )
        self.prepare_rows(i for page in pages for i in page)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """ScrollView's, without its repaint of every line: a list scrolled by a row or a
        few keeps the lines Textual has drawn (border and styles applied) and moves them,
        so a held j draws one new line instead of the whole list."""
        if self.show_vertical_scrollbar:
            self._move_scrollbar(new_value)
        if round(old_value) != round(new_value) and not self._move_drawn_lines(
            round(new_value) - round(old_value)
        ):
            self.refresh(self.size.region)

    def _move_drawn_lines(self, rows: int) -> bool:
        """Shift the drawn content lines up by `rows` (down if negative) in Textual's line
        cache of this widget, mark only the lines left without content to be drawn, and
        have the whole widget repainted from that cache. False if it can't be done here
        (Textual then draws every line again, as it would have anyway)."""
        cache = self._styles_cache
        lines: object = getattr(cache, "_cache", None)
        dirty: object = getattr(cache, "_dirty_lines", None)
        height = self.scrollable_content_region.height
        if not isinstance(lines, dict) or not isinstance(dirty, set) or not lines:
            return False
        if abs(rows) >= height or not self._is_mounted:
            return False
        top = self.styles.gutter.top  # the widget line of content line 0
        content = range(top, top + height)
        moved = {
            y: lines[y + rows]
            for y in content
            if (y + rows) in content and (y + rows) in lines and (y + rows) not in dirty
        }
        for y in content:
            lines.pop(y, None)
        lines.update(moved)
        dirty.difference_update(content)
        dirty.update(y for y in content if y not in moved)
        # What Widget.refresh() does for a repaint, minus marking every line dirty: the
        # compositor repaints the whole widget, the line cache draws only the dirty lines.
        self._repaint_regions.add(self.outer_size.region)
        self._repaint_required = True
        self.check_idle()
        return True

    def _move_scrollbar(self, position: float) -> None:
        """The scrollbar follows the scroll; it is only drawn again when its thumb moves
        (at 100k rows it moves once every few thousand rows, and each drawing costs ~1 ms)."""
        bar = self.vertical_scrollbar
        if thumb(bar, position) == thumb(bar, bar.position):
            bar.set_reactive(ScrollBar.position, bar.validate_position(position))
        else:
            bar.position = position

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

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """Widget's, with a scrollbar that keeps its drawing (see KeptScrollBar)."""
        if self._vertical_scrollbar is None:
            bar = KeptScrollBar(vertical=True, name="vertical", thickness=1)
            bar.thickness = self.scrollbar_size_vertical
            self._vertical_scrollbar = bar
            bar.display = False
            self.app._start_widget(self, bar)
        return self._vertical_scrollbar

    # -- rendering ------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self._content_width()
        base = self._base_style or self._refresh_base_style()
        index = round(self.scroll_offset.y) + y
        if not self.row_count:
            lines = self._empty_lines(width)
            if y < len(lines):
                style = base + self.component_style("line-list--empty")
                strip = Strip([Segment(" " + lines[y], style)])
                return strip.adjust_cell_length(width, base)
            return Strip.blank(width, base)
        if index >= self.row_count:
            return Strip.blank(width, base)
        return self._row(index, width, base)

    def _row(self, index: int, width: int, base: Style) -> Strip:
        """Row `index` drawn `width` cells wide, from the row cache when its key matches."""
        is_cursor = index == self.cursor
        row_key = self.row_key(index)
        cache_key = (row_key, width, is_cursor, self.has_focus) if row_key is not None else None
        if cache_key is not None:
            cached = self._row_cache.get(cache_key)
            if cached is not None:
                return cached
        cursor_style = None
        if is_cursor:
            focus = "line-list--cursor" if self.has_focus else "line-list--cursor-blurred"
            cursor_style = self.component_style(focus)
        strip = self.row_strip(index, width, base, cursor_style)
        if cache_key is not None:
            cache = self._row_cache
            if len(cache) >= ROW_CACHE_SIZE:
                # The oldest go first. (Not next(iter(a dict)): after many deletions at its
                # front that walks every deleted slot - 40 ms a key at 4k rows.)
                cache.popitem(last=False)
            cache[cache_key] = strip
        return strip

    def row_strip(self, index: int, width: int, base: Style, cursor: Style | None) -> Strip:
        """Row `index` as exactly `width` cells; `cursor` is the cursor row's style, to
        apply last. This one draws `render_row`'s Text; subclasses may draw segments."""
        text = self.render_row(index, width, base)
        text.no_wrap = True
        text.overflow = "crop"
        if cursor is not None:
            # Last, so it wins over the per-column colours (their backgrounds included).
            text.stylize(cursor)
            base = base + cursor
        return Strip(text.render(self.app.console)).adjust_cell_length(width, base)

    def prepare_rows(self, rows: Iterable[int]) -> None:
        """Draw these rows into the row cache ahead of need (not the cursor's), a slice at
        a time between frames: a page key then finds its rows drawn. Idle work only."""
        if not self.row_count or not self.is_mounted:
            return
        width = self._content_width()
        base = self._base_style or self._refresh_base_style()
        todo = [i for i in rows if 0 <= i < self.row_count and i != self.cursor]
        self._prepare_queue = todo
        if todo and not self._preparing:
            self._preparing = True
            self.call_after_refresh(self._prepare_some, width, base)

    _prepare_queue: list[int] = []  # noqa: RUF012 (replaced, never changed in place)
    _preparing = False

    def _prepare_some(self, width: int, base: Style) -> None:
        self._preparing = False
        if width != self._content_width() or base is not self._base_style:
            return  # resized or restyled meanwhile: what was asked for is stale
        todo, self._prepare_queue = self._prepare_queue, []
        started = perf_counter()
        while todo and perf_counter() - started < PREPARE_SLICE:
            index = todo.pop(0)
            if index < self.row_count and index != self.cursor:
                self._row(index, width, base)
        if todo:
            self._prepare_queue = todo
            self._preparing = True
            self.set_timer(0.001, lambda: self._prepare_some(width, base))

    def _content_width(self) -> int:
        """scrollable_content_region's width, worked out once per size (it is asked for
        on every drawn line, and costs a few microseconds each time)."""
        size = self._size
        if self._width_for[0] is not size:
            self._width_for = (size, self.scrollable_content_region.width)
        return self._width_for[1]

    _width_for: tuple[object, int] = (None, 0)

    def component_style(self, name: str) -> Style:
        """A component class's Rich style, kept until the styles change (Textual's own
        cache is emptied by every refresh, and refilling it walks the CSS)."""
        found = self._component_rich.get(name)
        if found is None:
            found = self._component_rich[name] = self.get_component_rich_style(name)
        return found

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

    def _forget_styles(self) -> None:
        self._base_style = None
        self._component_rich = {}
        self._width_for = (None, 0)

    def notify_style_update(self) -> None:
        self._row_cache.clear()  # a theme change recolours every row
        self._forget_styles()
        super().notify_style_update()

    def on_focus(self) -> None:
        self._forget_styles()
        self.refresh()

    def on_blur(self) -> None:
        self._forget_styles()
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
