"""Helpers to read the built PDFs in tests: text, fonts, boxes, page images."""

from __future__ import annotations

import ctypes
import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

MM = 72 / 25.4


def page_text(path: Path) -> str:
    """All the text of a PDF, with no-break spaces and hyphens made plain for searching."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()
    for special, plain in (("\u00a0", " "), ("\u202f", " "), ("\u2011", "-"), ("\r", "")):
        text = text.replace(special, plain)
    return text


def flat_text(path: Path) -> str:
    """Text with line breaks and hyphenation undone, for facts that may wrap."""
    text = page_text(path)
    # WeasyPrint's automatic hyphenation draws U+2010 at the line end (print), which the screen files
    # extract as a soft hyphen (PDFium gives U+FFFE and joins the lines); source hyphens are U+002D.
    text = re.sub("[\u2010\u00ad]\\s+|\ufffe", "", text)
    return " ".join(text.split())


def squash(text: str) -> str:
    """Letter-spaced capitals extract as 'P R O V'; compare without spaces and case."""
    return "".join(text.split()).casefold()


def has_text(text: str, fact: str) -> bool:
    return squash(fact) in squash(text)


def embedded_fonts(path: Path) -> dict[str, bool]:
    """Every font used by the PDF's pages, and whether its program is embedded."""
    fonts = {}
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            resources = page.obj.get("/Resources", {})
            for font in resources.get("/Font", {}).values():
                descendants = font.get("/DescendantFonts")
                target = descendants[0] if descendants else font
                descriptor = target.get("/FontDescriptor", {})
                embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
                fonts[str(font.get("/BaseFont"))] = embedded
    return fonts


def page_size_mm(path: Path, box: str = "/MediaBox") -> list[tuple[float, float]]:
    sizes = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            x0, y0, x1, y1 = (float(v) for v in page.obj.get(box, page.obj.MediaBox))
            sizes.append((round((x1 - x0) / MM, 1), round((y1 - y0) / MM, 1)))
    return sizes


def render_page(path: Path, index: int = 0, dpi: float = 30):
    """One page as a PIL image."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        return pdf[index].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        pdf.close()


# --- the fonts of a finished PDF: WeasyPrint never fails on a missing glyph -----------------


def pdf_font_problems(pdf: Path | bytes, allowed_families: Iterable[str]) -> list[str]:
    """Fonts of a PDF that are not the project's, and fonts where .notdef boxes were drawn.

    WeasyPrint subsets fonts as 'ABCDEF+Family-Style'; a glyph no font has is written
    through an extra encoding CMap it names 'WP-Encod-…'.
    """
    allowed = [name.replace(" ", "") for name in allowed_families]
    found: list[str] = []
    with pikepdf.open(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            for font in _fonts_of(page.obj):
                base = str(font.get("/BaseFont", "")).lstrip("/").split("+")[-1]
                if not any(base.replace("-", "").startswith(name.replace("-", "")) for name in allowed):
                    found.append(f"page {number}: font {base} is not one of the project's fonts")
                encoding = font.get("/Encoding")
                if isinstance(encoding, pikepdf.Stream) and str(encoding.get("/CMapName", "")).startswith("/WP-Encod"):
                    found.append(f"page {number}: font {base} draws .notdef boxes for missing glyphs")
    return sorted(set(found))


def _fonts_of(obj, seen: set | None = None):
    """Every font dictionary reachable from a page's resources, form XObjects included."""
    seen = set() if seen is None else seen
    resources = obj.get("/Resources")
    if resources is None:
        return
    for font in (resources.get("/Font") or {}).values():
        if font.objgen not in seen:
            seen.add(font.objgen)
            yield font
    for xobject in (resources.get("/XObject") or {}).values():
        if isinstance(xobject, pikepdf.Stream) and xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
            seen.add(xobject.objgen)
            yield from _fonts_of(xobject, seen)


# --- text with its size and place: what a reader at a distance sees ---------------------------


@dataclass(frozen=True)
class TextLine:
    """A run of characters of one size on one line of a page."""

    text: str
    size: float  # in points on the page: the font size times the character's matrix
    box: tuple[float, float, float, float]  # left, top, right, bottom in mm from the trim's top-left


def sized_lines(path: Path, index: int = 0) -> list[TextLine]:
    """Every run of same-size characters on one line of a page, with its size and box (PDFium's)."""
    with pikepdf.open(path) as pdf:
        page = pdf.pages[index]
        trim = [float(v) for v in page.obj.get("/TrimBox", page.obj.MediaBox)]
    document = pdfium.PdfDocument(str(path))
    try:
        textpage = document[index].get_textpage()
        chars = [_sized_char(textpage, i) for i in range(textpage.count_chars())]
    finally:
        document.close()
    lines: list[list] = []
    for char in chars:
        if char is None:
            lines.append([])
            continue
        if lines and lines[-1] and _same_line(lines[-1][-1], char):
            lines[-1].append(char)
        else:
            lines.append([char])
    return [_text_line(line, trim) for line in lines if "".join(c[0] for c in line).strip()]


def _sized_char(textpage, i: int):
    """(character, size in pt, PDF box) of a drawn character; None for a line break PDFium adds."""
    code = pdfium_c.FPDFText_GetUnicode(textpage, i)
    if chr(code) in "\r\n" or pdfium_c.FPDFText_IsGenerated(textpage, i):
        return None
    matrix = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFText_GetMatrix(textpage, i, ctypes.byref(matrix))
    size = pdfium_c.FPDFText_GetFontSize(textpage, i) * math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
    return chr(code), round(size, 2), textpage.get_charbox(i)


def _same_line(previous, char) -> bool:
    """The same size, and the same line: baselines within a fifth of the size, no jump leftwards."""
    _, size, (left, bottom, _, _) = char
    _, before, (p_left, p_bottom, p_right, _) = previous
    return (
        abs(size - before) < 0.05
        and abs(bottom - p_bottom) < 0.6 * size
        and left >= p_left - 0.5
        and (left - p_right < 2 * size)
    )


def _text_line(chars: list, trim: list[float]) -> TextLine:
    boxes = [box for _, _, box in chars if box[2] > box[0]] or [chars[0][2]]
    left, bottom = min(b[0] for b in boxes), min(b[1] for b in boxes)
    right, top = max(b[2] for b in boxes), max(b[3] for b in boxes)
    return TextLine(
        "".join(c for c, _, _ in chars),
        min(size for _, size, _ in chars),
        ((left - trim[0]) / MM, (trim[3] - top) / MM, (right - trim[0]) / MM, (trim[3] - bottom) / MM),
    )


def text_runs(path: Path) -> list[tuple[int, float, str]]:
    """Every text object of a PDF as PDFium reads it: (page index, size in points on the page, text)."""
    import ctypes

    import pypdfium2.raw as raw

    runs = []
    pdf = pdfium.PdfDocument(str(path))
    try:
        for number, page in enumerate(pdf):
            textpage = page.get_textpage()
            for obj in page.get_objects(max_depth=8):
                if obj.type != raw.FPDF_PAGEOBJ_TEXT:
                    continue
                size = ctypes.c_float()
                raw.FPDFTextObj_GetFontSize(obj.raw, size)
                m = obj.get_matrix()  # the object's matrix on the page, which scales its font size
                length = raw.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)
                buffer = ctypes.create_string_buffer(length * 2)
                raw.FPDFTextObj_GetText(
                    obj.raw, textpage.raw, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)), length
                )
                text = buffer.raw.decode("utf-16-le", errors="replace").rstrip("\x00")
                runs.append((number, size.value * abs(m.a * m.d - m.b * m.c) ** 0.5, text))
    finally:
        pdf.close()
    return runs
