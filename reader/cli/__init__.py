"""Command line: the TUI by default, plus non-interactive commands, one module each.

Textual is imported only when the TUI starts (reader.cli.tui.run_tui), so `reader list`
& co. start fast.

Importing the submodules binds `list`, `config`, `state`, … as names in this module, so
the builtin `list` must not be used here.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence

from reader.cli import check, config, index, mark, state, topics
from reader.cli import list as list_command
from reader.cli.common import EXIT_USAGE, resolve_paths
from reader.cli.tui import run_tui, tui_parser

__all__ = ["COMMANDS", "EXIT_USAGE", "main", "resolve_paths"]

# In the order `reader --help` lists them.
_MODULES = {
    "list": list_command,
    "topics": topics,
    "check": check,
    "config": config,
    "mark": mark,
    "state": state,
    "index": index,
}
COMMANDS = tuple(_MODULES)


def _command_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reader")
    sub = parser.add_subparsers(dest="command", required=True)
    for module in _MODULES.values():
        module.add_parser(sub)  # each sets `run` as the handler
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = [*(sys.argv[1:] if argv is None else argv)]
    _tolerate_any_encoding()
    try:
        command = args_list and args_list[0] in COMMANDS
        args = (_command_parser() if command else tui_parser()).parse_args(args_list)
        if getattr(args, "follow_links", False):
            from reader.walk import follow_links_outside

            follow_links_outside(True)
        return args.run(args) if command else run_tui(args)
    except BrokenPipeError:
        # `reader list | head`: the reader went away; that's fine.
        _stdout_to_devnull()
        return 0
    except KeyboardInterrupt:
        return 130
    except OSError as exc:  # say, `> /dev/full`: a message, not a traceback
        _stdout_to_devnull()  # what is still buffered would fail again at exit
        where = f"{exc.filename}: " if exc.filename else "writing the output: "
        sys.stderr.write(f"reader: {where}{exc.strerror or exc}\n")
        return 1


def _stdout_to_devnull() -> None:
    # No real stdout (tests capture it): nothing to silence.
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _tolerate_any_encoding() -> None:
    """On a terminal that isn't UTF-8, a character it can't show becomes '?' rather than
    a traceback (JSON output escapes them instead, see terminal_json)."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding not in ("utf8", "utf8sig") and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
