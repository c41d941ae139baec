"""Frames of an app under `App.run_test`, as a real terminal would get them, and keys fed
the way a terminal's input thread feeds them. Shared by bench/run.py and bench/fulltext.py.

Headless, Textual skips turning a frame into terminal bytes: the hook does that, so a frame
costs what it costs on a terminal. `shown(predicate)` is a future for the first frame after
which the predicate holds: (wall time, main-thread CPU time) of that frame.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

Stamp = tuple[float, float]  # time.perf_counter(), time.thread_time()


class FrameWatch:
    def __init__(self, app: Any) -> None:
        from textual._xterm_parser import XTermParser  # (Textual only once an app runs)

        self._loop = asyncio.get_running_loop()
        self._waiters: list[tuple[Callable[[], bool], asyncio.Future[Stamp]]] = []
        self.hooks: list[Callable[[float], None]] = []  # called with each frame's time
        self._original = app._display
        self._app = app
        app._display = self._display
        self._parser = XTermParser()
        self._driver = app._driver
        assert self._driver is not None

    def _display(self, screen: Any, renderable: Any) -> None:
        self._original(screen, renderable)
        if renderable is None:
            return
        render = getattr(renderable, "render_segments", None)
        if render is not None:
            render(self._app.console)  # what a real terminal's frame costs
        now = (time.perf_counter(), time.thread_time())
        for predicate, future in self._waiters:
            if not future.done() and predicate():
                future.set_result(now)
        self._waiters[:] = [w for w in self._waiters if not w[1].done()]
        for hook in self.hooks:
            hook(now[0])

    def stop(self) -> None:
        """The app draws frames as before."""
        self._app._display = self._original

    def shown(self, predicate: Callable[[], bool]) -> asyncio.Future[Stamp]:
        future: asyncio.Future[Stamp] = self._loop.create_future()
        self._waiters.append((predicate, future))
        return future

    def press(self, sequence: str) -> None:
        """As the terminal's input thread does: bytes -> parser -> driver -> app."""
        for event in self._parser.feed(sequence):
            self._driver.process_message(event)
