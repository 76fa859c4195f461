"""Crop marks (and fold marks at a spread's spine) in a slug around the bleed."""

from __future__ import annotations

import pikepdf

from ..pdfcontent import MM, box_array, box_of

MARK_WIDTH_PT = 0.25  # hairline crop marks, as printers draw them
MARK_GAP_MM = 1  # space between the bleed edge and the start of a mark
MARK_LENGTH_MM = 5


def crop_mark_lines(trim, bleed, slug_pt: float, fold_xs=()) -> list[tuple[float, float, float, float]]:
    """Crop-mark segments in the slug: on the trim lines, starting just outside the BleedBox.

    `fold_xs` adds a fold mark above and below the sheet at each x (the spine of a spread).
    """
    tx0, ty0, tx1, ty1 = trim
    bx0, by0, bx1, by1 = bleed
    gap = MARK_GAP_MM * MM
    length = min(MARK_LENGTH_MM * MM, slug_pt - gap - 1 * MM)
    lines = []
    for y in (ty0, ty1):
        lines.append((bx0 - gap - length, y, bx0 - gap, y))  # left of the sheet
        lines.append((bx1 + gap, y, bx1 + gap + length, y))  # right of the sheet
    for x in (tx0, tx1, *fold_xs):
        lines.append((x, by0 - gap - length, x, by0 - gap))  # below
        lines.append((x, by1 + gap, x, by1 + gap + length))  # above
    return lines


def add_crop_marks(pdf: pikepdf.Pdf, slug_mm: float, fold_xs_of_page=lambda page: ()) -> None:
    """Grow each MediaBox by the slug and draw 100 % K hairline crop marks in it."""
    slug = slug_mm * MM
    if slug < MARK_GAP_MM * MM + 3 * MM:
        raise ValueError(f"print.slug_mm is {slug_mm:g} mm: crop marks need a slug of at least {MARK_GAP_MM + 3} mm")
    for page in pdf.pages:
        trim, bleed = box_of(page, "/TrimBox"), box_of(page, "/BleedBox")
        media = (bleed[0] - slug, bleed[1] - slug, bleed[2] + slug, bleed[3] + slug)
        lines = crop_mark_lines(trim, bleed, slug, fold_xs_of_page(page))
        path = "\n".join(f"{x0:.4f} {y0:.4f} m {x1:.4f} {y1:.4f} l" for x0, y0, x1, y1 in lines)
        marks = f"q\n0 0 0 1 K\n{MARK_WIDTH_PT} w 0 J [] 0 d\n{path}\nS\nQ\n"
        page.contents_coalesce()
        # The artwork keeps its own graphics state: wrap it, then draw the marks in a clean one.
        page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
        page.contents_add(pdf.make_stream(b"\nQ\n" + marks.encode()))
        page.obj.MediaBox = box_array(media)
        page.obj.TrimBox = box_array(trim)
        page.obj.BleedBox = box_array(bleed)
        if "/CropBox" in page.obj:
            page.obj.CropBox = box_array(media)
