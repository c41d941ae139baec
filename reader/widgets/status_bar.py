"""One line under the panes: counts, hidden articles, problems, state warnings."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class StatusBar(Static):
    def show(
        self,
        *,
        shown: int,
        unread: int,
        unpublished: int,
        showing_unpublished: bool,
        problems: int,
        state_saved: bool,
        loading: str = "",
    ) -> None:
        parts: list[str | tuple[str, str]] = []
        if loading:
            parts.append((loading, "$text-accent"))
        else:
            parts += [(f" {shown:,}", "bold"), " articles  ", (f"{unread:,}", "bold"), " unread"]
        if unpublished:
            if showing_unpublished:
                parts.append((f"  ·  showing {unpublished:,} unpublished (a hides)", "$warning"))
            else:
                parts.append((f"  ·  {unpublished:,} unpublished hidden (a shows)", "$text-muted"))
        if problems:
            noun = "file" if problems == 1 else "files"
            parts.append((f"  ·  {problems:,} {noun} with problems (p lists)", "$warning"))
        if not state_saved:
            parts.append(("  ·  read state is not being saved", "bold $error"))
        self.update(Content.assemble(*parts))
