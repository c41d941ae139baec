"""Load a corpus through the index: cached summaries first, then only what changed.

Warm start: read every row of the index (no article file is opened), hand that to the
caller, then check freshness by stat and re-parse only files that were added or changed.
Cold start: parse in worker processes, in order, handing partial corpora to the caller
as they fill in.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from reader.collection import Corpus
from reader.frontmatter import parse_file
from reader.index import Index, Row, RowReader, row_for
from reader.indexpaths import under_root
from reader.model import Problem
from reader.parsepool import ParsePool, serve
from reader.preview import totals_for
from reader.query import Counts
from reader.walk import discover_stats, file_stamp
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
    resumed_at: int = 0  # files a cut-short first fill had already read (not this run's)

    @property
    def rate(self) -> float:
        read = self.done - self.resumed_at
        return read / self.elapsed if self.elapsed > 0 else 0.0


Snapshot = Callable[[Corpus, Progress], None]
FLUSH_EVERY = 4096  # rows parsed before they are written to the index


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
        pool = ParsePool(min(workers, len(chunks)))
    except OSError:  # can't start processes here: one core it is
        for chunk in chunks:
            yield parse_chunk(chunk)
        return
    with pool:
        yield from pool.map(chunks, parse_chunk)


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
    try:
        return _load(roots, snapshot, use_index, workers)
    except sqlite3.Error as exc:
        if not use_index:
            raise
        # An index that fails past every check above: the files are the truth.
        corpus = _load(roots, snapshot, False, workers)
        corpus.notices.append(_unusable(f"failed ({exc})"))
        return corpus


def _load(
    roots: tuple[str, ...],
    snapshot: Snapshot | None,
    use_index: bool,
    workers: int | None,
) -> Corpus:
    workers = default_workers() if workers is None else workers
    started = time.perf_counter()
    reader = RowReader()
    indexes: dict[str, Index] = {}
    # Said once to the user: an index that can't be used costs speed, never articles.
    notices: list[str] = []
    if use_index:
        for root in roots:
            if os.path.isdir(root) and root not in indexes:
                opened = Index.open_or_reason(root)
                if isinstance(opened, Index):
                    indexes[root] = opened
                else:
                    notices.append(_unusable(opened))
    try:
        # 1. What the index already knows: enough to show everything at once. Rows are
        # turned into articles as they stream in; only each file's stamp is kept.
        while True:
            stamps: dict[str, int] = {}
            corpus = Corpus(roots, notices=notices)
            try:
                with _collector_paused():
                    for root in indexes:
                        index = indexes[root]
                        for row in index.iter_rows():
                            if row[0] not in stamps:
                                stamps[row[0]] = _stamp(row[1], row[2])
                                _add_row(corpus, row, reader)
                break
            except (sqlite3.Error, OSError) as exc:  # damaged past what opening checks
                indexes.pop(root).close()
                notices.append(_unusable(f"{index.path} can't be read ({exc})"))
        had_cache = bool(stamps)
        # A first fill that was cut short (kill -9, power loss) left part of the folder:
        # never show that as if it were all of it; go on filling, with progress.
        resuming = had_cache and any(index.filling for index in indexes.values())
        if had_cache and not resuming and snapshot is not None:
            snapshot(corpus.copy(), Progress(0, 0, time.perf_counter() - started))

        # 2. What is on disk now.
        # Compared as the walk goes, so no list of every file is ever held.
        walk_problems: list[Problem] = []
        folders: dict[str, int] = {}
        signer = FilesSignature()
        stale: list[tuple[str, int, int]] = []
        owner: dict[str, str] = {}  # the root of each file to parse
        per_root: dict[str, FilesSignature] = {}  # what the fast path of `list` compares
        on_disk = 0
        for root, path, stat in discover_stats(roots, walk_problems, folders):
            on_disk += 1
            stamp = file_stamp(stat)
            signer.add(path, stamp, stat.st_size)
            if root in indexes:
                per_root.setdefault(root, FilesSignature()).add(
                    under_root(root, path) or path, stamp, stat.st_size
                )
            if stamps.pop(path, None) != _stamp(stamp, stat.st_size):
                stale.append((path, stamp, stat.st_size))
                owner[path] = root
        removed = list(stamps)  # in the index, not on disk any more
        del stamps
        signature = signer.hexdigest()
        if not stale and not removed:
            corpus.problems[:0] = walk_problems
            _sort_problems(corpus, len(walk_problems))
            _remember(indexes, corpus, per_root, changed=False, folders=folders)
            corpus.folders, corpus.files_signature = folders, signature
            return corpus

        # 3. Parse what changed; stream it in when starting from nothing.
        incremental = not had_cache or resuming
        if not had_cache:
            corpus = Corpus(roots, problems=list(walk_problems), notices=notices)
            for index in indexes.values():
                index.mark_filling(True)
                index.defer_indexes()
        last_snapshot = time.perf_counter()
        done = resumed_at = on_disk - len(stale) if resuming else 0
        total = on_disk if resuming else len(stale)
        if resuming and snapshot is not None:  # what the cut-short fill had, then the rest
            snapshot(corpus.copy(), Progress(done, total, 0.0, resumed_at))
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
                snapshot(corpus.copy(), Progress(done, total, now - started, resumed_at))
                last_snapshot = now
            if sum(len(batch) for batch in pending.values()) >= FLUSH_EVERY:
                unindexed += _flush(indexes, pending, {})
        # A removed file is deleted from every index; where it wasn't, that does nothing.
        removals = {root: removed for root in indexes} if removed else {}
        unindexed += _flush(indexes, pending, removals)
        if had_cache or any(index.write_failure for index in indexes.values()):
            # Changes to a warm corpus: rebuild from the updated index so every dedupe
            # decision and count starts clean (rare, and cheaper than the parse before it).
            # Rows an index failed to take are in `unindexed`, excerpts and all.
            corpus = Corpus(roots, problems=list(walk_problems), notices=notices)
            seen: set[str] = {row[0] for row in unindexed}
            seen.update(removed)  # in case deleting them from the index failed
            with _collector_paused():
                for index in indexes.values():
                    for row in index.iter_rows():
                        if row[0] not in seen:
                            seen.add(row[0])
                            _add_row(corpus, row, reader)
            for row in unindexed:
                _add_row(corpus, row, reader, indexed=False)
        _sort_problems(corpus, len(walk_problems))
        _remember(indexes, corpus, per_root, changed=True, folders=folders)
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


def _stamp(stamp: int, size: int) -> int:
    """A file's (stamp, size) as one int: exact, and smaller to keep 100k of."""
    return (stamp << 48) | size


def _sort_problems(corpus: Corpus, walked: int) -> None:
    """Problems from reading files in path order, whatever order the files were read in
    (the first `walked`, about the paths themselves, keep the order they were given in)."""
    corpus.problems[walked:] = sorted(corpus.problems[walked:], key=lambda p: p.path)


def _unusable(reason: str) -> str:
    return f"The index {reason}: every file was read directly (only slower)."


def _remember(
    indexes: dict[str, Index],
    corpus: Corpus,
    signatures: dict[str, FilesSignature],
    changed: bool,
    folders: dict[str, int],
) -> None:
    for root, index in indexes.items():
        if index.write_failure:  # the index lacks some changes: never answer from it alone
            failure = f"{index.path} can't be written ({index.write_failure})"
            corpus.notices.append(_unusable(failure))
            index.remember_signature("")
            index.remember_folders(root, {})
            continue
        index.remember_signature(signatures.get(root, FilesSignature()).hexdigest())
        index.remember_folders(root, folders)
        index.ensure_indexes()
        index.mark_filling(False)
    if len(indexes) == 1 and len(corpus.roots) == 1:
        if not changed and next(iter(indexes.values())).totals() is not None:
            return
        # Per-topic totals let the next start draw its first screen before loading.
        articles = corpus.articles.values()
        totals = totals_for(Counts(articles, (), (), True), Counts(articles, (), (), False))
        next(iter(indexes.values())).remember_totals(totals)


def _flush(
    indexes: dict[str, Index], pending: dict[str, list[Row]], removed: dict[str, list[str]]
) -> list[Row]:
    """Write the pending rows; those an index could not take are returned."""
    refused: list[Row] = []
    for root in set(pending) | set(removed):
        index = indexes.get(root)
        if index is not None and not index.apply(pending.get(root, []), removed.get(root, [])):
            refused += pending.get(root, [])
    pending.clear()
    return refused


def _add_row(corpus: Corpus, row: Row, reader: RowReader, indexed: bool = True) -> None:
    if row[15] is not None:
        corpus.problems.extend(reader.problems(row))
    # Excerpts of indexed files stay in the index until a search wants them (~30 MB at
    # 100k articles); Corpus.excerpts() fetches them.
    article = reader.article(row, keep_excerpt=not indexed)
    if article is not None:
        corpus.add(article)


if __name__ == "__main__" and sys.argv[1:] == ["--serve"]:
    serve(parse_chunk)
