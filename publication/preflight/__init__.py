"""Preflight any PDF for print: PDF/X and output intent, boxes and bleed, fonts, colour, text black, images, glyphs.

`report`: options, findings and the report as text; `checks`: the document and its page
boxes; `content`: what each page's content uses (scanned by `pdfcontent`) turned into findings.
For the screen (`preflight --screen`): `screen` (PDF/UA-1 structure), `screen_content` (marked
content), `screen_language` (scripts and languages), `contrast` (WCAG, on the rendered page).
For the layout (`preflight --layout`, and every build): `layout` (the thresholds and the report),
`layout_text` (hidden text), `layout_overlap` (collisions, rules through text), `layout_page` (trim,
safe margin, type size, page fill, running heads).
For the EU's visibility rules (`preflight --eu`, and every build of a project the EU funds): `eu`.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..pdfcontent import MAX_TOTAL_INK, MM, PageScan, colour_space_family, font_embedded, is_rgb, scan_pages
from .checks import BOX_TOLERANCE_PT, check_booklet, check_boxes, check_identification, pdfx_version
from .content import report_page
from .eu import EuReport, preflight_eu  # preflight --eu: the emblem and its words
from .layout import LAYOUT_RULES, LayoutReport, LayoutRules, preflight_layout, rules_for  # preflight --layout
from .prepress import check_page_prepress, check_subsets, check_subsets_together, subset_programs
from .report import Finding, PreflightOptions, PreflightReport, format_report, open_or_report, retold, stored, told
from .screen import ScreenReport, format_any_report, preflight_screen_pdf  # preflight --screen: PDF/UA-1, WCAG contrast

__all__ = [
    "BOX_TOLERANCE_PT",
    "LAYOUT_RULES",
    "MAX_TOTAL_INK",
    "MM",
    "EuReport",
    "Finding",
    "LayoutReport",
    "LayoutRules",
    "PageScan",
    "PreflightOptions",
    "PreflightReport",
    "ScreenReport",
    "check_booklet",
    "check_boxes",
    "check_identification",
    "colour_space_family",
    "font_embedded",
    "format_any_report",
    "format_report",
    "is_rgb",
    "pdfx_version",
    "preflight_any",
    "preflight_eu",
    "preflight_files",
    "preflight_layout",
    "preflight_pdf",
    "preflight_screen_pdf",
    "report_page",
    "retold",
    "rules_for",
    "stored",
    "told",
]


def preflight_pdf(
    path, options: PreflightOptions = PreflightOptions(), page_scans: Sequence[PageScan] | None = None
) -> PreflightReport:
    """Check one PDF (a path or a binary file) for print; every problem becomes a finding, none raises.

    `page_scans`, one per page, is what the content of the pages uses, as scanned where the file
    was made (`finish_print(..., scan=True)`); without it the pages' content is parsed here.
    """
    report = PreflightReport(str(path))
    if (pdf := open_or_report(path, report)) is None:
        return report
    with pdf:
        report.pages = len(pdf.pages)
        check_identification(pdf, report)
        if options.booklet:
            check_booklet(pdf, report)
        scans = scan_pages(pdf) if page_scans is None else page_scans
        if len(scans) != report.pages:
            raise ValueError(f"{len(scans)} page scans for a PDF of {report.pages} pages")
        for number, (page, scan) in enumerate(zip(pdf.pages, scans, strict=True), start=1):
            check_boxes(page, number, options, report)
            report_page(scan, number, options, report)
            check_page_prepress(page, scan, number, report)
        report.subsets = subset_programs(pdf)
        check_subsets(report)
    return report


def preflight_files(paths, options: PreflightOptions = PreflightOptions()) -> list[PreflightReport]:
    """Check files together: each on its own, then the subset names they share."""
    reports = [preflight_pdf(path, options) for path in paths]
    check_subsets_together(reports)
    return reports


def preflight_any(paths, options: PreflightOptions, check: str = "print") -> list[PreflightReport]:
    """`preflight`'s reports: for print the files together (a subset name shared by different fonts is
    found), for the screen (`check` "screen"), the layout ("layout") or the EU's rules ("eu") each file on its own."""
    if check == "eu":
        return [preflight_eu(path) for path in paths]
    if check == "screen":
        return [preflight_screen_pdf(path) for path in paths]
    if check == "layout":
        return [preflight_layout(path) for path in paths]
    return preflight_files(paths, options)
