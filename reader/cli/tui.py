"""`reader [open] [PATH ...]`: the interface. Textual is imported only in `run`."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from reader.cli.common import EXIT_USAGE, add_paths_argument, folder_options, report_missing
from reader.paths import bundled_seeds
from reader.termgraphics import start_asking

DESCRIPTION = "Browse a folder of news articles (Markdown with YAML front matter)."
# Textual frames land on a 1/FPS s grid and can wait a step for a key's change; a finer
# grid costs nothing while idle (frames are only drawn on change). bench/run.py runs its
# in-process measurements at the same rate.
FRAME_RATE = "240"


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
    if report_missing(args.paths):
        return EXIT_USAGE
    # `reader news | grep chip`: the list, as text (but not under `reader serve`, whose
    # web driver talks over a pipe). Parsed as `reader list`, so its defaults apply.
    if not sys.stdout.isatty() and not os.environ.get("TEXTUAL_DRIVER"):
        from reader.cli import build_parser

        listing = build_parser().parse_args(["list", *folder_options(args), "--", *args.paths])
        return int(listing.run(listing))
    os.environ.setdefault("TEXTUAL_FPS", FRAME_RATE)
    from reader.config import load_config

    config, messages = load_config()
    # Kitty graphics or Sixel? Asked of the terminal while Textual is being imported.
    asking = start_asking() if config.images != "off" else None
    from reader.app import create_app  # Textual is only imported here
    from reader.session import Session

    paths = [*args.paths] or [*config.folders] or [str(bundled_seeds())]
    app = create_app(
        paths,
        show_unpublished=True if args.all else None,
        config=config,
        config_messages=messages,
        session=Session(fresh=args.fresh),
    )
    if asking is not None:
        asking.join()  # the terminal's answers must be read before Textual reads stdin
    app.run()
    return app.return_code or 0
