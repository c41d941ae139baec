"""Key to full text on screen: from a local server, and from the cache (issue 11).

    python -m bench.fulltext [--articles N] [--smoke] [--out bench/RESULTS.md]

A local news site (tests/webserver.py) on 127.0.0.1 serves the pages; a temporary folder
holds N articles pointing at them (each its own URL), half a short story (~270 words),
half a long one (~4,200 words). Two child processes, each with the same fresh XDG dirs:

  server   the app in-process (App.run_test): `f` on each article, timed to the first
           frame with its full text (fetch, extraction, Markdown, layout, drawing); this
           fills the cache
  cache    a new process, so nothing is in memory: `enter` on each article, timed to the
           first frame with its full text (read from the cache, parsed, drawn): the
           target is 50 ms. Its peer, measured in the same process: `enter` on articles
           with nothing to fetch, to the frame with the article

Keys go through Textual's own input parser and driver and are timed to the `App._display`
call (plus the conversion to terminal bytes that headless mode skips), as in bench/run.py.
The first measurement of each phase pays one-time imports (trafilatura; markdown-it) and
is reported on its own row. Results go to a section of bench/RESULTS.md of its own
(outside bench/run.py's generated block).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
COLUMNS, LINES = 160, 45
TARGET_CACHE_MS = 50.0
BEGIN, END = "<!-- fulltext:begin -->", "<!-- fulltext:end -->"
GAP = 0.05  # seconds between measurements


def _stats(samples: Sequence[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "n": len(ordered),
        "median": statistics.median(ordered),
        "min": ordered[0],
        "max": ordered[-1],
        "p95": p95,
    }


# -- in the child processes ---------------------------------------------------------------


async def _phase(kind: str, folder: str, port: int) -> dict[str, Any]:
    from bench.frames import FrameWatch
    from reader.app import create_app
    from reader.config import Config
    from reader.paths import state_db_path
    from reader.state import StateStore
    from reader.widgets.article_list import ArticleList
    from reader.widgets.article_text import ArticleText
    from reader.widgets.detail_pane import DetailPane

    config = Config(images="off", poll_seconds=0, mark_read_on_open=False)
    # Reading from the cache, the cursor must not bring the article (and so its cached
    # text) on show by itself before `enter` is timed: the pane follows it only on enter.
    delay = 3600.0 if kind == "cache" else 0.06
    state = StateStore.open(state_db_path())
    app = create_app([folder], state=state, config=config, detail_delay=delay)
    result: dict[str, Any] = {}
    async with app.run_test(size=(COLUMNS, LINES)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        frames = FrameWatch(app)
        press = frames.press
        articles = app.query_one(ArticleList)
        pane = app.query_one(DetailPane)
        full_text = pane.query_one("#detail-fulltext", ArticleText)

        async def timed(keys: str, shows: Callable[[], bool]) -> tuple[float, float]:
            """(ms to the first frame that shows it, main-thread CPU ms until then)."""
            future = frames.shown(shows)
            started, cpu_started = time.perf_counter(), time.thread_time()
            press(keys)
            shown_at, cpu_at = await asyncio.wait_for(future, 30)
            await asyncio.sleep(GAP)
            return (shown_at - started) * 1000, (cpu_at - cpu_started) * 1000

        def text_of(article_id: str) -> Callable[[], bool]:
            return lambda: (
                pane.article_id == article_id and full_text.display and bool(full_text.blocks)
            )

        def article_of(article_id: str) -> Callable[[], bool]:
            return lambda: pane.showing == article_id

        rows = list(articles.articles)
        by_kind: dict[str, list[float]] = {"short": [], "long": [], "peer": []}
        cpu: dict[str, list[float]] = {"short": [], "long": [], "peer": []}
        first: float | None = None
        for index, article in enumerate(rows):
            if index:
                press("j")
                for _ in range(200):
                    await pilot.pause(0.01)
                    if articles.current == article and (
                        kind == "cache" or pane.showing == article.id
                    ):
                        break
                await app.workers.wait_for_complete()
                await pilot.pause(GAP)
            kind_of = (
                "peer"
                if "peer" in article.title
                else ("long" if "long" in article.title else "short")
            )
            if kind == "cache" and index == 0:
                continue  # on show from the start: its text was drawn before any key
            if kind == "server":
                if kind_of == "peer":
                    continue
                # The pane shows the article (and its picture-less metadata); then f.
                elapsed, used = await timed("f", text_of(article.id))
            else:
                show = article_of(article.id) if kind_of == "peer" else text_of(article.id)
                elapsed, used = await timed("\r", show)
            if first is None and kind_of != "peer":
                first = elapsed
                continue
            by_kind[kind_of].append(elapsed)
            cpu[kind_of].append(used)
        frames.stop()
        result["first"] = first
        result.update(by_kind)
        result["cpu"] = cpu
    return result


def child_main(kind: str, folder: str, port: int, out: str) -> int:
    result = asyncio.run(_phase(kind, folder, port))
    Path(out).write_text(json.dumps(result), encoding="utf-8")
    return 0


# -- the parent ---------------------------------------------------------------------------


def make_folder(root: Path, port: int, count: int) -> Path:
    sys.path.insert(0, str(REPO))
    from tests.factories import write_article

    folder = root / "news"
    for number in range(count):
        kind = "long" if number % 2 else "short"
        page = "/news/long.html" if kind == "long" else "/news/harbor-ferries.html"
        url = f"http://127.0.0.1:{port}{page}?n={number}"
        write_article(
            folder,
            f"{kind}-{number:03d}",
            title=f"A {kind} story number {number}",
            heat=900 - number * 2,
            originalUrl=url,
            webUrl=url,
        )
        write_article(  # the peer: an article with nothing to fetch or show
            folder,
            f"peer-{number:03d}",
            title=f"A peer story number {number}",
            heat=899 - number * 2,
            originalUrl=f"https://peer.invalid/{number}",
            webUrl=f"https://peer.invalid/{number}",
        )
    return folder


def run_child(kind: str, folder: Path, port: int, env: dict[str, str]) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = handle.name
    command = [sys.executable, "-m", "bench.fulltext", "--child", kind, str(folder), str(port), out]
    subprocess.run(command, env=env, cwd=REPO, check=True, timeout=600)
    data: dict[str, Any] = json.loads(Path(out).read_text(encoding="utf-8"))
    os.unlink(out)
    return data


def table(server: dict[str, Any], cache: dict[str, Any]) -> list[list[str]]:
    rows = [["measure", "n", "median ms", "min", "max", "p95", "UI-thread CPU ms", "target"]]

    def add(name: str, samples: list[float], target: str = "—", used: Sequence[float] = ()) -> None:
        if samples:
            s = _stats(samples)
            rows.append(
                [
                    name,
                    str(int(s["n"])),
                    f"{s['median']:.1f}",
                    f"{s['min']:.1f}",
                    f"{s['max']:.1f}",
                    f"{s['p95']:.1f}",
                    f"{statistics.median(used):.1f}" if used else "—",
                    target,
                ]
            )

    if server.get("first") is not None:
        add("f → full text, local server, first (imports trafilatura)", [server["first"]])
    add("f → full text, local server, ~270 words", server["short"], used=server["cpu"]["short"])
    add("f → full text, local server, ~4,200 words", server["long"], used=server["cpu"]["long"])
    if cache.get("first") is not None:
        add("enter → full text, cache, first after start (imports)", [cache["first"]])
    target = f"≤ {TARGET_CACHE_MS:g}"
    add("enter → full text, cache, ~270 words", cache["short"], target, cache["cpu"]["short"])
    add("enter → full text, cache, ~4,200 words", cache["long"], target, cache["cpu"]["long"])
    add("peer: enter → article with nothing to fetch", cache["peer"], used=cache["cpu"]["peer"])
    return rows


def markdown(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(lines)


def machine_note() -> str:
    from bench.run import machine

    info = machine()
    return (
        f"{info['cpu']}, {info['cores']} cores, {info['ram']} RAM; Python {info['python']}, "
        f"textual {info['textual']}, reader-tui {info['reader-tui']}; {info['os']}"
    )


def write_section(path: Path, text: str) -> None:
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN in old and END in old:
        head, rest = old.split(BEGIN, 1)
        path.write_text(head + text + rest.split(END, 1)[1], encoding="utf-8")
    else:
        path.write_text(old.rstrip("\n") + "\n\n" + text + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if args and args[0] == "--child":
        return child_main(args[1], args[2], int(args[3]), args[4])
    parser = argparse.ArgumentParser(prog="python -m bench.fulltext", description=__doc__)
    parser.add_argument("--articles", type=int, default=30, help="fetched articles (30)")
    parser.add_argument("--smoke", action="store_true", help="4 articles: the harness only")
    parser.add_argument("--out", type=Path, help="update this RESULTS.md's full-text section")
    options = parser.parse_args(args)
    count = 4 if options.smoke else max(4, options.articles)
    sys.path.insert(0, str(REPO))
    from bench.run import LoadMeter
    from tests.webserver import NewsServer

    meter = LoadMeter()
    server = NewsServer().start()
    with tempfile.TemporaryDirectory(prefix="bench-fulltext-") as temp:
        root = Path(temp)
        folder = make_folder(root, server.port, count)
        env = dict(os.environ)
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
            env.pop(name, None)
        env.update(
            NO_PROXY="127.0.0.1",
            XDG_DATA_HOME=str(root / "data"),
            XDG_CONFIG_HOME=str(root / "config"),
            XDG_CACHE_HOME=str(root / "cache"),
            PYTHONPATH=str(REPO),
        )
        print(f"{count} articles to fetch, {count} peers; server on port {server.port}")
        fetched = run_child("server", folder, server.port, env)
        requests = server.total()
        cached = run_child("cache", folder, server.port, env)
        again = server.total() - requests
    server.stop()
    rows = table(fetched, cached)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    print(f"requests: {requests} while fetching, {again} while reading from the cache")
    others = meter.others_percent()
    print(f"other processes' CPU meanwhile: {others:.0f}% of the machine")
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    note = machine_note()
    print(f"Machine: {note}")
    if options.out and not options.smoke:
        section = "\n".join(
            [
                BEGIN,
                "## Full text (issue 11): `python -m bench.fulltext`",
                "",
                f"Run {when}, {count} articles fetched from a local server (127.0.0.1), then "
                f"read from the cache by a new process ({again} requests then). "
                f"Machine: {note}. Other processes used {others:.0f}% of the machine's CPU "
                "meanwhile (it is shared): figures drift with that, so compare each row with "
                "the peer, measured in the same run. UI-thread CPU: the main thread's CPU "
                "time from key to frame (median).",
                "",
                markdown(rows),
                END,
            ]
        )
        write_section(options.out, section)
    return 0 if again == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
