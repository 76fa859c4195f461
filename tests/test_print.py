"""Print PDFs: PDF/X-4 and output intent, boxes and bleed, CMYK only, marks, imposition, preflight, job tickets."""

from __future__ import annotations

import hashlib
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from conftest import ROOT, run_cli, unchanged_by_readers
from PIL import Image, ImageChops, ImageCms, ImageStat

from publication.preflight import PreflightOptions, preflight_pdf
from publication.sources import read_sources

MM = 72 / 25.4
SITE = read_sources(ROOT / "sources").site
BLEED = SITE.print.bleed_mm * MM
SLUG = SITE.print.slug_mm * MM


def print_pdfs(output: Path) -> list[Path]:
    return sorted(output.glob("*/*-print.pdf"))


def box(page, name):
    x0, y0, x1, y1 = (float(v) for v in page.obj[name])
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def content_streams(pdf: pikepdf.Pdf):
    """Pages and every form XObject or tiling pattern: all the content a PDF paints."""
    yield from pdf.pages
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and (obj.get("/Subtype") == "/Form" or obj.get("/PatternType") == 1):
            yield obj


@pytest.fixture(scope="session")
def finished(tmp_path_factory) -> Iterator[Path]:
    """The French print brochure built again with crop marks and saddle-stitch spreads."""
    output = tmp_path_factory.mktemp("marked")
    result = run_cli(
        "build",
        "--kind",
        "brochure",
        "--lang",
        "fr",
        "--variant",
        "print",
        "--marks",
        "--impose",
        "saddle",
        "--output",
        str(output),
    )
    assert result.exit_code == 0, result.output
    with unchanged_by_readers(output):
        yield output


# --- PDF/X-4 and output intent ------------------------------------------------------------------


@pytest.mark.build
def test_every_publication_has_a_print_variant(built):
    assert len(print_pdfs(built)) == len(list(built.glob("*/*-screen.pdf"))) >= 10


@pytest.mark.build
def test_print_pdfs_are_pdfx4_with_a_cmyk_output_intent(built):
    for path in print_pdfs(built):
        with pikepdf.open(path) as pdf:
            xmp = ET.fromstring(pdf.Root.Metadata.read_bytes())
            ids = [e.text for e in xmp.iter("{http://www.npes.org/pdfx/ns/id/}GTS_PDFXVersion")]
            assert ids == ["PDF/X-4"], path
            intents = list(pdf.Root.OutputIntents)
            assert len(intents) == 1, path
            intent = intents[0]
            assert intent.S == "/GTS_PDFX"
            assert str(intent.OutputConditionIdentifier) == SITE.print.output_condition_identifier
            profile = intent.DestOutputProfile
            assert int(profile.N) == 4
            assert profile.read_bytes()[16:20] == b"CMYK"  # the ICC header's colour space


@pytest.mark.build
def test_output_profile_is_the_one_the_sources_name(built):
    profile = (ROOT / SITE.print.output_profile).read_bytes()
    with pikepdf.open(built / "fr" / "brochure-print.pdf") as pdf:
        embedded = pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes()
    # WeasyPrint re-serialises the profile with Pillow: compare what it is, not its bytes.
    described = [ImageCms.ImageCmsProfile(io.BytesIO(data)).profile for data in (embedded, profile)]
    assert described[0].profile_description == described[1].profile_description
    assert described[0].xcolor_space.strip() == "CMYK"


# --- boxes ----------------------------------------------------------------------------------------


@pytest.mark.build
def test_trim_and_bleed_boxes_on_every_page_three_millimetres_apart(built):
    for path in print_pdfs(built):
        with pikepdf.open(path) as pdf:
            for page in pdf.pages:
                trim, bleed = box(page, "/TrimBox"), box(page, "/BleedBox")
                assert trim[0] - bleed[0] == pytest.approx(BLEED, abs=0.01), path
                assert trim[1] - bleed[1] == pytest.approx(BLEED, abs=0.01), path
                assert bleed[2] - trim[2] == pytest.approx(BLEED, abs=0.01), path
                assert bleed[3] - trim[3] == pytest.approx(BLEED, abs=0.01), path


@pytest.mark.build
def test_trim_box_is_the_finished_size(built, manifest):
    for entry in manifest:
        if entry["variant"] != "print":
            continue
        with pikepdf.open(built / entry["path"]) as pdf:
            trim = box(pdf.pages[0], "/TrimBox")
        width, height = entry["trim_mm"]
        assert (trim[2] - trim[0]) / MM == pytest.approx(width, abs=0.01)
        assert (trim[3] - trim[1]) / MM == pytest.approx(height, abs=0.01)


@pytest.mark.build
def test_full_bleed_background_reaches_the_bleed_edge(built):
    """The brochure cover is primary blue to the very edge of the bleed, not just to the trim."""
    with pikepdf.open(built / "fr" / "brochure-print.pdf") as pdf:
        page = pdf.pages[0]
        bleed = box(page, "/BleedBox")
    image = pdfium.PdfDocument(built / "fr" / "brochure-print.pdf")[0].render(scale=1).to_pil().convert("RGB")
    corner = image.getpixel((1, 1))
    assert abs(image.width - (bleed[2] - bleed[0])) <= 1 and abs(image.height - (bleed[3] - bleed[1])) <= 1
    assert corner[2] > 80 and corner[0] < 60, corner  # blue, not white paper


# --- colour ---------------------------------------------------------------------------------------


@pytest.mark.build
def test_no_rgb_anywhere_in_print_pdfs(built):
    for path in print_pdfs(built):
        with pikepdf.open(path) as pdf:
            for owner in content_streams(pdf):
                operators = {str(op) for _, op in pikepdf.parse_content_stream(owner)}
                assert not operators & {"rg", "RG"}, path
            for obj in pdf.objects:
                if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
                    assert "/DeviceRGB" not in repr(obj if isinstance(obj, pikepdf.Dictionary) else obj.stream_dict), (
                        path
                    )
                if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") in ("/Form", None):
                    assert b"DeviceRGB" not in obj.read_bytes(), path


@pytest.mark.build
def test_body_text_is_set_in_100_percent_black(built):
    """The serif body text of the brochure is painted right after `0 0 0 1 k`, plain 100 % K."""
    with pikepdf.open(built / "en" / "brochure-print.pdf") as pdf:
        serif_runs = []
        for page in pdf.pages:
            fonts = {str(name): str(font.BaseFont) for name, font in page.Resources.Font.items()}
            colour, font = None, None
            for operands, op in pikepdf.parse_content_stream(page):
                if str(op) == "k":
                    colour = tuple(float(v) for v in operands)
                elif str(op) == "Tf":
                    font = fonts.get(str(operands[0]), "")
                elif str(op) in ("Tj", "TJ") and font and re.search(r"Noto-Serif$", font):
                    serif_runs.append(colour)
        assert len(serif_runs) > 10
        assert set(serif_runs) == {(0, 0, 0, 1)}
        assert b"0 0 0 1 k" in pdf.pages[1].Contents.read_bytes()


@pytest.mark.build
def test_flat_colours_stay_under_300_percent_ink(built):
    for path in print_pdfs(built):
        with pikepdf.open(path) as pdf:
            for owner in content_streams(pdf):
                for operands, op in pikepdf.parse_content_stream(owner):
                    if str(op) in ("k", "K"):
                        assert sum(float(v) for v in operands) <= 3.0, (path, operands)


@pytest.mark.build
def test_all_fonts_embedded(built):
    for path in print_pdfs(built):
        with pikepdf.open(path) as pdf:
            for page in pdf.pages:
                for font in page.Resources.get("/Font", {}).values():
                    descriptor = (
                        font.DescendantFonts[0].FontDescriptor if font.Subtype == "/Type0" else font.FontDescriptor
                    )
                    assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.keys()), (path, font.BaseFont)


@pytest.mark.build
def test_no_link_annotations_in_print(built):
    for path in print_pdfs(built):
        with pikepdf.open(path) as pdf:
            assert all("/Annots" not in page.obj for page in pdf.pages), path


# --- booklet, marks, imposition ---------------------------------------------------------------------


@pytest.mark.build
def test_brochure_page_count_is_a_multiple_of_four(built):
    for path in built.glob("*/brochure-*.pdf"):
        with pikepdf.open(path) as pdf:
            assert len(pdf.pages) % 4 == 0, path


@pytest.mark.build
def test_marks_grow_the_media_box_by_the_slug(finished):
    with pikepdf.open(finished / "fr" / "brochure-print.pdf") as pdf:
        for page in pdf.pages:
            media, bleed = box(page, "/MediaBox"), box(page, "/BleedBox")
            assert bleed[0] - media[0] == pytest.approx(SLUG, abs=0.01)
            assert media[3] - bleed[3] == pytest.approx(SLUG, abs=0.01)


def artwork_end(instructions: list) -> int:
    """The index of the Q that closes the q…Q wrapping the artwork, which finishing drew its marks after."""
    depth = 0
    for index, (_, op) in enumerate(instructions):
        depth += {"q": 1, "Q": -1}.get(str(op), 0)
        if depth == 0:
            return index
    raise AssertionError("the page's content never closes its first q")


def mark_segments(page) -> tuple[list, float, set]:
    """The stroked segments drawn after the artwork's q…Q wrapper, their width and colours."""
    instructions = list(pikepdf.parse_content_stream(page))
    assert str(instructions[0][1]) == "q"
    segments, point, width, colours = [], None, 1.0, set()
    for operands, op in instructions[artwork_end(instructions) + 1 :]:
        name = str(op)
        if name == "m":
            point = tuple(float(v) for v in operands)
        elif name == "l":
            end = tuple(float(v) for v in operands)
            segments.append((point, end))
            point = end
        elif name == "w":
            width = float(operands[0])
        elif name in ("k", "K", "rg", "RG", "g", "G", "scn", "SCN", "cs", "CS"):
            colours.add((name, tuple(str(v) for v in operands)))
    return segments, width, colours


@pytest.mark.build
def test_crop_marks_stay_outside_the_bleed_box(finished):
    with pikepdf.open(finished / "fr" / "brochure-print.pdf") as pdf:
        for page in pdf.pages:
            bleed, trim, media = box(page, "/BleedBox"), box(page, "/TrimBox"), box(page, "/MediaBox")
            segments, width, colours = mark_segments(page)
            assert len(segments) == 8  # two per corner
            # Registration colour: /Separation /All, on every plate.
            assert width <= 0.3 and colours == {("CS", ("/CSRegistration",)), ("SCN", ("1",))}
            for (x0, y0), (x1, y1) in segments:
                half = width / 2
                left, right = min(x0, x1) - half, max(x0, x1) + half
                low, high = min(y0, y1) - half, max(y0, y1) + half
                enters = left < bleed[2] and right > bleed[0] and low < bleed[3] and high > bleed[1]
                assert not enters, ((x0, y0), (x1, y1), bleed)
                assert media[0] <= left and right <= media[2] and media[1] <= low and high <= media[3]
                # each mark lies on a trim line: vertical ones on a trim x, horizontal ones on a trim y
                lines = (trim[0], trim[2]) if x0 == x1 else (trim[1], trim[3])
                assert min(abs((x0 if x0 == x1 else y0) - line) for line in lines) < 0.01


def render_mm(path: Path, index: int, pixels_per_mm: int = 4) -> Image.Image:
    return pdfium.PdfDocument(path)[index].render(scale=pixels_per_mm * 25.4 / 72).to_pil().convert("RGB")


def marks_only(path: Path, index: int) -> bytes:
    """The page with its artwork removed: only what finishing drew after the artwork's q…Q."""
    with pikepdf.open(path) as pdf:
        page = pdf.pages[index]
        instructions = list(pikepdf.parse_content_stream(page))
        page.contents_coalesce()
        page.obj.Contents.write(pikepdf.unparse_content_stream(instructions[artwork_end(instructions) + 1 :]))
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


@pytest.mark.build
def test_marks_never_paint_over_the_artwork(built, finished):
    """Rendered, the marks alone leave the BleedBox white, and the artwork inside it is unchanged."""
    slug_px = round(SITE.print.slug_mm * 4)
    for index in (0, 3):
        plain = render_mm(built / "fr" / "brochure-print.pdf", index)
        marked = render_mm(finished / "fr" / "brochure-print.pdf", index)
        assert (
            abs(marked.width - plain.width - 2 * slug_px) <= 1 and abs(marked.height - plain.height - 2 * slug_px) <= 1
        )
        inner = marked.crop((slug_px, slug_px, slug_px + plain.width, slug_px + plain.height))
        assert (
            ImageStat.Stat(ImageChops.difference(inner, plain).convert("L")).mean[0] < 2
        )  # the same artwork (anti-aliasing may shift by a sub-pixel)

        # At 12 px/mm a 0.25 pt hairline is one pixel wide.
        marks = pdfium.PdfDocument(marks_only(finished / "fr" / "brochure-print.pdf", index))[index]
        image = marks.render(scale=12 * 25.4 / 72).to_pil().convert("L")
        assert image.getextrema()[0] < 128  # the marks are drawn, dark
        edge = 3 * slug_px
        inside = image.crop((edge, edge, image.width - edge, image.height - edge))
        assert inside.getextrema() == (255, 255)  # and none of them inside the BleedBox


@pytest.mark.build
def test_imposed_brochure_has_half_the_pages_at_double_width(finished):
    with (
        pikepdf.open(finished / "fr" / "brochure-print.pdf") as single,
        pikepdf.open(finished / "fr" / "brochure-print-imposed.pdf") as spreads,
    ):
        assert len(spreads.pages) * 2 == len(single.pages)
        page_trim = box(single.pages[0], "/TrimBox")
        for spread in spreads.pages:
            trim = box(spread, "/TrimBox")
            assert trim[2] - trim[0] == pytest.approx(2 * (page_trim[2] - page_trim[0]), abs=0.01)
            assert trim[3] - trim[1] == pytest.approx(page_trim[3] - page_trim[1], abs=0.01)
        assert spreads.Root.OutputIntents[0].S == "/GTS_PDFX"


@pytest.mark.build
def test_imposed_spreads_follow_saddle_order(built, finished):
    """Sheet 1 front: last page on the left, cover on the right (compared as pixels of the halves)."""
    single = render_mm(built / "fr" / "brochure-print.pdf", 0, 2)
    last = render_mm(built / "fr" / "brochure-print.pdf", 7, 2)
    spread = render_mm(finished / "fr" / "brochure-print-imposed.pdf", 0, 2)
    slug, bleed = round(SITE.print.slug_mm * 2), round(SITE.print.bleed_mm * 2)
    trim_w, trim_h = single.width - 2 * bleed, single.height - 2 * bleed
    right = spread.crop((slug + bleed + trim_w, slug + bleed, slug + bleed + 2 * trim_w, slug + bleed + trim_h))
    left = spread.crop((slug + bleed, slug + bleed, slug + bleed + trim_w, slug + bleed + trim_h))
    cover = single.crop((bleed, bleed, bleed + trim_w, bleed + trim_h))
    back = last.crop((bleed, bleed, bleed + trim_w, bleed + trim_h))

    def mean_difference(a, b) -> float:
        return ImageStat.Stat(ImageChops.difference(a, b).convert("L")).mean[0]

    same_right, other_right = mean_difference(right, cover), mean_difference(right, back)
    same_left, other_left = mean_difference(left, back), mean_difference(left, cover)
    # A page matches itself (up to resampling at the half-pixel crop) far better than the other page.
    assert same_right < 6 and other_right > 5 * same_right, (same_right, other_right)
    assert same_left < 6 and other_left > 5 * same_left, (same_left, other_left)


@pytest.mark.build
def test_manifest_marks_the_imposed_file(finished):
    entries = json.loads((finished / "manifest.json").read_text())["files"]
    imposed = [e for e in entries if e["path"].endswith("-imposed.pdf")]
    assert len(imposed) == 1 and imposed[0]["imposed"] == "saddle"
    assert imposed[0]["pages"] == 4
    assert "saddle" in imposed[0]["print"]["imposition"]
    assert all("crop marks" in e["print"]["marks"] for e in entries)
    # The imposed file's sheet is its own TrimBox (two A5 pages), under its own name.
    assert imposed[0]["trim_mm"] == [296, 210] and imposed[0]["size"] == "A5 spread"
    ticket = plain_spaces((finished / imposed[0]["ticket"]).read_text())
    assert "Fichier / File:                   brochure-print-imposed.pdf\n" in ticket
    assert "Format fini / Trim size:          planches de 296 × 210 mm, deux pages A5 (148 × 210 mm)\n" in ticket
    assert f"{34 * ' '}296 × 210 mm spreads of two A5 pages (148 × 210 mm)\n" in ticket
    assert "registration colour" in ticket and "dashed fold marks" in ticket and "repères de pli" in ticket


def plain_spaces(text: str) -> str:
    """The ticket's no-break spaces (before a unit, a French colon) as plain ones, to compare its words."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


# --- job ticket -------------------------------------------------------------------------------------


@pytest.mark.build
def test_job_ticket_beside_every_print_pdf(built, manifest):
    prints = [e for e in manifest if e["variant"] == "print"]
    assert prints
    for entry in prints:
        pdf = built / entry["path"]
        ticket = built / entry["ticket"]
        assert ticket.parent == pdf.parent and ticket.name == pdf.stem + ".txt"
        text = plain_spaces(ticket.read_text())
        digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
        assert f"\nSHA-256:{26 * ' '}{digest}\n" in text
        assert entry["sha256"] == entry["print"]["sha256"] == digest
        # The project's first language (French), then English: each label once in each.
        labels = ("Format fini / Trim size:", "Fond perdu / Bleed:", "Façonnage / Binding:", "Repères / Marks:")
        for label in ("Publication:", "Pages:", "Profil de sortie / Output intent:", *labels):
            assert f"\n{label}" in text
        assert "FOGRA39" in text and "3 mm on every side" in text
        assert f"Repères / Marks:{18 * ' '}aucun\n{34 * ' '}none\n" in text
        if entry["kind"] == "brochure":
            assert "saddle stitch" in text


# --- preflight ----------------------------------------------------------------------------------------


@pytest.mark.build
def test_preflight_passes_every_print_pdf_we_build(built):
    paths = [str(p) for p in print_pdfs(built)]
    result = run_cli("preflight", "--json", *paths)
    assert result.exit_code == 0, result.output
    reports = json.loads(result.output)
    assert len(reports) == len(paths)
    assert all(r["errors"] == 0 and r["warnings"] == 0 and r["pdfx"] == "PDF/X-4" for r in reports)


@pytest.mark.build
def test_preflight_passes_marked_and_imposed_files(finished):
    result = run_cli(
        "preflight", str(finished / "fr" / "brochure-print.pdf"), str(finished / "fr" / "brochure-print-imposed.pdf")
    )
    assert result.exit_code == 0, result.output
    assert result.output.count("passed: 0 errors, 0 warnings") == 2


@pytest.mark.fresh_layout
@pytest.mark.build
def test_build_preflights_from_the_finish_scan_as_from_the_file(tmp_path, monkeypatch):
    """The build preflights each print file from the scan finishing made (one parse of its content):
    the report is the one preflight gives parsing the finished file, for programmes and the brochure."""
    from dataclasses import replace

    from publication.document import DocumentMaker
    from publication.pdfcontent import ScannedPdf

    real, compared = DocumentMaker.preflight, []

    def both_ways(maker, publication_, file):
        shared = real(maker, publication_, file)
        parsed = real(maker, publication_, replace(file, data=bytes(file.data)))
        assert isinstance(file.data, ScannedPdf) and shared.as_dict() == parsed.as_dict(), file.name
        compared.append(Path(file.name).name)
        return shared

    monkeypatch.setattr(DocumentMaker, "preflight", both_ways)
    result = run_cli(
        "build",
        "--kind",
        "programme",
        "--kind",
        "brochure",
        "--lang",
        "fr",
        "--variant",
        "print",
        "--impose",
        "saddle",
        "--jobs",
        "1",
        "--output",
        str(tmp_path),
    )
    assert result.exit_code == 0, result.output
    assert {"brochure-print.pdf", "brochure-print-imposed.pdf"} <= set(compared)
    assert any(name.startswith("programme-") for name in compared)


@pytest.fixture()
def broken(built, tmp_path):
    """Make a defective copy of the French print brochure: broken(name, change) → path."""

    def make(name: str, change) -> Path:
        path = tmp_path / f"{name}.pdf"
        with pikepdf.open(built / "fr" / "brochure-print.pdf") as pdf:
            change(pdf)
            pdf.save(path)
        return path

    return make


def checks_failed(path: Path, **options) -> set[tuple[str, int | None]]:
    report = preflight_pdf(path, PreflightOptions(**options))
    return {(f.check, f.page) for f in report.errors}


@pytest.mark.build
def test_preflight_catches_rgb_text(broken):
    def to_rgb(pdf):
        page = pdf.pages[1]
        page.obj.Contents.write(page.obj.Contents.read_bytes().replace(b"0 0 0 1 k", b"0 0 0 rg"))

    failed = checks_failed(broken("rgb-text", to_rgb))
    assert {("colour", 2), ("text-black", 2)} <= failed
    assert {page for _, page in failed} == {2}


@pytest.mark.build
def test_preflight_catches_missing_bleed(broken):
    def no_bleed(pdf):
        first = pdf.pages[0].obj
        first.MediaBox = first.BleedBox = first.TrimBox
        del pdf.pages[2].obj["/BleedBox"]

    assert checks_failed(broken("no-bleed", no_bleed)) == {("bleed", 1), ("boxes", 3)}


@pytest.mark.build
def test_preflight_catches_an_unembedded_font(broken):
    def unembed(pdf):
        # Inter Bold: the running head's face, used on page 2 whatever the page holds.
        font = next(f for f in pdf.pages[1].Resources.Font.values() if str(f.BaseFont).endswith("Inter-Bold"))
        descriptor = font.DescendantFonts[0].FontDescriptor
        for key in ("/FontFile", "/FontFile2", "/FontFile3"):
            if key in descriptor:
                del descriptor[key]

    failed = checks_failed(broken("unembedded", unembed))
    assert ("fonts", 2) in failed and {check for check, _ in failed} == {"fonts"}


def add_low_res_image(pdf):
    """A 40 × 40 px CMYK image placed 40 mm wide on page 3: 25 ppi."""
    pixels = Image.new("CMYK", (40, 40), (0, 60, 90, 0))
    image = pdf.make_stream(
        pixels.tobytes(),
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=40,
        Height=40,
        ColorSpace=pikepdf.Name.DeviceCMYK,
        BitsPerComponent=8,
    )
    page = pdf.pages[2]
    page.Resources.XObject["/LowRes"] = image
    side = 40 * MM
    page.contents_add(pdf.make_stream(f"q {side:.3f} 0 0 {side:.3f} 50 50 cm /LowRes Do Q".encode()))


@pytest.mark.build
def test_preflight_catches_a_low_resolution_image(broken):
    path = broken("low-res", add_low_res_image)
    assert checks_failed(path) == {("images", 3)}
    report = preflight_pdf(path, PreflightOptions(allow_low_res=True))
    assert not report.errors and [f.check for f in report.warnings] == ["images"]
    assert "25 ppi" in report.warnings[0].message
    assert run_cli("preflight", str(path)).exit_code == 1
    assert run_cli("preflight", "--allow-low-res", str(path)).exit_code == 0


def add_rgb_photo(pdf):
    """A 600 × 600 px sRGB image, half orange, placed 2 inches wide on page 2: 300 ppi."""
    pixels = Image.new("RGB", (600, 600), (255, 255, 255))
    pixels.paste((230, 60, 20), (0, 0, 300, 600))
    image = pdf.make_stream(
        pixels.tobytes(),
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=600,
        Height=600,
        ColorSpace=pikepdf.Name.DeviceRGB,
        BitsPerComponent=8,
    )
    page = pdf.pages[1]
    page.Resources.XObject["/Photo"] = image
    page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
    page.contents_add(pdf.make_stream(b"\nQ q 144 0 0 144 100 100 cm /Photo Do Q"))


@pytest.mark.build
def test_rgb_images_are_caught_then_converted_to_cmyk(broken):
    from publication.finish import PrintFinish, finish_print

    path = broken("rgb-photo", add_rgb_photo)
    failed = preflight_pdf(path).errors
    assert {(f.check, f.page) for f in failed} == {("colour", 2), ("images", 2)}
    assert "RGB" in failed[0].message
    finish = PrintFinish("FOGRA39", "FOGRA39", SITE.print.slug_mm, output_profile=ROOT / SITE.print.output_profile)
    converted = path.with_name("converted.pdf")
    converted.write_bytes(finish_print(path.read_bytes(), finish))
    assert not preflight_pdf(converted).errors
    with pikepdf.open(converted) as pdf:
        assert pdf.pages[1].Resources.XObject.Photo.ColorSpace == "/DeviceCMYK"
    # Rendered, the orange half is still orange and the white half still white.
    image = pdfium.PdfDocument(converted)[1].render(scale=1).to_pil().convert("RGB")
    x, y = 100 + BLEED, image.height - (100 + BLEED)
    red, green, blue = image.getpixel((round(x + 30), round(y - 70)))
    assert red > 200 and green < 120 and blue < 80
    assert image.getpixel((round(x + 110), round(y - 70))) == (255, 255, 255)


@pytest.mark.build
def test_preflight_catches_missing_glyphs_intent_and_page_count(broken):
    def damage(pdf):
        del pdf.Root["/OutputIntents"]
        page = pdf.pages[1]
        font = next(iter(page.Resources.Font.keys()))
        page.contents_add(pdf.make_stream(f"BT {font} 9 Tf 20 20 Td <0000> Tj ET".encode()))
        del pdf.pages[7]

    failed = checks_failed(broken("damaged", damage), booklet=True)
    assert {("output-intent", None), ("glyphs", 2), ("booklet", None)} <= failed


@pytest.mark.build
def test_preflight_rejects_screen_pdfs_and_reports_as_text(built):
    result = run_cli("preflight", str(built / "fr" / "poster-screen.pdf"))
    assert result.exit_code == 1
    assert "not identified as PDF/X" in result.output
    assert "[colour] RGB colour in a print file" in result.output
    assert "FAILED" in result.output


def test_an_rgb_output_profile_is_refused_with_its_line(project_copy):
    from PIL import ImageCms

    srgb = project_copy / "styles" / "icc" / "srgb.icc"
    srgb.write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    site = project_copy / "sources" / "site.yaml"
    site.write_text(site.read_text().replace("styles/icc/FOGRA39L.icc", "styles/icc/srgb.icc"))
    result = run_cli("check", project=project_copy)
    assert result.exit_code == 2
    assert re.search(
        r"site\.yaml:\d+: print\.output_profile 'styles/icc/srgb\.icc' is not a CMYK profile", result.output
    )
