"""`reader mark`: mark articles read/unread/starred by id or URL, without the app."""

from __future__ import annotations

import argparse
import sys
from typing import Any
from urllib.parse import urlsplit

from reader.cli.common import EXIT_USAGE, load_roots, open_saved_state
from reader.identity import article_id_for
from reader.state import StateError
from reader.statefile import ARTICLE_ID
from reader.textsafe import one_line

_MARK_VERBS = {"read": "read", "unread": "unread", "star": "starred", "unstar": "unstarred"}


def add_parser(sub: Any) -> None:
    mark = sub.add_parser(
        "mark",
        help="mark articles read/unread/starred by id or URL",
        description=(
            "Mark articles without opening the reader. An id is the 16 hex digits shown by "
            "'reader list --json'; a URL is turned into the same id, so no folder is read "
            "unless --path is given (then every id/URL must be found there)."
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


def parse_mark_target(text: str) -> tuple[str, str] | None:
    """(article id, url) for an id or a URL argument; None if it is neither."""
    candidate = text.strip()
    if ARTICLE_ID.fullmatch(candidate.lower()):
        return candidate.lower(), ""
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme and parts.netloc and not any(ch.isspace() for ch in candidate):
        return article_id_for(candidate, b""), candidate
    return None


def run(args: argparse.Namespace) -> int:
    targets: list[tuple[str, str]] = []
    for raw in args.targets:
        target = parse_mark_target(raw)
        if target is None:
            sys.stderr.write(
                f"reader mark: not an article id or URL: {one_line(repr(raw), 80)} "
                "(an id is 16 hex digits from 'reader list --json')\n"
            )
            return EXIT_USAGE
        targets.append(target)
    labels = {article_id: url for article_id, url in targets}
    if args.paths:
        corpus = load_roots(args.paths)
        found: list[tuple[str, str]] = []
        for article_id, url in targets:
            article = corpus.find_by_url(url) if url else corpus.articles.get(article_id)
            if article is None:
                sys.stderr.write(
                    f"reader mark: {one_line(url or article_id, 200)}: no such article "
                    f"under {', '.join(one_line(p, 200) for p in args.paths)}\n"
                )
                return 1
            found.append((article.id, article.url))
            labels[article.id] = article.title
        targets = found
    # One article named twice (as id and as URL) is marked once.
    targets = list(dict.fromkeys(targets))
    store = open_saved_state(writing=True)
    if store is None:
        return 1
    try:
        if args.action in ("read", "unread"):
            store.set_read(targets, args.action == "read")
        else:
            store.set_starred(targets, args.action == "star")
    except StateError as exc:
        sys.stderr.write(f"reader: {exc}\n")
        return 1
    finally:
        store.close()
    verb = _MARK_VERBS[args.action]
    for article_id, url in targets:
        label = one_line(labels.get(article_id) or url, 200)
        sys.stdout.write(f"{verb} {article_id}  {label}".rstrip() + "\n")
    return 0
