"""A local news site for the full-text tests, the bench and trying the app by hand.

A real HTTP server on 127.0.0.1 (a thread, http.server) that serves invented news pages
(tests/fixtures/web), pictures made with Pillow (and a broken one, and ones with too
many pixels), redirects (one to an ftp: address, one that loops), a slow page, a 404, a
50 MB body, a PDF and a text file. It counts the requests per path, so a test can see
that a second open made none. It also answers as an HTTP proxy would (a request line
with a whole URL), counting those apart.

    python -m tests.webserver [PORT]   # serve until ctrl+c, printing the URLs
"""

from __future__ import annotations

import io
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

PAGES = Path(__file__).resolve().parent / "fixtures" / "web"
BIG = 50 * 1024 * 1024
SLOW_SECONDS = 3.0


def _picture(size: tuple[int, int], kind: str, mode: str = "RGB") -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new(mode, size, "white" if mode != "1" else 1)
    if mode == "RGB":
        draw = ImageDraw.Draw(image)
        width, height = size
        draw.rectangle([0, height * 2 // 3, width, height], fill=(30, 90, 160))  # the bay
        draw.rectangle([width // 4, height // 3, width * 3 // 4, height * 2 // 3], fill="red")
        draw.ellipse([width // 10, height // 10, width // 4, height // 4], fill=(250, 200, 0))
    out = io.BytesIO()
    image.save(out, kind)
    return out.getvalue()


def _long_page(times: int = 15) -> bytes:
    """The harbor story with its body said `times` over: about 4,000 words."""
    page = (PAGES / "harbor-ferries.html").read_text(encoding="utf-8")
    start, end = page.index("  <p>Two driverless"), page.index("</article>")
    body = page[start:end]
    parts = [body.replace("<h2>", f"<h2>Part {n + 1}: ") for n in range(times)]
    return (page[:start] + "".join(parts) + page[end:]).encode("utf-8")


class NewsSite:
    """What the server answers, made once (the pictures take a moment)."""

    def __init__(self) -> None:
        photo = _picture((480, 320), "JPEG")
        self.files: dict[str, tuple[str, bytes]] = {
            "/news/harbor-ferries.html": (
                "text/html; charset=utf-8",
                (PAGES / "harbor-ferries.html").read_bytes(),
            ),
            "/news/chip-fab.html": (
                "text/html; charset=iso-8859-1",
                (PAGES / "chip-fab.html").read_bytes(),
            ),
            "/news/untyped.html": ("", (PAGES / "harbor-ferries.html").read_bytes()),
            "/news/empty.html": ("text/html", (PAGES / "empty.html").read_bytes()),
            "/news/long.html": ("text/html; charset=utf-8", _long_page()),
            "/img/photo.jpg": ("image/jpeg", photo),
            "/img/logo.png": ("image/png", _picture((64, 64), "PNG")),
            "/img/broken.jpg": ("image/jpeg", photo[: len(photo) // 3]),
            "/img/garbage.png": ("image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200),
            # 6000×4000 = 24 megapixels: under Pillow's own bomb limit, over ours (20).
            "/img/huge.png": ("image/png", _picture((6000, 4000), "PNG", "1")),
            # 100 megapixels in a few kilobytes: a decompression bomb.
            "/img/bomb.png": ("image/png", _picture((10000, 10000), "PNG", "1")),
            "/img/drawing.svg": ("image/svg+xml", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
            "/paper.pdf": ("application/pdf", b"%PDF-1.4\n" + b"0" * 2000),
            "/notes.txt": ("text/plain", b"Just some notes, not a web page.\n" * 20),
        }
        self.redirects = {
            "/redirect/harbor": "/news/harbor-ferries.html",
            "/redirect/ftp": "ftp://127.0.0.1/pub/story.txt",
            "/redirect/javascript": "javascript:alert(1)",
            "/redirect/loop": "/redirect/loop",
        }


class NewsServer:
    """The site on 127.0.0.1, on a port of its own, in a daemon thread."""

    def __init__(self, site: NewsSite | None = None, port: int = 0) -> None:
        self.site = site or NewsSite()
        self.requests: Counter[str] = Counter()
        self.proxied: Counter[str] = Counter()
        self.user_agents: list[str] = []
        self.accepts: list[str] = []
        self.active = 0  # requests being answered right now
        self.most_active = 0  # the most at once
        self.aborted: Counter[str] = Counter()  # clients that stopped reading mid-body
        self.slow_seconds = SLOW_SECONDS
        self._lock = threading.Lock()
        self._port = port
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        assert self._server is not None
        return self._server.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> NewsServer:
        handler = _handler(self)
        self._server = ThreadingHTTPServer(("127.0.0.1", self._port), handler)
        self._server.daemon_threads = True
        self._port = self.port  # a restart comes back on the same port
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def count(self, path: str) -> int:
        with self._lock:
            return self.requests[path]

    def total(self) -> int:
        with self._lock:
            return sum(self.requests.values())

    def _seen(self, path: str, proxied: bool, agent: str, accept: str) -> None:
        with self._lock:
            self.requests[path] += 1
            if proxied:
                self.proxied[path] += 1
            self.user_agents.append(agent)
            self.accepts.append(accept)
            self.active += 1
            self.most_active = max(self.most_active, self.active)

    def _done(self, path: str, aborted: bool) -> None:
        with self._lock:
            self.active -= 1
            if aborted:
                self.aborted[path] += 1


def _handler(server: NewsServer) -> type[BaseHTTPRequestHandler]:
    site = server.site

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass  # quiet: the tests count requests instead

        def do_GET(self) -> None:
            proxied = self.path.startswith("http://")
            path = urlsplit(self.path).path  # (a query is ignored: one page, many URLs)
            headers = self.headers
            server._seen(path, proxied, headers.get("User-Agent", ""), headers.get("Accept", ""))
            aborted = False
            try:
                self._answer(path)
            except (BrokenPipeError, ConnectionResetError):
                aborted = True  # the client stopped reading (a size cap): fine
            finally:
                server._done(path, aborted)

        def _answer(self, path: str) -> None:
            if path in site.files:
                media, body = site.files[path]
                self._send(200, media, body)
            elif path in site.redirects:
                self.send_response(302)
                self.send_header("Location", site.redirects[path])
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif path == "/slow":
                time.sleep(server.slow_seconds)
                self._send(200, "text/html", (PAGES / "harbor-ferries.html").read_bytes())
            elif path in ("/big", "/big-unannounced"):
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                if path == "/big":
                    self.send_header("Content-Length", str(BIG))
                else:
                    self.send_header("Connection", "close")
                self.end_headers()
                chunk = b"<p>" + b"x" * 65_000 + b"</p>\n"
                sent = 0
                while sent < BIG:
                    self.wfile.write(chunk)
                    sent += len(chunk)
                self.close_connection = True
            else:
                self._send(404, "text/html", b"<html><body><h1>Not found</h1></body></html>")

        def _send(self, status: int, media: str, body: bytes) -> None:
            self.send_response(status)
            if media:
                self.send_header("Content-Type", media)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


def main() -> int:
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8765
    server = NewsServer(port=port).start()
    print(f"Serving on {server.url('/')}; pages:")
    for path in [*server.site.files, *server.site.redirects, "/slow", "/big", "/missing"]:
        print("  " + server.url(path))
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
