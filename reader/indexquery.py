"""The SQL of a list view read straight from the index (Index.query): which rows, in the
order of query.sort_key exactly. Pure: builds strings, runs nothing.

The order: the sort column descending with missing values last, then newest first, then
title and id (SQLite's BINARY collation orders UTF-8 like Python orders str).
"""

from __future__ import annotations

import json
from collections.abc import Collection

from reader.indexrows import topics_json
from reader.indexstories import FIRST_PATH_ONLY

# The heat a list sorts by (Article.sort_heat): the file's, else stories.estimated_heat,
# with the story's size from the grouping of the last load.
SORT_HEAT = (
    "CASE WHEN f.heat IS NOT NULL THEN f.heat "
    "WHEN f.related_count > 0 THEN coalesce(f.quality, 0) + 10 * f.related_count "
    "WHEN coalesce(s.size, 1) > 1 THEN coalesce(f.quality, 0) + 10 * (s.size - 1) "
    "ELSE f.quality END"
)
_TIES = "f.published_ts IS NULL, f.published_ts DESC, f.title, f.article_id"


def file_heat(table: str = "") -> str:
    """The same for an article alone in its story: what its file says by itself, so it
    can be indexed (the index files_by_heat). An article of a story of 2+ sorts by at
    least this. `table`: the columns' prefix ("f."); the index's have none (SQLite
    matches the two)."""
    heat, related, quality = (f"{table}{name}" for name in ("heat", "related_count", "quality"))
    return (
        f"CASE WHEN {heat} IS NOT NULL THEN {heat} "
        f"WHEN {related} > 0 THEN coalesce({quality}, 0) + 10 * {related} "
        f"ELSE {quality} END"
    )


def list_sql(
    columns: str,
    path_prefix: str,
    *,
    sort: str,
    topic: str | None,
    unread_only: bool,
    show_unpublished: bool,
    limit: int | None,
    stories: Collection[str] | None,
) -> tuple[str, list[object]]:
    """The query and its parameters. `unread_only`: the state database is attached as
    `state`. `stories`: only the articles of these stories."""
    column = {"heat": SORT_HEAT, "quality": "f.quality"}.get(sort)
    order = f"({column}) IS NULL, ({column}) DESC, {_TIES}" if column else _TIES
    where = ["f.article_id IS NOT NULL", FIRST_PATH_ONLY]
    parameters: list[object] = []
    if not show_unpublished:
        where.append("f.published = 1 AND f.deleted = 0")
    if stories is not None:
        # (by article id: files_by_article finds the few rows, no pass over every file)
        where.append(
            "f.article_id IN (SELECT article_id FROM stories "
            "WHERE story IN (SELECT value FROM json_each(?)))"
        )
        parameters.append(json.dumps(sorted(stories)))
    if topic is not None:
        # instr() on the topic's own JSON text skips most rows cheaply; json_each decides.
        where.append(
            "instr(f.topics, ?) > 0 AND "
            "EXISTS (SELECT 1 FROM json_each(f.topics) t WHERE t.value = ?)"
        )
        parameters += [topics_json((topic,))[1:-1], topic]
    if unread_only:
        where.append("f.article_id NOT IN (SELECT article_id FROM state.flags WHERE read = 1)")
    condition = " AND ".join(where)
    chosen = ""
    picked: list[object] = []
    if limit is not None and sort == "heat" and stories is None:
        # Sorting every row by a heat that depends on the stories costs ~0.5 s at 100k.
        # Instead: the first `limit` by their files' own heat (read off files_by_heat in
        # order) and every article of a story of 2+ (a few thousand at most). No other
        # article can be among the first `limit`: alone in its story, an article sorts by
        # its file's heat, and an article in a story by at least that.
        own = file_heat("f.")
        first = (
            f"SELECT f.rowid FROM files f WHERE {condition} "
            f"ORDER BY ({own}) IS NULL, ({own}) DESC, {_TIES} LIMIT ?"
        )
        grouped = "SELECT g.rowid FROM files g JOIN stories t ON t.article_id = g.article_id "
        chosen = f" AND f.rowid IN (SELECT rowid FROM ({first}) UNION {grouped}WHERE t.size > 1)"
        picked = [*parameters, limit]
    sql = (
        f"SELECT {columns}, coalesce(s.story, ''), coalesce(s.size, 1) "
        "FROM files f LEFT JOIN stories s ON s.article_id = f.article_id "
        f"WHERE {condition}{chosen} ORDER BY {order}"
    )
    # (the path column's prefix comes first: see Index.__init__)
    parameters = [path_prefix, *parameters, *picked]
    if limit is not None:
        sql += " LIMIT ?"
        parameters.append(limit)
    return sql, parameters
