"""`reader index [--rebuild]`: bring the index of a folder up to date ahead of time."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any

from reader.cli.common import add_paths_argument, resolve_paths, say_notices
from reader.formatting import count
from reader.textsafe import one_line

if TYPE_CHECKING:
    from reader.collection import Corpus


def add_parser(sub: Any) -> None:
    index = sub.add_parser(
        "index",
        help="bring the index of a folder up to date",
        description=(
            "Read every new or changed article into the index under the user cache dir, so "
            "the next start is instant. The app does this by itself; this is for doing it "
            "ahead of time (say from cron) or starting over with --rebuild."
        ),
    )
    add_paths_argument(index)
    index.add_argument("--rebuild", action="store_true", help="delete the index and read all")
    index.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import time

    from reader.index import delete_index, index_path
    from reader.ingest import Progress, load

    roots = resolve_paths(args.paths)
    if args.rebuild:
        for root in roots:
            if os.path.isdir(root):
                try:
                    delete_index(root)
                except OSError as exc:  # the load below says what it makes of that path
                    sys.stderr.write(f"reader: can't delete {exc.filename}: {exc.strerror}\n")
    started = time.perf_counter()
    interactive = sys.stderr.isatty()

    def report(corpus: Corpus, progress: Progress) -> None:
        if interactive and progress.total:
            sys.stderr.write(
                f"\rreading {progress.done:,}/{progress.total:,} files "
                f"({progress.rate:,.0f}/s)\x1b[K"
            )
            sys.stderr.flush()

    corpus = load(roots, snapshot=report)
    if interactive:
        sys.stderr.write("\r\x1b[K")
    elapsed = time.perf_counter() - started
    problems = corpus.problem_file_count
    print(
        f"{count(len(corpus.articles), 'article')}, {count(problems, 'file')} with problems, "
        f"{elapsed:.2f} s"
    )
    if corpus.notices:  # an index that could not be used is this command failing
        say_notices(corpus)
        return 1
    for root in roots:
        if os.path.isdir(root):
            print(f"index of {one_line(root, 4096)}: {index_path(root)}")
    return 0
