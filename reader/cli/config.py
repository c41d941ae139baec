"""`reader config path|show`: where the config file is, and the settings in force."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any


def add_parser(sub: Any) -> None:
    config = sub.add_parser("config", help="show where the config file is and what is in force")
    config.add_argument("what", choices=["path", "show"], help="path: the file; show: settings")
    config.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from reader.config import EXAMPLE, config_path, load_config
    from reader.textsafe import visible_name

    path = config_path()
    if args.what == "path":
        print(path)
        return 0
    config, messages = load_config(path)
    for message in messages:
        print(f"reader: {visible_name(message, 2000)}", file=sys.stderr)
    # Unknown actions, bad key names and keys two actions want: decided by the keymap.
    for problem in config.keymap().problems:
        print(f"reader: {visible_name(str(path))}: {problem}", file=sys.stderr)
    status = "(exists)" if os.path.exists(path) else "(not created yet; defaults below)"
    print(f"# {visible_name(str(path))} {status}")  # one comment line, whatever the path
    print(config.as_toml(), end="")
    if not os.path.exists(path):
        print("\n# A commented example to start from:\n#")
        print("\n".join("# " + line if line else "#" for line in EXAMPLE.splitlines()))
    return 0
