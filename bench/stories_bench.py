"""What story grouping costs (issue 10), and how well it groups.

    python -m bench.stories_bench [--sizes 100000] [--data-root /tmp] [--repeat 2]

For each size, on the generated corpus (bench.make_corpus, reused when there):

  cold ingest     a first read into an empty cache, with stories and without
                  (READER_BENCH_NO_STORIES=1: no fingerprints in the workers, no grouping);
                  the difference is what grouping adds (target ≤ 3 s at 100k)
  live update     100 new files added to a warm corpus, then the load a live update runs:
                  with stories and without, the difference what grouping adds (≤ 50 ms)
  peak memory     ru_maxrss of the cold ingest with stories (target ≤ 250 MB at 100k)

Then precision and recall on the labelled sets (bench/stories_eval.py). Each timing is a
child process of its own, so no run warms another's caches. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.make_corpus import is_current

REPO = Path(__file__).resolve().parent.parent
LIVE_FILES = 100

_CHILD = r"""
import json, resource, sys, time
from reader import ingest
grouping = 0.0
attach = ingest.attach_stories
def timed_attach(*args, **kwargs):  # grouping's own time, as the load runs it
    global grouping
    began = time.perf_counter()
    try:
        return attach(*args, **kwargs)
    finally:
        grouping += time.perf_counter() - began
ingest.attach_stories = timed_attach
started = time.perf_counter()
corpus = ingest.load([sys.argv[1]])
elapsed = time.perf_counter() - started
grouped = sum(1 for a in corpus.articles.values() if a.story)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": elapsed, "articles": len(corpus.articles), "grouped": grouped,
                  "peak_mb": peak, "grouping": grouping}))
"""


def run_child(corpus: Path, stories: bool, cache: Path, code: Path = REPO) -> dict[str, float]:
    """One load of `corpus` with the cache in `cache`, in a process of its own (importing
    reader/ from `code`)."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(code)}
    env.pop("READER_BENCH_NO_STORIES", None)
    if not stories:
        env["READER_BENCH_NO_STORIES"] = "1"
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(corpus)], env=env, capture_output=True, text=True
    )
    if out.returncode:
        raise SystemExit(f"bench child failed:\n{out.stderr}")
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def corpus_for(size: int, root: Path) -> Path:
    folder = root / f"bench-{size // 1000}k" if size >= 1000 else root / f"bench-{size}"
    if not (folder / "_news").is_dir() or not is_current(folder):
        subprocess.run(
            [sys.executable, "-m", "bench.make_corpus", str(size), str(folder), "--clean"],
            cwd=REPO,
            check=True,
        )
    return folder


def new_files(corpus: Path, into: Path) -> list[Path]:
    """LIVE_FILES articles not in the corpus: copies of its newest, with new URLs."""
    into.mkdir(parents=True, exist_ok=True)
    sources = sorted((corpus / "_news").glob("*.md"))[-LIVE_FILES:]
    made = []
    for index, source in enumerate(sources):
        text = source.read_text(encoding="utf-8").replace("https://", f"https://live{index}.")
        path = into / f"zz-live-{index:03d}-{source.name}"
        path.write_text(text, encoding="utf-8")
        made.append(path)
    return made


@dataclass
class Cost:
    """What grouping costs at one size: each run's seconds, with stories and without."""

    cold: dict[bool, list[float]] = field(default_factory=lambda: {True: [], False: []})
    live: dict[bool, list[float]] = field(default_factory=lambda: {True: [], False: []})
    live_grouping: list[float] = field(default_factory=list)  # attach_stories alone
    cold_grouping: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)
    grouped: int = 0


def measure(size: int, root: Path, repeat: int) -> list[tuple[str, str, str]]:
    return cost_rows(size, measure_cost(corpus_for(size, root), repeat), repeat)


def measure_cost(corpus: Path, repeat: int, code: Path = REPO) -> Cost:
    """Cold ingests and live updates of `corpus` (a folder with _news/), with stories
    and without, alternating, each in a process of its own."""
    news = corpus / "_news"
    cost = Cost()
    cold, live, peaks = cost.cold, cost.live, cost.peaks
    with tempfile.TemporaryDirectory() as scratch:
        extra = new_files(corpus, Path(scratch) / "new")
        warm = {True: Path(scratch) / "warm-stories", False: Path(scratch) / "warm-plain"}
        for _ in range(repeat):
            for stories in (True, False):
                cache = Path(scratch) / "cache"
                shutil.rmtree(cache, ignore_errors=True)
                result = run_child(corpus, stories, cache, code)
                cold[stories].append(result["seconds"])
                if stories:
                    peaks.append(result["peak_mb"])
                    cost.grouped = int(result["grouped"])
                    cost.cold_grouping.append(result["grouping"])
                shutil.rmtree(warm[stories], ignore_errors=True)
                cache.rename(warm[stories])  # the warm index the live update starts from
        for _ in range(repeat):
            for stories in (True, False):
                cache = Path(scratch) / "cache"
                shutil.rmtree(cache, ignore_errors=True)
                shutil.copytree(warm[stories], cache)
                added = [Path(shutil.copy(path, news / path.name)) for path in extra]
                try:
                    result = run_child(corpus, stories, cache, code)
                    live[stories].append(result["seconds"])
                    if stories:
                        cost.live_grouping.append(result["grouping"])
                finally:
                    for path in added:
                        path.unlink()
    return cost


def cost_rows(size: int, cost: Cost, repeat: int) -> list[tuple[str, str, str]]:
    cold, live, peaks, grouped = cost.cold, cost.live, cost.peaks, cost.grouped
    rows: list[tuple[str, str, str]] = []
    plus = statistics.median(cold[True]) - statistics.median(cold[False])
    rows.append(
        (
            f"cold ingest, {size:,} files",
            f"{statistics.median(cold[True]):.2f} s with stories, "
            f"{statistics.median(cold[False]):.2f} s without: **+{plus:.2f} s** (target ≤ 3 s)",
            f"{grouped:,} articles share a story; median of {repeat}",
        )
    )
    rows.append(
        (
            f"peak memory, cold ingest of {size:,}",
            f"{max(peaks):.0f} MB (target ≤ 250 MB)",
            "ru_maxrss of the loading process",
        )
    )
    plus_ms = (statistics.median(live[True]) - statistics.median(live[False])) * 1000
    rows.append(
        (
            f"live update of {LIVE_FILES} new files, {size:,} in all",
            f"{statistics.median(live[True]) * 1000:.0f} ms with stories, "
            f"{statistics.median(live[False]) * 1000:.0f} ms without: **+{plus_ms:.0f} ms** "
            "(target ≤ 50 ms)",
            f"the whole reload a live update runs (walk, parse, index, group); median of {repeat}; "
            f"grouping alone (attach_stories, timed inside): "
            f"{statistics.median(cost.live_grouping) * 1000:.0f} ms",
        )
    )
    return rows


def quality_rows() -> list[tuple[str, str, str]]:
    from bench.stories_eval import evaluate

    sets = [
        ("tests/fixtures/stories (invented)", REPO / "tests/fixtures/stories", None),
        ("seeds/ (invented)", REPO / "seeds", REPO / "tests/fixtures/story_labels_seeds.json"),
    ]
    real = REPO.parent / "shared" / "corpus-real"
    if real.is_dir():
        sets.append(("../shared/corpus-real", real, REPO / "tests/fixtures/story_labels_real.json"))
    rows = []
    for name, folder, labels in sets:
        precision, recall, _report = evaluate(folder, labels or folder / "labels.json")
        rows.append((f"grouping on {name}", f"precision {precision:.3f}, recall {recall:.3f}", ""))
    return rows


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {memory:.1f} GiB; Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000")
    parser.add_argument("--data-root", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    started = time.time()
    load_before = os.getloadavg()[0]
    rows: list[tuple[str, str, str]] = []
    for size in (int(s) for s in args.sizes.split(",")):
        rows += measure(size, args.data_root, args.repeat)
    rows += quality_rows()
    print(f"Machine: {machine()}; load average {load_before:.2f} at the start")
    print(
        f"Run: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime(started))}, "
        f"{time.time() - started:.0f} s\n"
    )
    print("| measure | result | notes |\n|---|---|---|")
    for measure_name, result, notes in rows:
        print(f"| {measure_name} | {result} | {notes} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
