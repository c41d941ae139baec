"""`reader serve` in a real browser: headless Chromium (Debian's chromium and
chromium-driver, which .ci/run installs) opens the page, waits for the article list,
presses j and enter, and the article shows and its read mark lands in the state database.

Marked `browser`: the default run leaves it out, CI runs it as its own step. The
screenshot is kept (READER_SCREENSHOT_DIR, else the test's temp dir) as CI's artefact.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories import write_article

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
TITLES = [f"Story number {n} from the [/] Wire" for n in range(5)]  # hottest first


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def events(path: Path) -> list[dict[str, object]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def wait_for(condition, seconds: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {seconds:.0f} s waiting for {what}")


@pytest.fixture
def served(tmp_path: Path, isolated_home: Path) -> Iterator[tuple[str, Path, Path]]:
    folder = tmp_path / "news"
    for rank, title in enumerate(TITLES):
        write_article(
            folder,
            f"story-{rank}",
            title=title,
            heat=90 - 10 * rank,
            provider={"name": "[/] Wire", "domain": "wire.example"},
        )
    log = tmp_path / "events.jsonl"
    port = free_port()
    environment = {**os.environ, "READER_BENCH_EVENTS": str(log)}
    server = subprocess.Popen(
        [sys.executable, "-m", "reader", "serve", "--port", str(port), str(folder)],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:

        def listening() -> bool:
            assert server.poll() is None, server.stderr.read().decode()  # type: ignore[union-attr]
            with socket.socket() as probe:
                return probe.connect_ex(("127.0.0.1", port)) == 0

        wait_for(listening, 30, "the server")
        yield f"http://127.0.0.1:{port}/", log, isolated_home
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture
def browser(tmp_path: Path):  # type: ignore[no-untyped-def]
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        if os.environ.get("CI"):
            pytest.fail("CI must install chromium and chromium-driver (see .ci/run)")
        pytest.skip("no chromium/chromedriver here (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,900",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def test_the_reader_in_a_browser_marks_what_it_opens(served, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    url, log, home = served
    browser.get(url)
    # The app in the browser has drawn its list of all five articles.
    wait_for(
        lambda: any(e["event"] == "loaded" and e["articles"] == 5 for e in events(log)),
        60,
        "the article list",
    )
    time.sleep(1.0)  # the first frame reaches the page
    # Keys go to the terminal's input (a click would also pick the row under the mouse).
    browser.execute_script("document.querySelector('.xterm-helper-textarea').focus()")
    ActionChains(browser).send_keys("j").pause(0.5).send_keys(Keys.ENTER).perform()

    def shown() -> list[object]:
        return [e.get("article") for e in events(log) if e["event"] == "article_shown"]

    database = home / "data" / "reader-tui" / "state.db"

    def read_ids() -> set[str]:
        if not database.exists():
            return set()
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
            return {row[0] for row in db.execute("SELECT article_id FROM flags WHERE read = 1")}

    wait_for(lambda: read_ids(), 30, "the read mark in state.db")
    listed = subprocess.run(
        [sys.executable, "-m", "reader", "list", "--json", str(tmp_path / "news")],
        capture_output=True,
        text=True,
        check=True,
    )
    order = [row["id"] for row in json.loads(listed.stdout)]
    assert read_ids() == {order[1]}  # j then enter: the second hottest, and only it
    assert order[1] in shown()  # and its article was drawn in the detail pane
    time.sleep(1.0)
    folder = Path(os.environ.get("READER_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    picture = folder / "reader-serve.png"
    assert browser.save_screenshot(str(picture)) and picture.stat().st_size > 10_000
