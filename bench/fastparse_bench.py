"""Time reader.fastparse.fast_load against libyaml's CSafeLoader on real front matter.

Usage: python bench/fastparse_bench.py [folder-or-file ...]
(default: /work/shared/corpus-real, /work/shared/seed-format and the bundled seeds/).

Every round parses every file once, in order, as an ingest would; each file's time is its
best round, so other processes' noise inflates only the spread. fast_load caches the values
of short plain scalars ("article", "true", "1400"), which repeat across an archive; to keep
that from flattering it here, where each file is parsed many times, the cache is emptied
before every call ("cold"). "warm" keeps it, as when each value has been seen before.
Also prints the coverage: the share of files the fast path takes instead of libyaml.
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

from reader import fastparse  # noqa: E402
from reader.fastparse import fast_load  # noqa: E402
from reader.frontmatter import split_front_matter  # noqa: E402

DEFAULT_SOURCES = (
    REPO.parent / "shared" / "corpus-real",
    REPO.parent / "shared" / "seed-format",
    REPO / "seeds",
)
ROUNDS = 30

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


def best_times_us(
    function: Callable[[Any], Any], inputs: list[Any], before_each: Callable[[], Any] | None
) -> list[float]:
    best = [float("inf")] * len(inputs)
    clock = time.perf_counter
    for _ in range(ROUNDS):
        for index, argument in enumerate(inputs):
            if before_each is not None:
                before_each()
            start = clock()
            function(argument)
            elapsed = clock() - start
            if elapsed < best[index]:
                best[index] = elapsed
    return [seconds * 1e6 for seconds in best]


def ingest(path: Path) -> Any:
    """Read, decode, split and parse one file: the per-file cost of a load, fast path first."""
    front, _body = split_front_matter(path.read_bytes().decode("utf-8"))
    return fast_load(front) or libyaml_load(front)


def summary(name: str, times: list[float]) -> str:
    p90 = statistics.quantiles(times, n=10)[-1]
    return (
        f"{name:<28} median {statistics.median(times):6.1f} µs   "
        f"mean {statistics.fmean(times):6.1f}   p90 {p90:6.1f}   max {max(times):6.1f}"
    )


def main(argv: list[str]) -> int:
    files = markdown_files([Path(arg) for arg in argv] or DEFAULT_SOURCES)
    if len(files) < 2:
        print("need at least two *.md files", file=sys.stderr)
        return 1
    fronts = [split_front_matter(path.read_text(encoding="utf-8"))[0] for path in files]
    results = [fast_load(front) for front in fronts]
    fallbacks = [path for path, result in zip(files, results, strict=True) if result is None]
    wrong = [
        path
        for path, front, result in zip(files, fronts, results, strict=True)
        if result is not None and result != libyaml_load(front)
    ]
    sizes = [len(front.encode("utf-8")) for front in fronts]

    clear_cache = fastparse._PLAIN_VALUES.clear
    cold = best_times_us(fast_load, fronts, clear_cache)
    warm = best_times_us(fast_load, fronts, None)
    slow = best_times_us(libyaml_load, fronts, None)
    cold_ingest = best_times_us(ingest, files, clear_cache)

    taken = len(files) - len(fallbacks)
    print(
        f"{len(files)} files; front matter median {statistics.median(sizes):,.0f} bytes, "
        f"largest {max(sizes):,} bytes"
    )
    print(
        f"coverage: {taken}/{len(files)} = {100 * taken / len(files):.1f}% taken by the fast path"
    )
    for path in fallbacks[:20]:
        print(f"  falls back: {path}")
    if wrong:
        print(f"MISMATCH with CSafeLoader in {len(wrong)} file(s): {wrong[:5]}")
    print(summary("fast_load (cold cache)", cold))
    print(summary("fast_load (warm cache)", warm))
    print(summary("CSafeLoader", slow))
    print(summary("ingest: read+split+fast_load", cold_ingest))
    speedups = [s / f for f, s in zip(cold, slow, strict=True)]
    print(
        f"speed-up (cold) median {statistics.median(speedups):.1f}x, "
        f"overall {sum(slow) / sum(cold):.1f}x"
    )
    per_kb = [t / (s / 1024) for t, s in zip(cold, sizes, strict=True)]
    print(f"fast_load (cold) per KB of front matter: median {statistics.median(per_kb):.1f} µs")
    for low, high in ((0, 1500), (1500, 2500), (2500, 4000)):
        bucket = [t for t, s in zip(cold, sizes, strict=True) if low <= s < high]
        if bucket:
            print(
                f"  {low:>5,}-{high:,} bytes: {len(bucket):3} files, "
                f"median {statistics.median(bucket):5.1f} µs (cold)"
            )
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
