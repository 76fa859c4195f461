"""Finish PDFs with pikepdf. Print: output intent, plain CMYK operators, crop marks, saddle imposition, job
ticket. Screen: the structure tree (artifacts, Figure boxes) and the /ID.

`settings`: what finishing does (PrintFinish); `document`: output intent, PDF/X identification and
links; `fonts`: subset names made from the glyphs they hold; `colour`:
plain CMYK operators and RGB images converted; `marks`: crop and fold marks in registration colour; `impose`: saddle
spreads; `tickets`: the job ticket; `screen`: the screen file's structure. The entry points below run them in order
on a PDF's bytes.
"""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf

from ..pdfcontent import ParsedStreams, ScannedPdf, box_of, scan_pages
from .colour import convert_rgb_images, normalise_colour_operators, plain_cmyk_operators
from .document import ICC_REGISTRY, identify_pdfx, remove_link_annotations, set_output_intent
from .fonts import name_subsets_by_program, subset_tag
from .impose import grid_cuts, impose_grid, impose_saddle, saddle_order, spine_of
from .marks import MARK_GAP_MM, MARK_LENGTH_MM, MARK_WIDTH_PT, add_crop_marks, crop_mark_lines
from .screen import finish_screen
from .settings import PrintFinish, plain_text
from .tickets import (
    binding_of,
    file_part,
    file_title,
    format_ticket,
    ticket_fields,
    ticket_languages,
    ticket_path,
    ticket_text,
)

__all__ = [
    "ICC_REGISTRY",
    "MARK_GAP_MM",
    "MARK_LENGTH_MM",
    "MARK_WIDTH_PT",
    "PrintFinish",
    "add_crop_marks",
    "binding_of",
    "box_of",
    "convert_rgb_images",
    "crop_mark_lines",
    "file_part",
    "file_title",
    "finish_print",
    "finish_screen",
    "format_ticket",
    "identify_pdfx",
    "impose_grid",
    "impose_print",
    "impose_saddle",
    "imposed_path",
    "name_subsets_by_program",
    "normalise_colour_operators",
    "plain_cmyk_operators",
    "plain_text",
    "remove_link_annotations",
    "saddle_order",
    "set_output_intent",
    "spine_of",
    "subset_tag",
    "ticket_fields",
    "ticket_languages",
    "ticket_path",
    "ticket_text",
]


def _save(pdf: pikepdf.Pdf, streams: ParsedStreams | None = None) -> bytes:
    """The document's bytes; with `streams`, a ScannedPdf carrying each page's scan for preflight."""
    # Scanned before saving, while the parse finishing made is still at hand.
    page_scans = scan_pages(pdf, streams) if streams is not None else None
    out = io.BytesIO()
    # Deterministic: the same input gives the same bytes (and the same sha256 in the ticket). Compressed
    # here, once: WeasyPrint writes uncompressed (plan.SETTINGS_OF_VARIANT).
    pdf.save(out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate, deterministic_id=True)
    return out.getvalue() if page_scans is None else ScannedPdf(out.getvalue(), page_scans)


def finish_print(pdf_bytes: bytes, finish: PrintFinish, *, scan: bool = False, grid: tuple[int, int] = (1, 1)) -> bytes:
    """The print file as the printer gets it: named output intent, plain CMYK, no links, marks if asked.

    `grid`: (columns, rows) of pages set edge to edge on each sheet, cut apart at crop marks (the badges).
    With `scan`, the bytes are a ScannedPdf: what preflight needs of each page's content, from
    the content finishing parsed (so `preflight_pdf(..., page_scans=...)` need not parse it again).
    """
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        streams = ParsedStreams()
        set_output_intent(pdf, finish)
        identify_pdfx(pdf)
        name_subsets_by_program(pdf)
        if finish.output_profile is not None:
            convert_rgb_images(pdf, finish.output_profile)
        normalise_colour_operators(pdf, streams)
        remove_link_annotations(pdf)
        if grid != (1, 1):  # several pages to a sheet (badges), always with the marks to cut them apart
            impose_grid(pdf, *grid)
            add_crop_marks(pdf, finish.slug_mm, cuts_of_page=grid_cuts(*grid))
        elif finish.marks:
            add_crop_marks(pdf, finish.slug_mm)
        return _save(pdf, streams if scan else None)


def impose_print(pdf_bytes: bytes, finish: PrintFinish, *, scan: bool = False) -> bytes:
    """Saddle-stitch spreads of an unmarked finished print file; marks (and fold marks) if asked.

    With `scan`, a ScannedPdf as from `finish_print`: the spreads scanned before they are saved.
    """
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        impose_saddle(pdf)
        if finish.marks:
            add_crop_marks(pdf, finish.slug_mm, fold_xs_of_page=spine_of)
        return _save(pdf, ParsedStreams() if scan else None)


def imposed_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}-imposed{path.suffix}")
