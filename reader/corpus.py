"""A corpus: every article under some folders, deduped by identity.

The entry points callers use: `load_corpus` (through the index, see reader.ingest),
`Corpus` (reader.collection) and `read_detail`. Finding the files is reader.walk.
"""

from __future__ import annotations

from collections.abc import Iterable

from reader.collection import Corpus as Corpus
from reader.collection import read_detail as read_detail
from reader.ingest import load


def load_corpus(paths: Iterable[str], *, use_index: bool = True) -> Corpus:
    """Every article under `paths`, through the index (see reader.ingest)."""
    return load(paths, use_index=use_index)
