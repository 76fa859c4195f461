"""What each page's content uses: colour spaces, text colours, heavy ink, images, fonts, missing glyphs.

The walk follows the graphics state through a page's content streams, into the form XObjects it
draws (with their matrices) and its tiling patterns. It records plain data, so a scan can travel
beside the PDF's bytes from finishing to preflight.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Name

from ..limits import without_cycle_collection
from .colour import DEVICE_COLOUR_OPERATORS, colour_space_family
from .geometry import (
    GEOMETRY_HANDLERS,
    NOWHERE,
    box_of_points,
    intersect,
    next_line,
    record_image_paint,
    record_shading_paint,
    record_text,
)
from .state import IDENTITY, GraphicsState, as_numbers, multiply, numbers_of
from .streams import ParsedStreams
from .text import measure, pieces_of

MAX_TOTAL_INK = 3.0  # 300 %
MAX_FORM_DEPTH = 12


@dataclass
class PageScan:
    """What one page's content uses, gathered while walking its content streams."""

    spaces: Counter = field(default_factory=Counter)
    text_colours: Counter = field(default_factory=Counter)
    heavy_ink: set = field(default_factory=set)
    images: list = field(default_factory=list)  # (name, width px, height px, ppi, colour family)
    fonts: dict = field(default_factory=dict)  # BaseFont → embedded?
    missing_glyphs: Counter = field(default_factory=Counter)
    paints: list = field(default_factory=list)  # Paint: every fill, stroke, image, shading, in order
    texts: list = field(default_factory=list)  # TextRun: every text-showing operator, in order


class ScannedPdf(bytes):
    """A PDF's bytes with the scan of each of its pages, made from the document they were saved from."""

    page_scans: tuple[PageScan, ...]

    def __new__(cls, data: bytes, page_scans):
        scanned = super().__new__(cls, data)
        scanned.page_scans = tuple(page_scans)
        return scanned

    def __reduce__(self):
        # Another process gets the bytes alone: the scan serves the preflight next to the finish.
        return bytes, (bytes(self),)


def scan_pages(pdf: pikepdf.Pdf, streams: ParsedStreams | None = None) -> list[PageScan]:
    """The scan of every page; forms drawn on several pages are parsed once.

    Without the cyclic garbage collector meanwhile: the walk makes many small objects and no cycle,
    and in a build's process each full collection would go through all of the typesetter's objects
    (it doubled the scan's time).
    """
    streams = streams if streams is not None else ParsedStreams()
    with without_cycle_collection():
        return [scan_page(page, streams) for page in pdf.pages]


def scan_page(page: pikepdf.Page, streams: ParsedStreams) -> PageScan:
    scan = PageScan()
    walk_content(streams.page_operations(page), page.obj.get("/Resources"), scan, streams)
    return scan


# --- the walk ------------------------------------------------------------------------------------


@dataclass
class _Walk:
    """One content stream being walked: where its names resolve, how deep in forms, its graphics state."""

    scan: PageScan
    streams: ParsedStreams
    resources: pikepdf.Object | None
    depth: int
    state: GraphicsState
    saved: list = field(default_factory=list)
    path: list = field(default_factory=list)  # the coordinates of the path being built
    subpaths: int = 0  # of the path being built: `m` and `re` seen
    curved: bool = False  # the path being built has a curve
    moved: bool = False  # its last operator was a moveto (which draws nothing unless a segment follows)
    clipping: bool = False  # W or W* seen: the path, once ended, clips

    def resource(self, category: str, name) -> pikepdf.Object | None:
        """A named resource of this stream (in `/Font`, `/XObject`, `/Shading`…), or None."""
        named = self.resources.get(category) if self.resources is not None else None
        return named.get(str(name)) if named is not None else None


def walk_content(
    operations,
    resources,
    scan: PageScan,
    streams: ParsedStreams,
    ctm=IDENTITY,
    depth: int = 0,
    clip=None,
    state: GraphicsState | None = None,
) -> None:
    """Walk one content stream (page, form or pattern), recursing into forms, recording what it uses.

    A form starts from the graphics state it is drawn in (`state`), in its own matrix and clip.
    """
    state = state.copy() if state is not None else GraphicsState()
    state.ctm, state.clip = ctm, clip
    walk = _Walk(scan, streams, resources, depth, state)
    for operands, op in operations:
        handler = HANDLERS.get(op)
        if handler is not None:
            handler(walk, operands, op)
    walk_patterns(resources, scan, streams, depth)


def walk_patterns(resources, scan: PageScan, streams: ParsedStreams, depth: int) -> None:
    """Patterns paint with their own colours: shading patterns name a space, tiling ones have content."""
    for pattern in (resources.get("/Pattern", {}) if resources is not None else {}).values():
        if pattern.get("/PatternType") == 2 and "/Shading" in pattern:
            scan.spaces[colour_space_family(pattern.Shading.get("/ColorSpace"), resources)[0]] += 1
        elif pattern.get("/PatternType") == 1 and depth < MAX_FORM_DEPTH:
            # Pattern space is not page space: what a tile paints has no place on the page to record.
            walk_content(
                streams.operations(pattern), pattern.get("/Resources"), scan, streams, IDENTITY, depth + 1, NOWHERE
            )


# --- one handler per operator ----------------------------------------------------------------------


def _save_state(walk: _Walk, operands, op: str) -> None:
    walk.saved.append(walk.state.copy())


def _restore_state(walk: _Walk, operands, op: str) -> None:
    if walk.saved:
        walk.state = walk.saved.pop()


def _concatenate_matrix(walk: _Walk, operands, op: str) -> None:
    walk.state.ctm = multiply(as_numbers(operands), walk.state.ctm)


def _set_device_colour(walk: _Walk, operands, op: str) -> None:
    """rg/RG, k/K, g/G: space and colour at once."""
    space, colour = DEVICE_COLOUR_OPERATORS[op.lower()], as_numbers(operands)
    _record_colour(walk.scan, space, colour)
    walk.state.paint(op.islower(), space, colour)


def _set_colour_space(walk: _Walk, operands, op: str) -> None:
    """cs/CS: the space, and its initial colour (black in CMYK, zeros otherwise)."""
    family, components = colour_space_family(operands[0], walk.resources)
    initial = (0.0, 0.0, 0.0, 1.0) if components == 4 else (0.0,) * components
    walk.state.paint(op == "cs", family, initial)


def _set_colour(walk: _Walk, operands, op: str) -> None:
    """sc/scn/SC/SCN: a colour in the current space."""
    fill = op.islower()
    family, colour = walk.state.space_of(fill), numbers_of(operands)
    _record_colour(walk.scan, family, colour)
    walk.state.paint(fill, family, colour)


def _set_graphics_state(walk: _Walk, operands, op: str) -> None:
    """gs: the fill opacity and soft mask of an ExtGState (what may show through a paint)."""
    extgstate = walk.resource("/ExtGState", operands[0])
    if extgstate is None:
        return
    if "/ca" in extgstate:
        walk.state.fill_alpha = float(extgstate.ca)
    if "/SMask" in extgstate:
        walk.state.soft_mask = extgstate.SMask != Name("/None")


def _set_render_mode(walk: _Walk, operands, op: str) -> None:
    walk.state.render_mode = int(operands[0])


def _set_font(walk: _Walk, operands, op: str) -> None:
    walk.state.font = font = walk.resource("/Font", operands[0])
    walk.state.font_size = float(operands[1])
    if font is not None:
        name = str(font.get("/BaseFont", operands[0]))
        if name not in walk.scan.fonts:
            walk.scan.fonts[name] = font_embedded(font)


def _show_text(walk: _Walk, operands, op: str) -> None:
    state = walk.state
    if op in ("'", '"'):
        next_line(walk)
    if op == '"':
        state.word_spacing, state.char_spacing = float(operands[0]), float(operands[1])
    colour = state.text_colour()
    if colour is not None:
        walk.scan.text_colours[colour] += 1
    font = state.font
    shown = measure(
        walk.streams.font(font),
        pieces_of(operands, op),
        state.font_size,
        state.char_spacing,
        state.word_spacing,
        state.scaling,
    )
    record_text(walk, colour if state.render_mode % 4 != 1 else None, shown)  # outlines alone: a stroke
    if shown.notdef and font is not None:  # a character the font lacks, drawn as .notdef
        walk.scan.missing_glyphs[str(font.get("/BaseFont", "?"))] += shown.notdef


def _draw_xobject(walk: _Walk, operands, op: str) -> None:
    xobject = walk.resource("/XObject", operands[0])
    if xobject is None:
        return
    if xobject.get("/Subtype") == Name.Image:
        record_image(xobject, str(operands[0]), walk.state.ctm, walk.resources, walk.scan)
        record_image_paint(walk, masked=any(key in xobject for key in ("/SMask", "/Mask", "/ImageMask")))
    elif xobject.get("/Subtype") == Name.Form:
        _walk_form(walk, xobject)


def _walk_form(walk: _Walk, form) -> None:
    """A form draws its own content, in its matrix on top of the current one."""
    group = form.get("/Group")
    if group is not None and "/CS" in group:
        walk.scan.spaces[colour_space_family(group.CS, walk.resources)[0]] += 1
    if walk.depth + 1 > MAX_FORM_DEPTH:
        return  # deeper than any real file nests forms: a loop, not artwork
    ctm = multiply(as_numbers(form.get("/Matrix", IDENTITY)), walk.state.ctm)
    clip = (
        intersect(box_of_points(as_numbers(form.get("/BBox", ())), ctm), walk.state.clip)
        if "/BBox" in form
        else walk.state.clip
    )
    walk_content(
        walk.streams.operations(form),
        form.get("/Resources", walk.resources),
        walk.scan,
        walk.streams,
        ctm,
        walk.depth + 1,
        clip,
        walk.state,
    )


def _paint_shading(walk: _Walk, operands, op: str) -> None:
    shading = walk.resource("/Shading", operands[0])
    if shading is not None:
        walk.scan.spaces[colour_space_family(shading.get("/ColorSpace"), walk.resources)[0]] += 1
        record_shading_paint(walk)


def _draw_inline_image(walk: _Walk, operands, op: str) -> None:
    image = operands[0].obj
    record_image(image, "inline", walk.state.ctm, walk.resources, walk.scan)
    record_image_paint(walk, masked=any(key in image for key in ("/SMask", "/Mask", "/ImageMask", "/IM")))


HANDLERS = {
    **GEOMETRY_HANDLERS,
    "q": _save_state,
    "Q": _restore_state,
    "cm": _concatenate_matrix,
    **dict.fromkeys(("rg", "RG", "k", "K", "g", "G"), _set_device_colour),
    "cs": _set_colour_space,
    "CS": _set_colour_space,
    **dict.fromkeys(("sc", "scn", "SC", "SCN"), _set_colour),
    "Tr": _set_render_mode,
    "gs": _set_graphics_state,
    "Tf": _set_font,
    **dict.fromkeys(("Tj", "TJ", "'", '"'), _show_text),
    "Do": _draw_xobject,
    "sh": _paint_shading,
    "INLINE IMAGE": _draw_inline_image,
}


# --- what is recorded ------------------------------------------------------------------------------


def _record_colour(scan: PageScan, family: str, values) -> None:
    scan.spaces[family] += 1
    if family in ("/DeviceCMYK", "/ICCBased") and len(values) == 4 and sum(values) > MAX_TOTAL_INK + 1e-6:
        scan.heavy_ink.add(tuple(round(v * 100) for v in values))


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
