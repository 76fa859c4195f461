"""Document-level fixes of a print file: the output condition named as the sources say, PDF/X
identification where every workflow looks for it, no links."""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Name

from ..engine import PDFX_CONFORMANCE_BYTES
from .settings import PrintFinish

ICC_REGISTRY = "http://www.color.org"  # the ICC characterisation registry (a name, not fetched)


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


PDFX_VERSION = "PDF/X-4"
# GTS_PDFXConformance names the conformance level of PDF/X-1a and X-3 ("PDF/X-1a:2001"); PDF/X-4
# (ISO 15930-7) has none, and identifies itself by pdfxid:GTS_PDFXVersion alone. WeasyPrint writes
# it all the same (engine.PDFX_CONFORMANCE).


def identify_pdfx(pdf: pikepdf.Pdf) -> None:
    """GTS_PDFXVersion in the Info dictionary too (older workflows read it there); no X-1a/X-3 conformance key."""
    pdf.docinfo["/GTS_PDFXVersion"] = pikepdf.String(PDFX_VERSION)
    if "/Metadata" in pdf.Root:
        xmp = pdf.Root.Metadata.read_bytes()
        cleaned = PDFX_CONFORMANCE_BYTES.sub(b"", xmp)
        if cleaned != xmp:
            pdf.Root.Metadata.write(cleaned)
