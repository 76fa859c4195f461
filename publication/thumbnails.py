"""The download page's thumbnails: a small PNG of a screen PDF's first page (pypdfium2, Pillow)."""

from __future__ import annotations

import io
from pathlib import Path

THUMBNAILS = "thumbs"
THUMBNAIL_WIDTH = 240  # pixels: sharp at 120 CSS px on a 2× phone screen, a few kB each
THUMBNAIL_COLOURS = 96  # a palette PNG: the pages are flat colour and text


def make_thumbnail(pdf: Path, width: int = THUMBNAIL_WIDTH) -> tuple[bytes, tuple[int, int]]:
    """A small PNG of the PDF's first page, and its pixel size."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        page = document[0]
        image = page.render(scale=width / page.get_width()).to_pil().convert("RGB")
    finally:
        document.close()
    image = image.quantize(colors=THUMBNAIL_COLOURS, method=2)  # method 2: fast octree, no dithering noise
    stream = io.BytesIO()
    image.save(stream, "PNG", optimize=True)
    return stream.getvalue(), image.size
