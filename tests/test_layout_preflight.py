"""The layout preflight (`preflight --layout`, and every build): a table of faulty PDFs, each made to
fire one check, with the exact finding and where it is; a clean page that gives none; the thresholds
of each kind; the build's handling (lost text fails the document and writes nothing of it, warnings
are told by every build and fail --strict); what it finds on the shipped sources and the stress
sources (the examples: tests/test_examples.py); the defects an editorial designer found, rebuilt on
today's layouts.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from publication.cli import main
from publication.messages import use_language
from publication.preflight import LAYOUT_RULES, preflight_layout, retold, rules_for, stored, told
from publication.preflight.layout import rules_for_sheet
from publication.typeset import page_frame, project_font_configuration
from tests.conftest import ROOT, run_cli
from tests.stress import draft_kicker, long_venue, stress_project, two_line_header

FONTS = ROOT / "styles" / "fonts"
FACES = "".join(
    f"@font-face {{ font-family: Inter; font-weight: {weight}; src: url('{(FONTS / name).as_uri()}'); }}"
    for weight, name in ((400, "Inter-Regular.otf"), (700, "Inter-Bold.otf"))
)


def layout_pdf(body: str, page: str = "size: A4; margin: 20mm", css: str = "") -> tuple[bytes, tuple]:
    """A PDF of `body` in the project's Inter (no system font: the same glyphs everywhere), and its
    pages' frames as the build's typesetter gives them."""
    import weasyprint

    fonts = project_font_configuration()
    style = f"{FACES} @page {{ {page} }} html {{ font: 10pt/1.4 Inter; }} body, p {{ margin: 0; }} {css}"
    document = weasyprint.HTML(string=f"<html><body>{body}</body></html>").render(
        stylesheets=[weasyprint.CSS(string=style, font_config=fonts)], font_config=fonts
    )
    return document.write_pdf(), tuple(page_frame(page) for page in document.pages)


def findings(pdf: bytes, frames=None, kind: str = "programme", width_mm: float = 210) -> list[tuple]:
    report = preflight_layout(pdf, rules_for(kind, width_mm), frames=frames)
    return [(f.severity, f.page, f.check, f.message) for f in report.findings]


# Each faulty page and the one finding it must give (its message ends with where it is, in mm from
# the trim's top-left). The first four rebuild, in a few lines of HTML, what the designer found.
FAULTY = {
    "subtitle overflowing a shrunk header onto a pale band": (
        {
            "body": "<header style='height: 9mm; background: #1a3060; color: #fff; padding: 2mm 4mm'>"
            "<p style='font: 700 16pt/1 Inter'>Arrival Cities</p>"
            "<p style='width: 60mm'>Le projet européen URBACT, réseau « villes d’arrivée »</p></header>"
            "<section style='background: #eef3fa; padding: 0 4mm 4mm'><p>Améliorer l’accueil au niveau local.</p>"
            "</section>",
        },
        [
            (
                "error",
                1,
                "hidden-text",
                "'« villes d’arrivée »' is hidden: DeviceRGB 1 1 1 text on DeviceRGB 0.933 0.953 0.98, contrast 1.12:1 (at least 1.5:1), at x 24–53.2 mm, y 33.8–37 mm",
            ),
            (
                "error",
                1,
                "text-collision",
                "'Améliorer l’accueil au niveau local.' and '« villes d’arrivée »' print over each other, at x 24–53.2 mm, y 34.3–36.9 mm",
            ),
        ],
    ),
    "kicker under the draft badge": (
        {
            "body": "<header style='position: relative; background: #1a3060; padding: 4mm'>"
            "<p style='color: #f63; letter-spacing: 0.08em'>RÉSEAU THÉMATIQUE URBACT · 2018–2018</p>"
            "<p style='position: absolute; top: 3mm; left: 62mm; background: #f63; color: #fff; padding: 1mm 2mm'>"
            "PROVISOIRE / DRAFT</p></header>",
        },
        [
            (
                "error",
                1,
                "hidden-text",
                "'· 2018–2018' of 'RÉSEAU THÉMATIQUE URBACT · 2018–2018' is hidden under a DeviceRGB 1 0.4 0.2 fill painted after it, at x 24–107.7 mm, y 25.2–28.5 mm",
            ),
            (
                "error",
                1,
                "text-collision",
                "'RÉSEAU THÉMATIQUE URBACT · 2018–2018' and 'PROVISOIRE / DRAFT' print over each other, at x 84–107.7 mm, y 25.3–28.3 mm",
            ),
        ],
    ),
    "list rules running under a floated map through its labels": (
        {
            "body": "<div style='float: right; width: 60mm'><svg width='60mm' height='40mm' viewBox='0 0 60 40'>"
            "<text x='10' y='8.9' font-family='Inter' font-size='3'>Oldenburg</text></svg></div>"
            "<ul style='margin: 0; padding: 0; list-style: none'>"
            + "".join(
                f"<li style='border-bottom: 0.5pt solid #ccd; padding: 1.5mm 0'>Workshop {n}</li>" for n in (1, 2, 3)
            )
            + "</ul>",
        },
        [
            (
                "warning",
                1,
                "rule-through-text",
                "a 0.5 pt DeviceRGB 0.8 0.8 0.867 rule runs through 'Oldenburg', at x 140–154.9 mm, y 26.7–29.5 mm",
            )
        ],
    ),
    "an unbroken venue name of 182 letters": (
        {"body": "<p>Venue: " + "Hôtel" + "x" * 177 + "</p>"},
        [
            (
                "error",
                1,
                "outside-trim",
                "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' of 'Hôtelxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' is outside the trim (up to 155.1 mm past it): cut off, at x 20–366 mm, y 26.2–29.4 mm",
            )
        ],
    ),
    "a line under a fill painted after it": (
        {
            "body": "<p>Registration closes on 2018–2018.</p>"
            "<div style='position: absolute; left: 40mm; top: 0; width: 30mm; height: 8mm; background: #e63'></div>"
        },
        [
            (
                "error",
                1,
                "hidden-text",
                "'018–2018.' of 'Registration closes on 2018–2018.' is hidden under a DeviceRGB 0.933 0.4 0.2 fill painted after it, at x 20–76.8 mm, y 21.2–24.5 mm",
            )
        ],
    ),
    "pale text on a pale band": (
        {"body": "<div style='background: #f2f2f2; padding: 4mm'><p style='color: #fff'>Pale words.</p></div>"},
        [
            (
                "error",
                1,
                "hidden-text",
                "'Pale words.' is hidden: DeviceRGB 1 1 1 text on DeviceRGB 0.949 0.949 0.949, contrast 1.12:1 (at least 1.5:1), at x 24–43.3 mm, y 25.2–28.5 mm",
            )
        ],
    ),
    "a word cut off by its box": (
        {
            "body": "<div style='width: 30mm; overflow: hidden; white-space: nowrap'><p>Ateliers transnationaux du réseau</p></div>"
        },
        [
            (
                "error",
                1,
                "hidden-text",
                "'naux du réseau' of 'Ateliers transnationaux du réseau' is cut off by the edge of the area it is drawn in, at x 20–75.7 mm, y 21.2–24.5 mm",
            )
        ],
    ),
    "two lines over each other": (
        {"body": "<p>First line of the heading</p><p style='margin-top: -3mm'>Second line runs over it</p>"},
        [
            (
                "error",
                1,
                "text-collision",
                "'Second line runs over it' and 'First line of the heading' print over each other, at x 20–59.1 mm, y 23.2–24.3 mm",
            )
        ],
    ),
    "a rule through a line": (
        {
            "body": "<p>Oldenburg and Dresden</p>"
            "<div style='position: absolute; left: 0; top: 2mm; width: 60mm; border-top: 0.5pt solid #ccd'></div>"
        },
        [
            (
                "warning",
                1,
                "rule-through-text",
                "a 0.5 pt DeviceRGB 0.8 0.8 0.867 rule runs through 'Oldenburg and Dresden', at x 20–59.7 mm, y 21.2–24.5 mm",
            )
        ],
    ),
    "text in the safe margin": (
        {"body": "<p>Near the edge</p>", "page": "size: A4; margin: 1.5mm"},
        [
            (
                "warning",
                1,
                "safe-margin",
                "'Near the edge' is 1.5 mm from the trim (keep text 3 mm inside it), at x 1.5–25.4 mm, y 2.7–6 mm",
            )
        ],
    ),
    "type under 6 pt": (
        {"body": "<p style='font-size: 5pt'>Five-point caption under the map</p>"},
        [
            (
                "warning",
                1,
                "type-size",
                "5 pt text, under the 6 pt minimum: 'Five-point caption under the map', at x 20–47.8 mm, y 20.6–22.2 mm",
            )
        ],
    ),
    "a page that ends at the top": (
        {"body": "<p>A short first page.</p><p style='break-before: page'>The second and last page.</p>"},
        [
            (
                "warning",
                1,
                "underfilled-page",
                "the content ends at 2% of the text area's height (a page before the last goes down to at least 60%), at x 20–190 mm, y 20–277 mm",
            )
        ],
    ),
    "a running foot on two lines": (
        {
            "body": "<p>Page one.</p>" * 50 + "<p style='break-before: page'>Page two.</p>",
            "page": "size: A4; margin: 20mm; @bottom-left { content: 'Arrival Cities network, a long running foot'; "
            "width: 30mm; font: 7pt Inter }",
        },
        [
            (
                "warning",
                1,
                "running-head-wraps",
                "the running head or foot 'Arrival Cities network, a / long running foot' wraps onto 2 lines, at x 20–50 mm, y 277–297 mm",
            ),
            (
                "warning",
                2,
                "running-head-wraps",
                "the running head or foot 'Arrival Cities network, a / long running foot' wraps onto 2 lines, at x 20–50 mm, y 277–297 mm",
            ),
        ],
    ),
}


@pytest.mark.build
@pytest.mark.parametrize("case", list(FAULTY))
def test_each_faulty_page_gives_its_finding(case):
    made, expected = FAULTY[case]
    pdf, frames = layout_pdf(**made)
    assert findings(pdf, frames) == expected


@pytest.mark.build
def test_a_file_on_its_own_has_its_page_frames_inferred():
    """Without the typesetter's frames: the running foot is the lines printed at the same place on both
    pages in the page's bottom 8 %, its column that band; the text area lies between (here: the page)."""
    pdf, _ = layout_pdf(**FAULTY["a running foot on two lines"][0])
    foot = (
        "the running head or foot 'Arrival Cities network, a / long running foot' wraps onto 2 lines, "
        "at x 20–47.6 mm, y 273.2–297 mm"
    )
    assert findings(pdf) == [("warning", 1, "running-head-wraps", foot), ("warning", 2, "running-head-wraps", foot)]
    pdf, _ = layout_pdf(**FAULTY["a page that ends at the top"][0])
    assert findings(pdf) == [
        (
            "warning",
            1,
            "underfilled-page",
            "the content ends at 8% of the text area's height (a page before the last goes down to at least 60%), "
            "at x 0–210 mm, y 0–297 mm",
        )
    ]


@pytest.mark.build
def test_a_clean_page_gives_nothing():
    pdf, frames = layout_pdf("<h1 style='font-size: 20pt'>A title</h1><p>A clean page of text, inside its margins.</p>")
    assert findings(pdf, frames) == []
    assert findings(pdf) == []  # its frame inferred from the file alone


def raw_pdf(content: bytes) -> bytes:
    """A page written by hand (not by WeasyPrint): Helvetica, one byte a character, no ToUnicode."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
            FirstChar=32,
            Widths=[278] * 95,
        )
    )
    page = pdf.add_blank_page(page_size=(595.28, 841.89))
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(content)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_a_page_written_by_hand_is_measured_from_its_text_state():
    """Widths from /Widths, character spacing (Tc), leading (TL), T* and ': the fill painted later
    (x 100–140 pt) hides the glyphs whose middle it covers (each glyph 3.336 + 2 pt wide, from x 72),
    and the second line keeps clear of the first."""
    pdf = raw_pdf(
        b"BT /F1 12 Tf 14 TL 72 700 Td 2 Tc (Hidden words) Tj T* (Next line) ' ET 0 0 1 rg 100 695 40 20 re f"
    )
    assert findings(pdf) == [
        (
            "error",
            1,
            "hidden-text",
            "'n words' of 'Hidden words' is hidden under a DeviceRGB 0 0 1 fill painted after it, "
            "at x 25.4–48 mm, y 47–50.9 mm",
        )
    ]


HAND_FAULTS = (  # hidden under a fill painted after it; 4 pt text; a word 0.7 mm from the trim
    b"BT /F1 12 Tf 14 TL 72 700 Td 2 Tc (Hidden words) Tj T* (Next line) ' ET 0 0 1 rg 100 695 40 20 re f "
    b"BT /F1 4 Tf 72 600 Td (Tiny words) Tj ET BT /F1 12 Tf 2 400 Td (Edge) Tj ET"
)
FRENCH = {"LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "fr_FR.UTF-8"}
ENGLISH = {"LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8"}


def test_preflight_layout_speaks_the_messages_language(tmp_path):
    """The report's words are French under a French locale; the check codes stay as they are."""
    path = tmp_path / "hand.pdf"
    path.write_bytes(raw_pdf(HAND_FAULTS))
    said = {
        language: CliRunner().invoke(main, ["preflight", "--layout", str(path)], env=environment)
        for language, environment in (("fr", FRENCH), ("en", ENGLISH))
    }
    assert (said["fr"].exit_code, said["en"].exit_code) == (1, 1)
    assert said["fr"].output.splitlines() == [
        f"{path} : 1 page, mise en page, contrôlé comme programme A4",
        "  erreur : page 1 : [hidden-text] 'n words' de 'Hidden words' est caché sous un aplat DeviceRGB 0 0 1 "
        "peint après lui, en x 25.4–48 mm, y 47–50.9 mm",
        "  attention : page 1 : [safe-margin] 'Edge' est à 0.7 mm de la coupe (gardez le texte à 3 mm à "
        "l’intérieur), en x 0.7–8.2 mm, y 152.8–156.7 mm",
        "  attention : page 1 : [type-size] texte de 4 pt, sous le minimum de 6 pt : 'Tiny words', en x "
        "25.4–36.4 mm, y 84.3–85.6 mm",
        "  ÉCHEC : 1 erreur, 2 avertissements",
    ]
    assert said["en"].output.splitlines() == [
        f"{path}: 1 page, layout, checked as programme A4",
        "  error: page 1: [hidden-text] 'n words' of 'Hidden words' is hidden under a DeviceRGB 0 0 1 fill "
        "painted after it, at x 25.4–48 mm, y 47–50.9 mm",
        "  warning: page 1: [safe-margin] 'Edge' is 0.7 mm from the trim (keep text 3 mm inside it), at x "
        "0.7–8.2 mm, y 152.8–156.7 mm",
        "  warning: page 1: [type-size] 4 pt text, under the 6 pt minimum: 'Tiny words', at x 25.4–36.4 mm, "
        "y 84.3–85.6 mm",
        "  FAILED: 1 error, 2 warnings",
    ]


# The print, EU and screen preflights of the hand-made page, in French then English (after the heading).
OTHER_PREFLIGHTS = {
    "--eu": (
        [
            "  erreur : [eu-statement] aucune mention de l’UE dans la langue du document (en) : 'Co-funded by the "
            "European Union', 'Funded by the European Union' ou 'European Union'",
            "  erreur : [eu-emblem] aucun emblème de l’UE (le drapeau, bleu reflex, 3:2) sur aucune page",
            "  ÉCHEC : 2 erreurs, 0 avertissement",
        ],
        [
            "  error: [eu-statement] no EU statement in the document's language (en): 'Co-funded by the European "
            "Union', 'Funded by the European Union' or 'European Union'",
            "  error: [eu-emblem] no EU emblem (the flag, reflex blue, 3:2) on any page",
            "  FAILED: 2 errors, 0 warnings",
        ],
    ),
    "--screen": (
        [
            "  erreur : [tagged] le document n’est pas marqué comme balisé (/MarkInfo /Marked true)",
            "  erreur : [pdfua-identifier] les métadonnées XMP n’ont pas d’identifiant PDF/UA (pdfuaid:part 1)",
            "  erreur : [title] le document n’a pas de titre (dc:title dans les métadonnées XMP)",
            "  erreur : [title] la visionneuse montre le nom du fichier, pas le titre (/DisplayDocTitle true)",
            "  erreur : [document-language] le document n’a pas de langue naturelle (/Lang dans le catalogue)",
            "  erreur : [tagged] le document n’a pas d’arbre de structure (il n’est pas balisé)",
            "  erreur : page 1 : [contrast] 2.44:1 (il faut 4.5:1) pour un texte de 12.0 pt 'Hidden words' à "
            "25.7 mm, 246.9 mm du coin inférieur gauche",
            "  ÉCHEC : 7 erreurs, 0 avertissement",
        ],
        [
            "  error: [tagged] the document is not marked as tagged (/MarkInfo /Marked true)",
            "  error: [pdfua-identifier] the XMP metadata has no PDF/UA identifier (pdfuaid:part 1)",
            "  error: [title] the document has no title (dc:title in the XMP metadata)",
            "  error: [title] the viewer shows the file name, not the title (/DisplayDocTitle true)",
            "  error: [document-language] the document has no natural language (/Lang in the catalog)",
            "  error: [tagged] the document has no structure tree (it is not tagged)",
            "  error: page 1: [contrast] 2.44:1 (needs 4.5:1) for 12.0 pt text 'Hidden words' at 25.7 mm, "
            "246.9 mm from the bottom left",
            "  FAILED: 7 errors, 0 warnings",
        ],
    ),
    "--print": (
        [
            "  erreur : [pdfx] pas identifié comme PDF/X (pas de GTS_PDFXVersion dans les métadonnées XMP ni dans Info)",
            "  erreur : [output-intent] pas d’output intent GTS_PDFX : l’imprimeur ne peut pas connaître les "
            "conditions de couleur",
            "  erreur : page 1 : [boxes] pas de TrimBox : le format fini est inconnu",
            "  erreur : page 1 : [colour] couleur RVB dans un fichier d’impression : /DeviceRGB (1 emplois) ; "
            "convertissez-la en CMJN",
            "  erreur : page 1 : [text-black] texte en RVB 0 0 1 (2 passages), pas en 100 % K",
            "  erreur : page 1 : [fonts] la police /Helvetica n’est pas incorporée",
            "  ÉCHEC : 6 erreurs, 0 avertissement",
        ],
        [
            "  error: [pdfx] not identified as PDF/X (no GTS_PDFXVersion in the XMP metadata or Info)",
            "  error: [output-intent] no GTS_PDFX output intent: the printer cannot know the colour condition",
            "  error: page 1: [boxes] no TrimBox: the finished size is unknown",
            "  error: page 1: [colour] RGB colour in a print file: /DeviceRGB (1 uses); convert it to CMYK",
            "  error: page 1: [text-black] text in RGB 0 0 1 (2 runs), not 100 % K",
            "  error: page 1: [fonts] font /Helvetica is not embedded",
            "  FAILED: 6 errors, 0 warnings",
        ],
    ),
}
HEADINGS = {
    "--eu": (" : 1 page, visibilité UE (en)", ": 1 page, EU visibility (en)"),
    "--screen": (
        " : 1 page, écran (PDF/UA-1, contraste WCAG 2.2 AA)",
        ": 1 page, screen (PDF/UA-1, WCAG 2.2 AA contrast)",
    ),
    "--print": (" : 1 page, pas PDF/X, sans output intent", ": 1 page, not PDF/X, no output intent"),
}


@pytest.mark.parametrize("check", list(OTHER_PREFLIGHTS))
def test_the_print_eu_and_screen_preflights_speak_the_messages_language(tmp_path, check):
    path = tmp_path / "hand.pdf"
    path.write_bytes(raw_pdf(HAND_FAULTS))
    arguments = ["preflight", *([check] if check != "--print" else []), str(path)]
    french, english = (CliRunner().invoke(main, arguments, env=environment) for environment in (FRENCH, ENGLISH))
    assert (french.exit_code, english.exit_code) == (1, 1)
    assert french.output.splitlines() == [f"{path}{HEADINGS[check][0]}", *OTHER_PREFLIGHTS[check][0]]
    assert english.output.splitlines() == [f"{path}{HEADINGS[check][1]}", *OTHER_PREFLIGHTS[check][1]]


def test_a_stored_finding_is_told_in_the_language_of_the_run_that_tells_it():
    """The build state keeps a layout warning unworded (JSON): a later run says it in its own language."""
    report = preflight_layout(raw_pdf(HAND_FAULTS), rules_for("programme", 210))
    kept = json.loads(json.dumps([stored(finding) for finding in report.warnings]))
    try:
        use_language("fr")
        french = [retold(warning) for warning in kept]
        use_language("en")
        english = [retold(warning) for warning in kept]
    finally:
        use_language()
    assert (
        french[1]
        == "page 1 : [type-size] texte de 4 pt, sous le minimum de 6 pt : 'Tiny words', en x 25.4–36.4 mm, y 84.3–85.6 mm"
    )
    assert english == [told(finding) for finding in report.warnings]
    assert (
        english[1]
        == "page 1: [type-size] 4 pt text, under the 6 pt minimum: 'Tiny words', at x 25.4–36.4 mm, y 84.3–85.6 mm"
    )
    assert retold("page 1: [type-size] as an older state kept it") == "page 1: [type-size] as an older state kept it"


# --- thresholds ----------------------------------------------------------------------------------


def test_one_table_of_thresholds_and_the_poster_scaled_with_its_sheet():
    assert {
        kind: (r.safe_margin_mm, r.smallest_pt, r.credits_pt, r.credits_band_mm) for kind, r in LAYOUT_RULES.items()
    } == {
        "brochure": (3, 6, 6, 0),
        "programme": (3, 6, 6, 0),
        "overview": (3, 6, 6, 0),
        "poster": (6, 14, 10, 40),
        "changes": (3, 6, 6, 0),
        "web": (3, 6, 6, 0),  # a default: a web page has no sheet to check
        # The event kit: a badge's, table card's and room sign's type is large; their credits small.
        "badges": (4, 6, 5.5, 0),
        "table-cards": (4, 6, 5.5, 0),
        "room-signs": (4, 6, 5.5, 0),
        "attendance": (3, 6, 6, 0),
    }
    scaled = {
        size: (lambda r: (r.safe_margin_mm, r.smallest_pt, r.credits_pt, r.credits_band_mm))(rules_for("poster", width))
        for size, width in (("A3", 297), ("A2", 420), ("A1", 594), ("B2", 500))
    }
    assert scaled == {
        "A3": (4.2, 9.9, 7.1, 28.3),
        "A2": (6, 14, 10, 40),
        "A1": (8.5, 19.8, 14.1, 56.6),
        "B2": (7.1, 16.7, 11.9, 47.6),
    }


def test_a_file_on_its_own_is_checked_with_the_rules_of_its_size():
    assert rules_for_sheet(148, 210) == ("brochure A5", LAYOUT_RULES["brochure"])
    assert rules_for_sheet(210, 297) == ("programme A4", LAYOUT_RULES["programme"])
    assert rules_for_sheet(297, 210)[0] == "programme A4"  # landscape, or a brochure's spread: A5 rules are A4's
    assert rules_for_sheet(594, 841) == ("poster A1", rules_for("poster", 594))
    assert rules_for_sheet(100, 100) == ("100 × 100 mm, checked as a programme", LAYOUT_RULES["programme"])


@pytest.mark.build
def test_the_poster_credits_line_may_be_smaller_at_the_foot_of_the_sheet():
    page = "size: 420mm 594mm; margin: 20mm"
    body = (
        "<p style='font-size: 12pt'>Twelve points at the top</p>"
        "<p style='position: absolute; bottom: 5mm; font-size: 12pt'>Twelve points in the credits line</p>"
        "<p style='position: absolute; bottom: 0; font-size: 9pt'>Nine points in the credits line</p>"
    )
    pdf, frames = layout_pdf(body, page)
    assert findings(pdf, frames, "poster", 420) == [
        (
            "warning",
            1,
            "type-size",
            "9 pt text, under the 10 pt minimum: 'Nine points in the credits line', at x 20–63.5 mm, y 570.6–573.6 mm",
        ),
        (
            "warning",
            1,
            "type-size",
            "12 pt text, under the 14 pt minimum: 'Twelve points at the top', at x 20–68.2 mm, y 21.5–25.3 mm",
        ),
    ]


# --- the command -------------------------------------------------------------------------------


@pytest.mark.build
def test_preflight_layout_checks_any_pdf_as_text_and_json(tmp_path):
    made, _ = FAULTY["kicker under the draft badge"]
    path = tmp_path / "kicker.pdf"
    path.write_bytes(layout_pdf(**made)[0])
    result = run_cli("preflight", "--layout", str(path))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{path}: 1 page, layout, checked as programme A4",
        "  error: page 1: [hidden-text] '· 2018–2018' of 'RÉSEAU THÉMATIQUE URBACT · 2018–2018' is hidden under a "
        "DeviceRGB 1 0.4 0.2 fill painted after it, at x 24–107.7 mm, y 25.2–28.5 mm",
        "  error: page 1: [text-collision] 'RÉSEAU THÉMATIQUE URBACT · 2018–2018' and 'PROVISOIRE / DRAFT' print "
        "over each other, at x 84–107.7 mm, y 25.3–28.3 mm",
        "  FAILED: 2 errors, 0 warnings",
    ]
    (report,) = json.loads(run_cli("preflight", "--layout", "--json", str(path)).output)
    assert (report["layout"], report["pages"], report["errors"], report["warnings"]) == ("programme A4", 1, 2, 0)
    assert report["findings"][0] == {
        "severity": "error",
        "check": "hidden-text",
        "message": "'· 2018–2018' of 'RÉSEAU THÉMATIQUE URBACT · 2018–2018' is hidden under a DeviceRGB 1 0.4 0.2 "
        "fill painted after it, at x 24–107.7 mm, y 25.2–28.5 mm",
        "page": 1,
        "position": [24.0, 25.2, 107.7, 28.5],
        "text": "RÉSEAU THÉMATIQUE URBACT · 2018–2018",
        "source": None,
    }
    clean = tmp_path / "clean.pdf"
    clean.write_bytes(layout_pdf("<p>Clean.</p>")[0])
    assert run_cli("preflight", "--layout", str(clean)).exit_code == 0
    both = run_cli("preflight", "--layout", "--screen", str(clean))
    assert both.exit_code == 2 and "--screen, --layout and --eu are different checks" in both.output


# --- in the build ------------------------------------------------------------------------------

TWO_EVENTS = ("--event", "2016-09-dresden", "--event", "2017-01-vantaa")  # two programmes are enough
PROGRAMME = ("--kind", "programme", *TWO_EVENTS, "--lang", "fr", "--variant", "print")


def append_css(project: Path, name: str, css: str) -> None:
    with (project / "styles" / name).open("a", encoding="utf-8") as stylesheet:
        stylesheet.write(f"\n{css}\n")


def written_files(output: Path) -> dict:
    """Every file of the output folder but the state, and the state's record of the publications."""
    files = {path: path.read_bytes() for path in output.rglob("*") if path.is_file() and not path.name.startswith(".")}
    return {**files, "outputs": json.loads((output / ".build-state.json").read_text(encoding="utf-8"))["outputs"]}


@pytest.mark.build
def test_lost_text_fails_the_document_and_keeps_its_previous_files(project_copy):
    output = project_copy / "out"
    assert run_cli("build", "--output", str(output), *PROGRAMME, project=project_copy).exit_code == 0
    before = written_files(output)
    append_css(project_copy, "programme.css", ".masthead h1 { margin-left: 160mm; white-space: nowrap; }")
    result = run_cli("build", "--output", str(output), *PROGRAMME, project=project_copy)
    assert result.exit_code == 1
    failed = [line for line in result.output.splitlines() if line.startswith("failed ")]
    assert len(failed) == 2  # both programmes: their white title now runs off its blue masthead and the page
    assert all(
        "layout preflight: " in line
        and ", text lost; nothing written (the previous files stay): page 1: [hidden-text]" in line
        for line in failed
    ), failed
    assert "Error: 2 files failed" in result.output
    assert written_files(output) == before  # nothing of them written: the previous files, manifest, entries


@pytest.mark.build
def test_layout_warnings_are_told_by_every_build_and_fail_strict(project_copy):
    output = project_copy / "out"
    append_css(project_copy, "programme.css", "* { font-size: 5.5pt !important; }")
    # On screen: in print, small text on several plates is already the print preflight's error.
    args = ("build", "--output", str(output), "--kind", "programme", *TWO_EVENTS, "--lang", "fr", "--variant", "screen")
    result = run_cli(*args, project=project_copy)
    assert result.exit_code == 0, result.output
    manifest = json.loads((output / "manifest.json").read_text(encoding="utf-8"))["files"]
    said = [
        f"warning: {entry['path']}: {retold(warning)}"
        for entry in manifest
        for warning in entry.get("layout_warnings", [])
    ]
    assert len(said) == 2 and all("[type-size] 5.5 pt text, under the 6 pt minimum: " in line for line in said)
    assert all(line in result.output for line in said)
    strict = run_cli(*args, "--strict", project=project_copy)  # unchanged: the warnings come from the state
    assert strict.exit_code == 2
    assert all(line in strict.output for line in said)
    assert "--strict: 2 layout warnings" in strict.output
    # Unchanged again, in French: the warnings the state kept are told in the language of this run.
    french = CliRunner().invoke(main, ["--project", str(project_copy), *args], env=FRENCH)
    assert french.exit_code == 0, french.output
    retold_in_french = [line for line in french.output.splitlines() if "[type-size]" in line]
    assert len(retold_in_french) == 2, french.output
    assert all(
        line.startswith("attention : ") and " : [type-size] texte de 5.5 pt, sous le minimum de 6 pt : " in line
        for line in retold_in_french
    ), retold_in_french


# --- the shipped sources, the examples, the stress sources ---------------------------------------------


def layout_warnings(manifest: list[dict]) -> list[tuple[str, str]]:
    """The layout preflight's warnings, as the build recorded them (with the typesetter's page frames)."""
    return [(entry["path"], warning) for entry in manifest for warning in entry.get("layout_warnings", [])]


@pytest.mark.build
def test_no_shipped_pdf_loses_text(built, manifest):
    """Every document was written (none failed its layout preflight), and each file checked on its own
    by `preflight --layout` loses no text either."""
    paths = sorted(built.glob("*/*.pdf"))
    assert len(paths) == len([entry for entry in manifest if entry["path"].endswith(".pdf")]) == 38
    assert [(r.path, f.check, f.message) for r in map(preflight_layout, paths) for f in r.errors] == []


@pytest.mark.build
def test_shipped_publications_have_no_layout_finding(manifest):
    assert layout_warnings(manifest) == []


def build_all(project: Path, output: Path, *args: str) -> list[dict]:
    result = run_cli("build", "--output", str(output), *args, project=project)
    assert result.exit_code == 0, result.output
    return json.loads((output / "manifest.json").read_text(encoding="utf-8"))["files"]


@pytest.mark.build
def test_stress_sources_have_no_layout_finding(stress_built):
    """The overview, the brochure and the longest programme of the stress sources in French and English,
    the poster in French (the session's `stress_built`). A header of two lines: the designer's defects
    below, and the posters of tests/test_poster.py in every language."""
    manifest = json.loads((stress_built / "output" / "manifest.json").read_text(encoding="utf-8"))["files"]
    assert {entry["kind"] for entry in manifest} == {"overview", "brochure", "programme", "poster"}
    assert len(manifest) == 13  # 3 kinds × 2 languages × 2 variants, and the poster
    assert layout_warnings(manifest) == []


# --- what the designer found, on the layouts before issue #21 ------------------------------------------
# Each made the layout preflight fail its document (hidden subtitle, kicker under the badge, a venue
# cut off at the trim); the layouts now hold them: the document is written with no finding.

DEFECTS = {
    "two-line header": (two_line_header, "poster"),
    "kicker under the draft badge": (draft_kicker, "poster"),
    "venue of 182 letters": (long_venue, "overview"),
}


@pytest.mark.build
@pytest.mark.parametrize("defect", list(DEFECTS))
def test_the_defects_found_by_the_designer_are_gone(defect, tmp_path):
    make, kind = DEFECTS[defect]
    project = make(stress_project(tmp_path, aim=False, partners=False, workshops=False, long_agenda=False))
    manifest = build_all(project, tmp_path / "out", "--kind", kind, "--lang", "fr", "--variant", "print")
    assert f"fr/{kind}-print.pdf" in [entry["path"] for entry in manifest]
    assert layout_warnings(manifest) == []


@pytest.mark.build
def test_no_rule_runs_through_the_overviews_map_labels(manifest):
    """The designer found a list rule through the English overview's 'Oldenburg': the rules stop at the gutter."""
    assert [(path, w) for path, w in layout_warnings(manifest) if "overview" in path] == []
