"""The loader: every real-world variant loads; every bad file becomes one Problem."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from reader.frontmatter import MAX_FILE_BYTES, parse_bytes, parse_file
from reader.identity import article_id_for
from reader.model import Provider, Severity
from tests.conftest import REAL_CORPUS, REPO
from tests.unit.helpers import article_data, front_matter, write

SEED_FORMAT = REPO.parent / "shared" / "seed-format"

FULL_ARTICLE = """\
---
category: news
title: "Harbour cranes learn to stack containers unattended"
excerpt: "An invented excerpt about automated cranes."
publishedDateTime: 2026-06-10T18:29:00Z
originalUrl: "https://portwatch.example/cranes-unattended-1234"
webUrl: "https://portwatch.example/cranes-unattended-1234"
ampWebUrl: "https://portwatch.example/cranes-unattended-1234?amp=1"
cdnAmpWebUrl: "https://portwatch-example.cdn.example/c/s/portwatch.example/cranes?amp=1"
type: article
quality: 59
heat: 89
published: true

provider:
  name: Port Watch
  domain: portwatch.example
  images:
    - url: "https://portwatch.example/logo.png"
      width: 64
      height: 64

topics:
  - Robotics
  - Logistics

images:
  - url: "https://portwatch.example/img/crane.jpg"
    width: 1024
    height: 682
    isCached: true
  - url: "https://portwatch.example/img/crane2.jpg"

related:
  - title: "Dock workers weigh in on crane automation"
    excerpt: "A related invented excerpt."
    publishedDateTime: 2026-06-10T08:33:00Z
    webUrl: "https://quayside-news.example/dock-workers"
    provider:
      name: Quayside News
      domain: quayside-news.example
    quality: 40
    images:
      - url: "https://quayside-news.example/a.jpg"
  - title: "Second related story"
    webUrl: https://other.example/second
---
Body text after the front matter.
"""


def parse_text(text: str, path: str = "/articles/test.md"):
    return parse_bytes(text.encode("utf-8"), path)


def loaded(text: str):
    """Parse text that must load with no problems at all; return the detail."""
    result = parse_text(text)
    assert result.problems == []
    assert result.detail is not None
    return result.detail


# -- variants that must load -----------------------------------------------------


def test_full_article_loads_every_field() -> None:
    detail = loaded(FULL_ARTICLE)
    article = detail.article
    assert article.title == "Harbour cranes learn to stack containers unattended"
    assert article.heat == 89
    assert article.quality == 59
    assert article.published is True
    assert article.published_at == datetime(2026, 6, 10, 18, 29, tzinfo=timezone.utc)
    assert article.provider == Provider("Port Watch", "portwatch.example")
    assert article.topics == ("Robotics", "Logistics")
    assert article.url == "https://portwatch.example/cranes-unattended-1234"
    assert article.related_count == 2
    assert detail.excerpt == "An invented excerpt about automated cranes."
    assert detail.category == "news"
    assert detail.kind == "article"
    assert detail.image_count == 2
    assert detail.body == "Body text after the front matter.\n"  # exactly as in the file
    assert [key for key, _ in detail.urls] == ["originalUrl", "webUrl", "ampWebUrl", "cdnAmpWebUrl"]
    assert dict(detail.urls)["ampWebUrl"].endswith("?amp=1")


def test_related_items_keep_their_own_provider_and_images() -> None:
    first, second = loaded(FULL_ARTICLE).related
    assert first.title == "Dock workers weigh in on crane automation"
    assert first.url == "https://quayside-news.example/dock-workers"
    assert first.provider == Provider("Quayside News", "quayside-news.example")
    assert first.image_count == 1
    assert first.quality == 40
    assert first.published_at == datetime(2026, 6, 10, 8, 33, tzinfo=timezone.utc)
    assert first.excerpt == "A related invented excerpt."
    assert second.provider is None
    assert second.image_count == 0
    assert second.url == "https://other.example/second"  # unquoted URL


def test_optional_fields_may_all_be_missing() -> None:
    data = article_data(heat=None, quality=None, originalUrl=None)
    detail = loaded(front_matter(data))
    article = detail.article
    assert article.heat is None
    assert article.quality is None
    assert article.related_count == 0
    assert detail.related == ()
    assert detail.image_count == 0
    # With no originalUrl, webUrl is the article's URL.
    assert article.url == "https://coastal-daily.example/solar-lamps"
    assert [key for key, _ in detail.urls] == ["webUrl"]


def test_minimal_file_with_only_a_title_loads() -> None:
    article = loaded("---\ntitle: Only a title\n---\n").article
    assert article.title == "Only a title"
    assert article.url == ""
    assert article.topics == ()
    assert article.published_at is None
    assert article.provider == Provider("")
    assert article.published is True


def test_heat_minus_one_is_kept() -> None:
    assert loaded(front_matter(article_data(heat=-1))).article.heat == -1


def test_unquoted_urls_with_query_and_hash_characters() -> None:
    text = (
        "---\ntitle: Unquoted\n"
        "originalUrl: https://plain.example/path/story?id=7&ref=feed#top\n"
        "webUrl: https://plain.example/path/story\n---\n"
    )
    detail = loaded(text)
    assert detail.article.url == "https://plain.example/path/story?id=7&ref=feed#top"
    assert dict(detail.urls)["webUrl"] == "https://plain.example/path/story"


def test_provider_images_are_accepted() -> None:
    provider = {
        "name": "Pixel Post",
        "domain": "pixelpost.example",
        "images": [{"url": "https://pixelpost.example/logo.png", "width": 10}],
    }
    article = loaded(front_matter(article_data(provider=provider))).article
    assert article.provider == Provider("Pixel Post", "pixelpost.example")


@pytest.mark.parametrize(
    ("title", "provider", "topic"),
    [
        ("東京の港で自動クレーンが稼働", "港湾ニュース", "ロボット"),
        ("인공지능 항만 자동화", "항만일보", "물류"),
        ("Café, naïve façade — Ålesund", "Nørd Avisen", "Énergie"),
        ("Robots 🤖 stack boxes 📦", "Emoji Times 🗞️", "AI 🧠"),
    ],
)
def test_non_latin_text_is_kept_exactly(title: str, provider: str, topic: str) -> None:
    data = article_data(
        title=title, provider={"name": provider, "domain": "x.example"}, topics=[topic]
    )
    article = loaded(front_matter(data)).article
    assert article.title == title
    assert article.provider.name == provider
    assert article.topics == (topic,)


def test_crlf_line_endings_give_the_same_article() -> None:
    crlf = FULL_ARTICLE.replace("\n", "\r\n")
    lf_detail = loaded(FULL_ARTICLE)
    crlf_detail = loaded(crlf)
    assert "\r" not in crlf_detail.article.title
    assert crlf_detail.article.title == lf_detail.article.title
    assert crlf_detail.article.topics == lf_detail.article.topics
    assert crlf_detail.article.heat == lf_detail.article.heat
    assert crlf_detail.related == lf_detail.related
    assert crlf_detail.urls == lf_detail.urls


def test_utf8_bom_is_ignored() -> None:
    content = b"\xef\xbb\xbf" + FULL_ARTICLE.encode("utf-8")
    result = parse_bytes(content, "bom.md")
    assert result.problems == []
    assert result.detail is not None
    assert result.detail.article.title == "Harbour cranes learn to stack containers unattended"


def test_bom_and_crlf_together() -> None:
    content = b"\xef\xbb\xbf---\r\ntitle: Both quirks\r\nheat: 3\r\n---\r\n"
    result = parse_bytes(content, "both.md")
    assert result.problems == []
    assert result.detail is not None
    assert (result.detail.article.title, result.detail.article.heat) == ("Both quirks", 3)


@pytest.mark.parametrize(
    "value",
    [
        "2026-06-10T18:29:00Z",  # YAML timestamp
        "'2026-06-10T18:29:00Z'",  # quoted string
        '"2026-06-10T18:29:00+00:00"',
        "'2026-06-10T20:29:00+02:00'",  # same instant, other offset
        "2026-06-10 18:29:00+00:00",
    ],
)
def test_dates_as_timestamps_and_strings_mean_the_same_instant(value: str) -> None:
    article = loaded(f"---\ntitle: Dated\npublishedDateTime: {value}\n---\n").article
    assert article.published_at == datetime(2026, 6, 10, 18, 29, tzinfo=timezone.utc)
    assert article.published_at.tzinfo is not None


def test_date_without_time_is_midnight_utc() -> None:
    article = loaded("---\ntitle: Dated\npublishedDateTime: 2026-06-10\n---\n").article
    assert article.published_at == datetime(2026, 6, 10, tzinfo=timezone.utc)


def test_naive_timestamp_is_taken_as_utc() -> None:
    article = loaded("---\ntitle: Dated\npublishedDateTime: '2026-06-10T18:29:00'\n---\n").article
    assert article.published_at == datetime(2026, 6, 10, 18, 29, tzinfo=timezone.utc)


def test_published_false_loads_as_unpublished() -> None:
    article = loaded(front_matter(article_data(published=False))).article
    assert article.published is False


def test_multiline_title_is_kept_as_yaml_reads_it() -> None:
    article = loaded("---\ntitle: >-\n  First part\n\n  second   part\n---\n").article
    assert article.title == "First part\nsecond   part"  # one line only where it is drawn


def test_terminal_control_characters_are_kept_exactly() -> None:
    result = parse_text('---\ntitle: "Red \\e[31m alert \\a"\nexcerpt: "x\\e]0;pwned\\a"\n---\n')
    assert result.detail is not None
    assert result.problems == []
    assert result.detail.article.title == "Red \x1b[31m alert \x07"
    assert result.detail.excerpt == result.detail.article.excerpt == "x\x1b]0;pwned\x07"


def test_blank_values_count_as_missing_and_the_rest_is_kept_exactly() -> None:
    result = parse_text(
        "---\n"
        'title: "  Padded  title "\n'
        'topics: ["  ", "", "x ", "x", "x "]\n'
        'originalUrl: "  "\n'
        'webUrl: " https://a.example/x "\n'
        'excerpt: "   "\n'
        "related:\n"
        '  - title: "  "\n'
        '  - title: " kept "\n'
        "---\n"
    )
    assert result.detail is not None
    article = result.detail.article
    assert article.title == "  Padded  title "
    assert article.topics == ("x ", "x")
    assert article.url == " https://a.example/x "
    assert article.id == article_id_for("https://a.example/x", b"")
    assert result.detail.urls == (("webUrl", " https://a.example/x "),)
    assert result.detail.excerpt == "   "
    assert [story.title for story in result.detail.related] == [" kept "]
    assert [p.reason for p in result.problems] == ["related[0]: no title; ignored"]
    blank = parse_text('---\ntitle: " \\t "\n---\n')
    assert blank.detail is None
    assert [p.reason for p in blank.problems] == ["title is not usable text"]


def test_parse_file_reads_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "cranes.md", FULL_ARTICLE)
    result = parse_file(str(path))
    assert result.problems == []
    assert result.detail is not None
    assert result.detail.article.path == str(path)
    assert result.detail == parse_bytes(path.read_bytes(), str(path)).detail


# -- bad files: one ERROR Problem, never an exception --------------------------------

BAD_FILES: dict[str, tuple[bytes, str]] = {
    "empty": (b"", "empty"),
    "whitespace-only": (b"  \n\n\t\n", "empty"),
    "no-front-matter": (b"# Just markdown\n\nSome text.\n", "no front matter"),
    "front-matter-not-first": (b"intro\n---\ntitle: Late\n---\n", "no front matter"),
    "unterminated": (b"---\ntitle: Never closed\nheat: 4\n", "not closed"),
    "invalid-yaml": (b"---\ntitle: [unclosed\nheat: 4\n---\n", "invalid YAML"),
    "yaml-tab-indent": (b"---\ntitle: x\n\theat: 4\n---\n", "invalid YAML"),
    "yaml-list": (b"---\n- one\n- two\n---\n", "list"),
    "yaml-scalar": (b"---\njust a sentence\n---\n", "not a mapping"),
    "empty-front-matter": (b"---\n---\nbody\n", "not a mapping"),
    "no-title": (b"---\nheat: 4\ntopics: [A]\n---\n", "no title"),
    "blank-title": (b"---\ntitle: '   '\n---\n", "title"),
    "non-utf8": ("---\ntitle: Caf\xe9\n---\n".encode("latin-1"), "UTF-8"),
    "nul-bytes": (b"---\ntitle: Binary\x00junk\n---\n", "NUL"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_becomes_one_error_problem(name: str) -> None:
    content, expected = BAD_FILES[name]
    path = f"/corpus/{name}.md"
    result = parse_bytes(content, path)
    assert result.detail is None
    errors = [p for p in result.problems if p.severity is Severity.ERROR]
    assert len(errors) == 1
    problem = errors[0]
    assert problem.path == path
    assert expected.lower() in problem.reason.lower()
    assert problem.reason.strip()
    assert "\n" not in problem.reason
    assert problem.line() == f"{path}: {problem.reason}"


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_parse_file_never_raises_on_bad_files(tmp_path: Path, name: str) -> None:
    content, _ = BAD_FILES[name]
    path = write(tmp_path, f"{name}.md", content)
    result = parse_file(str(path))
    assert result.detail is None
    assert result.problems
    assert all(p.path == str(path) for p in result.problems)


def test_missing_file_and_directory_are_problems(tmp_path: Path) -> None:
    missing = parse_file(str(tmp_path / "gone.md"))
    assert missing.detail is None and missing.problems[0].severity is Severity.ERROR
    folder = tmp_path / "folder.md"
    folder.mkdir()
    as_dir = parse_file(str(folder))
    assert as_dir.detail is None
    assert "directory" in as_dir.problems[0].reason


def test_oversized_file_is_rejected() -> None:
    content = b"---\ntitle: Huge\n---\n" + b"x" * MAX_FILE_BYTES
    result = parse_bytes(content, "huge.md")
    assert result.detail is None
    assert "too large" in result.problems[0].reason


# -- wrong field types: the article loads, with a WARNING ---------------------------


def warnings_for(text: str, path: str = "w.md"):
    result = parse_bytes(text.encode("utf-8"), path)
    assert result.detail is not None, result.problems
    assert result.problems, "expected a warning"
    assert all(p.severity is Severity.WARNING for p in result.problems)
    assert all(p.path == path and "\n" not in p.reason for p in result.problems)
    return result.detail.article, result.problems


def test_heat_as_text_warns_and_is_missing() -> None:
    article, problems = warnings_for(front_matter(article_data(heat="hot")))
    assert article.heat is None
    assert any(p.reason.startswith("heat") for p in problems)


def test_topics_as_a_string_warns_and_becomes_one_topic() -> None:
    article, problems = warnings_for(front_matter(article_data(topics="Robotics")))
    assert article.topics == ("Robotics",)
    assert any(p.reason.startswith("topics") for p in problems)


def test_provider_as_a_string_warns_and_is_used_as_the_name() -> None:
    article, problems = warnings_for(front_matter(article_data(provider="Harbour Gazette")))
    assert article.provider.name == "Harbour Gazette"
    assert any(p.reason.startswith("provider") for p in problems)


def test_date_that_is_not_a_date_warns() -> None:
    article, problems = warnings_for(front_matter(article_data(publishedDateTime="last Tuesday")))
    assert article.published_at is None
    assert any("publishedDateTime" in p.reason for p in problems)


def test_bad_related_items_are_skipped_with_a_warning() -> None:
    related = [5, {"excerpt": "no title here"}, {"title": "Kept", "webUrl": "https://k.example/"}]
    text = front_matter(article_data(related=related))
    result = parse_bytes(text.encode(), "r.md")
    assert result.detail is not None
    assert [story.title for story in result.detail.related] == ["Kept"]
    assert result.detail.article.related_count == 1
    assert len(result.problems) == 2
    assert all(p.severity is Severity.WARNING for p in result.problems)


def test_non_text_topics_are_dropped_with_a_warning() -> None:
    article, problems = warnings_for(front_matter(article_data(topics=["A", {"x": 1}, "A", "B"])))
    assert article.topics == ("A", "B")
    assert len(problems) == 1


# -- the shared sample files (read only) --------------------------------------------


@pytest.mark.skipif(not SEED_FORMAT.is_dir(), reason="shared/seed-format not present")
def test_seed_format_samples_load_without_errors() -> None:
    files = sorted(SEED_FORMAT.glob("*.md"))
    assert files
    for file in files:
        result = parse_file(str(file))
        assert result.detail is not None, result.problems
        assert [p for p in result.problems if p.severity is Severity.ERROR] == []
        assert result.detail.article.title


@pytest.mark.skipif(not REAL_CORPUS.is_dir(), reason="shared/corpus-real not present")
def test_every_real_file_loads_cleanly() -> None:
    files = sorted(REAL_CORPUS.glob("*.md"))
    assert len(files) == 99
    for file in files:
        result = parse_file(str(file))
        assert result.detail is not None, result.problems
        assert result.problems == [], result.problems
        assert result.detail.article.url.startswith("http")
        assert result.detail.article.published_at is not None
