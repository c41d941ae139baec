"""Fit text into terminal cells (CJK and emoji take two cells)."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size


def fit(text: str, width: int) -> str:
    """Exactly `width` cells: padded, or cut with an ellipsis."""
    if width <= 0:
        return ""
    if text.isascii() and text.isprintable():
        # One cell a character (both tests run in C; rich measures character by character):
        # the same result, several times faster, for most list rows.
        if len(text) <= width:
            return text + " " * (width - len(text))
        head = text[: width - 1].rstrip().rstrip("…").rstrip()
        return head + "…" + " " * (width - 1 - len(head))
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    if text.isascii():
        head = text[: width - 1]
    else:  # whole characters only: a wide one that doesn't fit leaves no stray space
        head, used = "", 0
        for character in text:
            used += cell_len(character)
            if used > width - 1:
                break
            head += character
    # "word …" and "title……" read badly: the ellipsis goes straight after the text.
    head = head.rstrip().rstrip("…").rstrip()
    return set_cell_size(head + "…", width)
