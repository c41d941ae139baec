"""The article's picture in the pane, drawn by textual-image.

textual-image draws with the Kitty graphics protocol or Sixel where the terminal has
them, else with coloured half blocks (tmux, most SSH sessions, the web). Which one it
can use it finds out by asking the terminal when it is imported, and the terminal can
only be asked before Textual takes it over: reader/termgraphics.py does that from
reader/cli/tui.py before the app starts (only when images are on). Imported any later
(tests, `reader serve`, a headless app), it is kept from asking and half blocks are used.

The picture handed over is a thumbnail already decoded and checked (reader/thumbnails.py),
and drawing it is guarded all the same: a picture that can't be drawn becomes a note,
never a crash (textual-image raises inside render() on broken images, lnqs/textual-image#122).
"""

from __future__ import annotations

import io
import sys
import types
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult, RenderResult
from textual.containers import Vertical
from textual.content import Content
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from reader.textsafe import one_line

if TYPE_CHECKING:
    from PIL.Image import Image

_image_class: type[Widget] | None = None
DRAW_FAILED = "The picture could not be drawn."


def _import_without_asking() -> None:
    """Import textual-image with stdout looking like no terminal, so it asks nothing: once
    Textual owns the terminal, the answers would arrive as key presses."""
    if "textual_image.renderable" in sys.modules:
        return
    real = sys.__stdout__
    setattr(sys, "__stdout__", io.StringIO())  # noqa: B010  (typeshed marks it final)
    try:
        import textual_image.widget  # noqa: F401
    finally:
        setattr(sys, "__stdout__", real)  # noqa: B010


def image_class() -> type[Widget]:
    """The image widget for this terminal, with its drawing guarded."""
    global _image_class
    if _image_class is None:
        _import_without_asking()
        from textual_image import renderable, widget

        detected: Any = renderable.Image
        if detected is renderable.TGPImage:
            base: Any = widget.TGPImage
        elif detected is renderable.SixelImage:
            base = widget.SixelImage
        else:  # no graphics protocol (or not asked): half blocks, never grey characters
            base = widget.HalfcellImage
        _image_class = types.new_class(
            "PaneImage",
            (base,),
            {"Renderable": base._Renderable},
            lambda namespace: namespace.update(render=_guarded_render, render_lines=_guarded_lines),
        )
    return _image_class


def _guarded_render(self: Any) -> RenderResult:
    try:
        return super(type(self), self).render()  # type: ignore[no-any-return]
    except Exception:
        self.failed = True
        return Content.styled(DRAW_FAILED, "$text-muted italic")


def _guarded_lines(self: Any, crop: Any) -> list[Strip]:
    try:
        return super(type(self), self).render_lines(crop)  # type: ignore[no-any-return]
    except Exception:
        self.failed = True
        return [Strip.blank(crop.width) for _ in range(crop.height)]


def renderer_name() -> str:
    """ "kitty", "sixel" or "half blocks": what pictures are drawn with here."""
    name = image_class().__mro__[1].__name__
    return {"TGPImage": "kitty", "SixelImage": "sixel"}.get(name, "half blocks")


class Thumbnail(Vertical):
    """The picture, or a note saying why there is none; hidden when there is neither."""

    DEFAULT_CSS = """
    Thumbnail { height: auto; display: none; }
    Thumbnail > .thumbnail-note { color: $text-muted; text-style: italic; }
    """

    url = ""  # the picture on show

    def compose(self) -> ComposeResult:
        yield Static(classes="thumbnail-note")

    def show_image(self, image: Image, url: str, note: str = "") -> None:
        if url == self.url and self.query(".thumbnail-image"):
            return
        self.clear()
        self.url = url
        widget_class: Any = image_class()
        self.mount(widget_class(image, classes="thumbnail-image"), before=0)
        self._note(note)
        self.display = True

    def show_note(self, note: str) -> None:
        self.clear()
        self._note(note)
        self.display = bool(note)

    def _note(self, note: str) -> None:
        label = self.query_one(".thumbnail-note", Static)
        label.update(Content(one_line(note, 500)) if note else "")
        label.display = bool(note)

    def clear(self) -> None:
        if not self.display:
            return  # hidden and empty already: nothing to lay out
        self.url = ""
        for image in self.query(".thumbnail-image"):
            image.remove()
        self._note("")
        self.display = False
