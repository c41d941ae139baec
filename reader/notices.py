"""Problems with the settings (config, session, read state): listed on the `p` screen,
told once at start in one notice. No Textual."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reader.formatting import count


def settings_notes(
    config_path: Path | None, config_messages: Sequence[str], state: str, session: str
) -> list[tuple[str, str]]:
    """(what it is about: the config file, "read state" or "session"; what is wrong)."""
    config = str(config_path or "config")
    notes = [
        ("read state", state),
        ("session", session),
        *((config, message.removeprefix(config + ": ")) for message in config_messages),
    ]
    return [(where, text) for where, text in notes if text]


def start_notice(notes: list[tuple[str, str]], problems_key: str) -> tuple[str, str] | None:
    """(title, text) of the one notice at start; None when all is well."""
    if not notes:
        return None
    if len(notes) == 1:
        ((where, text),) = notes
        title = where.capitalize() if where in ("read state", "session") else "Config"
        return title, f"{text} ({problems_key} shows this again)"
    return (
        "Settings",
        f"{count(len(notes), 'problem')} with the settings; press {problems_key} to see them.",
    )
