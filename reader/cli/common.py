"""What the commands share: which folders to read, loading them, the state store."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reader.model import Article
from reader.paths import bundled_seeds, state_db_path
from reader.state import StateStore
from reader.textsafe import one_line, visible_name

if TYPE_CHECKING:  # the parsers load only when a command reads files, not on the index path
    from reader.collection import Corpus

EXIT_USAGE = 2  # what argparse uses for arguments it can't understand

PATHS_HELP = "article files or folders (searched recursively for *.md); default: the bundled seeds"


def add_paths_argument(parser: argparse.ArgumentParser) -> None:
    """The folders a command reads, and whether links out of them are followed."""
    parser.add_argument("paths", nargs="*", metavar="PATH", help=PATHS_HELP)
    parser.add_argument(
        "--follow-links",
        action="store_true",
        help="also read folder links that lead outside the given folders "
        "(never /proc, /sys or /dev)",
    )


def report_missing(paths: Sequence[str]) -> bool:
    """True (after saying which and why, on stderr) if any given path doesn't exist:
    a typo should say so, not open an empty window or serve one."""
    from reader.walk import missing_reason

    missing = [path for path in paths if not os.path.exists(path)]
    for path in missing:
        sys.stderr.write(f"reader: {visible_name(path)}: {missing_reason(path)}\n")
    return bool(missing)


def folder_options(args: argparse.Namespace) -> list[str]:
    """`--all` and `--follow-links` as given: what `open` passes on to the list it
    prints into a pipe, and `serve` to the reader each tab runs."""
    return [*(["--all"] if args.all else []), *(["--follow-links"] if args.follow_links else [])]


def stdout_is_utf8() -> bool:
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    return encoding in ("utf8", "utf8sig")


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def resolve_paths(paths: Sequence[str]) -> list[str]:
    """The given paths, else the config's folders, else the bundled seeds."""
    if paths:
        return [*paths]
    from reader.config import load_config

    config, _messages = load_config()
    return [*config.folders] or [str(bundled_seeds())]


def load_roots(paths: Sequence[str]) -> Corpus:
    """Every article under `paths` (resolved as above); unusable named paths on stderr."""
    roots = resolve_paths(paths)
    from reader.corpus import load_corpus

    corpus = load_corpus(roots)
    named = set(roots)
    for problem in corpus.problems:
        # A path the user typed that can't be used at all is worth a word; problems deep
        # inside folders are for 'reader check'.
        if problem.severity.value == "error" and problem.path in named:
            print(f"reader: {visible_name(problem.path)}: {problem.reason}", file=sys.stderr)
    say_notices(corpus)
    return corpus


def say_notices(corpus: Corpus) -> None:
    """What the load wants the user told (say, an index it could not use), on stderr."""
    for notice in dict.fromkeys(corpus.notices):
        print(f"reader: {one_line(notice, 4096)}", file=sys.stderr)


def _open_store() -> StateStore:
    """The state store, after saying on stderr anything it has to say (moved aside,
    read-only, can't be saved)."""
    store = StateStore.open(state_db_path())
    if store.notice:
        sys.stderr.write(f"reader: {one_line(store.notice, 4096)}\n")
    return store


def flags_for(articles: list[Article]) -> tuple[set[str], set[str]]:
    """(read ids, starred ids) among `articles`."""
    store = _open_store()
    try:
        return store.flags_for([a.id for a in articles])
    finally:
        store.close()


def read_ids() -> tuple[set[str], set[str]]:
    """(every read id, every starred id)."""
    store = _open_store()
    try:
        return store.read_ids(), store.starred_ids()
    finally:
        store.close()


def open_saved_state(*, writing: bool) -> StateStore | None:
    """The on-disk store, or None (after saying why) when it can't be used: not on disk
    at all, or read-only when `writing`."""
    store = _open_store()
    if store.path is None or (writing and not store.persistent):
        store.close()
        return None
    return store
