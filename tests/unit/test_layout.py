"""Where the panes go and which columns fit (reader/layout.py), and the sidebar's counts."""

from __future__ import annotations

import pytest

from reader.formatting import compact
from reader.layout import MIN_TITLE, Sizes, list_columns, plan
from reader.query import UNREAD, TopicCount
from reader.widgets.topic_sidebar import sidebar_counts


@pytest.mark.parametrize("width", range(60, 260, 7))
def test_the_article_pane_is_beside_the_list_only_when_titles_keep_room(width: int) -> None:
    layout = plan(width, 40)
    title = list_columns(layout.list_width - 3).title  # borders and the scrollbar
    if layout.beside:
        assert title >= MIN_TITLE
        assert layout.sidebar + layout.list_width + layout.detail == width
    else:
        assert layout.list_width + layout.sidebar == width
        reading = layout.list_width
        beside_list = reading - max(40, round(reading * 0.38))
        assert list_columns(beside_list - 3).title < MIN_TITLE  # beside would cost the title


def test_the_sizes_a_daily_reader_sees() -> None:
    assert not plan(80, 24).beside
    assert list_columns(plan(80, 24).list_width - 3).title >= 40  # was 23
    assert not plan(120, 36).beside  # three panes left titles 27 characters here
    assert plan(160, 45).beside
    assert plan(200, 60).beside


def test_the_stacked_list_keeps_ten_rows_with_the_search_open_at_24_lines() -> None:
    layout = plan(80, 24)
    list_column = 24 - 2 - layout.detail  # status line and footer
    assert list_column - 2 - 2 >= 10  # the search line, its error line, the borders


def test_the_provider_column_comes_only_after_the_title_has_its_room() -> None:
    assert list_columns(70).provider == 0
    wide = list_columns(130)
    assert wide.title >= MIN_TITLE and wide.provider == 20
    for width in range(20, 200):
        columns = list_columns(width)
        assert columns.provider == 0 or columns.title >= MIN_TITLE


def test_resizing_is_bounded_and_can_bring_the_pane_beside() -> None:
    sizes = Sizes()
    assert not plan(150, 40, sizes).beside
    smaller = sizes.resized(detail=-8)
    assert plan(150, 40, smaller).beside  # a smaller article pane leaves the title room
    assert Sizes().resized(detail=-500).detail_percent == 20
    assert Sizes().resized(detail=500).detail_percent == 80
    assert Sizes().resized(sidebar=-100, width=120).sidebar == 14
    assert Sizes().resized(sidebar=2, width=120).sidebar == 26  # from the automatic 24


def test_compact_counts() -> None:
    cases = {0: "0", 999: "999", 1000: "1k", 2527: "2.5k", 9960: "10k", 25270: "25k"}
    cases |= {999_600: "1M", 1_234_567: "1.2M"}
    assert {n: compact(n) for n in cases} == cases


def test_sidebar_names_come_first_and_counts_shrink_to_fit() -> None:
    row = TopicCount("AI in Autos", 2527, 2527)
    assert sidebar_counts(row, 40, len("AI in Autos")) == "2,527/2,527"
    assert sidebar_counts(row, 21, len("AI in Autos")) == "2.5k/2.5k"
    assert sidebar_counts(row, 16, len("AI in Autos")) == "2.5k"
    assert sidebar_counts(row, 8, len("AI in Autos")) == "2.5k"  # the name is cut then
    unread = TopicCount(UNREAD, 12_000, 12_000)
    assert sidebar_counts(unread, 30, len("Unread")) == "12,000"
