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


# --- where the ink is: glyphs with their fonts, lines, the foot of each page's content ----------


@dataclass(frozen=True)
class Glyph:
    """One character drawn: its page, its box and baseline in mm from the trim's top-left corner,
    its font and size."""

    page: int
    char: str
    left: float
    top: float
    right: float
    bottom: float
    baseline: float
    font: str  # without the subset prefix: 'Inter-Bold', 'Noto-Serif'
    size: float  # in points


def glyphs(path: Path) -> list[Glyph]:
    """Every character of a PDF in content order, with its box, baseline, font and size (PDFium's
    text pages); spaces included, line ends left out."""
    found = []
    pdf = pdfium.PdfDocument(str(path))
    name, flags, x, y = ctypes.create_string_buffer(256), ctypes.c_int(), ctypes.c_double(), ctypes.c_double()
    try:
        for number, page in enumerate(pdf):
            trim_left, _, _, trim_top = page.get_trimbox()
            text = page.get_textpage()
            for i in range(text.count_chars()):
                char = text.get_text_range(i, 1)
                if char in "\r\n":
                    continue
                left, bottom, right, top = text.get_charbox(i)
                pdfium_c.FPDFText_GetFontInfo(text.raw, i, name, 256, ctypes.byref(flags))
                pdfium_c.FPDFText_GetCharOrigin(text.raw, i, ctypes.byref(x), ctypes.byref(y))
                size = pdfium_c.FPDFText_GetFontSize(text.raw, i) * 0.75  # WeasyPrint draws in CSS px
                found.append(
                    Glyph(
                        number,
                        char,
                        (left - trim_left) / MM,
                        (trim_top - top) / MM,
                        (right - trim_left) / MM,
                        (trim_top - bottom) / MM,
                        (trim_top - y.value) / MM,
                        name.value.decode("latin-1").split("+")[-1],
                        round(size, 2),
                    )
                )
    finally:
        pdf.close()
    return found


@dataclass(frozen=True)
class Line:
    """The glyphs of one line of text (one page, one baseline), in content order, spaces included."""

    page: int
    glyphs: tuple[Glyph, ...]

    @property
    def text(self) -> str:
        return "".join(g.char for g in self.glyphs)

    @property
    def inked(self) -> list[Glyph]:
        return [g for g in self.glyphs if g.char.strip()]

    @property
    def bottom(self) -> float:
        return max(g.bottom for g in self.inked)

    @property
    def top(self) -> float:
        return min(g.top for g in self.inked)

    @property
    def left(self) -> float:
        return min(g.left for g in self.inked)

    def words(self) -> list[tuple[str, str, float]]:
        """The line's words, each with its font and size (split at spaces and where the font changes)."""
        found: list[list[Glyph]] = []
        for glyph, before in zip(self.glyphs, (None, *self.glyphs), strict=False):
            if not glyph.char.strip():
                continue
            if before is None or not before.char.strip() or glyph.font != before.font or not found:
                found.append([glyph])
            else:
                found[-1].append(glyph)
        return [("".join(g.char for g in word), word[0].font, word[0].size) for word in found]


def text_lines(path: Path) -> list[Line]:
    """The PDF's glyphs grouped in lines: same page, baselines within a quarter of a millimetre; a
    space belongs to the line of the glyph before it. A glyph drawn again where it already is (a map
    label's halo in print, stroked text under the filled one) is one glyph."""
    lines: dict[tuple[int, int], list[Glyph]] = {}
    key, seen = None, {}
    for glyph in glyphs(path):
        drawn = seen.setdefault((glyph.page, glyph.char, round(glyph.baseline)), [])
        if glyph.char.strip() and any(abs(glyph.left - left) < 0.2 for left in drawn):
            continue
        drawn.append(glyph.left)
        if glyph.char.strip() or key is None or key[0] != glyph.page:
            key = (glyph.page, round(glyph.baseline * 4))
        lines.setdefault(key, []).append(glyph)
    return [
        Line(page, tuple(found)) for (page, _), found in sorted(lines.items()) if any(g.char.strip() for g in found)
    ]


def content_bottoms(path: Path, text_area: tuple[float, float], width_mm: float) -> list[float]:
    """Each page's lowest ink inside the text area's height (mm from the trim's top: running heads
    above it and folios below it left out), as a share of that height; 0 for an empty page.

    `text_area`: its top and bottom in mm from the trim's top. Ink is text, paths and images; a
    page-wide background (a tinted page, a cover) is not content.
    """
    top, bottom = text_area
    lowest: dict[int, float] = {}
    for glyph in glyphs(path):
        if glyph.char.strip() and top - 0.5 <= glyph.top and glyph.bottom <= bottom + 0.5:
            lowest[glyph.page] = max(lowest.get(glyph.page, top), glyph.bottom)
    pdf = pdfium.PdfDocument(str(path))
    try:
        for number, page in enumerate(pdf):
            trim_top = page.get_trimbox()[3]
            for obj in page.get_objects(max_depth=4):
                if obj.type not in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE):
                    continue
                left, low, right, high = obj.get_bounds()
                y0, y1 = (trim_top - high) / MM, (trim_top - low) / MM
                if (right - left) / MM >= width_mm - 1 or y0 < top - 0.5 or y1 > bottom + 0.5:
                    continue
                lowest[number] = max(lowest.get(number, top), y1)
    finally:
        pdf.close()
    return [round((lowest.get(n, top) - top) / (bottom - top), 3) for n in range(len(page_size_mm(path)))]


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
