"""What an archive checkout says about itself: its news folders and its topic taxonomy.

The `everyday-cc` archives are Jekyll sites: articles under `_news/` (older ones under
`_archive/_news/`), topics described in `_data/topics/*.yaml` (`name`, `shortname`,
`parent`, `description`, `keywords`). Given the checkout itself, only its news folders
are articles (its other Markdown is pages, courses, people); given a folder inside one,
its taxonomy still applies. Several checkouts merge: a topic is described by the first
that describes it. Pure reading, no Textual; a file that can't be used is a note.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.model import Problem, Severity

TOPICS_FOLDER = ("_data", "topics")
NEWS_FOLDERS = (("_news",), ("_archive", "_news"))
MAX_TOPIC_FILES = 500  # a taxonomy, not a corpus
MAX_TOPIC_BYTES = 64 * 1024
_LOOK_UP = 3  # levels above a given folder searched for the checkout (…/ai/_news/2021)


@dataclass(frozen=True, slots=True)
class TopicInfo:
    name: str
    shortname: str = ""
    parent: str = ""
    description: str = ""
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Taxonomy:
    topics: Mapping[str, TopicInfo]
    problems: tuple[Problem, ...] = ()

    def info(self, topic: str) -> TopicInfo | None:
        return self.topics.get(topic)


EMPTY = Taxonomy({})


def is_checkout(folder: str) -> bool:
    """A folder that is an archive checkout: topics described, and a news folder."""
    return os.path.isdir(os.path.join(folder, *TOPICS_FOLDER)) and os.path.isdir(
        os.path.join(folder, "_news")
    )


def news_folders(checkout: str) -> list[str]:
    """The folders of a checkout that hold articles."""
    found = [os.path.join(checkout, *parts) for parts in NEWS_FOLDERS]
    return [folder for folder in found if os.path.isdir(folder)]


def checkout_of(path: str) -> str | None:
    """The archive checkout `path` is (or lies in, a few levels down), if any."""
    folder = os.path.abspath(path if os.path.isdir(path) else os.path.dirname(path))
    for _level in range(_LOOK_UP + 1):
        if os.path.isdir(os.path.join(folder, *TOPICS_FOLDER)):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    return None


def load_taxonomy(paths: Iterable[str]) -> Taxonomy:
    """The topics described by the checkouts the given folders lie in (merged)."""
    import yaml  # only when there is a checkout to read

    topics: dict[str, TopicInfo] = {}
    problems: list[Problem] = []
    checkouts: list[str] = []
    for path in paths:
        checkout = checkout_of(path)
        if checkout is not None and checkout not in checkouts:
            checkouts.append(checkout)
    for checkout in checkouts:
        folder = Path(checkout, *TOPICS_FOLDER)
        try:
            files = sorted(f for f in folder.iterdir() if f.suffix in (".yaml", ".yml"))
        except OSError as exc:
            problems.append(Problem(str(folder), f"topics can't be listed: {exc.strerror}"))
            continue
        for file in files[:MAX_TOPIC_FILES]:
            info, reason = _read_topic(file, yaml)
            if info is None:
                problems.append(Problem(str(file), reason, Severity.NOTE))
            elif info.name not in topics:
                topics[info.name] = info
    return Taxonomy(topics, tuple(problems))


def _read_topic(file: Path, yaml: Any) -> tuple[TopicInfo | None, str]:
    try:
        if file.stat().st_size > MAX_TOPIC_BYTES:
            return None, f"topic file larger than {MAX_TOPIC_BYTES // 1024} KB; not used"
        data = yaml.load(file.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError) as exc:
        return None, f"topic file not used: {type(exc).__name__}"
    if not isinstance(data, dict) or not isinstance(data.get("name"), str):
        return None, "topic file without a name; not used"
    name = data["name"]
    if not name.strip():
        return None, "topic file with a blank name; not used"

    def text(key: str) -> str:
        value = data.get(key)
        return value if isinstance(value, str) else ""

    keywords = data.get("keywords")
    words = tuple(k for k in keywords if isinstance(k, str)) if isinstance(keywords, list) else ()
    parent = text("parent")
    return TopicInfo(
        name=name,
        shortname=text("shortname"),
        parent=parent if parent != name else "",
        description=text("description"),
        keywords=words,
    ), ""
