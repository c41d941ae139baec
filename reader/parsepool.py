"""Worker processes that parse chunks of article files for reader.ingest.

Each worker is `python -P -m reader.ingest --serve` (see `serve`), talking marshal over its pipes.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from reader.indexrows import Row

Chunk = Sequence[tuple[str, int, int]]  # (path, mtime_ns, size) of each file


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
        self, chunks: list[Chunk], parse_here: Callable[[Chunk], list[Row]]
    ) -> Iterator[list[Row]]:
        """Rows for each chunk, in order; `parse_here` takes over a dead worker's share."""
        count = len(self._workers)
        # One feeder thread per worker, so a full pipe never blocks the reader side.
        feeders = [
            threading.Thread(target=_feed, args=(worker, chunks[index::count]), daemon=True)
            for index, worker in enumerate(self._workers)
        ]
        self._feeders = feeders
        for feeder in feeders:
            feeder.start()
        dead: set[int] = set()
        for index, chunk in enumerate(chunks):
            slot = index % count
            rows = None
            if slot not in dead:
                stdout = self._workers[slot].stdout
                assert stdout is not None
                rows = _read_message(stdout)
            if rows is None:  # that worker is gone: do its chunks here from now on
                dead.add(slot)
                rows = parse_here(chunk)
            yield rows

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


def _feed(worker: subprocess.Popen[bytes], chunks: list[Chunk]) -> None:
    assert worker.stdin is not None
    try:
        for chunk in chunks:
            _write_message(worker.stdin, list(chunk))
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
