"""Hostile and broken article files: the loader never raises, and says what it did.

Every case is generated here (the big ones at test time). For each we check that
`parse_bytes` and `parse_file` either skip the file with one ERROR naming it, or
load it with WARNINGs for what was ignored, and that the reasons are single,
terminal-safe lines. Text fields are kept exactly as the file has them, control
characters included (the UI cleans what it draws). Then all of them go into one
folder with good files, and every good file must still load.
"""

from __future__ import annotations

import errno
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from reader import cli, filereading, ingest, walk
from reader.corpus import load_corpus
from reader.fields import MAX_TOPICS
from reader.frontmatter import parse_bytes, parse_file
from reader.identity import article_id_for
from reader.model import ParseResult, Problem, Severity
from reader.textsafe import MAX_REASON_CHARS, clean_text
from reader.walk import discover

SKIPPED = "skipped"
LOADED = "loaded"
# Everything a terminal could act on: C0 but tab/newline, DEL, C1.
UNSAFE = {chr(code) for code in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]} - {"\n", "\t"}


def good_yaml(**fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Harbour pilots trial a new tide model",
        "excerpt": "An invented excerpt for the bad-input tests.",
        "publishedDateTime": "2026-05-04T10:00:00Z",
        "originalUrl": "https://tide-gazette.example/pilots",
        "heat": 40,
        "quality": 60,
        "provider": {"name": "Tide Gazette", "domain": "tide-gazette.example"},
        "topics": ["Shipping"],
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def article(**fields: Any) -> bytes:
    """A front-matter file from a mapping, through PyYAML (so the YAML itself is valid)."""
    dumped = yaml.safe_dump(good_yaml(**fields), allow_unicode=True, sort_keys=False)
    return ("---\n" + dumped + "---\n").encode("utf-8")


def raw(yaml_text: str, *, title: bool = True) -> bytes:
    """A file from literal YAML text, with a usable title line first unless told not to."""
    head = "title: Harbour pilots trial a new tide model\n" if title else ""
    return ("---\n" + head + yaml_text + "\n---\n").encode("utf-8")


def billion_laughs() -> bytes:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
        previous = name
    return raw("\n".join(lines))


def deep_block_nesting(levels: int) -> bytes:
    return raw(
        "".join("  " * level + f"k{level}:\n" for level in range(levels)) + "  " * levels + "v"
    )


@dataclass(frozen=True)
class Case:
    name: str
    content: bytes
    outcome: str  # SKIPPED (one ERROR) or LOADED (no ERROR)
    reason: str | None  # a fragment of the ERROR/WARNING reason; None: loads without problems


CASES: list[Case] = [
    # -- no usable front matter -------------------------------------------------
    Case("empty", b"", SKIPPED, "empty file"),
    Case("whitespace-only", b" \n\t\r\n  \n", SKIPPED, "empty file"),
    Case("no-front-matter", b"# Just markdown\n\nNo YAML here.\n", SKIPPED, "no front matter"),
    Case("unterminated", b"---\ntitle: Never closed\nheat: 3\n", SKIPPED, "not closed"),
    Case("only-opening-dashes", b"---", SKIPPED, "not closed"),
    Case("empty-front-matter", b"---\n---\nbody\n", SKIPPED, "front matter is empty"),
    Case("invalid-yaml", raw("topics: [AI, Robots\nheat: 3"), SKIPPED, "invalid YAML"),
    Case("yaml-is-a-list", b"---\n- title\n- heat\n---\n", SKIPPED, "is a list, not a mapping"),
    Case("yaml-is-a-scalar", b"---\njust a sentence\n---\n", SKIPPED, "is a string"),
    Case("yaml-is-a-number", b"---\n42\n---\n", SKIPPED, "is a number"),
    Case("unhashable-key", raw("? [a, b]\n: c"), SKIPPED, "invalid YAML"),
    # -- wrong types: loaded, the field ignored or coerced -------------------------
    Case("heat-is-a-word", article(heat="hot"), LOADED, "heat: expected a number"),
    Case("topics-is-a-string", article(topics="AI"), LOADED, "topics: expected a list"),
    Case("provider-is-a-string", article(provider="Reuters"), LOADED, "provider: expected"),
    Case("related-is-a-mapping", article(related={"title": "x"}), LOADED, "related: expected"),
    Case("images-is-a-number", article(images=3), LOADED, "images: expected a list"),
    Case("quality-is-nan", raw("quality: .nan"), LOADED, "quality: expected a number"),
    Case("heat-5000-digits", raw("heat: " + "9" * 5000), LOADED, "heat: expected a number"),
    Case("heat-out-of-range", raw("heat: 1e300"), LOADED, "heat: number out of range"),
    Case("published-is-maybe", raw("published: maybe"), LOADED, "published: expected true"),
    Case("published-is-string", raw('published: "no"'), LOADED, "published: expected true"),
    Case("topics-of-mappings", raw("topics:\n  - {a: 1}\n  - AI"), LOADED, "not text ignored"),
    Case("title-is-a-mapping", raw("title: {a: 1}", title=False), SKIPPED, "not usable text"),
    Case("title-is-binary", raw("title: !!binary aGVsbG8=", title=False), SKIPPED, "usable"),
    Case(
        "nulls-everywhere",
        raw("title:\nheat:\ntopics:\nprovider:\nrelated:", title=False),
        SKIPPED,
        "no title",
    ),
    Case(
        "nulls-except-title",
        raw(
            "heat:\nquality:\ntopics:\nprovider:\nrelated:\nimages:\npublishedDateTime:\n"
            "originalUrl:\nexcerpt:\npublished:"
        ),
        LOADED,
        None,
    ),
    # -- dates ------------------------------------------------------------------
    Case("date-us-format", raw("publishedDateTime: 10/06/2021"), LOADED, "not a date/time"),
    Case("date-in-words", raw("publishedDateTime: June 10th, 2021"), LOADED, "not a date/time"),
    Case(
        "date-impossible", raw("publishedDateTime: 2021-02-30T00:00:00Z"), LOADED, "not a date/time"
    ),
    Case("date-year-one", raw("publishedDateTime: 0001-01-01"), LOADED, "outside"),
    Case("date-is-a-list", raw("publishedDateTime: [2021]"), LOADED, "not a date/time"),
    # -- size -------------------------------------------------------------------
    Case(
        "ten-thousand-topics",
        article(topics=[f"topic {n}" for n in range(10_000)]),
        LOADED,
        f"only the first {MAX_TOPICS} kept",
    ),
    Case("100kb-title", article(title="T" * 100_000), LOADED, None),
    Case("topic-too-long", article(topics=["x" * 5000]), LOADED, None),
    Case(
        "many-related",
        article(related=[{"title": f"r{n}"} for n in range(1000)]),
        LOADED,
        "only the first",
    ),
    # -- encodings and bytes ----------------------------------------------------
    Case("nul-bytes", raw("excerpt: a\x00b"), SKIPPED, "binary file"),
    Case(
        "binary-garbage",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        SKIPPED,
        "binary file",
    ),
    Case("latin-1", "---\ntitle: Café crème\n---\n".encode("latin-1"), SKIPPED, "not UTF-8 text"),
    Case("cp1252-quotes", b"---\ntitle: \x93quoted\x94\n---\n", SKIPPED, "not UTF-8 text"),
    Case("utf-16-with-bom", "---\ntitle: Café\n---\n".encode("utf-16"), SKIPPED, "UTF-16"),
    Case("utf-16-no-bom", "---\ntitle: Café\n---\n".encode("utf-16-le"), SKIPPED, "UTF-16"),
    Case("utf-16-be-no-bom", "---\ntitle: Café\n---\n".encode("utf-16-be"), SKIPPED, "UTF-16"),
    Case("utf-32", "---\ntitle: Café\n---\n".encode("utf-32"), SKIPPED, "UTF-32"),
    Case(
        "truncated-utf-8",
        "---\ntitle: Café\n---\n".encode()[:-7] + b"\xc3",
        SKIPPED,
        "not UTF-8 text",
    ),
    Case("utf-8-bom", b"\xef\xbb\xbf" + article(), LOADED, None),
    Case("crlf", article().replace(b"\n", b"\r\n") + b"Body\r\nline two\r\n", LOADED, None),
    Case("old-mac-cr", article().replace(b"\n", b"\r"), LOADED, None),
    Case("noncharacter", raw("excerpt: a\uffffb"), LOADED, None),
    # -- YAML features the archive never uses -----------------------------------
    Case("tab-indent", raw("topics:\n\t- AI"), SKIPPED, "tab is used for indentation"),
    Case("tabs-in-values", raw('excerpt: "one\ttwo"\ncategory: "a\tb"'), LOADED, None),
    Case("billion-laughs", billion_laughs(), SKIPPED, "YAML aliases"),
    Case("recursive-alias", raw("a: &a [*a]"), SKIPPED, "refers to itself"),
    Case("few-aliases-are-fine", raw("a: &p {name: X}\nprovider: *p"), LOADED, None),
    Case("deep-flow-nesting", raw("a: " + "[" * 100_000), SKIPPED, "invalid YAML"),
    Case("deep-block-nesting", deep_block_nesting(1_500), SKIPPED, "invalid YAML"),
    Case(
        "python-object-tag",
        raw("x: !!python/object:os.system echo"),
        SKIPPED,
        "unsupported YAML tag '!!python/object:os.system'",
    ),
    Case("python-name-tag", raw("x: !!python/name:os.system"), SKIPPED, "unsupported YAML tag"),
    Case("custom-tag", raw("x: !custom 1"), SKIPPED, "unsupported YAML tag '!custom'"),
    Case("duplicate-keys", raw("title: Second title wins"), LOADED, "duplicate key 'title'"),
    Case("two-documents", b"---\ntitle: A\n--- x\n---\n", SKIPPED, "invalid YAML"),
    # -- text that would act on the terminal: kept exactly, cleaned where drawn ----
    Case(
        "title-escapes",
        raw(
            'title: "[bold red]Hi[/] [link=https://evil.example]x\\e]52;c;ZXZpbA==\\a'
            '\\e[2J\\x9b31m\\x7f"',
            title=False,
        ),
        LOADED,
        None,
    ),
    Case(
        "raw-control-characters",
        "---\ntitle: A \x1b[2J B \x9b C \x07\n---\n".encode(),
        LOADED,
        None,
    ),
    Case(
        "escapes-in-provider-and-topics",
        raw('provider: {name: "Evil\\e[31m"}\ntopics: ["AI\\x1b]0;pwned\\x07"]'),
        LOADED,
        None,
    ),
]


def _assert_well_formed(result: ParseResult, path: str) -> None:
    """Invariants that hold for every file, good or bad."""
    assert all(isinstance(problem, Problem) for problem in result.problems)
    for problem in result.problems:
        assert problem.path == path
        assert problem.reason and "\n" not in problem.reason and "\r" not in problem.reason
        assert not UNSAFE & set(problem.reason), problem.reason
        assert len(problem.reason) <= MAX_REASON_CHARS
    errors = [p for p in result.problems if p.severity is Severity.ERROR]
    if result.detail is None:
        assert errors, "a skipped file must say why"
    else:
        assert not errors
        _assert_text_fields(result)


def _assert_text_fields(result: ParseResult) -> None:
    """Every text field is a str; the title is never blank (else the file is skipped)."""
    assert result.detail is not None
    summary = result.detail.article
    texts = [
        summary.title,
        summary.url,
        summary.provider.name,
        summary.provider.domain,
        *summary.topics,
        result.detail.excerpt,
        result.detail.category,
        result.detail.kind,
        result.detail.body,
        *(story.title for story in result.detail.related),
    ]
    assert all(type(text) is str for text in texts), texts
    assert summary.title.strip()


def _check_case(case: Case, result: ParseResult, path: str) -> None:
    _assert_well_formed(result, path)
    if case.outcome == SKIPPED:
        assert result.detail is None, f"{case.name} should have been skipped"
        wanted = [p for p in result.problems if p.severity is Severity.ERROR]
    else:
        assert result.detail is not None, f"{case.name} should load: {result.problems}"
        wanted = [p for p in result.problems if p.severity is Severity.WARNING]
        if case.reason is None:
            assert result.problems == [], f"{case.name} should load cleanly"
            return
    assert case.reason is not None
    assert any(case.reason in p.reason for p in wanted), (case.name, result.problems)


def test_the_catalogue_is_big_enough() -> None:
    assert len(CASES) >= 30
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_parse_bytes_never_raises_and_explains(case: Case) -> None:
    started = time.perf_counter()
    result = parse_bytes(case.content, f"/news/{case.name}.md")
    assert time.perf_counter() - started < 2.0, "hostile input must be cheap to reject"
    _check_case(case, result, f"/news/{case.name}.md")


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_parse_file_agrees_with_parse_bytes(case: Case, tmp_path: Path) -> None:
    path = tmp_path / f"{case.name}.md"
    path.write_bytes(case.content)
    _check_case(case, parse_file(str(path)), str(path))


# -- specific outcomes ------------------------------------------------------------


def _parse(content: bytes) -> ParseResult:
    result = parse_bytes(content, "/news/x.md")
    _assert_well_formed(result, "/news/x.md")
    return result


def test_wrong_types_keep_what_they_can() -> None:
    result = _parse(article(heat="hot", topics="AI", provider="Reuters", related={"a": 1}))
    assert result.detail is not None
    summary = result.detail.article
    assert summary.heat is None
    assert summary.topics == ("AI",)
    assert summary.provider.name == "Reuters"
    assert result.detail.related == ()
    assert {p.reason.split(":")[0] for p in result.problems} == {
        "heat",
        "topics",
        "provider",
        "related",
    }


def test_string_numbers_still_count() -> None:
    result = _parse(raw('heat: "72"\nquality: 41.6'))
    assert result.detail is not None
    assert (result.detail.article.heat, result.detail.article.quality) == (72, 42)


def test_duplicate_keys_last_one_wins_with_a_warning() -> None:
    result = _parse(raw("title: Second title wins\nheat: 1\nheat: 2"))
    assert result.detail is not None
    assert result.detail.article.title == "Second title wins"
    assert result.detail.article.heat == 2
    reasons = [p.reason for p in result.problems]
    assert any("duplicate key 'title' at line 3" in r for r in reasons), reasons
    assert any("duplicate key 'heat'" in r for r in reasons)


def test_topics_are_capped_but_titles_and_texts_kept_whole() -> None:
    title, excerpt, topic = "Word " * 30_000, "x" * 50_000, "y" * 5_000
    result = _parse(
        article(title=title, excerpt=excerpt, topics=[topic, *(f"t{n}" for n in range(10_000))])
    )
    assert result.detail is not None
    assert len(result.detail.article.topics) == MAX_TOPICS
    assert result.detail.article.topics[:2] == (topic, "t0")
    assert result.detail.article.title == title  # trailing space and all
    assert result.detail.excerpt == result.detail.article.excerpt == excerpt
    assert [p.reason.split(":")[0] for p in result.problems] == ["topics"]  # the cap only


def test_bom_crlf_and_cr_files_load_like_the_plain_one() -> None:
    plain = _parse(article())
    assert plain.detail is not None
    for variant in (
        b"\xef\xbb\xbf" + article(),
        article().replace(b"\n", b"\r\n"),
        article().replace(b"\n", b"\r"),
    ):
        result = _parse(variant)
        assert result.detail is not None
        assert result.detail.article.title == plain.detail.article.title
        assert result.detail.article.url == plain.detail.article.url
        assert result.detail.article.topics == plain.detail.article.topics


def test_body_is_exactly_what_follows_the_front_matter() -> None:
    crlf = _parse(article().replace(b"\n", b"\r\n") + b"Para one\r\n\r\nPara two\r\n")
    assert crlf.detail is not None
    assert crlf.detail.body == "Para one\r\n\r\nPara two\r\n"
    old_mac = _parse(article().replace(b"\n", b"\r") + b"\rOne\rTwo ")
    assert old_mac.detail is not None
    assert old_mac.detail.body == "\rOne\rTwo "
    plain = _parse(article() + b"\n  Indented \x1b[2J\n\n")
    assert plain.detail is not None
    assert plain.detail.body == "\n  Indented \x1b[2J\n\n"


def test_billion_laughs_is_refused_fast() -> None:
    started = time.perf_counter()
    result = _parse(billion_laughs())
    assert time.perf_counter() - started < 0.5
    assert result.detail is None
    assert "billion laughs" in result.problems[0].reason


def test_unknown_tags_never_construct_anything(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(os, "system", lambda command: calls.append(command) or 0)
    result = _parse(raw("x: !!python/object/apply:os.system ['echo hacked']"))
    assert result.detail is None
    assert calls == []


def test_date_odd_formats() -> None:
    cases = {
        "2021-06-10": "2021-06-10T00:00:00+00:00",
        "2021-06-10T18:29:00Z": "2021-06-10T18:29:00+00:00",
        "'2021-06-10T18:29:00+02:00'": "2021-06-10T18:29:00+02:00",
        "'2021-06-10 18:29'": "2021-06-10T18:29:00+00:00",
        "2021-06-10t18:29:00z": "2021-06-10T18:29:00+00:00",
    }
    for written, expected in cases.items():
        result = _parse(raw(f"publishedDateTime: {written}"))
        assert result.detail is not None
        published = result.detail.article.published_at
        assert published is not None and published.isoformat() == expected, written
    missing = _parse(raw("excerpt: no date at all"))
    assert missing.detail is not None and missing.detail.article.published_at is None
    assert missing.problems == []


def test_markup_and_escapes_are_kept_exactly_and_cleaned_only_for_display() -> None:
    result = _parse(
        raw(
            'title: "[bold red]Alert[/] [link=file:///etc/passwd]open[/link] '
            '\\e]52;c;ZXZpbA==\\a \\e[2J \\x9b31m end"',
            title=False,
        )
    )
    assert result.detail is not None
    title = result.detail.article.title
    assert title == (
        "[bold red]Alert[/] [link=file:///etc/passwd]open[/link] "
        "\x1b]52;c;ZXZpbA==\x07 \x1b[2J \x9b31m end"
    )
    assert result.problems == []
    shown = clean_text(title)
    assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
    assert "\ufffd]52;c;ZXZpbA==\ufffd" in shown  # replaced, visibly, not silently dropped


def test_raw_control_characters_in_the_file_are_kept_exactly() -> None:
    result = _parse("---\ntitle: A \x1b[2J B \x9b C \x07\nexcerpt: x\x85y\ufffez\n---\n".encode())
    assert result.detail is not None
    assert result.detail.article.title == "A \x1b[2J B \x9b C \x07"
    assert result.detail.excerpt == "x\x85y\ufffez"
    assert result.problems == []


def test_escapes_in_provider_and_topics_are_kept_exactly() -> None:
    result = _parse(raw('provider: {name: "Evil\\e[31m"}\ntopics: ["AI\\x1b]0;pwned\\x07"]'))
    assert result.detail is not None
    assert result.detail.article.provider.name == "Evil\x1b[31m"
    assert result.detail.article.topics == ("AI\x1b]0;pwned\x07",)


def test_a_private_use_character_in_the_file_is_not_mistaken_for_a_stand_in() -> None:
    # Control characters are swapped for private-use stand-ins while libyaml reads them.
    text = 'title: "\ue000 \x01 \\ue001 \x02"\nexcerpt: "\\U0000e002 \x03"'
    result = _parse(raw(text, title=False))
    assert result.detail is not None
    assert result.detail.article.title == "\ue000 \x01 \ue001 \x02"
    assert result.detail.excerpt == "\ue002 \x03"


def test_clean_text_replaces_every_control_character() -> None:
    for code in range(0x00, 0xA0):
        char = chr(code)
        cleaned = clean_text(f"a{char}b")
        if char in "\n\t":
            assert cleaned == f"a{char}b"
        elif char == "\r":
            assert cleaned == "a\nb"  # a line break, normalised
        elif char in UNSAFE:
            assert cleaned == "a\ufffdb", hex(code)
        else:
            assert cleaned == f"a{char}b", hex(code)
    assert clean_text("x\ud800y") == "x\ufffdy"  # lone surrogates can't be printed either


def test_clean_text_keeps_ordinary_unicode() -> None:
    text = "Café\u00a0— 介護ロボット\u3000夜間 👩\u200d💻 \u00ad ok"
    assert clean_text(text) == text


def test_titles_keep_their_spaces_and_line_breaks() -> None:
    result = _parse(raw('title: "介護ロボット\u3000夜間\\nsecond  line\\u2028third "', title=False))
    assert result.detail is not None
    assert result.detail.article.title == "介護ロボット\u3000夜間\nsecond  line\u2028third "


def test_urls_with_control_characters_do_not_break_identity() -> None:
    result = _parse(raw('originalUrl: "https://evil.example/\\e[2Jpath"'))
    assert result.detail is not None
    assert result.detail.article.url == "https://evil.example/\x1b[2Jpath"
    assert result.detail.article.id == article_id_for(result.detail.article.url, b"")


# -- the file system --------------------------------------------------------------


def _problems_for(problems: list[Problem], path: Path) -> list[Problem]:
    return [p for p in problems if p.path == str(path)]


def test_fifo_named_md_is_skipped_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    started = time.perf_counter()
    direct = parse_file(str(fifo))
    loaded = load_corpus([str(tmp_path)])
    explicit = load_corpus([str(fifo)])
    assert time.perf_counter() - started < 2.0
    assert direct.detail is None and "not a regular file" in direct.problems[0].reason
    assert [p.reason for p in _problems_for(loaded.problems, fifo)] == [
        "not a regular file (a pipe, socket or device)"
    ]
    assert "not a regular file" in _problems_for(explicit.problems, fifo)[0].reason


def test_symlink_loops_and_broken_links_are_named(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_bytes(article())
    (tmp_path / "self.md").symlink_to(tmp_path / "self.md")
    (tmp_path / "ping.md").symlink_to(tmp_path / "pong.md")
    (tmp_path / "pong.md").symlink_to(tmp_path / "ping.md")
    (tmp_path / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path)  # a folder loop
    loaded = load_corpus([str(tmp_path)])
    assert len(loaded.articles) == 1
    reasons = {Path(p.path).name: p.reason for p in loaded.problems}
    assert reasons == {
        "self.md": "symlink loop",
        "ping.md": "symlink loop",
        "pong.md": "symlink loop",
        "dangling.md": "broken symlink (its target does not exist)",
    }
    explicit = load_corpus([str(tmp_path / "self.md"), str(tmp_path / "dangling.md")])
    assert [p.reason for p in explicit.problems] == [
        "symlink loop",
        "broken symlink (its target does not exist)",
    ]
    assert parse_file(str(tmp_path / "self.md")).problems[0].reason == "symlink loop"


def test_directories_named_md_are_searched_like_folders(tmp_path: Path) -> None:
    folder = tmp_path / "looks-like-a-file.md"
    folder.mkdir()
    (folder / "inner.md").write_bytes(article())
    loaded = load_corpus([str(tmp_path)])
    assert [Path(a.path).name for a in loaded.articles.values()] == ["inner.md"]
    assert loaded.problems == []
    direct = parse_file(str(folder))
    assert direct.detail is None and direct.problems[0].reason == "is a directory, not a file"


def test_file_deleted_between_listing_and_reading(tmp_path: Path) -> None:
    for name in ("a.md", "b.md", "c.md"):
        (tmp_path / name).write_bytes(article(originalUrl=f"https://x.example/{name}"))
    problems: list[Problem] = []
    files = list(discover([str(tmp_path)], problems))
    (tmp_path / "b.md").unlink()
    results = [parse_file(file) for file in files]
    assert [r.detail is not None for r in results] == [True, False, True]
    assert results[1].problems == [
        Problem(str(tmp_path / "b.md"), "file disappeared before it could be read")
    ]


def test_file_deleted_during_load_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_bytes(article(originalUrl=f"https://x.example/{name}"))
    real_parse_file = ingest.parse_file

    def parse_after_deleting(path: str, **options: bool) -> ParseResult:
        if path.endswith("b.md"):
            os.unlink(path)
        return real_parse_file(path, **options)

    monkeypatch.setattr(ingest, "parse_file", parse_after_deleting)
    loaded = load_corpus([str(tmp_path)])
    assert len(loaded.articles) == 1
    assert [p.reason for p in loaded.problems] == ["file disappeared before it could be read"]


def _deny(monkeypatch: pytest.MonkeyPatch, denied: Path) -> None:
    """Make opening `denied` fail as it would for a non-root user after chmod 000."""
    real_open = os.open

    def guarded_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if os.fspath(path) == str(denied):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(filereading.os, "open", guarded_open)


def test_unreadable_file_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root, where chmod 000 stops nothing: the refusal is simulated.
    (tmp_path / "ok.md").write_bytes(article(originalUrl="https://x.example/ok"))
    secret = tmp_path / "secret.md"
    secret.write_bytes(article(originalUrl="https://x.example/secret"))
    _deny(monkeypatch, secret)
    loaded = load_corpus([str(tmp_path)])
    assert len(loaded.articles) == 1
    assert loaded.problems == [Problem(str(secret), "permission denied")]


def test_unlistable_folder_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ok.md").write_bytes(article())
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "hidden.md").write_bytes(article(originalUrl="https://x.example/hidden"))
    real_scandir = os.scandir

    def guarded_scandir(path: Any = ".") -> Any:
        if os.fspath(path) == str(locked):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(walk.os, "scandir", guarded_scandir)
    loaded = load_corpus([str(tmp_path)])
    assert len(loaded.articles) == 1
    assert loaded.problems == [Problem(str(locked), "cannot list folder: Permission denied")]


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="running as root: chmod 000 does not stop root (simulated in the tests above)",
)
def test_really_unreadable_file(tmp_path: Path) -> None:  # pragma: no cover - non-root only
    secret = tmp_path / "secret.md"
    secret.write_bytes(article())
    secret.chmod(0)
    try:
        assert parse_file(str(secret)).problems == [Problem(str(secret), "permission denied")]
    finally:
        secret.chmod(0o644)


def test_50_mb_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "huge.md"
    with open(big, "wb") as handle:
        handle.write(article())
        handle.write(b"x" * (50 * 1024 * 1024))
    started = time.perf_counter()
    result = parse_file(str(big))
    assert time.perf_counter() - started < 0.5
    assert result.detail is None
    assert result.problems[0].reason.startswith("too large (50.0 MB")


def test_very_deep_folder_tree_does_not_hit_the_recursion_limit(tmp_path: Path) -> None:
    levels = sys.getrecursionlimit() + 100
    folder = tmp_path
    for _ in range(levels):
        folder = folder / "d"
        folder.mkdir()
    (folder / "deep.md").write_bytes(article())
    try:
        loaded = load_corpus([str(tmp_path)])
        assert len(loaded.articles) == 1, loaded.problems[:3]
    finally:
        _remove_chain(tmp_path, levels)


def _remove_chain(root: Path, levels: int) -> None:
    """Remove root/d/d/.../d bottom-up: shutil.rmtree (and pytest's cleanup) recurse."""
    chain = [root / os.path.join(*["d"] * depth) for depth in range(1, levels + 1)]
    (chain[-1] / "deep.md").unlink()
    for folder in reversed(chain):
        folder.rmdir()


def test_missing_path_is_named(tmp_path: Path) -> None:
    loaded = load_corpus([str(tmp_path / "not-there")])
    assert loaded.problems == [Problem(str(tmp_path / "not-there"), "no such file or folder")]


# -- everything at once -------------------------------------------------------------


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Iterator[tuple[Path, list[Path]]]:
    folder = tmp_path / "news"
    folder.mkdir()
    good: list[Path] = []
    for index in range(12):
        path = folder / f"good-{index:02}.md"
        path.write_bytes(
            article(title=f"Good story {index}", originalUrl=f"https://good.example/{index}")
        )
        good.append(path)
    nested = folder / "nested" / "deeper.md"
    nested.mkdir(parents=True)  # a folder named *.md, holding a good file
    good_nested = nested / "good-nested.md"
    good_nested.write_bytes(article(title="Nested", originalUrl="https://good.example/nested"))
    good.append(good_nested)
    for case in CASES:
        # Every bad file gets its own URL so the loaded ones don't collide as duplicates.
        content = case.content.replace(
            b"https://tide-gazette.example/pilots", f"https://bad.example/{case.name}".encode()
        )
        (folder / f"bad-{case.name}.md").write_bytes(content)
    with open(folder / "bad-huge.md", "wb") as handle:
        handle.write(article(originalUrl="https://bad.example/huge"))
        handle.truncate(50 * 1024 * 1024)
    os.mkfifo(folder / "bad-pipe.md")
    (folder / "bad-loop.md").symlink_to(folder / "bad-loop.md")
    (folder / "bad-dangling.md").symlink_to(folder / "gone.md")
    (folder / "\x1b[2Jbad-name.md").write_bytes(b"no front matter")
    yield folder, good


def test_a_corpus_of_every_bad_file_still_loads_every_good_one(
    mixed_folder: tuple[Path, list[Path]],
) -> None:
    folder, good = mixed_folder
    started = time.perf_counter()
    loaded = load_corpus([str(folder)])
    assert time.perf_counter() - started < 10
    loaded_paths = {a.path for a in loaded.articles.values()}
    assert {str(path) for path in good} <= loaded_paths
    by_path: dict[str, list[Problem]] = {}
    for problem in loaded.problems:
        by_path.setdefault(problem.path, []).append(problem)
        assert "\n" not in problem.reason and not UNSAFE & set(problem.reason)
    for case in CASES:
        path = str(folder / f"bad-{case.name}.md")
        if case.outcome == SKIPPED:
            assert path not in loaded_paths, case.name
            assert any(p.severity is Severity.ERROR for p in by_path.get(path, [])), case.name
        else:
            assert path in loaded_paths, (case.name, by_path.get(path))
    for name in ("bad-huge.md", "bad-pipe.md", "bad-loop.md", "bad-dangling.md"):
        assert by_path.get(str(folder / name)), name


def test_reader_check_output_is_terminal_safe(
    mixed_folder: tuple[Path, list[Path]], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, good = mixed_folder
    assert cli.main(["check", str(folder)]) == 1
    out, err = capsys.readouterr()
    assert "\x1b" not in out and "\x1b" not in err
    assert not UNSAFE & set(out)
    assert "bad-name.md: no front matter" in out
    assert f"{len(good) + sum(c.outcome == LOADED for c in CASES)} articles loaded" in err
