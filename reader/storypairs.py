"""How alike two articles are, and whether they can be one story at all. Pure.

The evidence of reader/stories.py's grouping (its module doc says how it is used): the
TF-IDF cosine of title and excerpt (title words twice), bonuses for phrases, rare names
and a related link, a penalty for days apart, and the vetoes. Reads fingerprints made by
reader/storyterms.py.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import pairwise

from reader.storyterms import MAYBE, SEPARATOR

SAME_STORY = 0.45
LATE_PENALTY = 0.04  # per day apart past two
PHRASE_BONUS = 0.2  # for SHARED_PHRASES or more word pairs in common
SHARED_PHRASES = 3
COMMON_PHRASE = 5  # a pair of words each used by this many times RARE_FLOOR is common
NAME_BONUS = 0.1  # per rare name in both titles, for up to two
LINK_BONUS = 0.1  # one file lists the other among its related stories
# Two articles made from one template share a run of this many common words in a row in
# their titles ("Market Size, Strength, Major Types") around this many title words each
# the other never uses; one story's headlines share rare ones ("Berkshire Grey raises").
TITLE_RUN, TEMPLATE_SLOT = 4, 2
# Words used by more than this share of the articles never make candidates (they still
# count in the likeness); at least RARE_FLOOR articles, so that small folders still pair.
RARE_SHARE = 0.0005
RARE_FLOOR = 12
# Names are rare by a stricter measure: in a small folder, a word in a tenth of the files
# may start a candidate but is no story's name.
NAME_FLOOR = 3
# Small corpora have unreliable document frequencies: smoothed as if the corpus had at
# least this many articles.
SMOOTHING_DOCS = 2000
_DAY = 86_400.0


class Parsed:
    """One fingerprint, read back for comparing."""

    __slots__ = (
        "bigrams",
        "maybe_names",
        "names",
        "runs",
        "subject",
        "terms",
        "title",
        "topic",
    )

    def __init__(self, fingerprint_text: str) -> None:
        parts = fingerprint_text.split(SEPARATOR)
        # (A fingerprint that isn't one, from a damaged index, compares as nothing.)
        title, excerpt, names = parts if len(parts) == 3 else ("", "", "")
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
        # Longer runs: what a template's fixed text leaves in two articles made from it.
        self.runs = _runs(title_words, TITLE_RUN)


def rare_limit(size: int) -> int:
    """The most articles of `size` a word is used by to be rare (never more than half the
    corpus: in a small folder, a word in every file says nothing). Grows with `size`."""
    return min(max(RARE_FLOOR, int(size * RARE_SHARE)), max(2, size // 2))


class Judge:
    """Whether two articles tell one story, and how surely (see the module doc)."""

    def __init__(
        self,
        times: Sequence[float | None],
        frequency: Counter[str],
        counts: Mapping[str, int] | None = None,
        corpus_size: int | None = None,
    ) -> None:
        self.times = times
        self.frequency = frequency
        if counts is not None:  # a part of a corpus: how many of all its articles use each
            for word, local in frequency.items():
                frequency[word] = max(local, counts.get(word, 1))
        size = corpus_size if corpus_size is not None else len(times)
        total = max(size, SMOOTHING_DOCS)
        self.idf = {
            word: math.log((total + 1) / (count + 1)) + 1 for word, count in frequency.items()
        }
        self.rarest = math.log((total + 1) / 2) + 1
        self.rare_limit = rare_limit(size)
        self.name_limit = max(NAME_FLOOR, int(size * RARE_SHARE))
        self._vectors: dict[int, tuple[dict[str, float], float]] = {}
        # The fingerprints of the articles to judge, read back for them alone.
        self.fingerprints: dict[int, str] = {}
        self._parsed: dict[int, Parsed] = {}

    def parsed(self, index: int) -> Parsed:
        found = self._parsed.get(index)
        if found is None:
            found = self._parsed[index] = Parsed(self.fingerprints.get(index, ""))
        return found

    def vector(self, index: int) -> tuple[dict[str, float], float]:
        found = self._vectors.get(index)
        if found is None:
            idf = self.idf
            rarest = self.rarest  # a word not counted (the files changed meanwhile)
            weights = {w: c * idf.get(w, rarest) for w, c in self.parsed(index).terms.items()}
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
        if (
            _slot(first, second)
            and _slot(second, first)
            and any(all(frequency[w] > rare_limit for w in run) for run in first.runs & second.runs)
        ):
            return None  # one template, filled in twice: common words around different ones
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
        gap = abs((self.times[a] or 0.0) - (self.times[b] or 0.0)) / _DAY
        return score - LATE_PENALTY * max(0.0, gap - 2.0)


def _runs(words: list[str], length: int) -> set[tuple[str, ...]]:
    """Every `length` words in a row."""
    return {tuple(words[i : i + length]) for i in range(len(words) - length + 1)}


def _slot(first: Parsed, second: Parsed) -> bool:
    """Has `first`'s title words of its own, that `second` never uses (a template's
    blanks, filled in)?"""
    return sum(1 for word in first.title if word not in second.terms) >= TEMPLATE_SLOT
