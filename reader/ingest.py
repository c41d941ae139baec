"""Load a corpus through the index: cached summaries first, then only what changed.

Warm start: read every row of the index (no article file is opened), hand that to the
caller, then check freshness by stat and re-parse only files that were added or changed.
Cold start: parse in worker processes, in order, handing partial corpora to the caller
as they fill in.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from reader.archive import load_taxonomy
from reader.collection import Corpus
from reader.frontmatter import parse_file
from reader.gcpause import collector_paused
from reader.index import Index, Row, RowReader, row_for
from reader.indexrows import STORIES
from reader.ingestwalk import Walk, stamp_key
from reader.parsepool import Chunk, ParsePool, serve
from reader.preview import totals_for
from reader.providers import provider_names
from reader.stories import Gathered, StoryInput
from reader.storygroups import attach_stories
from reader.watch import FilesSignature

CHUNK = 256  # files per task sent to a worker process
FIRST_CHUNK = 64  # ... but the walk's first (parsed at once, for the first screen)
PARALLEL_FROM = 1024  # fewer changed files than this are parsed in this thread
# Seconds between partial corpora handed to the caller, per 10k articles already in it:
# each snapshot makes the UI re-sort everything, so bigger corpora get fewer of them.
SNAPSHOT_EVERY = 0.25
SNAPSHOT_COST_SHARE = 20  # a snapshot's cost, times this, is the least time to the next


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


def _parsed_rows(items: Sequence[tuple[str, int, int]], workers: int) -> Iterator[list[Row]]:
    """Rows for `items`, chunk by chunk, in order."""
    return _parsed_chunks(
        (items[start : start + CHUNK] for start in range(0, len(items), CHUNK)), workers
    )


def _parsed_chunks(
    chunks: Iterable[Chunk], workers: int, first_here: bool = False
) -> Iterator[list[Row]]:
    """Rows for each chunk, in order: here when there are fewer than PARALLEL_FROM files
    (known once that many are found, or the walk ends), else in worker processes. With
    `first_here`, the first chunk is parsed here at once: a first read's first rows are
    on screen while the worker processes start."""
    source = iter(chunks)
    if first_here:
        for chunk in source:
            yield parse_chunk(chunk)
            break
    first: list[Chunk] = []
    found = 0
    for chunk in source:
        first.append(chunk)
        found += len(chunk)
        if found >= PARALLEL_FROM:
            break
    if workers <= 1 or found < PARALLEL_FROM:
        for chunk in itertools.chain(first, source):
            yield parse_chunk(chunk)
        return
    try:
        pool = ParsePool(workers)
    except OSError:  # can't start processes here: one core it is
        for chunk in itertools.chain(first, source):
            yield parse_chunk(chunk)
        return
    with pool:
        yield from pool.map(itertools.chain(first, source), parse_chunk)


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
    taxonomy = load_taxonomy(roots)
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
            corpus = Corpus(roots, notices=notices, taxonomy=taxonomy)
            try:
                with collector_paused():
                    for root in indexes:
                        index = indexes[root]
                        for row in index.iter_rows():
                            if row[0] not in stamps:
                                stamps[row[0]] = stamp_key(row[1], row[2])
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

        # 2. What is on disk now. Compared as the walk goes, so no list of every file is
        # ever held; a first read parses while it walks.
        walk = Walk(
            roots, indexes, stamps, list(taxonomy.problems), CHUNK, FIRST_CHUNK, PARALLEL_FROM
        )
        if not had_cache:
            walk.start()
        else:
            walk.run()
            if not walk.stale and not stamps:
                corpus.problems[:0] = walk.problems
                _sort_problems(corpus, len(walk.problems))
                corpus.folders, corpus.files_signature = walk.folders, walk.signer.hexdigest()
                _remember(indexes, corpus, walk.per_root, folders=walk.folders)
                _finish(corpus, indexes, set(), changed=False)
                return corpus

        # 3. Parse what changed; stream it in when starting from nothing.
        incremental = not had_cache or resuming
        if not had_cache:  # (the walk's problems go in front once it has ended)
            corpus = Corpus(roots, notices=notices, taxonomy=taxonomy)
            for index in indexes.values():
                index.mark_filling(True)
                index.defer_indexes()
        # The first rows go to the UI as soon as they are parsed; after that, snapshots
        # are spaced so that handing them over (a copy, sorting and counting: the
        # caller's work, timed here) takes at most a twentieth of the time.
        last_snapshot, snapshot_cost = 0.0, 0.0
        done = resumed_at = walk.on_disk - walk.stale if resuming else 0
        if resuming and snapshot is not None:  # what the cut-short fill had, then the rest
            snapshot(corpus.copy(), Progress(done, walk.on_disk, 0.0, resumed_at))
        pending: dict[str, list[Row]] = {}
        unindexed: list[Row] = []  # files outside any index (named directly, no cache)
        fresh: set[str] = set()  # the articles read from their files now
        # A first read gathers what stories are grouped by as the rows go past (the
        # parse workers keep both cores busy meanwhile): grouping then reads no row again.
        # How many files there are bounds what it keeps, once the walk has counted them.
        gathered = Gathered() if not had_cache and STORIES else None
        bounded = False
        owner, only_root = walk.owner, roots[0] if len(roots) == 1 else None
        for rows in _parsed_chunks(walk.chunks(), workers, first_here=not had_cache):
            total = walk.on_disk if resuming else walk.stale  # (grows while the walk goes on)
            if gathered is not None and not bounded and walk.ended:
                gathered.limit_to(walk.stale)
                bounded = True
            for row in rows:
                if row[3] is not None:
                    if gathered is not None and row[3] not in fresh:
                        gathered.add(StoryInput(row[3], row[20], row[16], row[17]))
                    fresh.add(row[3])
                root = only_root or owner[row[0]]
                if incremental:
                    _add_row(corpus, row, reader, indexed=root in indexes)
                if root in indexes:
                    pending.setdefault(root, []).append(row)
                else:
                    unindexed.append(row)
            done += len(rows)
            now = time.perf_counter()
            interval = SNAPSHOT_EVERY * (1 + len(corpus.articles) / 10_000)
            interval = max(interval, SNAPSHOT_COST_SHARE * snapshot_cost)
            if snapshot is not None and incremental and now - last_snapshot >= interval:
                snapshot(corpus.copy(), Progress(done, total, now - started, resumed_at))
                last_snapshot = time.perf_counter()
                snapshot_cost = last_snapshot - now
            if sum(len(batch) for batch in pending.values()) >= FLUSH_EVERY:
                unindexed += _flush(indexes, pending, {})
        walk_problems, folders = walk.problems, walk.folders
        if gathered is not None and not bounded:  # (the walk has ended by now)
            gathered.limit_to(walk.stale)
        if not had_cache:
            corpus.problems[:0] = walk_problems
        removed = list(stamps)  # in the index, not on disk any more
        # A removed file is deleted from every index; where it wasn't, that does nothing.
        removals = {root: removed for root in indexes} if removed else {}
        unindexed += _flush(indexes, pending, removals)
        if had_cache or any(index.write_failure for index in indexes.values()):
            # Changes to a warm corpus: rebuild from the updated index so every dedupe
            # decision and count starts clean (rare, and cheaper than the parse before it).
            # Rows an index failed to take are in `unindexed`, excerpts and all.
            corpus = Corpus(roots, problems=list(walk_problems), notices=notices, taxonomy=taxonomy)
            seen: set[str] = {row[0] for row in unindexed}
            seen.update(removed)  # in case deleting them from the index failed
            with collector_paused():
                for index in indexes.values():
                    for row in index.iter_rows():
                        if row[0] not in seen:
                            seen.add(row[0])
                            _add_row(corpus, row, reader)
            for row in unindexed:
                _add_row(corpus, row, reader, indexed=False)
        _sort_problems(corpus, len(walk_problems))
        corpus.folders, corpus.files_signature = folders, walk.signer.hexdigest()
        _remember(indexes, corpus, walk.per_root, folders=folders)
        _finish(corpus, indexes, fresh, changed=True, gathered=gathered)
        return corpus
    finally:
        for index in indexes.values():
            index.close()


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
        index.ensure_indexes()  # (grouping stories looks rows up by article id)
        index.mark_filling(False)


def _finish(
    corpus: Corpus,
    indexes: dict[str, Index],
    fresh: set[str],
    changed: bool,
    gathered: Gathered | None = None,
) -> None:
    """What a load adds once every article is in: stories (`gathered` as the load read
    the files, when it did), provider names, and per-topic totals (they count stories
    too)."""
    with collector_paused():  # (a full collection at 100k articles: ~70 ms, for nothing)
        attach_stories(corpus, indexes, fresh, gathered)
        corpus.provider_names = provider_names(corpus.articles.values())
    if len(indexes) == 1 and len(corpus.roots) == 1:
        if not changed and next(iter(indexes.values())).totals() is not None:
            return
        # Per-topic totals let the next start draw its first screen before loading.
        totals = totals_for(list(corpus.articles.values()))
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
        if not indexed:
            corpus.story_inputs[article.id] = StoryInput(article.id, row[20], row[16], row[17])


if __name__ == "__main__" and sys.argv[1:] == ["--serve"]:
    serve(parse_chunk)
