"""The topic sidebar: All, Unread, then every topic with unread/total counts."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.content import Content
from textual.message import Message

from reader.formatting import compact
from reader.query import ALL, PSEUDO_TOPICS, STARRED, UNREAD, TopicCount
from reader.textsafe import one_line
from reader.textwidth import fit
from reader.widgets.line_list import LineList


def sidebar_counts(row: TopicCount, room: int, label_cells: int) -> str:
    """Names first: the fullest counts that fit beside the whole name, else the unread
    count alone (the name is then cut)."""
    unread, total = row.unread, row.total
    if row.topic == UNREAD:
        choices = [f"{unread:,}", compact(unread)]
    else:
        choices = [f"{unread:,}/{total:,}", f"{compact(unread)}/{compact(total)}", compact(unread)]
    for counts in choices:
        if label_cells + len(counts) <= room:
            return counts
    return choices[-1]


class TopicSidebar(LineList):
    COMPONENT_CLASSES: ClassVar[set[str]] = LineList.COMPONENT_CLASSES | {
        "topic-sidebar--count",
        "topic-sidebar--done",
        "topic-sidebar--special",
    }
    empty_text = "Loading…"

    @dataclass
    class TopicChosen(Message):
        topic: str

    @dataclass
    class TopicEntered(Message):
        topic: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[TopicCount] = []

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def topic(self) -> str:
        return self._rows[self.cursor].topic if self._rows else ALL

    @property
    def topics(self) -> list[TopicCount]:
        return list(self._rows)

    def set_rows(self, rows: Sequence[TopicCount]) -> None:
        """Replace the rows (All, Unread, Starred, then topics), keeping the cursor's topic."""
        current, cursor = self.topic, self.cursor
        self._rows = list(rows)
        if cursor < len(self._rows) and self._rows[cursor].topic == current:
            index = cursor  # a count changed, the topics did not: no search (200k topics)
        else:
            index = next((i for i, row in enumerate(self._rows) if row.topic == current), 0)
        self.rows_changed(index)

    def select_topic(self, topic: str) -> bool:
        index = next((i for i, row in enumerate(self._rows) if row.topic == topic), None)
        if index is None:
            return False
        self.cursor = index
        return True

    def row_key(self, index: int) -> Hashable:
        return self._rows[index]

    def render_row(self, index: int, width: int, base: Style) -> Text:
        row = self._rows[index]
        label = {ALL: "All", UNREAD: "Unread", STARRED: "★ Starred"}.get(row.topic)
        label = label or one_line(row.topic, 200)
        indent = "  " * min(row.depth, 4)  # under its parent topic
        full = cell_len(indent + label) + 1 + len(f"{row.unread:,}/{row.total:,}")
        if row.short and full > width - 2:  # the taxonomy's shortname when narrow
            label = one_line(row.short, 50)
        label = indent + label
        counts = sidebar_counts(row, width - 2, cell_len(label))  # a space before each
        count_style = "topic-sidebar--done" if row.unread == 0 else "topic-sidebar--count"
        if row.topic == STARRED and row.total == 0:
            count_style = "topic-sidebar--done"
        label_width = max(1, width - 2 - len(counts))
        text = Text(style=base)
        label_style = (
            self.get_component_rich_style("topic-sidebar--special")
            if row.topic in PSEUDO_TOPICS
            else Style()
        )
        text.append(" " + fit(label, label_width) + " ", label_style)
        text.append(
            counts.rjust(width - label_width - 2), self.get_component_rich_style(count_style)
        )
        return text

    def row_moved(self, index: int) -> None:
        row = self._rows[index]
        # The taxonomy's description of the topic, under the list (cut to its width).
        self.border_subtitle = Content(one_line(row.description, 300)) if row.description else ""
        self.post_message(self.TopicChosen(row.topic))

    def row_selected(self, index: int) -> None:
        self.post_message(self.TopicEntered(self._rows[index].topic))
