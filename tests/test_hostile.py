"""Hostile or broken input beyond the bad-input table: fonts only from the project, every byte
read in the key, links leaving the project refused at the typesetter, the preview still reports."""

from __future__ import annotations

import base64
import json
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from PIL import Image

from publication import typeset
from publication.errors import SourceError
from publication.keys import KeyMaker
from publication.plan import Publication
from publication.sandbox import make_fetcher
from publication.sources import read_sources
from tests.pdfs import pdf_font_problems
from tests.test_preview import free_port, read_status, start_preview, wait_until
from tests.test_sources import LAUGHS

PROGRAMME = "sources/workshops/2017-05-thessaloniki.yaml"
THESSALONIKI = Publication("programme", "el", "screen", "2017-05-thessaloniki")
PROJECT_FONTS = ("Inter", "Noto Serif")
ONE_PROGRAMME = ("--kind", "programme", "--lang", "el", "--variant", "screen")
# Text an SVG image sets in fonts the project lacks, one of them a system font asked for by name.
SVG_TEXT = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="80">'
    '<text x="5" y="30" font-family="DejaVu Sans" font-size="20">Système ☃</text>'
    '<text x="5" y="60" font-family="Comic Neue Missing" font-size="20">Ωmega</text></svg>'
)
HTML = (
    "<html lang='en'><head><style>.snow::after {{ content: '\\2603'; }}</style></head><body>"
    "<p>Plain text.</p><p class='snow'>A snowman:</p><p style=\"font-family: 'DejaVu Sans'\">Named system font</p>"
    "<img src='data:image/svg+xml;base64,{svg}' alt=''></body></html>"
)


def with_image(project: Path, relative: str) -> None:
    workshop = project / PROGRAMME
    workshop.write_text(
        workshop.read_text(encoding="utf-8").replace(
            "venue:\n", f"image:\n  src: {relative}\n  alt: The port\nvenue:\n", 1
        ),
        encoding="utf-8",
    )


def typeset_hostile_html() -> bytes:
    sources = read_sources(ROOT / "sources")
    html = HTML.format(svg=base64.b64encode(SVG_TEXT.encode()).decode())
    return typeset.typeset_pdf(html, THESSALONIKI, sources.site, ROOT)[0]


@pytest.mark.build
def test_svg_text_and_css_content_never_embed_a_system_font(monkeypatch):
    foreign = [p for p in pdf_font_problems(typeset_hostile_html(), PROJECT_FONTS) if "not one of" in p]
    assert foreign == [], foreign
    # The same document with the system's Fontconfig configuration: the check above can fail.
    if not any(
        "DejaVu" in line for line in subprocess.run(["fc-list"], capture_output=True, text=True).stdout.splitlines()
    ):
        pytest.skip("no DejaVu font on this machine to be pulled in")
    from weasyprint.text.fonts import FontConfiguration

    monkeypatch.setattr(typeset, "project_font_configuration", FontConfiguration)
    monkeypatch.setattr(typeset, "_parsed", {})
    assert any("DejaVu" in p for p in pdf_font_problems(typeset_hostile_html(), PROJECT_FONTS))


def test_svg_text_in_a_font_the_project_lacks_fails_check_and_build(project_copy):
    (project_copy / "sources/images").mkdir()
    (project_copy / "sources/images/text.svg").write_text(SVG_TEXT.replace("><", ">\n<"), encoding="utf-8")
    with_image(project_copy, "sources/images/text.svg")
    for command in (["check"], ["build", *ONE_PROGRAMME]):
        result = run_cli(*command, project=project_copy)
        assert result.exit_code == 2, result.output
        assert (
            "sources/images/text.svg:2: font-family sets 'Système ☃' in the font 'DejaVu Sans', which the "
            "project does not have"
        ) in result.output
        assert "sources/images/text.svg:3: font-family sets 'Ωmega' in the font 'Comic Neue Missing'" in result.output
        assert "sources/images/text.svg:2: text '☃' (U+2603 SNOWMAN) has no glyph in the font" in result.output
    assert not (project_copy / "output").exists()


def test_a_stylesheet_linked_outside_is_refused_by_the_typesetter(tmp_path):
    project = tmp_path / "project"
    (project / "styles").mkdir(parents=True)
    (tmp_path / "outside.css").write_text("body { color: red; }")
    (project / "styles" / "linked.css").symlink_to(tmp_path / "outside.css")
    with pytest.raises(SourceError) as refused:
        typeset.fetched(make_fetcher(project), project / "styles" / "linked.css")
    assert "styles/linked.css: refused: 'styles/linked.css' leads outside the project folder" in str(refused.value)


def test_every_image_byte_is_in_the_key(project_copy):
    images = project_copy / "sources/images"
    images.mkdir()
    Image.new("RGB", (60, 40), (30, 90, 150)).save(images / "port.png")
    (images / "framed.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="60" height="40">'
        '<image href="port.png" width="60" height="40"/></svg>',
        encoding="utf-8",
    )
    with_image(project_copy, "sources/images/framed.svg")

    def key() -> str:
        sources = read_sources(project_copy / "sources")
        return KeyMaker(project_copy, sources).key(THESSALONIKI)

    first = key()
    Image.new("RGB", (60, 40), (200, 30, 30)).save(images / "port.png")  # what the SVG image shows
    second = key()
    (images / "framed.svg").write_text((images / "framed.svg").read_text().replace('width="60"', 'width="61"', 1))
    assert len({first, second, key()}) == 3


@pytest.mark.build
def test_replacing_an_image_at_the_same_path_rebuilds_without_force(project_copy):
    (project_copy / "sources/images").mkdir()
    photo = project_copy / "sources/images/port.jpg"
    Image.new("RGB", (614, 413), (30, 90, 150)).save(photo, dpi=(300, 300))
    with_image(project_copy, "sources/images/port.jpg")
    output = project_copy / "output"
    pdf = output / "el/programme-2017-05-thessaloniki-screen.pdf"
    assert run_cli("build", *ONE_PROGRAMME, project=project_copy).exit_code == 0
    before = pdf.read_bytes()
    Image.new("RGB", (614, 413), (200, 30, 30)).save(photo, dpi=(300, 300))
    result = run_cli("build", *ONE_PROGRAMME, project=project_copy)
    assert result.exit_code == 0, result.output
    assert "built 1, unchanged 0, failed 0" in result.output
    assert pdf.read_bytes() != before


@pytest.mark.build
def test_the_preview_starts_and_reports_an_alias_bomb(project_copy, tmp_path):
    workshop = project_copy / "sources/workshops/2017-01-vantaa.yaml"
    workshop.write_text(workshop.read_text() + "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + LAUGHS)
    port = free_port()
    with (tmp_path / "preview.log").open("w") as log:
        server = start_preview(project_copy, port, log)
    try:
        status = wait_until(lambda: (s := read_status(port)) and s.get("problems") and s, 60, "the problems")
        assert "its aliases repeat more than 10,000 values" in json.dumps(status, ensure_ascii=False)
        assert server.poll() is None, "the preview keeps running"
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert "Traceback" not in (tmp_path / "preview.log").read_text()


def test_a_malformed_svg_image_of_a_layout_is_an_error_not_a_blank(project_copy):
    (project_copy / "styles/mark.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><rect>\n</svg>\n')
    layout = project_copy / "layouts/programme.html"
    layout.write_text(
        layout.read_text().replace("{% block body %}", '{% block body %}<img src="styles/mark.svg" alt="">', 1)
    )
    result = run_cli("check", project=project_copy)
    assert result.exit_code == 2, result.output
    assert (
        "styles/mark.svg: cannot be used as an SVG image: line 2: is not well-formed XML (mismatched tag)"
        in result.output
    )
