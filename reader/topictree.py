"""Topics as a tree: an archive's taxonomy (reader/archive.py) orders the sidebar. Pure.

Each topic comes right after its parent, indented one level more; topics the taxonomy
doesn't know, or whose parent isn't in the folder, are at the top level. Siblings are in
name order, as the flat sidebar is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from reader.archive import Taxonomy
from reader.query import TopicCount


def tree_order(rows: Sequence[TopicCount], taxonomy: Taxonomy) -> list[TopicCount]:
    """`rows` (sorted by name) in tree order, with depth, shortname and description."""
    if not taxonomy.topics:
        return list(rows)
    present = {row.topic for row in rows}
    children: dict[str, list[TopicCount]] = {}
    top: list[TopicCount] = []
    for row in rows:
        info = taxonomy.info(row.topic)
        if info is not None:
            row = replace(row, short=info.shortname, description=info.description)
        parent = info.parent if info is not None else ""
        if parent and parent in present:
            children.setdefault(parent, []).append(row)
        else:
            top.append(row)
    ordered: list[TopicCount] = []
    placed: set[str] = set()
    stack = [(row, 0) for row in reversed(top)]
    while stack:
        row, depth = stack.pop()
        if row.topic in placed:
            continue
        placed.add(row.topic)
        ordered.append(replace(row, depth=depth) if depth else row)
        stack.extend((child, depth + 1) for child in reversed(children.get(row.topic, [])))
    # A loop of parents (A under B under A) reaches none of its topics from the top.
    ordered += [row for group in children.values() for row in group if row.topic not in placed]
    return ordered
