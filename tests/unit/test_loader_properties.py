"""Property-based tests of the loader: nothing raises, and valid articles round-trip."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.fields import URL_FIELDS
from reader.frontmatter import parse_bytes
from reader.identity import article_id_for, canonical_url
from reader.model import ParseResult, Severity
from reader.textsafe import clean_text

# Modest, and no example database written into the work tree.
PROPERTY_SETTINGS = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
PATH = "/news/generated.md"
UNSAFE = {chr(code) for code in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]} - {"\n", "\t"}
FIELD_NAMES = (
    "title",
    "excerpt",
    "heat",
    "quality",
    "topics",
    "provider",
    "related",
    "images",
    "published",
    "publishedDateTime",
    "category",
    "type",
    *URL_FIELDS,
)


def dump_yaml(data: dict[str, Any]) -> str:
    # libyaml's emitter: the pure-Python one would dominate the run time.
    return yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)


def assert_invariants(result: ParseResult) -> None:
    errors = [p for p in result.problems if p.severity is Severity.ERROR]
    assert (result.detail is None) == bool(errors)
    for problem in result.problems:
        assert problem.path == PATH
        assert problem.reason and "\n" not in problem.reason
        assert not UNSAFE & set(problem.reason)
    if result.detail is not None:
        summary = result.detail.article
        assert summary.title.strip()  # kept exactly, but never blank
        texts = (summary.title, summary.url, summary.provider.name, *summary.topics)
        assert all(type(text) is str for text in texts)
        assert type(result.detail.excerpt) is str and type(result.detail.body) is str
        assert len(summary.id) == 16 and int(summary.id, 16) >= 0


# -- nothing raises -----------------------------------------------------------------


@PROPERTY_SETTINGS
@given(st.binary(max_size=2048))
def test_arbitrary_bytes_never_raise(content: bytes) -> None:
    assert_invariants(parse_bytes(content, PATH))


@PROPERTY_SETTINGS
@given(st.binary(max_size=1024))
def test_arbitrary_bytes_inside_front_matter_never_raise(content: bytes) -> None:
    assert_invariants(parse_bytes(b"---\n" + content + b"\n---\n", PATH))


@PROPERTY_SETTINGS
@given(st.text(max_size=1024))
def test_arbitrary_text_front_matter_never_raises(text: str) -> None:
    assert_invariants(parse_bytes(("---\n" + text + "\n---\n").encode("utf-8"), PATH))


# Text made of YAML's own punctuation finds parser corners faster than random letters.
YAML_TOKENS = [*":-[]{}&*!|>'\"#%@`,?\n \t\\", "title", "a", "1", "\x1b", "&a", "*a", "!!"]
yaml_ish_text = st.lists(st.sampled_from(YAML_TOKENS), max_size=80).map("".join)


@PROPERTY_SETTINGS
@given(yaml_ish_text)
def test_yaml_punctuation_soup_never_raises(text: str) -> None:
    assert_invariants(parse_bytes(("---\ntitle: x\n" + text + "\n---\n").encode("utf-8"), PATH))


scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=50)
    | st.datetimes(timezones=st.none() | st.just(timezone.utc))
    | st.dates()
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=30,
)
front_matter_mappings = st.dictionaries(
    st.sampled_from(FIELD_NAMES) | st.text(max_size=12), values, max_size=len(FIELD_NAMES)
)


@PROPERTY_SETTINGS
@given(front_matter_mappings)
def test_any_mapping_of_any_types_never_raises(data: dict[str, Any]) -> None:
    dumped = dump_yaml(data)
    assert_invariants(parse_bytes(("---\n" + dumped + "---\n").encode("utf-8"), PATH))


@PROPERTY_SETTINGS
@given(st.text(max_size=200))
def test_url_identity_never_raises(url: str) -> None:
    assert len(article_id_for(url, b"")) == 16
    canonical_url(url)


@PROPERTY_SETTINGS
@given(st.text(max_size=300))
def test_clean_text_leaves_nothing_a_terminal_acts_on(text: str) -> None:
    cleaned = clean_text(text)
    assert not UNSAFE & set(cleaned)
    assert "\x1b" not in cleaned
    if not UNSAFE & set(text) and not {"\u2028", "\u2029"} & set(text):
        assert cleaned == text


# -- valid articles round-trip ----------------------------------------------------

# Printable text: no controls, surrogates (not encodable) or line/paragraph separators.
plain_chars = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))
# Words may hold typographic spaces (U+3000, no-break space): titles keep those inside.
word = st.text(alphabet=plain_chars, min_size=1, max_size=12).filter(
    lambda text: text == text.strip() and " " not in text and "\t" not in text
)


def one_line_text(max_words: int) -> st.SearchStrategy[str]:
    """Text already in the loader's one-line form: words separated by single spaces."""
    return st.lists(word, min_size=1, max_size=max_words).map(" ".join)


hosts = st.from_regex(r"[a-z][a-z0-9-]{0,15}\.(example|test|org)", fullmatch=True)
url_paths = st.lists(st.from_regex(r"[A-Za-z0-9._~-]{1,12}", fullmatch=True), max_size=4)
urls = st.builds(
    lambda scheme, host, parts: f"{scheme}://{host}/" + "/".join(parts),
    st.sampled_from(["http", "https"]),
    hosts,
    url_paths,
)
zones = st.sampled_from(
    [timezone.utc, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8))]
)
moments = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2100, 12, 31), timezones=zones
)


@st.composite
def valid_articles(draw: st.DrawFn) -> dict[str, Any]:
    data: dict[str, Any] = {"title": draw(one_line_text(12))}
    if draw(st.booleans()):
        data["heat"] = draw(st.integers(0, 100_000))
    if draw(st.booleans()):
        data["quality"] = draw(st.integers(-1000, 1000))
    data["topics"] = draw(st.lists(one_line_text(4), max_size=8, unique=True))
    if draw(st.booleans()):
        data["provider"] = {"name": draw(one_line_text(4)), "domain": draw(hosts)}
    for key in URL_FIELDS:
        if draw(st.booleans()):
            data[key] = draw(urls)
    if draw(st.booleans()):
        moment = draw(moments)
        # Both ways the archive writes dates: a YAML timestamp, or an ISO string.
        data["publishedDateTime"] = moment if draw(st.booleans()) else moment.isoformat()
    if draw(st.booleans()):
        data["published"] = draw(st.booleans())
    if draw(st.booleans()):
        data["excerpt"] = draw(st.text(alphabet=plain_chars, max_size=300))
    return data


@PROPERTY_SETTINGS
@given(valid_articles(), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_valid_articles_round_trip(data: dict[str, Any], newline: str, bom: bool) -> None:
    text = "---\n" + dump_yaml(data) + "---\n"
    content = ("\ufeff" if bom else "") + text.replace("\n", newline)
    result = parse_bytes(content.encode("utf-8"), PATH)
    assert result.problems == []
    assert result.detail is not None
    summary = result.detail.article
    assert summary.title == data["title"]
    assert summary.heat == data.get("heat")
    assert summary.quality == data.get("quality")
    assert summary.topics == tuple(data["topics"])
    provider = data.get("provider", {})
    assert (summary.provider.name, summary.provider.domain) == (
        provider.get("name", ""),
        provider.get("domain", ""),
    )
    assert summary.published == data.get("published", True)
    written = data.get("publishedDateTime")
    if isinstance(written, str):
        written = datetime.fromisoformat(written)
    assert summary.published_at == written
    assert result.detail.urls == tuple((key, data[key]) for key in URL_FIELDS if key in data)
    url = data.get("originalUrl") or data.get("webUrl") or ""
    assert summary.url == url
    if url:
        assert summary.id == article_id_for(url, b"")
    assert result.detail.excerpt == data.get("excerpt", "")


@PROPERTY_SETTINGS
@given(urls, st.sampled_from(["", "#section", "#"]), st.booleans(), st.booleans())
def test_equivalent_urls_share_an_id(url: str, fragment: str, upper: bool, port: bool) -> None:
    scheme, rest = url.split("://", 1)
    host, _, path = rest.partition("/")
    if port:
        host += ":443" if scheme == "https" else ":80"
    variant = f"{scheme.upper() if upper else scheme}://{host.upper() if upper else host}/{path}"
    assert article_id_for(variant + fragment, b"") == article_id_for(url, b"")
    assert canonical_url(canonical_url(variant)) == canonical_url(variant)


# Any text at all (control characters, line breaks, odd spaces), as long as it isn't blank.
any_text = st.text(max_size=80).filter(lambda text: bool(text.strip()))


@PROPERTY_SETTINGS
@given(
    any_text,
    st.text(max_size=200),
    st.lists(any_text, max_size=5, unique=True),
    any_text,
    st.text(max_size=40),
    any_text,
)
def test_text_fields_are_kept_exactly(
    title: str, excerpt: str, topics: list[str], name: str, category: str, related: str
) -> None:
    data = {
        "title": title,
        "excerpt": excerpt,
        "topics": topics,
        "provider": {"name": name, "domain": name},
        "category": category,
        "type": category,
        "related": [{"title": related, "excerpt": excerpt}],
    }
    result = parse_bytes(("---\n" + dump_yaml(data) + "---\n").encode("utf-8"), PATH)
    assert result.problems == []
    assert result.detail is not None
    summary = result.detail.article
    assert (summary.title, summary.excerpt, summary.topics) == (title, excerpt, tuple(topics))
    assert (summary.provider.name, summary.provider.domain) == (name, name)
    assert (result.detail.category, result.detail.kind) == (category, category)
    assert [(r.title, r.excerpt) for r in result.detail.related] == [(related, excerpt)]
