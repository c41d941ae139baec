"""fit(): exactly `width` cells; its ASCII shortcut agrees with measuring by rich."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len, set_cell_size

from reader.textwidth import fit


def measured(text: str, width: int) -> str:
    """fit() as it was before the ASCII shortcut: every length measured by rich."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    if text.isascii():
        head = text[: width - 1]
    else:
        head, used = "", 0
        for character in text:
            used += cell_len(character)
            if used > width - 1:
                break
            head += character
    head = head.rstrip().rstrip("…").rstrip()
    return set_cell_size(head + "…", width)


@given(st.text(alphabet=st.characters(max_codepoint=0x7F)) | st.text(), st.integers(-2, 60))
def test_fit_agrees_with_rich_measuring_every_character(text: str, width: int) -> None:
    fitted = fit(text, width)
    assert fitted == measured(text, width)
    if width > 0 and text.isprintable():
        assert cell_len(fitted) == width


def test_a_cut_ascii_title_ends_in_an_ellipsis_right_after_the_text() -> None:
    assert fit("Chipmaker ships a new accelerator", 12) == "Chipmaker s…"
    assert fit("Chipmaker ships a new accelerator", 11) == "Chipmaker… "
    assert fit("Chips", 8) == "Chips   "
