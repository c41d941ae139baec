"""The app's one fetcher and one cache handle, made on first use from a worker thread.

Neither is touched at start-up: an app that never fetches never imports httpx or opens
the cache file. No Textual.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.fetching import Fetcher
    from reader.webcache import WebCache


class WebAccess:
    def __init__(self, *, timeout: float, cache_max_mb: int) -> None:
        self.timeout = timeout
        self.max_bytes = cache_max_mb * 1024 * 1024
        self.cache_error = ""  # why the cache could not be made, once that happened
        self.cache_exists = False  # set by look(), and by the first cache made
        self._lock = threading.Lock()
        self._fetcher: Fetcher | None = None
        self._cache: WebCache | None = None
        self._closed = False

    def look(self) -> None:
        """Whether there is a cache file at all (a worker asks, once, at start)."""
        from reader.webcache import web_cache_path

        self.cache_exists = self.cache_exists or web_cache_path().exists()

    def fetcher(self) -> Fetcher:
        from reader.fetching import Fetcher, Limits

        with self._lock:
            if self._fetcher is None:
                self._fetcher = Fetcher(Limits(timeout=self.timeout))
            return self._fetcher

    def cache(self, *, create: bool) -> WebCache | None:
        """The cache; None if there is none yet (and not `create`) or it can't be used."""
        from reader.webcache import CacheError, WebCache, web_cache_path

        with self._lock:
            if self._cache is None and not self._closed:
                if not create and not self.cache_exists:
                    return None
                try:
                    self._cache = WebCache.open(
                        web_cache_path(), max_bytes=self.max_bytes, create=create
                    )
                except CacheError as exc:
                    if create:
                        self.cache_error = self.cache_error or str(exc)
                    return None
                self.cache_exists = self._cache is not None
            return self._cache

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._fetcher is not None:
                self._fetcher.close()
            if self._cache is not None:
                self._cache.close()
                self._cache = None
