"""`reader state export|import`: read/starred flags as a portable JSON file."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from reader.cli.common import open_saved_state
from reader.formatting import count
from reader.state import StateError
from reader.statefile import (
    MAX_STATE_FILE_BYTES,
    StateFileError,
    decode_state_file,
    encode_state_file,
    write_file_atomically,
)
from reader.textsafe import one_line

SKIPPED_SHOWN = 10  # skipped changes listed one by one; the rest are counted


def add_parser(sub: Any) -> None:
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
    state.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.state_command == "export":
        return _state_export(args.file)
    return _state_import(args.file)


def _state_export(file: str | None) -> int:
    store = open_saved_state(writing=False)
    if store is None:
        return 1
    try:
        flags = store.export_flags()
    finally:
        store.close()
    text = encode_state_file(flags)
    if file is None or file == "-":
        # A state file is UTF-8 whatever the terminal's encoding: it is data, not text.
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
        return 0
    try:
        if os.path.exists(file) and not os.path.isfile(file):
            # A FIFO, a device, /dev/stdout: written into as a stream, never replaced.
            with open(file, "w", encoding="utf-8") as stream:
                stream.write(text)
        else:
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
            content = sys.stdin.buffer.read(MAX_STATE_FILE_BYTES + 1)
        else:
            with open(file, "rb") as handle:
                content = handle.read(MAX_STATE_FILE_BYTES + 1)
        if len(content) > MAX_STATE_FILE_BYTES:
            limit = MAX_STATE_FILE_BYTES // (1024 * 1024)
            sys.stderr.write(f"reader: {name}: larger than {limit} MiB, so not a state file\n")
            return 1
        decoded = decode_state_file(content.decode("utf-8-sig"))
    except OSError as exc:
        sys.stderr.write(f"reader: {name}: cannot read: {exc.strerror or exc}\n")
        return 1
    except UnicodeDecodeError:
        sys.stderr.write(f"reader: {name}: not UTF-8 text, so not a state file\n")
        return 1
    except StateFileError as exc:
        sys.stderr.write(f"reader: {name}: {one_line(str(exc))}\n")
        return 1
    store = open_saved_state(writing=True)
    if store is None:
        return 1
    for line in decoded.skipped[:SKIPPED_SHOWN]:
        sys.stderr.write(f"reader: {name}: skipped {one_line(line)}\n")
    if len(decoded.skipped) > SKIPPED_SHOWN:
        sys.stderr.write(f"reader: {name}: … and {len(decoded.skipped) - SKIPPED_SHOWN} more\n")
    try:
        summary = store.merge_flags(decoded.flags)
    except StateError as exc:
        sys.stderr.write(f"reader: {exc}\n")
        return 1
    finally:
        store.close()
    skipped = f", {count(len(decoded.skipped), 'flag change')} skipped" if decoded.skipped else ""
    sys.stdout.write(
        f"imported {name}: {count(summary.changed, 'article')} changed, "
        f"{summary.unchanged} already up to date{skipped}\n"
    )
    return 0
