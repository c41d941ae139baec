"""Article images: checked with Pillow and cut down to a thumbnail, off the UI thread.

Image data from the web is untrusted. Only common web formats are decoded; the pixel
count is checked from the header before anything is decoded (over 20 megapixels, or a
decompression bomb, is refused); the image is then decoded in full here, so a truncated
or broken file fails here with a reason instead of inside the widget's render later
(textual-image raises there, lnqs/textual-image#122). What is kept and shown is a small
re-encoded copy. No Textual.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image

MAX_PIXELS = 20_000_000
THUMBNAIL_BOX = (640, 640)  # pixels: enough for a pane-wide picture in Kitty or Sixel
FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "BMP")
ACCEPT_IMAGES = "image/webp,image/png,image/jpeg,image/gif;q=0.9,image/*;q=0.5"
_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM")


class ImageRejected(Exception):
    """Why an image is not shown ("broken image data", "too many pixels (…)")."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Thumbnail:
    data: bytes  # PNG (with transparency) or JPEG
    width: int
    height: int


def _looks_like_picture(first: bytes) -> bool:
    return first.startswith(_MAGIC) or (first[:4] == b"RIFF" and first[8:12] == b"WEBP")


def image_wanted(media: str, first: bytes) -> str | None:
    """None for a body that may be an image (by its type, or its first bytes)."""
    if media == "image/svg+xml":
        return "an SVG drawing (only pictures are shown)"
    if media.startswith("image/") or _looks_like_picture(first):
        return None
    return f"not an image ({media or 'no type given'})"


def make_thumbnail(data: bytes) -> Thumbnail:
    """A checked, re-encoded thumbnail of `data`; ImageRejected with the reason if not."""
    from PIL import Image, UnidentifiedImageError

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image: Image.Image = Image.open(io.BytesIO(data), formats=FORMATS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageRejected("too many pixels (a decompression bomb?)") from None
        except UnidentifiedImageError:
            if _looks_like_picture(data):  # a PNG or JPEG whose insides are wrong
                raise ImageRejected("broken image data (can't be decoded)") from None
            raise ImageRejected("not a picture in a format shown here") from None
        except (OSError, ValueError, SyntaxError) as exc:
            raise ImageRejected(f"broken image data ({_why(exc)})") from None
        width, height = image.size
        if width <= 0 or height <= 0:
            raise ImageRejected("an image without pixels")
        if width * height > MAX_PIXELS:
            limit = MAX_PIXELS // 1_000_000
            raise ImageRejected(
                f"too many pixels ({width:,}×{height:,}; the limit is {limit} megapixels)"
            )
        try:
            image.draft("RGB", THUMBNAIL_BOX)  # JPEG: decode at a fraction of the size
            image.load()
            image = _flattened(image)
            image.thumbnail(THUMBNAIL_BOX)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageRejected("too many pixels (a decompression bomb?)") from None
        except (OSError, ValueError, SyntaxError, EOFError, MemoryError) as exc:
            raise ImageRejected(f"broken image data ({_why(exc)})") from None
    out = io.BytesIO()
    if image.mode == "RGBA":
        image.save(out, "PNG", optimize=False)
    else:
        image.save(out, "JPEG", quality=88)
    return Thumbnail(out.getvalue(), image.width, image.height)


def load_thumbnail(data: bytes) -> Image:
    """A thumbnail made by make_thumbnail, decoded in full (for the widget to draw)."""
    from PIL import Image

    try:
        image = Image.open(io.BytesIO(data), formats=("PNG", "JPEG"))
        image.load()
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ImageRejected(f"broken image data ({_why(exc)})") from None
    if image.width * image.height > THUMBNAIL_BOX[0] * THUMBNAIL_BOX[1]:
        raise ImageRejected("not a thumbnail")
    return image


def _flattened(image: Image) -> Image:
    """The first frame, as RGB, or RGBA when it has transparency."""
    if getattr(image, "n_frames", 1) > 1:
        image.seek(0)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    return image.convert("RGBA" if has_alpha else "RGB")


def _why(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 80 else text[:79] + "…"
