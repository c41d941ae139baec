"""Lists the files that could not be used, and why."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.model import Problem, Severity
from reader.textsafe import one_line, visible_name

# An OptionList measures every option up front: 200k problems took 15 s to open. The
# first thousand show here; `reader check` lists every one.
SHOWN_AT_MOST = 1000

_LABELS = {
    Severity.ERROR: ("skipped ", "bold $error"),
    Severity.WARNING: ("partial ", "bold $warning"),
    Severity.NOTE: ("note    ", "$text-muted"),
}


class ProblemsScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,p", "dismiss", "Close")]

    def __init__(self, problems: list[Problem], settings: list[tuple[str, str]]) -> None:
        super().__init__()
        self.problems = problems
        self.settings = settings  # (the file or store it is about, what is wrong)

    def compose(self) -> ComposeResult:
        with Vertical(id="problems-dialog") as dialog:
            dialog.border_title = f"Problems ({len(self.problems) + len(self.settings)})"
            dialog.border_subtitle = "escape to close"
            if not self.problems and not self.settings:
                yield Static("Every file loaded cleanly.")
                return
            yield Static(
                Content.from_markup(
                    "[b]skipped[/b]: not loaded · [b]partial[/b]: loaded, a field ignored · "
                    "[b]note[/b]: nothing wrong · [b]setting[/b]: ignored, its default used"
                ),
                id="problems-legend",
            )
            shown = self.problems[:SHOWN_AT_MOST]
            yield OptionList(
                *[
                    Option(
                        Content.assemble(
                            ("setting ", "bold $warning"),
                            (visible_name(where), "bold"),
                            "\n         ",
                            one_line(text, 2000),
                        )
                    )
                    for where, text in self.settings
                ],
                *[
                    Option(
                        Content.assemble(
                            _LABELS[p.severity],
                            (visible_name(p.path), "bold"),  # file names can hold ESC, U+202E
                            "\n         ",
                            one_line(p.reason, 2000),
                        )
                    )
                    for p in shown
                ],
                id="problems-list",
            )
            hidden = len(self.problems) - len(shown)
            if hidden > 0:
                yield Static(
                    Content(f"… and {hidden:,} more: `reader check FOLDER` lists every one."),
                    id="problems-more",
                )
