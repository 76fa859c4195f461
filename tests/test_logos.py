"""Logos: a funder's or partner's logo file prints in the credits' row at the common height, goes
through the sandbox, the checks and the keys as other images; the EU emblem is as tall as the tallest."""

from __future__ import annotations

from pathlib import Path

import pytest

from publication.logos import LOGO_HEIGHT_MM, MAX_LOGO_WIDTH, logo_size_mm
from publication.svgimage import print_colours
from tests.conftest import ROOT, run_cli

MM = 72 / 25.4
PROFILE = ROOT / "styles/icc/FOGRA39L.icc"
# A logo drawn for the tests: a magenta square (its full height) and a near-black block.
SVG_LOGO = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 100">
  <rect x="0" y="0" width="100" height="100" fill="#e5007d"/>
  <rect x="130" y="20" width="160" height="60" style="fill: #1d1d1b"/>
</svg>
"""
PNG_PX = (520, 260)  # 2:1; 260 px over 17 mm × 1.2 (the poster's height, scaled) is 324 ppi


def write_png(path: Path, size: tuple[int, int] = PNG_PX) -> None:
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", size, (255, 255, 255, 0))
    ImageDraw.Draw(image).rectangle((0, 0, size[0] - 1, size[1] - 1), fill=(19, 50, 107, 255))
    image.save(path)


def with_logos(project: Path, *, svg: str = "sources/images/urbact.svg", png: str = "sources/images/vdm.png") -> Path:
    """The project with a logo for URBACT (SVG, in network.yaml) and for the Val-de-Marne (a picture,
    scale 1.2, in partners.yaml, printed through the funder that names it with `partner:`)."""
    images = project / "sources/images"
    images.mkdir(exist_ok=True)
    (images / "urbact.svg").write_text(SVG_LOGO)
    write_png(images / "vdm.png")
    network = project / "sources/network.yaml"
    text = network.read_text()
    text = text.replace(
        "    - name: URBACT\n      mark: wordmark\n", f"    - name: URBACT\n      mark: wordmark\n      logo: {svg}\n"
    )
    text = text.replace(
        "      mark: partner\n  publisher:", "      mark: partner\n      partner: val-de-marne\n  publisher:"
    )
    network.write_text(text)
    partners = project / "sources/partners.yaml"
    text = partners.read_text()
    marker = "    country: FR\n    role: member\n    language: fr\n"
    partners.write_text(text.replace(marker, marker + f"    logo: {{src: {png}, scale: 1.2}}\n", 1))
    return project


def placed(pdf: Path) -> dict[str, tuple[float, float, float, float]]:
    """Where the credits' marks lie on the last page (mm: left, bottom, right, top): the picture
    logo, the SVG logo's magenta square, the EU emblem's blue flag (screen colours)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument(str(pdf))
    found: dict[str, tuple[float, float, float, float]] = {}
    try:
        for obj in document[len(document) - 1].get_objects(max_depth=8):
            box = tuple(v / MM for v in obj.get_bounds())
            if obj.type == raw.FPDF_PAGEOBJ_IMAGE:
                found["picture"] = box
            elif obj.type == raw.FPDF_PAGEOBJ_PATH:
                r, g, b, a = (raw.c_uint(), raw.c_uint(), raw.c_uint(), raw.c_uint())
                raw.FPDFPageObj_GetFillColor(obj.raw, r, g, b, a)
                colour = (r.value, g.value, b.value)
                if colour == (229, 0, 125):
                    found["svg"] = box
                elif colour == (0, 51, 153) and box[2] - box[0] > 5:  # the flag, not a star
                    found["emblem"] = box
    finally:
        document.close()
    return found


@pytest.fixture(scope="module")
def logo_build(tmp_path_factory) -> Path:
    """A programme (A4) and the brochure (A5), print and screen, with both logos."""
    project = tmp_path_factory.mktemp("logos")
    for name in ("sources", "layouts", "styles"):
        import shutil

        shutil.copytree(ROOT / name, project / name)
    with_logos(project)
    for kind in ("programme", "brochure"):
        result = run_cli("build", "--kind", kind, "--event", "2017-05-thessaloniki", "--lang", "fr", project=project)
        assert result.exit_code == 0, result.output
    return project / "output/fr"


@pytest.mark.build
@pytest.mark.parametrize(
    ("name", "kind"), [("programme-2017-05-thessaloniki-screen.pdf", "programme"), ("brochure-screen.pdf", "brochure")]
)
def test_logos_print_at_the_common_height_and_the_emblem_is_as_tall_as_the_tallest(logo_build, name, kind):
    marks = placed(logo_build / name)
    assert {"picture", "svg", "emblem"} <= set(marks), marks
    height = LOGO_HEIGHT_MM[kind]
    heights = {mark: box[3] - box[1] for mark, box in marks.items()}
    assert heights["svg"] == pytest.approx(height, abs=0.15)  # the square is the SVG's full height
    assert heights["picture"] == pytest.approx(height * 1.2, abs=0.15)  # its scale: 1.2
    assert heights["emblem"] >= max(heights["svg"], heights["picture"]) - 0.05
    # In one row: their middles on one line.
    middles = [(box[1] + box[3]) / 2 for box in marks.values()]
    assert max(middles) - min(middles) < 0.5


@pytest.mark.build
def test_the_print_file_holds_the_logos_in_cmyk_and_passes_preflight(logo_build):
    import pikepdf

    for name in ("programme-2017-05-thessaloniki-print.pdf", "brochure-print.pdf"):
        result = run_cli("preflight", str(logo_build / name))
        assert result.exit_code == 0, result.output
        with pikepdf.open(logo_build / name) as pdf:
            images = [obj for obj in pdf.objects if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"]
            assert any(image.get("/ColorSpace") == "/DeviceCMYK" and image.get("/Height") == 260 for image in images)


@pytest.mark.build
def test_the_logo_is_named_for_assistive_technology(logo_build):
    import pikepdf

    with pikepdf.open(logo_build / "brochure-screen.pdf") as pdf:
        alts = {
            str(obj.get("/Alt")).replace("\u2011", "-")  # names keep their no-break hyphens
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and "/Alt" in obj
        }
    assert {"URBACT", "Département du Val-de-Marne"} <= alts


def test_a_very_wide_logo_is_set_smaller_to_the_widest_allowed():
    assert logo_size_mm((1000, 100), 8.0, 1.0) == pytest.approx((MAX_LOGO_WIDTH * 8.0, MAX_LOGO_WIDTH * 0.8))
    assert logo_size_mm((300, 100), 8.0, 1.1) == pytest.approx((26.4, 8.8))


def check(project: Path):
    return run_cli("check", project=project)


def line_of(path: Path, text: str) -> int:
    return next(number for number, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_a_missing_or_outside_logo_is_a_located_error(project_copy):
    with_logos(project_copy, svg="sources/images/missing.svg")
    network = project_copy / "sources/network.yaml"
    result = check(project_copy)
    assert result.exit_code == 2
    line = line_of(network, "logo: sources/images/missing.svg")
    assert (
        f"sources/network.yaml:{line}: credits.funders[2].logo 'sources/images/missing.svg' does not exist"
        in result.output
    )
    network.write_text(network.read_text().replace("sources/images/missing.svg", "../outside.svg"))
    (project_copy.parent / "outside.svg").write_text(SVG_LOGO)
    result = check(project_copy)
    assert result.exit_code == 2
    assert "credits.funders[2].logo '../outside.svg' leads outside the project folder" in result.output


def test_a_low_resolution_picture_is_a_located_error_naming_the_pixels_needed(project_copy):
    with_logos(project_copy)
    write_png(project_copy / "sources/images/vdm.png", (200, 100))
    partners = project_copy / "sources/partners.yaml"
    result = check(project_copy)
    assert result.exit_code == 2
    line = line_of(partners, "logo: {src: sources/images/vdm.png")
    assert (
        f"sources/partners.yaml:{line}: partners[2].logo 'sources/images/vdm.png' is 200 × 100 px: 125 ppi at its "
        "printed height of 20.4 mm (the A2 poster's credits), under the 300 ppi print needs" in result.output
    )
    assert "give the logo as SVG, or as a picture at least 241 px high" in result.output


def test_a_logo_that_is_not_an_image_or_has_no_size_is_a_located_error(project_copy):
    with_logos(project_copy)
    (project_copy / "sources/images/urbact.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>')
    result = check(project_copy)
    assert result.exit_code == 2
    assert (
        "credits.funders[2].logo 'sources/images/urbact.svg' has no viewBox, nor a width and a height" in result.output
    )
    (project_copy / "sources/images/vdm.png").write_text("not a picture")
    result = check(project_copy)
    assert "partners[2].logo.src 'sources/images/vdm.png' is not an image Pillow can read" in result.output


def test_a_funder_naming_an_unknown_partner_or_the_emblem_given_a_file_is_refused(project_copy):
    with_logos(project_copy)
    network = project_copy / "sources/network.yaml"
    network.write_text(network.read_text().replace("partner: val-de-marne", "partner: val-de-marn"))
    result = check(project_copy)
    assert result.exit_code == 2
    assert "credits.funders[3].partner 'val-de-marn' is not a partner" in result.output
    text = network.read_text().replace("partner: val-de-marn", "partner: val-de-marne")
    network.write_text(
        text.replace("      mark: eu-emblem\n", "      mark: eu-emblem\n      logo: sources/images/urbact.svg\n")
    )
    result = check(project_copy)
    assert result.exit_code == 2 and "the EU emblem is drawn from its official geometry" in result.output


@pytest.mark.parametrize(
    ("reference", "why"),
    [
        ("https://example.org/logo.png", "a build reads no address outside the project"),
        ("file:///etc/hostname", "a build reads no address outside the project"),
        ("../../../outside.png", "it leads outside the project folder"),  # beside the project
    ],
)
def test_an_svg_logo_reaching_outside_the_project_is_refused_as_an_image(project_copy, reference, why):
    with_logos(project_copy)
    (project_copy.parent / "outside.png").write_bytes(b"")
    (project_copy / "sources/images/urbact.svg").write_text(
        SVG_LOGO.replace("</svg>", f'  <image href="{reference}" width="10" height="10"/>\n</svg>')
    )
    result = check(project_copy)
    assert result.exit_code == 2, result.output
    line = line_of(project_copy / "sources/network.yaml", "logo: sources/images/urbact.svg")
    assert (
        f"sources/network.yaml:{line}: credits.funders[2].logo 'sources/images/urbact.svg' refers to "
        f"'{reference}' (<image>, its line 4), which is refused: {why}"
    ) in result.output


def test_a_logo_is_in_the_key_of_every_publication_that_prints_the_credits(project_copy):
    from publication.keys import KeyMaker
    from publication.plan import BuildOptions, plan_publications
    from publication.sources import read_sources

    with_logos(project_copy)
    sources = read_sources(project_copy / "sources")
    keys = KeyMaker(project_copy, sources)
    publications = plan_publications(sources, BuildOptions())
    for publication in publications:
        names = {file.name for file in keys.files(publication)}
        assert {"urbact.svg", "vdm.png"} <= names, publication
    before = keys.key(publications[0])
    write_png(project_copy / "sources/images/vdm.png", (540, 270))
    assert KeyMaker(project_copy, read_sources(project_copy / "sources")).key(publications[0]) != before


def test_print_colours_puts_an_svgs_colours_in_cmyk_greys_on_black_alone():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><style>.a{fill:#00f;stroke:rgb(0,128,0);'
        'fill-opacity:.5}</style><g style="fill: white; stroke:none"><path fill="#1d1d1b" stroke="url(#g)"/>'
        '<stop stop-color="red"/></g></svg>'
    )
    out = print_colours(svg.encode(), PROFILE).decode()
    assert out.startswith('<svg fill="device-cmyk(0 0 0 1)" xmlns=')  # the default black, on K alone
    assert "fill: device-cmyk(0 0 0 0)" in out and 'fill="device-cmyk(0 0 0 0.889)"' in out
    assert "fill:device-cmyk(" in out and "stroke:device-cmyk(" in out and "fill-opacity:.5" in out
    assert 'stroke="url(#g)"' in out and 'stop-color="device-cmyk(' in out and "stroke:none" in out
    assert not any(word in out for word in ("#00f", "rgb(", "red", "white", "#1d1d1b"))
    kept = '<svg xmlns="http://www.w3.org/2000/svg" fill="none" viewBox="0 0 1 1"/>'
    assert print_colours(kept.encode(), PROFILE).decode() == kept
