"""`reader [open] [PATH ...]`: the interface. Textual is imported only in `run`."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from reader.cli.common import EXIT_USAGE, add_paths_argument
from reader.paths import bundled_seeds
from reader.textsafe import visible_name
from reader.walk import missing_reason

DESCRIPTION = "Browse a folder of news articles (Markdown with YAML front matter)."


def add_parser(sub: Any) -> None:
    """`reader open [PATH ...]`, the default command: `reader news` is `reader open news`."""
    parser = sub.add_parser(
        "open",
        help="browse the articles (the default: 'reader PATH' is 'reader open PATH')",
        description=DESCRIPTION
        + " A folder named like a command opens with 'reader ./list' or 'reader -- list'.",
    )
    add_paths_argument(parser)
    parser.add_argument("--all", action="store_true", help="also show unpublished articles")
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="start without restoring the last session (topic, sort, search, article, "
        "theme); it is still saved when you quit",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    missing = [path for path in args.paths if not os.path.exists(path)]
    if missing:  # a typo should say so, not open an empty window
        for path in missing:
            sys.stderr.write(f"reader: {visible_name(path)}: {missing_reason(path)}\n")
        return EXIT_USAGE
    # `reader news | grep chip`: the list, as text (but not under `reader serve`, whose
    # web driver talks over a pipe).
    if not sys.stdout.isatty() and not os.environ.get("TEXTUAL_DRIVER"):
        from reader.cli import list as list_command

        listing = dict(topic=None, unread=False, sort="heat", limit=None, json=False, query=None)
        return list_command.run(argparse.Namespace(**vars(args), **listing))
    # Textual frames land on a 1/60 s grid and can wait two steps for a key's change;
    # a finer grid costs nothing while idle (frames are only drawn on change).
    os.environ.setdefault("TEXTUAL_FPS", "240")
    from reader.app import create_app  # Textual is only imported here
    from reader.config import load_config
    from reader.session import Session

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
