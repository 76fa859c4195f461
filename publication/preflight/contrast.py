"""WCAG 2.2 AA contrast of every text against its background, measured on the rendered page (PDFium).

Each page is rendered once with its text made invisible: what is left under a text object's box
is its background, and the colour covering most of that box is the one the text is read on
(a rule or a border crossing the box does not count). The text's colour is its fill colour,
blended over that background when it is translucent. Large text (≥ 18 pt, or ≥ 14 pt bold)
needs 3:1, other text 4.5:1 (1.4.3). Stroke-only text (a label's halo) is no text to read.
"""

from __future__ import annotations

import ctypes
from collections import Counter

from ..messages import N_, Said
from ..palette import LARGE_TEXT_CONTRAST, TEXT_CONTRAST, contrast
from .report import PreflightReport
from .screen_content import where
from .screen_language import check_page_languages

SCALE = 2  # pixels per point of the background rendering: small text still covers a few rows
BOLD = ("Bold", "Black", "Heavy")
NOT_BOLD = ("SemiBold", "Semi-Bold", "DemiBold")


def _font_of(text_object) -> tuple[float, bool]:
    """The text's size in points as placed, and whether its font is bold (by its name)."""
    import pypdfium2.raw as pdfium_c

    size = ctypes.c_float()
    pdfium_c.FPDFTextObj_GetFontSize(text_object, size)
    a, b, c, d, _, _ = text_object.get_matrix().get()
    font = pdfium_c.FPDFTextObj_GetFont(text_object)
    name = ctypes.create_string_buffer(256)
    pdfium_c.FPDFFont_GetBaseFontName(font, name, 256)
    base = name.value.decode("latin-1")
    bold = any(word in base for word in BOLD) and not any(word in base for word in NOT_BOLD)
    return size.value * abs(a * d - b * c) ** 0.5, bold


def _fill_of(text_object) -> tuple[float, float, float, float]:
    import pypdfium2.raw as pdfium_c

    red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
    pdfium_c.FPDFPageObj_GetFillColor(text_object, red, green, blue, alpha)
    return red.value / 255, green.value / 255, blue.value / 255, alpha.value / 255


def _readable_texts(page) -> list:
    """The page's text objects that are filled (not only stroked or invisible), forms included."""
    import pypdfium2.raw as pdfium_c

    filled = (
        pdfium_c.FPDF_TEXTRENDERMODE_FILL,
        pdfium_c.FPDF_TEXTRENDERMODE_FILL_STROKE,
        pdfium_c.FPDF_TEXTRENDERMODE_FILL_CLIP,
        pdfium_c.FPDF_TEXTRENDERMODE_FILL_STROKE_CLIP,
    )
    texts = list(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_TEXT,), max_depth=16))
    readable = [t for t in texts if pdfium_c.FPDFTextObj_GetTextRenderMode(t) in filled]
    for text in texts:  # the background is what is left without any text
        pdfium_c.FPDFTextObj_SetTextRenderMode(text, pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE)
    return readable


def background_under(image, bounds, height: float) -> tuple[float, float, float]:
    """The colour covering most of a box (PDF points, from the bottom) of the text-less rendering."""
    left, bottom, right, top = bounds
    box = (
        int(left * SCALE),
        int((height - top) * SCALE),
        max(int(right * SCALE), int(left * SCALE) + 1),
        max(int((height - bottom) * SCALE), int((height - top) * SCALE) + 1),
    )
    crop = image.crop(box)
    # A box has at most as many colours as pixels: a larger maxcolors only makes Pillow allocate
    # (and clear) a table that size on every call, 500 times slower than the count itself.
    colours = crop.getcolors(maxcolors=crop.width * crop.height)
    _, (r, g, b) = max(colours, key=lambda entry: entry[0])
    return r / 255, g / 255, b / 255


def check_page_contrast(page, number: int, report: PreflightReport, textpage) -> None:
    """A finding for each text of the page below its WCAG AA contrast."""
    readable = _readable_texts(page)
    if not readable:
        return
    height = page.get_height()
    image = page.render(scale=SCALE, may_draw_forms=False).to_pil().convert("RGB")
    low: Counter[tuple[float, float, str]] = Counter()
    for text in readable:
        size, bold = _font_of(text)
        needed = LARGE_TEXT_CONTRAST if size >= 18 or (bold and size >= 14) else TEXT_CONTRAST
        bounds = text.get_bounds()
        words = textpage.get_text_bounded(*bounds).strip()
        if not words or bounds[0] >= page.get_width() or bounds[1] >= height:
            continue  # no glyph to read, or drawn off the page
        ground = background_under(image, bounds, height)
        *colour, alpha = _fill_of(text)
        red, green, blue = (alpha * c + (1 - alpha) * under for c, under in zip(colour, ground, strict=True))
        ratio = contrast((red, green, blue), ground)  # the text as seen: its colour over the ground
        if ratio < needed - 0.005:
            key = (round(ratio, 2), needed, words[:40])
            low[key] += 1
            if low[key] == 1:
                report.add(
                    "error",
                    "contrast",
                    Said(
                        LOW_CONTRAST[bold],
                        ratio=ratio,
                        needed=needed,
                        size=size,
                        words=words[:40],
                        where=where(bounds[0], bounds[1]),
                    ),
                    number,
                )


LOW_CONTRAST = {  # a text's contrast too low, by whether it is bold
    False: N_("{ratio:.2f}:1 (needs {needed:g}:1) for {size:.1f} pt text {words!r} {where}"),
    True: N_("{ratio:.2f}:1 (needs {needed:g}:1) for {size:.1f} pt bold text {words!r} {where}"),
}


def check_contrast(path, report: PreflightReport, languages: dict | None = None) -> None:
    """Every page's text contrast, on a copy of the document (the text is hidden to see under it);
    with `languages` ((page, MCID) → language), each text's script against its language too."""
    import pypdfium2

    if hasattr(path, "read"):  # a binary file, as the build hands it
        path.seek(0)
        document = pypdfium2.PdfDocument(path.read())
    else:
        document = pypdfium2.PdfDocument(str(path))
    try:
        for number, page in enumerate(document, start=1):
            textpage = page.get_textpage()  # read before the text is hidden: the findings quote it
            if languages is not None:
                check_page_languages(page, number, textpage, languages, report)
            check_page_contrast(page, number, report, textpage)
            textpage.close()
            page.close()
    finally:
        document.close()
