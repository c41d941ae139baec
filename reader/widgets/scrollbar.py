"""A list's scrollbar, drawn only when what it shows changes (reader/widgets/line_list.py)."""

from __future__ import annotations

from math import ceil

from textual.geometry import Region
from textual.scrollbar import ScrollBar
from textual.strip import Strip


def thumb(bar: ScrollBar, position: float) -> tuple[int, int]:
    """The thumb's first and last eighth of a cell, as Textual's ScrollBarRender draws it
    (textual 8.2.8, scrollbar.py): equal for two positions means the same drawing."""
    size, virtual = bar.size.height, ceil(bar.window_virtual_size)
    window = ceil(bar.window_size) if bar.window_size < bar.window_virtual_size else 0
    position = bar.validate_position(position)
    if not (window and size and virtual and size != virtual):
        return (0, 0)
    length = max(1, window / (virtual / size))
    start = int((size - length) * (position / (virtual - window)) * 8)
    return start, start + ceil(length * 8)


class KeptScrollBar(ScrollBar):
    """A ScrollBar that keeps its last drawing. Textual draws the bar again whenever it is
    refreshed (the list's length changes on every topic switch or filter), 2-6 ms a time,
    though what it draws only depends on the thumb and the colours."""

    _drawn: tuple[object, list[Strip]] | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        bar = self.render()  # the renderable and its style: cheap to make
        key = (crop, self.size, thumb(self, self.position), getattr(bar, "style", None))
        if self._drawn is not None and self._drawn[0] == key:
            return self._drawn[1]
        lines = super().render_lines(crop)
        self._drawn = (key, lines)
        return lines
