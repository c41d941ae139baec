"""The command line as one parser: a default command, folders named like commands,
options before the command, piped output, `mark` by any URL, shell completion."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import build_parser, main, split_command
from reader.identity import article_id_for
from reader.paths import state_db_path
from reader.state import StateStore
from tests.factories import write_article


@pytest.fixture
def home(isolated_home: Path) -> Path:
    return isolated_home


@pytest.fixture
def folders(tmp_path: Path) -> Path:
    """A folder named `list` (a command's name) and one named `news`."""
    write_article(tmp_path / "list", "in-list", title="Filed under list", heat=5)
    write_article(
        tmp_path / "news",
        "amp",
        title="Three ways to name me",
        heat=50,
        originalUrl="https://origin.example/story",
        webUrl="https://portal.example/news/story-123",
        ampWebUrl="https://amp.portal.example/story-123",
    )
    write_article(tmp_path / "news", "draft", title="A draft", heat=9, published=False)
    return tmp_path


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], ["open"]),
        (["news"], ["open", "news"]),
        (["list"], ["list"]),
        (["./list"], ["open", "./list"]),
        (["--", "list"], ["open", "--", "list"]),
        (["--all", "list"], ["list", "--all"]),
        (["--limit", "3", "list", "news"], ["list", "--limit", "3", "news"]),
        (["--topic", "list", "news"], ["open", "--topic", "list", "news"]),  # a value
        (["--topic=x", "list"], ["list", "--topic=x"]),
        (["news", "list"], ["open", "news", "list"]),  # a path came first: all paths
        (["--help"], ["--help"]),
        (["open", "list"], ["open", "list"]),
    ],
)
def test_which_command_runs(argv: list[str], expected: list[str]) -> None:
    assert split_command(build_parser(), argv) == expected


def run(
    *argv: str, cwd: Path, stdin: str | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "reader", *argv],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=os.environ,
        input=stdin,
        timeout=60,
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_a_folder_named_list_opens_by_path_or_after_dashes(folders: Path, home: Path) -> None:
    # Output to a pipe: the reader prints the list instead of starting the interface.
    for argv in (["--", "list"], ["./list"], ["open", "list"]):
        shown = run(*argv, cwd=folders).stdout
        assert "Filed under list" in shown, argv
    # ... while `reader list news` is the list command, on the folder news.
    shown = run("list", "news", cwd=folders).stdout
    assert "Three ways to name me" in shown and "Filed under list" not in shown


def test_options_before_the_command_are_the_commands(folders: Path, home: Path) -> None:
    before = run("--all", "list", "news", cwd=folders).stdout
    after = run("list", "--all", "news", cwd=folders).stdout
    assert before == after and "A draft" in before


def test_piped_reader_prints_the_list_as_text(folders: Path, home: Path) -> None:
    piped = run("news", cwd=folders).stdout
    assert piped == run("list", "news", cwd=folders).stdout
    assert "Three ways to name me" in piped and "A draft" not in piped
    assert "\x1b" not in piped  # text, not a screen
    assert "A draft" in run("--all", "news", cwd=folders).stdout


@pytest.mark.parametrize(
    "url",
    [
        "https://origin.example/story",
        "https://portal.example/news/story-123",
        "https://amp.portal.example/story-123",
        "HTTPS://AMP.portal.example:443/story-123#top",  # the same URL, written otherwise
    ],
)
def test_mark_accepts_any_of_an_articles_urls(folders: Path, home: Path, url: str) -> None:
    news = str(folders / "news")
    assert main(["mark", "--star", url, "--path", news]) == 0
    expected = article_id_for("https://origin.example/story", b"")
    store = StateStore.open(state_db_path())
    try:
        assert store.starred_ids() == {expected}
    finally:
        store.close()


def test_mark_by_url_looks_in_the_default_folders(
    folders: Path, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = home / "config" / "reader-tui"
    config.mkdir(parents=True)
    folder = json.dumps(str(folders / "news"))
    (config / "config.toml").write_text(f"folders = [{folder}]\n", encoding="utf-8")
    assert main(["mark", "https://amp.portal.example/story-123"]) == 0
    assert "Three ways to name me" in capsys.readouterr().out
    # A URL that is in none of them is marked by the id it gives, and the user is told.
    assert main(["mark", "https://elsewhere.example/x"]) == 0
    captured = capsys.readouterr()
    assert "is not in" in captured.err and "marked by the id" in captured.err
    store = StateStore.open(state_db_path())
    try:
        assert store.read_ids() == {
            article_id_for("https://origin.example/story", b""),
            article_id_for("https://elsewhere.example/x", b""),
        }
    finally:
        store.close()


def test_mark_with_path_refuses_a_url_not_there(folders: Path, home: Path) -> None:
    result = run("mark", "https://nowhere.example/", "--path", "news", cwd=folders, check=False)
    assert result.returncode == 1 and "no such article" in result.stderr


def test_topic_names_for_completion(folders: Path, home: Path) -> None:
    write_article(folders / "news", "t", title="T", topics=["Weird [/] topic", "AI"])
    names = run("topics", "--names", "--all", "news", cwd=folders).stdout.splitlines()
    assert names == sorted(names, key=str.casefold) and "Weird [/] topic" in names


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_name_every_command_and_option(shell: str, home: Path) -> None:
    result = run("completion", shell, cwd=home.parent)
    text = result.stdout
    for command in ("open", "list", "topics", "check", "mark", "state", "index", "completion"):
        assert command in text
    for option in ("--unread", "--topic", "--follow-links", "--rebuild", "--star"):
        assert option.lstrip("-") in text, option
    assert "reader topics --names" in text  # topic names come from the folders
    program = shutil.which(shell)
    if program is not None:  # the shell itself finds no syntax error in it
        check = subprocess.run([program, "-n"], input=text, capture_output=True, text=True)
        assert check.returncode == 0, check.stderr


BASH_DRIVER = r"""
eval "$(reader completion bash)"
offer() {
    COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
    _reader; printf '%s\n' "${COMPREPLY[@]}"; echo ---
}
offer reader li
offer reader list --un
offer reader list --topic ""
offer reader list --sort ""
offer reader config ""
"""


def test_bash_completion_offers_commands_options_and_topics(folders: Path, home: Path) -> None:
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("no bash here")
    config = home / "config" / "reader-tui"
    config.mkdir(parents=True)
    folder = json.dumps(str(folders / "news"))
    (config / "config.toml").write_text(f"folders = [{folder}]\n", encoding="utf-8")
    write_article(folders / "news", "t", title="T", topics=["Machine Learning", "AI"])
    shim = home / "bin"
    shim.mkdir(parents=True)
    (shim / "reader").write_text(f'#!/bin/sh\nexec {sys.executable} -m reader "$@"\n')
    (shim / "reader").chmod(0o755)
    environment = {**os.environ, "PATH": f"{shim}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(
        [bash, "-c", BASH_DRIVER],
        capture_output=True,
        text=True,
        cwd=home,
        env=environment,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    offers = [block.strip().splitlines() for block in result.stdout.split("---")][:5]
    assert offers[0] == ["list"]
    assert offers[1] == ["--unread"]
    assert "Machine\\ Learning" in offers[2] and "AI" in offers[2]
    assert offers[3] == ["heat", "date", "quality"]
    assert offers[4] == ["path", "show"]


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True),
     ("127.8.0.1", True), ("0.0.0.0", False), ("192.168.1.5", False), ("example.org", False)],
)  # fmt: skip
def test_serve_knows_loopback(host: str, loopback: bool) -> None:
    from reader.cli.serve import is_loopback

    assert is_loopback(host) is loopback


def test_serve_runs_the_reader_isolated_on_absolute_paths(tmp_path: Path) -> None:
    import shlex

    from reader.cli.serve import app_command

    parser = build_parser()
    args = parser.parse_args(["serve", "--all", "news", "-weird [/] name"])
    words = shlex.split(app_command(args))
    assert words[:5] == [sys.executable, "-P", "-m", "reader", "open"]
    assert words[5:7] == ["--all", "--"]  # a path starting with - stays a path
    assert words[7:] == [os.path.abspath("news"), os.path.abspath("-weird [/] name")]


def test_serve_refuses_a_missing_folder_and_warns_off_loopback(tmp_path: Path) -> None:
    missing = run("serve", str(tmp_path / "nope"), cwd=tmp_path, check=False)
    assert missing.returncode == 2 and "nope" in missing.stderr
    taken = socket.socket()
    taken.bind(("0.0.0.0", 0))
    taken.listen()
    try:
        port = str(taken.getsockname()[1])
        busy = run("serve", "--host", "0.0.0.0", "--port", port, cwd=tmp_path, check=False)
    finally:
        taken.close()
    assert "anyone who can reach it" in busy.stderr  # said before anything else
    assert busy.returncode == 1 and "can't listen on 0.0.0.0:" in busy.stderr, busy.stderr
    assert "Traceback" not in busy.stderr
