"""Where the panes go for a terminal size, and which list columns fit. No Textual.

The title is what a reader scans, so it gets the room: the article pane moves beside
the list only when the list still shows `MIN_TITLE` characters of title, and the list's
optional columns (the provider) appear only once the title has that much.
"""

from __future__ import annotations

from dataclasses import dataclass

MIN_TITLE = 60  # title characters the list keeps before anything else gets room
LIST_FIXED = 2 + 6 + 11  # read marker and star, " heat ", the age column
SIDEBAR_LIMITS = (14, 40)  # columns, borders included
DETAIL_PERCENT_LIMITS = (20, 80)
DEFAULT_DETAIL_PERCENT = 38  # of the reading area (beside the list) or of the height (below)
MIN_DETAIL_COLUMNS = 40
MIN_LIST_ROWS = 10  # rows the stacked list keeps, search box and its error line open
SEARCH_ROWS = 2  # the search line and its error line
CHROME_ROWS = 2  # the status line and the footer
BORDER = 2
SCROLLBAR = 1  # the list's (styles/reader.tcss)


@dataclass(frozen=True, slots=True)
class Sizes:
    """What the user asked for (config, then keys); None: worked out from the terminal."""

    sidebar: int | None = None
    detail_percent: int = DEFAULT_DETAIL_PERCENT

    def resized(self, *, sidebar: int = 0, detail: int = 0, width: int = 0) -> Sizes:
        """Grown or shrunk by a step; `width` gives the automatic sidebar a start."""
        side = self.sidebar
        if sidebar:
            start = side if side is not None else auto_sidebar(width)
            side = clamp(start + sidebar, *SIDEBAR_LIMITS)
        percent = clamp(self.detail_percent + detail, *DETAIL_PERCENT_LIMITS)
        return Sizes(side, percent)


@dataclass(frozen=True, slots=True)
class Layout:
    beside: bool  # the article pane beside the list (three panes) or below it
    sidebar: int  # columns, borders included
    detail: int  # the article pane's columns (beside) or rows (below), borders included
    list_width: int  # the article list's columns, borders included


def clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def auto_sidebar(width: int) -> int:
    return clamp(width // 5, 18, 28)


def plan(width: int, height: int, sizes: Sizes | None = None) -> Layout:
    sizes = sizes or Sizes()
    sidebar = clamp(sizes.sidebar or auto_sidebar(width), *SIDEBAR_LIMITS)
    sidebar = min(sidebar, max(0, width - 30))  # a tiny terminal keeps some list
    reading = max(0, width - sidebar)
    detail = max(MIN_DETAIL_COLUMNS, round(reading * sizes.detail_percent / 100))
    list_width = reading - detail
    if title_room(list_width - BORDER - SCROLLBAR) >= MIN_TITLE:
        return Layout(True, sidebar, detail, list_width)
    main = max(0, height - CHROME_ROWS)
    rows = round(main * sizes.detail_percent / 100)
    keep = MIN_LIST_ROWS + SEARCH_ROWS + BORDER  # the list's rows first
    rows = max(0, min(rows, main - keep)) if main - keep >= 5 else max(0, main // 3)
    return Layout(False, sidebar, rows, reading)


def title_room(inner_width: int) -> int:
    return inner_width - LIST_FIXED


@dataclass(frozen=True, slots=True)
class Columns:
    title: int
    provider: int  # 0: not shown


def list_columns(inner_width: int) -> Columns:
    """The title gets MIN_TITLE first; the provider column takes what is left (≤ 20)."""
    room = title_room(inner_width)
    spare = room - MIN_TITLE - 2  # two spaces before the provider
    provider = min(20, spare) if spare >= 8 else 0
    title = room - (provider + 2 if provider else 0)
    return Columns(max(4, title), provider)
