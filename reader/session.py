"""What the app restores on the next start: theme, topic, sort, filter, article.

Kept in `session.json` beside the state database and written atomically. Losing it
costs nothing but convenience, so a damaged file is simply ignored.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from reader.paths import data_dir


@dataclass(frozen=True, slots=True)
class ViewMemory:
    topic: str | None = None
    sort: str | None = None
    query: str = ""
    unread_only: bool = False
    article_id: str | None = None


def session_path() -> Path:
    return data_dir() / "session.json"


def corpus_key(paths: Sequence[str]) -> str:
    return "\n".join(sorted(os.path.realpath(p) for p in paths))


class Session:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or session_path()
        self._data: dict[str, Any] = self._read()

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    @property
    def theme(self) -> str | None:
        theme = self._data.get("theme")
        return theme if isinstance(theme, str) else None

    def view(self, key: str) -> ViewMemory:
        views = self._data.get("views")
        raw = views.get(key) if isinstance(views, dict) else None
        if not isinstance(raw, dict):
            return ViewMemory()
        known = {k: v for k, v in raw.items() if k in ViewMemory.__dataclass_fields__}
        try:
            return ViewMemory(**known)
        except TypeError:
            return ViewMemory()

    def save(self, key: str, view: ViewMemory, theme: str | None) -> None:
        """Write atomically; failures are ignored (this is a convenience, not data)."""
        views = self._data.get("views")
        views = dict(views) if isinstance(views, dict) else {}
        views[key] = asdict(view)
        self._data = {"theme": theme, "views": views}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=".session-", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self._data, handle, ensure_ascii=False)
            os.replace(temp, self.path)
        except OSError:
            pass
