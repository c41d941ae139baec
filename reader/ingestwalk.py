"""Step 2 of a load (reader/ingest.py): the walk of what is on disk, against what the index
has, handing out what needs parsing in chunks as it goes."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator

from reader.index import Index
from reader.indexpaths import under_root
from reader.model import Problem
from reader.walk import discover_stats, file_stamp
from reader.watch import FilesSignature


def stamp_key(stamp: int, size: int) -> int:
    """A file's (stamp, size) as one int: exact, and smaller to keep 100k of."""
    return (stamp << 48) | size


class Walk:
    """Step 2 of a load: every file on disk, against the stamps the index has; what needs
    parsing is handed out in chunks as the walk goes. A first read runs this on a thread
    of its own, so parsing starts on the first files while the rest are found (~1 s of
    stat calls and signatures at 100k files); otherwise it runs first, to the end."""

    def __init__(
        self,
        roots: tuple[str, ...],
        indexes: dict[str, Index],
        stamps: dict[str, int],
        problems: list[Problem],
        chunk: int,
        first_chunk: int,
        parallel_from: int,
    ):
        self._roots, self._indexes, self._stamps = roots, indexes, stamps
        self._chunk, self._first_chunk, self._parallel_from = chunk, first_chunk, parallel_from
        self.problems = problems
        self.folders: dict[str, int] = {}
        self.signer = FilesSignature()
        self.per_root: dict[str, FilesSignature] = {}  # what the fast path of `list` compares
        # The root of each file to parse: only kept for several roots (a path per file,
        # ~10 MB at 100k, for what a single root already says).
        self.owner: dict[str, str] = {}
        self.on_disk = self.stale = 0
        self._chunks: queue.Queue[list[tuple[str, int, int]] | None] = queue.Queue()
        self._error: BaseException | None = None
        self._big = threading.Event()  # parallel_from files to parse found, or walk ended
        self.first = True  # the first chunk is still to go
        self.ended = False  # every file found (self.stale is final)

    def run(self) -> None:
        indexes, stamps = self._indexes, self._stamps
        batch: list[tuple[str, int, int]] = []
        try:
            for root, path, stat in discover_stats(self._roots, self.problems, self.folders):
                self.on_disk += 1
                stamp = file_stamp(stat)
                self.signer.add(path, stamp, stat.st_size)
                if root in indexes:
                    self.per_root.setdefault(root, FilesSignature()).add(
                        under_root(root, path) or path, stamp, stat.st_size
                    )
                if stamps.pop(path, None) != stamp_key(stamp, stat.st_size):
                    if len(self._roots) > 1:
                        self.owner[path] = root
                    self.stale += 1
                    batch.append((path, stamp, stat.st_size))
                    if self.stale >= self._parallel_from:
                        self._big.set()
                    # A small first chunk: on a first read, the rows on screen soonest.
                    size = min(self._chunk, self._first_chunk) if self.first else self._chunk
                    if len(batch) >= size:
                        self._chunks.put(batch)
                        batch, self.first = [], False
            if batch:
                self._chunks.put(batch)
        except BaseException as exc:  # raised where the chunks are read
            self._error = exc
        finally:
            self.ended = True
            self._chunks.put(None)
            self._big.set()

    def start(self) -> None:
        """Walk on a thread of its own; back once the walk has ended, or has found enough
        files to read in parallel (a small folder's count is then exact from the start)."""
        threading.Thread(target=self.run, name="walk", daemon=True).start()
        self._big.wait()

    def chunks(self) -> Iterator[list[tuple[str, int, int]]]:
        while (chunk := self._chunks.get()) is not None:
            yield chunk
        if self._error is not None:
            raise self._error
