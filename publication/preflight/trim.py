"""Text drawn across the trim into the bleed: the guillotine cuts it (a word longer than its line).

The page content scan (pdfcontent) knows where each text run starts, not where it ends; PDFium
measures each text object's drawn bounds from its glyphs. A text object that reaches past the
TrimBox and into the bleed is a warning (`make-publication preflight FILE` shows it; a build does
not fail on it yet: the A3 poster's map labels at the right edge cross the trim, a decision for the
design); one wholly outside the BleedBox is the printer's slug (crop marks, the file's name).
"""

from __future__ import annotations

import io
from pathlib import Path

from .prepress import PagePlace, _add_limited
from .report import PreflightReport

GLYPH_TOLERANCE_PT = 0.5  # a glyph's drawn bounds take in its side bearings: 0.18 mm past the trim is not cut text


def check_text_inside_trim(source, places: list[PagePlace | None], report: PreflightReport) -> None:
    """Each page's text objects against its trim (`places`, one per page; None where a box is missing)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    data = (
        source.getvalue()
        if isinstance(source, io.BytesIO)
        else str(source)
        if isinstance(source, (str, Path))
        else None
    )
    if data is None or not any(places):
        return
    document = pdfium.PdfDocument(data)
    try:
        for number, (page, place) in enumerate(zip(document, places, strict=True), start=1):
            if place is None:
                continue
            found = []
            for text in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_TEXT,), max_depth=16):
                box = text.get_bounds()
                if _crosses_the_trim(box, place):
                    found.append(
                        (
                            f"text drawn across the trim into the bleed, from x {place.point(box[0], box[3])[0]:g} mm "
                            f"to {place.point(box[2], box[1])[0]:g} mm, y {place.point(box[0], box[3])[1]:g} mm: the "
                            "guillotine cuts it (a word too long for its line?); break it, or shorten the text",
                            place.area(box),
                        )
                    )
            _add_limited(report, found, "text-outside-trim", number, severity="warning")
    finally:
        document.close()


def _crosses_the_trim(box, place: PagePlace) -> bool:
    (left, bottom, right, top), trim, bleed, tolerance = box, place.trim, place.bleed, GLYPH_TOLERANCE_PT
    past = (
        left < trim[0] - tolerance
        or bottom < trim[1] - tolerance
        or right > trim[2] + tolerance
        or top > trim[3] + tolerance
    )
    return past and right > bleed[0] and left < bleed[2] and top > bleed[1] and bottom < bleed[3]
