"""The text of the built PDFs as search, copy and screen readers get it (PDFium and poppler's
pdftotext): names typed with a plain hyphen are found; no U+2011 in the text, metadata or alt texts."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from publication.finish.screen import reachable_struct_dicts

NB_HYPHEN = "\u2011"
# The name as a writer types it, and the name in any form a PDF may hold it (any hyphen, or broken over lines).
NAME = "Val-de-Marne"
ANY_FORM = re.compile(r"Val\W{1,3}de\W{1,3}Marne")


def pdfium_text(path: Path) -> str:
    document = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def poppler_text(pdftotext: str, path: Path) -> str:
    return subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def metadata_and_alt_texts(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf:
        texts = [str(value) for value in pdf.docinfo.values()]
        texts += [str(value) for _, value in pdf.open_metadata().items()]
        if "/StructTreeRoot" in pdf.Root:
            texts += [str(e[key]) for e in reachable_struct_dicts(pdf) for key in ("/Alt", "/ActualText") if key in e]
    return texts


@pytest.fixture(scope="module")
def pdfs(built, manifest) -> list[str]:
    return sorted(entry["path"] for entry in manifest if entry["path"].endswith(".pdf"))


@pytest.mark.build
def test_names_are_found_as_typed_with_a_plain_hyphen(built, pdfs, pdftotext):
    naming = 0
    for path in pdfs:
        for reader, text in (
            ("PDFium", pdfium_text(built / path)),
            ("pdftotext", poppler_text(pdftotext, built / path)),
        ):
            assert NB_HYPHEN not in text, (
                f"{path}: {reader} extracts U+2011 in {text[text.index(NB_HYPHEN) - 20 :][:40]!r}"
            )
            forms = ANY_FORM.findall(text)
            if forms:
                naming += 1
                # Every occurrence is found by a search for the name typed with '-' (none broken over lines).
                assert text.count(NAME) == len(forms), f"{path}: {reader} gives {forms}"
    assert naming, "no PDF names Val-de-Marne: the test checked nothing"


@pytest.mark.build
def test_metadata_and_alt_texts_have_no_non_breaking_hyphen(built, pdfs):
    named = 0
    for path in pdfs:
        texts = metadata_and_alt_texts(built / path)
        assert not [text for text in texts if NB_HYPHEN in text], f"{path}: U+2011 in its metadata or alt texts"
        named += any(NAME in text for text in texts)
    assert named, "no PDF names Val-de-Marne in its metadata or alt texts: the test checked nothing"


def test_compound_names_become_spans_with_plain_hyphens_and_attributes_plain_hyphens():
    from publication.render import plain_hyphens_in_compounds

    html = (
        "<html><head><title>Val\u2011de\u2011Marne</title></head><body>"
        '<p>dans le Val\u2011de\u2011Marne, <img alt="Val\u2011de\u2011Marne"></p></body></html>'
    )
    assert plain_hyphens_in_compounds(html) == (
        "<html><head><title>Val-de-Marne</title></head><body>"
        '<p>dans le <span class="compound">Val-de-Marne</span>, <img alt="Val-de-Marne"></p></body></html>'
    )
