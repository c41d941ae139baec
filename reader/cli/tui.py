"""`reader [PATH ...]`: the interface. Textual is imported only in `run_tui`."""

from __future__ import annotations

import argparse
import os
import sys

from reader import __version__
from reader.cli.common import EXIT_USAGE, add_paths_argument
from reader.paths import bundled_seeds
from reader.textsafe import visible_name
from reader.walk import missing_reason


def tui_parser() -> argparse.ArgumentParser:
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
    add_paths_argument(parser)
    parser.add_argument("--all", action="store_true", help="also show unpublished articles")
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="start without restoring the last session (topic, sort, search, article, "
        "theme); it is still saved when you quit",
    )
    parser.add_argument("--version", action="version", version=f"reader-tui {__version__}")
    return parser


def run_tui(args: argparse.Namespace) -> int:
    # Textual frames land on a 1/60 s grid and can wait two steps for a key's change;
    # a finer grid costs nothing while idle (frames are only drawn on change).
    os.environ.setdefault("TEXTUAL_FPS", "240")
    from reader.app import create_app  # Textual is only imported here
    from reader.config import load_config
    from reader.session import Session

    missing = [path for path in args.paths if not os.path.exists(path)]
    if missing:  # a typo should say so, not open an empty window
        for path in missing:
            sys.stderr.write(f"reader: {visible_name(path)}: {missing_reason(path)}\n")
        return EXIT_USAGE
    config, messages = load_config()
    paths = [*args.paths] or [*config.folders] or [str(bundled_seeds())]
    app = create_app(
        paths,
        show_unpublished=True if args.all else None,
        config=config,
        config_messages=messages,
        session=Session(fresh=args.fresh),
    )
    app.run()
    return app.return_code or 0
