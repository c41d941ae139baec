"""`reader cache info|clear|path`: the web cache of fetched pages and pictures."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def add_parser(sub: Any) -> None:
    cache = sub.add_parser(
        "cache",
        help="the cache of fetched full texts and pictures: info, clear, path",
        description="Fetched full texts and pictures are kept for offline reading in one "
        "SQLite file, bounded by cache_max_mb (the entries used longest ago go first).",
    )
    cache.add_argument(
        "what",
        choices=["info", "clear", "path"],
        help="info: what it holds; clear: empty it; path: where it is",
    )
    cache.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from reader.config import load_config
    from reader.fetchplan import size_text
    from reader.textsafe import visible_name
    from reader.webcache import CacheError, WebCache, web_cache_path

    path = web_cache_path()
    if args.what == "path":
        print(visible_name(str(path)))
        return 0
    config, _messages = load_config()
    limit = config.cache_max_mb * 1024 * 1024
    try:
        cache = WebCache.open(path, max_bytes=limit, create=False)
    except CacheError as exc:
        sys.stderr.write(f"reader: the cache can't be opened: {exc}\n")
        return 1
    if cache is None:
        print(f"{visible_name(str(path))}: empty (nothing fetched yet)")
        return 0
    try:
        if args.what == "clear":
            before = cache.clear()
            print(
                f"Cleared {visible_name(str(path))}: {before.pages:,} pages and "
                f"{before.images:,} pictures ({size_text(before.stored_bytes)})"
            )
        else:
            info = cache.info()
            print(f"path      {visible_name(str(info.path))}")
            print(f"pages     {info.pages:,}")
            print(f"pictures  {info.images:,}")
            print(f"size      {size_text(info.stored_bytes)} of {size_text(limit)} (cache_max_mb)")
            print(f"on disk   {size_text(info.file_bytes)}")
    except CacheError as exc:
        sys.stderr.write(f"reader: {exc}\n")
        return 1
    finally:
        cache.close()
    return 0
