"""Story grouping (reader/stories.py, storyterms.py, storygroups.py) and estimated heat."""

from __future__ import annotations

import json
import random
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from bench.stories_eval import evaluate
from reader.collection import Corpus
from reader.frontmatter import parse_file
from reader.ingest import load
from reader.model import estimated_heat
from reader.stories import StoryInput, group
from reader.storyterms import EXCERPT_WORDS, fingerprint, fingerprint_words
from tests.factories import write_article

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "stories"
SHARED = Path(__file__).resolve().parents[3] / "shared"
DAY = 86_400.0
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc).timestamp()


def item(key: str, title: str, excerpt: str = "", day: float = 0.0, **links: str) -> StoryInput:
    related = links.get("related", "")
    return StoryInput(key, fingerprint(title, excerpt), T0 + day * DAY, related)


# A small corpus of unrelated news, so that the words of a story are rare in it: each
# article a few made-up words drawn from a thousand none of the tests' stories use.
_SYLLABLES = ["ka", "lo", "mi", "ru", "te", "so", "ne", "vi", "da", "po"]
_VOCABULARY = [a + b + c for a in _SYLLABLES for b in _SYLLABLES for c in _SYLLABLES]


def _background(count: int = 40) -> list[StoryInput]:
    rng = random.Random(7)
    return [
        item(
            f"bg{i:02d}",
            " ".join(rng.sample(_VOCABULARY, 5)).capitalize(),
            " ".join(rng.sample(_VOCABULARY, 12)) + ".",
            rng.uniform(-10, 10),
        )
        for i in range(count)
    ]


BACKGROUND = _background()

GOLF = [
    item(
        "golf-1",
        "PGA Tour Partners With AWS for Cloud Services",
        "The tour will use Amazon Rekognition to tag decades of archive footage, said "
        "commissioner Jay Monahan.",
    ),
    item(
        "golf-2",
        "PGA Tour signs up with AWS, looks to AI as engagement driver",
        "CloudTech understands the PGA Tour will migrate its archives and annotate them "
        "with Amazon Rekognition.",
        day=0.8,
    ),
]


def stories_of(items: list[StoryInput]) -> dict[str, str]:
    return group([*BACKGROUND, *items])


def test_two_outlets_with_different_wording_tell_one_story() -> None:
    stories = stories_of(GOLF)
    assert stories["golf-1"] == stories["golf-2"] == "golf-1"  # the smallest id names it
    assert not any(key.startswith("bg") for key in stories)


def test_the_same_template_about_two_companies_is_two_stories() -> None:
    excerpt = "The company achieved the AWS Machine Learning Competency in applied AI."
    stories = stories_of(
        [
            item("a", "ElectrifAi Achieves AWS Machine Learning Competency Status", excerpt),
            item("b", "TensorIoT Achieves AWS Machine Learning Competency Status", excerpt, 0.1),
        ]
    )
    assert stories == {}


def test_the_same_words_weeks_apart_are_two_stories() -> None:
    far = [GOLF[0], item("golf-3", *_texts(GOLF[1]), day=30)]
    assert stories_of(far) == {}


def _texts(source: StoryInput) -> tuple[str, str]:
    title, excerpt, _names = source.fingerprint.split("\t")
    return title, excerpt


def test_a_related_link_helps_but_does_not_decide() -> None:
    # Alike enough only with the link's evidence (a little below the bar without it).
    near = [
        item(
            "x1",
            "Harbor city trials autonomous ferries",
            "Two electric ferries will cross the bay without a crew this spring.",
        ),
        item(
            "x2",
            "City ferries will steer themselves this spring",
            "Commuters ride crewless boats across the bay.",
            day=1,
            related="x1",
        ),
    ]
    linked = stories_of(near)
    unlinked = stories_of([near[0], StoryInput("x2", near[1].fingerprint, near[1].timestamp)])
    assert linked == {"x1": "x1", "x2": "x1"}
    assert unlinked == {}
    # A link between two files with nothing in common groups nothing.
    lonely = [
        item("y1", "Quarterly results at a paper mill", "Pulp prices fell."),
        item("y2", "New moon rover photographed", "Craters everywhere.", related="y1"),
    ]
    assert stories_of(lonely) == {}


def test_one_loose_pair_does_not_chain_two_stories() -> None:
    launch = "Veltrix unveils the VX-9 inference accelerator with 288GB of stacked memory"
    lawsuit = "Veltrix sued by Orbweave over the VX-9 memory controller patent"
    chip = [
        item("c1", launch, "The Austin chipmaker's VX-9 ships next spring to cloud buyers."),
        item("c2", launch + " for data centers", "Veltrix's VX-9 ships next spring.", 0.2),
    ]
    suit = [
        item("s1", lawsuit, "Orbweave says the VX-9 copies its patented memory controller."),
        item("s2", lawsuit + " in Texas court", "The Orbweave complaint names the VX-9.", 0.3),
    ]
    stories = stories_of([*chip, *suit])
    assert stories["c1"] == stories["c2"]
    assert stories["s1"] == stories["s2"]
    assert stories["c1"] != stories["s1"]


def test_grouping_does_not_depend_on_the_order_of_the_articles() -> None:
    items = [*BACKGROUND, *GOLF]
    expected = group(items)
    for seed in range(5):
        shuffled = items[:]
        random.Random(seed).shuffle(shuffled)
        assert group(shuffled) == expected


def test_fingerprint_is_words_excerpt_and_names() -> None:
    title, excerpt, names = fingerprint(
        "PGA Tour signs up with AWS, looks to AI", "It uses Amazon Rekognition. Fans watch."
    ).split("\t")
    assert title.split() == ["pga", "tour", "sign", "aws", "look", "ai"]
    assert "rekognition" in excerpt.split()
    assert {"pga", "aws", "ai"} <= set(names.split())
    # What grouping counts: every word once; the excerpt's first EXCERPT_WORDS only.
    made = fingerprint("PGA Tour signs up with AWS, looks to AI", "It uses Amazon Rekognition.")
    assert fingerprint_words(made) == (
        title.split(),
        {*title.split(), "uses", "amazon", "rekognition"},
    )
    long_excerpt = " ".join(f"word{n}" for n in range(EXCERPT_WORDS + 10))
    assert len(fingerprint("T", long_excerpt).split("\t")[1].split()) == EXCERPT_WORDS
    # CJK has no spaces between words: it is compared as pairs of characters.
    assert fingerprint("星河智驾获牌照", "").split("\t")[0].split()[:2] == ["星河", "河智"]
    # Markup and control characters are text like any other.
    assert fingerprint("[bold]Chip[/] \x1b[31m", "").split("\t")[0] == "bold chip 31m"


def test_development_sets_keep_their_precision() -> None:
    """The labelled sets in tests/: precision first (bench/stories_eval.py prints them)."""
    precision, recall, _report = evaluate(FIXTURES, FIXTURES / "labels.json")
    assert precision >= 0.85 and recall >= 0.2
    real = SHARED / "corpus-real"
    if real.is_dir():
        labels = Path(__file__).resolve().parents[1] / "fixtures" / "story_labels_real.json"
        precision, recall, _report = evaluate(real, labels)
        assert precision >= 0.7 and recall >= 0.8


def test_estimated_heat_is_the_archives_formula() -> None:
    assert estimated_heat(59, 3, 1) == 89  # the reference article: 59 + 10 × 3 related
    assert estimated_heat(40, 0, 3) == 60  # no related list: the others in its story
    assert estimated_heat(None, 0, 3) == 20
    assert estimated_heat(40, 0, 1) == 40
    assert estimated_heat(None, 0, 1) is None  # nothing to go on
    assert estimated_heat(50, 2, 5) == 70  # a related list, when there is one, counts


def test_the_reference_article_without_heat_estimates_89(tmp_path: Path) -> None:
    source = SHARED / "seed-format"
    if not source.is_dir():
        pytest.skip("needs ../shared/seed-format")
    reference = next(source.glob("*.md"))
    text = reference.read_text(encoding="utf-8").replace("heat: 89\n", "")
    (tmp_path / "ref.md").write_text(text, encoding="utf-8")
    article = next(iter(load([str(tmp_path)], use_index=False).articles.values()))
    assert (article.heat, article.quality, article.related_count) == (None, 59, 3)
    assert article.estimated_heat == 89
    assert article.sort_heat == 89


def write_golf(folder: Path) -> None:
    for index, key in enumerate(("golf-1", "golf-2")):
        source = GOLF[index]
        write_article(
            folder,
            key,
            title=(
                "PGA Tour Partners With AWS for Cloud Services"
                if index == 0
                else "PGA Tour signs up with AWS, looks to AI as engagement driver"
            ),
            excerpt=(
                "The tour will use Amazon Rekognition to tag decades of archive footage."
                if index == 0
                else "CloudTech understands the PGA Tour will annotate its archives with "
                "Amazon Rekognition."
            ),
            quality=40 + index,
            publishedDateTime=datetime.fromtimestamp(source.timestamp or 0, timezone.utc),
        )
    for i in range(14):
        write_article(
            folder,
            f"other-{i}",
            title=f"Unrelated item {i} about gardening tools",
            excerpt=f"Spades and hoes, part {i}.",
            publishedDateTime=datetime.fromtimestamp(T0 + i * DAY, timezone.utc),
        )


def test_loaded_articles_know_their_story_and_its_size(tmp_path: Path) -> None:
    write_golf(tmp_path)
    corpus = load([str(tmp_path)])
    golf = [a for a in corpus.articles.values() if a.title.startswith("PGA")]
    assert len(golf) == 2 and golf[0].story == golf[1].story != ""
    assert all(a.story_size == 2 for a in golf)
    # No heat in the files: quality + 10 × the one other article of the story.
    assert sorted(a.estimated_heat for a in golf) == [50, 51]
    others = [a for a in corpus.articles.values() if not a.title.startswith("PGA")]
    assert all(a.story == "" and a.story_size == 1 for a in others)


def test_a_warm_start_reads_the_saved_grouping(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_golf(tmp_path)
    cold = load([str(tmp_path)])
    from reader import storygroups

    def no_regrouping(*_args: object, **_kwargs: object) -> dict[str, str]:
        raise AssertionError("a warm start must not regroup")

    monkeypatch.setattr(storygroups, "group", no_regrouping)
    monkeypatch.setattr(storygroups, "group_and_count", no_regrouping)
    warm = load([str(tmp_path)])
    assert {a.id: a.story for a in warm.articles.values()} == {
        a.id: a.story for a in cold.articles.values()
    }


def test_a_live_update_regroups_only_near_what_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_golf(tmp_path)
    for i in range(10):  # a month later, out of the window of anything new
        write_article(
            tmp_path,
            f"later-{i}",
            title=f"Later note {i} on sailing",
            excerpt="Wind.",
            publishedDateTime=datetime.fromtimestamp(T0 + (40 + i) * DAY, timezone.utc),
        )
    load([str(tmp_path)])
    from reader import stories, storygroups

    grouped: list[int] = []
    real_group = stories.group

    def counting(items: list[StoryInput], **options: object) -> dict[str, str]:
        grouped.append(len(items))
        return real_group(items, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(storygroups, "group", counting)
    when = datetime.fromtimestamp(T0 + 1.2 * DAY, timezone.utc)
    write_article(
        tmp_path,
        "golf-3",
        title="AWS to power the PGA Tour's archive with Rekognition tagging",
        excerpt="The PGA Tour and AWS will tag the archive with Amazon Rekognition.",
        publishedDateTime=when,
    )
    corpus = load([str(tmp_path)])
    assert grouped and grouped[0] < len(corpus.articles)  # a neighbourhood, not all
    golf = {a.story for a in corpus.articles.values() if "PGA" in a.title}
    assert len(golf) == 1 and golf != {""}
    # The same as grouping everything from scratch.
    monkeypatch.setattr(storygroups, "group", real_group)
    fresh = tmp_path.parent / "fresh"
    shutil.copytree(tmp_path, fresh)
    again = load([str(fresh)], use_index=False)
    assert {a.title: a.story_size for a in again.articles.values()} == {
        a.title: a.story_size for a in corpus.articles.values()
    }


def test_files_named_directly_are_grouped_too(tmp_path: Path) -> None:
    write_golf(tmp_path)
    files = sorted(str(p) for p in tmp_path.glob("*.md"))
    corpus: Corpus = load(files)
    sizes = {a.title[:8]: a.story_size for a in corpus.articles.values()}
    assert sizes["PGA Tour"] == 2


def test_deleted_articles_are_hidden_like_unpublished(tmp_path: Path) -> None:
    from reader.query import Counts
    from reader.views import View, select

    write_article(tmp_path, "kept", title="Kept")
    write_article(tmp_path, "gone", title="Gone", deleted=True)
    write_article(tmp_path, "draft", title="Draft", published=False)
    articles = list(load([str(tmp_path)]).articles.values())
    assert [a.title for a in select(articles, View())] == ["Kept"]
    shown = {a.title for a in select(articles, View(show_unpublished=True))}
    assert shown == {"Kept", "Gone", "Draft"}
    counts = Counts(articles, (), (), show_unpublished=False)
    assert (counts.everything.total, counts.unpublished, counts.deleted) == (1, 2, 1)
    gone = parse_file(str(tmp_path / "gone.md")).detail
    assert gone is not None and gone.article.deleted and gone.article.published


def test_story_ids_in_json_are_shared_by_a_storys_articles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader import cli

    write_golf(tmp_path)
    assert cli.main(["list", "--json", str(tmp_path)]) == 0
    rows = json.loads(capsys.readouterr().out)
    golf = [r for r in rows if r["title"].startswith("PGA")]
    assert golf[0]["story"] == golf[1]["story"]
    assert [r["story_size"] for r in golf] == [2, 2]
    assert all(r["estimated_heat"] in (50, 51) and r["heat"] is None for r in golf)
    alone = next(r for r in rows if r["title"].startswith("Unrelated item 3"))
    assert alone["story"] == alone["id"] and alone["story_size"] == 1
    assert alone["estimated_heat"] is None and alone["deleted"] is False
    # One row per story, and the query language knows stories.
    assert cli.main(["list", "--stories", "--json", str(tmp_path)]) == 0
    assert len(json.loads(capsys.readouterr().out)) == len(rows) - 1
    story = golf[0]["story"]
    assert cli.main(["list", "--json", "--query", f"story:{story}", str(tmp_path)]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2
    assert cli.main(["list", "--json", "--query", "coverage>0", str(tmp_path)]) == 0
    assert {r["title"][:3] for r in json.loads(capsys.readouterr().out)} == {"PGA"}


def test_when_stories_are_grouped_the_lead_is_the_hottest_then_best_then_first() -> None:
    from reader.model import Article, Provider
    from reader.views import View, collapse, select

    def article(key: str, quality: int, day: int, heat: int | None = None) -> Article:
        when = datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(days=day)
        return Article(key, key, key, key, heat, quality, when, Provider(""), ("AI",), story="s")

    early, late = article("early", 40, 1), article("late", 40, 2)
    best = article("best", 60, 3)
    assert collapse([late, best, early]) == [best]
    assert collapse([late, early]) == [early]  # equal: the first report leads
    hot = article("hot", 10, 4, heat=99)
    assert [a.id for a in select([early, best, hot], View(stories=True))] == ["hot"]
    assert len(select([early, best, hot], View(stories=False))) == 3


def test_gathered_as_they_were_read_groups_the_same() -> None:
    from reader.stories import Gathered, ListSource, group_and_count

    items = [*BACKGROUND, *GOLF]
    scanned = group_and_count(items)
    # As a first load gathers: bounded by more files than turn out to be articles, and
    # an article read that the corpus doesn't keep is forgotten.
    gathered = Gathered(len(items) + 50)
    stray = StoryInput("stray", GOLF[0].fingerprint, GOLF[0].timestamp)
    for item in [*items[:3], stray, *items[3:]]:
        gathered.add(item)
    gathered.keep_only({item.id for item in items})
    as_read = group_and_count(ListSource(items), gathered=gathered, total=len(items))
    assert as_read[0] == scanned[0] and scanned[0]
    assert "stray" not in as_read[0]


def test_gathered_before_the_walk_has_counted_groups_the_same() -> None:
    """A first read starts gathering before its walk knows how many files there are; the
    bound it learns then prunes what was kept, with the same grouping as a bound known
    from the start."""
    from reader.stories import Gathered, ListSource, group_and_count

    when = GOLF[0].timestamp
    reports = [  # a word in every one of them: never rare, its list is dropped
        StoryInput(f"r{n}", fingerprint(f"Weekly harbour report {n}", "Boats came in."), when)
        for n in range(30)
    ]
    items = [*BACKGROUND, *reports, *GOLF]
    known = Gathered(len(items))
    unknown = Gathered()
    for position, item in enumerate(items):
        known.add(item)
        unknown.add(item)
        if position == len(items) // 3:
            unknown.limit_to(len(items))
    assert unknown.bound == known.bound
    assert unknown.saturated == known.saturated and "harbour" in known.saturated
    assert unknown.words == known.words and unknown.titles == known.titles
    as_read = group_and_count(ListSource(items), gathered=unknown, total=len(items))
    assert as_read[0] == group_and_count(items)[0]


def test_a_neighbourhood_lists_no_word_the_whole_corpus_uses_too_often() -> None:
    """A live update groups a few hundred articles by the whole corpus's word counts: a
    word common there is never a reason to compare two of them (as in a full grouping)."""
    from reader.stories import Gathered

    when = GOLF[0].timestamp
    item = StoryInput("g1", fingerprint("Harbour pilots test AI cranes", "Cranes moved."), when)
    gathered = Gathered(100_000, common=["harbour"])
    gathered.add(item)
    assert "harbour" not in gathered.words and "harbour" not in gathered.titles
    assert "crane" in gathered.words or "cranes" in gathered.words
