"""`reader list`: the articles in list order, as text or JSON."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from reader.cli.common import (
    add_paths_argument,
    flags_for,
    load_roots,
    positive_int,
    read_ids,
    resolve_paths,
    stdout_is_utf8,
)
from reader.listing import Listing, select_listing
from reader.paths import state_db_path
from reader.query import ALL, Sort
from reader.textsafe import terminal_json
from reader.views import View


def add_parser(sub: Any) -> None:
    listing = sub.add_parser("list", help="print the articles in list order")
    add_paths_argument(listing)
    listing.add_argument("--topic", help="only articles with this topic")
    listing.add_argument("--unread", action="store_true", help="only unread articles")
    listing.add_argument("--all", action="store_true", help="include unpublished articles")
    listing.add_argument("--sort", choices=[s.value for s in Sort], default=Sort.HEAT.value)
    listing.add_argument("--limit", type=positive_int, metavar="N", help="at most N articles")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.add_argument(
        "--stories", action="store_true", help="one row per story (its lead), not per article"
    )
    listing.add_argument(
        "--query", "-q", metavar="Q", help="search, as with / in the app: words topic:x heat>50"
    )
    listing.set_defaults(run=run)


def article_json(article: Any, read: bool, starred: bool) -> dict[str, Any]:
    return {
        "id": article.id,
        "path": article.path,
        "title": article.title,
        "heat": article.heat,
        "quality": article.quality,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "provider": article.provider.name,
        "provider_domain": article.provider.domain,
        "topics": list(article.topics),
        "url": article.url,
        "published": article.published,
        "deleted": article.deleted,
        "type": article.kind,
        "read": read,
        "starred": starred,
        "related_count": article.related_count,
        "story": article.story_id,
        "story_size": article.story_size,
        "estimated_heat": article.estimated_heat,
    }


# -- which articles, in which order ---------------------------------------------------


def select_for_list(args: argparse.Namespace, roots: list[str]) -> Listing:
    """The articles `reader list` prints for `args` (topic, unread, all, sort, query, limit)."""
    view = View(
        topic=args.topic if args.topic else ALL,
        unread_only=args.unread,
        show_unpublished=args.all,
        sort=Sort(args.sort),
        stories=getattr(args, "stories", False),  # (reader fetch picks like list)
    )
    return select_listing(
        roots,
        view,
        query_text=args.query,
        limit=args.limit,
        state_db=state_db_path(),
        load=load_roots,
        flags_among=flags_for,
        all_flags=read_ids,
    )


def run(args: argparse.Namespace) -> int:
    roots = resolve_paths(args.paths)
    if not args.query:  # reader.search is only imported for a query
        listing = select_for_list(args, roots)
    else:
        from reader.search import QueryError

        try:
            listing = select_for_list(args, roots)
        except QueryError as exc:
            print(f"reader: bad query: {exc} (at character {exc.position + 1})", file=sys.stderr)
            return 2
    if args.json:
        rows = [
            article_json(a, a.id in listing.read_ids, a.id in listing.starred_ids)
            for a in listing.articles
        ]
        sys.stdout.write(terminal_json(rows, ascii_only=not stdout_is_utf8()) + "\n")
        return 0
    from reader.formatting import heat_text
    from reader.textwidth import fit

    out = []
    for a in listing.articles:
        marker = " " if a.id in listing.read_ids else "●"
        when = a.published_at.astimezone().strftime("%Y-%m-%d") if a.published_at else "—" * 10
        badge = f"+{a.story_size - 1}" if args.stories and a.story_size > 1 else ""
        out.append(
            f"{marker} {heat_text(a):>4} {badge:>3}  {when:<10}  {fit(a.title, 70)}  "
            f"{a.provider.name}"
        )
    sys.stdout.write("\n".join(out) + ("\n" if out else ""))
    return 0
