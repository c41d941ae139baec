"""`reader check`: one line per file that can't be used (fully); exit 1 if any."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from reader.cli.common import add_paths_argument, resolve_paths, say_notices
from reader.formatting import count
from reader.model import Severity
from reader.textsafe import visible_name


def add_parser(sub: Any) -> None:
    check = sub.add_parser("check", help="report files that can't be used; exit 1 if any")
    add_paths_argument(check)
    check.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from reader.corpus import load_corpus

    corpus = load_corpus(resolve_paths(args.paths))
    problems = corpus.errors
    for problem in problems:
        # File names can hold control characters too; the reason is already clean.
        sys.stdout.write(f"{visible_name(problem.path)}: {problem.reason}\n")
    # Notes (a duplicate shown once, a folder link not followed) are not problems with a
    # file: they go to stderr and leave the exit status alone.
    for note in corpus.problems:
        if note.severity is Severity.NOTE:
            sys.stderr.write(f"note: {visible_name(note.path)}: {note.reason}\n")
    say_notices(corpus)
    files = len({p.path for p in problems})
    sys.stderr.write(
        f"{count(len(corpus.articles), 'article')} loaded, {count(files, 'file')} with problems\n"
    )
    return 1 if problems else 0
