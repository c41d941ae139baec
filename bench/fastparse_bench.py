"""Time reader.fastparse.fast_load against libyaml's CSafeLoader on real front matter.

Usage: python bench/fastparse_bench.py [folder-or-file ...]
(default: /work/shared/corpus-real, /work/shared/seed-format and the bundled seeds/).

Prints per-file median times (each file timed on its own, best of several rounds, so noise
from other processes inflates nothing but the spread), the speed-up, and the coverage: the
share of files the fast path takes instead of falling back to libyaml.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from reader.fastparse import fast_load  # noqa: E402
from reader.frontmatter import split_front_matter  # noqa: E402

DEFAULT_SOURCES = (
    REPO.parent / "shared" / "corpus-real",
    REPO.parent / "shared" / "seed-format",
    REPO / "seeds",
)
ROUNDS = 7  # best of: the least disturbed round is the closest to the real cost
CALLS = 20  # per round, so the clock's resolution doesn't matter

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def libyaml_load(text: str) -> Any:
    return yaml.load(text, Loader=_Loader)


def markdown_files(sources: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for source in sources:
        if source.is_dir():
            files += sorted(source.rglob("*.md"))
        elif source.is_file():
            files.append(source)
    return files


def per_call_us(function: Callable[[str], Any], text: str) -> float:
    best = float("inf")
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for _ in range(CALLS):
            function(text)
        best = min(best, time.perf_counter() - start)
    return best / CALLS * 1e6


def ingest_us(path: Path) -> float:
    """Read, decode, split and parse one file: the per-file cost of a cold load, fast path."""

    def once(_: str) -> Any:
        text = path.read_bytes().decode("utf-8")
        front, _body = split_front_matter(text)
        return fast_load(front) or libyaml_load(front)

    return per_call_us(once, "")


def main(argv: list[str]) -> int:
    files = markdown_files([Path(arg) for arg in argv] or DEFAULT_SOURCES)
    if not files:
        print("no *.md files found", file=sys.stderr)
        return 1
    fronts = [split_front_matter(path.read_text(encoding="utf-8"))[0] for path in files]
    taken = [front for front in fronts if fast_load(front) is not None]
    fallbacks = [str(path) for path, front in zip(files, fronts, strict=True) if front not in taken]
    wrong = [
        str(path)
        for path, front in zip(files, fronts, strict=True)
        if (result := fast_load(front)) is not None and result != libyaml_load(front)
    ]

    fast = [per_call_us(fast_load, front) for front in fronts]
    slow = [per_call_us(libyaml_load, front) for front in fronts]
    ingest = [ingest_us(path) for path in files]
    sizes = [len(front.encode("utf-8")) for front in fronts]
    fast_per_kb = statistics.median(t / (s / 1024) for t, s in zip(fast, sizes, strict=True))

    print(
        f"files: {len(files)}   front matter: median {statistics.median(sizes):,.0f} bytes, "
        f"max {max(sizes):,} bytes"
    )
    print(
        f"coverage: {len(taken)}/{len(files)} = {100 * len(taken) / len(files):.1f}% "
        "taken by the fast path"
    )
    for path in fallbacks[:20]:
        print(f"  falls back: {path}")
    if wrong:
        print(f"MISMATCH with CSafeLoader in {len(wrong)} file(s): {wrong[:5]}")
    print(
        f"fast_load   median {statistics.median(fast):7.1f} µs/file   "
        f"p90 {statistics.quantiles(fast, n=10)[-1]:7.1f}   ({fast_per_kb:.1f} µs/KB)"
    )
    print(
        f"CSafeLoader median {statistics.median(slow):7.1f} µs/file   "
        f"p90 {statistics.quantiles(slow, n=10)[-1]:7.1f}"
    )
    speedups = [s / f for f, s in zip(fast, slow, strict=True)]
    print(
        f"speed-up    median {statistics.median(speedups):.1f}x   "
        f"(total {sum(slow) / sum(fast):.1f}x)"
    )
    near_3kb = [t for t, s in zip(fast, sizes, strict=True) if 2500 <= s <= 3500]
    if near_3kb:
        print(
            f"fast_load on 2.5-3.5 KB front matter ({len(near_3kb)} files): "
            f"median {statistics.median(near_3kb):.1f} µs"
        )
    print(
        f"ingest (read + decode + split + fast_load) median {statistics.median(ingest):.1f} "
        "µs/file, one core"
    )
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
