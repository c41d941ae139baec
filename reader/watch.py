"""Cheap change detection for live updates (polling; no extra dependency).

Adding, removing or renaming a file changes its folder's mtime, so the quick check
stats folders only. Editing a file in place does not, so a full check (every file's
size and mtime) runs less often.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence


def _walk_dirs(root: str, seen: set[tuple[int, int]], out: list[str]) -> None:
    try:
        stat = os.stat(root)
    except OSError:
        out.append(f"{root}\0missing")
        return
    key = (stat.st_dev, stat.st_ino)
    if key in seen:
        return
    seen.add(key)
    out.append(f"{root}\0{stat.st_mtime_ns}")
    try:
        with os.scandir(root) as entries:
            subdirs = [e.path for e in entries if not e.name.startswith(".") and _is_dir(e)]
    except OSError:
        return
    for sub in sorted(subdirs):
        _walk_dirs(sub, seen, out)


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def quick_signature(paths: Sequence[str]) -> str:
    """Changes when a file is added, removed or renamed anywhere under `paths`."""
    parts: list[str] = []
    seen: set[tuple[int, int]] = set()
    for path in paths:
        if os.path.isdir(path):
            _walk_dirs(path, seen, parts)
        else:
            parts.append(_file_part(path))
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def full_signature(paths: Sequence[str]) -> str:
    """Also changes when any article file is edited in place."""
    digest = hashlib.blake2b(quick_signature(paths).encode(), digest_size=16)
    for path in paths:
        if os.path.isdir(path):
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.endswith(".md"):
                        digest.update(_file_part(os.path.join(folder, name)).encode())
        else:
            digest.update(_file_part(path).encode())
    return digest.hexdigest()


def _file_part(path: str) -> str:
    try:
        stat = os.stat(path)
    except OSError:
        return f"{path}\0missing"
    return f"{path}\0{stat.st_mtime_ns}\0{stat.st_size}"
