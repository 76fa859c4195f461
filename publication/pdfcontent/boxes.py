"""Page boxes (MediaBox, TrimBox, BleedBox…) as normalised (x0, y0, x1, y1) tuples, and back."""

from __future__ import annotations

import pikepdf
from pikepdf import Array

MM = 72 / 25.4  # PDF points per millimetre

Box = tuple[float, float, float, float]


def declared_box(page: pikepdf.Page, name: str) -> Box | None:
    """The box the page itself declares, normalised (x0 ≤ x1, y0 ≤ y1); None if it has none."""
    value = page.obj.get(name)
    if value is None:
        return None
    x0, y0, x1, y1 = (float(v) for v in value)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def box_of(page: pikepdf.Page, name: str) -> Box:
    """A page box, normalised; a missing box falls back to the MediaBox, as PDF readers do."""
    box = declared_box(page, name) or declared_box(page, "/MediaBox")
    if box is None:  # inherited from the page tree: pikepdf resolves it
        x0, y0, x1, y1 = (float(v) for v in page.mediabox)
        box = min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)
    return box


def box_array(box: Box) -> Array:
    """A box to write into a page dictionary, rounded as the finished files have it."""
    return Array([round(v, 4) for v in box])
