"""Worker processes that parse chunks of article files for reader.ingest.

Each worker is `python -P -m reader.ingest --serve` (see `serve`), talking marshal over its pipes.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import queue
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from reader.indexrows import Row

Chunk = Sequence[tuple[str, int, int]]  # (path, mtime_ns, size) of each file
AHEAD = 3  # chunks handed to each worker ahead of the one being read


class ParsePool:
    """Worker processes that parse chunks of files, results in order.

    Plain subprocesses over pipes rather than multiprocessing: they don't depend on the
    caller's __main__ or on sys.stdout/stderr being real files (under Textual they are
    not), and forking a threaded process is avoided altogether.
    """

    def __init__(self, count: int) -> None:
        package_parent = str(Path(__file__).resolve().parent.parent)
        env = dict(os.environ)
        # Only absolute entries: an empty or relative one would import from the working
        # directory, and so would `-m` without `-P` (a folder holding its own `reader/`
        # package would run its code in every worker).
        inherited = env.get("PYTHONPATH", "").split(os.pathsep)
        env["PYTHONPATH"] = os.pathsep.join(
            [package_parent, *(p for p in inherited if p and os.path.isabs(p))]
        )
        env.pop("PYTHONSTARTUP", None)
        self._workers: list[subprocess.Popen[bytes]] = []
        self._feeders: list[threading.Thread] = []
        try:
            for _ in range(count):
                self._workers.append(
                    subprocess.Popen(
                        [sys.executable, "-P", "-m", "reader.ingest", "--serve"],
                        stdin=subprocess.PIPE,
                        stdout=subprocess.PIPE,
                        stderr=subprocess.DEVNULL,
                        env=env,
                        close_fds=True,
                    )
                )
        except OSError:
            self.close()
            raise

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def map(
        self, chunks: Iterable[Chunk], parse_here: Callable[[Chunk], list[Row]]
    ) -> Iterator[list[Row]]:
        """Rows for each chunk, in order; `parse_here` takes over a dead worker's share.

        `chunks` may still be growing (a walk on another thread): each is taken when
        there is room for it, a few ahead of the one being read, so the workers start on
        the first files while the rest are still being found."""
        count = len(self._workers)
        queues: list[queue.Queue[list[tuple[str, int, int]] | None]] = [
            queue.Queue() for _ in range(count)
        ]
        # One feeder thread per worker, so a full pipe never blocks the reader side.
        self._feeders = [
            threading.Thread(target=_feed, args=(worker, jobs), daemon=True)
            for worker, jobs in zip(self._workers, queues, strict=True)
        ]
        for feeder in self._feeders:
            feeder.start()
        source = iter(chunks)
        in_flight: deque[tuple[int, Chunk]] = deque()  # (worker, chunk), oldest first
        dead: set[int] = set()
        given = 0
        ended = False

        def give_more() -> None:
            nonlocal given, ended
            while not ended and len(in_flight) < AHEAD * count:
                chunk = next(source, None)
                if chunk is None:
                    ended = True
                    for jobs in queues:
                        jobs.put(None)  # end of work: each worker exits once it has answered
                    return
                slot = given % count
                given += 1
                if slot not in dead:
                    queues[slot].put(list(chunk))
                in_flight.append((slot, chunk))

        try:
            give_more()
            while in_flight:
                slot, chunk = in_flight.popleft()
                rows = None
                if slot not in dead:
                    stdout = self._workers[slot].stdout
                    assert stdout is not None
                    rows = _read_message(stdout)
                if rows is None:  # that worker is gone: do its chunks here from now on
                    dead.add(slot)
                    rows = parse_here(chunk)
                yield rows
                give_more()
        finally:
            if not ended:
                for jobs in queues:
                    jobs.put(None)

    def close(self) -> None:
        # Kill first: a feeder blocked writing to a worker then fails and lets go of the
        # pipe, so nothing here can wait on it (closing a pipe a feeder is writing to
        # would block on the writer's lock).
        for worker in self._workers:
            with contextlib.suppress(OSError):
                worker.kill()
        for worker in self._workers:
            with contextlib.suppress(OSError, subprocess.TimeoutExpired):
                worker.wait(timeout=5)
        for feeder in self._feeders:
            feeder.join(timeout=5)
        for worker in self._workers:
            for stream in (worker.stdin, worker.stdout):
                if stream is not None:
                    with contextlib.suppress(OSError, ValueError):
                        stream.close()


def _feed(
    worker: subprocess.Popen[bytes], jobs: queue.Queue[list[tuple[str, int, int]] | None]
) -> None:
    assert worker.stdin is not None
    try:
        while (chunk := jobs.get()) is not None:
            _write_message(worker.stdin, chunk)
        worker.stdin.close()  # end of work: the worker exits when it has answered
    except (OSError, ValueError):
        pass  # the worker is gone; the reading side notices and parses in-process


def _write_message(stream: IO[bytes], value: Any) -> None:
    # marshal: our own processes talking, plain tuples of str/int/float/None, and fast.
    payload = marshal.dumps(value)
    stream.write(len(payload).to_bytes(8, "little") + payload)
    stream.flush()


def _read_message(stream: IO[bytes]) -> Any:
    header = stream.read(8)
    if len(header) < 8:
        return None
    size = int.from_bytes(header, "little")
    payload = stream.read(size)
    if len(payload) < size:
        return None
    return marshal.loads(payload)


def serve(parse: Callable[[Chunk], list[Row]]) -> None:
    """Worker process: read chunks on stdin, write rows on stdout, until stdin closes."""
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    while (chunk := _read_message(source)) is not None:
        _write_message(sink, parse([tuple(item) for item in chunk]))
