"""Pictures from the web are checked before anything draws them."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from reader.thumbnails import THUMBNAIL_BOX, ImageRejected, load_thumbnail, make_thumbnail
from tests.webserver import NewsSite


def test_a_photo_becomes_a_small_jpeg(news_site: NewsSite) -> None:
    made = make_thumbnail(news_site.files["/img/photo.jpg"][1])
    assert made.data.startswith(b"\xff\xd8")
    assert (made.width, made.height) == (480, 320)
    picture = load_thumbnail(made.data)
    assert picture.size == (480, 320) and picture.mode == "RGB"


def test_a_big_picture_is_cut_down_to_the_box() -> None:
    out = io.BytesIO()
    Image.new("RGB", (3000, 1500), "blue").save(out, "PNG")
    made = make_thumbnail(out.getvalue())
    assert (made.width, made.height) == (THUMBNAIL_BOX[0], THUMBNAIL_BOX[0] // 2)


def test_transparency_is_kept_as_png() -> None:
    out = io.BytesIO()
    Image.new("RGBA", (40, 40), (255, 0, 0, 128)).save(out, "PNG")
    made = make_thumbnail(out.getvalue())
    assert made.data.startswith(b"\x89PNG") and load_thumbnail(made.data).mode == "RGBA"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/img/broken.jpg", "broken image data"),
        ("/img/garbage.png", "broken image data"),
        ("/img/huge.png", "too many pixels (6,000×4,000; the limit is 20 megapixels)"),
        ("/img/bomb.png", "too many pixels (a decompression bomb?)"),
    ],
)
def test_broken_and_huge_pictures_are_refused(news_site: NewsSite, path: str, reason: str) -> None:
    with pytest.raises(ImageRejected) as refused:
        make_thumbnail(news_site.files[path][1])
    assert refused.value.reason.startswith(reason)


@pytest.mark.parametrize(
    "data",
    [b"", b"<html>not a picture</html>", b"GIF89a", b"%PDF-1.4", b"\xff\xd8\xff" + b"\x00" * 50],
)
def test_anything_else_is_refused_with_a_reason(data: bytes) -> None:
    with pytest.raises(ImageRejected):
        make_thumbnail(data)


def test_a_format_outside_the_web_ones_is_not_decoded() -> None:
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "TIFF")
    with pytest.raises(ImageRejected, match="not a picture in a format shown here"):
        make_thumbnail(out.getvalue())
