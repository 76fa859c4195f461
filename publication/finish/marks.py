"""Crop marks (and dashed fold marks at a spread's spine) in registration colour, in a slug around the bleed."""

from __future__ import annotations

import pikepdf
from pikepdf import Name

from ..pdfcontent import MM, box_array, box_of

MARK_WIDTH_PT = 0.25  # hairline crop marks, as printers draw them
MARK_GAP_MM = 1  # space between the bleed edge and the start of a mark
MARK_LENGTH_MM = 5
FOLD_DASH_PT = 2  # fold marks dashed 2 pt on, 2 pt off
REGISTRATION = "CSRegistration"  # the marks' colour space in the page's resources


def crop_mark_lines(trim, bleed, slug_pt: float, cuts=((), ())) -> list[tuple[float, float, float, float]]:
    """Crop-mark segments in the slug: on the trim lines, starting just outside the BleedBox; and on
    `cuts`, the x and y of the cuts inside a sheet of several pages (badges four to an A4)."""
    tx0, ty0, tx1, ty1 = trim
    bx0, _, bx1, _ = bleed  # the horizontal marks; fold_mark_lines draws the vertical ones from its top and bottom
    gap, length = MARK_GAP_MM * MM, _mark_length(slug_pt)
    lines = []
    for y in (ty0, ty1, *cuts[1]):
        lines.append((bx0 - gap - length, y, bx0 - gap, y))  # left of the sheet
        lines.append((bx1 + gap, y, bx1 + gap + length, y))  # right of the sheet
    lines += fold_mark_lines(bleed, slug_pt, (tx0, tx1, *cuts[0]))
    return lines


def fold_mark_lines(bleed, slug_pt: float, xs) -> list[tuple[float, float, float, float]]:
    """Vertical marks above and below the sheet at each x: the trim's sides, or a spread's spine."""
    _, by0, _, by1 = bleed
    gap, length = MARK_GAP_MM * MM, _mark_length(slug_pt)
    lines = []
    for x in xs:
        lines.append((x, by0 - gap - length, x, by0 - gap))  # below
        lines.append((x, by1 + gap, x, by1 + gap + length))  # above
    return lines


def _mark_length(slug_pt: float) -> float:
    return min(MARK_LENGTH_MM * MM, slug_pt - MARK_GAP_MM * MM - 1 * MM)


def registration_colour_space(pdf: pikepdf.Pdf) -> pikepdf.Object:
    """`/Separation /All`: registration colour, which prints on every plate (CMYK 100 % each where
    a device has no separations of its own), so that the marks line up the plates."""
    tint = pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=[1, 1, 1, 1], N=1)
    return pdf.make_indirect(pikepdf.Array([Name.Separation, Name.All, Name.DeviceCMYK, tint]))


def _path(lines) -> str:
    return "\n".join(f"{x0:.4f} {y0:.4f} m {x1:.4f} {y1:.4f} l" for x0, y0, x1, y1 in lines)


def marks_content(trim, bleed, slug: float, fold_xs, cuts=((), ())) -> str:
    """Crop marks solid, fold marks dashed (a fold is not a cut), both in registration colour."""
    crops, folds = _path(crop_mark_lines(trim, bleed, slug, cuts)), _path(fold_mark_lines(bleed, slug, fold_xs))
    dashed = f"[{FOLD_DASH_PT} {FOLD_DASH_PT}] 0 d\n{folds}\nS\n" if folds else ""
    return f"q\n/{REGISTRATION} CS 1 SCN\n{MARK_WIDTH_PT} w 0 J [] 0 d\n{crops}\nS\n{dashed}Q\n"


def add_colour_space(page: pikepdf.Page, space) -> None:
    """The registration colour space among the page's resources, as /CSRegistration."""
    if "/Resources" not in page.obj:
        page.obj.Resources = pikepdf.Dictionary()
    if "/ColorSpace" not in page.obj.Resources:
        page.obj.Resources.ColorSpace = pikepdf.Dictionary()
    page.obj.Resources.ColorSpace[f"/{REGISTRATION}"] = space


def add_crop_marks(
    pdf: pikepdf.Pdf, slug_mm: float, fold_xs_of_page=lambda page: (), cuts_of_page=lambda page: ((), ())
) -> None:
    """Grow each MediaBox by the slug and draw hairline crop marks (and fold marks, and the marks of the
    cuts inside a sheet of several pages) in it."""
    slug = slug_mm * MM
    if slug < MARK_GAP_MM * MM + 3 * MM:
        raise ValueError(f"print.slug_mm is {slug_mm:g} mm: crop marks need a slug of at least {MARK_GAP_MM + 3} mm")
    registration = registration_colour_space(pdf)
    for page in pdf.pages:
        trim, bleed = box_of(page, "/TrimBox"), box_of(page, "/BleedBox")
        media = (bleed[0] - slug, bleed[1] - slug, bleed[2] + slug, bleed[3] + slug)
        marks = marks_content(trim, bleed, slug, fold_xs_of_page(page), cuts_of_page(page))
        page.contents_coalesce()
        # The artwork keeps its own graphics state: wrap it, then draw the marks in a clean one.
        page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
        page.contents_add(pdf.make_stream(b"\nQ\n" + marks.encode()))
        add_colour_space(page, registration)
        page.obj.MediaBox = box_array(media)
        page.obj.TrimBox = box_array(trim)
        page.obj.BleedBox = box_array(bleed)
        if "/CropBox" in page.obj:
            page.obj.CropBox = box_array(media)
