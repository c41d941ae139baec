"""Writes read/starred flags to the state store on a thread of its own, in order.

The UI shows a mark at once and hands the write here; a locked database is waited for
and retried on this thread (never the UI's), and the result comes back through
`on_done(write, error)`, where error is None on success. No Textual here.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

from reader.state import StateError, StateStore
from reader.updates import FlagWrite

Done = Callable[[FlagWrite, str | None], None]


class FlagWriter:
    def __init__(self, store: StateStore, on_done: Done) -> None:
        self._store = store
        self._on_done = on_done
        self._jobs: queue.Queue[FlagWrite | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self.lock = threading.Lock()  # held around every use of the store's connection

    def submit(self, write: FlagWrite) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="flag-writer", daemon=True)
            self._thread.start()
        self._jobs.put(write)

    def _run(self) -> None:
        while (write := self._jobs.get()) is not None:
            try:
                with self.lock:
                    if write.column == "read":
                        self._store.set_read(write.articles, write.value)
                    else:
                        self._store.set_starred(write.articles, write.value)
                error = None
            except StateError as exc:
                error = str(exc)
            except Exception as exc:  # a bug must not kill the writer: say what failed
                error = f"{type(exc).__name__}: {exc}"
            self._on_done(write, error)

    def close(self, timeout: float = 30.0) -> bool:
        """Finish what was submitted (up to `timeout` s); True if nothing was left undone."""
        if self._thread is None:
            return True
        self._jobs.put(None)
        self._thread.join(timeout)
        done = not self._thread.is_alive()
        self._thread = None
        return done
