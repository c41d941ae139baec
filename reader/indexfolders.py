"""The index's record of the folders a complete load walked (their mtimes), so the app's
first screen can trust the index after a stat per folder rather than per file."""

from __future__ import annotations

import os
from typing import Any

from reader.indexpaths import under_root


class FolderStamps:
    """Folder mtimes, kept in the index's meta table (Index provides the two below)."""

    def _remember(self, key: str, value: object) -> None:
        raise NotImplementedError

    def _recall(self, key: str) -> dict[str, Any] | None:
        raise NotImplementedError

    def remember_folders(self, root: str, folders: dict[str, int]) -> None:
        """After a complete load: the mtime of every folder it walked under `root`, so the
        next start can tell with a stat per folder that no file was added, removed or
        renamed since (folders_unchanged). {} forgets them."""
        mine: dict[str, int] = {}
        for folder, mtime_ns in folders.items():
            relative = "" if folder == root else under_root(root, folder)
            if relative is not None:
                mine[relative] = mtime_ns
        self._remember("folders", mine)

    def folders_unchanged(self, root: str) -> bool:
        """True when every folder the last complete load walked still has the mtime it
        had then: no file added, removed or renamed (a stat per folder, not per file).
        A file edited in place is not seen: the app's first screen (preview.py) may show
        it as it was, until the load that follows it a moment later."""
        folders = self._recall("folders")
        if not folders:
            return False
        for relative, mtime_ns in folders.items():
            try:
                if os.stat(os.path.join(root, relative)).st_mtime_ns != mtime_ns:
                    return False
            except (OSError, TypeError, ValueError):
                return False
        return True
