"""reader.browser: which command opens a URL, and how it is run. Never a real browser."""

from __future__ import annotations

import json
import os
import stat
import sys
import time
import webbrowser
from pathlib import Path
from typing import Any

import pytest

from reader.browser import (
    CONSOLE_BROWSERS,
    NO_BROWSER,
    OpenPlan,
    plan_open,
    run_console,
    run_detached,
)

URL = "https://example.com/story?id=1&x=2"


@pytest.fixture(autouse=True)
def no_real_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever a test forgets to fake, no browser is ever found or opened."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a test tried to use the real webbrowser module")

    monkeypatch.setattr(webbrowser, "get", refuse)
    monkeypatch.setattr(webbrowser, "open", refuse)


def fake_browser(tmp_path: Path, name: str, body: str) -> Path:
    """An executable Python script standing in for a browser; `log` is where it writes."""
    path = tmp_path / name
    header = f"#!{sys.executable}\nimport json, os, sys, time\nlog = {str(tmp_path / 'log')!r}\n"
    path.write_text(header + body, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


RECORD = "json.dump({'argv': sys.argv[1:], 'sid': os.getsid(0)}, open(log, 'w'))\n"


def logged(tmp_path: Path, timeout: float = 5.0) -> dict[str, Any]:
    log = tmp_path / "log"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            return json.loads(log.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            time.sleep(0.02)
    raise AssertionError("the fake browser never ran")


def use_controller(monkeypatch: pytest.MonkeyPatch, controller: Any) -> None:
    monkeypatch.setattr(webbrowser, "get", lambda using=None: controller)


# -- plan_open: a configured command ----------------------------------------------------


@pytest.mark.parametrize("name", sorted(CONSOLE_BROWSERS))
def test_console_browsers_are_recognised_by_name(name: str) -> None:
    plan = plan_open(URL, name)
    assert plan == OpenPlan(argv=[name, URL], console=True)
    assert plan_open(URL, f"/usr/local/bin/{name} -x").console is True


def test_other_commands_are_gui_and_get_the_url_at_the_end() -> None:
    plan = plan_open(URL, "firefox --new-window")
    assert plan.argv == ["firefox", "--new-window", URL]
    assert plan.console is False and plan.controller is None and plan.error == ""
    assert plan.program == "firefox"


def test_placeholder_is_replaced_everywhere() -> None:
    plan = plan_open(URL, "open-it --url=%s 'two words' %s")
    assert plan.argv == ["open-it", f"--url={URL}", "two words", URL]


def test_the_url_is_one_argument_and_never_reaches_a_shell() -> None:
    url = "https://example.com/a;rm -rf ~;$(x)`y`'\"b"
    plan = plan_open(url, "w3m")
    assert plan.argv == ["w3m", url]


def test_browser_console_forces_it_either_way() -> None:
    assert plan_open(URL, "w3m", console=False).console is False
    assert plan_open(URL, "my-terminal-browser", True).console is True


@pytest.mark.parametrize(
    ("command", "reason"), [("", "empty"), ("   ", "empty"), ("w3m 'oops", "can't be read")]
)
def test_unusable_commands(command: str, reason: str) -> None:
    plan = plan_open(URL, command)
    assert reason in plan.error
    assert run_console(plan, URL) == plan.error
    assert run_detached(plan, URL) == plan.error


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "javascript:alert(1)", "ftp://example.com/x", "https://", "", "w3m"],
)
def test_only_web_urls_are_opened(url: str, tmp_path: Path) -> None:
    plan = plan_open(url, "w3m")
    assert plan.error.startswith("not a web address")
    assert plan.argv == []
    # And the runners refuse one even with a plan made for another URL.
    script = fake_browser(tmp_path, "fake", RECORD)
    good = plan_open(URL, str(script))
    assert run_console(good, url).startswith("not a web address")  # type: ignore[union-attr]
    assert run_detached(good, url).startswith("not a web address")  # type: ignore[union-attr]
    assert not (tmp_path / "log").exists()


def test_the_url_is_stripped() -> None:
    assert plan_open(f"  {URL}\n", "w3m").argv == ["w3m", URL]


# -- plan_open: the system's choice (webbrowser) ---------------------------------------


def test_a_generic_browser_is_a_console_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    use_controller(monkeypatch, webbrowser.GenericBrowser("www-browser"))
    assert plan_open(URL, None) == OpenPlan(argv=["www-browser", URL], console=True)
    use_controller(monkeypatch, webbrowser.GenericBrowser(["w3m", "-o", "opt", "--", "%s"]))
    assert plan_open(URL, None).argv == ["w3m", "-o", "opt", "--", URL]


def test_a_background_browser_is_started_detached(monkeypatch: pytest.MonkeyPatch) -> None:
    use_controller(monkeypatch, webbrowser.BackgroundBrowser(["gio", "open", "--", "%s"]))
    plan = plan_open(URL, None)
    assert plan == OpenPlan(argv=["gio", "open", "--", URL], console=False)


def test_a_remote_controlled_browser_keeps_its_controller(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    firefox = webbrowser.Mozilla("firefox")
    use_controller(monkeypatch, firefox)
    plan = plan_open(URL, None)
    assert plan.controller is firefox and plan.argv == [] and plan.console is False
    assert plan.program == "firefox"


def test_elinks_controller_runs_in_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    use_controller(monkeypatch, webbrowser.Elinks("elinks"))
    assert plan_open(URL, None) == OpenPlan(argv=["elinks", URL], console=True)


def test_browser_console_overrides_the_guess(monkeypatch: pytest.MonkeyPatch) -> None:
    use_controller(monkeypatch, webbrowser.GenericBrowser("some-gui"))
    assert plan_open(URL, None, console=False).console is False
    use_controller(monkeypatch, webbrowser.BackgroundBrowser("xdg-open"))
    assert plan_open(URL, None, console=True).console is True


def test_no_browser_at_all(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(using: Any = None) -> Any:
        raise webbrowser.Error("could not locate runnable browser")

    monkeypatch.setattr(webbrowser, "get", missing)
    plan = plan_open(URL, None)
    assert "no browser found" in plan.error and "browser" in plan.error
    assert run_detached(plan, URL) == plan.error


def test_a_configured_command_never_asks_webbrowser() -> None:
    # The autouse fixture makes webbrowser.get fail the test.
    assert plan_open(URL, "lynx").argv == ["lynx", URL]


# -- run_console ------------------------------------------------------------------------


def test_run_console_runs_and_waits(tmp_path: Path) -> None:
    script = fake_browser(tmp_path, "w3m", "time.sleep(0.2)\n" + RECORD)
    plan = plan_open(URL, f"{script} -o x")
    assert plan.console is True  # named w3m
    assert run_console(plan, URL) is None
    assert (tmp_path / "log").exists()  # done by the time it returns
    assert logged(tmp_path)["argv"] == ["-o", "x", URL]


def test_run_console_reports_the_exit_status(tmp_path: Path) -> None:
    script = fake_browser(tmp_path, "lynx", "sys.exit(2)\n")
    assert run_console(plan_open(URL, str(script)), URL) == f"{script} exited with status 2"


def test_run_console_reports_a_signal(tmp_path: Path) -> None:
    script = fake_browser(tmp_path, "lynx", "import signal; os.kill(os.getpid(), signal.SIGTERM)\n")
    assert run_console(plan_open(URL, str(script)), URL) == f"{script} was stopped by SIGTERM"


def test_run_console_program_not_found(tmp_path: Path) -> None:
    assert run_console(plan_open(URL, "w3m-that-is-not-installed"), URL) == (
        "w3m-that-is-not-installed: not found"
    )
    missing = tmp_path / "nowhere" / "w3m"
    assert run_console(plan_open(URL, str(missing)), URL) == f"{missing}: not found"


def test_run_console_program_not_executable(tmp_path: Path) -> None:
    script = tmp_path / "w3m"
    script.write_text("#!/bin/sh\n")
    message = run_console(plan_open(URL, str(script)), URL)
    assert message is not None and message.startswith(f"{script}: not allowed to run")


# -- run_detached -----------------------------------------------------------------------


def test_run_detached_starts_on_its_own(tmp_path: Path) -> None:
    body = (
        "fds = [os.readlink(f'/proc/self/fd/{n}') for n in (0, 1, 2)]\n"
        "json.dump({'argv': sys.argv[1:], 'sid': os.getsid(0), 'fds': fds}, open(log, 'w'))\n"
    )
    script = fake_browser(tmp_path, "firefox", body)
    plan = plan_open(URL, f"{script} --new-window")
    assert plan.console is False
    assert run_detached(plan, URL) is None
    record = logged(tmp_path)
    assert record["argv"] == ["--new-window", URL]
    assert record["sid"] != os.getsid(0)  # its own session: the terminal's signals miss it
    if Path("/proc/self/fd/0").exists():
        assert record["fds"] == ["/dev/null"] * 3  # nothing to draw over the screen


def test_run_detached_reports_a_launcher_that_fails_at_once(tmp_path: Path) -> None:
    script = fake_browser(tmp_path, "xdg-open", "sys.exit(4)\n")
    assert run_detached(plan_open(URL, str(script)), URL) == f"{script} exited with status 4"


def test_run_detached_does_not_wait_for_a_browser_that_stays(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    script = fake_browser(
        tmp_path, "gui", f"open({str(pid_file)!r}, 'w').write(str(os.getpid()))\ntime.sleep(30)\n"
    )
    started = time.monotonic()
    assert run_detached(plan_open(URL, str(script)), URL, settle=0.3) is None
    assert time.monotonic() - started < 5
    deadline = time.monotonic() + 5
    while not pid_file.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(int(pid_file.read_text()), 15)


def test_run_detached_program_not_found() -> None:
    assert run_detached(plan_open(URL, "no-such-browser-here"), URL) == (
        "no-such-browser-here: not found"
    )


class FakeController(webbrowser.BaseBrowser):
    def __init__(self, result: bool | Exception) -> None:
        super().__init__("fake-controller")
        self.result = result
        self.opened: list[str] = []

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.opened.append(url)
        if isinstance(self.result, Exception):
            raise self.result
        return self.result


def test_a_controller_opens_the_url(monkeypatch: pytest.MonkeyPatch) -> None:
    controller = FakeController(True)
    use_controller(monkeypatch, controller)
    plan = plan_open(URL, None)
    assert plan.controller is controller and plan.console is False
    assert run_detached(plan, URL) is None
    assert controller.opened == [URL]


def test_a_controller_that_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    use_controller(monkeypatch, FakeController(False))
    assert run_detached(plan_open(URL, None), URL) == NO_BROWSER == "no browser could be started"
    use_controller(monkeypatch, FakeController(webbrowser.Error("broken")))
    assert run_detached(plan_open(URL, None), URL) == "fake-controller: broken"
    use_controller(monkeypatch, FakeController(OSError("gone")))
    assert run_console(plan_open(URL, None, console=True), URL) == "fake-controller: gone"


def test_an_empty_plan_opens_nothing() -> None:
    assert run_detached(OpenPlan(), URL) == NO_BROWSER
    assert run_console(OpenPlan(), URL) == NO_BROWSER
