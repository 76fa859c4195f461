"""The language of each text, as the structure tree gives it (an element's /Lang, else its
parent's, else the document's), against the script it is written in: Greek letters read as
French are read wrong (WCAG 3.1.2). A script says little about Latin-script languages (Latvian
"Rīga" looks like French), so only scripts that name their languages are checked."""

from __future__ import annotations

import ctypes

import pikepdf
from pikepdf import Dictionary

from ..finish.screen import kids_of
from ..messages import Said
from ..scripts import runs_of, script_of, writes
from .report import PreflightReport


def mcid_languages(pdf: pikepdf.Pdf) -> dict[tuple[int, int], str]:
    """(page number, MCID) → the language the tree gives that content."""
    pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
    found: dict[tuple[int, int], str] = {}
    root = pdf.Root.StructTreeRoot
    stack: list[tuple[pikepdf.Object, pikepdf.Object | None, str]]
    stack = [(kid, None, str(pdf.Root.get("/Lang", ""))) for kid in kids_of(root)]
    while stack:
        node, page, lang = stack.pop()
        if isinstance(node, Dictionary) and "/S" in node:
            page, lang = node.get("/Pg", page), str(node.get("/Lang", lang))
            stack.extend((kid, page, lang) for kid in kids_of(node))
            continue
        if isinstance(node, Dictionary) and "/MCID" in node:
            page, mcid = node.get("/Pg", page), int(node.MCID)
        elif not isinstance(node, Dictionary):
            mcid = int(node)
        else:
            continue  # an object reference (a link's annotation): no content of its own
        number = pages.get(page.objgen) if page is not None else None
        if number is not None:  # content on no page of this file is nobody's to read
            found[(number, mcid)] = lang
    return found


def _text_of(text_object, textpage) -> str:
    import pypdfium2.raw as pdfium_c

    size = pdfium_c.FPDFTextObj_GetText(text_object, textpage, None, 0)
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFTextObj_GetText(text_object, textpage, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)), size)
    return buffer.raw[: max(size - 2, 0)].decode("utf-16-le", errors="replace")


def check_page_languages(page, number: int, textpage, languages: dict, report: PreflightReport) -> None:
    """A finding for each tagged text in a script its language does not write."""
    import pypdfium2.raw as pdfium_c

    for text_object in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_TEXT,), max_depth=16):
        mcid = pdfium_c.FPDFPageObj_GetMarkedContentID(text_object)
        lang = languages.get((number, mcid))
        if mcid < 0 or lang is None:
            continue
        text = _text_of(text_object, textpage)
        script = script_of(text)
        if script and not writes(lang, script):
            run = (runs_of(text, script) or [text.strip()])[0]
            report.add(
                "error",
                "element-language",
                Said(
                    "{text!r} is in {script} letters but read as {lang!r}: tag it with its language (/Lang; in our "
                    "sources, `language:` or `country:` on its person or partner)",
                    text=run[:40],
                    script=script.title(),
                    lang=lang or "no language",
                ),
                number,
                text=run,
            )


def check_languages(path, report: PreflightReport, languages: dict) -> None:
    """Each text's script against its language ((page, MCID) → language), on every page: what the
    build runs on its screen files, without rendering them (contrast.py does both on one opening)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(path.getvalue() if hasattr(path, "getvalue") else str(path))
    try:
        for number, page in enumerate(document, start=1):
            textpage = page.get_textpage()
            check_page_languages(page, number, textpage, languages, report)
            textpage.close()
            page.close()
    finally:
        document.close()
