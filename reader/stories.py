"""Stories: articles about the same event, by any outlet, grouped under one id. Pure.

`group(items)` works on fingerprints (reader/storyterms.py, made in the parse workers and
kept in the index). How two articles are judged to tell one story, precision first (a
wrong merge hides an article behind another's row):

- Candidates: published within `WINDOW_DAYS` of each other and sharing enough words few
  articles use (postings of rare words, so the work grows with the corpus, not with its
  square); a word in both titles counts three times. Measured on the labelled sets, pairs
  with less in common were never alike enough.
- Evidence: the cosine of their TF-IDF vectors (title words counted twice), plus a bonus
  for phrases both use (word pairs not common in the corpus), for rare names in both
  titles, and for a `related` link between the files; minus a little per day apart past
  two. `SAME_STORY` or more: one story.
- Vetoes, whatever else they share (templates share a lot):
  - each title names something rare the other article never mentions ("X achieves AWS
    competency" and "Y achieves AWS competency"), unless they share two rare names;
  - their headlines start with different rare names (two press releases of one template);
  - each is about something the other never mentions: a rare title word its own excerpt
    repeats ("Conversational AI Market…" and "Computer Vision in Retail Market…" over the
    same boilerplate);
  - their titles share a run of common words around words of their own ("Speech
    Recognition Market Size, Strength, Major Types…", "Learning Management System Market
    Size, Strength, Major Types…").
- Joining: strongest pairs first; two stories (or a story and an article) become one only
  if enough of the pairs between them are alike, so one loose pair can't chain them.

The archive's own `related` lists are evidence, not a verdict: in the labelled sample of
its older generation many link a piece to another story on the same topic.

Plain Python, by measurement: see bench/stories_eval.py and the README.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from itertools import chain
from typing import NamedTuple, Protocol

from reader.storypairs import SAME_STORY, Judge, rare_limit
from reader.storyterms import fingerprint_words

WINDOW_DAYS = 7.0
JOIN_SHARE = 0.3  # see _may_join
MIN_SHARED = 6  # candidates: rare words in common (one in both titles counts 3)
MIN_SHARED_LINKED = 2  # the same, for files where one lists the other as related
# A rare word's articles are paired only with the next this many (by time) within the
# window: a word every article of one day has says little, and would cost a square.
PARTNERS = 40
_DAY = 86_400.0


class StoryInput(NamedTuple):
    """What grouping looks at, per article (a tuple: 100k are made from index rows)."""

    id: str
    fingerprint: str  # storyterms.fingerprint
    timestamp: float | None = None  # published, as a Unix time
    related_ids: str = ""  # ids of the article's related items' URLs, space-separated


class _Stories:
    """Union-find over positions, with each story's members (for the join check)."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))
        self.members: dict[int, list[int]] = {}

    def find(self, item: int) -> int:
        parent = self.parent
        root = item
        while parent[root] != root:
            root = parent[root]
        while parent[item] != root:
            parent[item], item = root, parent[item]
        return root

    def group_of(self, root: int) -> list[int]:
        return self.members.get(root) or [root]

    def join(self, a: int, b: int) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return
        members = self.group_of(root_a) + self.group_of(root_b)
        self.members.pop(root_a, None)
        self.members.pop(root_b, None)
        low, high = (root_a, root_b) if root_a < root_b else (root_b, root_a)
        self.parent[high] = low
        self.members[low] = members


class Source(Protocol):
    """Where grouping reads its articles from (a list, or an index read twice)."""

    def scan(self) -> Iterable[StoryInput]:
        """Every article, in the same order each time."""
        ...

    def fingerprints(self, ids: Collection[str]) -> Mapping[str, str]:
        """The fingerprints of the articles with these ids."""
        ...


class ListSource:
    def __init__(self, items: Iterable[StoryInput]) -> None:
        self.items = list(items)

    def scan(self) -> Iterable[StoryInput]:
        return self.items

    def fingerprints(self, ids: Collection[str]) -> Mapping[str, str]:
        return {item.id: item.fingerprint for item in self.items if item.id in ids}


def words_of(item: StoryInput) -> set[str]:
    """An article's words (title and excerpt), each once, as its fingerprint has them."""
    return fingerprint_words(item.fingerprint)[1]


def count_words(items: Iterable[StoryInput]) -> Counter[str]:
    """How many of the articles use each word (each fingerprint lists an article's words
    once; they are counted an article at a time, so no list of every word is made)."""
    return Counter(chain.from_iterable(map(words_of, items)))


def group(
    items: Sequence[StoryInput] | Source,
    *,
    counts: Mapping[str, int] | None = None,
    total: int | None = None,
) -> dict[str, str]:
    """Article id → story id, for the articles that share a story with another (an
    article alone in its story is left out: its story id is its own id). A story's id is
    the smallest article id in it, so it doesn't depend on the order items come in.

    `items` may be part of a corpus of `total` articles whose words `counts` counts (how
    many articles use each; a word missing there is used once)."""
    return group_and_count(items, counts=counts, total=total)[0]


def group_and_count(
    items: Sequence[StoryInput] | Source,
    *,
    counts: Mapping[str, int] | None = None,
    total: int | None = None,
    gathered: Gathered | None = None,
) -> tuple[dict[str, str], Counter[str]]:
    """`group`, and how many articles use each word (what a live update needs saved).

    Nothing is kept of each article but its id, time, links and the positions of its
    possibly rare words: fingerprints are read again only for the pairs worth judging
    (100k of them would cost tens of MB). One pass over the articles, or none when
    `gathered` was filled as they were read (`total` of them)."""
    source: Source = ListSource(items) if isinstance(items, Sequence) else items
    if gathered is None:
        size = total if total is not None else len(items) if isinstance(items, Sequence) else None
        common: list[str] = []
        if counts is not None and size is not None:  # part of a corpus: its common words
            limit = rare_limit(size)
            common = [word for word, count in counts.items() if count > limit]
        gathered = Gathered(size, common)
        for item in source.scan():
            gathered.add(item)
    ids, times = gathered.ids, gathered.times
    judge = Judge(times, gathered.frequency, counts, total)
    pairs = gathered.pairs(judge.rare_limit)
    wanted = {position for pair in pairs for position in pair}
    found = source.fingerprints({ids[position] for position in wanted})
    judge.fingerprints = {p: found.get(ids[p], "") for p in wanted}
    evidence: dict[tuple[int, int], float] = {}
    for a, b in pairs:
        likeness = judge.evidence(a, b, pairs[a, b])
        if likeness is not None and likeness >= SAME_STORY:
            evidence[a, b] = likeness
    stories = _Stories(len(ids))
    for (a, b), _strength in sorted(evidence.items(), key=lambda e: (-e[1], e[0])):
        root_a, root_b = stories.find(a), stories.find(b)
        if root_a != root_b and _may_join(
            stories.group_of(root_a), stories.group_of(root_b), evidence
        ):
            stories.join(a, b)
    result: dict[str, str] = {}
    for members in stories.members.values():  # only stories of more than one article
        story = min(ids[m] for m in members)
        for member in members:
            result[ids[member]] = story
    return result, gathered.frequency


def _may_join(
    first: list[int], second: list[int], evidence: Mapping[tuple[int, int], float]
) -> bool:
    """Two stories become one only if enough of the pairs between them are alike: one
    loose pair must not chain two stories (or a story and a stray article) together."""
    if len(first) == 1 and len(second) == 1:
        return True
    alike = 0
    for a in first:
        for b in second:
            alike += ((a, b) if a < b else (b, a)) in evidence
    return (
        alike
        >= JOIN_SHARE
        * min(len(first), len(second))
        * max(1.0, math.sqrt(max(len(first), len(second))))
        or alike >= len(first) * len(second) * JOIN_SHARE
    )


class Gathered:
    """What grouping keeps of the articles, gathered in one pass (as a first load reads
    its files, or from a Source): ids, times, related links, how many articles use each
    word, and which articles use each word that may turn out rare. Which words are rare
    is known only at the end, but a word used more often than the rare limit of the
    largest the corpus can be never is: its list stops growing there."""

    def __init__(self, most_articles: int | None = None, common: Iterable[str] = ()) -> None:
        """`common`: words known to be used too often to be rare (a neighbourhood's, by
        the whole corpus's counts): never listed, as a whole corpus's grouping would not."""
        self.bound = math.inf if most_articles is None else rare_limit(most_articles)
        self.ids: list[str] = []
        self.times: list[float | None] = []
        self.related: dict[int, str] = {}
        self.frequency: Counter[str] = Counter()
        self.words: dict[str, list[int]] = {}
        self.titles: dict[str, list[int]] = {}
        self.saturated: set[str] = set(common)  # words used more often than the bound

    def add(self, item: StoryInput) -> None:
        position = len(self.ids)
        self.ids.append(item.id)
        self.times.append(item.timestamp)
        if item.related_ids:
            self.related[position] = item.related_ids
        title_words, words = fingerprint_words(item.fingerprint)
        frequency = self.frequency
        frequency.update(words)
        if item.timestamp is None:  # counted, never a candidate
            return
        # Most words are common: those past the bound are set aside at once (a set
        # difference), so only the few that may be rare cost a step each.
        bound, saturated = self.bound, self.saturated
        for postings, listed in ((self.words, words), (self.titles, set(title_words))):
            for word in listed - saturated:
                if frequency[word] > bound:
                    saturated.add(word)
                    continue
                found = postings.get(word)
                if found is None:
                    postings[word] = [position]
                else:
                    found.append(position)

    def limit_to(self, most_articles: int) -> None:
        """Bound what is kept by the largest the corpus can be, once that is known (a
        first read learns it when its walk ends): words used more often than its rare
        limit are never rare, so their lists go, and stop growing."""
        bound = rare_limit(most_articles)
        if bound >= self.bound:
            return
        self.bound, frequency, saturated = bound, self.frequency, self.saturated
        for postings in (self.words, self.titles):
            for word in [w for w in postings if frequency[w] > bound]:
                del postings[word]
                saturated.add(word)

    def keep_only(self, present: Collection[str]) -> None:
        """Forget the articles not in `present` (read, but not in the corpus after all)."""
        gone = {p for p, article_id in enumerate(self.ids) if article_id not in present}
        if not gone:
            return
        for postings in (self.words, self.titles):
            for word, positions in postings.items():
                postings[word] = [p for p in positions if p not in gone]
        for position in gone:
            self.related.pop(position, None)
            self.times[position] = None

    def pairs(self, limit: int) -> dict[tuple[int, int], bool]:
        """Pairs (a < b) worth judging, and whether one file lists the other among its
        related stories: sharing enough words used by at most `limit` articles, within
        the window (a word both titles have counts three times); linked pairs need less."""
        window = WINDOW_DAYS * _DAY
        times, ids, frequency = self.times, self.ids, self.frequency
        # Postings in time order, ties by id: the same pairs whatever order articles came
        # in. (One sort of every article, then each list by its rank: no key per entry.)
        ranked = sorted(range(len(ids)), key=lambda p: (times[p] or 0.0, ids[p]))
        rank = [0] * len(ids)
        for order, position in enumerate(ranked):
            rank[position] = order
        by_rank = rank.__getitem__
        shared: Counter[tuple[int, int]] = Counter()
        for weight, lists in ((1, self.words), (2, self.titles)):
            for word, positions in lists.items():
                if len(positions) < 2 or frequency[word] > limit:
                    continue
                positions.sort(key=by_rank)
                for start, a in enumerate(positions):
                    time_a = times[a]
                    if time_a is None:
                        continue
                    for b in positions[start + 1 : start + 1 + PARTNERS]:
                        time_b = times[b]
                        if time_b is None:
                            continue
                        if time_b - time_a > window:
                            break
                        shared[(a, b) if a < b else (b, a)] += weight
        # Less in common than this never made a pair alike enough (measured on the
        # labelled sets): not worth judging. A related link lowers the bar, but a pair
        # with next to nothing in common is not one story whatever a list says.
        pairs: dict[tuple[int, int], bool] = {}
        for pair, weight in shared.items():
            if weight >= MIN_SHARED_LINKED:
                linked = self._linked(*pair)
                if weight >= MIN_SHARED or linked:
                    pairs[pair] = linked
        return pairs

    def _linked(self, a: int, b: int) -> bool:
        """Whether either file lists the other among its related stories."""
        related, ids = self.related, self.ids
        listed_a, listed_b = related.get(a), related.get(b)
        return bool(
            (listed_a and ids[b] in listed_a.split()) or (listed_b and ids[a] in listed_b.split())
        )
