"""Command line: the TUI by default, plus non-interactive commands.

Textual is imported only when the TUI starts, so `reader list` & co. start fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

from reader import __version__
from reader.corpus import Corpus, load_corpus
from reader.paths import bundled_seeds, state_db_path
from reader.query import ALL, Sort, View, select, topic_counts
from reader.state import StateStore

COMMANDS = ("list", "topics", "check")

_PATHS_HELP = "article files or folders (searched recursively for *.md); default: the bundled seeds"


def _tui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="Browse a folder of news articles (Markdown with YAML front matter).",
        epilog=(
            "commands (run 'reader COMMAND --help'):\n"
            "  list     print the articles in list order (text or --json)\n"
            "  topics   print every topic with total/unread counts\n"
            "  check    report files that can't be used; exit 1 if any"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help=_PATHS_HELP)
    parser.add_argument("--all", action="store_true", help="also show unpublished articles")
    parser.add_argument("--version", action="version", version=f"reader-tui {__version__}")
    return parser


def _command_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reader")
    sub = parser.add_subparsers(dest="command", required=True)

    listing = sub.add_parser("list", help="print the articles in list order")
    listing.add_argument("paths", nargs="*", metavar="PATH", help=_PATHS_HELP)
    listing.add_argument("--topic", help="only articles with this topic")
    listing.add_argument("--unread", action="store_true", help="only unread articles")
    listing.add_argument("--all", action="store_true", help="include unpublished articles")
    listing.add_argument("--sort", choices=[s.value for s in Sort], default=Sort.HEAT.value)
    listing.add_argument("--limit", type=_positive_int, metavar="N", help="at most N articles")
    listing.add_argument("--json", action="store_true", help="print a JSON array")

    topics = sub.add_parser("topics", help="print every topic with total/unread counts")
    topics.add_argument("paths", nargs="*", metavar="PATH", help=_PATHS_HELP)
    topics.add_argument("--all", action="store_true", help="include unpublished articles")
    topics.add_argument("--json", action="store_true", help="print a JSON array")

    check = sub.add_parser("check", help="report files that can't be used; exit 1 if any")
    check.add_argument("paths", nargs="*", metavar="PATH", help=_PATHS_HELP)
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def resolve_paths(paths: Sequence[str]) -> list[str]:
    return list(paths) if paths else [str(bundled_seeds())]


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if args_list and args_list[0] in COMMANDS:
            args = _command_parser().parse_args(args_list)
            handler = {"list": _cmd_list, "topics": _cmd_topics, "check": _cmd_check}[args.command]
            return handler(args)
        args = _tui_parser().parse_args(args_list)
        return _run_tui(resolve_paths(args.paths), args.all)
    except BrokenPipeError:
        # `reader list | head`: the reader went away; that's fine.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130


def _run_tui(paths: list[str], show_all: bool) -> int:
    from reader.app import create_app  # Textual is only imported here

    app = create_app(paths, show_unpublished=show_all)
    app.run()
    return app.return_code or 0


def _load(paths: Sequence[str]) -> Corpus:
    corpus = load_corpus(resolve_paths(paths))
    for problem in corpus.problems:
        if problem.severity.value == "error" and problem.reason == "no such file or folder":
            print(f"reader: {problem.line()}", file=sys.stderr)
    return corpus


def _read_ids() -> tuple[set[str], set[str]]:
    store = StateStore.open(state_db_path())
    try:
        return store.read_ids(), store.starred_ids()
    finally:
        store.close()


def article_json(article: Any, read: bool, starred: bool) -> dict[str, Any]:
    return {
        "id": article.id,
        "path": article.path,
        "title": article.title,
        "heat": article.heat,
        "quality": article.quality,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "provider": article.provider.name,
        "provider_domain": article.provider.domain,
        "topics": list(article.topics),
        "url": article.url,
        "published": article.published,
        "read": read,
        "starred": starred,
        "related_count": article.related_count,
    }


def _cmd_list(args: argparse.Namespace) -> int:
    from reader.formatting import number
    from reader.textwidth import fit

    corpus = _load(args.paths)
    read_ids, starred_ids = _read_ids()
    view = View(
        topic=args.topic if args.topic else ALL,
        unread_only=args.unread,
        show_unpublished=args.all,
        sort=Sort(args.sort),
    )
    articles = select(corpus.articles.values(), read_ids, view)
    if args.limit is not None:
        articles = articles[: args.limit]
    if args.json:
        rows = [article_json(a, a.id in read_ids, a.id in starred_ids) for a in articles]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    out = []
    for a in articles:
        marker = " " if a.id in read_ids else "●"
        when = a.published_at.astimezone().strftime("%Y-%m-%d") if a.published_at else "—" * 10
        out.append(
            f"{marker} {number(a.heat):>4}  {when:<10}  {fit(a.title, 70)}  {a.provider.name}"
        )
    sys.stdout.write("\n".join(out) + ("\n" if out else ""))
    return 0


def _cmd_topics(args: argparse.Namespace) -> int:
    from reader.textwidth import fit

    corpus = _load(args.paths)
    read_ids, _ = _read_ids()
    _, per_topic = topic_counts(corpus.articles.values(), read_ids, args.all)
    if args.json:
        rows = [{"topic": t.topic, "total": t.total, "unread": t.unread} for t in per_topic]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    for t in per_topic:
        sys.stdout.write(f"{fit(t.topic, 40)}  {t.unread:>6} unread  {t.total:>6} total\n")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    corpus = load_corpus(resolve_paths(args.paths))
    problems = corpus.errors
    for problem in problems:
        sys.stdout.write(problem.line() + "\n")
    count = len(corpus.articles)
    sys.stderr.write(
        f"{count} article{'s' * (count != 1)} loaded, "
        f"{len({p.path for p in problems})} file(s) with problems\n"
    )
    return 1 if problems else 0
