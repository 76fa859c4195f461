"""Glyph coverage and other scripts: the check fails on a character no font has; the Greek and
German programmes are set in their script with the project's fonts and no .notdef box."""

from __future__ import annotations

import unicodedata

import pypdfium2 as pdfium
import pytest

from publication.assets import stylesheet_paths
from publication.check import (
    check_glyphs,
    families_used,
    read_font_faces,
    statement_families,
)
from publication.eu_visibility import STATEMENTS
from publication.plan import Project, Publication
from publication.sources import read_sources
from publication.theme import theme_of
from tests.conftest import ROOT, run_cli
from tests.pdfs import pdf_font_problems

WORKSHOP = "sources/workshops/2017-05-thessaloniki.yaml"
STATEMENT_FONTS = ("Ubuntu Latin", "Ubuntu Latin Ext", "Ubuntu Greek", "Ubuntu Cyrillic")  # the EU emblem's words
PROJECT_FONTS = ("Inter", "Noto Serif", *STATEMENT_FONTS)


def inject(project, relative, old, new):
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(project, relative, needle) -> int:
    lines = (project / relative).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def pdf_text(path) -> str:
    """The text of every page, lines joined by spaces."""
    document = pdfium.PdfDocument(str(path))
    return " ".join(" ".join(document[i].get_textpage().get_text_range().split()) for i in range(len(document)))


def script_share(text: str, script: str) -> float:
    """The share of letters whose Unicode name starts with `script` (GREEK, LATIN)."""
    letters = [ch for ch in text if ch.isalpha()]
    return sum(unicodedata.name(ch, "").startswith(script) for ch in letters) / len(letters)


# --- the check before rendering ----------------------------------------------------------


def test_fonts_and_families_are_read_from_the_stylesheets():
    theme = theme_of(ROOT)
    faces = read_font_faces(theme)
    assert set(faces) == set(PROJECT_FONTS)
    assert len(faces["Inter"]) == 6 and len(faces["Noto Serif"]) == 4
    assert families_used(stylesheet_paths(theme, Publication("programme", "fr", "screen", "x").stylesheets)) == [
        "Inter"
    ]
    assert "Noto Serif" in families_used(stylesheet_paths(theme, Publication("brochure", "fr", "screen").stylesheets))
    # The EU emblem's words have their own stack, checked against their own words only.
    assert statement_families(stylesheet_paths(theme, Publication("poster", "el", "print").stylesheets)) == list(
        STATEMENT_FONTS
    )


def test_every_eu_statement_has_its_glyphs_in_the_statement_fonts():
    """Each wording of the EU's table is drawn by one of the shipped Ubuntu cuts (no fallback, no box)."""
    faces = read_font_faces(theme_of(ROOT))
    cuts = [face for family in STATEMENT_FONTS for face in faces[family]]
    for row in STATEMENTS.values():
        for words in (row.union, row.co_funded, row.funded):
            assert not [ch for ch in words if ch != " " and not any(ord(ch) in f.codepoints for f in cuts)], words


@pytest.mark.build
@pytest.mark.parametrize("character", ["\u9f8d", "\uf8e4"], ids=["CJK", "Klingon (private use)"])
def test_character_no_font_has_fails_check_and_build(project_copy, character):
    inject(project_copy, WORKSHOP, "el: Διάλειμμα", f"el: Διάλειμμα {character}")
    line = line_of(project_copy, WORKSHOP, character) - 3  # the `title:` key of that text
    code = f"U+{ord(character):04X}"
    # The build: the Greek programme fails, the German ones typeset (fewer than all programmes, the
    # same proof) and still nothing is written.
    build = ["build", "--kind", "programme", "--lang", "el", "--lang", "de", "--variant", "screen"]
    for command in (["check"], [*build, "--output", str(project_copy / "output")]):
        result = run_cli(*command, project=project_copy)
        assert result.exit_code == 2, result.output
        assert f"{WORKSHOP}:{line}: agenda[1].sessions[3].title '{character}' ({code}" in result.output
        assert "has no glyph in the font Inter (Inter-Regular.otf)" in result.output
        assert "el programme-2017-05-thessaloniki" in result.output
        assert "Traceback" not in result.output
    assert not (project_copy / "output").exists(), "nothing is written when a glyph is missing"


def test_check_follows_the_fonts_each_publication_uses(project_copy):
    """'→' is in Inter but not in Noto Serif: fine in a programme, an error in the brochure's serif text."""
    inject(project_copy, WORKSHOP, "fr: Accueil des participants et café", "fr: Accueil → café")
    inject(project_copy, "sources/network.yaml", "fr: Améliorer la prise", "fr: → Améliorer la prise")
    project = Project(project_copy, project_copy / "output")
    sources = read_sources(project.sources)
    programme = check_glyphs(project, sources, [Publication("programme", "fr", "screen", "2017-05-thessaloniki")])
    assert programme == []
    brochure = check_glyphs(project, sources, [Publication("brochure", "fr", "screen")])
    assert [(p.file, p.field) for p in brochure] == [("sources/network.yaml", "aim")]
    assert "U+2192" in brochure[0].message and "Noto Serif (NotoSerif-" in brochure[0].message


def test_missing_glyph_in_the_message_catalogue_is_located(project_copy):
    inject(project_copy, "layouts/messages/el.yaml", "room: Αίθουσα", "room: Αίθουσα \u9f8d")
    project = Project(project_copy, project_copy / "output")
    sources = read_sources(project.sources)
    problems = check_glyphs(project, sources, [Publication("programme", "el", "screen", "2017-05-thessaloniki")])
    assert [(p.file, p.line, p.field) for p in problems] == [
        ("layouts/messages/el.yaml", line_of(project_copy, "layouts/messages/el.yaml", "\u9f8d"), "room")
    ]


# --- after rendering: the PDFs ------------------------------------------------------------


@pytest.mark.build
def test_pdf_inspection_finds_a_fallback_font_or_notdef():
    """A font that is not the project's, and a character no font has, are both found in the PDF.

    The fonts are the project's own files as file: URIs, and the "foreign" font is one of them
    too (Noto Serif, when only Inter is allowed): nothing depends on the fonts a machine has.
    """
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    fonts, font_config = ROOT / "styles" / "fonts", FontConfiguration()  # @font-face needs a FontConfiguration
    css = weasyprint.CSS(
        font_config=font_config,
        string=f'@font-face {{ font-family: "Inter"; src: url("{(fonts / "Inter-Regular.otf").as_uri()}"); }}'
        f'@font-face {{ font-family: "Fallback"; src: url("{(fonts / "NotoSerif-Regular.ttf").as_uri()}"); }}'
        'body { font-family: "Inter"; } .other { font-family: "Fallback"; }',
    )

    def pdf_of(html: str) -> bytes:
        return weasyprint.HTML(string=html).write_pdf(stylesheets=[css], font_config=font_config)

    good = pdf_of("<p>Θεσσαλονίκη, Rīga</p>")
    assert pdf_font_problems(good, ("Inter",)) == []
    # A private-use character (the Klingon range) is in no font: WeasyPrint draws .notdef.
    notdef = pdf_of("<p>Θεσσαλονίκη \uf8e4</p>")
    assert pdf_font_problems(notdef, ("Inter",)) == ["page 1: font Inter draws .notdef boxes for missing glyphs"]
    # Text set in another font than the allowed ones: named as not the project's.
    foreign = pdf_of('<p>Rīga <span class="other">Θεσσαλονίκη</span></p>')
    assert pdf_font_problems(foreign, ("Inter",)) == ["page 1: font Fallback is not one of the project's fonts"]


@pytest.mark.build
def test_every_built_pdf_uses_only_the_project_fonts_and_no_notdef(built, manifest):
    pdfs = [entry["path"] for entry in manifest if entry["path"].endswith(".pdf")]  # not the web pages
    problems = {path: pdf_font_problems(built / path, PROJECT_FONTS) for path in pdfs}
    assert {path: found for path, found in problems.items() if found} == {}


@pytest.mark.build
@pytest.mark.parametrize("variant", ["screen", "print"])
def test_greek_programme_is_set_in_greek(built, variant):
    text = pdf_text(built / "el" / f"programme-2017-05-thessaloniki-{variant}.pdf")
    for words in (
        "Διακρατικό εργαστήριο στη Θεσσαλονίκη",
        "17–18 Μαΐου 2017",  # its exact dates (the example days)
        "Θεσσαλονίκη, Ελλάδα",
        "Αίθουσα ολομέλειας",
        "Τετάρτη 17 Μαΐου 2017",
        "Βασιλέως Γεωργίου Α΄ 1",
        "Σελίδα 1 από",
        "Γλώσσες εργασίας",
        "Ευρωπαϊκή Ένωση",
        "Διεύθυνση Επικοινωνίας",
    ):
        assert words in text
    for other in ("Salle", "Room", "direction de la communication", "co-financé"):
        assert other not in text  # no fallback to another language
    assert script_share(text, "GREEK") > 0.75
    assert "\ufffd" not in text


@pytest.mark.build
@pytest.mark.parametrize(
    "workshop, words",
    [
        (
            "2016-09-dresden",
            (
                "Auftaktworkshop in Dresden",
                "September 2016",
                "Dresden, Deutschland",
                "Plenarsaal",
                "Mittwoch, 21. September 2016",
                "Raum 2",
            ),
        ),
        (
            "2017-09-oldenburg",
            (
                "Transnationaler Workshop in Oldenburg",
                "September 2017",
                "Oldenburg, Deutschland",
                "Plenarsaal",
                "Mittwoch, 20. September 2017",
            ),
        ),
    ],
)
def test_german_programmes_are_set_in_german(built, workshop, words):
    text = pdf_text(built / "de" / f"programme-{workshop}-screen.pdf")
    for word in words:
        assert word in text
    for other in ("Salle", "Plenary", "direction de la communication", "co-financé"):
        assert other not in text
    assert "Europäische Union" in text and "kofinanziert" in text
    assert script_share(text, "LATIN") > 0.95
    assert "\ufffd" not in text


@pytest.mark.build
def test_brochure_gives_riga_its_latvian_name(built):
    for lang in ("fr", "en"):
        text = pdf_text(built / lang / "brochure-screen.pdf")
        assert "Riga · Rīga" in text
        assert "Θεσσαλονίκη" in text
    assert "Dresde · Dresden" in pdf_text(built / "fr" / "brochure-screen.pdf")
