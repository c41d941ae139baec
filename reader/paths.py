"""Where reader-tui keeps its files. Computed on call, never created at import."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "reader-tui"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def state_db_path() -> Path:
    return data_dir() / "state.db"


def bundled_seeds() -> Path:
    return Path(str(resources.files("reader.seeds")))


def stylesheet() -> Path:
    return Path(str(resources.files("reader.styles") / "reader.tcss"))
