"""`reader fetch` and `reader cache`, end to end against the local server."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reader.cli import main
from reader.cli.fetch import Bar
from reader.webcache import WebCache, web_cache_path
from tests.conftest import REPO
from tests.fulltext.conftest import story
from tests.webserver import NewsServer


def corpus(tmp_path: Path, server: NewsServer) -> Path:
    folder = tmp_path / "news"
    story(
        folder,
        "harbor",
        server.url("/news/harbor-ferries.html"),
        heat=90,
        topics=["Boats"],
        images=[{"url": server.url("/img/photo.jpg")}],
    )
    story(folder, "chip", server.url("/news/chip-fab.html"), heat=80, topics=["Chips"])
    story(folder, "gone", server.url("/missing"), heat=70, title="A gone story [/]")
    story(folder, "pdf", server.url("/paper.pdf"), heat=60, topics=["Chips"])
    return folder


def run(*argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_fetch_fills_the_cache_and_says_what_failed(
    news_server: NewsServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = corpus(tmp_path, news_server)
    code, out, err = run("fetch", str(folder), capsys=capsys)
    assert code == 1  # one story could not be fetched
    assert out == ""
    assert f"reader: A gone story [/]: HTTP 404 Not Found ({news_server.url('/missing')})" in err
    assert "not HTML (application/pdf)" in err
    assert "4 articles: 2 fetched, 0 already cached, 2 failed, 1 with a picture" in err
    cache = WebCache.open(web_cache_path(), create=False)
    assert cache is not None
    page = cache.page(news_server.url("/news/harbor-ferries.html"))
    assert page is not None and "Two driverless ferries" in page.text
    assert cache.image(news_server.url("/img/photo.jpg")) is not None
    assert news_server.count("/news/harbor-ferries.html") == 1

    code, _out, err = run("fetch", str(folder), "--topic", "Boats", capsys=capsys)
    assert code == 0 and "1 article: 0 fetched, 1 already cached" in err
    assert news_server.count("/news/harbor-ferries.html") == 1  # the cache answered
    assert news_server.count("/img/photo.jpg") == 1

    code, _out, err = run(
        "fetch", str(folder), "--query", "topic:Boats", "--refresh", capsys=capsys
    )
    assert code == 0 and "1 fetched" in err
    assert news_server.count("/news/harbor-ferries.html") == 2


def test_fetch_takes_the_list_options(
    news_server: NewsServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = corpus(tmp_path, news_server)
    code, _out, err = run("fetch", str(folder), "--limit", "1", "--no-images", capsys=capsys)
    assert code == 0 and err.startswith("1 article: 1 fetched")
    assert news_server.total() == 1
    assert (
        run(
            "mark",
            "--read",
            news_server.url("/news/chip-fab.html"),
            "--path",
            str(folder),
            capsys=capsys,
        )[0]
        == 0
    )
    code, _out, err = run("fetch", str(folder), "--unread", "--query", "topic:Chips", capsys=capsys)
    assert "1 article:" in err and news_server.count("/news/chip-fab.html") == 0
    code, _out, err = run("fetch", str(folder), "--query", "heat>", capsys=capsys)
    assert code == 2 and "bad query" in err


def test_fetch_offline_keeps_going_and_says_so(
    news_server: NewsServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = corpus(tmp_path, news_server)
    news_server.stop()
    code, _out, err = run("fetch", str(folder), capsys=capsys)
    assert code == 1
    assert err.count("offline? can't connect to 127.0.0.1 (connection refused)") == 4


def test_cache_info_and_clear(
    news_server: NewsServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run("cache", "info", capsys=capsys)
    assert code == 0 and out.endswith("empty (nothing fetched yet)\n")
    assert not web_cache_path().exists()  # looking made nothing
    run("fetch", str(corpus(tmp_path, news_server)), capsys=capsys)
    code, out, _err = run("cache", "info", capsys=capsys)
    assert code == 0
    assert f"path      {web_cache_path()}\n" in out
    assert "pages     2\n" in out and "pictures  1\n" in out and "of 500 MB (cache_max_mb)" in out
    code, out, _err = run("cache", "clear", capsys=capsys)
    assert code == 0 and out.startswith(f"Cleared {web_cache_path()}: 2 pages and 1 pictures")
    assert "pages     0\n" in run("cache", "info", capsys=capsys)[1]
    assert run("cache", "path", capsys=capsys)[1] == f"{web_cache_path()}\n"


def test_the_cache_limit_comes_from_the_config(
    news_server: NewsServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "reader-tui" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("cache_max_mb = 1\nimages = 'off'\nfetch_timeout = 2\n")
    run("fetch", str(corpus(tmp_path, news_server)), capsys=capsys)
    assert "of 1 MB (cache_max_mb)" in run("cache", "info", capsys=capsys)[1]
    assert news_server.count("/img/photo.jpg") == 0


def test_the_progress_bar_is_drawn_on_a_terminal_only() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal, pipe = Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        bar = Bar(4, stream)
        bar.step("harbor.example")
        bar.say("reader: a failure")
        bar.step("chip.example\x1b[2J")
        bar.end()
    assert pipe.getvalue() == "reader: a failure\n"
    drawn = terminal.getvalue()
    assert "██████░░░░░░░░░░░░░░░░░░ 1/4 harbor.example" in drawn
    assert "2/4 chip.example\ufffd[2J" in drawn  # a label from the data is cleaned
    assert "reader: a failure\n" in drawn


def test_fetch_and_cache_do_not_import_textual(news_server: NewsServer, tmp_path: Path) -> None:
    folder = corpus(tmp_path, news_server)
    code = f"""
        import sys, io, contextlib
        from reader.cli import main
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            main(["fetch", {str(folder)!r}])
            heavy = {{m.split(".")[0] for m in sys.modules}}
            main(["cache", "info"])
            main(["cache", "clear"])
        assert "textual" not in heavy and "textual_image" not in heavy, heavy
        assert not any(m.startswith("textual") for m in sys.modules)
    """
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
        env=dict(os.environ),
    )
    assert result.returncode == 0, result.stderr


def test_list_and_startup_pay_nothing_for_fetching(tmp_path: Path) -> None:
    code = """
        import sys, io, contextlib
        from reader.cli import main
        with contextlib.redirect_stdout(io.StringIO()):
            main(["list", "--limit", "3"])
        import reader.app
        heavy = sorted(m for m in sys.modules if m.split(".")[0] in
                       ("httpx", "trafilatura", "lxml", "PIL", "markdown_it", "textual_image"))
        assert not heavy, heavy
    """
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
        env=dict(os.environ),
    )
    assert result.returncode == 0, result.stderr
