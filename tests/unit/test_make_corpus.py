"""The synthetic benchmark corpus (bench/make_corpus.py): deterministic, parseable, varied."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bench.make_corpus import BAD_KINDS, generate, main

pytestmark = pytest.mark.bench  # the bench's own code: a CI step of its own (.ci/run)

N = 300
SEED = 11
FILE_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.md$")
STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00Z$")


def _read_all(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def _front_matter(raw: bytes) -> Any:
    """The parsed front matter of one file; raises on anything that is not an article."""
    text = raw.decode("utf-8")
    if not text.startswith("---\n"):
        raise ValueError("no front matter")
    end = text.index("\n---\n", 3)
    return yaml.load(text[4 : end + 1], Loader=yaml.CSafeLoader)


def _is_article(raw: bytes) -> bool:
    try:
        data = _front_matter(raw)
    except (ValueError, UnicodeDecodeError, yaml.YAMLError):
        return False
    return isinstance(data, dict) and isinstance(data.get("title"), str)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("corpus")
    stats = generate(N, out, seed=SEED)
    assert stats.articles == N
    return _read_all(out / "_news")


@pytest.fixture(scope="module")
def articles(corpus: dict[str, bytes]) -> dict[str, dict[str, Any]]:
    return {name: _front_matter(raw) for name, raw in corpus.items()}


def test_same_seed_gives_identical_bytes(tmp_path: Path, corpus: dict[str, bytes]) -> None:
    generate(N, tmp_path, seed=SEED)
    assert _read_all(tmp_path / "_news") == corpus


def test_different_seed_differs(tmp_path: Path, corpus: dict[str, bytes]) -> None:
    generate(N, tmp_path, seed=SEED + 1)
    other = _read_all(tmp_path / "_news")
    assert len(other) == N
    assert other != corpus
    assert set(other.values()).isdisjoint(corpus.values())


def test_one_flat_folder_of_dated_unique_names(corpus: dict[str, bytes]) -> None:
    assert len(corpus) == N
    for name in corpus:
        assert FILE_NAME.match(name), name


def test_every_file_is_a_mapping_with_a_str_title(articles: dict[str, dict[str, Any]]) -> None:
    for name, data in articles.items():
        assert isinstance(data, dict), name
        assert isinstance(data["title"], str) and data["title"], name
        assert isinstance(data["excerpt"], str), name
        assert data["category"] == "news" and data["type"] == "article"
        assert isinstance(data["provider"]["name"], str) and data["provider"]["domain"]
        assert 1 <= len(data["topics"]) <= 4
        assert isinstance(data["secured"], str) and ";" in data["secured"]
        assert name.startswith(data["publishedDateTime"].strftime("%Y-%m-%d"))


def test_field_order_follows_the_reference(corpus: dict[str, bytes]) -> None:
    reference = [
        "category", "title", "excerpt", "publishedDateTime", "originalUrl", "webUrl",
        "ampWebUrl", "cdnAmpWebUrl", "type", "quality", "heat", "published", "provider",
        "topics", "images", "related", "secured",
    ]  # fmt: skip
    for name, raw in corpus.items():
        keys = re.findall(r"^([A-Za-z]+):", raw.decode("utf-8"), re.MULTILINE)
        positions = [reference.index(key) for key in keys]
        assert positions == sorted(positions), name


def test_field_mix_is_present(
    corpus: dict[str, bytes], articles: dict[str, dict[str, Any]]
) -> None:
    datas = list(articles.values())
    texts = [raw.decode("utf-8") for raw in corpus.values()]
    heat = [d.get("heat") for d in datas]
    assert any(h is None for h in heat)
    assert -1 in heat
    assert any(isinstance(h, int) and 0 <= h <= 100 for h in heat)
    assert all(h is None or h == -1 or 0 <= h <= 100 for h in heat)
    published = [d.get("published", "missing") for d in datas]
    assert {False, True, "missing"} <= set(published)
    assert any("quality" in d for d in datas) and any("quality" not in d for d in datas)
    assert all(0 <= d["quality"] <= 100 for d in datas if "quality" in d)
    assert any("ampWebUrl" in d for d in datas) and any("cdnAmpWebUrl" in d for d in datas)
    assert any("images" in d for d in datas) and any("images" not in d for d in datas)
    assert any("images" in d["provider"] for d in datas)
    assert any(re.search(r"^webUrl: https://", t, re.MULTILINE) for t in texts)  # unquoted
    assert any(re.search(r'^webUrl: "https://', t, re.MULTILINE) for t in texts)
    assert all(STAMP.match(re.search(r"^publishedDateTime: (.*)$", t, re.M)[1]) for t in texts)
    topics = [topic for d in datas for topic in d["topics"]]
    assert topics.count("AI") > N // 2
    assert len(set(topics)) > 20
    titles = [d["title"] for d in datas]
    assert any('"' in t for t in titles) and any(":" in t for t in titles)
    assert any("'" in t for t in titles)
    assert any(re.search("[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]", t) for t in titles)
    assert any(re.search("[À-ÿ]", t) for t in titles)


def test_related_items_some_pointing_at_other_articles(
    articles: dict[str, dict[str, Any]],
) -> None:
    by_url = {d["webUrl"]: d for d in articles.values()}
    items = [(d, item) for d in articles.values() for item in d.get("related", ())]
    assert items
    assert all(1 <= len(d["related"]) <= 4 for d in articles.values() if "related" in d)
    linked = [(d, item) for d, item in items if item["webUrl"] in by_url]
    assert 0.05 < len(linked) / len(items) < 0.5
    for d, item in linked:
        target = by_url[item["webUrl"]]
        assert target is not d
        assert item["title"] == target["title"]
        assert item["provider"]["domain"] == target["provider"]["domain"]
    for _, item in items:
        assert set(item) >= {"title", "excerpt", "publishedDateTime", "webUrl", "type", "provider"}


def test_urls_are_unique(articles: dict[str, dict[str, Any]]) -> None:
    datas = list(articles.values())
    web = [d["webUrl"] for d in datas]
    assert len(set(web)) == len(web)
    original = [d["originalUrl"] for d in datas if "originalUrl" in d]
    assert len(set(original)) == len(original)


def test_mean_size_is_like_the_archive(corpus: dict[str, bytes]) -> None:
    mean = sum(len(raw) for raw in corpus.values()) / len(corpus)
    assert 2048 <= mean <= 5120


def test_cli_writes_bad_files_that_are_not_articles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = 2 * len(BAD_KINDS)
    assert main(["40", str(tmp_path), "--seed", "3", "--bad", str(bad)]) == 0
    summary = capsys.readouterr().out.strip()
    assert "\n" not in summary
    assert f"{40 + bad:,} files" in summary and "MB" in summary and "KB" in summary
    files = _read_all(tmp_path / "_news")
    assert len(files) == 40 + bad
    broken = {name: raw for name, raw in files.items() if "-bad-" in name}
    assert len(broken) == bad
    assert {name.split("-bad-")[1].rsplit("-", 1)[0] for name in broken} == set(BAD_KINDS)
    assert b"" in broken.values()  # empty
    assert any(not raw.lstrip().startswith(b"---") for raw in broken.values())
    for name, raw in broken.items():
        assert not _is_article(raw), name
    assert all(_is_article(raw) for name, raw in files.items() if name not in broken)


def test_clean_removes_previous_files(tmp_path: Path) -> None:
    generate(20, tmp_path, seed=1)
    generate(10, tmp_path, seed=2, clean=True)
    assert len(list((tmp_path / "_news").iterdir())) == 10


def test_zero_articles_with_bad_files(tmp_path: Path) -> None:
    stats = generate(0, tmp_path, bad=3)
    assert (stats.articles, stats.bad) == (0, 3)
    assert len(list((tmp_path / "_news").iterdir())) == 3


def test_stories_are_told_again_by_other_outlets(tmp_path: Path) -> None:
    """Some articles retell one of the days before in other words (so the stories bench
    measures grouping that finds something), and the generator says which version it is."""
    from bench.make_corpus import is_current
    from reader.stories import StoryInput, group
    from reader.storyterms import fingerprint

    generate(2000, tmp_path, seed=SEED)
    assert is_current(tmp_path)
    items = []
    for path in sorted((tmp_path / "_news").iterdir()):
        data = _front_matter(path.read_bytes())
        when = data["publishedDateTime"]
        items.append(
            StoryInput(path.name, fingerprint(data["title"], data["excerpt"]), when.timestamp())
        )
    stories = group(items)
    assert len(stories) >= 20  # articles sharing a story with another
    assert not is_current(tmp_path / "elsewhere")
