"""`reader serve [PATH ...]`: the same app in a web browser, through textual-serve.

Each browser tab gets its own reader process (textual-serve starts one per connection),
all sharing the one state database, as two terminals would. Loopback only unless asked:
whoever can reach the port can read and mark.
"""

from __future__ import annotations

import argparse
import ipaddress
import logging
import os
import shlex
import sys
from typing import Any

from reader.cli.common import EXIT_USAGE, add_paths_argument, folder_options, report_missing
from reader.textsafe import visible_name


def add_parser(sub: Any) -> None:
    serve = sub.add_parser(
        "serve",
        help="serve the reader to a web browser (loopback only unless --host says otherwise)",
        description="Serve the reader to a web browser with textual-serve. Every tab runs its "
        "own reader on this machine, with your read state. Only this machine can connect "
        "unless --host names another address: then anyone who can reach it can read and mark.",
    )
    add_paths_argument(serve)
    serve.add_argument("--all", action="store_true", help="also show unpublished articles")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    serve.add_argument("--port", type=_port, default=8000, help="port to listen on (8000)")
    serve.set_defaults(run=run)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError("a port is 1 to 65535")
    return port


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def app_command(args: argparse.Namespace) -> str:
    """The shell command textual-serve runs per connection: this Python, isolated from the
    working directory (-P), the reader on the same folders."""
    paths = [os.path.abspath(path) for path in args.paths]
    options = folder_options(args)
    return shlex.join([sys.executable, "-P", "-m", "reader", "open", *options, "--", *paths])


def run(args: argparse.Namespace) -> int:
    if report_missing(args.paths):
        return EXIT_USAGE
    host = args.host
    if not is_loopback(host):
        sys.stderr.write(
            f"reader serve: warning: listening on {visible_name(host)}: anyone who can reach "
            f"it on port {args.port} can read your articles and mark them.\n"
        )
    from textual_serve.server import Server  # only for this command

    class ReaderServer(Server):
        def initialize_logging(self) -> None:  # errors only: no line per request
            super().initialize_logging()
            logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
            logging.getLogger("textual-serve").setLevel(logging.WARNING)

        async def on_startup(self, app: Any) -> None:  # no Rich markup from the paths
            shown = f"[{host}]" if ":" in host else host
            sys.stderr.write(
                f"reader-tui in your browser: http://{shown}:{args.port}/  (ctrl+c stops)\n"
            )

    server = ReaderServer(app_command(args), host=host, port=args.port, title="reader-tui")
    try:
        server.serve()
    except OSError as exc:  # the port is taken, the address isn't this machine's, ...
        sys.stderr.write(
            f"reader serve: can't listen on {visible_name(host)}:{args.port}: "
            f"{exc.strerror or exc}\n"
        )
        return 1
    return 0
