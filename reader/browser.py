"""How to open a URL in a browser: decided here, run by the app. No Textual.

`plan_open` picks the command: the `browser` setting (split like a shell line, `%s` for
the URL) or Python's `webbrowser` choice. A console browser (w3m, lynx, …) needs the
terminal, so the app suspends its screen and runs it with `run_console`, waiting until
it quits; a GUI one is started with `run_detached` (from a worker thread: it may wait a
moment to catch a browser that fails at once) and the app carries on.

Only http(s) URLs with a host are ever handed over, as one argument and never through a
shell.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import threading
import webbrowser
from dataclasses import dataclass, field

from reader.textsafe import one_line
from reader.urls import is_web_url

# Programs that draw in the terminal they are started from.
CONSOLE_BROWSERS = frozenset({"w3m", "lynx", "links", "links2", "elinks", "browsh", "carbonyl"})
NO_BROWSER = "no browser could be started"


@dataclass(frozen=True, slots=True)
class OpenPlan:
    """What to run for one URL: `argv` (the URL already in it) or a webbrowser controller.

    `console`: the browser uses this terminal (run it with the screen suspended and wait);
    otherwise start it detached. `error`: why the URL can't be opened at all ("" if it can).
    """

    argv: list[str] = field(default_factory=list)
    controller: webbrowser.BaseBrowser | None = None
    console: bool = False
    error: str = ""

    @property
    def program(self) -> str:
        """The browser's name for messages: "w3m", "firefox", "xdg-open"."""
        if self.argv:
            return one_line(self.argv[0], 200)
        name = getattr(self.controller, "name", "") or ""
        return one_line(str(name), 200) or "the browser"


def _not_web(url: str) -> str:
    return f"not a web address (only http and https are opened): {one_line(url, 200)}"


def _with_url(words: list[str], url: str) -> list[str]:
    """`%s` in any word becomes the URL; without one, the URL goes at the end."""
    if any("%s" in word for word in words):
        return [word.replace("%s", url) for word in words]
    return [*words, url]


def plan_open(url: str, command: str | None, console: bool | None = None) -> OpenPlan:
    """How to open `url`: with `command` (the `browser` setting) or the system's choice.

    `console` forces the console/GUI decision (the `browser_console` setting); None
    guesses: a configured program named like a console browser, or the terminal
    browser Python's webbrowser falls back to when there is no display.
    """
    url = url.strip()
    if not is_web_url(url):
        return OpenPlan(error=_not_web(url))
    if command is not None:
        try:
            words = shlex.split(command)
        except ValueError as exc:
            return OpenPlan(error=f"the browser setting can't be read: {exc}")
        if not words:
            return OpenPlan(error="the browser setting is empty")
        argv = _with_url(words, url)
        if console is None:
            console = os.path.basename(words[0]) in CONSOLE_BROWSERS
        return OpenPlan(argv=argv, console=console)
    try:
        controller = webbrowser.get()
    except webbrowser.Error:
        return OpenPlan(error="no browser found (set `browser` in the config file)")
    if isinstance(controller, webbrowser.GenericBrowser):
        # Started from a command line: run it ourselves, with the URL where `%s` is. A
        # GenericBrowser that is not a BackgroundBrowser is what webbrowser registers for
        # www-browser, links, lynx and w3m (and $BROWSER): it waits on the terminal.
        argv = [controller.name, *(arg.replace("%s", url) for arg in controller.args)]
        if console is None:
            console = not isinstance(controller, webbrowser.BackgroundBrowser)
        return OpenPlan(argv=argv, console=console)
    if console is None:
        # A UnixBrowser that is not `background` (elinks) runs in the terminal.
        console = isinstance(controller, webbrowser.UnixBrowser) and not controller.background
    if console and isinstance(controller, webbrowser.UnixBrowser):
        argv = [controller.name, *(arg.replace("%s", url) for arg in controller.args)]
        return OpenPlan(argv=argv, console=True)
    return OpenPlan(controller=controller, console=console)


def _precheck(plan: OpenPlan, url: str) -> str | None:
    if plan.error:
        return plan.error
    if not is_web_url(url):
        return _not_web(url)
    if not plan.argv and plan.controller is None:
        return NO_BROWSER
    return None


def _start_failed(program: str, exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return f"{program}: not found"
    if isinstance(exc, PermissionError):
        return f"{program}: not allowed to run ({exc.strerror or exc})"
    return f"{program}: can't be started ({exc.strerror or exc})"


def _exit_problem(program: str, status: int) -> str | None:
    if status == 0:
        return None
    if status < 0:
        try:
            name = signal.Signals(-status).name
        except ValueError:
            name = f"signal {-status}"
        return f"{program} was stopped by {name}"
    return f"{program} exited with status {status}"


def _open_with_controller(plan: OpenPlan, url: str) -> str | None:
    assert plan.controller is not None
    try:
        opened = plan.controller.open(url)
    except (webbrowser.Error, OSError) as exc:
        return f"{plan.program}: {one_line(str(exc), 200)}"
    return None if opened else NO_BROWSER


def run_console(plan: OpenPlan, url: str) -> str | None:
    """Run a console browser in this terminal and wait for it; an error message or None.

    The caller suspends its screen around this (Textual: `with app.suspend():`).
    """
    problem = _precheck(plan, url)
    if problem:
        return problem
    if not plan.argv:
        return _open_with_controller(plan, url)
    try:
        completed = subprocess.run(plan.argv, check=False)
    except OSError as exc:
        return _start_failed(plan.program, exc)
    return _exit_problem(plan.program, completed.returncode)


def run_detached(plan: OpenPlan, url: str, *, settle: float = 1.0) -> str | None:
    """Start a GUI browser on its own (no terminal, own session); an error message or None.

    Waits up to `settle` seconds so that a launcher that fails at once (xdg-open with no
    browser behind it) is reported; one still running then counts as started. Meant for
    a worker thread.
    """
    problem = _precheck(plan, url)
    if problem:
        return problem
    if not plan.argv:
        return _open_with_controller(plan, url)
    try:
        process = subprocess.Popen(
            plan.argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=True,
            start_new_session=True,
        )
    except OSError as exc:
        return _start_failed(plan.program, exc)
    try:
        status = process.wait(timeout=settle) if settle > 0 else process.poll()
    except subprocess.TimeoutExpired:
        status = None
    if status is None:
        # Still running: it is started. Someone has to collect its exit status one day.
        threading.Thread(target=process.wait, name="browser-reaper", daemon=True).start()
        return None
    return _exit_problem(plan.program, status)
