"""Article identity (canonical URL / content hash) and corpus discovery."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.corpus import load_corpus
from reader.frontmatter import parse_bytes, parse_file
from reader.identity import article_id_for, canonical_url
from reader.model import Problem, Severity
from reader.walk import discover
from tests.unit.helpers import article_data, front_matter, write, write_article

REPO = Path(__file__).resolve().parents[2]


def test_identity_and_the_state_store_do_not_load_the_yaml_parser() -> None:
    code = (
        "import sys, reader.identity, reader.state, reader.statefile; "
        "assert 'yaml' not in sys.modules, sorted(m for m in sys.modules if 'yaml' in m)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=REPO
    )
    assert done.returncode == 0, done.stderr


# -- canonical URLs --------------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    [
        "https://news.example/a/Story?id=1",
        "HTTPS://NEWS.EXAMPLE/a/Story?id=1",
        "https://News.Example:443/a/Story?id=1",
        "https://news.example/a/Story?id=1#comments",
        "  https://news.example/a/Story?id=1  ",
    ],
)
def test_equivalent_urls_have_one_canonical_form(variant: str) -> None:
    assert canonical_url(variant) == "https://news.example/a/Story?id=1"


def test_http_default_port_and_empty_path() -> None:
    assert canonical_url("http://News.Example:80") == canonical_url("http://news.example/")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("https://news.example/a/story", "https://news.example/a/STORY"),  # path case matters
        ("https://news.example/a?id=1", "https://news.example/a?id=2"),  # query matters
        ("https://news.example:8443/a", "https://news.example/a"),  # non-default port
        ("http://news.example/a", "https://news.example/a"),  # scheme matters
        ("https://news.example:80/a", "https://news.example/a"),  # 80 is not https' default
    ],
)
def test_different_urls_stay_different(one: str, other: str) -> None:
    assert canonical_url(one) != canonical_url(other)


# -- article ids -----------------------------------------------------------------------


def article_from(text: str, path: str = "/a/x.md"):
    result = parse_bytes(text.encode("utf-8"), path)
    assert result.detail is not None, result.problems
    return result.detail.article


def test_id_comes_from_original_url_before_web_url() -> None:
    both = article_from(
        front_matter(
            article_data(originalUrl="https://orig.example/s", webUrl="https://web.example/s")
        )
    )
    only_original = article_from(
        front_matter(article_data(originalUrl="https://orig.example/s", webUrl=None))
    )
    assert both.url == "https://orig.example/s"
    assert both.id == only_original.id == article_id_for("https://orig.example/s", b"")


def test_id_falls_back_to_web_url() -> None:
    article = article_from(
        front_matter(article_data(originalUrl=None, webUrl="https://web.example/s"))
    )
    assert article.url == "https://web.example/s"
    assert article.id == article_id_for("https://web.example/s", b"anything")


def test_equivalent_urls_give_the_same_id_and_others_do_not() -> None:
    one = article_from(front_matter(article_data(originalUrl="https://news.example/a")))
    same = article_from(
        front_matter(article_data(title="Other title", originalUrl="HTTPS://News.Example:443/a#x"))
    )
    other = article_from(front_matter(article_data(originalUrl="https://news.example/b")))
    assert one.id == same.id
    assert one.id != other.id


def test_id_without_url_is_a_content_hash() -> None:
    text = front_matter(article_data(originalUrl=None, webUrl=None))
    first = article_from(text, "/one/a.md")
    again = article_from(text, "/two/b.md")
    changed = article_from(text + "\nanother body line\n", "/one/a.md")
    assert first.url == ""
    assert first.id == again.id
    assert first.id != changed.id
    assert first.id != article_from(front_matter(article_data())).id


def test_id_is_stable_when_the_file_is_renamed_or_moved(tmp_path: Path) -> None:
    with_url = write_article(tmp_path / "in", "2026-03-05-lamps.md")
    without_url = write_article(tmp_path / "in", "no-url.md", originalUrl=None, webUrl=None)
    before = {p: parse_file(str(p)).detail.article.id for p in (with_url, without_url)}
    (tmp_path / "elsewhere" / "deep").mkdir(parents=True)
    moved_url = tmp_path / "elsewhere" / "deep" / "renamed.md"
    moved_plain = tmp_path / "elsewhere" / "other-name.md"
    shutil.move(with_url, moved_url)
    shutil.move(without_url, moved_plain)
    assert parse_file(str(moved_url)).detail.article.id == before[with_url]
    assert parse_file(str(moved_plain)).detail.article.id == before[without_url]


# -- duplicates in a corpus ------------------------------------------------------------


def test_two_files_with_the_same_url_are_one_article(tmp_path: Path) -> None:
    write_article(tmp_path, "a-first.md", originalUrl="https://news.example/same")
    write_article(
        tmp_path, "b-second.md", title="Copy", originalUrl="HTTPS://news.example/same#frag"
    )
    write_article(tmp_path, "c-other.md", originalUrl="https://news.example/other")
    corpus = load_corpus([str(tmp_path)])
    assert len(corpus.articles) == 2
    kept = corpus.find_by_url("https://news.example/same")
    assert kept is not None and kept.path == str(tmp_path / "a-first.md")
    notes = [p for p in corpus.problems if p.severity is Severity.NOTE]
    assert len(notes) == 1
    assert notes[0].path == str(tmp_path / "b-second.md")
    assert str(tmp_path / "a-first.md") in notes[0].reason
    assert corpus.errors == []  # a duplicate is not an error


def test_identical_files_without_a_url_are_one_article(tmp_path: Path) -> None:
    text = front_matter(article_data(originalUrl=None, webUrl=None))
    write(tmp_path, "a.md", text)
    write(tmp_path, "b.md", text)
    corpus = load_corpus([str(tmp_path)])
    assert len(corpus.articles) == 1
    (note,) = corpus.problems
    assert note.severity is Severity.NOTE
    assert note.path == str(tmp_path / "b.md")


def test_duplicate_note_does_not_claim_a_url_that_is_not_there(tmp_path: Path) -> None:
    text = front_matter(article_data(originalUrl=None, webUrl=None))
    write(tmp_path, "a.md", text)
    write(tmp_path, "b.md", text)
    (note,) = load_corpus([str(tmp_path)]).problems
    assert "URL" not in note.reason


def test_find_by_url_ignores_case_and_fragment(tmp_path: Path) -> None:
    write_article(tmp_path, "a.md", originalUrl="https://news.example/found")
    corpus = load_corpus([str(tmp_path)])
    assert corpus.find_by_url("HTTPS://NEWS.example:443/found#top") is not None
    assert corpus.find_by_url("https://news.example/missing") is None
    assert corpus.find_by_url("") is None


# -- discovery -------------------------------------------------------------------------


def test_discovers_md_files_recursively_and_nothing_else(tmp_path: Path) -> None:
    write_article(tmp_path, "top.md")
    write_article(tmp_path, "2026/03/deep.md")
    write(tmp_path, "notes.txt", "---\ntitle: Not markdown\n---\n")
    write(tmp_path, "readme.markdown", "---\ntitle: Other extension\n---\n")
    corpus = load_corpus([str(tmp_path)])
    assert sorted(Path(a.path).name for a in corpus.articles.values()) == ["deep.md", "top.md"]
    assert corpus.problems == []


def test_a_file_given_directly_is_loaded(tmp_path: Path) -> None:
    write_article(tmp_path, "one.md")
    path = write_article(tmp_path, "two.md")
    corpus = load_corpus([str(path)])
    assert [a.path for a in corpus.articles.values()] == [str(path)]


def test_a_missing_path_is_reported(tmp_path: Path) -> None:
    write_article(tmp_path, "one.md")
    missing = str(tmp_path / "nope")
    corpus = load_corpus([str(tmp_path), missing])
    assert len(corpus.articles) == 1
    assert corpus.problems == [Problem(missing, "no such file or folder", Severity.ERROR)]


def test_hidden_folders_and_files_are_skipped(tmp_path: Path) -> None:
    write_article(tmp_path, "visible.md")
    write_article(tmp_path, ".git/objects.md")
    write_article(tmp_path, ".trash/old.md")
    write_article(tmp_path, "sub/.draft.md")
    corpus = load_corpus([str(tmp_path)])
    assert [Path(a.path).name for a in corpus.articles.values()] == ["visible.md"]


def test_a_folder_named_like_an_article_is_not_read_as_a_file(tmp_path: Path) -> None:
    (tmp_path / "folder.md").mkdir()
    (tmp_path / "empty.md").mkdir()
    write_article(tmp_path / "folder.md", "inside.md")
    write_article(tmp_path, "real.md")
    problems: list[Problem] = []
    found = list(discover([str(tmp_path)], problems))
    # The folders themselves are never handed to the parser (only searched).
    assert found == [str(tmp_path / "real.md"), str(tmp_path / "folder.md" / "inside.md")]
    assert problems == []
    assert load_corpus([str(tmp_path)]).problems == []


def run_with_timeout(function, seconds: float = 5.0):  # type: ignore[no-untyped-def]
    box: dict[str, object] = {}
    thread = threading.Thread(target=lambda: box.setdefault("result", function()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "did not finish: probably looping"
    return box["result"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_loops_do_not_hang(tmp_path: Path) -> None:
    write_article(tmp_path, "a/one.md")
    os.symlink("..", tmp_path / "a" / "up")  # a/up -> tmp_path: a cycle
    os.symlink(tmp_path / "a", tmp_path / "a" / "self")  # a/self -> a
    os.symlink("loop.md", tmp_path / "loop.md")  # a link to itself
    corpus = run_with_timeout(lambda: load_corpus([str(tmp_path)]))
    assert [Path(a.path).name for a in corpus.articles.values()] == ["one.md"]
    # The self-link may be reported as an unreadable file; nothing else is wrong.
    assert {Path(p.path).name for p in corpus.errors} <= {"loop.md"}


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_a_file_reached_twice_is_loaded_once(tmp_path: Path) -> None:
    path = write_article(tmp_path, "one.md")
    os.symlink(path, tmp_path / "alias.md")
    corpus = load_corpus([str(tmp_path), str(path)])
    assert len(corpus.articles) == 1
    assert corpus.problems == []  # no duplicate note: it is the same file


def test_discovery_order_is_sorted_and_repeatable(tmp_path: Path) -> None:
    for name in ["m.md", "b/z.md", "a.md", "b/c.md", "z/a.md", "c.md"]:
        write_article(tmp_path, name)
    problems: list[Problem] = []
    first = list(discover([str(tmp_path)], problems))
    second = list(discover([str(tmp_path)], problems))
    relative = [os.path.relpath(p, tmp_path) for p in first]
    assert relative == ["a.md", "c.md", "m.md", "b/c.md", "b/z.md", "z/a.md"]
    assert first == second
    assert problems == []


def test_bad_files_are_collected_not_raised(tmp_path: Path) -> None:
    write_article(tmp_path, "good.md")
    write(tmp_path, "empty.md", "")
    write(tmp_path, "broken.md", "---\ntitle: [oops\n---\n")
    corpus = load_corpus([str(tmp_path)])
    assert len(corpus.articles) == 1
    assert sorted(Path(p.path).name for p in corpus.errors) == ["broken.md", "empty.md"]


def test_unpublished_articles_are_counted_as_hidden(tmp_path: Path) -> None:
    write_article(tmp_path, "shown.md")
    write_article(tmp_path, "draft.md", published=False)
    corpus = load_corpus([str(tmp_path)])
    assert corpus.hidden_count == 1
    assert [Path(a.path).name for a in corpus.visible(False)] == ["shown.md"]
    assert len(corpus.visible(True)) == 2


def test_detail_rereads_the_file_and_reports_a_broken_one(tmp_path: Path) -> None:
    path = write_article(tmp_path, "one.md", excerpt="First excerpt")
    corpus = load_corpus([str(tmp_path)])
    (article_id,) = corpus.articles
    detail = corpus.detail(article_id)
    assert not isinstance(detail, Problem)
    assert detail.excerpt == "First excerpt"
    path.write_text("no front matter any more", encoding="utf-8")
    problem = corpus.detail(article_id)
    assert isinstance(problem, Problem)
    assert problem.path == str(path)


def _canonical_by_urlsplit(url: str) -> str:
    """canonical_url without its fast path: what the fast path must agree with."""
    from urllib.parse import urlsplit, urlunsplit

    url = url.strip()
    try:
        parts = urlsplit(url)
        if not parts.scheme or not parts.netloc:
            return url
        netloc = parts.netloc.lower()
        if parts.scheme.lower() == "http" and netloc.endswith(":80"):
            netloc = netloc[:-3]
        elif parts.scheme.lower() == "https" and netloc.endswith(":443"):
            netloc = netloc[:-4]
        return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))
    except ValueError:
        return url


@given(
    scheme=st.sampled_from(["https://", "http://", "HTTP://", " https://", "ftp://"]),
    host=st.sampled_from(["example.com", "News.example", "a-b.c", "h:80", "x..y", ""]),
    slash=st.sampled_from(["/", "", "?", "#"]),
    rest=st.text(alphabet="az09/?&=.-_%~:;@!$'()*+,[] \t\r\n\x00é#", max_size=15),
)
def test_canonical_url_fast_path_agrees_with_urlsplit(
    scheme: str, host: str, slash: str, rest: str
) -> None:
    url = scheme + host + slash + rest
    assert canonical_url(url) == _canonical_by_urlsplit(url)
