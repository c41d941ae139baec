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
    same boilerplate).
- Joining: strongest pairs first; two stories (or a story and an article) become one only
  if enough of the pairs between them are alike, so one loose pair can't chain them.

The archive's own `related` lists are evidence, not a verdict: in the labelled sample of
its older generation many link a piece to another story on the same topic.

Plain Python, by measurement: see bench/stories_eval.py and the README.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, pairwise

from reader.storyterms import MAYBE, SEPARATOR

WINDOW_DAYS = 7.0
SAME_STORY = 0.45
LATE_PENALTY = 0.04  # per day apart past two
PHRASE_BONUS = 0.2  # for SHARED_PHRASES or more word pairs in common
SHARED_PHRASES = 3
COMMON_PHRASE = 5  # a pair of words each used by this many times RARE_FLOOR is common
NAME_BONUS = 0.1  # per rare name in both titles, for up to two
LINK_BONUS = 0.1  # one file lists the other among its related stories
JOIN_SHARE = 0.3  # see _may_join
# Words used by more than this share of the articles never make candidates (they still
# count in the likeness); at least RARE_FLOOR articles, so that small folders still pair.
RARE_SHARE = 0.0005
RARE_FLOOR = 12
# Names are rare by a stricter measure: in a small folder, a word in a tenth of the files
# may start a candidate but is no story's name.
NAME_FLOOR = 3
MIN_SHARED = 6  # candidates: rare words in common (one in both titles counts 3)
MIN_SHARED_LINKED = 2  # the same, for files where one lists the other as related
# A rare word's articles are paired only with the next this many (by time) within the
# window: a word every article of one day has says little, and would cost a square.
PARTNERS = 40
# Small corpora have unreliable document frequencies: smoothed as if the corpus had at
# least this many articles.
SMOOTHING_DOCS = 2000
_DAY = 86_400.0


@dataclass(frozen=True, slots=True)
class StoryInput:
    """What grouping looks at, per article."""

    id: str
    fingerprint: str
    timestamp: float | None = None  # published, as a Unix time
    related_ids: tuple[str, ...] = ()  # ids of the article's related items' URLs


class _Parsed:
    """One fingerprint, read back for comparing."""

    __slots__ = ("bigrams", "maybe_names", "names", "subject", "terms", "title", "topic")

    def __init__(self, fingerprint_text: str) -> None:
        title, excerpt, names = fingerprint_text.split(SEPARATOR)
        title_words, excerpt_words = title.split(), excerpt.split()
        self.title = frozenset(title_words)
        # What the article is about by its own account: title words its excerpt repeats.
        self.topic = self.title.intersection(excerpt_words)
        terms: dict[str, float] = Counter(excerpt_words)  # type: ignore[assignment]
        for word in title_words:  # title words count twice
            terms[word] = terms.get(word, 0) + 2
        self.terms = terms
        all_names = names.split()
        self.names = frozenset(n for n in all_names if n[0] != MAYBE)
        self.maybe_names = frozenset(n[1:] for n in all_names if n[0] == MAYBE)
        # A headline's first word, if it is surely a name: in "X achieves …" and the
        # other templates of press releases, what differs is who.
        first = title_words[0] if title_words else ""
        self.subject = first if first in self.names else ""
        # Word pairs in a row: a phrase two texts share says more than its words apart.
        self.bigrams = {*pairwise(title_words), *pairwise(excerpt_words)}


class _Judge:
    """Whether two articles tell one story, and how surely (see the module doc)."""

    def __init__(
        self,
        items: Sequence[StoryInput],
        counts: Mapping[str, int] | None = None,
        corpus_size: int | None = None,
    ) -> None:
        self.items = items
        # Every article's words, as a set: all that counting and the candidate search
        # need. The rest of a fingerprint is read only for the articles judged (_parsed).
        self.words = word_sets(items)
        self.frequency = Counter(chain.from_iterable(self.words))
        if counts is not None:  # a part of a corpus: how many of all its articles use each
            frequency = self.frequency
            for word, local in frequency.items():
                frequency[word] = max(local, counts.get(word, 1))
        size = corpus_size if corpus_size is not None else len(items)
        total = max(size, SMOOTHING_DOCS)
        self.idf = {
            word: math.log((total + 1) / (count + 1)) + 1 for word, count in self.frequency.items()
        }
        # Never more than half the corpus: in a small folder, a word in every file says
        # nothing.
        self.rare_limit = min(max(RARE_FLOOR, int(size * RARE_SHARE)), max(2, size // 2))
        self.name_limit = max(NAME_FLOOR, int(size * RARE_SHARE))
        self._vectors: dict[int, tuple[dict[str, float], float]] = {}
        self._parsed: dict[int, _Parsed] = {}

    def parsed(self, index: int) -> _Parsed:
        found = self._parsed.get(index)
        if found is None:
            found = self._parsed[index] = _Parsed(self.items[index].fingerprint)
        return found

    def vector(self, index: int) -> tuple[dict[str, float], float]:
        found = self._vectors.get(index)
        if found is None:
            idf = self.idf
            weights = {w: c * idf[w] for w, c in self.parsed(index).terms.items()}
            found = (weights, math.sqrt(sum(v * v for v in weights.values())) or 1.0)
            self._vectors[index] = found
        return found

    def cosine(self, a: int, b: int) -> float:
        (vector_a, norm_a), (vector_b, norm_b) = self.vector(a), self.vector(b)
        if len(vector_a) > len(vector_b):
            vector_a, vector_b = vector_b, vector_a
        dot = sum(weight * vector_b[word] for word, weight in vector_a.items() if word in vector_b)
        return dot / (norm_a * norm_b)

    def evidence(self, a: int, b: int, linked: bool = False) -> float | None:
        """How surely a and b tell one story (≥ SAME_STORY: they do), or None when their
        names say they don't."""
        first, second = self.parsed(a), self.parsed(b)
        frequency, name_limit = self.frequency, self.name_limit
        names_a = first.names | {n for n in first.maybe_names if frequency[n] <= name_limit}
        names_b = second.names | {n for n in second.maybe_names if frequency[n] <= name_limit}
        shared = names_a & names_b
        # Names in one title the other article never mentions: two companies' look-alike
        # announcements, two markets' look-alike reports. They count against the pair as
        # far as they outweigh the names both share.
        rare_names = sum(1 for n in shared if frequency[n] <= name_limit)
        # (Only sure names: in a Title Case headline a rare word may be no name at all;
        # but two rare first words that differ are two subjects.)
        sure = sum(1 for n in first.names & second.names if frequency[n] <= name_limit)
        if sure < 2 and (
            any(frequency[n] <= name_limit and n not in second.terms for n in first.names)
            and any(frequency[n] <= name_limit and n not in first.terms for n in second.names)
        ):
            return None
        rare_limit = self.rare_limit
        if any(frequency[w] <= rare_limit and w not in second.terms for w in first.topic) and any(
            frequency[w] <= rare_limit and w not in first.terms for w in second.topic
        ):
            return None  # each is about something the other never mentions
        subject_a, subject_b = first.subject, second.subject
        if (  # whatever else they share: two press releases of one template
            subject_a
            and subject_b
            and subject_a not in second.terms
            and subject_b not in first.terms
            and frequency[subject_a] <= name_limit
            and frequency[subject_b] <= name_limit
        ):
            return None
        score = self.cosine(a, b)
        # Common pairs ("machine learning", "market size") say nothing of the story.
        common = self.rare_limit * COMMON_PHRASE
        phrases = sum(
            1
            for one, two in first.bigrams & second.bigrams
            if frequency[one] <= common or frequency[two] <= common
        )
        if phrases >= SHARED_PHRASES:
            score += PHRASE_BONUS
        score += NAME_BONUS * min(rare_names, 2)
        if linked:
            score += LINK_BONUS
        gap = abs((self.items[a].timestamp or 0.0) - (self.items[b].timestamp or 0.0)) / _DAY
        return score - LATE_PENALTY * max(0.0, gap - 2.0)


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


def word_sets(items: Iterable[StoryInput]) -> list[frozenset[str]]:
    """Each article's words (title and excerpt), once each: what counting needs."""
    return [frozenset(item.fingerprint.rpartition(SEPARATOR)[0].split()) for item in items]


def group(
    items: Sequence[StoryInput],
    *,
    counts: Mapping[str, int] | None = None,
    total: int | None = None,
) -> dict[str, str]:
    """Article id → story id, for the articles that share a story with another (an
    article alone in its story is left out: its story id is its own id). A story's id is
    the smallest article id in it, so it doesn't depend on the order items come in.

    `items` may be part of a corpus of `total` articles whose words `counts` counts (how
    many articles use each; a word missing there is used once)."""
    judge = _Judge(items, counts, total)
    links = _links(items)
    pairs = _candidates(items, judge, links)
    evidence: dict[tuple[int, int], float] = {}
    for a, b in pairs:
        found = judge.evidence(a, b, (a, b) in links)
        if found is not None and found >= SAME_STORY:
            evidence[a, b] = found
    stories = _Stories(len(items))
    for (a, b), _strength in sorted(evidence.items(), key=lambda e: (-e[1], e[0])):
        root_a, root_b = stories.find(a), stories.find(b)
        if root_a != root_b and _may_join(
            stories.group_of(root_a), stories.group_of(root_b), evidence
        ):
            stories.join(a, b)
    result: dict[str, str] = {}
    for members in stories.members.values():  # only stories of more than one article
        story = min(items[m].id for m in members)
        for member in members:
            result[items[member].id] = story
    return result


def _links(items: Sequence[StoryInput]) -> set[tuple[int, int]]:
    """Pairs (a < b) where one file lists the other among its related stories."""
    position = {item.id: index for index, item in enumerate(items)}
    links: set[tuple[int, int]] = set()
    for index, item in enumerate(items):
        for other in item.related_ids:
            found = position.get(other)
            if found is not None and found != index:
                links.add((index, found) if index < found else (found, index))
    return links


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


def _candidates(
    items: Sequence[StoryInput], judge: _Judge, links: set[tuple[int, int]]
) -> set[tuple[int, int]]:
    """Pairs (a < b) worth judging: linked, or sharing enough rare words within the
    window (a word both titles have counts three times)."""
    frequency, rare_limit = judge.frequency, judge.rare_limit
    order = sorted(
        (index for index, item in enumerate(items) if item.timestamp is not None),
        key=lambda index: items[index].timestamp or 0.0,
    )
    rare = frozenset(word for word, count in frequency.items() if count <= rare_limit)
    postings: dict[str, list[int]] = defaultdict(list)
    title_postings: dict[str, list[int]] = defaultdict(list)
    for index in order:  # so every posting list is in time order
        rare_words = judge.words[index] & rare
        if not rare_words:
            continue
        for word in rare_words:
            postings[word].append(index)
        title = items[index].fingerprint.partition(SEPARATOR)[0]
        for word in rare_words.intersection(title.split()):
            title_postings[word].append(index)
    window = WINDOW_DAYS * _DAY
    times = [item.timestamp or 0.0 for item in items]
    shared: Counter[tuple[int, int]] = Counter()
    for weight, lists in ((1, postings), (2, title_postings)):
        for positions in lists.values():
            if len(positions) < 2:
                continue
            for start, a in enumerate(positions):
                time_a = times[a]
                for b in positions[start + 1 : start + 1 + PARTNERS]:
                    if times[b] - time_a > window:
                        break
                    shared[(a, b) if a < b else (b, a)] += weight
    # Less in common than this never made a pair alike enough (measured on the labelled
    # sets): not worth judging. A related link lowers the bar, but a pair with next to
    # nothing in common is not one story whatever a list says.
    return {
        pair
        for pair, weight in shared.items()
        if weight >= MIN_SHARED or (weight >= MIN_SHARED_LINKED and pair in links)
    }


def estimated_heat(quality: int | None, related_count: int, story_size: int) -> int | None:
    """The archive's own heat: quality + 10 × coverage, where coverage is the related
    list when the file has one, else the other articles of its story; None when there
    is nothing to go on (no quality, no related list, alone in its story)."""
    coverage = related_count if related_count > 0 else story_size - 1
    if quality is None and coverage <= 0:
        return None
    return (quality or 0) + 10 * max(coverage, 0)
