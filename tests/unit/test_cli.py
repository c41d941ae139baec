"""The non-interactive commands: list, topics, check (reader.cli.main)."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import textwrap
import types
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from reader.cli import main
from reader.config import Config
from reader.frontmatter import parse_file
from reader.paths import state_db_path
from reader.session import Session, ViewMemory, corpus_key
from reader.state import StateStore
from tests.conftest import REAL_CORPUS, REPO
from tests.unit.helpers import write, write_article

LIST_FIELDS = {
    "id",
    "path",
    "title",
    "heat",
    "quality",
    "published_at",
    "provider",
    "topics",
    "url",
    "read",
    "related_count",
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Five invented articles: one without heat, one unpublished, one with related stories."""
    folder = tmp_path / "corpus"
    write_article(
        folder,
        "hot.md",
        title="Hot story",
        heat=90,
        quality=20,
        publishedDateTime=datetime(2026, 5, 1, 8, 0, tzinfo=timezone.utc),
        topics=["AI", "Robotics"],
        related=[
            {"title": "Related one", "webUrl": "https://r.example/1"},
            {"title": "Related two", "webUrl": "https://r.example/2"},
        ],
    )
    write_article(
        folder,
        "warm.md",
        title="Warm story",
        heat=50,
        quality=95,
        publishedDateTime=datetime(2026, 4, 1, 8, 0, tzinfo=timezone.utc),
        topics=["AI"],
    )
    write_article(
        folder,
        "sub/cold.md",
        title="Cold story",
        heat=-1,
        quality=60,
        publishedDateTime=datetime(2026, 6, 1, 8, 0, tzinfo=timezone.utc),
        topics=["Energy"],
    )
    write_article(
        folder,
        "noheat.md",
        title="No heat story",
        heat=None,
        quality=None,
        publishedDateTime=datetime(2026, 6, 2, 8, 0, tzinfo=timezone.utc),
        topics=["Energy", "AI"],
    )
    write_article(folder, "draft.md", title="Draft story", heat=99, published=False, topics=["AI"])
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def list_json(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict[str, Any]]:
    code, out, _ = run(capsys, "list", "--json", *argv)
    assert code == 0
    rows = json.loads(out)
    assert isinstance(rows, list)
    return rows


def titles(rows: list[dict[str, Any]]) -> list[str]:
    return [row["title"] for row in rows]


def mark_read(*paths: Path) -> None:
    store = StateStore.open(state_db_path())
    assert store.persistent
    articles = [parse_file(str(p)).detail.article for p in paths]
    store.set_read([(a.id, a.url) for a in articles], True)
    store.close()


# -- list ------------------------------------------------------------------------------


def test_list_json_has_every_field(capsys: pytest.CaptureFixture[str], corpus: Path) -> None:
    rows = list_json(capsys, str(corpus))
    assert len(rows) == 4
    for row in rows:
        assert set(row) >= LIST_FIELDS
    hot = rows[0]
    expected = parse_file(str(corpus / "hot.md")).detail.article
    assert hot["id"] == expected.id
    assert hot["path"] == str(corpus / "hot.md")
    assert hot["title"] == "Hot story"
    assert hot["heat"] == 90
    assert hot["quality"] == 20
    assert hot["provider"] == "Coastal Daily"
    assert hot["topics"] == ["AI", "Robotics"]
    assert hot["url"] == "https://coastal-daily.example/hot"
    assert hot["read"] is False
    assert hot["related_count"] == 2


def test_list_json_published_at_is_iso_8601(
    capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    rows = {row["title"]: row for row in list_json(capsys, str(corpus))}
    value = rows["Hot story"]["published_at"]
    parsed = datetime.fromisoformat(value)
    assert parsed.tzinfo is not None
    assert parsed == datetime(2026, 5, 1, 8, 0, tzinfo=timezone.utc)


def test_list_json_missing_heat_and_quality_are_null(
    capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    code, out, _ = run(capsys, "list", "--json", str(corpus))
    assert code == 0
    row = next(r for r in json.loads(out) if r["title"] == "No heat story")
    assert row["heat"] is None
    assert row["quality"] is None
    assert '"heat": null' in out


def test_list_default_order_is_heat_then_missing(
    capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    assert titles(list_json(capsys, str(corpus))) == [
        "Hot story",
        "Warm story",
        "Cold story",
        "No heat story",
    ]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("heat", ["Hot story", "Warm story", "Cold story", "No heat story"]),
        ("date", ["No heat story", "Cold story", "Hot story", "Warm story"]),
        ("quality", ["Warm story", "Cold story", "Hot story", "No heat story"]),
    ],
)
def test_list_sort(
    capsys: pytest.CaptureFixture[str], corpus: Path, sort: str, expected: list[str]
) -> None:
    assert titles(list_json(capsys, "--sort", sort, str(corpus))) == expected


def test_list_bad_sort_is_a_usage_error(capsys: pytest.CaptureFixture[str], corpus: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["list", "--sort", "popularity", str(corpus)])
    assert exit_info.value.code == 2


def test_list_topic(capsys: pytest.CaptureFixture[str], corpus: Path) -> None:
    assert titles(list_json(capsys, "--topic", "Energy", str(corpus))) == [
        "Cold story",
        "No heat story",
    ]
    assert list_json(capsys, "--topic", "Nothing like this", str(corpus)) == []


def test_list_unread_and_read_field(capsys: pytest.CaptureFixture[str], corpus: Path) -> None:
    mark_read(corpus / "hot.md", corpus / "sub" / "cold.md")
    rows = list_json(capsys, str(corpus))
    assert {r["title"]: r["read"] for r in rows} == {
        "Hot story": True,
        "Warm story": False,
        "Cold story": True,
        "No heat story": False,
    }
    assert titles(list_json(capsys, "--unread", str(corpus))) == ["Warm story", "No heat story"]


def test_list_all_includes_unpublished(capsys: pytest.CaptureFixture[str], corpus: Path) -> None:
    assert "Draft story" not in titles(list_json(capsys, str(corpus)))
    rows = list_json(capsys, "--all", str(corpus))
    assert titles(rows)[0] == "Draft story"  # heat 99
    assert len(rows) == 5


def test_list_limit(capsys: pytest.CaptureFixture[str], corpus: Path) -> None:
    assert titles(list_json(capsys, "--limit", "2", str(corpus))) == ["Hot story", "Warm story"]
    assert len(list_json(capsys, "--limit", "100", str(corpus))) == 4


def test_list_negative_limit_is_a_usage_error(corpus: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["list", "--limit", "-1", str(corpus)])
    assert exit_info.value.code == 2


def test_list_accepts_a_single_file(capsys: pytest.CaptureFixture[str], corpus: Path) -> None:
    rows = list_json(capsys, str(corpus / "warm.md"))
    assert titles(rows) == ["Warm story"]


def test_list_text_output_marks_unread(capsys: pytest.CaptureFixture[str], corpus: Path) -> None:
    mark_read(corpus / "hot.md")
    code, out, _ = run(capsys, "list", str(corpus))
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 4
    assert "Hot story" in lines[0] and not lines[0].startswith("●")
    assert "Warm story" in lines[1] and lines[1].startswith("●")


def test_list_reports_a_missing_folder_on_stderr(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, out, err = run(capsys, "list", "--json", str(tmp_path / "nowhere"))
    assert json.loads(out) == []
    assert str(tmp_path / "nowhere") in err


# -- topics ----------------------------------------------------------------------------


def test_topics_json(capsys: pytest.CaptureFixture[str], corpus: Path) -> None:
    mark_read(corpus / "hot.md")
    code, out, _ = run(capsys, "topics", "--json", str(corpus))
    assert code == 0
    assert json.loads(out) == [
        {"topic": "AI", "total": 3, "unread": 2},
        {"topic": "Energy", "total": 2, "unread": 2},
        {"topic": "Robotics", "total": 1, "unread": 0},
    ]


def test_topics_json_all_counts_unpublished(
    capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    code, out, _ = run(capsys, "topics", "--json", "--all", str(corpus))
    assert code == 0
    counts = {row["topic"]: (row["total"], row["unread"]) for row in json.loads(out)}
    assert counts["AI"] == (4, 4)


# -- check -----------------------------------------------------------------------------


def test_check_is_clean_for_good_files(capsys: pytest.CaptureFixture[str], corpus: Path) -> None:
    code, out, _ = run(capsys, "check", str(corpus))
    assert code == 0
    assert out == ""


def test_check_does_not_fail_on_a_duplicate(
    capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    write_article(corpus, "zz-copy.md", originalUrl="https://coastal-daily.example/hot")
    code, out, _ = run(capsys, "check", str(corpus))
    assert code == 0
    assert out == ""


def test_check_lists_bad_files_and_exits_1(
    capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    empty = write(corpus, "empty.md", "")
    no_fm = write(corpus, "plain.md", "Just text, no front matter.\n")
    code, out, _ = run(capsys, "check", str(corpus))
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 2
    by_path = {line.split(": ", 1)[0]: line.split(": ", 1)[1] for line in lines}
    assert set(by_path) == {str(empty), str(no_fm)}
    assert all(reason.strip() for reason in by_path.values())


def test_check_reports_a_missing_path(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "gone"
    code, out, _ = run(capsys, "check", str(missing))
    assert code == 1
    assert out.startswith(f"{missing}: ")


def test_check_reports_field_warnings(capsys: pytest.CaptureFixture[str], corpus: Path) -> None:
    odd = write_article(corpus, "odd.md", heat="very hot")
    _, out, _ = run(capsys, "check", str(corpus))
    assert any(line.startswith(f"{odd}: ") and "heat" in line for line in out.splitlines())


# -- the real sample corpus ------------------------------------------------------------


@pytest.mark.skipif(not REAL_CORPUS.is_dir(), reason="shared/corpus-real not present")
def test_list_real_corpus_has_99_articles(capsys: pytest.CaptureFixture[str]) -> None:
    rows = list_json(capsys, str(REAL_CORPUS))
    assert len(rows) == 99
    assert len({row["id"] for row in rows}) == 99
    assert all(row["title"] and row["url"].startswith("http") for row in rows)


@pytest.mark.skipif(not REAL_CORPUS.is_dir(), reason="shared/corpus-real not present")
def test_check_real_corpus_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(REAL_CORPUS))
    assert (code, out) == (0, "")


# -- import hygiene (separate interpreters) ------------------------------------------------


def python(code: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
        env=env,
    )


def test_core_modules_do_not_import_textual() -> None:
    result = python(
        "import reader.cli, reader.corpus, reader.query, reader.state; import sys; "
        "assert not any(m.startswith('textual') for m in sys.modules), "
        "sorted(m for m in sys.modules if m.startswith('textual'))"
    )
    assert result.returncode == 0, result.stderr


def test_running_list_and_check_does_not_import_textual(corpus: Path, tmp_path: Path) -> None:
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "xdg-data"), HOME=str(tmp_path))
    result = python(
        f"""
        import sys, io, contextlib
        from reader.cli import main
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(["list", "--json", {str(corpus)!r}]) == 0
            assert main(["topics", {str(corpus)!r}]) == 0
            assert main(["check", {str(corpus)!r}]) == 0
        loaded = sorted(m for m in sys.modules if m.startswith("textual"))
        assert not loaded, loaded
        """,
        env,
    )
    assert result.returncode == 0, result.stderr


def test_no_command_imports_textual(corpus: Path, tmp_path: Path) -> None:
    """Every non-interactive command, each in a fresh interpreter, with its usual options."""
    export = tmp_path / "flags.json"
    runs = [
        ["list", "--json", "--query", "story", str(corpus)],
        ["list", "--unread", "--sort", "date", str(corpus)],
        ["topics", "--json", str(corpus)],
        ["check", str(corpus)],
        ["config", "path"],
        ["config", "show"],
        ["mark", "--star", "https://coastal-daily.example/hot"],
        ["mark", "https://coastal-daily.example/hot", "--path", str(corpus)],
        ["state", "export", str(export)],
        ["state", "import", str(export)],
        ["index", str(corpus)],
        ["list", "--json", str(corpus)],  # now from the index
        ["completion", "zsh"],
        ["topics", "--names", str(corpus)],
    ]
    env = dict(
        os.environ,
        XDG_DATA_HOME=str(tmp_path / "xdg-data"),
        XDG_CONFIG_HOME=str(tmp_path / "xdg-config"),
        XDG_CACHE_HOME=str(tmp_path / "xdg-cache"),
        HOME=str(tmp_path),
    )
    for argv in runs:
        result = python(
            f"""
            import sys, io, contextlib
            from reader.cli import main
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main({argv!r})
            assert code in (0, 1), code
            loaded = sorted(m for m in sys.modules if m.startswith("textual"))
            assert not loaded, loaded
            """,
            env,
        )
        assert result.returncode == 0, (argv, result.stderr)


def test_pure_modules_do_not_import_textual() -> None:
    result = python(
        "import reader.browser, reader.config, reader.session, reader.actions; "
        "import reader.cli.list, reader.cli.tui, reader.cli.common; import sys; "
        "assert not any(m.startswith('textual') for m in sys.modules), "
        "sorted(m for m in sys.modules if m.startswith('textual'))"
    )
    assert result.returncode == 0, result.stderr


def test_importing_paths_and_state_creates_no_directories(tmp_path: Path) -> None:
    home = tmp_path / "fresh-home"
    home.mkdir()
    env = dict(
        os.environ,
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_STATE_HOME=str(home / "state"),
    )
    result = python(
        """
        import reader.paths, reader.state, reader.cli, reader.corpus, reader.query
        reader.paths.state_db_path(); reader.paths.data_dir(); reader.paths.config_dir()
        """,
        env,
    )
    assert result.returncode == 0, result.stderr
    assert list(home.iterdir()) == []


# -- the package, the entry points and the TUI launcher ---------------------------------


def test_one_module_per_command_each_under_400_lines() -> None:
    import reader.cli

    package = Path(reader.cli.__file__).parent
    for command, module in reader.cli.COMMAND_MODULES.items():
        assert module.__name__ == f"reader.cli.{'tui' if command == 'open' else command}"
        assert callable(module.add_parser) and callable(module.run), command
    for module in package.glob("*.py"):
        lines = module.read_text(encoding="utf-8").count("\n")
        assert lines < 400, (module.name, lines)


def test_the_entry_points_still_work(tmp_path: Path) -> None:
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["reader"] == "reader.cli:main"
    assert "reader.cli" in project["tool"]["setuptools"]["packages"]
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"))
    result = subprocess.run(
        [sys.executable, "-m", "reader", "config", "path"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(tmp_path / "config" / "reader-tui" / "config.toml")
    result = subprocess.run(
        [sys.executable, "-m", "reader", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    assert result.returncode == 0
    assert all(command in result.stdout for command in ("open", "list", "mark", "index"))
    result = subprocess.run(
        [sys.executable, "-m", "reader", "open", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    assert result.returncode == 0 and "--fresh" in result.stdout


class FakeApp:
    return_code = 0

    def run(self) -> None:
        pass


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every create_app call the launcher makes (a stand-in reader.app: no Textual)."""
    calls: list[dict[str, Any]] = []

    def create_app(paths: list[str], **kwargs: Any) -> FakeApp:
        calls.append({"paths": paths, **kwargs})
        return FakeApp()

    fake = types.ModuleType("reader.app")
    fake.create_app = create_app  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "reader.app", fake)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)  # else the list is printed
    return calls


def test_the_tui_restores_the_session_by_default(
    launched: list[dict[str, Any]], corpus: Path
) -> None:
    assert main([str(corpus)]) == 0
    (call,) = launched
    assert call["paths"] == [str(corpus)]
    assert isinstance(call["session"], Session) and call["session"].fresh is False
    assert call["show_unpublished"] is None
    assert isinstance(call["config"], Config) and call["config_messages"] == []


def test_fresh_starts_without_the_saved_session(
    launched: list[dict[str, Any]], corpus: Path
) -> None:
    saved = Session()
    saved.save(corpus_key([str(corpus)]), ViewMemory(topic="AI", query="chip"), "nord")
    assert main(["--fresh", "--all", str(corpus)]) == 0
    (call,) = launched
    session = call["session"]
    assert session.fresh is True
    assert session.path == saved.path  # saved on quit as usual
    assert session.view(corpus_key([str(corpus)])) == ViewMemory()
    assert session.theme is None
    assert call["show_unpublished"] is True


def test_the_tui_passes_config_messages(
    launched: list[dict[str, Any]], isolated_home: Path
) -> None:
    folder = isolated_home / "config" / "reader-tui"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text('browser = ""\nfolders = ["/somewhere"]\n')
    assert main([]) == 0
    (call,) = launched
    assert call["paths"] == ["/somewhere"]
    assert len(call["config_messages"]) == 1 and "browser" in call["config_messages"][0]


def test_select_for_list_is_the_one_place_that_picks_articles(corpus: Path) -> None:
    from reader.cli import list as list_command

    args = list_command_args(topic="AI", limit=1)
    listing = list_command.select_for_list(args, [str(corpus)])
    assert [a.title for a in listing.articles] == ["Hot story"]
    assert listing.read_ids == set() and listing.starred_ids == set()


def list_command_args(**overrides: Any) -> argparse.Namespace:
    values: dict[str, Any] = {
        "paths": [],
        "topic": None,
        "unread": False,
        "all": False,
        "sort": "heat",
        "limit": None,
        "json": True,
        "query": None,
        "stories": False,
    }
    return argparse.Namespace(**{**values, **overrides})
