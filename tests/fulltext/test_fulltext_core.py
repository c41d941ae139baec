"""What is fetched for an article, and what is cached (a lasting failure too)."""

from __future__ import annotations

from pathlib import Path

from reader.fetching import Fetcher, Limits
from reader.fetchplan import host_of, image_candidates, page_url, size_text
from reader.fulltext import cached_page, fetch_page, render_reading_text, thumbnail
from reader.webcache import WebCache
from tests.webserver import NewsServer


def test_the_original_url_is_fetched_else_the_web_url() -> None:
    assert page_url([("originalUrl", "https://o.example/"), ("webUrl", "https://w.example/")]) == (
        "https://o.example/"
    )
    assert page_url([("originalUrl", "ftp://o.example/"), ("webUrl", " https://w.example/ ")]) == (
        "https://w.example/"
    )
    assert page_url([("ampWebUrl", "https://amp.example/")]) == ""
    assert page_url([("originalUrl", "javascript:alert(1)")]) == ""


def test_image_candidates_are_web_addresses_a_few_at_most() -> None:
    urls = ["data:image/png;base64,AAAA", *[f"https://i.example/{n}.jpg" for n in range(5)]]
    assert image_candidates(urls) == [f"https://i.example/{n}.jpg" for n in range(3)]


def test_words_for_sizes_and_hosts() -> None:
    assert [size_text(n) for n in (1, 900, 34_000, 5 * 1024 * 1024, 5_500_000)] == [
        "1 byte",
        "900 bytes",
        "33 KB",
        "5 MB",
        "5.2 MB",
    ]
    assert host_of("https://News.Example:8080/a") == "news.example"
    assert host_of("https://evil\u202eexample/") == "evil\\u202eexample"


def test_a_fetched_page_is_cached_and_read_back(news_server: NewsServer, tmp_path: Path) -> None:
    cache = WebCache.open(tmp_path / "web.db")
    url = news_server.url("/redirect/harbor")
    page, problem = fetch_page(url, Fetcher(), cache)
    assert problem == "" and page.final_url.endswith("/news/harbor-ferries.html")
    again = cached_page(url, cache)
    assert again is not None and again.from_cache and again.markdown == page.markdown
    assert news_server.count("/news/harbor-ferries.html") == 1


def test_the_body_and_the_page_share_one_list_of_links(news_server: NewsServer) -> None:
    page, _problem = fetch_page(news_server.url("/news/harbor-ferries.html"), Fetcher(), None)
    shown = render_reading_text(
        "# Story\n\nMy notes, see [the yard](https://shipyard.example/boats) and "
        "[a map](https://maps.example/bay).",
        page,
        title="Harbor City trials autonomous ferries [/]",
        article_url=page.url,
    )
    assert shown.body[0].plain.startswith("Story")  # not the title: kept
    assert [link.url for link in shown.links][:3] == [
        "https://shipyard.example/boats",
        "https://maps.example/bay",
        news_server.url("/reports/ferry-trial"),
    ]
    assert "Harbor City trials" not in shown.full_text[0].plain  # the repeated title dropped
    assert shown.words > 200


def test_pictures_lasting_failures_are_remembered_passing_ones_not(
    news_server: NewsServer, tmp_path: Path
) -> None:
    cache = WebCache.open(tmp_path / "web.db")
    urls = [news_server.url(p) for p in ("/img/broken.jpg", "/img/missing.png", "/img/logo.png")]
    shown = thumbnail(urls, cache, Fetcher())
    assert shown is not None and shown.url == urls[2] and shown.data is not None
    assert shown.notes[0].startswith("broken image data") and shown.notes[1] == "HTTP 404 Not Found"
    again = thumbnail(urls, cache, None)  # the cache alone: no request at all
    assert again == shown.__class__(urls[2], shown.data, shown.notes)
    assert news_server.total() == 3
    slow = [news_server.url("/slow")]
    news_server.slow_seconds = 2
    timed_out = thumbnail(slow, cache, Fetcher(Limits(timeout=0.2)))
    assert timed_out is not None and timed_out.notes == ("timed out after 0.2 s",)
    assert thumbnail(slow, cache, None) is None  # not remembered: next time it is tried again
