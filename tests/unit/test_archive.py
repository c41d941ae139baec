"""An archive checkout's own metadata: news folders, topic taxonomy, provider names."""

from __future__ import annotations

from pathlib import Path

from reader.archive import checkout_of, load_taxonomy
from reader.ingest import load
from reader.model import Article, Provider
from reader.providers import provider_names, shown_name
from reader.query import TopicCount
from reader.topictree import tree_order
from tests.factories import write_article


def write_checkout(root: Path, topics: dict[str, str], news: dict[str, list[str]]) -> Path:
    """A checkout like everyday-cc/ai: _data/topics/*.yaml, _news/*.md, and pages."""
    folder = root / "_data" / "topics"
    folder.mkdir(parents=True)
    for index, (name, text) in enumerate(topics.items()):
        (folder / f"{index:02d}-{name}.yaml").write_text(text, encoding="utf-8")
    for name, article_topics in news.items():
        write_article(root / "_news", name, title=f"News {name}", topics=article_topics)
    (root / "README.md").write_text("# The site\n", encoding="utf-8")  # not an article
    (root / "_learning").mkdir()
    (root / "_learning" / "course.md").write_text("---\nlayout: course\n---\n", "utf-8")
    return root


AI_TOPICS = {
    "ai": "taxonomy: topic\nname: AI\nkeywords:\n  - artificial intelligence\n",
    "ml": (
        "name: Machine Learning\nshortname: ML\nparent: AI\n"
        "description: Systems learn from data to improve on tasks.\n"
    ),
    "cv": "name: Computer Vision\nshortname: CV\nparent: AI\n",
    "dl": "name: Deep Learning\nparent: Machine Learning\n",
    "bad": "name: [unclosed\n",
    "nameless": "shortname: X\n",
    "loop-a": "name: Loop A\nparent: Loop B\n",
    "loop-b": "name: Loop B\nparent: Loop A\n",
}


def test_a_checkout_reads_only_its_news_and_describes_its_topics(tmp_path: Path) -> None:
    checkout = write_checkout(
        tmp_path / "ai",
        AI_TOPICS,
        {"one": ["AI", "Machine Learning"], "two": ["AI", "Computer Vision"], "three": ["Ops"]},
    )
    corpus = load([str(checkout)])
    assert sorted(a.title for a in corpus.articles.values()) == [
        "News one",
        "News three",
        "News two",
    ]
    assert not [p for p in corpus.problems if "README" in p.path or "_learning" in p.path]
    taxonomy = corpus.taxonomy
    ml = taxonomy.info("Machine Learning")
    assert ml is not None and (ml.shortname, ml.parent) == ("ML", "AI")
    assert ml.description == "Systems learn from data to improve on tasks."
    notes = [p for p in corpus.problems if "_data" in p.path]
    assert {Path(p.path).name for p in notes} == {"04-bad.yaml", "05-nameless.yaml"}
    # A folder inside the checkout finds the same taxonomy.
    assert checkout_of(str(checkout / "_news")) == str(checkout)
    assert load_taxonomy([str(checkout / "_news")]).info("Computer Vision") is not None


def test_topics_are_a_tree_by_parent() -> None:
    taxonomy = load_taxonomy([])
    assert tree_order([TopicCount("B", 1, 1)], taxonomy) == [TopicCount("B", 1, 1)]


def test_tree_order_puts_children_under_their_parent(tmp_path: Path) -> None:
    checkout = write_checkout(tmp_path / "ai", AI_TOPICS, {})
    taxonomy = load_taxonomy([str(checkout)])
    names = [
        "AI",
        "Computer Vision",
        "Deep Learning",
        "Loop A",
        "Loop B",
        "Machine Learning",
        "Ops",
    ]
    ordered = tree_order([TopicCount(n, 1, 1) for n in names], taxonomy)
    assert [(row.topic, row.depth) for row in ordered] == [
        ("AI", 0),
        ("Computer Vision", 1),
        ("Machine Learning", 1),
        ("Deep Learning", 2),
        ("Ops", 0),
        ("Loop A", 0),  # a loop of parents: still listed, once each, at the top level
        ("Loop B", 0),
    ]
    assert sorted(row.topic for row in ordered) == sorted(names)
    ml = next(row for row in ordered if row.topic == "Machine Learning")
    assert ml.short == "ML" and ml.description.startswith("Systems learn")
    # A parent missing from the folder: the child is at the top level.
    alone = tree_order([TopicCount("Deep Learning", 1, 1)], taxonomy)
    assert alone[0].depth == 0


def test_two_archives_merge(tmp_path: Path) -> None:
    first = write_checkout(tmp_path / "ai", AI_TOPICS, {"a": ["AI"]})
    second = write_checkout(
        tmp_path / "powerapps",
        {
            "pa": "name: Power Apps\n",
            "canvas": "name: Canvas Apps\nparent: Power Apps\n",
            "ai": "name: AI\ndescription: Described second; the first checkout wins.\n",
        },
        {"b": ["Power Apps", "Canvas Apps"]},
    )
    corpus = load([str(first), str(second)])
    assert {a.title for a in corpus.articles.values()} == {"News a", "News b"}
    assert corpus.taxonomy.info("Canvas Apps") is not None
    ai = corpus.taxonomy.info("AI")
    assert ai is not None and ai.description == ""


def article(domain: str, name: str) -> Article:
    return Article(name, name, name, "", None, None, None, Provider(name, domain), ())


def test_a_domain_is_shown_under_one_name() -> None:
    articles = [
        article("zdnet.com", "ZDNet"),
        article("www.zdnet.com", "ZDNet"),
        article("ZDNET.com", "ZDNET | Tech"),
        article("wired.com", "Wired"),
    ]
    names = provider_names(articles)
    assert names == {"zdnet.com": "ZDNet"}  # only domains named more than one way
    assert shown_name(Provider("ZDNET | Tech", "zdnet.com"), names) == "ZDNet"
    assert shown_name(Provider("Wired", "wired.com"), names) == "Wired"
    assert shown_name(Provider("No domain", ""), names) == "No domain"
