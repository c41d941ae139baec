"""How the index stores file paths: relative to the folder, losslessly.

Paths under the root are stored relative to it and joined to the root as the user typed
it on the way out, so `reader news` and `reader /abs/news` share one warm index and each
shows paths as typed. A file name that is not UTF-8 (os.listdir gives it lone surrogates)
can't be SQLite text: it is stored as NUL + "fs:" + its bytes in hex, which no real path
can look like.
"""

from __future__ import annotations

import functools
import os
import sqlite3

from reader.indexrows import Row

ESCAPED = "\x00"


def stored_path(path: str) -> str:
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return ESCAPED + "fs:" + os.fsencode(path).hex()
    return path


def loaded_path(stored: str) -> str:
    if stored[:1] != ESCAPED:
        return stored
    return os.fsdecode(bytes.fromhex(stored[4:]))


def under_root(root: str, path: str) -> str | None:
    """`path` relative to the folder it was found under (as typed); None if not under it."""
    prefix = _prefix(root)
    return path[len(prefix) :] if path.startswith(prefix) and len(path) > len(prefix) else None


@functools.lru_cache(maxsize=64)
def _prefix(root: str) -> str:
    return os.path.join(root, "")  # (asked once per file walked: 100k times a load)


class StoredPaths:
    """The path rules of one index, for the folder as typed (`root`)."""

    def __init__(self, db: sqlite3.Connection, root: str) -> None:
        self.root = root
        self.prefix = os.path.join(root, "")
        rest = ", ".join(f"f.{row[1]}" for row in db.execute("PRAGMA table_info(files)"))
        rest = rest.split(", ", 1)[1]
        # The select list of a files row (alias f), with the root joined to relative paths
        # in SQL; its one parameter is `prefix`. Tested on the bytes: SQLite's text
        # functions stop at the NUL of an escaped path (those are joined in `loaded`).
        self.columns = (
            "CASE WHEN substr(CAST(f.path AS BLOB), 1, 1) IN (X'2F', X'00') THEN f.path "
            f"ELSE ? || f.path END, {rest}"
        )

    def relative(self, path: str) -> str:
        # Not under the root can't happen from a walk; absolute is the safe answer.
        return under_root(self.root, path) or os.path.abspath(path)

    def stored(self, row: Row) -> Row:
        return (stored_path(self.relative(row[0])), *row[1:])

    def key(self, path: str) -> str:
        """How `path` (as a walk found it) is stored, for a lookup or a delete."""
        return stored_path(self.relative(path))

    def loaded(self, row: Row) -> Row:
        """A row as the select list gave it; an escaped path decoded and joined."""
        if row[0][:1] != ESCAPED:
            return row
        path = loaded_path(row[0])
        if not os.path.isabs(path):
            path = self.prefix + path
        return (path, *row[1:])
