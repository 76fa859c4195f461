"""Checks of the document and its page dictionaries: PDF/X identification, output intent, page count, boxes."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pikepdf
from pikepdf import Name

from ..messages import Counted, Said
from ..pdfcontent import MM, declared_box
from .report import PreflightOptions, PreflightReport

BOX_TOLERANCE_PT = 0.1  # rounding in the files we read; far below what a printer would notice


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
    version = pdf.trailer.get("/Info", pikepdf.Dictionary()).get("/GTS_PDFXVersion")
    return str(version) if version is not None else None


def check_identification(pdf: pikepdf.Pdf, report: PreflightReport) -> None:
    report.pdfx = pdfx_version(pdf)
    if not report.pdfx:
        report.add("error", "pdfx", Said("not identified as PDF/X (no GTS_PDFXVersion in the XMP metadata or Info)"))
    else:
        check_info_version(pdf, report.pdfx, report)
    intents = [i for i in pdf.Root.get("/OutputIntents", []) if i.get("/S") == Name.GTS_PDFX]
    if not intents:
        report.add(
            "error", "output-intent", Said("no GTS_PDFX output intent: the printer cannot know the colour condition")
        )
        return
    intent = intents[0]
    report.output_intent = str(intent.get("/OutputConditionIdentifier", "")) or None
    profile = intent.get("/DestOutputProfile")
    if profile is None:
        report.add("error", "output-intent", Said("the output intent embeds no profile (DestOutputProfile)"))
    elif int(profile.get("/N", 0)) != 4:
        report.add(
            "error",
            "output-intent",
            Said(
                "the output profile has {components} components; a CMYK output intent needs 4",
                components=int(profile.get("/N", 0)),
            ),
        )


def check_info_version(pdf: pikepdf.Pdf, version: str, report: PreflightReport) -> None:
    """PDF/X-4 is identified in the XMP; older workflows read the Info dictionary: both must say it."""
    info = pdf.trailer.get("/Info", pikepdf.Dictionary()).get("/GTS_PDFXVersion")
    if info is None:
        report.add(
            "error",
            "pdfx-info",
            Said(
                "the Info dictionary has no GTS_PDFXVersion (the XMP says {version}); older prepress workflows read it "
                "there",
                version=str(version),
            ),
        )
    elif str(info) != version:
        said = Said(
            "the Info dictionary's GTS_PDFXVersion is {info}, the XMP says {version}",
            info=str(info),
            version=str(version),
        )
        report.add("error", "pdfx-info", said)


def check_booklet(pdf: pikepdf.Pdf, report: PreflightReport) -> None:
    pages = len(pdf.pages)
    if pages % 4:
        report.add(
            "error",
            "booklet",
            Counted(
                "{count} page: a saddle-stitched booklet needs a multiple of 4 (add {more})",
                "{count} pages: a saddle-stitched booklet needs a multiple of 4 (add {more})",
                count=pages,
                more=Counted("{count} page", "{count} pages", count=-pages % 4),
            ),
        )


def check_boxes(page: pikepdf.Page, number: int, options: PreflightOptions, report: PreflightReport) -> None:
    media = declared_box(page, "/MediaBox")
    trim, bleed = declared_box(page, "/TrimBox"), declared_box(page, "/BleedBox")
    if trim is None:
        report.add("error", "boxes", Said("no TrimBox: the finished size is unknown"), number)
        return
    if bleed is None:
        report.add("error", "boxes", Said("no BleedBox: the bleed is unknown"), number)
        return
    sides = {
        "left": trim[0] - bleed[0],
        "bottom": trim[1] - bleed[1],
        "right": bleed[2] - trim[2],
        "top": bleed[3] - trim[3],
    }
    short = {side: value for side, value in sides.items() if value < options.bleed_mm * MM - BOX_TOLERANCE_PT}
    none = {side: value for side, value in sides.items() if value < BOX_TOLERANCE_PT}
    if none:
        where = ", ".join(f"{side} {value / MM:.1f} mm" for side, value in none.items())
        report.add(
            "error",
            "bleed",
            Said(
                "zero or negative bleed ({where}): the BleedBox must lie outside the TrimBox, {bleed:g} mm on every side",
                where=where,
                bleed=options.bleed_mm,
            ),
            number,
        )
    elif short:
        where = ", ".join(f"{side} {value / MM:.1f} mm" for side, value in short.items())
        said = Said("bleed too small ({where}); {bleed:g} mm needed on every side", where=where, bleed=options.bleed_mm)
        report.add("error", "bleed", said, number)
    if media and any(
        (
            bleed[0] < media[0] - BOX_TOLERANCE_PT,
            bleed[1] < media[1] - BOX_TOLERANCE_PT,
            bleed[2] > media[2] + BOX_TOLERANCE_PT,
            bleed[3] > media[3] + BOX_TOLERANCE_PT,
        )
    ):
        report.add("error", "boxes", Said("the BleedBox extends beyond the MediaBox"), number)
    check_annotations(page, bleed, number, report)


def check_annotations(page: pikepdf.Page, bleed, number: int, report: PreflightReport) -> None:
    """PDF/X allows printer's marks and trap networks inside the BleedBox, no other annotation."""
    for annot in page.obj.get("/Annots", []):
        subtype = annot.get("/Subtype")
        if subtype in (Name.PrinterMark, Name.TrapNet):
            continue
        x0, y0, x1, y1 = (float(v) for v in annot.get("/Rect", [0, 0, 0, 0]))
        if min(x1, x0) < bleed[2] and max(x0, x1) > bleed[0] and min(y0, y1) < bleed[3] and max(y0, y1) > bleed[1]:
            report.add(
                "error",
                "annotations",
                Said("{subtype} annotation inside the BleedBox (not allowed in PDF/X)", subtype=str(subtype)),
                number,
            )
