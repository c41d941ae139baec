"""Fetching one web page or image, politely and within bounds. No Textual.

Every request the reader makes goes through `Fetcher.get`: http and https only, a total
time limit, a size cap enforced while the body streams in (a body past it is never read
to the end), a few redirects at most and never to another scheme, one request at a time
per host, an honest User-Agent, and proxies from the environment (HTTP_PROXY,
HTTPS_PROXY, ALL_PROXY, NO_PROXY). Failures are `FetchError`s whose text says what went
wrong in a few words ("timed out after 10 s", "HTTP 404", "not HTML (application/pdf)").

httpx is imported when the first request is made, so nothing else pays for it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from reader import __version__
from reader.fetchplan import size_text
from reader.textsafe import one_line, visible_name
from reader.urls import is_web_url

if TYPE_CHECKING:
    import httpx

USER_AGENT = f"reader-tui/{__version__} (terminal news reader; fetches a page when its reader asks)"
TIMEOUT = 10.0  # seconds for the whole request: connecting, redirects and the body
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024

Progress = Callable[[int, int | None], None]  # (bytes so far, expected total or None)


class FetchError(Exception):
    """Why a fetch failed, in words fit for the pane ("HTTP 404", "offline: …").

    `lasting`: the same request would fail the same way again (a 404, not an image, too
    large), as opposed to a passing failure (offline, a timeout, a 503).
    """

    def __init__(self, reason: str, *, lasting: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.lasting = lasting


@dataclass(frozen=True, slots=True)
class Limits:
    timeout: float = TIMEOUT
    max_bytes: int = MAX_BYTES
    max_redirects: int = MAX_REDIRECTS


@dataclass(frozen=True, slots=True)
class Response:
    url: str  # where the body came from, after redirects
    status: int
    content_type: str  # the media type, lower case, without parameters ("" if none)
    charset: str | None
    body: bytes


def seconds_text(seconds: float) -> str:
    return f"{seconds:g} s"


class _HostLocks:
    """One lock per host, shared by every fetcher in the process."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}

    def __call__(self, url: str) -> threading.Lock:
        host = (urlsplit(url).hostname or "").lower()
        with self._guard:
            return self._locks.setdefault(host, threading.Lock())


HOST_LOCKS = _HostLocks()


class Fetcher:
    """A connection pool with the rules above; safe to share between threads."""

    def __init__(self, limits: Limits | None = None, *, user_agent: str = USER_AGENT) -> None:
        self.limits = limits or Limits()
        self.user_agent = user_agent
        self._client: httpx.Client | None = None
        self._client_lock = threading.Lock()

    def _http(self) -> httpx.Client:
        with self._client_lock:
            if self._client is None:
                import httpx

                self._client = httpx.Client(
                    follow_redirects=False,  # followed by hand: each hop is checked
                    trust_env=True,  # proxies, NO_PROXY and CA settings from the environment
                    headers={"User-Agent": self.user_agent},
                    timeout=self.limits.timeout,
                    limits=httpx.Limits(max_connections=8, max_keepalive_connections=4),
                    # Before httpx looks at a redirect's address itself: say where it led.
                    event_hooks={"response": [_refuse_odd_redirects]},
                )
            return self._client

    def close(self) -> None:
        with self._client_lock:
            if self._client is not None:
                self._client.close()
                self._client = None

    def get(
        self,
        url: str,
        *,
        accept: str,
        wanted: Callable[[str, bytes], str | None],
        progress: Progress | None = None,
    ) -> Response:
        """GET `url` following up to `max_redirects` http(s) redirects.

        `wanted(media_type, first_bytes)` returns None for a body worth reading, or the
        reason it isn't ("not HTML (application/pdf)"); it sees the first bytes too, for
        servers that send no Content-Type. Raises FetchError.
        """
        import httpx

        if not is_web_url(url):
            raise FetchError(f"not a web address: {visible_name(url, 200)}", lasting=True)
        try:
            httpx.URL(url)
        except httpx.InvalidURL as exc:
            raise FetchError(f"not a usable address ({_reason(exc)})", lasting=True) from None
        client = self._http()
        deadline: float | None = None  # set when the first request starts (not while queued)
        for _hop in range(self.limits.max_redirects + 1):
            with HOST_LOCKS(url):
                deadline = deadline or time.monotonic() + self.limits.timeout
                try:
                    response = self._one(client, url, accept, wanted, progress, deadline)
                except httpx.InvalidURL as exc:  # (the address itself was checked above)
                    reason = f"redirected to an address that can't be used ({_reason(exc)})"
                    raise FetchError(reason, lasting=True) from None
                except httpx.UnsupportedProtocol as exc:
                    reason = f"redirected to a non-web address ({_reason(exc)})"
                    raise FetchError(reason, lasting=True) from None
                except httpx.TimeoutException:
                    raise FetchError(
                        f"timed out after {seconds_text(self.limits.timeout)}"
                    ) from None
                except httpx.ProxyError as exc:
                    raise FetchError(f"the proxy refused: {_reason(exc)}") from None
                except httpx.ConnectError as exc:
                    raise FetchError(_connect_problem(url, exc)) from None
                except httpx.HTTPError as exc:
                    raise FetchError(f"the connection failed: {_reason(exc)}") from None
            if isinstance(response, str):  # a redirect: where to, checked here
                target = urljoin(url, response)
                if not is_web_url(target):
                    where = visible_name(target, 120)
                    raise FetchError(f"redirected to a non-web address ({where})", lasting=True)
                url = target
                continue
            return response
        raise FetchError(f"more than {self.limits.max_redirects} redirects", lasting=True)

    def _one(
        self,
        client: httpx.Client,
        url: str,
        accept: str,
        wanted: Callable[[str, bytes], str | None],
        progress: Progress | None,
        deadline: float,
    ) -> Response | str:
        """One request: a Response, or the Location of a redirect."""
        import httpx

        limits = self.limits
        left = deadline - time.monotonic()
        if left <= 0:
            raise FetchError(f"timed out after {seconds_text(limits.timeout)}")
        timeout = httpx.Timeout(left)  # each wait (connect, every read) within what is left
        with client.stream("GET", url, headers={"Accept": accept}, timeout=timeout) as reply:
            if reply.status_code in _REDIRECTS:
                location = str(reply.headers.get("location", "")).strip()
                if not location:
                    raise FetchError(f"HTTP {reply.status_code} without a Location", lasting=True)
                return location
            if reply.status_code >= 400:
                phrase = one_line(reply.reason_phrase or "", 60)
                status = f"HTTP {reply.status_code}" + (f" {phrase}" if phrase else "")
                raise FetchError(status, lasting=400 <= reply.status_code < 500)
            if not 200 <= reply.status_code < 300:
                raise FetchError(f"HTTP {reply.status_code}: nothing to show", lasting=True)
            declared = reply.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limits.max_bytes:
                raise FetchError(_too_large(int(declared), limits.max_bytes), lasting=True)
            media = reply.headers.get("content-type", "").split(";")[0].strip().lower()
            total = int(declared) if declared.isdigit() else None
            chunks: list[bytes] = []
            size = 0
            checked = False
            for chunk in reply.iter_bytes(_CHUNK):
                size += len(chunk)
                if size > limits.max_bytes:
                    raise FetchError(_too_large(None, limits.max_bytes), lasting=True)
                chunks.append(chunk)
                if not checked:
                    checked = True
                    refused = wanted(media, chunk[:1024])
                    if refused:
                        raise FetchError(refused, lasting=True)
                if time.monotonic() > deadline:
                    raise FetchError(f"timed out after {seconds_text(limits.timeout)}")
                if progress is not None:
                    progress(size, total)
            body = b"".join(chunks)
            if not checked and (refused := wanted(media, b"")):
                raise FetchError(refused, lasting=True)
            charset: str | None = reply.charset_encoding
            return Response(str(reply.url), reply.status_code, media, charset, body)


def _refuse_odd_redirects(response: httpx.Response) -> None:
    if response.status_code in _REDIRECTS:
        location = str(response.headers.get("location", "")).strip()
        target = urljoin(str(response.request.url), location) if location else ""
        if location and not is_web_url(target):
            response.close()
            where = visible_name(target, 120)
            raise FetchError(f"redirected to a non-web address ({where})", lasting=True)


def _too_large(declared: int | None, limit: int) -> str:
    if declared is not None:
        return f"too large ({size_text(declared)}; the limit is {size_text(limit)})"
    return f"too large (more than {size_text(limit)})"


def _reason(exc: Exception) -> str:
    """The innermost cause of a network error, in a few words."""
    cause: BaseException = exc
    while cause.__cause__ is not None or cause.__context__ is not None:
        cause = cause.__cause__ or cause.__context__  # type: ignore[assignment]
    if isinstance(cause, OSError) and cause.strerror:
        return one_line(cause.strerror.lower(), 120)
    return one_line(str(cause) or type(cause).__name__, 120)


def _connect_problem(url: str, exc: Exception) -> str:
    host = visible_name(urlsplit(url).hostname or url, 120)
    reason = _reason(exc)
    if "name" in reason.lower() and ("resolution" in reason.lower() or "known" in reason.lower()):
        return f"offline? can't look up {host}"
    if "certificate" in reason.lower() or "ssl" in reason.lower():
        return f"secure connection to {host} failed ({reason})"
    return f"offline? can't connect to {host} ({reason})"
