"""Ages, numbers and cell-exact fitting of text (formatting.py, textwidth.py, urls.py)."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from reader.formatting import age, local_time, number
from reader.textwidth import fit
from reader.urls import is_web_url

# Midday, mid-year, so local-time conversions can't cross a day or year boundary.
NOW = datetime(2026, 7, 15, 12, 0, tzinfo=timezone.utc)


# Ages use local time for calendar dates: pin it, so results don't depend on the host.
pytestmark = pytest.mark.usefixtures("utc_local_time")


def ago(**delta: float) -> datetime:
    return NOW - timedelta(**delta)


# -- age -----------------------------------------------------------------------------


def test_age_of_nothing_is_a_dash() -> None:
    assert age(None, NOW) == "—"


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        (ago(seconds=0), "0m"),
        (ago(seconds=59), "0m"),
        (ago(minutes=45), "45m"),
        (ago(minutes=59, seconds=59), "59m"),
        (ago(hours=1), "1h"),
        (ago(hours=3, minutes=20), "3h"),
        (ago(hours=23, minutes=59), "23h"),
        (ago(hours=24), "1d"),
        (ago(hours=47, minutes=59), "1d"),
        (ago(hours=48), "2d"),
        (ago(days=2, hours=5), "2d"),
        (ago(days=29, hours=23), "29d"),
    ],
)
def test_recent_ages_are_minutes_hours_days(published: datetime, expected: str) -> None:
    assert age(published, NOW) == expected


def test_age_does_not_depend_on_the_timezone_of_the_values() -> None:
    other_zone = timezone(timedelta(hours=-7))
    assert age(ago(hours=3).astimezone(other_zone), NOW) == "3h"


def test_a_date_earlier_this_year_is_month_and_day() -> None:
    assert age(datetime(2026, 3, 5, 12, 0, tzinfo=timezone.utc), NOW) == "Mar 05"
    assert age(datetime(2026, 1, 20, 12, 0, tzinfo=timezone.utc), NOW) == "Jan 20"


def test_the_calendar_date_is_the_local_one(monkeypatch: pytest.MonkeyPatch) -> None:
    late_utc = datetime(2026, 3, 5, 23, 30, tzinfo=timezone.utc)
    assert age(late_utc, NOW) == "Mar 05"
    monkeypatch.setenv("TZ", "JST-9")  # UTC+9 (POSIX form: needs no tzdata): the 6th
    time.tzset()
    assert age(late_utc, NOW) == "Mar 06"


def test_a_date_in_an_earlier_year_is_an_iso_date() -> None:
    assert age(datetime(2025, 5, 5, 12, 0, tzinfo=timezone.utc), NOW) == "2025-05-05"


def test_an_older_year_is_not_shown_like_this_year() -> None:
    last_year = age(datetime(2025, 3, 5, 12, 0, tzinfo=timezone.utc), NOW)
    this_year = age(datetime(2026, 3, 5, 12, 0, tzinfo=timezone.utc), NOW)
    assert "2025" in last_year
    assert last_year != this_year


def test_a_slightly_future_date_is_zero_minutes() -> None:
    assert age(NOW + timedelta(minutes=30), NOW) == "0m"


def test_a_far_future_date_is_shown_as_a_date_not_a_negative_age() -> None:
    shown = age(NOW + timedelta(days=3), NOW)
    assert shown == "Jul 18"
    assert "-" not in shown


def test_number_and_local_time_placeholders() -> None:
    assert number(None) == "—"
    assert number(-1) == "-1"
    assert number(42) == "42"
    assert local_time(None) == "unknown"
    assert local_time(NOW).startswith("20")


# -- fit -------------------------------------------------------------------------------


def test_fit_pads_short_text() -> None:
    assert fit("abc", 6) == "abc   "


def test_fit_leaves_exact_text_alone() -> None:
    assert fit("abcdef", 6) == "abcdef"
    assert fit("日本語", 6) == "日本語"


def test_fit_cuts_long_text_with_an_ellipsis() -> None:
    assert fit("abcdefgh", 5) == "abcd…"


@pytest.mark.parametrize(
    "text",
    [
        "東京の港で自動クレーンが稼働",
        "인공지능 항만 자동화 뉴스",
        "Robots 🤖 stack boxes 📦 daily",
        "Café naïve façade Ålesund",
        "混合 mixed 文字 text 🎉",
        "",
    ],
)
@pytest.mark.parametrize("width", [1, 2, 3, 4, 5, 7, 10, 13, 40])
def test_fit_is_exactly_the_width_for_wide_characters(text: str, width: int) -> None:
    fitted = fit(text, width)
    assert cell_len(fitted) == width
    if cell_len(text) > width:  # the ellipsis right after the text; any padding after it
        assert fitted.rstrip().endswith("…") and " …" not in fitted
    else:
        assert fitted.rstrip() == text.rstrip()


def test_fit_cutting_inside_a_wide_character_pads_after_the_ellipsis() -> None:
    fitted = fit("日本語", 4)  # "日" (2) + half of "本" can't fit: ellipsis, then padding
    assert fitted == "日… "


def test_fit_to_zero_or_less_is_empty() -> None:
    assert fit("abc", 0) == ""
    assert fit("日本", 0) == ""
    assert fit("abc", -3) == ""


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("ab Z9-_éñ日本語한국🤖📦🎉")), max_size=30),
    width=st.integers(min_value=0, max_value=40),
)
def test_fit_always_gives_exactly_width_cells(text: str, width: int) -> None:
    assert cell_len(fit(text, width)) == width


# -- urls ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://news.example/a", True),
        ("HTTP://NEWS.EXAMPLE/", True),
        ("  https://news.example/padded  ", True),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("mailto:someone@news.example", False),
        ("https://", False),
        ("news.example/no-scheme", False),
        ("", False),
        ("http://[broken", False),
    ],
)
def test_only_http_urls_with_a_host_are_web_urls(url: str, ok: bool) -> None:
    assert is_web_url(url) is ok


@pytest.mark.parametrize(
    ("n", "noun", "expected"),
    [(0, "article", "0 articles"), (1, "article", "1 article"), (2, "file", "2 files"),
     (2500, "article", "2,500 articles"), (1, "flag change", "1 flag change"),
     (3, "unpublished article", "3 unpublished articles")],
)  # fmt: skip
def test_count_agrees_with_its_noun(n: int, noun: str, expected: str) -> None:
    from reader.formatting import count

    assert count(n, noun) == expected


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [("稼働率が上がる工場", 10, "稼働率が… "),  # no stray space before the ellipsis
     ("A title that ends…", 12, "A title tha…"),
     ("Breaking… and more", 10, "Breaking… "),  # never "……"
     ("Hello world again", 7, "Hello… "),  # nor "Hello …"
     ("Chipmaker ships", 10, "Chipmaker…")],
)  # fmt: skip
def test_fit_cuts_cleanly(text: str, width: int, expected: str) -> None:
    assert fit(text, width) == expected
    assert cell_len(fit(text, width)) == width
