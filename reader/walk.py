"""Find the article files under folders: a stable order, each file once, with its stat."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable, Iterator

from reader.archive import is_checkout, news_folders
from reader.model import Problem, Severity

# Never walked, links or not: endless or live pseudo-files, not articles.
_SYSTEM_FOLDERS = ("/proc", "/sys", "/dev")
_follow_outside = False


def follow_links_outside(follow: bool) -> None:
    """`--follow-links`: also walk folder links that lead outside the given folders.

    Set once at start-up by the command line (the walk runs in several places)."""
    global _follow_outside
    _follow_outside = follow


def following_links_outside() -> bool:
    return _follow_outside


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def discover(paths: Iterable[str], problems: list[Problem]) -> Iterator[str]:
    """Yield article files under each path, in a stable order, each once."""
    for _root, path, _stat in discover_stats(paths, problems):
        yield path


MISSING = -1  # the "mtime" of a given folder that did not exist at the last load


def file_stamp(info: os.stat_result) -> int:
    """A file's version as one int (with its size, what tells a change). mtime alone
    misses an edit that restores it (`touch -r`) or keeps it; ctime can't be set back by
    hand and the inode changes when an editor replaces the file."""
    return hash((info.st_mtime_ns, info.st_ctime_ns, info.st_ino))


def discover_stats(
    paths: Iterable[str], problems: list[Problem], folders: dict[str, int] | None = None
) -> Iterator[tuple[str, str, os.stat_result]]:
    """(root, file, its stat) for every article file, in a stable order, each file once.

    Identity is (device, inode), so a file reached twice (a symlink, two overlapping
    roots) counts once, without resolving every path. `folders`, if given, receives
    every folder walked with its mtime: if none of those changes, no file was added,
    removed or renamed.
    """
    seen_dirs: set[tuple[int, int]] = set()
    seen_files: set[tuple[int, int]] = set()
    paths = list(paths)
    # A link from one given folder into another stays inside what was asked for.
    given = tuple(os.path.realpath(path) for path in paths)
    for root in paths:
        try:
            is_dir = os.path.isdir(root)
        except (OSError, ValueError):
            is_dir = False
        if is_dir and is_checkout(root):  # an archive's site: only its news are articles
            files: Iterable[str] = (
                file
                for news in news_folders(root)
                for file in _walk(news, given, seen_dirs, problems, folders)
            )
        elif is_dir:
            files = _walk(root, given, seen_dirs, problems, folders)
        elif os.path.exists(root):
            files = (root,)
        else:
            problems.append(Problem(root, missing_reason(root)))
            if folders is not None:  # watched too: when it comes back, that is a change
                folders[root] = MISSING
            continue
        for file in files:
            try:
                info = os.stat(file)
            except OSError as exc:
                problems.append(Problem(file, _open_failure_reason(exc)))
                continue
            key = (info.st_dev, info.st_ino)
            if key not in seen_files:
                seen_files.add(key)
                yield root, file, info


def missing_reason(path: str) -> str:
    if not os.path.lexists(path):
        return "no such file or folder"
    try:
        os.stat(path)
    except OSError as exc:
        return _open_failure_reason(exc)
    return "cannot open"


def _open_failure_reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    if exc.errno == errno.ENOENT:
        return "broken symlink (its target does not exist)"
    return f"cannot open: {exc.strerror or exc}"


def _walk(
    root: str,
    given: tuple[str, ...],
    seen: set[tuple[int, int]],
    problems: list[Problem],
    folders: dict[str, int] | None = None,
) -> Iterator[str]:
    """Depth-first, each folder's files before its subfolders, all sorted by name.

    An explicit stack rather than recursion: a folder tree deeper than Python's recursion
    limit is unusual but legal, and must not stop the load.
    """
    real_root = os.path.realpath(root)
    if any(_inside(real_root, system) for system in _SYSTEM_FOLDERS):
        problems.append(Problem(root, f"{real_root} is a system folder: not read"))
        return
    holds_system = any(_inside(system, real_root) for system in _SYSTEM_FOLDERS)
    # (folder, reached through a folder link): only those need their real path checked,
    # so a plain tree costs no realpath calls.
    pending = [(root, False)]
    while pending:
        folder, via_link = pending.pop()
        is_link = folder != root and os.path.islink(folder)
        if is_link or via_link:
            reason = _link_refused(os.path.realpath(folder), given, is_link)
            if reason:
                problems.append(Problem(folder, reason, Severity.NOTE))
                continue
            via_link = True
        elif holds_system and folder != root:
            # No link on the way: its real path is the root's plus the same names.
            real = os.path.join(real_root, os.path.relpath(folder, root))
            if any(real == system for system in _SYSTEM_FOLDERS):
                problems.append(Problem(folder, "a system folder: not read", Severity.NOTE))
                continue
        try:
            info = os.stat(folder)
        except OSError as exc:
            problems.append(Problem(folder, f"cannot open folder: {exc.strerror or exc}"))
            continue
        key = (info.st_dev, info.st_ino)
        if key in seen:  # symlink loops and folders reached twice
            continue
        seen.add(key)
        if folders is not None:
            folders[folder] = info.st_mtime_ns
        # Only names are kept while listing: 100k DirEntry objects (with their cached
        # stats) would cost tens of MB for a moment. Same folder, so paths sort as names.
        subfolders: list[str] = []
        files: list[str] = []
        found_problems: list[Problem] = []
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    try:
                        if entry.is_dir():  # a folder named *.md is searched like any other
                            subfolders.append(entry.path)
                        elif entry.name.endswith(".md"):
                            if entry.is_file():
                                files.append(entry.path)
                            else:
                                reason = _not_a_file_reason(entry.path)
                                found_problems.append(Problem(entry.path, reason))
                    except OSError as exc:
                        found_problems.append(Problem(entry.path, _open_failure_reason(exc)))
        except OSError as exc:
            problems.append(Problem(folder, f"cannot list folder: {exc.strerror or exc}"))
            continue
        problems.extend(sorted(found_problems, key=lambda problem: problem.path))
        files.sort()
        yield from files
        subfolders.sort()
        pending.extend((subfolder, via_link) for subfolder in reversed(subfolders))


def _link_refused(target: str, given: tuple[str, ...], is_link: bool) -> str:
    """Why a folder really at `target` (a link, or reached through one) is not walked."""
    if any(_inside(target, system) for system in _SYSTEM_FOLDERS):
        what = "a link to" if is_link else "really"
        return f"{what} {target}, a system folder: not read"
    if is_link and not _follow_outside and not any(_inside(target, g) for g in given):
        return f"a link to {target}, outside the folder: not followed (--follow-links follows it)"
    return ""


def _not_a_file_reason(path: str) -> str:
    """Why a *.md entry that is neither a file nor a folder is skipped."""
    if os.path.islink(path):
        return missing_reason(path)
    return "not a regular file (a pipe, socket or device)"
