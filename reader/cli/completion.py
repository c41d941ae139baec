"""`reader completion SHELL`: print a completion script for bash, zsh or fish."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def add_parser(sub: Any) -> None:
    from reader.completion import SHELLS

    completion = sub.add_parser(
        "completion",
        help="print a shell completion script (bash, zsh, fish)",
        description='Print a completion script. bash: eval "$(reader completion bash)" in '
        '~/.bashrc; zsh: reader completion zsh > "${fpath[1]}/_reader"; fish: reader '
        "completion fish > ~/.config/fish/completions/reader.fish",
    )
    completion.add_argument("shell", choices=SHELLS)
    completion.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from reader.cli import build_parser
    from reader.completion import script

    sys.stdout.write(script(args.shell, build_parser()))
    return 0
