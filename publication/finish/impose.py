"""Saddle-stitch imposition: the pages of a booklet as printer's spreads, two trimmed pages side by side."""

from __future__ import annotations

from dataclasses import dataclass

import pikepdf
from pikepdf import Dictionary, Name

from ..pdfcontent import box_array, box_of


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


@dataclass(frozen=True)
class SpreadGeometry:
    """A spread of two trimmed pages, from the first page's boxes: the pages' outer bleed kept around it."""

    width: float  # of one trimmed page
    height: float
    left_bleed: float
    bottom_bleed: float
    right_bleed: float
    top_bleed: float

    @classmethod
    def of(cls, page: pikepdf.Page) -> SpreadGeometry:
        trim, bleed = box_of(page, "/TrimBox"), box_of(page, "/BleedBox")
        return cls(
            trim[2] - trim[0],
            trim[3] - trim[1],
            trim[0] - bleed[0],
            trim[1] - bleed[1],
            bleed[2] - trim[2],
            bleed[3] - trim[3],
        )

    @property
    def trim(self):
        return (0, 0, 2 * self.width, self.height)

    @property
    def bleed(self):
        return (-self.left_bleed, -self.bottom_bleed, 2 * self.width + self.right_bleed, self.height + self.top_bleed)

    def clip(self, side: int):
        """Where the left (0) or right (1) page shows: its outer bleed, and up to the spine only."""
        if side == 0:
            return (-self.left_bleed, -self.bottom_bleed, self.width, self.height + self.top_bleed)
        return (self.width, -self.bottom_bleed, 2 * self.width + self.right_bleed, self.height + self.top_bleed)


def placed_page(geometry: SpreadGeometry, page: pikepdf.Page, index: int, side: int) -> str:
    """The content that draws page `index` (as form /P<index>) on its side of a spread, clipped."""
    cx0, cy0, cx1, cy1 = geometry.clip(side)
    offset = side * geometry.width
    src = box_of(page, "/TrimBox")
    return (
        f"q {cx0:.4f} {cy0:.4f} {cx1 - cx0:.4f} {cy1 - cy0:.4f} re W n "
        f"1 0 0 1 {offset - src[0]:.4f} {-src[1]:.4f} cm /P{index} Do Q"
    )


def spread_page(pdf: pikepdf.Pdf, geometry: SpreadGeometry, content: str, forms: dict) -> pikepdf.Page:
    """A spread's page: TrimBox two pages wide, BleedBox (and MediaBox) that plus the outer bleed."""
    return sheet_page(pdf, geometry.trim, geometry.bleed, content, forms)


def sheet_page(pdf: pikepdf.Pdf, trim, bleed, content: str, forms: dict) -> pikepdf.Page:
    """A printer's sheet of placed pages (forms): its TrimBox, its BleedBox and MediaBox."""
    return pikepdf.Page(
        Dictionary(
            Type=Name.Page,
            MediaBox=box_array(bleed),
            BleedBox=box_array(bleed),
            TrimBox=box_array(trim),
            Resources=Dictionary(XObject=Dictionary(forms)),
            Contents=pdf.make_stream(content.encode()),
        )
    )


def page_form(page: pikepdf.Page) -> pikepdf.Stream:
    """A page as a form XObject that keeps its bleed (qpdf's form is clipped at the TrimBox)."""
    form = page.as_form_xobject()
    assert isinstance(form, pikepdf.Stream)  # a form XObject is a stream; pikepdf types it Object
    form.BBox = box_array(box_of(page, "/BleedBox"))
    return form


def impose_saddle(pdf: pikepdf.Pdf) -> None:
    """Replace the pages by printer's spreads: two trimmed pages side by side, bleed kept outside.

    Each spread has TrimBox = two pages wide, BleedBox = that plus the pages' outer bleed; at the
    spine the pages meet at their trim, each clipped there.
    """
    originals = list(pdf.pages)
    geometry = SpreadGeometry.of(originals[0])
    forms = [pdf.make_indirect(page_form(page)) for page in originals]
    for left, right in saddle_order(len(originals)):
        content = "\n".join(
            placed_page(geometry, originals[index], index, side) for side, index in enumerate((left, right))
        )
        pdf.pages.append(spread_page(pdf, geometry, content, {f"/P{left}": forms[left], f"/P{right}": forms[right]}))
    del pdf.pages[: len(originals)]
    drop_page_navigation(pdf)


def drop_page_navigation(pdf: pikepdf.Pdf) -> None:
    """Bookmarks, page labels and named destinations pointed at the single pages, which are gone."""
    for key in ("/Outlines", "/PageLabels"):
        if key in pdf.Root:
            del pdf.Root[key]
    if "/Names" in pdf.Root and "/Dests" in pdf.Root.Names:
        del pdf.Root.Names["/Dests"]


def spine_of(page: pikepdf.Page) -> tuple[float, ...]:
    """Where a spread folds: the middle of its TrimBox."""
    x0, _, x1, _ = box_of(page, "/TrimBox")
    return ((x0 + x1) / 2,)


def grid_cells(width: float, height: float, columns: int, rows: int) -> list[tuple[float, float]]:
    """Where each page of a sheet lands (its lower left corner), in reading order: the top row first."""
    return [(column * width, (rows - 1 - row) * height) for row in range(rows) for column in range(columns)]


def impose_grid(pdf: pikepdf.Pdf, columns: int, rows: int) -> None:
    """Replace the pages by sheets of `columns` × `rows` pages set edge to edge (badges: 2 × 2 A6 on an A4),
    each page clipped at its trim (nothing of a page prints on the next); the sheet's TrimBox is the grid,
    its bleed the pages' outer bleed. The last sheet keeps its empty cells."""
    originals = list(pdf.pages)
    first_trim, first_bleed = box_of(originals[0], "/TrimBox"), box_of(originals[0], "/BleedBox")
    width, height = first_trim[2] - first_trim[0], first_trim[3] - first_trim[1]
    bleed = first_trim[0] - first_bleed[0]
    trim = (0.0, 0.0, columns * width, rows * height)
    forms = [pdf.make_indirect(page_form(page)) for page in originals]
    for start in range(0, len(originals), columns * rows):
        placed, xobjects = [], {}
        for (x, y), index in zip(grid_cells(width, height, columns, rows), range(start, len(originals)), strict=False):
            source = box_of(originals[index], "/TrimBox")
            placed.append(
                f"q {x:.4f} {y:.4f} {width:.4f} {height:.4f} re W n "
                f"1 0 0 1 {x - source[0]:.4f} {y - source[1]:.4f} cm /P{index} Do Q"
            )
            xobjects[f"/P{index}"] = forms[index]
        sheet_bleed = (-bleed, -bleed, trim[2] + bleed, trim[3] + bleed)
        pdf.pages.append(sheet_page(pdf, trim, sheet_bleed, "\n".join(placed), xobjects))
    del pdf.pages[: len(originals)]
    drop_page_navigation(pdf)


def grid_cuts(columns: int, rows: int):
    """The cuts inside a sheet of `columns` × `rows` pages, for its crop marks: (xs, ys) of a page."""

    def cuts(page: pikepdf.Page) -> tuple[tuple[float, ...], tuple[float, ...]]:
        x0, y0, x1, y1 = box_of(page, "/TrimBox")
        xs = tuple(x0 + (x1 - x0) * i / columns for i in range(1, columns))
        ys = tuple(y0 + (y1 - y0) * i / rows for i in range(1, rows))
        return xs, ys

    return cuts
