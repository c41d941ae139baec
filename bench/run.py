"""Measure reader-tui against the targets of the scale issue.

    python -m bench.run [--sizes 10000,100000] [--repeat N] [--smoke] [--out bench/RESULTS.md]

For each corpus size (generated with bench.make_corpus into /tmp/bench-10k etc., reused when
already there) this measures, in this order, one thing at a time:

  cold       the real CLI in a pseudo-terminal with an empty cache: first paint, first partial
             list, and the whole ingest ("loaded"); it also builds the index for what follows
  warm       the real CLI again (same cache, fresh data/config dirs): corpus shown, then loaded
  memory     the real CLI run to "loaded" and through some key presses, then quit: peak RSS
  keys etc.  in-process (App.run_test): key press to the frame that shows it, topic switch,
             unread-only toggle, re-sort
  list       `reader list --unread --limit 20 DIR`, against newsboat's print-unread

The app writes {"event", "time", "articles"} lines to $READER_BENCH_EVENTS (reader/app.py).
Nothing here imports reader or textual at module level: those run in child processes.
`--smoke` runs all of it on 300 files to check the harness; it asserts no timing target.
"""

from __future__ import annotations

import argparse
import asyncio
import codecs
import contextlib
import cProfile
import fcntl
import gc
import hashlib
import json
import math
import os
import platform
import pty
import re
import resource
import shlex
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parent.parent
COLUMNS, LINES = 160, 45
SMOKE_SIZE = 300
KEY_GAP = 0.03  # seconds from one press's last frame to the next press
HELD_REPEAT = 1 / 30  # seconds between presses of a held key (a typical repeat rate)
FRAME_MS = 1000 / 60  # one frame of a 60 Hz display: the longest a UI stall may last
SEARCH_WORDS = ("robot", "chip", "cloud")  # typed into `/` one key at a time
# Issue 10's "one row per story" toggle: measured once the app has this action.
GROUPING_ACTION, GROUPING_KEY = "toggle_stories", "c"
NEWSBOAT_REFERENCE_PRINT_UNREAD = 0.09  # s, print-unread on a 10k-item feed (the issue)
NEWSBOAT_REFERENCE_RELOAD = 196.0  # µs per item (the issue)
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
# Terminal escape sequences (CSI, OSC, DCS and two-byte ones), to read what is on screen.
ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|[\]P_^][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
# The status bar once counts are known: " 9,700 articles  9,700 unread".
STATUS_COUNTS = re.compile(r"\d[\d,]* articles  \d[\d,]* unread")
FIRST_FRAME = re.compile(r"Topics")  # the sidebar's border title: the window is drawn

# Every target of the issue, by the name printed for it (tests/unit/test_bench_smoke.py
# checks that a run mentions each one).
TARGET_NAMES = (
    "warm start",
    "key j",
    "key k",
    "page down",
    "g/G",
    "topic switch",
    "unread toggle",
    "re-sort",
    "grouping toggle",
    "search keystroke",
    "peak memory",
    "main-thread stall",
    "cold interactive",
    "cold first partial list",
    "cold full ingest",
    "reader list --unread",
    "reader list --limit 1 (seeds)",
)
# Issue 12's targets (its sizes: 10k and 100k on the 2-core machine).
KEY_MEDIAN, KEY_P95 = 8.0, 16.0  # ms, key → screen, the detail pane included
SWITCH_P95 = 16.0  # ms: topic switch, unread-only, re-sort, grouping, a search keystroke
KEY_ROWS = (("j", "key j"), ("k", "key k"), ("pagedown", "page down"), ("gG", "g/G"))
COLD_INTERACTIVE = 0.5  # s: the window drawn, and the hottest rows read so far in it
PEAK_MEMORY_MB = 200.0
# Issue 10: what story grouping may add.
STORIES_COLD_S = 3.0  # to a cold ingest (judged at 100k; reported at every size)
STORIES_LIVE_MS = 50.0  # to a live update of 100 new files
STORIES_MEMORY_MB = 250.0


# -- results ------------------------------------------------------------------------------


@dataclass
class Row:
    size: int
    name: str
    unit: str  # "s", "ms", "MB", "µs/file"
    samples: list[float] = field(default_factory=list)
    target: float | None = None  # None: reported, not judged
    judge: str = "median"  # the statistic compared with the target: "median", "p95", "max"
    note: str = ""
    error: str = ""

    @property
    def value(self) -> float | None:
        if not self.samples:
            return None
        if self.judge == "max":
            return max(self.samples)
        return percentile(self.samples, 95) if self.judge == "p95" else median(self.samples)

    @property
    def ratio(self) -> float | None:
        value = self.value
        if value is None or not self.target:
            return None
        return value / self.target

    @property
    def result(self) -> str:
        if self.error:
            return "ERROR"
        ratio = self.ratio
        if ratio is None:
            return "info"
        return "PASS" if ratio <= 1.0 else "FAIL"


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def percentile(samples: Sequence[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value:.3f}"
    if unit == "ms":
        return f"{value:.1f}"
    if unit in ("MB", "µs/file", "µs/item", "%"):
        return f"{value:.0f}" if value >= 100 else f"{value:.1f}"
    return f"{value:.3g}"


def table_rows(rows: list[Row]) -> list[list[str]]:
    out = []
    for row in rows:
        samples = row.samples
        target = "—"
        if row.target is not None:
            judged = {"p95": "p95 ", "max": "max "}.get(row.judge, "")
            target = f"{judged}≤ {fmt(row.target, row.unit)}"
        ratio = row.ratio
        out.append(
            [
                f"{row.size:,}",
                row.name,
                row.unit,
                str(len(samples)),
                fmt(median(samples) if samples else None, row.unit),
                fmt(min(samples) if samples else None, row.unit),
                fmt(max(samples) if samples else None, row.unit),
                fmt(percentile(samples, 95) if samples else None, row.unit),
                target,
                f"{ratio:.2f}×" if ratio is not None else "—",
                row.result,
                row.error or row.note,
            ]
        )
    return out


HEADER = ["size", "measure", "unit", "n", "median", "min", "max", "p95", "target", "ratio",
          "result", "notes"]  # fmt: skip


def text_table(rows: list[Row]) -> str:
    body = table_rows(rows)
    widths = [max(len(r[i]) for r in [HEADER, *body]) for i in range(len(HEADER) - 1)]
    lines = []
    for cells in [HEADER, *body]:
        parts = [c.rjust(w) if i >= 3 and i <= 9 else c.ljust(w)
                 for i, (c, w) in enumerate(zip(cells, widths, strict=False))]  # fmt: skip
        lines.append("  ".join(parts) + "  " + cells[-1])
    return "\n".join(line.rstrip() for line in lines)


def markdown_table(rows: list[Row]) -> str:
    body = table_rows(rows)
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    for cells in body:
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


# -- the machine --------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "unknown"
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    info = {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "ram": ram,
        "python": platform.python_version(),
        "textual": _version("textual"),
        "reader-tui": _version("reader-tui"),
        "os": platform.platform(),
    }
    info["source"] = source_fingerprint()
    exe = shutil.which("newsboat")
    if exe:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=10)
            info["newsboat"] = out.stdout.split(" - ")[0].strip() if out.stdout else "?"
    return info


def source_fingerprint() -> str:
    """The commit checked out (read from .git, no git command) and a digest of the sources
    measured, which may have uncommitted changes: ties a table to the code it measured."""
    commit = "unknown"
    with contextlib.suppress(OSError, IndexError):
        git = REPO / ".git"
        if git.is_file():  # a worktree: ".git" names its own git dir, refs are shared
            git = (REPO / git.read_text().split("gitdir:", 1)[1].strip()).resolve()
        common = git
        if (git / "commondir").exists():
            common = (git / (git / "commondir").read_text().strip()).resolve()
        head = (git / "HEAD").read_text().strip()
        if head.startswith("ref: "):
            ref = head[5:]
            ref_file = common / ref
            if ref_file.exists():
                commit = ref_file.read_text().strip()
            else:
                for line in (common / "packed-refs").read_text().splitlines():
                    if line.endswith(" " + ref):
                        commit = line.split()[0]
        else:
            commit = head
    package = SOURCE.root / "reader"
    styles = package / "styles" if SOURCE.frozen else REPO / "styles"
    files = [(str(f.relative_to(package)), f) for f in package.rglob("*.py")]
    files += [("styles/" + str(f.relative_to(styles)), f) for f in styles.rglob("*.tcss")]
    digest = hashlib.sha256()
    for name, path in sorted(files):
        if "__pycache__" not in name:
            digest.update(name.encode() + b"\0" + path.read_bytes())
    where = "a frozen copy" if SOURCE.frozen else "the live tree"
    return (f"commit {commit[:12]}; reader/ + styles/ sha256 {digest.hexdigest()[:12]} "
            f"({where}, taken {SOURCE.taken})")  # fmt: skip


def _version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


# -- corpora ------------------------------------------------------------------------------


def size_label(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 and n >= 1000 else str(n)


def count_md(folder: Path) -> int:
    try:
        return sum(1 for name in os.listdir(folder) if name.endswith(".md"))
    except FileNotFoundError:
        return 0


def ensure_corpus(n: int, root: Path, log: Callable[[str], None]) -> Path:
    """DIR/_news with n articles; reuses a complete one, waits for one being written."""
    news = root / "_news"
    last, still = count_md(news), 0
    while 0 < last < n and still < 6:  # someone may be writing it right now
        log(f"  {news} has {last:,} of {n:,} files; waiting for it to fill…")
        time.sleep(10)
        now = count_md(news)
        still = still + 1 if now == last else 0
        last = now
    from bench.make_corpus import is_current

    if last < n or not is_current(root):  # (more than n: files added, e.g. --bad ones)
        log(f"  generating {n:,} articles into {news}")
        subprocess.run(
            [sys.executable, "-m", "bench.make_corpus", str(n), str(root), "--clean"],
            cwd=REPO,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return news


# -- running the real CLI in a pseudo-terminal ---------------------------------------------


@dataclass
class PtyRun:
    start: float
    events: dict[str, dict[str, Any]]
    maxrss_mb: float  # ru_maxrss of the process (and of the children it reaped)
    tree_peak_mb: float | None  # sampled sum over the process tree, when asked for
    exit_code: int
    wall: float
    output: list[tuple[float, bytes]]  # what the app wrote to its terminal, when it was read

    @property
    def tail(self) -> str:
        return b"".join(chunk for _, chunk in self.output)[-2000:].decode("utf-8", "replace")

    def since_start(self, event: str) -> float:
        if event not in self.events:
            raise RuntimeError(f"the app never reported {event!r}; screen tail: {self.tail!r}")
        return self.events[event]["time"] - self.start

    def seen(self, pattern: re.Pattern[str]) -> float | None:
        """Seconds from start until the terminal output, escape sequences removed, first
        matched `pattern`: a check on the app's own events from outside the process."""
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        raw = ""
        for when, chunk in self.output:
            raw += decoder.decode(chunk)
            raw = raw[-8192:]
            if pattern.search(ANSI.sub("", raw)):
                return when - self.start
        return None


def reader_command(*args: str) -> list[str]:
    script = Path(sys.executable).with_name("reader")
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-m", "reader", *args]


@dataclass
class Source:
    """Where child processes import reader (and bench) from."""

    root: Path = REPO
    frozen: bool = False
    taken: str = ""
    # Compiled bytecode, as an installed package has it (pip compiles on install);
    # PYTHONDONTWRITEBYTECODE would make every start compile reader/ from source.
    pycache: Path = Path(tempfile.gettempdir()) / "bench-pycache"


SOURCE = Source()


def freeze_sources(into: Path) -> None:
    """Copy reader/ (with styles/ and seeds/ where the installed package has them) and
    bench/ into `into`, and import from there: others may edit the tree during a run, and
    every process of one run must measure the same code."""
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(REPO / "reader", into / "reader", ignore=skip)
    shutil.copytree(REPO / "styles", into / "reader" / "styles", ignore=skip)
    shutil.copytree(REPO / "seeds", into / "reader" / "seeds", ignore=skip)
    shutil.copytree(REPO / "bench", into / "bench", ignore=skip)
    SOURCE.root, SOURCE.frozen, SOURCE.pycache = into, True, into / "pycache"
    SOURCE.taken = datetime.now(timezone.utc).strftime("%H:%M:%S UTC")


def xdg_env(data: Path, config: Path, cache: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("READER_BENCH_") and k != "PYTHONDONTWRITEBYTECODE"
    }
    env.update(XDG_DATA_HOME=str(data), XDG_CONFIG_HOME=str(config), XDG_CACHE_HOME=str(cache))
    env["PYTHONPYCACHEPREFIX"] = str(SOURCE.pycache)
    if SOURCE.frozen:  # ahead of the editable install's finder
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(SOURCE.root), env.get("PYTHONPATH", "")) if p
        )
    return env


def prime_bytecode(log: Callable[[str], None]) -> None:
    """One throwaway run of everything the timed runs import, to fill the bytecode cache."""
    with tempfile.TemporaryDirectory(prefix="bench-prime-") as tmp:
        base = Path(tmp)
        env = xdg_env(base / "data", base / "config", base / "cache")
        modules = "multiprocessing.forkserver, concurrent.futures.process, reader.app"
        subprocess.run([sys.executable, "-c", f"import {modules}"], env=env, check=True, cwd=tmp)
        run = run_pty(reader_command(str(REPO / "seeds")), env, exit_on="loaded", timeout=120)
        if SOURCE.frozen:
            check = "import reader, sys; print(reader.__file__)"
            where = subprocess.run([sys.executable, "-c", check], env=env, cwd=tmp,
                                   capture_output=True, text=True).stdout  # fmt: skip
            if not where.startswith(str(SOURCE.root)):
                raise RuntimeError(f"children import reader from {where.strip()!r}")
        if "loaded" not in run.events:
            log(f"  warning: the priming run did not load the seeds: {run.tail[-300:]!r}")


def _read_events(path: Path) -> dict[str, dict[str, Any]]:
    events: dict[str, dict[str, Any]] = {}
    with contextlib.suppress(FileNotFoundError):
        for line in path.read_text().splitlines():
            with contextlib.suppress(ValueError):
                item = json.loads(line)
                events.setdefault(item["event"], item)
    return events


def _descendants(pid: int) -> list[int]:
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        with contextlib.suppress(OSError):
            for task in os.listdir(f"/proc/{current}/task"):
                with contextlib.suppress(OSError):
                    children = Path(f"/proc/{current}/task/{task}/children").read_text()
                    pending.extend(int(c) for c in children.split())
    return found


def _tree_rss_kb(pid: int) -> int:
    page_kb = os.sysconf("SC_PAGE_SIZE") // 1024
    total = 0
    for p in _descendants(pid):
        with contextlib.suppress(OSError, ValueError, IndexError):
            total += int(Path(f"/proc/{p}/statm").read_text().split()[1]) * page_kb
    return total


def run_pty(
    command: list[str],
    env: dict[str, str],
    *,
    exit_on: str | None,
    timeout: float,
    keys: Sequence[bytes] = (),
    sample_tree: bool = False,
) -> PtyRun:
    """Run `command` on a 160x45 pseudo-terminal; the app's bench events and rusage."""
    with tempfile.TemporaryDirectory(prefix="bench-pty-") as tmp:
        events_path = Path(tmp) / "events.jsonl"
        env = dict(env, TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(LINES))
        env["READER_BENCH_EVENTS"] = str(events_path)
        if exit_on:
            env["READER_BENCH_EXIT_ON"] = exit_on
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))

        def controlling_tty() -> None:  # in the child: its own session, the pty its terminal
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        output: list[tuple[float, bytes]] = []
        start = time.time()
        proc = subprocess.Popen(
            command,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=tmp,
            preexec_fn=controlling_tty,  # no other harness threads run now
        )
        os.close(slave)

        def drain() -> None:  # the app must never block writing to its terminal
            while True:
                try:
                    data = os.read(master, 65536)
                except OSError:
                    return
                if not data:
                    return
                output.append((time.time(), data))

        reader_thread = threading.Thread(target=drain, daemon=True)
        reader_thread.start()
        peak = [0]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.05):
                peak[0] = max(peak[0], _tree_rss_kb(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True) if sample_tree else None
        if sampler:
            sampler.start()

        def kill() -> None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            if keys:
                while "loaded" not in _read_events(events_path) and proc.poll() is None:
                    time.sleep(0.02)
                for key in keys:
                    os.write(master, key)
                    time.sleep(0.05)
            _pid, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
            done.set()
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.time() - start
        reader_thread.join(timeout=5)
        if sampler:
            sampler.join(timeout=5)
        with contextlib.suppress(OSError):
            os.close(master)
        return PtyRun(
            start=start,
            events=_read_events(events_path),
            maxrss_mb=usage.ru_maxrss / 1024,
            tree_peak_mb=peak[0] / 1024 if sample_tree else None,
            exit_code=proc.returncode,
            wall=wall,
            output=output,
        )


# -- child processes: in-process UI timings, the RSS feed --------------------------------


def run_worker(kind: str, folder: Path, env: dict[str, str], timeout: float, *extra: str) -> Any:
    with tempfile.TemporaryDirectory(prefix="bench-worker-") as tmp:
        out = Path(tmp) / "out.json"
        command = [sys.executable, "-m", "bench.run", "--_worker", kind, str(folder), str(out)]
        done = subprocess.run(
            [*command, *extra], cwd=SOURCE.root, env=env, capture_output=True, text=True,
            timeout=timeout,
        )  # fmt: skip
        if done.returncode != 0 or not out.exists():
            raise RuntimeError(f"{kind} worker failed ({done.returncode}): {done.stderr[-3000:]}")
        return json.loads(out.read_text())


class LoopLag:
    """How long the UI thread's event loop was kept from running anything: a thread asks
    the loop to run a stamp every PERIOD seconds and notes how late each one ran. The
    longest delay is the longest stall of the UI thread (a frame, a handler, a sort...)."""

    PERIOD = 0.002

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="loop-lag", daemon=True)
        self.stalls: list[float] = []  # ms, every delay over one frame (16 ms)
        self.longest = 0.0

    def __enter__(self) -> LoopLag:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(5)

    def reset(self) -> None:
        self.stalls, self.longest = [], 0.0

    def _seen(self, asked: float) -> None:
        late = (time.perf_counter() - asked) * 1000
        self.longest = max(self.longest, late)
        if late > FRAME_MS:
            self.stalls.append(late)

    def _run(self) -> None:
        ran = threading.Event()
        ran.set()
        while not self._stop.wait(self.PERIOD):
            if not ran.is_set():
                continue  # the last stamp has not run yet: the loop is busy
            ran.clear()
            asked = time.perf_counter()

            def stamp(asked: float = asked) -> None:
                self._seen(asked)
                ran.set()

            try:
                self._loop.call_soon_threadsafe(stamp)
            except RuntimeError:  # the loop is closed
                return


def _set_frame_rate() -> None:
    """The frame rate the `reader` command runs Textual at (reader/cli/tui.py), before
    Textual is imported: frames land on that grid, so it is part of every latency."""
    from reader.cli.tui import FRAME_RATE

    os.environ.setdefault("TEXTUAL_FPS", FRAME_RATE)


async def _interactive(folder: str, presses: int, topics: int, toggles: int) -> dict[str, Any]:
    """Runs in a child process with the XDG dirs set: UI latencies in milliseconds."""
    _set_frame_rate()
    from reader.app import create_app
    from reader.corpus import load_corpus
    from reader.paths import state_db_path
    from reader.state import StateStore

    # Every third article read, so unread-only really filters (and `reader list --unread`,
    # which reuses this state database, has read articles to skip).
    corpus = load_corpus([folder])
    marked = sorted((a.id, a.url) for a in corpus.articles.values())[::3]
    store = StateStore.open(state_db_path())
    store.set_read(marked, True)
    store.close()
    del corpus, marked
    gc.collect()

    result: dict[str, Any] = {}
    loop = asyncio.get_running_loop()
    lag = LoopLag(loop)
    started = time.perf_counter()
    app = create_app([folder], state=StateStore.open(state_db_path()))
    with lag:
        async with app.run_test(size=(COLUMNS, LINES), notifications=True) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            if app.model.corpus is None:
                raise RuntimeError("corpus not loaded")
            result["load_seconds"] = time.perf_counter() - started
            result["stall_load"] = [lag.longest]
            result["stalls_load"] = len(lag.stalls)
            lag.reset()
            result["articles"] = len(app.model.corpus.articles)
            await _ui_phases(app, pilot, presses, topics, toggles, result)
            result["stall_keys"] = [lag.longest]
            result["stalls_keys"] = len(lag.stalls)
    return result


async def _cold_ui(folder: str) -> dict[str, Any]:
    """Runs in a child process with an empty cache: the UI thread's longest stall while a
    first read fills the list, and when the first partial list was on screen."""
    _set_frame_rate()
    from reader.app import create_app
    from reader.paths import state_db_path
    from reader.state import StateStore
    from reader.widgets.article_list import ArticleList

    loop = asyncio.get_running_loop()
    started = time.perf_counter()
    app = create_app([folder], state=StateStore.open(state_db_path()))
    first_rows: list[float] = []
    with LoopLag(loop) as lag:
        async with app.run_test(size=(COLUMNS, LINES)) as pilot:
            original = app._display

            def display(screen: Any, renderable: Any) -> None:
                original(screen, renderable)
                if not first_rows and app.query_one(ArticleList).row_count:
                    first_rows.append(time.perf_counter() - started)

            app._display = display  # type: ignore[method-assign]
            await app.workers.wait_for_complete()
            await pilot.pause()
            loaded = time.perf_counter() - started
            app._display = original  # type: ignore[method-assign]
    return {"stall": [lag.longest], "stalls": len(lag.stalls), "loaded": loaded,
            "first_rows": first_rows}  # fmt: skip


async def _ui_phases(
    app: Any, pilot: Any, presses: int, topics: int, toggles: int, result: dict[str, Any]
) -> None:
    """Every in-process UI measurement, into `result` (milliseconds)."""
    from bench.frames import FrameWatch
    from reader.query import ALL, PSEUDO_TOPICS
    from reader.widgets.article_list import ArticleList
    from reader.widgets.detail_pane import DetailPane
    from reader.widgets.search_bar import SearchBar
    from reader.widgets.topic_sidebar import TopicSidebar

    frames = FrameWatch(app)
    frame_hooks, press = frames.hooks, frames.press

    cpu: list[float] = []  # main-thread CPU ms up to the last frame, per measurement
    cpu_first: list[float] = []  # ... up to the first (the list's, for a key)

    async def measure(
        trigger: Callable[[], object], *predicates: Callable[[], bool], gap: float = KEY_GAP
    ) -> list[float]:
        """Milliseconds from `trigger` to the first frame for which each predicate holds."""
        futures = [frames.shown(predicate) for predicate in predicates]
        started, cpu_started = time.perf_counter(), time.thread_time()
        trigger()
        try:
            times = await asyncio.wait_for(asyncio.gather(*futures), 10)
        except TimeoutError:
            raise RuntimeError("no frame showed the change within 10 s") from None
        cpu.append((max(c for _, c in times) - cpu_started) * 1000)
        cpu_first.append((times[0][1] - cpu_started) * 1000)
        if gap > 0:
            await asyncio.sleep(gap)
        return [(t - started) * 1000 for t, _ in times]

    @contextlib.contextmanager
    def phase(name: str) -> Iterator[None]:
        """CPU per measurement into result[name + "_cpu"] (and "_cpu_first": to the first
        frame measured); cProfile with --profile."""
        cpu.clear()
        cpu_first.clear()
        folder = os.environ.get("BENCH_PROFILE_DIR")
        profiler = cProfile.Profile() if folder else None
        if profiler:
            profiler.enable()
        try:
            yield
        finally:
            if profiler:
                profiler.disable()
                profiler.dump_stats(os.path.join(folder, f"{name}.prof"))
            result[f"{name}_cpu"] = list(cpu)
            result[f"{name}_cpu_first"] = list(cpu_first)

    article_list = app.query_one(ArticleList)
    detail_pane = app.query_one(DetailPane)

    def pane_shows() -> str | None:
        """The article the detail pane has drawn from its file (not merely been asked to)."""
        shown = getattr(detail_pane, "showing", None)
        return shown if shown is not None and app.model.shown_id == shown else None

    def last_row() -> int:
        return max(0, article_list.row_count - 1)

    page = lambda: max(1, article_list.scrollable_content_region.height - 1)  # noqa: E731
    # What each key does to the cursor: the row it lands on, from the row it is on.
    moves: dict[str, tuple[str, Callable[[int, int], int]]] = {
        "j": ("j", lambda c, _i: c + 1),
        "k": ("k", lambda c, _i: c - 1),
        "pagedown": ("\x1b[6~", lambda c, _i: c + page()),
        # g and G in turn: each jumps across the whole list.
        "gG": ("", lambda _c, i: 0 if i % 2 else last_row()),
    }

    def key_for(name: str, index: int) -> tuple[str, int]:
        sequence, move = moves[name]
        if name == "gG":
            sequence = "g" if index % 2 else "G"
        target = max(0, min(move(article_list.cursor, index), last_row()))
        return sequence, target

    async def key_series(name: str, count: int) -> tuple[list[float], list[float]]:
        """One press at a time: each waits for the list and then the detail pane."""
        on_list, with_detail = [], []
        for index in range(count):
            sequence, expected = key_for(name, index)
            if expected == article_list.cursor:
                break  # at the end of a small list
            target = article_list.articles[expected].id
            shown, detail = await measure(
                lambda s=sequence: press(s),
                lambda e=expected: article_list.cursor == e,
                lambda t=target: pane_shows() == t,
            )
            on_list.append(shown)
            with_detail.append(detail)
        return on_list, with_detail

    async def held_series(name: str, count: int) -> tuple[list[float], list[float]]:
        """A held key: presses every HELD_REPEAT s (or as soon as the last one is on the
        screen, if that is later); each timed to the frame with the cursor moved, and to
        the first frame whose detail pane shows this press's article or a later one's."""
        on_list: list[float] = []
        pressed: list[tuple[float, str]] = []  # (when, target article) per press
        caught_up = [0]  # presses whose article (or a later one) the pane has shown
        with_detail: list[float] = []

        def pane_hook(now: float) -> None:
            shown = pane_shows()
            if shown is None:
                return
            latest = max((i for i, (_t, a) in enumerate(pressed) if a == shown), default=-1)
            while caught_up[0] <= latest:
                with_detail.append((now - pressed[caught_up[0]][0]) * 1000)
                caught_up[0] += 1

        frame_hooks.append(pane_hook)
        try:
            for index in range(count):
                sequence, expected = key_for(name, index)
                if expected == article_list.cursor:
                    break
                started = time.perf_counter()
                pressed.append((started, article_list.articles[expected].id))
                (shown,) = await measure(
                    lambda s=sequence: press(s),
                    lambda e=expected: article_list.cursor == e,
                    gap=0,
                )
                on_list.append(shown)
                rest = HELD_REPEAT - (time.perf_counter() - started)
                if rest > 0:
                    await asyncio.sleep(rest)
            deadline = time.perf_counter() + 10
            while caught_up[0] < len(pressed) and time.perf_counter() < deadline:
                detail_pane.refresh()  # a frame to look at
                await asyncio.sleep(0.01)
            if caught_up[0] < len(pressed):
                raise RuntimeError(f"the detail pane never showed {pressed[-1][1]}")
        finally:
            frame_hooks.remove(pane_hook)
        return on_list, with_detail

    count = {"j": presses, "k": presses, "pagedown": max(1, presses // 4),
             "gG": max(2, presses // 8)}  # fmt: skip
    start_row = {"j": 0, "k": count["k"] + 5, "pagedown": 0, "gG": 0}

    async def settle(row: int) -> None:
        """The cursor on `row` and the detail pane showing its article: a series starts
        from rest, not with the last one's work still under way."""
        row = min(row, last_row())
        if article_list.cursor != row:
            await measure(
                lambda: article_list.go_to(article_list.articles[row].id),
                lambda: article_list.cursor == row,
                gap=0,
            )
        target = article_list.articles[row].id
        if pane_shows() != target:
            detail_pane.refresh()
            await measure(lambda: None, lambda: pane_shows() == target, gap=0)
        await asyncio.sleep(KEY_GAP)

    await settle(0)
    await key_series("j", 5)  # warm-up, not counted
    for name in ("j", "k", "pagedown", "gG"):
        await settle(start_row[name])
        with phase(name):
            result[name], result[f"{name}_detail"] = await key_series(name, count[name])
    for name in ("j", "k", "pagedown", "gG"):
        await settle(start_row[name])
        with phase(f"{name}_held"):
            result[f"{name}_held"], result[f"{name}_held_detail"] = await held_series(
                name, count[name]
            )

    # The same key through pilot.press + pilot.pause, as first planned: Textual's
    # wait_for_idle makes each of those take at least ~20 ms, so this has a floor.
    pilot_times = []
    for _ in range(max(1, presses // 8)):
        started = time.perf_counter()
        await pilot.press("j")
        await pilot.pause()
        pilot_times.append((time.perf_counter() - started) * 1000)
    result["j_pilot"] = pilot_times

    sidebar = app.query_one(TopicSidebar)
    names = [row.topic for row in sidebar.topics if row.topic not in PSEUDO_TOPICS]
    chosen = names[:: max(1, len(names) // topics)][:topics] if names and topics > 0 else []
    switches = []
    with phase("topic"):
        for topic in chosen:
            if topic != app.model.view.topic:
                (took,) = await measure(
                    lambda t=topic: sidebar.select_topic(t),
                    lambda t=topic: app.model.view.topic == t,
                )
                switches.append(took)
    result["topic"] = switches
    result["topics_available"] = len(names)
    if app.model.view.topic != ALL:
        await measure(lambda: sidebar.select_topic(ALL), lambda: app.model.view.topic == ALL)

    unread = []
    with phase("unread"):
        for _ in range(toggles + toggles % 2):  # even: ends where it started
            want = not app.model.view.unread_only
            (took,) = await measure(
                lambda: press("u"), lambda w=want: app.model.view.unread_only == w
            )
            unread.append(took)
    result["unread"] = unread

    resort = []
    with phase("sort"):
        for _ in range(toggles):
            want_sort = app.model.view.sort.next()
            (took,) = await measure(
                lambda: press("S"), lambda w=want_sort: app.model.view.sort == w
            )
            resort.append(took)
    result["sort"] = resort

    # Issue 10's grouping toggle (one row per story), once the app has it.
    grouping: list[float] = []
    if hasattr(app, f"action_{GROUPING_ACTION}"):
        key = app.keys.label(GROUPING_ACTION) or GROUPING_KEY
        with phase("grouping"):
            for _ in range(toggles + toggles % 2):
                before = article_list.articles
                (took,) = await measure(
                    lambda: press(key), lambda b=before: article_list.articles is not b
                )
                grouping.append(took)
        result["grouping"] = grouping
    else:
        result["grouping"] = None

    # Search as you type: each keystroke to the frame with that text's list on screen
    # (the first one included: it is the first search of the session).
    search_bar = app.query_one(SearchBar)

    def list_shows_search(text: str) -> bool:
        title = article_list.border_title
        plain = getattr(title, "plain", str(title))
        return (
            app.model.search_text == text
            and article_list.articles is app.model.rows
            and "searching" not in plain
        )

    keystrokes: list[float] = []
    first_keystroke: list[float] = []
    with phase("search"):
        for word in SEARCH_WORDS:
            await measure(lambda: press("/"), lambda: search_bar.display)
            for length in range(1, len(word) + 1):
                (took,) = await measure(
                    lambda c=word[length - 1]: press(c),
                    lambda t=word[:length]: list_shows_search(t),
                )
                (keystrokes if first_keystroke else first_keystroke).append(took)
            await measure(search_bar.action_clear, lambda: list_shows_search(""))
    result["search"] = first_keystroke + keystrokes
    result["search_first"] = first_keystroke
    frames.stop()


def _write_feed(folder: str, out: str) -> dict[str, Any]:
    """Runs in a child process: an RSS 2.0 file with one item per article of the corpus."""
    from reader.corpus import load_corpus

    corpus = load_corpus([folder])
    articles = sorted(corpus.articles.values(), key=lambda a: a.path)

    def clean(text: str) -> str:  # XML 1.0 allows no control characters
        return escape("".join(ch for ch in text if ch >= " " or ch in "\t\n"))

    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        "<title>bench</title><link>https://example.invalid/</link>"
        "<description>reader-tui bench corpus</description>\n"
    ]
    for a in articles:
        parts.append(f"<item><title>{clean(a.title)}</title><link>{clean(a.url)}</link>")
        if a.published_at:
            parts.append(f"<pubDate>{format_datetime(a.published_at)}</pubDate>")
        parts.append(f"<description>{clean(a.excerpt)}</description>")
        parts.append(f'<guid isPermaLink="false">{a.id}</guid></item>\n')
    parts.append("</channel></rss>\n")
    Path(out).write_text("".join(parts), encoding="utf-8")
    return {"items": len(articles)}


def worker_main(kind: str, folder: str, out: str, extra: list[str]) -> int:
    if kind == "interactive":
        presses, topics, toggles = (int(x) for x in extra)
        result = asyncio.run(_interactive(folder, presses, topics, toggles))
    elif kind == "cold_ui":
        result = asyncio.run(_cold_ui(folder))
    elif kind == "feed":
        result = _write_feed(folder, extra[0])
    else:
        raise SystemExit(f"unknown worker {kind!r}")
    Path(out).write_text(json.dumps(result))
    return 0


# -- newsboat ------------------------------------------------------------------------------


def install_newsboat(log: Callable[[str], None]) -> bool:
    if shutil.which("newsboat"):
        return True
    if not shutil.which("apt-get"):
        return False
    log("  newsboat missing: apt-get install -y newsboat")
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "newsboat"]):
        done = subprocess.run(command, capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            log(f"  {' '.join(command)} failed: {done.stderr.strip()[-300:]}")
            return False
    return bool(shutil.which("newsboat"))


def bench_newsboat(
    folder: Path, env: dict[str, str], repeat: int, log: Callable[[str], None]
) -> dict[str, Any]:
    """newsboat's reload (its ingest) once, then print-unread `repeat` times."""
    exe = shutil.which("newsboat")
    assert exe is not None
    with tempfile.TemporaryDirectory(prefix="bench-newsboat-") as tmp:
        base = Path(tmp)
        feed = base / "feed.xml"
        items = run_worker("feed", folder, env, 600, str(feed))["items"]
        (base / "config").write_text("reload-threads 1\nmax-items 0\nshow-read-feeds yes\n")
        nb_env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
        nb_env.update(HOME=str(base), XDG_CONFIG_HOME=str(base / "xdg-config"),
                      XDG_DATA_HOME=str(base / "xdg-data"))  # fmt: skip

        def newsboat(*args: str, urls: str) -> tuple[float, str]:
            command = [exe, "-u", urls, "-c", str(base / "cache.db"), "-C", str(base / "config")]
            started = time.perf_counter()
            done = subprocess.run(
                [*command, *args], env=nb_env, cwd=base, capture_output=True, text=True,
                stdin=subprocess.DEVNULL, timeout=1800,
            )  # fmt: skip
            took = time.perf_counter() - started
            if done.returncode != 0:
                raise RuntimeError(f"newsboat {' '.join(args)}: {done.stderr.strip()[-500:]}")
            return took, done.stdout.strip()

        # file:// first; exec:cat as newsboat's documented fallback for local feeds.
        reload_s, unread_text, used = None, "", ""
        for url in (f'"file://{feed}"', f'"exec:cat {feed}"'):
            urls = base / "urls"
            urls.write_text(url + "\n")
            with contextlib.suppress(FileNotFoundError):
                (base / "cache.db").unlink()
            took, _ = newsboat("-x", "reload", urls=str(urls))
            _, unread_text = newsboat("-x", "print-unread", urls=str(urls))
            if unread_text.split()[:1] == [str(items)]:
                reload_s, used = took, url
                break
            log(f"  newsboat with {url}: {unread_text!r}, expected {items} unread; next way")
        if reload_s is None:
            raise RuntimeError(f"newsboat did not load the feed ({unread_text!r})")
        newsboat("-x", "print-unread", urls=str(base / "urls"))  # warm-up
        times = [newsboat("-x", "print-unread", urls=str(base / "urls"))[0] for _ in range(repeat)]
        return {"items": items, "reload": reload_s, "print_unread": times, "url": used,
                "output": unread_text}  # fmt: skip


# -- one size -------------------------------------------------------------------------------


@dataclass
class Plan:
    sizes: list[int]
    repeat: int
    cold_repeat: int
    presses: int
    topics: int
    toggles: int
    list_repeat: int
    newsboat: bool
    install_newsboat: bool
    smoke: bool
    data_root: Path
    profile: Path | None = None
    stories_repeat: int = 1


class LoadMeter:
    """How much of the machine other processes used meanwhile: its busy CPU time (from
    /proc/stat) minus what this harness and the children it waited for used. The machine
    is shared (2 cores), so a busy neighbour shows here rather than as a slow reader."""

    def __init__(self) -> None:
        self._start = self._read()

    @staticmethod
    def _read() -> tuple[float, float, float]:
        busy = 0.0
        with contextlib.suppress(OSError, ValueError, IndexError):
            values = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:9]]
            busy = (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")
        own = sum(
            usage.ru_utime + usage.ru_stime
            for usage in (resource.getrusage(resource.RUSAGE_SELF),
                          resource.getrusage(resource.RUSAGE_CHILDREN))
        )  # fmt: skip
        return time.time(), busy, own

    def others_percent(self) -> float:
        (t0, busy0, own0), (t1, busy1, own1) = self._start, self._read()
        capacity = (t1 - t0) * (os.cpu_count() or 1)
        return max(0.0, (busy1 - busy0) - (own1 - own0)) / capacity * 100 if capacity else 0.0


def warm_target(n: int) -> float:
    return 0.40 if n > 10_000 else 0.30


def ingest_target(n: int) -> float:
    """µs per file for a cold first read: 80 up to 10k files, 60 from 100k."""
    return 60.0 if n > 10_000 else 80.0


def bench_size(n: int, folder: Path, plan: Plan, log: Callable[[str], None]) -> list[Row]:
    rows: list[Row] = []
    meter = LoadMeter()
    work = Path(tempfile.mkdtemp(prefix=f"bench-{size_label(n)}-"))
    cache = work / "cache"  # one cache (so one index) for everything after the cold run
    cache.mkdir()
    timeout = 60 + n * 0.002

    def fresh_env(name: str, cache_dir: Path = cache) -> dict[str, str]:
        base = work / name
        for sub in ("data", "config"):
            (base / sub).mkdir(parents=True, exist_ok=True)
        return xdg_env(base / "data", base / "config", cache_dir)

    def attempt(label: str, names: list[tuple[str, str]], body: Callable[[], None]) -> None:
        try:
            body()
        except Exception as exc:  # report it, carry on with the rest, exit non-zero at the end
            log(f"  {label}: ERROR {exc}")
            for name, unit in names:
                rows.append(Row(n, name, unit, error=f"{type(exc).__name__}: {exc}"[:300]))

    # 1. Cold: the first ever run on this folder (empty cache). Builds the index.
    def cold() -> None:
        paint, shown, loaded, per_file, rss, tree, partial = [], [], [], [], [], [], []
        seen = []
        for i in range(plan.cold_repeat):
            cache_dir = cache if i == 0 else work / f"cold-cache-{i}"
            env = fresh_env(f"cold-{i}", cache_dir)
            log(f"  cold run {i + 1}/{plan.cold_repeat} …")
            run = run_pty(reader_command(str(folder)), env, exit_on="loaded",
                          timeout=timeout, sample_tree=True)  # fmt: skip
            paint.append(run.since_start("first_paint"))
            shown.append(run.since_start("corpus_shown"))
            loaded.append(run.since_start("loaded"))
            on_screen = run.seen(FIRST_FRAME)
            if on_screen is not None:
                seen.append(on_screen)
            per_file.append(loaded[-1] / n * 1e6)
            rss.append(run.maxrss_mb)
            tree.append(run.tree_peak_mb or 0.0)
            partial.append(run.events["corpus_shown"].get("articles", 0))
            if run.events["loaded"].get("articles", 0) < n * 0.9:
                raise RuntimeError(f"only {run.events['loaded'].get('articles')} articles loaded")
        rows.append(Row(n, "cold interactive", "s", paint, COLD_INTERACTIVE,
                        note="first_paint − start, empty cache"))  # fmt: skip
        rows.append(Row(n, "cold interactive, seen on the terminal", "s", seen,
                        note="first output with the sidebar's title"))  # fmt: skip
        rows.append(Row(n, "cold first partial list", "s", shown, COLD_INTERACTIVE,
                        note=f"corpus_shown − start: the hottest rows read so far, sorted; "
                        f"{min(partial):,} articles in it"))  # fmt: skip
        rows.append(Row(n, "cold full ingest", "µs/file", per_file, ingest_target(n),
                        note=f"(loaded − start)/N; loaded at {median(loaded):.2f} s"))  # fmt: skip
        rows.append(Row(n, "peak memory (cold)", "MB", rss, PEAK_MEMORY_MB, judge="max",
                        note=f"ru_maxrss; process tree sampled: {max(tree):.0f} MB"))  # fmt: skip

    attempt("cold", [("cold interactive", "s"), ("cold full ingest", "µs/file")], cold)

    # 2. Warm: index up to date; process start to the first paint with the corpus shown.
    def warm() -> None:
        shown, paint, loaded, rss, counts, seen = [], [], [], [], [], []
        for i in range(plan.repeat):
            run = run_pty(reader_command(str(folder)), fresh_env(f"warm-{i}"),
                          exit_on="loaded", timeout=timeout)  # fmt: skip
            shown.append(run.since_start("corpus_shown"))
            paint.append(run.since_start("first_paint"))
            loaded.append(run.since_start("loaded"))
            rss.append(run.maxrss_mb)
            counts.append(run.events["corpus_shown"].get("articles", 0))
            on_screen = run.seen(STATUS_COUNTS)
            if on_screen is not None:
                seen.append(on_screen)
            log(f"  warm run {i + 1}/{plan.repeat}: corpus shown at {shown[-1]:.3f} s, "
                f"loaded at {loaded[-1]:.3f} s")  # fmt: skip
        # The event's count is the corpus in memory then: 0 when the first screen came
        # straight from the index (reader/preview.py) before the corpus was loaded.
        what = (f"{min(counts):,} articles in memory" if min(counts)
                else "first screen from the index preview, 0 articles in memory yet")  # fmt: skip
        rows.append(Row(n, "warm start", "s", shown, warm_target(n),
                        note=f"corpus_shown − start; {what}"))  # fmt: skip
        rows.append(Row(n, "warm start, seen on the terminal", "s", seen,
                        note="first output with the status bar's article count "
                        "(not the app's own event)"))  # fmt: skip
        rows.append(Row(n, "warm first paint", "s", paint, note="first_paint − start"))
        rows.append(Row(n, "warm full corpus loaded", "s", loaded,
                        note="loaded − start: the whole corpus in memory"))  # fmt: skip
        rows.append(Row(n, "warm RSS at loaded", "MB", rss, note="ru_maxrss"))

    attempt("warm", [("warm start", "s")], warm)

    # 4. Memory: run to "loaded", press keys, quit; the process's peak RSS.
    def memory() -> None:
        keys = [b"j"] * 20 + [b"\x1b[6~"] * 5 + [b"u", b"u", b"S", b"S", b"S", b"q"]
        log("  memory run …")
        run = run_pty(reader_command(str(folder)), fresh_env("memory"), exit_on=None,
                      timeout=timeout, keys=keys, sample_tree=True)  # fmt: skip
        run.since_start("loaded")
        if run.exit_code != 0:
            raise RuntimeError(f"exit code {run.exit_code} (killed at the time limit?)")
        rows.append(Row(n, "peak memory", "MB", [run.maxrss_mb], PEAK_MEMORY_MB,
                        note=f"ru_maxrss: warm start to loaded + {len(keys) - 1} keys + quit; "
                        f"tree sampled {run.tree_peak_mb:.0f} MB"))  # fmt: skip

    attempt("memory", [("peak memory", "MB")], memory)

    # 2 and 3: in-process UI latencies (index warm from the cold run).
    ui_env = fresh_env("ui")
    if plan.profile is not None:
        folder_for_profiles = plan.profile / size_label(n)
        folder_for_profiles.mkdir(parents=True, exist_ok=True)
        ui_env["BENCH_PROFILE_DIR"] = str(folder_for_profiles.resolve())

    worker_timeout = 600 + n * 0.006

    def interactive() -> None:
        log("  key presses, topic switches, toggles, search (in-process) …")
        got = run_worker("interactive", folder, ui_env, worker_timeout,
                         str(plan.presses), str(plan.topics), str(plan.toggles))  # fmt: skip

        def cpu(phase: str, first: bool = False) -> str:
            samples = got.get(f"{phase}_cpu_first" if first else f"{phase}_cpu") or []
            return f"main-thread CPU {median(samples):.1f} ms" if samples else ""

        for key, name in KEY_ROWS:
            for held in (False, True):
                label = f"{name} held" if held else name
                phase = f"{key}_held" if held else key
                how = ("held key, a press every 33 ms" if held
                       else "one press at a time")  # fmt: skip
                note = (f"{how}: key → first frame with the cursor on the new row; "
                        f"{cpu(phase, first=True)}")  # fmt: skip
                rows.append(Row(n, label, "ms", got[phase], KEY_MEDIAN, note=note))
                rows.append(Row(n, f"{label} p95", "ms", got[phase], KEY_P95, judge="p95"))
                note = (
                    f"{how}: key → first frame whose detail pane shows the article drawn "
                    "from its file"
                    + (" (this press's or a later one's)" if held else "")
                    + (f"; {cpu(phase)}" if not held else "")
                )
                rows.append(Row(n, f"{label} → detail pane", "ms", got[f"{phase}_detail"],
                                KEY_MEDIAN, note=note))  # fmt: skip
                rows.append(Row(n, f"{label} → detail pane p95", "ms", got[f"{phase}_detail"],
                                KEY_P95, judge="p95"))  # fmt: skip
        rows.append(Row(n, "key j via pilot.press+pause", "ms", got["j_pilot"],
                        note="not judged: Textual's wait_for_idle adds ≥ 60 ms"))  # fmt: skip
        rows.append(Row(n, "topic switch", "ms", got["topic"], SWITCH_P95, judge="p95",
                        note=f"select_topic → new list on screen; {got['topics_available']} "
                        f"topics; {cpu('topic')}"))  # fmt: skip
        rows.append(Row(n, "unread toggle", "ms", got["unread"], SWITCH_P95, judge="p95",
                        note=f"key u → new list; {cpu('unread')}"))  # fmt: skip
        rows.append(Row(n, "re-sort", "ms", got["sort"], SWITCH_P95, judge="p95",
                        note=f"key S → new list; {cpu('sort')}"))  # fmt: skip
        if got.get("grouping") is None:
            rows.append(Row(n, "grouping toggle", "ms",
                            note=f"not available: this build has no {GROUPING_ACTION} action "
                            "(issue 10); measured once it has"))  # fmt: skip
        else:
            rows.append(Row(n, "grouping toggle", "ms", got["grouping"], SWITCH_P95,
                            judge="p95", note=f"key {GROUPING_KEY} → new list; "
                            f"{cpu('grouping')}"))  # fmt: skip
        first = got["search_first"]
        rows.append(Row(n, "search keystroke", "ms", got["search"], SWITCH_P95, judge="p95",
                        note=f"each key typed into / ({', '.join(SEARCH_WORDS)}) → that "
                        f"text's list on screen; the session's first: {first[0]:.1f} ms; "
                        f"{cpu('search')}"))  # fmt: skip
        rows.append(Row(n, "main-thread stall, warm load", "ms", got["stall_load"], FRAME_MS,
                        judge="max", note=f"longest the UI thread's loop was kept busy, app "
                        f"start to corpus loaded ({got['load_seconds']:.2f} s); "
                        f"{got['stalls_load']} stalls over {FRAME_MS:.1f} ms"))  # fmt: skip
        rows.append(Row(n, "main-thread stall, keys etc.", "ms", got["stall_keys"], FRAME_MS,
                        judge="max", note=f"longest during every key, switch and search "
                        f"above; {got['stalls_keys']} stalls over {FRAME_MS:.1f} ms"))  # fmt: skip

    names = [("key j", "ms"), ("page down", "ms"), ("topic switch", "ms"),
             ("unread toggle", "ms"), ("re-sort", "ms"), ("search keystroke", "ms")]  # fmt: skip
    attempt("interactive", names, interactive)

    # The UI thread while a first read fills the list (in-process, its own empty cache).
    def cold_ui() -> None:
        log("  cold read, UI thread stalls (in-process) …")
        cold_cache = work / "cold-ui-cache"
        cold_cache.mkdir()
        got = run_worker("cold_ui", folder, fresh_env("cold-ui", cold_cache), worker_timeout)
        rows.append(Row(n, "main-thread stall, cold read", "ms", got["stall"], FRAME_MS,
                        judge="max", note=f"longest the UI thread's loop was kept busy while "
                        f"a first read filled the list ({got['loaded']:.1f} s); "
                        f"{got['stalls']} stalls over {FRAME_MS:.1f} ms"))  # fmt: skip

    attempt("cold UI", [("main-thread stall, cold read", "ms")], cold_ui)

    # Issue 10: what story grouping adds (bench/stories_bench.py; a load per process, with
    # stories and without, READER_BENCH_NO_STORIES=1).
    def stories() -> None:
        from bench.stories_bench import LIVE_FILES, measure_cost

        log("  story grouping: cold ingest and live update, with stories and without …")
        cost = measure_cost(folder.parent, plan.stories_repeat, SOURCE.root)
        added = [a - b for a, b in zip(cost.cold[True], cost.cold[False], strict=True)]
        rows.append(Row(n, "grouping, cold ingest", "s", added, STORIES_COLD_S,
                        note=f"a first read with stories minus one without (the worker "
                        f"processes' fingerprints, gathering, grouping); with: "
                        f"{median(cost.cold[True]):.2f} s, without: "
                        f"{median(cost.cold[False]):.2f} s; grouping itself (attach_stories) "
                        f"{median(cost.cold_grouping):.2f} s; {cost.grouped:,} articles "
                        f"share a story"))  # fmt: skip
        rows.append(Row(n, f"grouping, live update of {LIVE_FILES} files", "ms",
                        [g * 1000 for g in cost.live_grouping], STORIES_LIVE_MS,
                        note="attach_stories timed inside the load a live update runs; "
                        f"that whole load: {median(cost.live[True]) * 1000:.0f} ms with "
                        f"stories, {median(cost.live[False]) * 1000:.0f} ms without"))  # fmt: skip
        rows.append(Row(n, "peak memory, cold ingest with stories", "MB", cost.peaks,
                        STORIES_MEMORY_MB, judge="max", note="ru_maxrss of a load "
                        "outside the app (issue 10's 250 MB)"))  # fmt: skip

    names = [("grouping, cold ingest", "s")]
    attempt("stories", names, stories)

    # 6. reader list --unread --limit 20, against newsboat's print-unread.
    def listing() -> None:
        command = reader_command("list", "--unread", "--limit", "20", str(folder))
        times = []
        for i in range(plan.list_repeat + 1):
            started = time.perf_counter()
            done = subprocess.run(command, env=ui_env, capture_output=True, text=True,
                                  cwd=work, timeout=300)  # fmt: skip
            took = time.perf_counter() - started
            if done.returncode != 0 or len(done.stdout.splitlines()) != min(20, n):
                raise RuntimeError(f"reader list: {done.returncode} {done.stderr[-500:]}")
            if i:  # the first run is a warm-up
                times.append(took)
        reference, note = None, ""
        if plan.newsboat and (
            shutil.which("newsboat") or (plan.install_newsboat and install_newsboat(log))
        ):
            log("  newsboat reload + print-unread …")
            nb = bench_newsboat(folder, ui_env, plan.list_repeat, log)
            reference = median(nb["print_unread"])
            rows.append(Row(n, "newsboat print-unread", "s", nb["print_unread"],
                            note=f"{nb['items']:,} items via {nb['url']}: "
                            f"{nb['output']!r}"))  # fmt: skip
            rows.append(Row(n, "newsboat reload", "µs/item",
                            [nb["reload"] / nb["items"] * 1e6],
                            note=f"{nb['reload']:.1f} s in all; the issue's reference: "
                            f"{NEWSBOAT_REFERENCE_RELOAD:.0f} µs/item"))  # fmt: skip
            note = f"target 2 × newsboat print-unread measured here ({reference:.3f} s)"
        else:
            why = "skipped in --smoke" if plan.smoke else "newsboat not available"
            log(f"  {why}: comparing with the issue's reference figure")
            reference = NEWSBOAT_REFERENCE_PRINT_UNREAD
            note = (f"{why}; target 2 × {reference} s = the issue's REFERENCE figure "
                    "(print-unread, 10k items), not a measurement")  # fmt: skip
        rows.append(Row(n, "reader list --unread", "s", times, 2 * reference, note=note))

    attempt("list", [("reader list --unread", "s")], listing)
    shutil.rmtree(work, ignore_errors=True)
    others = meter.others_percent()
    log(f"  other processes used {others:.0f}% of the machine meanwhile")
    rows.append(Row(n, "other processes' CPU", "%", [others],
                    note="share of all cores used by processes outside this run, meanwhile; "
                    "high values make every timing above slower"))  # fmt: skip
    return rows


def bench_cli_start(plan: Plan, log: Callable[[str], None]) -> list[Row]:
    """`reader list --limit 1` on the bundled seeds: what a non-interactive command costs
    to start (warm index). The peer, measured in the same run: the bare interpreter."""
    log("cli start: reader list --limit 1 on the seeds …")
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as tmp:
        base = Path(tmp)
        env = xdg_env(base / "data", base / "config", base / "cache")
        repeat = max(5, plan.list_repeat * 5)

        def timed(command: list[str]) -> list[float]:
            times = []
            for i in range(repeat + 1):
                started = time.perf_counter()
                done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=tmp)
                took = time.perf_counter() - started
                if done.returncode != 0:
                    raise RuntimeError(f"{command}: {done.returncode} {done.stderr[-500:]}")
                if i:  # the first run builds the index / warms the page cache
                    times.append(took * 1000)
            return times

        reader = timed(reader_command("list", "--limit", "1"))
        bare = timed([sys.executable, "-c", "pass"])
    from reader.paths import bundled_seeds

    seeds = count_md(bundled_seeds())
    return [
        Row(seeds, "python -c pass", "ms", bare, note="the interpreter alone, the floor"),
        Row(seeds, "reader list --limit 1 (seeds)", "ms", reader, 120.0,
            note=f"Textual not imported; the interpreter floor here {median(bare):.0f} ms"),
    ]  # fmt: skip


# -- main -----------------------------------------------------------------------------------


def verdict(rows: list[Row], name: str) -> str:
    """PASS/FAIL per size over every judged row of one target ("key j", "key j p95", ...)."""
    parts = []
    for size in dict.fromkeys(r.size for r in rows):
        judged = [
            r for r in rows
            if r.size == size and (r.name == name or r.name.startswith((name + " ", name + ",")))
            and (r.target is not None or r.error)
        ]  # fmt: skip
        if not judged:
            continue
        failed = [r.name for r in judged if r.result != "PASS"]
        state = "ERROR" if any(r.error for r in judged) else "FAIL" if failed else "PASS"
        parts.append(f"{size_label(size)} {state}" + (f" ({', '.join(failed)})" if failed else ""))
    return "; ".join(parts) or "not measured"


def write_results(path: Path, rows: list[Row], info: dict[str, str], command: str) -> None:
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    block = [
        BEGIN,
        f"Run {when}: `{command}`",
        "",
        f"Machine: {info['cpu']}, {info['cores']} cores, {info['ram']} RAM; "
        f"Python {info['python']}, textual {info['textual']}, reader-tui {info['reader-tui']}"
        + (f", {info['newsboat']}" if "newsboat" in info else "")
        + f"; {info['os']}",
        "",
        f"Code measured: {info['source']}.",
        "",
        "ratio = the judged statistic (median, or p95 / max where the target says so) / target.",
        "",
        markdown_table(rows),
        END,
    ]
    generated = "\n".join(block)
    if path.exists():
        old = path.read_text(encoding="utf-8")
        if BEGIN in old and END in old:
            head, rest = old.split(BEGIN, 1)
            tail = rest.split(END, 1)[1]
            path.write_text(head + generated + tail, encoding="utf-8")
            return
    header = "# Benchmark results\n\nWritten by `python -m bench.run` (see bench/README.md).\n\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + generated + "\n", encoding="utf-8")


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="corpus sizes, comma-separated")
    parser.add_argument("--repeat", type=int, default=5, help="warm-start runs per size")
    parser.add_argument("--cold-repeat", type=int, default=3, help="cold runs per size")
    parser.add_argument("--presses", type=int, default=200, help="j presses (page down: 1/4)")
    parser.add_argument("--topics", type=int, default=20, help="topic switches")
    parser.add_argument("--toggles", type=int, default=10, help="u and S presses each")
    parser.add_argument("--list-repeat", type=int, default=10, help="timed `reader list` runs")
    parser.add_argument("--stories-repeat", type=int, default=1,
                        help="story grouping: cold ingests and live updates, each way")  # fmt: skip
    parser.add_argument("--no-newsboat", action="store_true", help="don't run newsboat")
    parser.add_argument("--install-newsboat", action="store_true",
                        help="apt-get install newsboat when it is missing")  # fmt: skip
    parser.add_argument("--data-root", type=Path, default=Path(tempfile.gettempdir()),
                        help="where corpora live: ROOT/bench-10k etc. (default: /tmp)")  # fmt: skip
    parser.add_argument("--smoke", action="store_true",
                        help=f"harness check: {SMOKE_SIZE} files, 1 run, few presses")  # fmt: skip
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "RESULTS.md")
    parser.add_argument("--profile", type=Path, metavar="DIR",
                        help="cProfile in-process phases into DIR/SIZE/PHASE.prof")  # fmt: skip
    parser.add_argument("--live", action="store_true",
                        help="import the working tree as it is at each process start, not a "
                        "copy frozen when the run starts")  # fmt: skip
    parser.add_argument("--_worker", nargs="+", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    if args._worker:
        kind, folder, out, *extra = args._worker
        return worker_main(kind, folder, out, extra)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    smoke_dir = None
    if args.smoke:
        smoke_dir = Path(tempfile.mkdtemp(prefix="bench-smoke-"))
        plan = Plan([SMOKE_SIZE], 1, 1, 20, 5, 2, 3, False, False, True, smoke_dir, args.profile)
    else:
        sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
        plan = Plan(sizes, args.repeat, args.cold_repeat, args.presses, args.topics,
                    args.toggles, args.list_repeat, not args.no_newsboat,
                    args.install_newsboat, False, args.data_root, args.profile,
                    args.stories_repeat)  # fmt: skip
    frozen = None if args.live else Path(tempfile.mkdtemp(prefix="bench-src-"))
    if frozen is not None:
        freeze_sources(frozen)
    info = machine()
    command = "python -m bench.run" + ("" if not argv else " " + shlex.join(argv))
    log(f"{command}\n{info['cpu']}, {info['cores']} cores, {info['ram']}, "
        f"Python {info['python']}, textual {info['textual']}")  # fmt: skip
    rows: list[Row] = []
    try:
        prime_bytecode(log)
        rows += bench_cli_start(plan, log)
        for n in plan.sizes:
            log(f"size {n:,}")
            if smoke_dir is not None:
                folder = ensure_corpus(n, smoke_dir, log)
            else:
                folder = ensure_corpus(n, plan.data_root / f"bench-{size_label(n)}", log)
            rows += bench_size(n, folder, plan, log)
    finally:
        for temporary in (smoke_dir, frozen):
            if temporary is not None:
                shutil.rmtree(temporary, ignore_errors=True)
    print(text_table(rows))
    for name in TARGET_NAMES:
        print(f"{name}: {verdict(rows, name)}")
    write_results(args.out, rows, info, command)
    print(f"wrote {args.out}")
    return 1 if any(r.error for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
