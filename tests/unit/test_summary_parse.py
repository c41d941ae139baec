"""Ingest counts related stories without building them: it must change nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.make_corpus import generate
from reader.frontmatter import parse_bytes
from tests.conftest import REAL_CORPUS
from tests.factories import article_text

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def same_summary(content: bytes, path: str = "x.md") -> None:
    full = parse_bytes(content, path)
    quick = parse_bytes(content, path, summary=True)
    assert quick.problems == full.problems
    if full.detail is None:
        assert quick.detail is None
    else:
        assert quick.detail is not None
        assert quick.detail.article == full.detail.article


def test_real_seed_and_generated_files(tmp_path: Path) -> None:
    generate(200, tmp_path, seed=11, bad=20)
    files = [*SEEDS.glob("*.md"), *(tmp_path / "_news").glob("*.md")]
    if REAL_CORPUS.is_dir():
        files += REAL_CORPUS.glob("*.md")
    assert len(files) > 250
    for file in files:
        same_summary(file.read_bytes(), str(file))


ODD_VALUES = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.booleans(),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.sampled_from(["name", "domain", "x"]), st.text(max_size=8), max_size=3),
    st.sampled_from(["2021-06-10T18:29:00Z", "1066-01-01", "soon", "\x1b[2J", "a" * 2000]),
)
RELATED_KEYS = [
    "title",
    "webUrl",
    "originalUrl",
    "excerpt",
    "publishedDateTime",
    "provider",
    "quality",
    "images",
    "type",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.none(),
        st.text(max_size=10),
        st.lists(
            st.one_of(
                st.dictionaries(st.sampled_from(RELATED_KEYS), ODD_VALUES, max_size=9),
                ODD_VALUES,
            ),
            max_size=4,
        ),
    )
)
def test_any_related_value(related: object) -> None:
    try:
        text = article_text(title="A title", related=related)
    except Exception:  # yaml can't write some of hypothesis' values: not our concern
        return
    same_summary(text.encode("utf-8"))


@pytest.mark.parametrize("count", [0, 100, 101])
def test_related_list_length_limits(count: int) -> None:
    items = [{"title": f"Story {i}", "webUrl": f"https://x.example/{i}"} for i in range(count)]
    same_summary(article_text(title="Many", related=items).encode("utf-8"))
