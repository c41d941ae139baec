"""Which pictures the terminal can draw: asked once, before Textual takes the terminal.

textual-image finds out whether the terminal speaks the Kitty graphics protocol or Sixel
by writing a query and reading the answer from stdin, when it is imported; once Textual
reads stdin itself, the answers would arrive as key presses. So the TUI command starts
the asking in a thread before it imports Textual (the two overlap: the asking mostly
waits on the terminal) and joins it before the app starts. Only with `images` on, and
only on a real terminal. No Textual here.
"""

from __future__ import annotations

import os
import sys
import threading


def start_asking() -> threading.Thread | None:
    """Ask in the background; join the thread before the app runs. None: nothing asked."""
    out, into = sys.__stdout__, sys.__stdin__
    if out is None or into is None or not (out.isatty() and into.isatty()):
        return None
    if os.environ.get("TEXTUAL_DRIVER"):  # reader serve: a browser, not a terminal
        return None
    thread = threading.Thread(target=_ask, name="reader-graphics-query", daemon=True)
    thread.start()
    return thread


def _ask() -> None:
    try:
        import textual_image.renderable  # noqa: F401  (importing it asks)
        from textual_image._terminal import get_cell_size

        get_cell_size()  # the cell size in pixels, kept for the widget
    except Exception:
        pass  # no answer: half blocks, as when nothing was asked
