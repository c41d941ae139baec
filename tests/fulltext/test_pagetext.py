"""Extraction: the article out of a news page, as Markdown, offline, control codes out."""

from __future__ import annotations

import socket

import pytest

from reader.fetching import FetchError
from reader.pagetext import extract_markdown, html_wanted
from tests.webserver import PAGES

BASE = "https://tidewater.example/news/harbor-ferries"


def harbor() -> str:
    return extract_markdown((PAGES / "harbor-ferries.html").read_bytes(), BASE, "utf-8")


def test_the_article_is_kept_and_the_page_around_it_dropped() -> None:
    text = harbor()
    assert "Two driverless ferries began carrying passengers" in text
    assert "## How the boats find their way" in text
    assert "- Passengers per trip: up to 80" in text
    assert "**$4.2 million**" in text
    assert "[Brightwater Marine](https://shipyard.example/boats)" in text
    for boilerplate in (
        "Subscribe for $1",
        "Refinance today",
        "cookies",
        "First! Can't wait",
        "Who is liable",
        "All rights reserved",
        "Ten gadgets",
    ):
        assert boilerplate not in text, boilerplate


def test_relative_links_become_absolute() -> None:
    assert "(https://tidewater.example/reports/ferry-trial)" in harbor()


def test_control_codes_in_the_page_become_replacement_characters() -> None:
    text = harbor()
    assert "\x1b" not in text
    assert "stray \ufffd\\[2J control code" in text  # `&#27;` in the page
    raw = (PAGES / "harbor-ferries.html").read_bytes().replace(b"&#27;", b"\x1b\x07\x9b")
    assert "\ufffd\ufffd" in extract_markdown(raw, BASE, "utf-8")


def test_a_declared_charset_is_used() -> None:
    page = (PAGES / "chip-fab.html").read_bytes().replace(b"caf&eacute;", "café".encode("latin-1"))
    text = extract_markdown(page, "https://circuit.example/fab", "iso-8859-1")
    assert "### A café in the clean room?" in text
    assert "| Line 1 | HBM5 | November 2026 |" in text  # tables are kept
    assert "Trending" not in text and "Leave a reply" not in text


def test_a_page_without_an_article_says_so() -> None:
    with pytest.raises(FetchError, match="no article text found on the page"):
        extract_markdown((PAGES / "empty.html").read_bytes(), "https://x.example/", "utf-8")


def test_extraction_needs_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the extractor tried to use the network")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    assert "Two driverless ferries" in harbor()


@pytest.mark.parametrize(
    ("media", "first", "wanted"),
    [
        ("text/html", b"", True),
        ("application/xhtml+xml", b"", True),
        ("", b"\xef\xbb\xbf  <!DOCTYPE html><html>", True),
        ("application/octet-stream", b"<html><body>", True),
        ("text/plain", b"just words", False),
        ("application/pdf", b"%PDF", False),
        ("image/png", b"\x89PNG", False),
    ],
)
def test_what_counts_as_a_page(media: str, first: bytes, wanted: bool) -> None:
    assert (html_wanted(media, first) is None) is wanted
