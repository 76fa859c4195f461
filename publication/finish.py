"""Finish print PDFs with pikepdf: output intent, plain CMYK operators, crop marks, saddle imposition, job ticket."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

from .preflight import DEVICE_COLOUR_OPERATORS

MM = 72 / 25.4  # PDF points per millimetre
MARK_WIDTH_PT = 0.25  # hairline crop marks, as printers draw them
MARK_GAP_MM = 1  # space between the bleed edge and the start of a mark
MARK_LENGTH_MM = 5
ICC_REGISTRY = "http://www.color.org"  # the ICC characterisation registry (a name, not fetched)


@dataclass(frozen=True)
class PrintFinish:
    """What finishing does to a print PDF, from the sources' `print:` settings and the command line."""

    output_condition_identifier: str
    output_condition: str
    slug_mm: float
    marks: bool = False
    output_profile: Path | None = None  # CMYK profile RGB images are converted to


# --- boxes -----------------------------------------------------------------------------------


def box_of(page: pikepdf.Page, name: str) -> tuple[float, float, float, float]:
    """A page box as (x0, y0, x1, y1), normalised; a missing box falls back to the MediaBox."""
    value = page.obj.get(name, page.obj.get("/MediaBox", page.mediabox))
    x0, y0, x1, y1 = (float(v) for v in value)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _array(box: tuple[float, float, float, float]) -> Array:
    return Array([round(v, 4) for v in box])


# --- colour operators ------------------------------------------------------------------------


def plain_cmyk_operators(instructions) -> list:
    """Rewrite `/DeviceCMYK cs c m y k scn` as `c m y k k` (and the stroking pair as `K`).

    WeasyPrint 70 writes every device-cmyk() colour through a colour-space switch; prepress
    tools and our tests look for the plain DeviceCMYK operators, which mean exactly the same.
    `k` also selects DeviceCMYK, and `/DeviceCMYK cs` sets the colour to black (0 0 0 1).
    """
    fill, stroke = "/DeviceGray", "/DeviceGray"  # initial colour spaces of a content stream
    saved: list[tuple[str, str]] = []
    result = []
    for operands, operator in instructions:
        op = str(operator)
        if op == "q":
            saved.append((fill, stroke))
        elif op == "Q" and saved:
            fill, stroke = saved.pop()
        elif op in ("cs", "CS"):
            space = str(operands[0])
            if op == "cs":
                fill = space
            else:
                stroke = space
            if space == "/DeviceCMYK":
                result.append(([0, 0, 0, 1], pikepdf.Operator("k" if op == "cs" else "K")))
                continue
        elif op in ("k", "K", "rg", "RG", "g", "G"):
            space = DEVICE_COLOUR_OPERATORS[op.lower()]
            if op.islower():
                fill = space
            else:
                stroke = space
        elif op in ("scn", "sc", "SCN", "SC") and len(operands) == 4:
            if (fill if op.islower() else stroke) == "/DeviceCMYK":
                result.append((operands, pikepdf.Operator("k" if op.islower() else "K")))
                continue
        result.append((operands, operator))
    return result


def _content_streams(pdf: pikepdf.Pdf):
    """Every content stream of the file: pages, form XObjects and tiling patterns."""
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and (obj.get("/Subtype") == Name.Form or obj.get("/PatternType") == 1):
            yield obj


def normalise_colour_operators(pdf: pikepdf.Pdf) -> None:
    for page in pdf.pages:
        page.contents_coalesce()
        page.obj.Contents.write(pikepdf.unparse_content_stream(plain_cmyk_operators(pikepdf.parse_content_stream(page))))
    for stream in _content_streams(pdf):
        # A stream that never selects DeviceCMYK has nothing to rewrite (its scn keep their own
        # space); most of the map's and emblem's forms: parsing them is most of the finishing time.
        if b"/DeviceCMYK" not in stream.read_bytes():
            continue
        stream.write(pikepdf.unparse_content_stream(plain_cmyk_operators(pikepdf.parse_content_stream(stream))))


# --- document-level fixes ----------------------------------------------------------------------


def set_output_intent(pdf: pikepdf.Pdf, finish: PrintFinish) -> None:
    """Name the output condition as the sources say (WeasyPrint names it after the profile)."""
    intents = pdf.Root.get("/OutputIntents")
    if not intents:
        raise ValueError("the PDF has no output intent: WeasyPrint did not read the @color-profile rule")
    for intent in intents:
        if intent.get("/S") == Name.GTS_PDFX:
            intent.OutputConditionIdentifier = pikepdf.String(finish.output_condition_identifier)
            intent.OutputCondition = pikepdf.String(finish.output_condition)
            intent.Info = pikepdf.String(finish.output_condition)
            intent.RegistryName = pikepdf.String(ICC_REGISTRY)


def remove_link_annotations(pdf: pikepdf.Pdf) -> None:
    """Links mean nothing on paper, and PDF/X allows no annotation inside the BleedBox."""
    for page in pdf.pages:
        annots = page.obj.get("/Annots")
        if annots is None:
            continue
        kept = [a for a in annots if a.get("/Subtype") in (Name.PrinterMark, Name.TrapNet)]
        if kept:
            page.obj.Annots = Array(kept)
        else:
            del page.obj["/Annots"]


# --- raster images ------------------------------------------------------------------------------


def _is_rgb_image(image) -> bool:
    space = image.get("/ColorSpace")
    if space == Name.DeviceRGB:
        return True
    return isinstance(space, Array) and len(space) == 2 and space[0] == Name.ICCBased and int(space[1].get("/N", 0)) == 3


def convert_rgb_images(pdf: pikepdf.Pdf, profile: Path) -> int:
    """Convert every RGB image to CMYK through the output profile (sRGB assumed); returns how many.

    WeasyPrint embeds photographs as they come, in RGB; a PDF/X file for a CMYK press must not.
    Soft masks (transparency) stay as they are: they are greyscale.
    """
    from PIL import ImageCms

    srgb = ImageCms.createProfile("sRGB")
    cmyk = ImageCms.getOpenProfile(str(profile))
    transform = ImageCms.buildTransform(srgb, cmyk, "RGB", "CMYK", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)
    converted = 0
    for obj in list(pdf.objects):
        if not (isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == Name.Image and _is_rgb_image(obj)):
            continue
        picture = pikepdf.PdfImage(obj).as_pil_image().convert("RGB")
        result = ImageCms.applyTransform(picture, transform)
        data = io.BytesIO()
        result.save(data, format="JPEG", quality=92)
        obj.write(data.getvalue(), filter=Name.DCTDecode)
        obj.ColorSpace = Name.DeviceCMYK
        obj.BitsPerComponent = 8
        # Adobe-style CMYK JPEGs store inverted values; this Decode reads them back right.
        obj.Decode = Array([1, 0, 1, 0, 1, 0, 1, 0])
        for key in ("/DecodeParms", "/SMaskInData"):
            if key in obj:
                del obj[key]
        converted += 1
    return converted


# --- crop marks --------------------------------------------------------------------------------


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
        page.obj.MediaBox = _array(media)
        page.obj.TrimBox = _array(trim)
        page.obj.BleedBox = _array(bleed)
        if "/CropBox" in page.obj:
            page.obj.CropBox = _array(media)


# --- imposition --------------------------------------------------------------------------------


def saddle_order(pages: int) -> list[tuple[int, int]]:
    """Printer's spreads for saddle stitching, as (left, right) 0-based page indexes.

    Sheet by sheet, front then back: 8 pages give (8,1) (2,7) (6,3) (4,5) in page numbers.
    """
    if pages % 4:
        raise ValueError(f"a saddle-stitched booklet needs a multiple of 4 pages, not {pages}")
    spreads = []
    for sheet in range(pages // 4):
        first, last = 2 * sheet, pages - 1 - 2 * sheet
        spreads.append((last, first))
        spreads.append((first + 1, last - 1))
    return spreads


def impose_saddle(pdf: pikepdf.Pdf) -> None:
    """Replace the pages by printer's spreads: two trimmed pages side by side, bleed kept outside.

    Each spread has TrimBox = two pages wide, BleedBox = that plus the pages' outer bleed; at the
    spine the pages meet at their trim, each clipped there.
    """
    originals = list(pdf.pages)
    trim = box_of(originals[0], "/TrimBox")
    bleed = box_of(originals[0], "/BleedBox")
    width, height = trim[2] - trim[0], trim[3] - trim[1]
    left_bleed, bottom_bleed = trim[0] - bleed[0], trim[1] - bleed[1]
    right_bleed, top_bleed = bleed[2] - trim[2], bleed[3] - trim[3]
    forms = [pdf.make_indirect(page.as_form_xobject()) for page in originals]
    for left, right in saddle_order(len(originals)):
        content = []
        placements = (
            (left, 0, (-left_bleed, -bottom_bleed, width, height + top_bleed)),
            (right, width, (width, -bottom_bleed, 2 * width + right_bleed, height + top_bleed)),
        )
        for index, offset, (cx0, cy0, cx1, cy1) in placements:
            src = box_of(originals[index], "/TrimBox")
            content.append(f"q {cx0:.4f} {cy0:.4f} {cx1 - cx0:.4f} {cy1 - cy0:.4f} re W n "
                           f"1 0 0 1 {offset - src[0]:.4f} {-src[1]:.4f} cm /P{index} Do Q")
        spread_trim = (0, 0, 2 * width, height)
        spread_bleed = (-left_bleed, -bottom_bleed, 2 * width + right_bleed, height + top_bleed)
        page = Dictionary(
            Type=Name.Page,
            MediaBox=_array(spread_bleed),
            BleedBox=_array(spread_bleed),
            TrimBox=_array(spread_trim),
            Resources=Dictionary(XObject=Dictionary({f"/P{left}": forms[left], f"/P{right}": forms[right]})),
            Contents=pdf.make_stream("\n".join(content).encode()),
        )
        pdf.pages.append(pikepdf.Page(page))
    del pdf.pages[: len(originals)]
    # Bookmarks and named destinations pointed at the single pages, which are gone.
    for key in ("/Outlines", "/PageLabels"):
        if key in pdf.Root:
            del pdf.Root[key]
    if "/Names" in pdf.Root and "/Dests" in pdf.Root.Names:
        del pdf.Root.Names["/Dests"]


def spine_of(page: pikepdf.Page) -> tuple[float, ...]:
    x0, _, x1, _ = box_of(page, "/TrimBox")
    return ((x0 + x1) / 2,)


# --- entry points ------------------------------------------------------------------------------


def _save(pdf: pikepdf.Pdf) -> bytes:
    out = io.BytesIO()
    # Deterministic: the same input gives the same bytes (and the same sha256 in the ticket).
    pdf.save(out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.preserve,
             deterministic_id=True)
    return out.getvalue()


def finish_print(pdf_bytes: bytes, finish: PrintFinish) -> bytes:
    """The print file as the printer gets it: named output intent, plain CMYK, no links, marks if asked."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        set_output_intent(pdf, finish)
        if finish.output_profile is not None:
            convert_rgb_images(pdf, finish.output_profile)
        normalise_colour_operators(pdf)
        remove_link_annotations(pdf)
        if finish.marks:
            add_crop_marks(pdf, finish.slug_mm)
        return _save(pdf)


def impose_print(pdf_bytes: bytes, finish: PrintFinish) -> bytes:
    """Saddle-stitch spreads of an unmarked finished print file; marks (and fold marks) if asked."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        impose_saddle(pdf)
        if finish.marks:
            add_crop_marks(pdf, finish.slug_mm, fold_xs_of_page=spine_of)
        return _save(pdf)


def imposed_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}-imposed{path.suffix}")


def ticket_path(path: Path) -> Path:
    return path.with_suffix(".txt")  # the download page links a ticket found there


# --- job ticket --------------------------------------------------------------------------------

def binding_of(kind: str, pages: int) -> str:
    if kind == "brochure":
        return f"saddle stitch: {pages // 4} sheet(s) folded and nested, two staples on the spine"
    if pages == 1:
        return "none: single sheet, one side"
    if pages == 2:
        return "none: single sheet, both sides"
    return f"none: {math.ceil(pages / 2)} loose sheets, both sides"


def ticket_fields(*, title: str, file: str, trim_name: str, trim_mm, bleed_mm: float, pages: int, kind: str,
                  finish: PrintFinish, profile: str, sha256: str, imposed: bool = False) -> dict:
    """What the printer needs to know about one print file, as the manifest records it."""
    width, height = trim_mm
    sheet = (2 * width, height) if imposed else (width, height)
    media = [v + 2 * bleed_mm + (2 * finish.slug_mm if finish.marks else 0) for v in sheet]
    return {
        "publication": title,
        "file": file,
        "trim": f"{trim_name}, {width:g} × {height:g} mm",
        "trim_mm": [width, height],
        "bleed_mm": bleed_mm,
        "pages": pages,
        "pages_note": f"{pages} spreads = {2 * pages} booklet pages" if imposed else f"{pages}",
        "binding": binding_of(kind, pages * (2 if imposed else 1)),
        "imposition": "saddle-stitch printer's spreads (2 pages per side, TrimBox "
                      f"{sheet[0]:g} × {sheet[1]:g} mm)" if imposed else "none (single pages)",
        "colour": "CMYK only (DeviceCMYK), body text 100 % K, total ink ≤ 300 %",
        "standard": "PDF/X-4",
        "output_intent": f"{finish.output_condition_identifier}: {finish.output_condition} (profile {profile})",
        "marks": (f"crop marks 0.25 pt, 100 % K, in a {finish.slug_mm:g} mm slug outside the bleed"
                  + (", fold marks at the spine" if imposed else "")) if finish.marks else "none",
        "media_mm": [round(v, 2) for v in media],
        "sha256": sha256,
    }


def format_ticket(fields: dict) -> str:
    """The job ticket as plain text, one line per field, beside the PDF."""
    labels = [("publication", "Publication"), ("file", "File"), ("trim", "Trim size"), ("bleed_mm", "Bleed"),
              ("pages", "Pages"), ("binding", "Binding"), ("imposition", "Imposition"), ("colour", "Colour"),
              ("standard", "Standard"), ("output_intent", "Output intent"), ("marks", "Marks"),
              ("media_mm", "Media size"), ("sha256", "SHA-256")]
    lines = ["JOB TICKET", ""]
    for key, label in labels:
        value = fields[key]
        if key == "pages":
            value = fields["pages_note"]
        elif key == "bleed_mm":
            value = f"{value:g} mm on every side"
        elif key == "media_mm":
            value = f"{value[0]:g} × {value[1]:g} mm"
        lines.append(f"{label + ':':<15}{value}")
    return "\n".join(lines) + "\n"
