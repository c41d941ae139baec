"""One line under the panes: counts, hidden articles, problems, state warnings, progress."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import ProgressBar, Static

from reader.actions import Keymap
from reader.formatting import count, hidden_kinds
from reader.updates import Status


class StatusBar(Horizontal):
    def compose(self) -> ComposeResult:
        yield Static(id="status-text")
        yield ProgressBar(id="status-progress", show_eta=False)

    # While a first read is under way: (done, total, rate). Counts from the partial
    # corpora arriving meanwhile must not replace the bar, or it only flickers.
    _progress: tuple[int, int, float] | None = None

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False

    @property
    def text(self) -> str:
        return str(self.query_one("#status-text", Static).render())

    def show_progress(self, done: int, total: int, rate: float) -> None:
        """While files are being read for the first time (until end_progress)."""
        self._progress = (done, total, rate)
        bar = self.query_one(ProgressBar)
        bar.display = total > 0
        bar.update(total=max(total, 1), progress=done)
        rate_text = f" · {rate:,.0f} files/s" if rate else ""
        label = f" Reading articles… {done:,} of {total:,}{rate_text} "
        self.query_one("#status-text", Static).update(Content.styled(label, "$text-accent"))

    def end_progress(self) -> None:
        self._progress = None

    def show(
        self, status: Status | None, keys: Keymap, *, state_note: str, loading: str = ""
    ) -> None:
        if self._progress is not None and self._progress[1] > 0:
            self.show_progress(*self._progress)
            return
        self.query_one(ProgressBar).display = False
        parts: list[str | tuple[str, str]] = []
        if loading or status is None:
            parts.append((loading, "$text-accent"))
        elif status.stories:
            noun = " story" if status.total == 1 else " stories"
            parts += [(f" {status.total:,}", "bold"), noun]
            if status.articles != status.total:
                parts.append(f" ({count(status.articles, 'article')})")
            parts += ["  ", (f"{status.unread:,}", "bold"), " unread"]
        else:
            parts += [
                (f" {status.total:,}", "bold"),
                " article  " if status.total == 1 else " articles  ",
            ]
            parts += [(f"{status.unread:,}", "bold"), " unread"]
        unpublished = status.unpublished if status else 0
        toggle = keys.label("toggle_unpublished")
        if unpublished and status is not None:
            what = hidden_kinds(unpublished, status.deleted)
            if status.showing_unpublished:
                parts.append((f"  ·  showing {what} ({toggle} hides)", "$warning"))
            else:
                parts.append((f"  ·  {what} hidden ({toggle} shows)", "$text-muted"))
        problems = status.problems if status else 0
        if problems:
            hint = keys.label("problems")
            parts.append(
                (f"  ·  {count(problems, 'file')} with problems ({hint} lists)", "$warning")
            )
        if state_note:  # changes are not being saved: say so for as long as that lasts
            parts.append((f"  ·  {state_note}", "bold $error"))
        self.query_one("#status-text", Static).update(Content.assemble(*parts))
