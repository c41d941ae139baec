"""`reader mark`: mark articles read/unread/starred by id or URL, without the app."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from reader.cli.common import EXIT_USAGE, load_roots, open_saved_state
from reader.marking import Target, find_articles, parse_target
from reader.state import StateError
from reader.textsafe import one_line

_MARK_VERBS = {"read": "read", "unread": "unread", "star": "starred", "unstar": "unstarred"}


def add_parser(sub: Any) -> None:
    mark = sub.add_parser(
        "mark",
        help="mark articles read/unread/starred by id or URL",
        description=(
            "Mark articles without opening the reader. An id is the 16 hex digits shown by "
            "'reader list --json'; a URL is any of the article's URLs (webUrl, originalUrl, "
            "ampWebUrl), looked up under --path, else in the folders the reader opens by "
            "default. With --path every id/URL must be found there."
        ),
    )
    actions = mark.add_mutually_exclusive_group()
    for flag, action, text in (
        ("--read", "read", "mark as read (the default)"),
        ("--unread", "unread", "mark as unread"),
        ("--star", "star", "star"),
        ("--unstar", "unstar", "remove the star"),
    ):
        actions.add_argument(flag, dest="action", action="store_const", const=action, help=text)
    mark.set_defaults(action="read", run=run)
    mark.add_argument("targets", nargs="+", metavar="ID_OR_URL", help="article ids or URLs")
    mark.add_argument(
        "--path",
        dest="paths",
        action="append",
        default=[],
        metavar="PATH",
        help="look the articles up under PATH (repeatable) and refuse unknown ones",
    )


def run(args: argparse.Namespace) -> int:
    targets: list[Target] = []
    for raw in args.targets:
        target = parse_target(raw)
        if target is None:
            sys.stderr.write(
                f"reader mark: not an article id or URL: {one_line(repr(raw), 80)} "
                "(an id is 16 hex digits from 'reader list --json')\n"
            )
            return EXIT_USAGE
        targets.append(target)
    labels = {target.article_id: target.url for target in targets}
    chosen: list[tuple[str, str]] = [(target.article_id, target.url) for target in targets]
    # Any of an article's URLs names it: look them up in the folders given, else in the
    # ones the reader opens by default (an id alone needs no folder).
    if args.paths or any(target.url for target in targets):
        corpus = load_roots(args.paths)
        found = find_articles(corpus, targets)
        chosen = []
        for target in targets:
            article = found.get(target)
            if article is not None:
                chosen.append((article.id, article.url))
                labels[article.id] = article.title
                continue
            if args.paths:
                sys.stderr.write(
                    f"reader mark: {one_line(target.url or target.article_id, 200)}: no such "
                    f"article under {', '.join(one_line(p, 200) for p in args.paths)}\n"
                )
                return 1
            if target.url:
                sys.stderr.write(
                    f"reader mark: {one_line(target.url, 200)} is not in "
                    f"{', '.join(one_line(p, 200) for p in corpus.roots)}: marked by the id "
                    "its URL gives (right when it is the article's originalUrl or webUrl)\n"
                )
            chosen.append((target.article_id, target.url))
    # One article named twice (as id and as URL) is marked once.
    chosen = list(dict.fromkeys(chosen))
    store = open_saved_state(writing=True)
    if store is None:
        return 1
    try:
        if args.action in ("read", "unread"):
            store.set_read(chosen, args.action == "read")
        else:
            store.set_starred(chosen, args.action == "star")
    except StateError as exc:
        sys.stderr.write(f"reader: {exc}\n")
        return 1
    finally:
        store.close()
    verb = _MARK_VERBS[args.action]
    for article_id, url in chosen:
        label = one_line(labels.get(article_id) or url, 200)
        sys.stdout.write(f"{verb} {article_id}  {label}".rstrip() + "\n")
    return 0
