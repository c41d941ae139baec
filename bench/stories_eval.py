"""Pairwise precision and recall of story grouping on a labelled folder.

    python -m bench.stories_eval tests/fixtures/stories
    python -m bench.stories_eval ../shared/corpus-real \
        --labels tests/fixtures/story_labels_real.json
    python -m bench.stories_eval seeds --labels tests/fixtures/story_labels_seeds.json

Labels: {"stories": [[file, file, ...], ...]} (groups of two or more; every other file
is a story of its own). Prints precision, recall, and the pairs it got wrong.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
from pathlib import Path

from reader.frontmatter import parse_file
from reader.identity import article_id_for
from reader.stories import StoryInput, group
from reader.storyterms import fingerprint


def inputs_for(folder: Path) -> tuple[list[StoryInput], dict[str, str]]:
    """(grouping inputs, article id → file name) for every article file in `folder`."""
    items: list[StoryInput] = []
    names: dict[str, str] = {}
    for path in sorted(folder.glob("*.md")):
        detail = parse_file(str(path)).detail
        if detail is None:
            continue
        article = detail.article
        related = " ".join(article_id_for(r.url, b"") for r in detail.related if r.url)
        when = article.published_at.timestamp() if article.published_at else None
        terms = fingerprint(article.title, detail.excerpt)
        items.append(StoryInput(article.id, terms, when, related))
        names[article.id] = path.name
    return items, names


def pairs_of(groups: list[list[str]]) -> set[frozenset[str]]:
    return {frozenset(p) for members in groups for p in itertools.combinations(members, 2)}


def evaluate(folder: Path, labels: Path) -> tuple[float, float, list[str]]:
    items, names = inputs_for(folder)
    truth = pairs_of(json.loads(labels.read_text())["stories"])
    found_groups: dict[str, list[str]] = {}
    for article_id, story in group(items).items():
        found_groups.setdefault(story, []).append(names[article_id])
    found = pairs_of(list(found_groups.values()))
    right = found & truth
    precision = len(right) / len(found) if found else 1.0
    recall = len(right) / len(truth) if truth else 1.0
    report = [f"wrongly joined: {' + '.join(sorted(p))}" for p in found - truth]
    report += [f"missed: {' + '.join(sorted(p))}" for p in truth - found]
    return precision, recall, sorted(report)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--labels", type=Path, help="default: FOLDER/labels.json")
    parser.add_argument("--quiet", action="store_true", help="only the two figures")
    args = parser.parse_args(argv)
    labels = args.labels or args.folder / "labels.json"
    if not labels.exists():
        print(f"{labels}: no labels", file=sys.stderr)
        return 2
    precision, recall, report = evaluate(args.folder, labels)
    print(f"{os.path.normpath(args.folder)}: precision {precision:.3f}  recall {recall:.3f}")
    if not args.quiet:
        for line in report:
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
