"""One parse of a PDF's page content, shared by finishing and preflight.

`boxes`: page boxes read and written; `colour`: colour spaces and the device colour operators;
`streams`: each content stream (page, form XObject, tiling pattern) parsed once per open
document; `scan`: what each page's content uses (colours, text, images, fonts, glyphs).
Finishing rewrites streams through the same parse preflight then walks, so a print file is
parsed once on its way from WeasyPrint to the printer's checks.
"""

from .boxes import MM, box_array, box_of, declared_box
from .colour import DEVICE_COLOUR_OPERATORS, colour_space_family, is_rgb
from .scan import MAX_TOTAL_INK, PageScan, ScannedPdf, font_embedded, scan_page, scan_pages, without_cycle_collection
from .streams import ParsedStreams, form_and_pattern_streams

__all__ = [
    "DEVICE_COLOUR_OPERATORS",
    "MAX_TOTAL_INK",
    "MM",
    "PageScan",
    "ParsedStreams",
    "ScannedPdf",
    "box_array",
    "box_of",
    "colour_space_family",
    "declared_box",
    "font_embedded",
    "form_and_pattern_streams",
    "is_rgb",
    "scan_page",
    "scan_pages",
    "without_cycle_collection",
]
