"""Preflight any PDF for print: PDF/X and output intent, boxes and bleed, fonts, colour, text black, images, glyphs."""

from __future__ import annotations

import math
from decimal import Decimal
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pikepdf
from pikepdf import Name

MM = 72 / 25.4
BOX_TOLERANCE_PT = 0.1  # rounding in the files we read; far below what a printer would notice
MAX_TOTAL_INK = 3.0  # 300 %
RGB_SPACES = {"/DeviceRGB", "/CalRGB"}
MAX_FORM_DEPTH = 12


@dataclass(frozen=True)
class PreflightOptions:
    bleed_mm: float = 3
    min_ppi: float = 300
    allow_low_res: bool = False  # a low-resolution image is then a warning, not an error
    booklet: bool = False  # the page count must be a multiple of 4 (saddle stitch)


@dataclass
class Finding:
    severity: str  # "error", "warning" or "info"
    check: str
    message: str
    page: int | None = None  # 1-based; None for the whole document


@dataclass
class PreflightReport:
    path: str
    pages: int = 0
    pdfx: str | None = None
    output_intent: str | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def add(self, severity: str, check: str, message: str, page: int | None = None) -> None:
        self.findings.append(Finding(severity, check, message, page))

    def as_dict(self) -> dict:
        return {"path": self.path, "pages": self.pages, "pdfx": self.pdfx, "output_intent": self.output_intent,
                "errors": len(self.errors), "warnings": len(self.warnings),
                "findings": [asdict(f) for f in self.findings]}


# --- document checks -------------------------------------------------------------------------


def pdfx_version(pdf: pikepdf.Pdf) -> str | None:
    """The PDF/X version the file claims, from its XMP (PDF/X-4) or its Info dictionary (X-1a, X-3)."""
    if "/Metadata" in pdf.Root:
        try:
            root = ET.fromstring(pdf.Root.Metadata.read_bytes())
        except ET.ParseError:
            root = None
        for element in root.iter() if root is not None else ():
            if element.tag.endswith("}GTS_PDFXVersion") and element.text:
                return element.text.strip()
            for name, value in element.attrib.items():
                if name.endswith("}GTS_PDFXVersion"):
                    return value.strip()
    version = pdf.trailer.get("/Info", {}).get("/GTS_PDFXVersion")
    return str(version) if version is not None else None


def check_identification(pdf: pikepdf.Pdf, report: PreflightReport) -> None:
    report.pdfx = pdfx_version(pdf)
    if not report.pdfx:
        report.add("error", "pdfx", "not identified as PDF/X (no GTS_PDFXVersion in the XMP metadata or Info)")
    intents = [i for i in pdf.Root.get("/OutputIntents", []) if i.get("/S") == Name.GTS_PDFX]
    if not intents:
        report.add("error", "output-intent", "no GTS_PDFX output intent: the printer cannot know the colour condition")
        return
    intent = intents[0]
    report.output_intent = str(intent.get("/OutputConditionIdentifier", "")) or None
    profile = intent.get("/DestOutputProfile")
    if profile is None:
        report.add("error", "output-intent", "the output intent embeds no profile (DestOutputProfile)")
    elif int(profile.get("/N", 0)) != 4:
        report.add("error", "output-intent",
                   f"the output profile has {int(profile.get('/N', 0))} components; a CMYK output intent needs 4")


def check_booklet(pdf: pikepdf.Pdf, report: PreflightReport) -> None:
    pages = len(pdf.pages)
    if pages % 4:
        report.add("error", "booklet", f"{pages} pages: a saddle-stitched booklet needs a multiple of 4 "
                   f"(add {-pages % 4} page(s))")


# --- page boxes ----------------------------------------------------------------------------------


def _box(page: pikepdf.Page, name: str):
    value = page.obj.get(name)
    if value is None:
        return None
    x0, y0, x1, y1 = (float(v) for v in value)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def check_boxes(page: pikepdf.Page, number: int, options: PreflightOptions, report: PreflightReport) -> None:
    media = _box(page, "/MediaBox")
    trim, bleed = _box(page, "/TrimBox"), _box(page, "/BleedBox")
    if trim is None:
        report.add("error", "boxes", "no TrimBox: the finished size is unknown", number)
        return
    if bleed is None:
        report.add("error", "boxes", "no BleedBox: the bleed is unknown", number)
        return
    sides = {"left": trim[0] - bleed[0], "bottom": trim[1] - bleed[1],
             "right": bleed[2] - trim[2], "top": bleed[3] - trim[3]}
    short = {side: value for side, value in sides.items() if value < options.bleed_mm * MM - BOX_TOLERANCE_PT}
    if short:
        where = ", ".join(f"{side} {value / MM:.1f} mm" for side, value in short.items())
        report.add("error", "bleed", f"bleed too small ({where}); {options.bleed_mm:g} mm needed on every side", number)
    if media and any((bleed[0] < media[0] - BOX_TOLERANCE_PT, bleed[1] < media[1] - BOX_TOLERANCE_PT,
                      bleed[2] > media[2] + BOX_TOLERANCE_PT, bleed[3] > media[3] + BOX_TOLERANCE_PT)):
        report.add("error", "boxes", "the BleedBox extends beyond the MediaBox", number)
    for annot in page.obj.get("/Annots", []):
        subtype = annot.get("/Subtype")
        if subtype in (Name.PrinterMark, Name.TrapNet):
            continue
        x0, y0, x1, y1 = (float(v) for v in annot.get("/Rect", [0, 0, 0, 0]))
        if min(x1, x0) < bleed[2] and max(x0, x1) > bleed[0] and min(y0, y1) < bleed[3] and max(y0, y1) > bleed[1]:
            report.add("error", "annotations", f"{subtype} annotation inside the BleedBox (not allowed in PDF/X)",
                       number)


# --- content: colour, text, images, fonts, glyphs --------------------------------------------------


def _matrix(values) -> tuple[float, ...]:
    return tuple(float(v) for v in values)


def _numbers(operands) -> tuple[float, ...]:
    """The numeric operands (a pattern colour also names its pattern)."""
    return tuple(float(v) for v in operands if isinstance(v, (int, float, Decimal)))


def _multiply(m, n) -> tuple[float, ...]:
    """m then n, as PDF concatenates matrices (`m cm` with n the current CTM)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def colour_space_family(space, resources) -> tuple[str, int]:
    """A colour space as (family, components): ('/DeviceRGB', 3), ('/ICCBased', 4), ('/Pattern', 0)…"""
    if isinstance(space, Name) or isinstance(space, str):
        name = str(space)
        if name in ("/DeviceRGB", "/DeviceCMYK", "/DeviceGray", "/Pattern"):
            return name, {"/DeviceRGB": 3, "/DeviceCMYK": 4, "/DeviceGray": 1, "/Pattern": 0}[name]
        named = resources.get("/ColorSpace", {}).get(name) if resources is not None else None
        if named is None:
            return name, 0
        space = named
    if isinstance(space, pikepdf.Array) and len(space):
        family = str(space[0])
        if family == "/ICCBased":
            components = int(space[1].get("/N", 0))
            return ("/ICCBased-RGB" if components == 3 else "/ICCBased"), components
        if family == "/Indexed":
            base, _ = colour_space_family(space[1], resources)
            return ("/Indexed-RGB" if "RGB" in base else "/Indexed"), 1
        if family in ("/CalRGB", "/Lab"):
            return family, 3
        if family == "/CalGray":
            return family, 1
        if family in ("/Separation", "/DeviceN"):
            alternate, _ = colour_space_family(space[2], resources)
            return family + ("-RGB" if "RGB" in alternate else ""), 1 if family == "/Separation" else len(space[1])
        if family == "/Pattern":
            return family, 0
        return family, 0
    return str(space), 0


def is_rgb(family: str) -> bool:
    return "RGB" in family


@dataclass
class GraphicsState:
    ctm: tuple[float, ...] = (1, 0, 0, 1, 0, 0)
    fill_space: str = "/DeviceGray"
    fill: tuple[float, ...] = (0.0,)
    stroke_space: str = "/DeviceGray"
    stroke: tuple[float, ...] = (0.0,)
    render_mode: int = 0  # Tr: 0 fill, 1 stroke, 2 both, 3 invisible (+4: also clip)
    font: object = None

    def copy(self) -> "GraphicsState":
        return GraphicsState(**vars(self))

    def text_colour(self):
        """The colour text is painted in, or None for invisible text (mode 3, OCR layers)."""
        mode = self.render_mode % 4
        if mode == 3:
            return None
        if mode == 1:
            return self.stroke_space, tuple(round(v, 3) for v in self.stroke)
        return self.fill_space, tuple(round(v, 3) for v in self.fill)


@dataclass
class PageScan:
    """What one page's content uses, gathered while walking its content streams."""

    spaces: Counter = field(default_factory=Counter)
    text_colours: Counter = field(default_factory=Counter)
    heavy_ink: set = field(default_factory=set)
    images: list = field(default_factory=list)  # (name, width px, height px, ppi, colour family)
    fonts: dict = field(default_factory=dict)  # BaseFont → font dictionary
    missing_glyphs: Counter = field(default_factory=Counter)


def _font_is_identity_cid(font) -> bool:
    return font is not None and font.get("/Subtype") == Name.Type0 and str(font.get("/Encoding")) == "/Identity-H"


def _shown_bytes(operands, op: str) -> list[bytes]:
    if op == "TJ":
        return [bytes(item) for item in operands[0] if isinstance(item, pikepdf.String)]
    if op in ("Tj", "'"):
        return [bytes(operands[0])]
    if op == '"':
        return [bytes(operands[2])]
    return []


def _record_colour(scan: PageScan, family: str, values) -> None:
    scan.spaces[family] += 1
    if family in ("/DeviceCMYK", "/ICCBased") and len(values) == 4 and sum(values) > MAX_TOTAL_INK + 1e-6:
        scan.heavy_ink.add(tuple(round(v * 100) for v in values))


# Operators that set a device colour space and its colour together (lower case: fill).
DEVICE_COLOUR_OPERATORS = {"rg": "/DeviceRGB", "k": "/DeviceCMYK", "g": "/DeviceGray"}


def scan_content(stream_owner, resources, scan: PageScan, ctm=(1, 0, 0, 1, 0, 0), depth: int = 0) -> None:
    """Walk one content stream (page, form or pattern), recursing into forms, recording what it uses."""
    if depth > MAX_FORM_DEPTH:
        return
    state = GraphicsState(ctm=ctm)
    stack: list[GraphicsState] = []
    for operands, operator in pikepdf.parse_content_stream(stream_owner):
        op = str(operator)
        if op == "q":
            stack.append(state.copy())
        elif op == "Q" and stack:
            state = stack.pop()
        elif op == "cm":
            state.ctm = _multiply(_matrix(operands), state.ctm)
        elif op.lower() in DEVICE_COLOUR_OPERATORS:  # rg/RG, k/K, g/G: space and colour at once
            space, colour = DEVICE_COLOUR_OPERATORS[op.lower()], _matrix(operands)
            _record_colour(scan, space, colour)
            if op.islower():
                state.fill_space, state.fill = space, colour
            else:
                state.stroke_space, state.stroke = space, colour
        elif op in ("cs", "CS"):
            family, components = colour_space_family(operands[0], resources)
            initial = (0.0, 0.0, 0.0, 1.0) if components == 4 else (0.0,) * components
            if op == "cs":
                state.fill_space, state.fill = family, initial
            else:
                state.stroke_space, state.stroke = family, initial
        elif op in ("sc", "scn", "SC", "SCN"):
            family = state.fill_space if op.islower() else state.stroke_space
            numbers = _numbers(operands)
            _record_colour(scan, family, numbers)
            if op.islower():
                state.fill = numbers
            else:
                state.stroke = numbers
        elif op == "Tr":
            state.render_mode = int(operands[0])
        elif op == "Tf":
            fonts = resources.get("/Font", {}) if resources is not None else {}
            state.font = fonts.get(str(operands[0]))
            if state.font is not None:
                scan.fonts[str(state.font.get("/BaseFont", operands[0]))] = state.font
        elif op in ("Tj", "TJ", "'", '"'):
            colour = state.text_colour()
            if colour is not None:
                scan.text_colours[colour] += 1
            if _font_is_identity_cid(state.font):
                for data in _shown_bytes(operands, op):
                    codes = [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data) - 1, 2)]
                    if 0 in codes:
                        scan.missing_glyphs[str(state.font.get("/BaseFont", "?"))] += codes.count(0)
        elif op == "Do":
            xobject = (resources.get("/XObject", {}) if resources is not None else {}).get(str(operands[0]))
            if xobject is None:
                continue
            if xobject.get("/Subtype") == Name.Image:
                record_image(xobject, str(operands[0]), state.ctm, resources, scan)
            elif xobject.get("/Subtype") == Name.Form:
                matrix = _matrix(xobject.get("/Matrix", [1, 0, 0, 1, 0, 0]))
                group = xobject.get("/Group")
                if group is not None and "/CS" in group:
                    scan.spaces[colour_space_family(group.CS, resources)[0]] += 1
                scan_content(xobject, xobject.get("/Resources", resources), scan,
                             _multiply(matrix, state.ctm), depth + 1)
        elif op == "sh":
            shading = (resources.get("/Shading", {}) if resources is not None else {}).get(str(operands[0]))
            if shading is not None:
                scan.spaces[colour_space_family(shading.get("/ColorSpace"), resources)[0]] += 1
        elif op == "INLINE IMAGE":
            image = operands[0]
            record_image(image.obj, "inline", state.ctm, resources, scan)
    scan_patterns(resources, scan, depth)


def scan_patterns(resources, scan: PageScan, depth: int) -> None:
    """Patterns paint with their own colours: shading patterns name a space, tiling ones have content."""
    for pattern in (resources.get("/Pattern", {}) if resources is not None else {}).values():
        if pattern.get("/PatternType") == 2 and "/Shading" in pattern:
            scan.spaces[colour_space_family(pattern.Shading.get("/ColorSpace"), resources)[0]] += 1
        elif pattern.get("/PatternType") == 1 and depth < MAX_FORM_DEPTH:
            scan_content(pattern, pattern.get("/Resources"), scan, (1, 0, 0, 1, 0, 0), depth + 1)


def record_image(image, name: str, ctm, resources, scan: PageScan) -> None:
    """An image placed with the current matrix: its pixels per inch across its placed size."""
    if image.get("/ImageMask", False) is True:
        return  # a stencil mask has no colour of its own and prints in the fill colour
    width_px, height_px = int(image.get("/Width", 0)), int(image.get("/Height", 0))
    a, b, c, d, _, _ = ctm
    width_in, height_in = math.hypot(a, b) / 72, math.hypot(c, d) / 72
    if not (width_in and height_in):
        return
    ppi = min(width_px / width_in, height_px / height_in)
    family, _ = colour_space_family(image.get("/ColorSpace", Name.DeviceGray), resources)
    scan.spaces[family] += 1
    scan.images.append((name, width_px, height_px, round(ppi), family))


def font_embedded(font) -> bool:
    """Type3 fonts draw their glyphs in the file; every other font needs a FontFile stream."""
    if font.get("/Subtype") == Name.Type3:
        return True
    descriptor = font.get("/FontDescriptor")
    if font.get("/Subtype") == Name.Type0:
        descendants = font.get("/DescendantFonts", [])
        descriptor = descendants[0].get("/FontDescriptor") if len(descendants) else None
    return descriptor is not None and any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def _cmyk_label(values) -> str:
    return "/".join(f"{v * 100:g}" for v in values)


def report_page(scan: PageScan, number: int, options: PreflightOptions, report: PreflightReport) -> None:
    """Turn what a page uses into findings."""
    rgb = sorted(family for family in scan.spaces if is_rgb(family))
    if rgb:
        report.add("error", "colour", f"RGB colour in a print file: {', '.join(rgb)} "
                   f"({sum(scan.spaces[f] for f in rgb)} uses); convert it to CMYK", number)
    others = sorted(f for f in scan.spaces if f not in ("/DeviceCMYK", "/ICCBased", "/DeviceGray", "/Pattern")
                    and not is_rgb(f))
    if others:
        report.add("info", "colour", f"other colour spaces: {', '.join(others)}", number)
    for ink in sorted(scan.heavy_ink):
        report.add("error", "ink", f"flat colour {'/'.join(map(str, ink))} has {sum(ink)} % total ink "
                   f"(at most {MAX_TOTAL_INK * 100:.0f} %)", number)
    for (space, values), runs in sorted(scan.text_colours.items()):
        if space == "/DeviceCMYK" and values == (0, 0, 0, 1):
            continue
        if space == "/DeviceCMYK" and len(values) == 4 and values[3] >= 0.8 and sum(values[:3]) > 0:
            report.add("error", "text-black", f"text in four-colour black {_cmyk_label(values)} ({runs} runs); "
                       "set it in 0/0/0/100", number)
        elif is_rgb(space):
            report.add("error", "text-black",
                       f"text in RGB {' '.join(f'{v:g}' for v in values)} ({runs} runs), not 100 % K", number)
        else:
            label = _cmyk_label(values) if len(values) == 4 else f"{space} {' '.join(f'{v:g}' for v in values)}"
            report.add("info", "text-colour", f"text not in pure K: {label} ({runs} runs)", number)
    for name, width, height, ppi, family in scan.images:
        if is_rgb(family):
            report.add("error", "images", f"image {name} ({width}×{height} px) is in RGB ({family}); "
                       "convert it to CMYK with the output profile", number)
        if ppi < options.min_ppi:
            severity = "warning" if options.allow_low_res else "error"
            report.add(severity, "images", f"image {name} ({width}×{height} px) is {ppi} ppi at its placed size; "
                       f"{options.min_ppi:g} ppi needed", number)
    for name, font in sorted(scan.fonts.items()):
        if not font_embedded(font):
            report.add("error", "fonts", f"font {name} is not embedded", number)
    for name, count in sorted(scan.missing_glyphs.items()):
        report.add("error", "glyphs", f"{count} missing glyph(s) (.notdef) in font {name}", number)


# --- entry points --------------------------------------------------------------------------------


def preflight_pdf(path: Path | str, options: PreflightOptions = PreflightOptions()) -> PreflightReport:
    """Check one PDF for print; every problem becomes a finding, none raises."""
    report = PreflightReport(str(path))
    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, OSError) as exc:
        report.add("error", "file", f"cannot be read as PDF: {exc}")
        return report
    with pdf:
        report.pages = len(pdf.pages)
        check_identification(pdf, report)
        if options.booklet:
            check_booklet(pdf, report)
        for number, page in enumerate(pdf.pages, start=1):
            check_boxes(page, number, options, report)
            scan = PageScan()
            scan_content(page, page.obj.get("/Resources"), scan)
            report_page(scan, number, options, report)
    return report


def format_report(report: PreflightReport, verbose: bool = False) -> str:
    """Human-readable: a heading line per file, then one line per finding (info only when verbose)."""
    identity = report.pdfx or "not PDF/X"
    intent = f"output intent {report.output_intent}" if report.output_intent else "no output intent"
    lines = [f"{report.path}: {report.pages} page(s), {identity}, {intent}"]
    for finding in report.findings:
        if finding.severity == "info" and not verbose:
            continue
        where = f"page {finding.page}: " if finding.page else ""
        lines.append(f"  {finding.severity}: {where}[{finding.check}] {finding.message}")
    verdict = "FAILED" if report.errors else "passed"
    lines.append(f"  {verdict}: {len(report.errors)} error(s), {len(report.warnings)} warning(s)")
    return "\n".join(lines)
