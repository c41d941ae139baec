"""Cheap change detection for live updates (polling; no extra dependency).

Adding, removing or renaming a file changes its folder's mtime, so the frequent check
stats the folders seen by the last load, and nothing else. Editing a file in place
changes no folder, so a full check (every file's stat, see walk.file_stamp) runs less
often.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence

from reader.indexpaths import under_root
from reader.model import Problem
from reader.walk import MISSING, discover_stats, file_stamp


def folders_changed(folders: dict[str, int]) -> bool:
    """True when any folder walked by the last load has a different mtime, is gone, or
    (a given folder that was missing) is back."""
    for folder, mtime_ns in folders.items():
        try:
            if os.stat(folder).st_mtime_ns != mtime_ns:
                return True  # (a folder that was missing and is back counts too)
        except OSError:
            if mtime_ns != MISSING:  # gone since the last load; still gone is no news
                return True
    return False


class FilesSignature:
    """A digest of (path, stamp, size) for every file, in walk order, built as it goes."""

    def __init__(self) -> None:
        self._digest = hashlib.blake2b(digest_size=16)

    def add(self, path: str, stamp: int, size: int) -> None:
        self._digest.update(f"{path}\0{stamp}\0{size}\n".encode("utf-8", "surrogateescape"))

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


def files_signature(stats: Iterable[tuple[str, int, int]]) -> str:
    signer = FilesSignature()
    for path, stamp, size in stats:
        signer.add(path, stamp, size)
    return signer.hexdigest()


def current_files_signature(paths: Sequence[str], *, relative: bool = False) -> str:
    """What files_signature would say of a load made now (one stat per file); with
    `relative`, of paths relative to their root, as the index remembers them."""
    problems: list[Problem] = []
    found = discover_stats(paths, problems)
    return files_signature(
        ((under_root(root, path) or path) if relative else path, file_stamp(stat), stat.st_size)
        for root, path, stat in found
    )
