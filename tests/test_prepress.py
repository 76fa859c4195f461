"""Prepress: what a printer's preflight checks beyond PDF/X and colour, on our files and on faulty ones.

Artwork short of the bleed, hairlines, small text on several plates, small text reversed out of a
multi-plate colour, zero or negative bleed, subset names reused for different font programs, the
Info dictionary's GTS_PDFXVersion; the poster's edges read on Ghostscript's CMYK separations;
registration marks; the bleed setting refused when absurd.
"""

from __future__ import annotations

import io
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from conftest import run_cli, unchanged_by_readers
from PIL import Image

from publication.finish import name_subsets_by_program
from publication.pdfcontent import MM, box_of, scan_pages
from publication.preflight import PreflightOptions, preflight_files, preflight_pdf

PROGRAMME = Path("fr") / "programme-2017-05-thessaloniki-print.pdf"


def print_pdfs(output: Path) -> list[Path]:
    return sorted(output.glob("*/*-print*.pdf"))


def errors(path, **options) -> set[tuple[str, int | None]]:
    return {(f.check, f.page) for f in preflight_pdf(path, PreflightOptions(**options)).errors}


# --- our files --------------------------------------------------------------------------------------


@pytest.mark.build
def test_every_print_pdf_passes_the_prepress_checks_together(built):
    """Checked together (subset names across files included): no error, no warning."""
    reports = preflight_files(print_pdfs(built))
    assert len(reports) >= 19
    assert [(r.path, f.check, f.page, f.message) for r in reports for f in r.findings if f.severity != "info"] == []


@pytest.mark.build
def test_info_dictionary_names_pdfx4_and_xmp_has_no_x3_conformance(built):
    for path in print_pdfs(built):
        with pikepdf.open(path) as pdf:
            assert str(pdf.docinfo["/GTS_PDFXVersion"]) == "PDF/X-4", path
            xmp = pdf.Root.Metadata.read_bytes()
            assert b"GTS_PDFXConformance" not in xmp and b"<pdfxid:GTS_PDFXVersion>PDF/X-4<" in xmp, path


def subset_names(path: Path) -> dict[str, str]:
    """Family-style → subset name, from the font descriptors."""
    with pikepdf.open(path) as pdf:
        names = {
            str(o.FontName).lstrip("/")
            for o in pdf.objects
            if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/FontDescriptor"
        }
    return {name.split("+")[1]: name for name in names}


@pytest.mark.build
def test_subset_names_differ_with_the_glyphs_and_follow_the_font_program(built, tmp_path):
    french, greek = subset_names(built / PROGRAMME), subset_names(built / "el" / PROGRAMME.name)
    both = french.keys() & greek.keys()  # the emblem's words are in a face of each script's own (Ubuntu)
    assert {"Inter", "Inter-Bold"} <= both, (french.keys(), greek.keys())
    # Different glyph sets (Greek letters), different names: no name is shared.
    assert not {french[font] for font in both} & {greek[font] for font in both}
    # The name comes from the program alone: a file renamed to AAAAAA+… gets the same names back.
    with pikepdf.open(built / PROGRAMME) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and "+" in str(obj.get("/FontName", obj.get("/BaseFont", ""))):
                key = "/FontName" if "/FontName" in obj else "/BaseFont"
                obj[key] = pikepdf.Name("/AAAAAA+" + str(obj[key]).split("+", 1)[1])
        name_subsets_by_program(pdf)
        out = io.BytesIO()
        pdf.save(out)
    renamed = tmp_path / "renamed.pdf"
    renamed.write_bytes(out.getvalue())
    assert subset_names(renamed) == french
    with pikepdf.open(renamed) as pdf:
        bases = {str(f.BaseFont).lstrip("/") for f in pdf.pages[0].Resources.Font.values()}
    assert bases <= set(french.values())


# --- a table of faulty files ---------------------------------------------------------------------------


def draw_on_page(pdf, content: str) -> None:
    """Draw on page 1 in page space, after the artwork (whose graphics state is wrapped in q … Q)."""
    page = pdf.pages[0]
    page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
    page.contents_add(pdf.make_stream(b"\nQ\n" + content.encode()))


def _trim(pdf) -> tuple:
    return box_of(pdf.pages[0], "/TrimBox")


def _font(pdf) -> str:
    return next(iter(pdf.pages[0].Resources.Font.keys()))


def band_short_of_the_bleed(pdf):
    x0, _, x1, _ = _trim(pdf)
    return f"q 0 0.62 0.85 0 k {x0} 400 {x1 - x0} 20 re f Q"


def hairline(pdf):
    x0, _, _, y1 = _trim(pdf)
    return f"q 0 0 0 1 K 0.1 w {x0 + 50 * MM} {y1 - 100 * MM} m {x0 + 80 * MM} {y1 - 100 * MM} l S Q"


def four_colour_small_text(pdf):
    return f"BT {_font(pdf)} 6 Tf 1 0 0 1 100 300 Tm 0.6 0.5 0.4 0.2 k <0001> Tj ET"


def reversed_small_text(pdf):
    return f"q 1 0.72 0 0.38 k 100 500 200 40 re f Q BT {_font(pdf)} 7 Tf 1 0 0 1 110 510 Tm 0 0 0 0 k <0001> Tj ET"


def reversed_white_hairline(pdf):
    return "q 1 0.72 0 0.38 k 100 600 200 40 re f 0 0 0 0 K 0.15 w 110 620 m 280 620 l S Q"


@pytest.mark.build
@pytest.mark.parametrize(
    "fault, check",
    [
        (band_short_of_the_bleed, "artwork-bleed"),
        (hairline, "hairline"),
        (four_colour_small_text, "small-text-plates"),
        (reversed_small_text, "reversed-text"),
        (reversed_white_hairline, "hairline"),
    ],
)
def test_preflight_finds_each_fault_drawn_on_a_page(built, tmp_path, fault, check):
    """Each fault added to a programme that passes gives its finding on page 1, nothing else."""
    path = tmp_path / f"{fault.__name__}.pdf"
    with pikepdf.open(built / PROGRAMME) as pdf:
        draw_on_page(pdf, fault(pdf))
        pdf.save(path)
    report = preflight_pdf(path)
    assert {(f.check, f.page) for f in report.errors} == {(check, 1)}
    assert report.errors[0].position is not None


@pytest.mark.build
def test_a_hairline_is_placed_in_millimetres_from_the_trim(built, tmp_path):
    path = tmp_path / "hairline.pdf"
    with pikepdf.open(built / PROGRAMME) as pdf:
        draw_on_page(pdf, hairline(pdf))
        pdf.save(path)
    result = run_cli("preflight", "--json", str(path))
    assert result.exit_code == 1
    finding = next(f for f in __import__("json").loads(result.output)[0]["findings"] if f["check"] == "hairline")
    assert finding["page"] == 1 and finding["position"] == [50.0, 100.0, 80.0, 100.0]
    assert finding["message"].startswith("1 stroke 0.1 pt wide in 0/0/0/100, under 0.25 pt")
    text = run_cli("preflight", str(path)).output
    assert re.search(r"error: page 1: \[hairline\] .* at x 50–80 mm, y 100–100 mm", text)


def weasyprint_band(path: Path) -> Path:
    """A WeasyPrint file with bleed whose coloured band is as wide as the trim, not the bleed."""
    import weasyprint

    html = (
        "<style>@page { size: 100mm 100mm; bleed: 3mm; margin: 0 } body { margin: 0 }"
        "div { height: 20mm; margin-top: 30mm; background: device-cmyk(0 0.62 0.85 0) }</style><div></div>"
    )
    weasyprint.HTML(string=html).write_pdf(path)
    return path


@pytest.mark.build
def test_preflight_finds_a_weasyprint_band_that_stops_at_the_trim(tmp_path):
    report = preflight_pdf(weasyprint_band(tmp_path / "band.pdf"))
    band = [f for f in report.errors if f.check == "artwork-bleed"]
    assert len(band) == 1 and band[0].page == 1
    assert "left +0.00 mm from the trim, right +0.00 mm from the trim" in band[0].message
    assert band[0].position == [0.0, 30.0, 100.0, 50.0]


@pytest.mark.build
def test_preflight_finds_the_notdef_weasyprint_draws_for_a_character_no_font_has(tmp_path):
    """WeasyPrint 70 draws it through an encoding CMap that sends its code to CID 0, not as code 0."""
    import weasyprint

    from publication.typeset import project_font_configuration

    fonts, inter = project_font_configuration(), Path(__file__).parent.parent / "styles/fonts/Inter-Regular.otf"
    face = f'@font-face {{ font-family: Inter; src: url("{inter.as_uri()}") }} body {{ font-family: Inter }}'
    path = tmp_path / "notdef.pdf"
    weasyprint.HTML(string="<p>snow \u2603 and comet \u2604</p>").write_pdf(
        path, stylesheets=[weasyprint.CSS(string=face, font_config=fonts)], font_config=fonts
    )
    glyphs = [(f.page, f.message) for f in preflight_pdf(path).errors if f.check == "glyphs"]
    assert len(glyphs) == 1 and re.fullmatch(r"2 missing glyphs \(\.notdef\) in font /[A-Z]{6}\+Inter", glyphs[0][1])
    assert glyphs[0][0] == 1


@pytest.mark.build
@pytest.mark.parametrize("bleed_mm", [0, -3])
def test_zero_or_negative_bleed_is_an_error_whatever_bleed_is_asked(built, tmp_path, bleed_mm):
    path = tmp_path / "bleed.pdf"
    with pikepdf.open(built / PROGRAMME) as pdf:
        page = pdf.pages[0]
        x0, y0, x1, y1 = box_of(page, "/TrimBox")
        d = bleed_mm * MM
        page.obj.BleedBox = pikepdf.Array([x0 - d, y0 - d, x1 + d, y1 + d])
        pdf.save(path)
    report = preflight_pdf(path, PreflightOptions(bleed_mm=1))
    assert [(f.check, f.page) for f in report.errors] == [("bleed", 1)]
    assert "zero or negative bleed" in report.errors[0].message
    assert run_cli("preflight", "--bleed-mm", "0", str(path)).exit_code == 2  # no bleed cannot be asked for


@pytest.mark.build
def test_a_missing_info_pdfx_version_is_an_error(built, tmp_path):
    path = tmp_path / "no-info.pdf"
    with pikepdf.open(built / PROGRAMME) as pdf:
        del pdf.docinfo["/GTS_PDFXVersion"]
        pdf.save(path)
    assert errors(path) == {("pdfx-info", None)}


@pytest.mark.build
def test_a_subset_name_reused_for_another_program_is_found_across_files(built, tmp_path):
    """The Greek programme's Inter subset renamed as the French one's: each file alone passes,
    checked together both fail, naming the other file."""
    french_name = subset_names(built / PROGRAMME)["Inter"]
    greek = tmp_path / "greek.pdf"
    with pikepdf.open(built / "el" / PROGRAMME.name) as pdf:
        greek_name = subset_names(built / "el" / PROGRAMME.name)["Inter"]
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary):
                for key in ("/FontName", "/BaseFont"):
                    if str(obj.get(key, "")) == "/" + greek_name:
                        obj[key] = pikepdf.Name("/" + french_name)
        pdf.save(greek)
    assert errors(greek) == set()
    reports = preflight_files([built / PROGRAMME, greek])
    for report, other in zip(reports, (greek, built / PROGRAMME), strict=True):
        assert [(f.check, f.page) for f in report.errors] == [("subset-name", None)]
        assert french_name in report.errors[0].message and str(other) in report.errors[0].message
    result = run_cli("preflight", str(built / PROGRAMME), str(greek))
    assert result.exit_code == 1 and result.output.count("[subset-name]") == 2


# --- the poster's edges, on the plates ----------------------------------------------------------------


@pytest.fixture(scope="module")
def posters(built, tmp_path_factory) -> Iterator[list[Path]]:
    """The French and English A2 posters, and the French one at A3, A1 and B2."""
    paths = [built / "fr" / "poster-print.pdf", built / "en" / "poster-print.pdf"]
    for size in ("A3", "A1", "B2"):
        output = tmp_path_factory.mktemp(f"poster-{size}")
        result = run_cli(
            "build",
            "--kind",
            "poster",
            "--lang",
            "fr",
            "--variant",
            "print",
            "--poster-size",
            size,
            "--output",
            str(output),
        )
        assert result.exit_code == 0, result.output
        paths.append(output / "fr" / f"poster-{size.lower()}-print.pdf")
    with unchanged_by_readers(*(path.parent.parent for path in paths[2:])):
        yield paths


def separations(ghostscript: str, path: Path, folder: Path, dpi: int) -> dict[str, Image.Image]:
    """Ghostscript's tiffsep plates of page 1: each plate's ink, 0 (none) to 255 (100 %)."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            ghostscript,
            "-q",
            "-dSAFER",
            "-dBATCH",
            "-dNOPAUSE",
            "-sDEVICE=tiffsep",
            f"-r{dpi}",
            f"-sOutputFile={folder / 'page.tif'}",
            str(path),
        ],
        check=True,
    )
    # tiffsep writes a plate as the paper's lightness (255: no ink): invert it.
    return {
        ink: Image.eval(Image.open(folder / f"page({ink}).tif").convert("L"), lambda v: 255 - v)
        for ink in ("Cyan", "Magenta", "Yellow", "Black")
    }


def band_rows(path: Path) -> dict[str, tuple[float, float]]:
    """The aim band (the tint) and its rule (the accent) on the poster, as page-space y ranges."""
    with pikepdf.open(path) as pdf:
        paints = scan_pages(pdf)[0].paints
        trim = box_of(pdf.pages[0], "/TrimBox")

    def widest(values):
        return max(
            (p for p in paints if p.kind == "fill" and p.colour[1] == values),
            key=lambda p: (p.box[2] - p.box[0], p.box[3] - p.box[1]),
        )

    band, rule = widest((0.08, 0.03, 0.0, 0.0)), widest((0.0, 0.62, 0.85, 0.0))
    return {"band": (band.box[1], band.box[3]), "rule": (rule.box[1], rule.box[3]), "trim": trim}


@pytest.mark.build
def test_poster_band_and_rule_print_into_the_bleed_on_both_sides(posters, ghostscript, tmp_path):
    """Cyan (the band's 8 %) and magenta (the rule's 62 %) are on the plates in the outer 2 mm of
    the bleed, left and right, at every size and in both languages."""
    dpi = 60
    for path in posters:
        rows = band_rows(path)
        plates = separations(ghostscript, path, tmp_path / path.stem, dpi)
        with pikepdf.open(path) as pdf:
            media = box_of(pdf.pages[0], "/MediaBox")
        height = plates["Cyan"].height
        strip = round(2 * MM * dpi / 72)  # the outer 2 mm of the 3 mm bleed
        for name, ink, least in (("band", "Cyan", 10), ("rule", "Magenta", 100)):
            y0, y1 = rows[name]
            middle = round((media[3] - (y0 + y1) / 2) * dpi / 72)  # the pixel row halfway down
            assert 0 < middle < height
            plate = plates[ink]
            for x_range in (range(strip), range(plate.width - strip, plate.width)):
                values = [plate.getpixel((x, middle)) for x in x_range]
                assert min(values) >= least, (path.name, name, ink, values)


# --- marks ---------------------------------------------------------------------------------------------


@pytest.mark.build
def test_marks_are_in_registration_colour_on_every_plate(ghostscript, tmp_path):
    output = tmp_path / "out"
    result = run_cli(
        "build",
        "--kind",
        "brochure",
        "--lang",
        "en",
        "--variant",
        "print",
        "--marks",
        "--impose",
        "saddle",
        "--output",
        str(output),
    )
    assert result.exit_code == 0, result.output
    assert "wrote out/en/brochure-print-imposed.pdf  (4 p." in result.output
    imposed = output / "en" / "brochure-print-imposed.pdf"
    with pikepdf.open(imposed) as pdf:
        page = pdf.pages[0]
        space = page.Resources.ColorSpace.CSRegistration
        assert [str(space[0]), str(space[1]), str(space[2])] == ["/Separation", "/All", "/DeviceCMYK"]
        assert list(space[3].C1) == [1, 1, 1, 1] and list(space[3].C0) == [0, 0, 0, 0]
        marks = page.obj.Contents[-1].read_bytes().decode()  # drawn last, after the artwork's q … Q
    assert marks.startswith("\nQ\nq\n/CSRegistration CS 1 SCN\n0.25 w") and " K\n" not in marks
    assert "[2 2] 0 d" in marks  # the fold marks at the spine are dashed
    # On the plates: the top-left crop mark (in the slug, left of the sheet) prints on all four.
    plates = separations(ghostscript, imposed, tmp_path / "plates", 72)
    slug = 10 * MM
    with pikepdf.open(imposed) as pdf:
        trim, media = box_of(pdf.pages[0], "/TrimBox"), box_of(pdf.pages[0], "/MediaBox")
    y = round(media[3] - trim[3])
    for ink, plate in plates.items():
        mark = [plate.getpixel((x, row)) for x in range(2, round(slug) - 2) for row in (y - 1, y, y + 1)]
        assert max(mark) > 100, ink


# --- the sources' bleed ----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["-3", "0", "50"])
def test_an_absurd_bleed_is_refused_with_its_line(project_copy, value):
    site = project_copy / "sources" / "site.yaml"
    site.write_text(site.read_text().replace("bleed_mm: 3", f"bleed_mm: {value}"))
    result = run_cli("check", project=project_copy)
    assert result.exit_code == 2
    assert re.search(
        rf"site\.yaml:\d+: print\.bleed_mm {value} mm is not a bleed: it must be between 1 and 10 mm", result.output
    ), result.output
    assert "fix: write the printer's bleed, usually 3" in result.output
