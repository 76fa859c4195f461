"""The screen editions, on the built files: tagged and accessible, linked, light, low-resolution; the QR code reads."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image

from publication.plan import calendar_path
from publication.sources import read_sources
from tests.conftest import ROOT

SIZE_BUDGET = {"programme": 300_000, "overview": 300_000, "brochure": 1_500_000, "poster": 2_000_000}
MAX_SCREEN_PPI = 150
SOURCES = read_sources(ROOT / "sources")
BASE_URL = SOURCES.site.base_url


@pytest.fixture(scope="session")
def screen(manifest) -> list[dict]:
    files = [entry for entry in manifest if entry["variant"] == "screen"]
    assert files, "the build wrote no screen edition"
    return files


def struct_elements(node, found=None) -> list:
    """Every structure element below `node`, depth first (the reading order)."""
    found = [] if found is None else found
    if not isinstance(node, pikepdf.Dictionary):
        return found
    if "/S" in node:
        found.append(node)
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
        struct_elements(kid, found)
    return found


def outline_titles(pdf: pikepdf.Pdf) -> list[str]:
    titles = []

    def walk(items):
        for item in items:
            titles.append(item.title)
            walk(item.children)

    with pdf.open_outline() as outline:
        walk(outline.root)
    return titles


def link_uris(pdf: pikepdf.Pdf) -> list[str]:
    return [
        str(annot.A.URI)
        for page in pdf.pages
        for annot in page.get("/Annots", [])
        if annot.get("/Subtype") == "/Link" and "/A" in annot and "/URI" in annot.A
    ]


def image_resolutions(path: Path) -> list[tuple[float, float]]:
    """The effective ppi (horizontal, vertical) of every raster image as placed, forms included."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        found = []
        for page in document:
            for image in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=16):
                metadata = image.get_metadata()
                found.append((metadata.horizontal_dpi, metadata.vertical_dpi))
        return found
    finally:
        document.close()


@pytest.mark.build
def test_screen_pdfs_are_tagged_pdf_ua(built, screen):
    for entry in screen:
        with pikepdf.open(built / entry["path"]) as pdf:
            root, name = pdf.Root, entry["path"]
            assert "/StructTreeRoot" in root, name
            assert bool(root.MarkInfo.Marked), name
            assert str(root.Lang) == entry["language"], name
            assert bool(root.ViewerPreferences.DisplayDocTitle), name
            info = pdf.docinfo
            for key in ("/Title", "/Author", "/Subject", "/Keywords"):
                assert str(info.get(key, "")).strip(), f"{name}: no {key}"
            with pdf.open_metadata() as xmp:
                assert xmp.get("pdfuaid:part") == "1", name


@pytest.mark.build
def test_every_figure_has_alternative_text(built, screen):
    for entry in screen:
        with pikepdf.open(built / entry["path"]) as pdf:
            figures = [e for e in struct_elements(pdf.Root.StructTreeRoot) if e.S == "/Figure"]
            assert figures, entry["path"]
            missing = [i for i, figure in enumerate(figures) if not str(figure.get("/Alt", "")).strip()]
            assert not missing, f"{entry['path']}: figures {missing} of {len(figures)} have no /Alt"


@pytest.mark.build
def test_figures_say_what_they_show(built):
    """The alternative texts come from the sources: the map names the partners, the QR code its address."""
    with pikepdf.open(built / "en/poster-screen.pdf") as pdf:
        alts = [str(e.Alt) for e in struct_elements(pdf.Root.StructTreeRoot) if e.S == "/Figure"]
    assert any("Amadora" in alt and "Riga" in alt for alt in alts), alts
    assert any(alt.endswith(f"{BASE_URL}en/") for alt in alts), alts
    assert "European Union" in alts, alts


@pytest.mark.build
def test_headings_become_bookmarks(built, screen):
    for entry in screen:
        with pikepdf.open(built / entry["path"]) as pdf:
            headings = [
                e
                for e in struct_elements(pdf.Root.StructTreeRoot)
                if str(e.S) in ("/H1", "/H2", "/H3", "/H4", "/H5", "/H6")
            ]
            titles = outline_titles(pdf)
        assert titles, entry["path"]
        assert len(titles) == len(headings), f"{entry['path']}: {len(titles)} bookmarks, {len(headings)} headings"


@pytest.mark.build
def test_programme_bookmarks_follow_the_agenda(built):
    with pikepdf.open(built / "en/programme-2018-01-val-de-marne-screen.pdf") as pdf:
        titles = outline_titles(pdf)
    assert titles[0] == "Final workshop in Val-de-Marne"  # a plain hyphen: bookmarks are searched as typed
    assert titles[2].startswith("Thursday") and titles[3].startswith("Friday"), titles


@pytest.mark.build
def test_links_are_clickable(built, screen):
    for entry in screen:
        with pikepdf.open(built / entry["path"]) as pdf:
            uris = link_uris(pdf)
            annotations = [a for page in pdf.pages for a in page.get("/Annots", [])]
        assert uris, entry["path"]
        # Tagged: each link annotation hangs in the structure tree (PDF/UA wants it reachable).
        assert all("/StructParent" in a for a in annotations), entry["path"]
        if entry["kind"] != "brochure":  # a programme's leads to its web page, the others' to the download page
            page = f"web-{entry['workshop']}.html" if entry["workshop"] else ""
            assert f"{BASE_URL}{entry['language']}/{page}" in uris, entry["path"]


@pytest.mark.build
def test_brochure_links_mail_and_web(built):
    with pikepdf.open(built / "fr/brochure-screen.pdf") as pdf:
        uris = link_uris(pdf)
    emails = [contact.email for contact in SOURCES.contacts.contacts]
    assert {f"mailto:{email}" for email in emails} <= set(uris), uris
    assert any(uri.startswith("https://") for uri in uris), uris


@pytest.mark.build
def test_screen_programmes_link_their_calendar(built, screen):
    programmes = [e for e in screen if e["kind"] == "programme"]
    assert programmes
    for entry in programmes:
        with pikepdf.open(built / entry["path"]) as pdf:
            uris = link_uris(pdf)
        relative = f"{entry['language']}/{calendar_path(entry['workshop'])}"
        assert f"{BASE_URL}{relative}" in uris, entry["path"]
        assert (built / relative).is_file(), relative  # the address is where the build put the file


@pytest.mark.build
def test_size_budget(built, screen, record_property):
    over = []
    for entry in screen:
        record_property(entry["path"], entry["bytes"])
        assert (built / entry["path"]).stat().st_size == entry["bytes"]
        if entry["bytes"] > SIZE_BUDGET[entry["kind"]]:
            over.append(f"{entry['path']}: {entry['bytes']} bytes > {SIZE_BUDGET[entry['kind']]}")
    assert not over, over


@pytest.mark.build
def test_no_screen_image_above_150_ppi(built, screen):
    too_fine = []
    for entry in screen:
        for horizontal, vertical in image_resolutions(built / entry["path"]):
            if max(horizontal, vertical) > MAX_SCREEN_PPI + 0.5:
                too_fine.append(f"{entry['path']}: {horizontal:.0f} × {vertical:.0f} ppi")
    assert not too_fine, too_fine


def test_image_resolution_is_measured_as_placed(tmp_path):
    """The ppi check can fail: a 600 px image placed 2 inches wide is a 300 ppi image."""
    path = tmp_path / "fine.pdf"
    Image.new("RGB", (600, 300), "red").save(path, resolution=300)
    assert image_resolutions(path) == [(300.0, 300.0)]


@pytest.mark.build
def test_fonts_are_embedded_and_subset(built, screen):
    for entry in screen:
        with pikepdf.open(built / entry["path"]) as pdf:
            for page in pdf.pages:
                for name, font in page.Resources.get("/Font", {}).items():
                    base = str(font.BaseFont)
                    assert re.fullmatch(r"/[A-Z]{6}\+.+", base), f"{entry['path']} {name}: {base} is not a subset"
                    descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                    descriptor = descendant.FontDescriptor
                    assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), base


def decode_qr_codes(zbarimg: str, pdf: Path, dpi: int, workdir: Path) -> set[str]:
    """What zbarimg reads on the PDF's first page rasterised at `dpi`."""
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        image = document[0].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        document.close()
    png = workdir / f"{pdf.stem}.png"
    image.save(png)
    result = subprocess.run(
        [zbarimg, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(png)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    return {line for line in result.stdout.splitlines() if line}


@pytest.mark.build
@pytest.mark.parametrize("lang", SOURCES.site.default_languages)
def test_poster_qr_code_decodes_to_the_download_page(built, zbarimg, lang, tmp_path):
    # The printed poster is the one people scan; 72 ppi for the whole A2 sheet, as a phone sees it.
    assert decode_qr_codes(zbarimg, built / lang / "poster-print.pdf", 72, tmp_path) == {f"{BASE_URL}{lang}/"}


@pytest.mark.build
def test_programme_qr_code_decodes_to_its_web_page(built, zbarimg, tmp_path):
    assert decode_qr_codes(zbarimg, built / "de/programme-2016-09-dresden-print.pdf", 150, tmp_path) == {
        f"{BASE_URL}de/web-2016-09-dresden.html"
    }
