"""Command line: the TUI by default, plus non-interactive commands, one module each.

Textual is imported only when the TUI starts (reader.cli.tui.run), so `reader list`
& co. start fast.

One parser (build_parser) with a subcommand per module; with no command the default,
`open`, runs (split_command). Importing the submodules binds `list`, `config`, `state`,
… as names in this module, so the builtin `list` must not be used here.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence

from reader import __version__
from reader.cli import (
    cache,
    check,
    completion,
    config,
    fetch,
    index,
    mark,
    serve,
    state,
    topics,
    tui,
)
from reader.cli import list as list_command
from reader.cli.common import EXIT_USAGE, resolve_paths

__all__ = [
    "COMMANDS",
    "COMMAND_MODULES",
    "EXIT_USAGE",
    "build_parser",
    "main",
    "resolve_paths",
    "split_command",
]

DEFAULT_COMMAND = "open"
# In the order `reader --help` lists them.
COMMAND_MODULES = {
    "open": tui,
    "list": list_command,
    "topics": topics,
    "check": check,
    "config": config,
    "mark": mark,
    "state": state,
    "index": index,
    "fetch": fetch,
    "cache": cache,
    "serve": serve,
    "completion": completion,
}
COMMANDS = tuple(COMMAND_MODULES)


def build_parser() -> argparse.ArgumentParser:
    """The one parser: a subcommand per module, each setting `run` as its handler."""
    parser = argparse.ArgumentParser(
        prog="reader",
        usage="reader [--version] [COMMAND] [OPTIONS] [PATH ...]",
        description=tui.DESCRIPTION + " With no command, 'open' (the reader itself).",
        epilog="'reader COMMAND --help' says more. Examples: reader ~/news;  "
        "reader list --unread --limit 20;  reader -- list  (a folder named 'list')",
    )
    parser.add_argument("--version", action="version", version=f"reader-tui {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands", prog="reader")
    for module in COMMAND_MODULES.values():
        module.add_parser(sub)
    return parser


def split_command(parser: argparse.ArgumentParser, argv: Sequence[str]) -> list[str]:
    """`argv` with its command first: the first word that names one (after any options,
    so `reader --all list` is `reader list --all`), else the default command (`reader
    news`, `reader ./list` and `reader -- list` open a folder)."""
    takes_value = {  # options that are followed by their value, in any command
        option
        for command in COMMANDS
        for action in _subparser(parser, command)._actions
        if action.nargs != 0
        for option in action.option_strings
    }
    skip = False
    for position, word in enumerate(argv):
        if skip:
            skip = False
        elif word == "--":
            break
        elif word in ("-h", "--help", "--version") and position == 0:
            return [*argv]  # the parser's own: commands listed, or the version
        elif word.startswith("-") and word != "-":
            skip = "=" not in word and word in takes_value
        elif word in COMMANDS:
            return [word, *argv[:position], *argv[position + 1 :]]
        else:
            break
    return [DEFAULT_COMMAND, *argv]


def _subparser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices[name]  # type: ignore[no-any-return]
    raise LookupError(name)


def main(argv: Sequence[str] | None = None) -> int:
    given = [*(sys.argv[1:] if argv is None else argv)]
    _tolerate_any_encoding()
    try:
        parser = build_parser()
        args = parser.parse_args(split_command(parser, given))
        if getattr(args, "follow_links", False):
            from reader.walk import follow_links_outside

            follow_links_outside(True)
        return int(args.run(args))
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
