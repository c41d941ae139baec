"""Load a corpus through the index: cached summaries first, then only what changed.

Warm start: read every row of the index (no article file is opened), hand that to the
caller, then check freshness by stat and re-parse only files that were added or changed.
Cold start: parse in worker processes, in order, handing partial corpora to the caller
as they fill in.
"""

from __future__ import annotations

import contextlib
import gc
import marshal
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from reader.collection import Corpus
from reader.frontmatter import parse_file
from reader.index import Index, Row, RowReader, row_for
from reader.model import Problem
from reader.preview import totals_for
from reader.query import Counts
from reader.walk import discover_stats
from reader.watch import FilesSignature

CHUNK = 256  # files per task sent to a worker process
PARALLEL_FROM = 1024  # fewer changed files than this are parsed in this thread
# Seconds between partial corpora handed to the caller, per 10k articles already in it:
# each snapshot makes the UI re-sort everything, so bigger corpora get fewer of them.
SNAPSHOT_EVERY = 0.25


@dataclass(frozen=True, slots=True)
class Progress:
    done: int
    total: int
    elapsed: float

    @property
    def rate(self) -> float:
        return self.done / self.elapsed if self.elapsed > 0 else 0.0


Snapshot = Callable[[Corpus, Progress], None]


def parse_chunk(items: Sequence[tuple[str, int, int]]) -> list[Row]:
    """Runs in a worker process: parse files into index rows."""
    return [
        row_for(path, mtime_ns, size, parse_file(path, summary=True))
        for path, mtime_ns, size in items
    ]


def _chunks(items: Sequence[tuple[str, int, int]]) -> Iterator[Sequence[tuple[str, int, int]]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _parsed_rows(items: Sequence[tuple[str, int, int]], workers: int) -> Iterator[list[Row]]:
    """Rows for `items`, chunk by chunk, in order."""
    chunks = list(_chunks(items))
    if workers <= 1 or len(items) < PARALLEL_FROM:
        for chunk in chunks:
            yield parse_chunk(chunk)
        return
    try:
        pool = _ParsePool(min(workers, len(chunks)))
    except OSError:  # can't start processes here: one core it is
        for chunk in chunks:
            yield parse_chunk(chunk)
        return
    with pool:
        yield from pool.map(chunks)


class _ParsePool:
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

    def __enter__(self) -> _ParsePool:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def map(self, chunks: list[Sequence[tuple[str, int, int]]]) -> Iterator[list[Row]]:
        count = len(self._workers)
        # One feeder thread per worker, so a full pipe never blocks the reader side.
        feeders = [
            threading.Thread(
                target=_feed, args=(worker, chunks[index::count]), daemon=True
            )
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
                rows = parse_chunk(chunk)
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


def _feed(worker: subprocess.Popen[bytes], chunks: list[Sequence[tuple[str, int, int]]]) -> None:
    assert worker.stdin is not None
    try:
        for chunk in chunks:
            _write_message(worker.stdin, list(chunk))
        worker.stdin.close()  # end of work: the worker exits when it has answered
    except (OSError, ValueError):
        pass  # the worker is gone; the reading side notices and parses in-process


def _write_message(stream: BinaryIO, value: object) -> None:
    # marshal: our own processes talking, plain tuples of str/int/float/None, and fast.
    payload = marshal.dumps(value)
    stream.write(len(payload).to_bytes(8, "little") + payload)
    stream.flush()


def _read_message(stream: BinaryIO) -> Any:
    header = stream.read(8)
    if len(header) < 8:
        return None
    size = int.from_bytes(header, "little")
    payload = stream.read(size)
    if len(payload) < size:
        return None
    return marshal.loads(payload)


def _serve() -> None:
    """Worker process: read chunks on stdin, write rows on stdout, until stdin closes."""
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    while (chunk := _read_message(source)) is not None:
        _write_message(sink, parse_chunk([tuple(item) for item in chunk]))


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def load(
    paths: Iterable[str],
    *,
    snapshot: Snapshot | None = None,
    use_index: bool = True,
    workers: int | None = None,
) -> Corpus:
    """The corpus under `paths`. `snapshot` gets partial corpora while it loads."""
    roots = tuple(paths)
    workers = default_workers() if workers is None else workers
    started = time.perf_counter()
    reader = RowReader()
    indexes: dict[str, Index] = {}
    if use_index:
        for root in roots:
            if os.path.isdir(root) and root not in indexes:
                index = Index.open(root)
                if index is not None:
                    indexes[root] = index
    try:
        # 1. What the index already knows: enough to show everything at once. Rows are
        # turned into articles as they stream in; only each file's stamp is kept.
        stamps: dict[str, int] = {}
        corpus = Corpus(roots)
        with _collector_paused():
            for index in indexes.values():
                for row in index.iter_rows():
                    if row[0] not in stamps:
                        stamps[row[0]] = _stamp(row[1], row[2])
                        _add_row(corpus, row, reader)
        had_cache = bool(stamps)
        if had_cache and snapshot is not None:
            snapshot(corpus.copy(), Progress(0, 0, time.perf_counter() - started))

        # 2. What is on disk now.
        # Compared as the walk goes, so no list of every file is ever held.
        walk_problems: list[Problem] = []
        folders: dict[str, int] = {}
        signer = FilesSignature()
        stale: list[tuple[str, int, int]] = []
        owner: dict[str, str] = {}  # the root of each file to parse
        for root, path, stat in discover_stats(roots, walk_problems, folders):
            signer.add(path, stat.st_mtime_ns, stat.st_size)
            if stamps.pop(path, None) != _stamp(stat.st_mtime_ns, stat.st_size):
                stale.append((path, stat.st_mtime_ns, stat.st_size))
                owner[path] = root
        removed = list(stamps)  # in the index, not on disk any more
        del stamps
        signature = signer.hexdigest()
        if not stale and not removed:
            corpus.problems[:0] = walk_problems
            _sort_problems(corpus, len(walk_problems))
            _remember(indexes, folders, corpus, changed=False)
            corpus.folders, corpus.files_signature = folders, signature
            return corpus

        # 3. Parse what changed; stream it in when starting from nothing.
        incremental = not had_cache
        if incremental:
            corpus = Corpus(roots, problems=list(walk_problems))
            for index in indexes.values():
                index.defer_indexes()
        last_snapshot = time.perf_counter()
        done = 0
        pending: dict[str, list[Row]] = {}
        unindexed: list[Row] = []  # files outside any index (named directly, no cache)
        for rows in _parsed_rows(stale, workers):
            for row in rows:
                root = owner[row[0]]
                if incremental:
                    _add_row(corpus, row, reader, indexed=root in indexes)
                if root in indexes:
                    pending.setdefault(root, []).append(row)
                else:
                    unindexed.append(row)
            done += len(rows)
            now = time.perf_counter()
            interval = SNAPSHOT_EVERY * (1 + len(corpus.articles) / 10_000)
            if snapshot is not None and incremental and now - last_snapshot >= interval:
                snapshot(corpus.copy(), Progress(done, len(stale), now - started))
                last_snapshot = now
            if sum(len(batch) for batch in pending.values()) >= 4096:
                _flush(indexes, pending, {})
        # A removed file is deleted from every index; where it wasn't, that does nothing.
        _flush(indexes, pending, {root: removed for root in indexes} if removed else {})
        if not incremental:
            # Changes to a warm corpus: rebuild from the updated index so every dedupe
            # decision and count starts clean (rare, and cheaper than the parse before it).
            corpus = Corpus(roots, problems=list(walk_problems))
            seen: set[str] = set()
            with _collector_paused():
                for index in indexes.values():
                    for row in index.iter_rows():
                        if row[0] not in seen:
                            seen.add(row[0])
                            _add_row(corpus, row, reader)
            for row in unindexed:
                _add_row(corpus, row, reader, indexed=False)
        _sort_problems(corpus, len(walk_problems))
        _remember(indexes, folders, corpus, changed=True)
        corpus.folders, corpus.files_signature = folders, signature
        return corpus
    finally:
        for index in indexes.values():
            index.close()


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Creating many small objects triggers collections that find nothing to free."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _stamp(mtime_ns: int, size: int) -> int:
    """A file's (mtime, size) as one int: exact, and smaller to keep 100k of."""
    return (mtime_ns << 48) | size


def _sort_problems(corpus: Corpus, walked: int) -> None:
    """Problems from reading files in path order, whatever order the files were read in
    (the first `walked`, about the paths themselves, keep the order they were given in)."""
    corpus.problems[walked:] = sorted(corpus.problems[walked:], key=lambda p: p.path)


def _remember(
    indexes: dict[str, Index], folders: dict[str, int], corpus: Corpus, changed: bool
) -> None:
    for index in indexes.values():
        index.ensure_indexes()
        index.remember_folders(folders)
    if len(indexes) == 1 and len(corpus.roots) == 1:
        if not changed and next(iter(indexes.values())).totals() is not None:
            return
        # Per-topic totals let the next start draw its first screen before loading.
        articles = corpus.articles.values()
        totals = totals_for(Counts(articles, (), (), True), Counts(articles, (), (), False))
        next(iter(indexes.values())).remember_totals(totals)


def _flush(
    indexes: dict[str, Index], pending: dict[str, list[Row]], removed: dict[str, list[str]]
) -> None:
    for root in set(pending) | set(removed):
        index = indexes.get(root)
        if index is not None:
            index.apply(pending.get(root, []), removed.get(root, []))
    pending.clear()


def _add_row(corpus: Corpus, row: Row, reader: RowReader, indexed: bool = True) -> None:
    if row[15] is not None:
        corpus.problems.extend(reader.problems(row))
    # Excerpts of indexed files stay in the index until a search wants them (~30 MB at
    # 100k articles); Corpus.excerpts() fetches them.
    article = reader.article(row, keep_excerpt=not indexed)
    if article is not None:
        corpus.add(article)


if __name__ == "__main__" and sys.argv[1:] == ["--serve"]:
    _serve()
