"""Pausing Python's cyclic garbage collector around bursts of allocation. No Textual here.

Building 100k article summaries, or sorting and counting them, creates many small objects
that live on; each burst triggers collections that walk every object so far and free
nothing (a full one takes ~0.1 s at 100k articles, and holds the GIL: the UI thread waits).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Creating many small objects triggers collections that find nothing to free."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
