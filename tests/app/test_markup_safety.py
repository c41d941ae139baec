"""The `[/]` suite: text from the files is data, never markup, wherever it is drawn."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from rich.style import Style
from textual.command import CommandList, CommandPalette
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets._toast import Toast

from reader.app import ReaderApp
from reader.config import Config, config_path, load_config
from reader.screens.confirm import ConfirmScreen
from reader.screens.help import HelpScreen, help_rows
from reader.screens.problems import ProblemsScreen
from reader.session import Session, corpus_key, session_path
from reader.widgets.article_list import ArticleList
from reader.widgets.detail_pane import DetailPane
from reader.widgets.related_list import RelatedList
from reader.widgets.search_bar import SearchBar
from reader.widgets.topic_sidebar import TopicSidebar
from tests.app.helpers import detail_text, loaded, record_notices, until
from tests.factories import article_text

NASTY = ("[/]", "[bold]x", "[link=https://e.example]y[/link]", "Foo [Bar]", "[sic]")
SIZE = (220, 60)


def url(i: int) -> str:
    return f"https://e.example/{i}/{NASTY[i]}"


def related_url(i: int) -> str:
    return f"https://other.example/{i}/{NASTY[i]}"


def file_name(i: int) -> str:
    return f"{i}-{NASTY[i]}.md"  # a "/" in it makes a folder: the path still reads the same


@pytest.fixture
def nasty_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "news [sic] [/]"
    for i, s in enumerate(NASTY):
        path = folder / file_name(i)
        path.parent.mkdir(parents=True, exist_ok=True)
        fields: dict[str, Any] = {
            "title": f"T{i} {s}",
            "heat": 90 - i,
            "excerpt": f"Excerpt {s} ends.",
            "provider": {"name": f"P{i} {s}", "domain": f"d{i}.{s}.example"},
            "topics": [f"{s} Wire", f"Bad {s}"],
            "originalUrl": url(i),
            "webUrl": url(i),
            "ampWebUrl": f"https://amp.example/{i}/{s}",
            "related": [
                {
                    "title": f"R{i} {s}",
                    "webUrl": related_url(i),
                    "excerpt": f"RE{i} {s}",
                    "provider": {"name": f"RP{i} {s}", "domain": "other.example"},
                },
                {"title": f"Here {s}", "webUrl": url((i + 1) % len(NASTY))},
            ],
        }
        path.write_text(article_text(**fields), encoding="utf-8")
    bad = folder / "[/]bad.md"  # the folder "[" holds "]bad.md"
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_text("---\ntitle: [not closed\n---\n", encoding="utf-8")
    return folder


_TEXT = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
    r'clip-path="url\(#[^)]*-line-(\d+)\)">([^<]*)</text>'
)


def screen_lines(app: ReaderApp) -> list[str]:
    """What the terminal shows, line by line, read back from the SVG screenshot."""
    rows: dict[int, dict[int, str]] = {}
    for x, line, text in _TEXT.findall(app.export_screenshot()):
        rows.setdefault(int(line), {})[round(float(x) / 12.2)] = html.unescape(text).replace(
            "\xa0", " "
        )
    lines = []
    for number in sorted(rows):
        cells: list[str] = []
        for column, text in sorted(rows[number].items()):
            cells += [" "] * (column - len(cells))
            cells += list(text)
        lines.append("".join(cells))
    return lines


def toasts(app: ReaderApp) -> list[str]:
    """The text of the notifications on screen, as drawn."""
    return [str(toast.render()) for toast in app.screen.query(Toast)]


def on_screen(app: ReaderApp) -> str:
    return "\n".join(screen_lines(app))


def title_of(widget: Widget) -> str:
    """A border title as drawn (Textual hands it back as markup, not always valid)."""
    title: Content | None = widget._border_title
    return title.plain if title is not None else ""


def list_lines(widget: ArticleList | TopicSidebar) -> list[str]:
    return [widget.render_line(y).text for y in range(widget.row_count)]


def make(make_app, folder: Path, **kwargs: Any) -> ReaderApp:  # type: ignore[no-untyped-def]
    return make_app(folder, **kwargs)


async def test_list_sidebar_and_detail_show_the_text_literally(make_app, nasty_dir: Path) -> None:
    app = make(make_app, nasty_dir)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        articles = app.query_one(ArticleList)
        assert [a.title for a in articles.articles] == [f"T{i} {s}" for i, s in enumerate(NASTY)]
        rows = list_lines(articles)
        for i, s in enumerate(NASTY):
            assert f"T{i} {s}" in rows[i]
        assert "P0 [/]" in rows[0] and "P4 [sic]" in rows[4]

        sidebar = app.query_one(TopicSidebar)
        drawn = list_lines(sidebar)
        wide = [sidebar.render_row(i, 200, Style()).plain for i in range(sidebar.row_count)]
        for s in NASTY:
            assert any(f"{s} Wire" in row for row in wide), s
            assert any(f"Bad {s}" in row for row in wide), s
        assert any("[/] Wire" in row for row in drawn)
        assert any("[sic] Wire" in row for row in drawn)

        shown = on_screen(app)
        assert "T0 [/]" in shown
        assert "T1 [bold]x" in shown
        assert "T3 Foo [Bar]" in shown
        assert "Topics" in shown

        for i, s in enumerate(NASTY):
            if i:
                await pilot.press("j")
            assert await until(
                pilot,
                lambda i=i: (
                    app.query_one(DetailPane).showing is not None
                    and f"T{i} " in detail_text(app)
                    and "Links" in detail_text(app)
                ),
            )
            text = detail_text(app)
            for expected in (
                f"T{i} {s}",
                f"P{i} {s}",
                f"d{i}.{s}.example",
                f"{s} Wire",
                f"Bad {s}",
                f"Excerpt {s} ends.",
                url(i),
                f"https://amp.example/{i}/{s}",
                str(nasty_dir / file_name(i)),
            ):
                assert expected in text, expected
            pane = app.query_one(DetailPane)
            assert title_of(pane) == f"P{i} {s}"
            related = app.query_one(RelatedList)
            prompts = [str(related.get_option_at_index(n).prompt) for n in range(3)]
            assert prompts.pop(0) == "Related stories (2)"  # the section's heading
            assert f"R{i} {s}" in prompts[0]
            assert f"RP{i} {s}" in prompts[0]
            assert f"RE{i} {s}" in prompts[0]
            assert f"Here {s}" in prompts[1]
            assert "in this folder" in prompts[1]
        screen = on_screen(app)
        assert "Excerpt [sic] ends." in screen
        assert "P4 [sic]" in screen


async def test_a_related_story_with_markup_opens_in_place(make_app, nasty_dir: Path) -> None:
    app = make(make_app, nasty_dir)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        pane = app.query_one(DetailPane)
        assert await until(pilot, lambda: pane.showing is not None)
        related = app.query_one(RelatedList)
        related.focus()
        related.highlighted = 2  # "Here [bold]x" (after the heading): the next article
        await pilot.press("enter")
        assert await until(pilot, lambda: "T1 [bold]x" in detail_text(app))
        await pilot.press("backspace")
        assert await until(pilot, lambda: "T0 [/]" in detail_text(app))


async def test_searching_for_markup_filters_or_says_why(make_app, nasty_dir: Path) -> None:
    app = make(make_app, nasty_dir)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("slash", "left_square_bracket", "slash")
        await loaded(pilot)
        assert app.query_one(SearchBar).text == "[/"
        articles = app.query_one(ArticleList)
        assert await until(pilot, lambda: "searching" not in title_of(articles))
        assert title_of(articles) == "All · hottest first · /[/"
        assert [a.title for a in articles.articles] == ["T0 [/]", f"T2 {NASTY[2]}"]
        assert "All · hottest first · /[/" in on_screen(app)
        # A query that can't be read: an error line, the last rows stay.
        app.query_one(SearchBar).query_one(Input).value = "[/ heat>[/]"  # pasted at once
        await pilot.pause()
        error = app.query_one("#search-error", Static)
        assert error.display
        assert "heat needs a whole number" in str(error.render())
        assert [a.title for a in articles.articles] == ["T0 [/]", f"T2 {NASTY[2]}"]
        on_screen(app)  # still draws


async def test_the_palette_shows_topic_names_literally(make_app, nasty_dir: Path) -> None:
    app = make(make_app, nasty_dir)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        entries = [title for title, _help, _run in app.palette_entries()]
        for s in NASTY:
            assert f"Go to topic: Bad {s}" in entries
        await pilot.press("ctrl+p")
        assert await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"Bad")
        palette = app.screen
        commands = palette.query_one(CommandList)

        def prompts() -> list[str]:
            count = commands.option_count
            return [str(commands.get_option_at_index(n).prompt) for n in range(count)]

        assert await until(pilot, lambda: sum("Go to topic: Bad" in p for p in prompts()) == 5)
        shown = prompts()
        for s in NASTY:
            assert any(f"Go to topic: Bad {s}" in p for p in shown), s
        assert "Go to topic: Bad [sic]" in on_screen(app)
        # Choosing one goes there.
        target = next(n for n, p in enumerate(shown) if "Go to topic: Bad [/]" in p)
        commands.highlighted = target
        await pilot.press("enter")
        assert await until(pilot, lambda: app.model.view.topic == "Bad [/]")
        articles = app.query_one(ArticleList)
        assert [a.title for a in articles.articles] == ["T0 [/]"]
        assert title_of(articles).startswith("Bad [/] · hottest first")


async def test_notifications_show_urls_literally(
    make_app, nasty_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make(make_app, nasty_dir)
    seen = record_notices(app, monkeypatch)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(pilot)
        await pilot.press("y")
        await pilot.pause()
        (copied,) = [n for n in seen if n.get("title") == "Copied"]
        assert copied["message"] == url(0)
        assert copied.get("markup") is False
        assert await until(pilot, lambda: any(url(0) in t for t in toasts(app)))
        await pilot.press("o")
        assert await until(
            pilot, lambda: any(n.get("title") == "Opening in your browser" for n in seen)
        )
        # The browser notice replaced the copy notice; it too shows the URL literally.
        assert await until(pilot, lambda: sum(url(0) in t for t in toasts(app)) == 1)


async def test_the_problems_screen_shows_the_file_name_literally(make_app, nasty_dir: Path) -> None:
    app = make(make_app, nasty_dir)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        options = app.screen.query_one("#problems-list", OptionList)
        prompts = [str(options.get_option_at_index(n).prompt) for n in range(options.option_count)]
        assert any(str(nasty_dir / "[/]bad.md") in p for p in prompts), prompts
        assert "[/]bad.md" in on_screen(app)


async def test_bracket_keys_show_literally_in_help_and_footer(make_app, nasty_dir: Path) -> None:
    # A key that is a bracket: the help screen and the footer name it literally.
    config = Config(
        keys={
            "toggle_read": "left_square_bracket",
            "toggle_star": "]",
            "narrower_sidebar": "{",
            "wider_sidebar": "}",
        }
    )
    app = make(make_app, nasty_dir, config=config)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert app.keys.problems == ()
        keys = {text: label for _group, rows in help_rows(app.keys) for label, text in rows}
        assert keys["toggle read / unread"] == "["
        assert keys["star / unstar"] == "]"
        assert " [ Read " in screen_lines(app)[-1]  # the footer
        assert " ] Star " in screen_lines(app)[-1]
        await pilot.press("left_square_bracket")
        await pilot.pause()
        first = app.query_one(ArticleList).articles[0]
        assert app.model.is_read(first.id)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = on_screen(app)
        assert "toggle read / unread" in shown
        assert "[ " in shown


async def test_the_confirm_screen_names_the_topic_literally(make_app, nasty_dir: Path) -> None:
    app = make(make_app, nasty_dir)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await app.run_action("go_to_topic('[/] Wire')")
        await pilot.pause()
        assert app.model.view.topic == "[/] Wire"
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        question = str(app.screen.query_one("#confirm-question", Static).render())
        assert question == "Mark 1 article in “[/] Wire” as read?"
        assert "“[/] Wire”" in on_screen(app)
        await pilot.press("y")
        await pilot.pause()
        assert app.model.is_read(app.query_one(ArticleList).articles[0].id)


async def test_the_confirm_screen_keeps_control_characters_off_the_terminal(
    make_app, tmp_path: Path
) -> None:
    folder = tmp_path / "esc"
    folder.mkdir()
    (folder / "a.md").write_text(
        article_text(title="Plain", topics=["\x1b[2J\x1b]0;owned\x07 Wire"]), encoding="utf-8"
    )
    app = make(make_app, folder)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        topic = app.model.corpus.articles[next(iter(app.model.corpus.articles))].topics[0]  # type: ignore[union-attr]
        await app.run_action(f"go_to_topic({topic!r})")
        await pilot.pause()
        assert app.model.view.topic == topic
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        question = str(app.screen.query_one("#confirm-question", Static).render())
        assert "\x1b" not in question and "\x07" not in question
        assert "[2J" in question  # shown, as harmless text


async def test_a_theme_named_with_markup_is_reported_literally(
    make_app, nasty_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('theme = "[/]"\n', encoding="utf-8")
    config, messages = load_config()
    app = make(make_app, nasty_dir, config=config, config_messages=messages)
    seen = record_notices(app, monkeypatch)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(pilot)
        config_notes = [n for n in seen if n.get("title") == "Config"]
        assert any("'[/]'" in n["message"] for n in config_notes), seen
        assert all(n.get("markup") is False for n in seen)
        assert await until(
            pilot, lambda: any("'[/]' is not a known theme" in t for t in toasts(app))
        )
        await pilot.press("p")  # the problems screen keeps it after the toast has gone
        await pilot.pause()
        assert "'[/]' is not a known theme" in on_screen(app)


async def test_a_saved_session_full_of_markup_comes_back(
    make_app, nasty_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = session_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    view = {"topic": "[/] Wire", "sort": "heat", "query": "[/]", "article_id": "[/]"}
    payload = {"theme": "[/]", "views": {corpus_key([str(nasty_dir)]): view}}
    path.write_text(json.dumps(payload), encoding="utf-8")
    app = make(make_app, nasty_dir, session=Session())
    seen = record_notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        articles = app.query_one(ArticleList)
        assert await until(pilot, lambda: "searching" not in title_of(articles))
        assert app.model.view.topic == "[/] Wire"
        assert app.query_one(SearchBar).text == "[/]"
        assert app.query_one(SearchBar).query_one(Input).value == "[/]"
        assert title_of(articles) == "[/] Wire · hottest first · /[/]"
        assert [a.title for a in articles.articles] == ["T0 [/]"]
        assert app.query_one(TopicSidebar).topic == "[/] Wire"
        assert "[/] Wire · hottest first · /[/]" in on_screen(app)
        assert not [n for n in seen if n.get("severity") == "error"]
    # ...and it is saved again as it was, for the next start.
    again = Session().view(corpus_key([str(nasty_dir)]))
    assert again.topic == "[/] Wire"
    assert again.query == "[/]"
