"""The fetcher against a real local server: limits, redirects, failures in words."""

from __future__ import annotations

import threading
import time

import pytest

from reader import __version__
from reader.fetching import Fetcher, FetchError, Limits
from reader.pagetext import ACCEPT_HTML, html_wanted
from reader.thumbnails import ACCEPT_IMAGES, image_wanted
from tests.webserver import NewsServer


def get_page(server: NewsServer, path: str, **limits: float) -> str:
    """The page's final URL, or the reason it failed."""
    fetcher = Fetcher(Limits(**limits))  # type: ignore[arg-type]
    try:
        return fetcher.get(server.url(path), accept=ACCEPT_HTML, wanted=html_wanted).url
    except FetchError as exc:
        return exc.reason
    finally:
        fetcher.close()


def test_a_page_is_fetched_with_an_honest_user_agent(news_server: NewsServer) -> None:
    fetcher = Fetcher()
    response = fetcher.get(
        news_server.url("/news/harbor-ferries.html"), accept=ACCEPT_HTML, wanted=html_wanted
    )
    assert response.status == 200
    assert response.content_type == "text/html"
    assert response.charset == "utf-8"
    assert b"Harbor City trials autonomous ferries" in response.body
    assert news_server.user_agents == [response_agent()]
    assert news_server.accepts[0].startswith("text/html")


def response_agent() -> str:
    from reader.fetching import USER_AGENT

    assert USER_AGENT.startswith(f"reader-tui/{__version__} ")
    return USER_AGENT


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing", "HTTP 404 Not Found"),
        ("/paper.pdf", "not HTML (application/pdf)"),
        ("/notes.txt", "not HTML (text/plain)"),
        ("/big", "too large (50 MB; the limit is 5 MB)"),
        ("/big-unannounced", "too large (more than 5 MB)"),
        ("/redirect/loop", "more than 5 redirects"),
    ],
)
def test_failures_say_what_failed(news_server: NewsServer, path: str, reason: str) -> None:
    assert get_page(news_server, path) == reason


def test_redirects_are_followed_to_web_addresses_only(news_server: NewsServer) -> None:
    assert get_page(news_server, "/redirect/harbor") == news_server.url("/news/harbor-ferries.html")
    assert get_page(news_server, "/redirect/ftp") == (
        "redirected to a non-web address (ftp://127.0.0.1/pub/story.txt)"
    )
    assert get_page(news_server, "/redirect/javascript") == (
        "redirected to a non-web address (javascript:alert(1))"
    )
    assert news_server.count("/redirect/loop") == 0


def test_at_most_a_few_redirects(news_server: NewsServer) -> None:
    assert get_page(news_server, "/redirect/loop", max_redirects=2) == "more than 2 redirects"
    assert news_server.count("/redirect/loop") == 3  # the first request and two redirects


def test_a_slow_server_times_out_with_the_time_said(news_server: NewsServer) -> None:
    news_server.slow_seconds = 3
    started = time.monotonic()
    assert get_page(news_server, "/slow", timeout=0.3) == "timed out after 0.3 s"
    assert time.monotonic() - started < 2.5  # it did not wait for the page


def test_a_body_past_the_cap_is_not_read_to_its_end(news_server: NewsServer) -> None:
    assert get_page(news_server, "/big-unannounced") == "too large (more than 5 MB)"
    for _ in range(100):  # the server notices when its writes start failing
        if news_server.aborted["/big-unannounced"]:
            break
        time.sleep(0.05)
    assert news_server.aborted["/big-unannounced"] == 1


def test_a_page_with_no_type_is_recognised_by_its_start(news_server: NewsServer) -> None:
    assert get_page(news_server, "/news/untyped.html") == news_server.url("/news/untyped.html")


def test_offline_says_it_could_not_connect(news_server: NewsServer) -> None:
    url = news_server.url("/news/harbor-ferries.html")
    news_server.stop()
    fetcher = Fetcher()
    with pytest.raises(FetchError) as failure:
        fetcher.get(url, accept=ACCEPT_HTML, wanted=html_wanted)
    assert failure.value.reason == "offline? can't connect to 127.0.0.1 (connection refused)"
    assert not failure.value.lasting  # worth trying again later


def test_only_web_addresses_are_fetched() -> None:
    for url in ("file:///etc/passwd", "ftp://example.invalid/a", "javascript:alert(1)", ""):
        with pytest.raises(FetchError, match="not a web address"):
            Fetcher().get(url, accept=ACCEPT_HTML, wanted=html_wanted)


def test_one_request_at_a_time_per_host(news_server: NewsServer) -> None:
    news_server.slow_seconds = 0.4
    fetcher = Fetcher()
    results: list[str] = []

    def fetch(host: str) -> None:
        url = f"http://{host}:{news_server.port}/slow"
        results.append(fetcher.get(url, accept=ACCEPT_HTML, wanted=html_wanted).url)

    same_host = [threading.Thread(target=fetch, args=("127.0.0.1",)) for _ in range(3)]
    for thread in same_host:
        thread.start()
    for thread in same_host:
        thread.join()
    assert len(results) == 3
    assert news_server.most_active == 1
    # Another host is not held up by this one: localhost and 127.0.0.1 go side by side.
    both = [threading.Thread(target=fetch, args=(h,)) for h in ("127.0.0.1", "localhost")]
    for thread in both:
        thread.start()
    for thread in both:
        thread.join()
    assert news_server.most_active == 2


def test_proxies_come_from_the_environment(
    news_server: NewsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The local server answers as a proxy would; the .invalid host is never looked up.
    monkeypatch.setenv("HTTP_PROXY", news_server.url(""))
    monkeypatch.setenv("NO_PROXY", "")
    fetcher = Fetcher()
    response = fetcher.get(
        "http://news.invalid/news/harbor-ferries.html", accept=ACCEPT_HTML, wanted=html_wanted
    )
    assert b"Harbor City" in response.body
    assert news_server.proxied["/news/harbor-ferries.html"] == 1


def test_images_are_asked_for_as_images(news_server: NewsServer) -> None:
    fetcher = Fetcher()
    response = fetcher.get(
        news_server.url("/img/photo.jpg"), accept=ACCEPT_IMAGES, wanted=image_wanted
    )
    assert response.body.startswith(b"\xff\xd8")
    with pytest.raises(FetchError, match=r"not an image \(text/html\)"):
        fetcher.get(
            news_server.url("/news/harbor-ferries.html"), accept=ACCEPT_IMAGES, wanted=image_wanted
        )
    with pytest.raises(FetchError, match="an SVG drawing"):
        fetcher.get(news_server.url("/img/drawing.svg"), accept=ACCEPT_IMAGES, wanted=image_wanted)


def test_the_guard_keeps_every_test_here_on_this_machine() -> None:
    with pytest.raises(AssertionError, match=r"tried to look up 'example\.com'"):
        Fetcher().get("http://example.com/", accept=ACCEPT_HTML, wanted=html_wanted)
