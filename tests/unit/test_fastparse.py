"""reader.fastparse.fast_load never disagrees with libyaml, and takes every real file.

The one property everywhere: when fast_load returns a mapping, it is exactly (types
included: True is not 1, a date is not a datetime) what yaml.load(text, CSafeLoader)
returns; when it can't be sure it returns None, and libyaml decides.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reader.fastparse import MAX_DEPTH, clear_caches, fast_load

REPO = Path(__file__).resolve().parents[2]
REAL_CORPUS = REPO.parent / "shared" / "corpus-real"
SEED_FORMAT = REPO.parent / "shared" / "seed-format"
SEEDS = REPO / "seeds"

# Modest, and no example database written into the work tree.
PROPERTY_SETTINGS = settings(
    max_examples=400,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def libyaml_load(text: str) -> Any:
    return yaml.load(text, Loader=_Loader)


def assert_same(fast: Any, expected: Any, where: str = "$") -> None:
    """Equal and of the very same types, all the way down (True == 1 and date == date-ish
    comparisons in Python would hide a wrong type)."""
    assert type(fast) is type(expected), f"{where}: {fast!r} is not {expected!r}"
    if isinstance(fast, dict):
        assert list(fast) == list(expected), f"{where}: keys {list(fast)} != {list(expected)}"
        for key in fast:
            assert_same(fast[key], expected[key], f"{where}.{key}")
    elif isinstance(fast, list):
        assert len(fast) == len(expected), f"{where}: {len(fast)} items != {len(expected)}"
        for index, (mine, theirs) in enumerate(zip(fast, expected, strict=True)):
            assert_same(mine, theirs, f"{where}[{index}]")
    else:
        assert fast == expected, f"{where}: {fast!r} != {expected!r}"
        if isinstance(fast, datetime):
            assert fast.tzinfo == expected.tzinfo, f"{where}: {fast!r} != {expected!r}"


def assert_agrees(text: str) -> dict[str, Any] | None:
    """fast_load(text), checked against libyaml when it is not None.

    Parsed twice, with empty caches and with what the first parse taught them: the caches
    may change the path through the code, never the result.
    """
    clear_caches()
    fast = fast_load(text)
    again = fast_load(text)
    assert (again is None) == (fast is None), "the caches changed the result"
    if fast is not None:
        assert_same(again, fast)
        try:
            expected = libyaml_load(text)
        except Exception as exc:
            pytest.fail(f"fast_load took a text libyaml refuses ({exc!r}): {text!r}")
        assert_same(fast, expected)
    return fast


def front_matter(path: Path) -> str:
    """The YAML between the opening `---` line and the next `---` line, as the caller does."""
    text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
    lines = text.split("\n")
    assert lines[0].rstrip() == "---", path
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    return "".join(line + "\n" for line in lines[1:end])


def corpus_files() -> list[Path]:
    return sorted(
        [*REAL_CORPUS.glob("*.md"), *SEED_FORMAT.glob("*.md"), *SEEDS.glob("*.md")],
    )


REAL_FRONTS = [front_matter(path) for path in corpus_files()]


# -- every real file: taken, and identical ----------------------------------------


@pytest.mark.parametrize("folder", [REAL_CORPUS, SEED_FORMAT, SEEDS], ids=lambda p: p.name)
def test_corpus_is_taken_and_identical(folder: Path) -> None:
    files = sorted(folder.glob("*.md"))
    if not files:
        pytest.skip(f"{folder} is missing or empty")
    not_taken = []
    for path in files:
        front = front_matter(path)
        fast = assert_agrees(front)
        if fast is None:
            not_taken.append(path.name)
            continue
        # The caller may also pass CRLF text, or keep a BOM.
        assert_same(fast_load(front.replace("\n", "\r\n")), fast, f"{path.name} (CRLF)")
        assert_same(fast_load("\ufeff" + front), fast, f"{path.name} (BOM)")
    assert not not_taken, f"the fast path falls back for: {not_taken}"


def test_real_corpus_is_all_there() -> None:
    if not REAL_CORPUS.is_dir():
        pytest.skip("no real corpus here")
    assert len(list(REAL_CORPUS.glob("*.md"))) >= 99


# -- tricky cases, one by one ------------------------------------------------------

FALLBACK = object()  # fast_load must return None: libyaml decides
UTC = timezone.utc

EXPLICIT_CASES: list[tuple[str, Any]] = [
    ("heat: -1\n", {"heat": -1}),
    ("heat: 0\n", {"heat": 0}),
    ("heat: -0\n", {"heat": 0}),
    ("heat: 123456789012345678\n", {"heat": 123456789012345678}),
    ("heat: 1234567890123456789012\n", FALLBACK),  # long: left to libyaml
    ("heat: 007\n", FALLBACK),  # octal to YAML 1.1
    ("heat: 0o17\n", {"heat": "0o17"}),  # not octal to YAML 1.1: text
    ("heat: 1_000\n", FALLBACK),
    ("heat: 0x10\n", FALLBACK),
    ("heat: +1\n", FALLBACK),
    ("heat: ١٢\n", {"heat": "١٢"}),  # isdigit(), but not a YAML int
    ("heat: ²\n", {"heat": "²"}),
    ("heat: 1e3\n", {"heat": "1e3"}),  # not a float to YAML 1.1 (no dot): text
    ("heat: 1.5\n", FALLBACK),  # a float
    ("heat: .inf\n", FALLBACK),
    ("title: yes\n", FALLBACK),
    ("title: Off\n", FALLBACK),
    ("title: y\n", {"title": "y"}),  # not a boolean to PyYAML
    ("published: true\n", {"published": True}),
    ("published: False\n", {"published": False}),
    ("published: TRUE\n", {"published": True}),
    ("published: tRUE\n", {"published": "tRUE"}),
    ("title: null\n", {"title": None}),
    ("title: Null\n", {"title": None}),
    ("title: ~\n", {"title": None}),
    ("title:\n", {"title": None}),
    ("title:\nheat: 3\n", {"title": None, "heat": 3}),
    ("title:   \nheat: 3\n", {"title": None, "heat": 3}),
    ("title: 12:30\n", FALLBACK),  # base 60 to YAML 1.1
    ("title: 1:2:3 go\n", {"title": "1:2:3 go"}),
    ('title: "a \\"q\\" b"\n', {"title": 'a "q" b'}),
    ('title: "back\\\\slash"\n', {"title": "back\\slash"}),
    ('title: "a\\\\"\n', {"title": "a\\"}),
    ('title: "tab\\there"\n', FALLBACK),  # other escapes: left to libyaml
    ('title: "\\u00e9"\n', FALLBACK),
    ('title: "not closed\n  on this line"\n', FALLBACK),
    ('title: "x" trailing\n', FALLBACK),
    ('title: ""\n', {"title": ""}),
    ("title: 'it''s'\n", {"title": "it's"}),
    ("title: ''\n", {"title": ""}),
    ("title: 'a \\ b'\n", {"title": "a \\ b"}),
    ("title: 'open\n", FALLBACK),
    ("title: a # comment\n", FALLBACK),
    ("# comment\ntitle: a\n", FALLBACK),
    ("title: a#b\n", {"title": "a#b"}),
    ("title: C# and F#\n", {"title": "C# and F#"}),
    ("key: value:with:colons\n", {"key": "value:with:colons"}),
    ("key: a: b\n", FALLBACK),  # libyaml: "mapping values are not allowed here"
    ("key: a:\n", FALLBACK),
    ("webUrl: https://x.com/a?b=1&c=2#frag\n", {"webUrl": "https://x.com/a?b=1&c=2#frag"}),
    ('title: it\'s "fine" [really] {ok}, yes\n', {"title": 'it\'s "fine" [really] {ok}, yes'}),
    ("title: 中文标题：测试 😀\n", {"title": "中文标题：测试 😀"}),
    ("title: trailing   \n", {"title": "trailing"}),
    ('title: "quoted"   \n', {"title": "quoted"}),
    ("title: 'quoted'  \n", {"title": "quoted"}),
    ("title:    spaced  out   \n", {"title": "spaced  out"}),
    ("title: nbsp\xa0\n", {"title": "nbsp\xa0"}),  # not a space to YAML
    ("a: 1\r\nb: two\r\n", {"a": 1, "b": "two"}),
    ("a: 1\rb: 2\n", FALLBACK),  # a lone CR is a line break too
    ("\ufeffa: 1\n", {"a": 1}),
    ("a: 1\n\ufeffb: 2\n", FALLBACK),
    ("a: 1\na: 2\n", FALLBACK),  # duplicate key
    ("a:\n  b: 1\n  b: 2\n", FALLBACK),
    ("topics:\n", {"topics": None}),
    ("topics:\n\ntitle: x\n", {"topics": None, "title": "x"}),
    ("topics: []\n", FALLBACK),
    ("provider: {name: x}\n", FALLBACK),
    ("topics:\n  - AI\n  - 2021\n  - 'yes'\n  - \"q\"\n", {"topics": ["AI", 2021, "yes", "q"]}),
    ("topics:\n- AI\n", FALLBACK),  # an "indentless" sequence: valid, not the archive's
    ("topics:\n    - AI\n", {"topics": ["AI"]}),
    ("topics:\n  - AI\n   - ML\n", FALLBACK),
    ("topics:\n  - AI\n    more\n", FALLBACK),  # multi-line plain scalar
    ("title: first\n  second\n", FALLBACK),
    ("title: |\n  block\n", FALLBACK),
    ("title: >\n  folded\n", FALLBACK),
    ("title: &a x\nother: *a\n", FALLBACK),
    ("title: !!str 1\n", FALLBACK),
    ("title: \tx\n", FALLBACK),
    ("---\ntitle: x\n", FALLBACK),
    ("title: x\n...\n", FALLBACK),
    ("%YAML 1.1\n---\ntitle: x\n", FALLBACK),
    ("title: ---\n", FALLBACK),
    ("title: -x\n", {"title": "-x"}),
    ("title: - x\n", FALLBACK),
    ("title: @x\n", FALLBACK),
    ("title: `x\n", FALLBACK),
    ("title: <<\n", FALLBACK),
    ("title: =\n", FALLBACK),
    ("null: x\n", FALLBACK),  # a None key
    ("true: x\n", FALLBACK),
    ("y: x\n", {"y": "x"}),
    ('"title": x\n', FALLBACK),
    ("title:x\n", FALLBACK),  # a plain scalar "title:x", not a mapping
    ("  title: x\n", FALLBACK),  # indented document: valid, not the archive's
    ("", FALLBACK),
    ("\n\n", FALLBACK),
    ("just text\n", FALLBACK),
    ("- a\n- b\n", FALLBACK),
    (
        "publishedDateTime: 2021-06-10T18:29:00Z\n",
        {"publishedDateTime": datetime(2021, 6, 10, 18, 29, tzinfo=UTC)},
    ),
    ("day: 2021-06-10\n", {"day": date(2021, 6, 10)}),
    ("day: 2021-02-30\n", FALLBACK),  # libyaml raises; the caller's loader keeps text
    ("when: 2021-06-10T24:00:00Z\n", FALLBACK),
    ("when: 2021-06-10 18:29:00\n", FALLBACK),
    ("when: 2021-06-10t18:29:00z\n", {"when": "2021-06-10t18:29:00z"}),  # "z": text
    ("when: 2021-06-10T18:29:00.5Z\n", FALLBACK),
    ("when: 2021-06-10T18:29:00+02:00\n", FALLBACK),
    ("when: 2021-6-1\n", {"when": "2021-6-1"}),  # not a timestamp to YAML 1.1
    ("when: '2021-06-10'\n", {"when": "2021-06-10"}),
    ("bad: \x00\n", FALLBACK),
    ("bad: a\x85b\n", FALLBACK),
    ("bad: a\u2028b\n", FALLBACK),
    ("bad: a\ud800b\n", FALLBACK),
    ("bad: a\x07b\n", FALLBACK),
    ("bad: a\x9fb\n", FALLBACK),
    (
        "related:\n"
        '  - title: "One"\n'
        "    extra: 1\n"
        "    provider:\n"
        "      name: P\n"
        "      domain: p.example\n"
        "      logo:\n"
        "        - url: x\n"
        "          width: 5\n"
        "    images:\n"
        '      - url: "https://p.example/1.jpg"\n'
        "        isCached: true\n"
        "    empty:\n"
        "  - title: Two\n"
        "heat: 3\n",
        {
            "related": [
                {
                    "title": "One",
                    "extra": 1,
                    "provider": {
                        "name": "P",
                        "domain": "p.example",
                        "logo": [{"url": "x", "width": 5}],
                    },
                    "images": [{"url": "https://p.example/1.jpg", "isCached": True}],
                    "empty": None,
                },
                {"title": "Two"},
            ],
            "heat": 3,
        },
    ),
    ("related:\n  - title: a\n   x: 1\n", FALLBACK),
    ("related:\n  - title: a\n      x: 1\n", FALLBACK),
    ("related:\n  - title: a\n  x: 1\n", FALLBACK),
    ("related:\n  - title:\n    x: 1\n", {"related": [{"title": None, "x": 1}]}),
    ("related:\n  -  title: a\n", FALLBACK),
    ("related:\n  -\n", FALLBACK),
    ("related:\n  - - a\n", FALLBACK),
    ("related:\n  - a: 1\n  - b\n", {"related": [{"a": 1}, "b"]}),
    ("x: " + "k" * 2000 + "\n", {"x": "k" * 2000}),
    ("k" * 2000 + ": x\n", FALLBACK),
]


@pytest.mark.parametrize(
    ("text", "expected"), EXPLICIT_CASES, ids=[repr(text)[:50] for text, _ in EXPLICIT_CASES]
)
def test_explicit_case(text: str, expected: Any) -> None:
    fast = assert_agrees(text)
    if expected is FALLBACK:
        assert fast is None
    else:
        assert fast is not None, "the fast path should take this"
        assert_same(fast, expected)
        assert_same(libyaml_load(text), expected)  # and the expectation itself is right


def test_deep_nesting_falls_back_without_raising() -> None:
    lines = [f"{'  ' * depth}k{depth}:" for depth in range(MAX_DEPTH + 5)]
    assert fast_load("\n".join(lines) + " 1\n") is None
    shallow = "\n".join(lines[:5]) + " 1\n"
    assert assert_agrees(shallow) == {"k0": {"k1": {"k2": {"k3": {"k4": 1}}}}}


# -- generated articles ----------------------------------------------------------------

# Values a YAML 1.1 resolver, scanner or this module might get wrong.
TRICKY_TEXT = [
    "2021", "-1", "0", "-0", "007", "1_000", "0x1F", "0o17", "+1", "1e3", "1.5", ".5", ".inf",
    ".nan", "12:30", "1:2:3", "yes", "no", "on", "off", "y", "n", "Yes", "true", "False",
    "TRUE", "tRUE", "null", "Null", "NULL", "~", "", " ", "a # b", "a#b", "#a", "a: b", "a:b",
    "a:", ":a", "-a", "- a", "-", "--", "---", "...", "?", "? a", "?a", "&a", "*a", "!a",
    "!!str a", "|", ">", "%a", "@a", "`a", "[a]", "{a: b}", "a, b", "a,b", "it's", 'say "hi"',
    'x"', "back\\slash", "\\", "\\n", '"', "'", "''", "  lead", "trail  ", " both ", "ü",
    "中文标题：测试", "😀 emoji", "\u3000full", "nbsp\xa0", "2021-06-10",
    "2021-06-10T18:29:00Z", "2021-02-30", "2021-02-30T00:00:00Z", "2021-06-10 18:29:00",
    "2021-6-1", "<<", "=", "https://x.com/a?b=1&c=2#frag", "https://x.com/a b#c",
    "mailto:x@y", "a\tb", "line\nbreak", "\x00", "\x85", "\x9f", "\u2028", "\ufeff", "\r",
    "é", "Ⅻ", "١٢٣", "title: nested", "k: v\nk2: v2",
]  # fmt: skip
SAFE_CHARACTERS = st.characters(
    blacklist_categories=("Cc", "Cs", "Zl", "Zp"),
    blacklist_characters="\ufeff\ufffe\uffff",
)
texts = st.one_of(
    st.sampled_from(TRICKY_TEXT),
    st.text(max_size=40),
    st.text(SAFE_CHARACTERS, max_size=60),
    st.lists(st.sampled_from(TRICKY_TEXT), min_size=2, max_size=4).map(" ".join),
    st.lists(st.sampled_from(TRICKY_TEXT), min_size=2, max_size=4).map("".join),
)
STYLES = ("double", "single", "plain")


def render(text: str, style: str) -> str:
    if style == "double":
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    return text


def timestamp_text(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


# A node is ("scalar", yaml_text, python_value_or_None_if_unknown), ("map", [(key, node)])
# or ("seq", [node]).
Node = tuple[Any, ...]


@st.composite
def scalar_nodes(draw: st.DrawFn, safe: bool = False) -> Node:
    """A scalar rendered as YAML; with safe=True, one the fast path must take, and its value."""
    kind = draw(st.sampled_from(["text", "text", "text", "int", "bool", "when", "day"]))
    if kind == "int":
        number = draw(st.integers(-(10**6), 10**6) if safe else st.integers(-(10**20), 10**20))
        return ("scalar", str(number), number)
    if kind == "bool":
        if safe:
            word = draw(st.sampled_from(["true", "false", "True", "False", "TRUE", "FALSE"]))
            return ("scalar", word, word.lower() == "true")
        return ("scalar", draw(st.sampled_from(["true", "false", "yes", "No", "on", "oFF"])), None)
    if kind == "when":
        moment = draw(st.datetimes(datetime(1800, 1, 1), datetime(2200, 1, 1)))
        moment = moment.replace(microsecond=0, tzinfo=UTC)
        text = timestamp_text(moment)
        if not safe and draw(st.booleans()):
            text = draw(st.sampled_from(["2021-02-30T00:00:00Z", "2021-13-01T00:00:00Z"]))
        return ("scalar", text, moment)
    if kind == "day":
        day = draw(st.dates(date(1800, 1, 1), date(2200, 1, 1)))
        return ("scalar", day.isoformat(), day)
    if safe:
        text = draw(st.text(SAFE_CHARACTERS, max_size=60))
        style = draw(st.sampled_from(["double", "single"]))
        return ("scalar", render(text, style), text)
    return ("scalar", render(draw(texts), draw(st.sampled_from(STYLES))), None)


KEYS = st.sampled_from(["title", "name", "url", "extra", "x-y", "_k", "k2", "Yes_no"])


def mappings(values: st.SearchStrategy[Node], keys: st.SearchStrategy[str] = KEYS) -> Any:
    return st.lists(st.tuples(keys, values), max_size=4, unique_by=lambda pair: pair[0]).map(
        lambda pairs: ("map", pairs)
    )


@st.composite
def articles(draw: st.DrawFn, safe: bool = False) -> Node:
    """An article-shaped mapping, fields optional, in the archive's layout."""
    scalar = scalar_nodes(safe=safe)

    def maybe(key: str, node: st.SearchStrategy[Node]) -> list[tuple[str, Node]]:
        return [(key, draw(node))] if draw(st.booleans()) else []

    provider = st.tuples(scalar, scalar).map(lambda p: ("map", [("name", p[0]), ("domain", p[1])]))
    image = st.tuples(scalar, scalar, scalar).map(
        lambda p: ("map", [("url", p[0]), ("width", p[1]), ("isCached", p[2])])
    )
    images = st.lists(image, max_size=2).map(lambda items: ("seq", items))
    related_item = st.tuples(scalar, scalar, provider, images, mappings(scalar)).map(
        lambda p: (
            "map",
            [("title", p[0]), ("publishedDateTime", p[1]), ("provider", p[2]), ("images", p[3])]
            + [pair for pair in p[4][1] if pair[0] != "title"],
        )
    )
    pairs: list[tuple[str, Node]] = []
    for key in ("category", "title", "excerpt", "publishedDateTime", "webUrl", "heat"):
        pairs += maybe(key, scalar)
    pairs += maybe("provider", provider)
    pairs += maybe("topics", st.lists(scalar, max_size=3).map(lambda items: ("seq", items)))
    pairs += maybe("images", images)
    pairs += maybe("related", st.lists(related_item, max_size=3).map(lambda i: ("seq", i)))
    pairs += maybe("secured", scalar)
    assume(pairs)
    return ("map", pairs)


def render_node(node: Node, indent: int, lines: list[str], entry: bool = False) -> None:
    """Append the lines of mapping/sequence `node` at column `indent`, in the archive's
    layout. With entry=True the first line is a "- " item line (its dash 2 columns left)."""
    kind, content = node[0], node[1]
    if kind == "map":
        for index, (key, value) in enumerate(content):
            pad = " " * (indent - 2) + "- " if entry and index == 0 else " " * indent
            if value[0] == "scalar":
                lines.append(f"{pad}{key}: {value[1]}")
            else:
                lines.append(f"{pad}{key}:")
                render_node(value, indent + 2, lines)
    else:
        for item in content:
            if item[0] == "scalar":
                lines.append(f"{' ' * indent}- {item[1]}")
            elif item[0] == "map" and item[1]:
                render_node(item, indent + 2, lines, entry=True)
            # (empty mappings and nested sequences are not the archive's: left out)


def python_value(node: Node) -> Any:
    kind, content = node[0], node[1]
    if kind == "scalar":
        return node[2]
    if kind == "map":
        return {key: python_value(value) if _has_content(value) else None for key, value in content}
    return [python_value(item) for item in content if item[0] == "scalar" or item[1]]


def _has_content(node: Node) -> bool:
    return node[0] == "scalar" or bool(node[1])


@st.composite
def documents(draw: st.DrawFn, safe: bool = False) -> tuple[str, Node]:
    node = draw(articles(safe=safe))
    lines: list[str] = []
    render_node(node, 0, lines)
    if not safe:
        # Cosmetics the fast path must read as libyaml does, or refuse.
        if draw(st.booleans()):
            lines = [line + draw(st.sampled_from(["", " ", "   "])) for line in lines]
        if draw(st.booleans()):
            at = draw(st.integers(0, len(lines)))
            lines.insert(at, draw(st.sampled_from(["", "  ", "# note", "  # note"])))
    newline = draw(st.sampled_from(["\n", "\r\n"])) if not safe else "\n"
    text = newline.join(lines) + draw(st.sampled_from([newline, ""]))
    return text, node


@PROPERTY_SETTINGS
@given(documents())
def test_generated_articles_agree_with_libyaml(document: tuple[str, Node]) -> None:
    assert_agrees(document[0])


@PROPERTY_SETTINGS
@given(documents(safe=True))
def test_regular_articles_are_taken(document: tuple[str, Node]) -> None:
    """Quoted text, plain ints/booleans/timestamps in the archive's layout: always taken."""
    text, node = document
    fast = assert_agrees(text)
    assert fast is not None, text
    assert_same(fast, python_value(node))


@PROPERTY_SETTINGS
@given(st.lists(st.tuples(KEYS, scalar_nodes()), min_size=1, max_size=6, unique_by=lambda p: p[0]))
def test_plain_and_quoted_scalars_agree(pairs: list[tuple[str, Node]]) -> None:
    assert_agrees("".join(f"{key}: {node[1]}\n" for key, node in pairs))
    assert_agrees("topics:\n" + "".join(f"  - {node[1]}\n" for _, node in pairs))


# -- mutated real files ----------------------------------------------------------------

INSERTS = [" ", "  ", "\t", "#", " #", ":", ": ", "-", "- ", '"', "'", "\\", "\n", "\n  ",
           "&a ", "*a", "!", "|", ">", "[", "{", "}", ",", "?", "%", "@", "\r", "\x00", "\ufeff",
           "\x85", "x", "1", "é", "---\n", "...", "~", "\u3000"]  # fmt: skip


@st.composite
def mutated_fronts(draw: st.DrawFn) -> str:
    assume(REAL_FRONTS)
    text = draw(st.sampled_from(REAL_FRONTS))
    for _ in range(draw(st.integers(1, 3))):
        lines = text.split("\n")
        how = draw(st.sampled_from(["insert", "delete", "swap", "duplicate", "indent", "tail"]))
        if how == "insert":
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(st.sampled_from(INSERTS)) + text[at:]
        elif how == "delete":
            at = draw(st.integers(0, max(len(text) - 1, 0)))
            text = text[:at] + text[at + draw(st.integers(1, 4)) :]
        elif how in ("swap", "duplicate", "indent", "tail"):
            i = draw(st.integers(0, len(lines) - 1))
            if how == "swap":
                j = draw(st.integers(0, len(lines) - 1))
                lines[i], lines[j] = lines[j], lines[i]
            elif how == "duplicate":
                lines.insert(i, lines[i])
            elif how == "indent":
                shift = draw(st.sampled_from([-2, -1, 1, 2, 4]))
                lines[i] = " " * shift + lines[i] if shift > 0 else lines[i][-shift:]
            else:
                lines[i] += draw(st.sampled_from([" # comment", " &anchor", "  ", ":", " x: y"]))
            text = "\n".join(lines)
    return text


@PROPERTY_SETTINGS
@given(mutated_fronts())
def test_mutated_real_files_agree_with_libyaml(text: str) -> None:
    assert_agrees(text)


# -- line soup: random lines of the right ingredients stress the block structure -------

# Mostly the archive's ingredients, a few that aren't (weights by repetition). Keys are
# mostly unique: duplicates would send most soups to the fallback.
SOUP_STEPS = [0] * 10 + [2] * 4 + [-2] * 4 + [4, -4, 1, -1, 3]
SOUP_DASHES = [""] * 12 + ["- "] * 6 + ["-", "- - ", "-  "]
SOUP_ODD_KEYS = ["a", "null", "on", "", "x y", '"q"']
SOUP_TAILS = (
    [":"] * 12
    + [": x", ": 1", ': "q"', ": 'q'", ": ~", ": -1"] * 4
    + ["", ": yes", ": a: b", ":  y", ": x # c", ": [1]", ": &a x", ":x", ": |", ': "a']
)


@st.composite
def line_soups(draw: st.DrawFn) -> str:
    """Lines of keys, entries and values whose indents wander from the previous line's,
    mostly by the archive's steps, sometimes not."""
    lines = []
    indent = 0
    for number in range(draw(st.integers(1, 10))):
        if number:
            indent = max(indent + draw(st.sampled_from(SOUP_STEPS)), 0)
        dash = draw(st.sampled_from(SOUP_DASHES)) if indent else ""
        key = f"k{number}" if draw(st.integers(0, 9)) else draw(st.sampled_from(SOUP_ODD_KEYS))
        lines.append(" " * indent + dash + key + draw(st.sampled_from(SOUP_TAILS)))
    return "\n".join(lines) + "\n"


@PROPERTY_SETTINGS
@given(line_soups())
def test_line_soup_agrees_with_libyaml(text: str) -> None:
    assert_agrees(text)


# -- anything at all -------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(st.text(max_size=300))
def test_arbitrary_text_never_raises(text: str) -> None:
    fast = assert_agrees(text)
    assert fast is None or isinstance(fast, dict)


@PROPERTY_SETTINGS
@given(
    st.dictionaries(
        st.text(max_size=12),
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(),
            st.text(max_size=30),
            st.dates(),
            st.datetimes(timezones=st.just(UTC)).map(lambda d: d.replace(microsecond=0)),
            st.dictionaries(st.text(max_size=8), st.text(max_size=20), max_size=3),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_libyaml_dumps_agree(data: dict[str, Any]) -> None:
    """libyaml's own choices of quoting and style, read back."""
    text = yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, width=10**6)
    assert_agrees(text)


def test_timestamps_are_utc_datetimes_like_libyaml() -> None:
    fast = fast_load("when: 2021-06-10T18:29:00Z\n")
    assert fast is not None
    assert fast["when"].tzinfo is timezone.utc
    assert fast["when"].utcoffset() == timedelta(0)
