"""`reader check`: one line per file that can't be used (fully); exit 1 if any."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from reader.cli.common import PATHS_HELP, resolve_paths
from reader.textsafe import one_line


def add_parser(sub: Any) -> None:
    check = sub.add_parser("check", help="report files that can't be used; exit 1 if any")
    check.add_argument("paths", nargs="*", metavar="PATH", help=PATHS_HELP)
    check.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from reader.corpus import load_corpus

    corpus = load_corpus(resolve_paths(args.paths))
    problems = corpus.errors
    for problem in problems:
        # File names can hold control characters too; the reason is already clean.
        sys.stdout.write(f"{one_line(problem.path, 4096)}: {problem.reason}\n")
    count = len(corpus.articles)
    sys.stderr.write(
        f"{count} article{'s' * (count != 1)} loaded, "
        f"{len({p.path for p in problems})} file(s) with problems\n"
    )
    return 1 if problems else 0
