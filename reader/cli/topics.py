"""`reader topics`: every topic with its total and unread counts."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from reader.cli.common import add_paths_argument, load_roots, read_ids, stdout_is_utf8
from reader.query import topic_counts
from reader.textsafe import one_line, terminal_json


def add_parser(sub: Any) -> None:
    topics = sub.add_parser("topics", help="print every topic with total/unread counts")
    add_paths_argument(topics)
    topics.add_argument("--all", action="store_true", help="include unpublished articles")
    topics.add_argument("--json", action="store_true", help="print a JSON array")
    topics.add_argument(
        "--names", action="store_true", help="print only the names, one a line (for completion)"
    )
    topics.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from reader.textwidth import fit

    corpus = load_roots(args.paths)
    read, _ = read_ids()
    _, per_topic = topic_counts(corpus.articles.values(), read, args.all)
    if args.names:
        sys.stdout.write("".join(one_line(t.topic, 200) + "\n" for t in per_topic))
        return 0
    if args.json:
        rows = [{"topic": t.topic, "total": t.total, "unread": t.unread} for t in per_topic]
        sys.stdout.write(terminal_json(rows, ascii_only=not stdout_is_utf8()) + "\n")
        return 0
    for t in per_topic:
        sys.stdout.write(f"{fit(t.topic, 40)}  {t.unread:>6} unread  {t.total:>6} total\n")
    return 0
