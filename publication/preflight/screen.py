"""Preflight a PDF for the screen: the machine-checkable Matterhorn Protocol failure conditions
(PDF/UA-1) that apply to the files we make, and (`contrast`) WCAG 2.2 AA contrast on the rendered page.

Each finding's check has a short name; the README maps the names to the Matterhorn checkpoints. What a
human must judge (reading order, whether an alternative text is right, colour as the only means
of conveying meaning…) and what only veraPDF covers in full is listed in the README.
"""

from __future__ import annotations

import re

import pikepdf
from pikepdf import Array, Dictionary, Name

from ..finish.screen import kids_of
from ..messages import Said, _
from .report import PreflightReport, open_or_report
from .screen_content import check_marked_content, mcid_position, where
from .screen_language import check_languages, mcid_languages

HEADING = re.compile(r"/H([1-6])$")
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")  # BCP 47, as far as a checker can tell


def structure_walk(root) -> list[tuple[Dictionary, pikepdf.Object | None]]:
    """Every structure element in reading order, each with its page (inherited through /Pg)."""
    found: list[tuple[Dictionary, pikepdf.Object | None]] = []
    stack: list[tuple[pikepdf.Object, pikepdf.Object | None]] = [(kid, None) for kid in reversed(kids_of(root))]
    while stack:
        node, page = stack.pop()
        if isinstance(node, Dictionary) and "/S" in node:
            page = node.get("/Pg", page)
            found.append((node, page))
            stack.extend((kid, page) for kid in reversed(kids_of(node)))
    return found


def reachable_mcids(elements) -> dict[tuple[int, int], set[int]]:
    """Page object id → every MCID the tree reaches (integer kids and marked-content references)."""
    found: dict[tuple[int, int], set[int]] = {}
    for element, page in elements:
        for kid in kids_of(element):
            if isinstance(kid, Dictionary) and "/MCID" in kid:
                kid_page = kid.get("/Pg", page)
                found.setdefault(kid_page.objgen, set()).add(int(kid.MCID))
            elif not isinstance(kid, Dictionary) and page is not None:
                found.setdefault(page.objgen, set()).add(int(kid))
    return found


def _attributes(element) -> list:
    """An element's attribute dictionaries (/A may be one or an array, with revision numbers)."""
    value = element.get("/A")
    if isinstance(value, Dictionary):
        return [value]
    return [a for a in value if isinstance(a, Dictionary)] if isinstance(value, Array) else []


def check_document(pdf: pikepdf.Pdf, report: PreflightReport) -> None:
    """Document-level conditions: marked, PDF/UA identifier, title shown, language."""
    root = pdf.Root
    if not bool(root.get("/MarkInfo", Dictionary()).get("/Marked", False)):
        report.add("error", "tagged", Said("the document is not marked as tagged (/MarkInfo /Marked true)"))
    with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
        if xmp.get("pdfuaid:part") != "1":
            report.add("error", "pdfua-identifier", Said("the XMP metadata has no PDF/UA identifier (pdfuaid:part 1)"))
        title = xmp.get("dc:title")
    if not (title or str(pdf.docinfo.get("/Title", "")).strip()):
        report.add("error", "title", Said("the document has no title (dc:title in the XMP metadata)"))
    if not bool(root.get("/ViewerPreferences", Dictionary()).get("/DisplayDocTitle", False)):
        report.add("error", "title", Said("the viewer shows the file name, not the title (/DisplayDocTitle true)"))
    lang = str(root.get("/Lang", "")).strip()
    if not lang:
        report.add("error", "document-language", Said("the document has no natural language (/Lang in the catalog)"))
    elif not LANGUAGE_TAG.match(lang):
        report.add(
            "error", "document-language", Said("the document's language {lang!r} is not a language tag", lang=lang)
        )


def _figure_place(element) -> Said | str:
    """Where a Figure is, from its layout attributes' /BBox (points from the bottom left)."""
    box = next((a.BBox for a in _attributes(element) if "/BBox" in a), None)
    return Said(" {where}", where=where(float(box[0]), float(box[1]))) if box is not None and len(box) == 4 else ""


def first_mcid(element, page) -> tuple[int, object] | None:
    """The first marked content of an element or its descendants, as (MCID, its page), read as
    `reachable_mcids` reads kids: integers, or marked-content references with their own /Pg."""
    for node, node_page in [(element, page), *structure_walk(element)]:
        node_page = node_page if node_page is not None else page
        for kid in kids_of(node):
            if isinstance(kid, Dictionary) and "/MCID" in kid:
                return int(kid.MCID), kid.get("/Pg", node_page)
            if not isinstance(kid, Dictionary):
                return int(kid), node_page
    return None


def _element_place(element, page) -> Said | str:
    """Where an element's content starts on its page, e.g. ' at 15.0 mm, 270.2 mm from the bottom left'."""
    found = first_mcid(element, page)
    return mcid_position(found[1], found[0]) if found and found[1] is not None else ""


def check_elements(elements, page_numbers: dict, report: PreflightReport) -> None:
    """Element conditions: headings in order, figures described, headers scoped, languages well-formed."""
    previous = 0
    for element, page in elements:
        tag = str(element.S)
        number = page_numbers.get(page.objgen) if page is not None else None
        heading = HEADING.match(tag)
        if heading:
            level = int(heading.group(1))
            if previous == 0 and level != 1:
                report.add(
                    "error",
                    "heading-order",
                    Said("the first heading is {tag}, not H1{place}", tag=tag[1:], place=_element_place(element, page)),
                    number,
                )
            elif level > previous + 1 and previous:
                report.add(
                    "error",
                    "heading-order",
                    Said(
                        "heading {tag} follows H{previous}: a level is skipped{place}",
                        tag=tag[1:],
                        previous=previous,
                        place=_element_place(element, page),
                    ),
                    number,
                )
            previous = level
        elif tag == "/Figure" and not (
            str(element.get("/Alt", "")).strip() or str(element.get("/ActualText", "")).strip()
        ):
            report.add(
                "error",
                "figure-alt",
                Said("a figure has no alternative text (/Alt){place}", place=_figure_place(element)),
                number,
            )
        elif tag == "/TH" and not any("/Scope" in a for a in _attributes(element)):
            report.add(
                "error",
                "th-scope",
                Said("a table header cell (TH) has no /Scope{place}", place=_element_place(element, page)),
                number,
            )
        lang = element.get("/Lang")
        if lang is not None and not LANGUAGE_TAG.match(str(lang)):
            report.add(
                "error",
                "element-language",
                Said(
                    "an element's language {lang!r} is not a language tag{place}",
                    lang=str(lang),
                    place=_element_place(element, page),
                ),
                number,
            )


def check_annotations(pdf: pikepdf.Pdf, report: PreflightReport) -> None:
    """Links described and in the tree; tab order follows the structure on pages with annotations."""
    for number, page in enumerate(pdf.pages, start=1):
        annotations = [a for a in page.obj.get("/Annots", []) if a.get("/Subtype") != Name.Popup]
        if annotations and page.obj.get("/Tabs") != Name.S:
            report.add(
                "error", "tab-order", Said("the page has annotations but no structure tab order (/Tabs /S)"), number
            )
        for annotation in annotations:
            if annotation.get("/Subtype") != Name.Link:
                continue
            uri = str(annotation.get("/A", Dictionary()).get("/URI", "")) or Said("an internal link")
            if not str(annotation.get("/Contents", "")).strip():
                report.add(
                    "error",
                    "link-alt",
                    Said("the link to {uri} has no alternative description (/Contents)", uri=uri),
                    number,
                )
            if "/StructParent" not in annotation:
                report.add(
                    "error", "link-tagged", Said("the link to {uri} is not in the structure tree", uri=uri), number
                )


def check_fonts(pdf: pikepdf.Pdf, report: PreflightReport) -> None:
    """Every font can be mapped to Unicode (/ToUnicode), the text then reads and searches."""
    seen = set()
    for number, page in enumerate(pdf.pages, start=1):
        for name, font in page.obj.get("/Resources", Dictionary()).get("/Font", Dictionary()).items():
            if font.objgen in seen:
                continue
            seen.add(font.objgen)
            if "/ToUnicode" not in font:
                font_name = str(font.get("/BaseFont", name))
                report.add("error", "tounicode", Said("font {font} has no /ToUnicode map", font=font_name), number)


def preflight_screen_structure(pdf: pikepdf.Pdf, report: PreflightReport) -> None:
    """The structural checks (cheap: the build runs them on every screen edition)."""
    report.pages = len(pdf.pages)
    check_document(pdf, report)
    if "/StructTreeRoot" not in pdf.Root:
        report.add("error", "tagged", Said("the document has no structure tree (it is not tagged)"))
        return
    elements = structure_walk(pdf.Root.StructTreeRoot)
    page_numbers = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
    check_elements(elements, page_numbers, report)
    reached = reachable_mcids(elements)
    for number, page in enumerate(pdf.pages, start=1):
        check_marked_content(page, number, reached.get(page.obj.objgen, set()), report)
    check_annotations(pdf, report)
    check_fonts(pdf, report)


class ScreenReport(PreflightReport):
    """A screen preflight's report (the build lists it apart from the print files')."""


def preflight_screen_pdf(path, *, contrast: bool = True) -> ScreenReport:
    """Check one PDF (a path or a binary file) for the screen; every problem becomes a finding: its
    structure, each text's script against its language and, with `contrast`, what needs the rendered
    page (the build leaves contrast to the tests and `preflight --screen`: the styles set it)."""
    report = ScreenReport(str(path))
    if (pdf := open_or_report(path, report)) is None:
        return report
    with pdf:
        preflight_screen_structure(pdf, report)
        languages = mcid_languages(pdf) if "/StructTreeRoot" in pdf.Root else None
    if contrast:
        from .contrast import check_contrast

        check_contrast(path, report, languages)
    elif languages is not None:
        check_languages(path, report, languages)
    return report


def format_any_report(report: PreflightReport, verbose: bool = False) -> str:
    """A print report as `format_report` writes it; a screen report under a heading that says what was checked."""
    from .report import format_report, heading_line

    lines = format_report(report, verbose).splitlines()
    if not isinstance(report, ScreenReport):
        return "\n".join(lines)
    what = _("screen (PDF/UA-1, WCAG 2.2 AA contrast)")
    lines[0] = heading_line(report.path, report.pages, what)
    return "\n".join(lines)
