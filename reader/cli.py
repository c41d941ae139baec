"""Command line: the TUI by default, plus non-interactive commands.

Textual is imported only when the TUI starts, so `reader list` & co. start fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from reader import __version__
from reader.corpus import Corpus, load_corpus
from reader.frontmatter import article_id_for, one_line
from reader.model import Article
from reader.paths import bundled_seeds, state_db_path
from reader.query import ALL, Sort, View, select, sort_key, topic_counts
from reader.state import (
    ARTICLE_ID,
    StateError,
    StateFileError,
    StateStore,
    decode_state_file,
    encode_state_file,
    write_file_atomically,
)

COMMANDS = ("list", "topics", "check", "config", "mark", "state", "index")
EXIT_USAGE = 2  # what argparse uses for arguments it can't understand

_PATHS_HELP = "article files or folders (searched recursively for *.md); default: the bundled seeds"


def _tui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="Browse a folder of news articles (Markdown with YAML front matter).",
        epilog=(
            "commands (run 'reader COMMAND --help'):\n"
            "  list     print the articles in list order (text or --json)\n"
            "  topics   print every topic with total/unread counts\n"
            "  check    report files that can't be used; exit 1 if any\n"
            "  config   'config path' / 'config show': where the settings are, what is in force\n"
            "  mark     mark articles read/unread/starred by id or URL\n"
            "  state    'state export [FILE]' / 'state import FILE': read/starred flags as JSON\n"
            "  index    bring the index of a folder up to date (--rebuild: from scratch)"
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
    listing.add_argument(
        "--query", "-q", metavar="Q", help="search, as with / in the app: words topic:x heat>50"
    )

    topics = sub.add_parser("topics", help="print every topic with total/unread counts")
    topics.add_argument("paths", nargs="*", metavar="PATH", help=_PATHS_HELP)
    topics.add_argument("--all", action="store_true", help="include unpublished articles")
    topics.add_argument("--json", action="store_true", help="print a JSON array")

    check = sub.add_parser("check", help="report files that can't be used; exit 1 if any")
    check.add_argument("paths", nargs="*", metavar="PATH", help=_PATHS_HELP)

    config = sub.add_parser("config", help="show where the config file is and what is in force")
    config.add_argument("what", choices=["path", "show"], help="path: the file; show: settings")

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
    mark.set_defaults(action="read")
    mark.add_argument("targets", nargs="+", metavar="ID_OR_URL", help="article ids or URLs")
    mark.add_argument(
        "--path",
        dest="paths",
        action="append",
        default=[],
        metavar="PATH",
        help="look the articles up under PATH (repeatable) and refuse unknown ones",
    )

    state = sub.add_parser(
        "state",
        help="export or import read/starred flags",
        description="Move read/starred flags between machines as a JSON file keyed by URL.",
    )
    state_sub = state.add_subparsers(dest="state_command", required=True)
    export = state_sub.add_parser("export", help="write every flag as JSON (stdout without FILE)")
    export.add_argument("file", nargs="?", metavar="FILE", help="where to write; '-' is stdout")
    importing = state_sub.add_parser(
        "import", help="merge flags from FILE; per flag, the newer change wins"
    )
    importing.add_argument("file", metavar="FILE", help="a file from 'reader state export'")

    index = sub.add_parser(
        "index",
        help="bring the index of a folder up to date",
        description=(
            "Read every new or changed article into the index under the user cache dir, so "
            "the next start is instant. The app does this by itself; this is for doing it "
            "ahead of time (say from cron) or starting over with --rebuild."
        ),
    )
    index.add_argument("paths", nargs="*", metavar="PATH", help=_PATHS_HELP)
    index.add_argument("--rebuild", action="store_true", help="delete the index and read all")
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
    """The given paths, else the config's folders, else the bundled seeds."""
    if paths:
        return list(paths)
    from reader.config import load_config

    config, _messages = load_config()
    return list(config.folders) or [str(bundled_seeds())]


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if args_list and args_list[0] in COMMANDS:
            args = _command_parser().parse_args(args_list)
            handler = {
                "list": _cmd_list,
                "topics": _cmd_topics,
                "check": _cmd_check,
                "config": _cmd_config,
                "mark": _cmd_mark,
                "state": _cmd_state,
                "index": _cmd_index,
            }[args.command]
            return handler(args)
        args = _tui_parser().parse_args(args_list)
        return _run_tui(args.paths, args.all)
    except BrokenPipeError:
        # `reader list | head`: the reader went away; that's fine.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130


def _run_tui(paths: list[str], show_all: bool) -> int:
    # Textual frames land on a 1/60 s grid and can wait two steps for a key's change;
    # a finer grid costs nothing while idle (frames are only drawn on change).
    os.environ.setdefault("TEXTUAL_FPS", "240")
    from reader.app import create_app  # Textual is only imported here
    from reader.config import load_config
    from reader.session import Session

    config, messages = load_config()
    paths = list(paths) or list(config.folders) or [str(bundled_seeds())]
    app = create_app(
        paths,
        show_unpublished=True if show_all else None,
        config=config,
        config_messages=messages,
        session=Session(),
    )
    app.run()
    return app.return_code or 0


def _load(paths: Sequence[str]) -> Corpus:
    roots = resolve_paths(paths)
    corpus = load_corpus(roots)
    named = set(roots)
    for problem in corpus.problems:
        # A path the user typed that can't be used at all is worth a word; problems deep
        # inside folders are for 'reader check'.
        if problem.severity.value == "error" and problem.path in named:
            print(f"reader: {one_line(problem.path, 4096)}: {problem.reason}", file=sys.stderr)
    return corpus


def _flags_for(articles: list[Article]) -> tuple[set[str], set[str]]:
    store = StateStore.open(state_db_path())
    try:
        return store.flags_for([a.id for a in articles])
    finally:
        store.close()


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


def _indexed_list(args: argparse.Namespace, roots: list[str]) -> list[Article] | None:
    """`reader list` straight from the index when that gives the same answer; else None.

    Only when every root is a folder whose index is complete and no file has been added
    or removed since (folder mtimes). Saves parsing and loading 100k summaries to print 20.
    """
    from reader.index import Index, RowReader, index_path

    if args.query or not all(os.path.isdir(root) for root in roots):
        return None
    if len(set(map(os.path.realpath, roots))) != len(roots):
        return None
    rows = []
    for root in roots:
        if not index_path(root).exists():
            return None
        index = Index.open(root)
        if index is None:
            return None
        try:
            if not index.unchanged_since_last_load():
                return None
            rows += index.query(
                sort=args.sort,
                topic=args.topic or None,
                unread_only=args.unread,
                show_unpublished=args.all,
                limit=args.limit,
                state_db=state_db_path(),
            )
        finally:
            index.close()
    reader = RowReader()
    articles: list[Article] = []
    seen: set[str] = set()
    for row in sorted(rows, key=lambda r: r[0]):  # the first path wins, as in Corpus.add
        article = reader.article(row)
        if article is not None and article.id not in seen:
            seen.add(article.id)
            articles.append(article)
    articles.sort(key=sort_key(Sort(args.sort)))
    return articles


def _cmd_list(args: argparse.Namespace) -> int:
    from reader.formatting import number
    from reader.textwidth import fit

    roots = resolve_paths(args.paths)
    quick = _indexed_list(args, roots)
    if quick is not None:
        articles = quick
        read_ids, starred_ids = _flags_for(articles)
    else:
        corpus = _load(roots)
        read_ids, starred_ids = _read_ids()
        view = View(
            topic=args.topic if args.topic else ALL,
            unread_only=args.unread,
            show_unpublished=args.all,
            sort=Sort(args.sort),
        )
        articles = select(corpus.articles.values(), read_ids, view, starred_ids)
    if args.query:
        from reader.search import Context, QueryError, parse

        try:
            query = parse(args.query)
        except QueryError as exc:
            print(f"reader: bad query: {exc} (at character {exc.position + 1})", file=sys.stderr)
            return 2
        excerpts = corpus.excerpts() if quick is None else {}  # a query never takes the quick path
        articles = query.filter(articles, Context(read_ids, starred_ids, excerpts=excerpts))
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
        # File names can hold control characters too; the reason is already clean.
        sys.stdout.write(f"{one_line(problem.path, 4096)}: {problem.reason}\n")
    count = len(corpus.articles)
    sys.stderr.write(
        f"{count} article{'s' * (count != 1)} loaded, "
        f"{len({p.path for p in problems})} file(s) with problems\n"
    )
    return 1 if problems else 0


def _cmd_config(args: argparse.Namespace) -> int:
    from reader.config import EXAMPLE, config_path, load_config

    path = config_path()
    if args.what == "path":
        print(path)
        return 0
    config, messages = load_config(path)
    for message in messages:
        print(f"reader: {message}", file=sys.stderr)
    status = "(exists)" if path.exists() else "(not created yet; defaults below)"
    print(f"# {path} {status}")
    print(config.as_toml(), end="")
    if not path.exists():
        print("\n# A commented example to start from:\n#")
        print("\n".join("# " + line if line else "#" for line in EXAMPLE.splitlines()))
    return 0


# -- mark ---------------------------------------------------------------------

_MARK_VERBS = {"read": "read", "unread": "unread", "star": "starred", "unstar": "unstarred"}


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


def _cmd_mark(args: argparse.Namespace) -> int:
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
        corpus = _load(args.paths)
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
    store = _open_saved_state()
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


# -- state export / import ---------------------------------------------------


def _cmd_state(args: argparse.Namespace) -> int:
    if args.state_command == "export":
        return _state_export(args.file)
    return _state_import(args.file)


def _open_saved_state() -> StateStore | None:
    """The on-disk store, or None (after saying why) when state can't be saved."""
    store = StateStore.open(state_db_path())
    if not store.persistent:
        sys.stderr.write(f"reader: {store.notice}\n")
        store.close()
        return None
    if store.notice:
        sys.stderr.write(f"reader: {store.notice}\n")
    return store


def _state_export(file: str | None) -> int:
    store = _open_saved_state()
    if store is None:
        return 1
    try:
        flags = store.export_flags()
    finally:
        store.close()
    text = encode_state_file(flags)
    if file is None or file == "-":
        sys.stdout.write(text)
        return 0
    try:
        write_file_atomically(Path(file), text)
    except OSError as exc:
        sys.stderr.write(f"reader: {one_line(file, 4096)}: cannot write: {exc.strerror or exc}\n")
        return 1
    count = len(flags)
    sys.stderr.write(f"exported {count} article{'s' * (count != 1)} to {one_line(file, 4096)}\n")
    return 0


def _state_import(file: str) -> int:
    name = one_line(file, 4096)
    try:
        if file == "-":
            content = sys.stdin.buffer.read()
        else:
            with open(file, "rb") as handle:
                content = handle.read()
        flags = decode_state_file(content.decode("utf-8-sig"))
    except OSError as exc:
        sys.stderr.write(f"reader: {name}: cannot read: {exc.strerror or exc}\n")
        return 1
    except UnicodeDecodeError:
        sys.stderr.write(f"reader: {name}: not UTF-8 text, so not a state file\n")
        return 1
    except StateFileError as exc:
        sys.stderr.write(f"reader: {name}: {one_line(str(exc))}\n")
        return 1
    store = _open_saved_state()
    if store is None:
        return 1
    try:
        summary = store.merge_flags(flags)
    except StateError as exc:
        sys.stderr.write(f"reader: {exc}\n")
        return 1
    finally:
        store.close()
    sys.stdout.write(
        f"imported {name}: {summary.changed} article(s) changed, "
        f"{summary.unchanged} already up to date\n"
    )
    return 0


def _cmd_index(args: argparse.Namespace) -> int:
    import time

    from reader.index import delete_index, index_path
    from reader.ingest import Progress, load

    roots = resolve_paths(args.paths)
    if args.rebuild:
        for root in roots:
            if os.path.isdir(root):
                delete_index(root)
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
        f"{len(corpus.articles):,} articles, {problems:,} file(s) with problems, "
        f"{elapsed:.2f} s"
    )
    for root in roots:
        if os.path.isdir(root):
            print(f"index of {one_line(root, 4096)}: {index_path(root)}")
    return 0
