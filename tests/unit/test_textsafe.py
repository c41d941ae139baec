"""Display text: cleaned for the terminal only; JSON keeps the exact values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader import cli
from reader.textsafe import clean_text, one_line, terminal_json
from tests.factories import write_article

NASTY = "a\x1b[2J\x9b31m\x7fb [/] [bold]x Foo [Bar]"


def test_clean_text_and_one_line_keep_markup_like_text() -> None:
    assert clean_text("[/] Wire [bold]x") == "[/] Wire [bold]x"
    assert "\x1b" not in clean_text(NASTY) and "\x9b" not in clean_text(NASTY)
    assert one_line("two\nlines\tand a tab") == "two lines and a tab"
    assert one_line("x" * 50, 10) == "x" * 9 + "…"


def test_terminal_json_round_trips_and_has_no_raw_controls() -> None:
    value = [NASTY, "中文", "lone \ud800"]
    text = terminal_json(value)
    assert json.loads(text) == value
    assert not any(0x7F <= ord(c) <= 0x9F or 0xD800 <= ord(c) <= 0xDFFF for c in text)
    assert "中文" in text  # readable text stays readable


def test_reader_list_json_gives_the_exact_title(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "news"
    title = NASTY + " " + "long " * 400
    write_article(folder, "nasty", title=title, heat=5)
    assert cli.main(["list", "--json", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "\x9b" not in out and "\x1b" not in out
    assert json.loads(out)[0]["title"] == title
