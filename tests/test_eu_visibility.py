"""EU funding visibility: the emblem's words chosen from the sources' programme period and fund in
the publication's language (publication/eu_visibility.py), and the sources' mistakes located."""

from __future__ import annotations

import io
import json

import pytest

from publication.errors import SourceError
from publication.eu_visibility import PROGRAMME_PERIODS, STATEMENTS, emblem_text, period_of_years, wording
from publication.graphics import draw_eu_emblem
from publication.preflight import preflight_eu
from publication.sources import read_sources
from publication.typeset import project_font_configuration
from tests.conftest import ROOT, run_cli

NETWORK = "sources/network.yaml"
EMBLEM = "      mark: eu-emblem\n"


def edit(project, old: str, new: str) -> None:
    path = project / NETWORK
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(project, needle: str) -> int:
    lines = (project / NETWORK).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def test_every_official_language_has_both_statements_and_the_unions_name():
    # The 24 official languages of the Union; the shipped catalogues' (fr, en, de, el) among them.
    assert len(STATEMENTS) == 24 and {"fr", "en", "de", "el"} <= set(STATEMENTS)
    for row in STATEMENTS.values():
        assert row.union and row.co_funded and row.funded and row.co_funded != row.funded
    assert emblem_text("fr", "2021-2027", "co-funded") == "Cofinancé par l’Union européenne"
    assert emblem_text("de", "2021-2027", "funded") == "Finanziert von der Europäischen Union"
    assert emblem_text("en", "2021-2027", "co-funded") == "Co-funded by the European Union"
    # Before 2021: the emblem with the Union's name written out, as the build printed it.
    assert emblem_text("el", "2014-2020", "co-funded") == "Ευρωπαϊκή Ένωση"
    # A language the Union does not have (Serbian) says it in English.
    assert wording("sr") == STATEMENTS["en"]


def test_the_period_follows_the_networks_years():
    assert period_of_years(2016) == "2014-2020" and period_of_years(2026) == "2021-2027"
    assert period_of_years(1999) is None and list(PROGRAMME_PERIODS)[-1] == "2021-2027"


@pytest.mark.parametrize(
    "added, field, said",
    [
        ("      period: 2028-2034\n", "period", "'2028-2034' is not an EU programme period"),
        ("      fund: FEDER\n", "fund", "'FEDER' is not a fund the EU statement knows"),
        ("      fund: ERDF\n      statement: funded\n", "statement", "ERDF is shared with the member states"),
        ("      statement: half\n", "statement", "half"),
    ],
    ids=["unknown period", "unknown fund", "ERDF does not fund all", "unknown statement"],
)
def test_a_funders_mistake_is_located(project_copy, added, field, said):
    text = (project_copy / NETWORK).read_text(encoding="utf-8")
    text = text.replace("      period: 2014-2020\n      fund: ERDF\n", "")
    (project_copy / NETWORK).write_text(text.replace(EMBLEM, EMBLEM + added, 1), encoding="utf-8")
    with pytest.raises(SourceError) as raised:
        read_sources(project_copy / "sources")
    [problem] = [p for p in raised.value.problems if said in p.message]
    assert str(problem.file).endswith("network.yaml") and problem.field.endswith(field)
    assert problem.line == line_of(project_copy, added.strip().splitlines()[-1])
    assert problem.fix


def test_a_network_outside_every_period_must_name_its_funders_period(project_copy):
    edit(project_copy, "period: {start: 2016, end: 2018}", "period: {start: 2003, end: 2005}")
    edit(project_copy, "      period: 2014-2020\n", "")
    with pytest.raises(SourceError) as raised:
        read_sources(project_copy / "sources")
    [problem] = [p for p in raised.value.problems if "in no programme period" in p.message]
    assert "period:" in problem.fix and "funders" in problem.field and problem.line


# --- the check on the PDF (`preflight --eu`, and every build) --------------------------------------

FONTS = ROOT / "styles" / "fonts"
FACES = "".join(
    f"@font-face {{ font-family: '{family}'; src: url('{(FONTS / name).as_uri()}'); }}"
    for family, name in (
        ("Ubuntu Latin", "ubuntu-latin-400-normal.woff2"),
        ("Ubuntu Greek", "ubuntu-greek-400-normal.woff2"),
        ("Inter", "Inter-Regular.otf"),
        # The same Ubuntu file under a family whose name says italic: the font's name is what a PDF tells.
        ("Ubuntu Italic", "ubuntu-latin-400-normal.woff2"),
    )
)
LOGO = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
)


def eu_pdf(
    words: str = "Co-funded by the European Union",
    font: str = "Ubuntu Latin",
    colour: str = "#000000",
    emblem_mm: float | None = 12,
    logo_mm: float | None = 10,
    lang: str = "en",
) -> bytes:
    """A credits row as the layouts set it: the emblem drawn, its words beside it, a logo image."""
    import weasyprint

    emblem = (
        f"<div style='width: {1.5 * emblem_mm}mm; height: {emblem_mm}mm'>{draw_eu_emblem(None, title='EU')}</div>"
        if emblem_mm
        else ""
    )
    logo = f"<img src='{LOGO}' alt='Logo' style='height: {logo_mm}mm; width: {logo_mm}mm'>" if logo_mm else ""
    words_html = f"<span style=\"font-family: '{font}'; color: {colour}; max-width: 30mm\">{words}</span>"
    body = f"<div style='display: flex; align-items: center; gap: 3mm'>{emblem}{words_html}{logo}</div>"
    fonts = project_font_configuration()
    style = f"{FACES} @page {{ size: A5; margin: 15mm }} svg {{ width: 100%; height: 100% }} html {{ font: 9pt Inter }}"
    document = weasyprint.HTML(string=f"<html lang='{lang}'><body>{body}</body></html>").render(
        stylesheets=[weasyprint.CSS(string=style, font_config=fonts)], font_config=fonts
    )
    return document.write_pdf(pdf_variant="pdf/ua-1")


def eu_findings(pdf: bytes) -> list[str]:
    return [finding.check for finding in preflight_eu(io.BytesIO(pdf)).findings]


# Each faulty credits row and the findings it must give; the first is right and gives none.
EU_FAULTS = {
    "as the rules say": ({}, []),
    "the words in the brand's typeface": ({"font": "Inter"}, ["eu-typeface"]),
    "the words in italics": ({"font": "Ubuntu Italic"}, ["eu-italic"]),
    "the words in the brand's red": ({"colour": "#c0392b"}, ["eu-colour"]),
    "the words in reflex blue": ({"colour": "#003399"}, []),
    "the Union's name only, 2021-2027's words missing, in English": ({"words": "The Union"}, ["eu-statement"]),
    "an English statement in a Greek document": ({"lang": "el"}, ["eu-statement"]),
    "the Greek statement in a Greek document": (
        {"lang": "el", "words": "Συγχρηματοδοτείται από την Ευρωπαϊκή Ένωση", "font": "Ubuntu Greek"},
        [],
    ),
    "no emblem": ({"emblem_mm": None}, ["eu-emblem"]),
    "a logo taller than the emblem": ({"emblem_mm": 8, "logo_mm": 14}, ["eu-emblem-height"]),
}


@pytest.mark.build
@pytest.mark.parametrize("fault", EU_FAULTS, ids=list(EU_FAULTS))
def test_each_eu_visibility_finding_fires_on_its_faulty_pdf(fault):
    options, expected = EU_FAULTS[fault]
    assert eu_findings(eu_pdf(**options)) == expected


@pytest.mark.build
def test_preflight_eu_on_the_command_line(tmp_path):
    good, bad = tmp_path / "good.pdf", tmp_path / "bad.pdf"
    good.write_bytes(eu_pdf())
    bad.write_bytes(eu_pdf(font="Inter", colour="#c0392b"))
    passed = run_cli("preflight", "--eu", str(good))
    assert passed.exit_code == 0 and "EU visibility (en)" in passed.output and "passed: 0 errors" in passed.output
    failed = run_cli("preflight", "--eu", "--json", str(bad))
    assert failed.exit_code == 1
    [report] = json.loads(failed.output)
    assert report["eu"] == "en" and {f["check"] for f in report["findings"]} == {"eu-typeface", "eu-colour"}
    both = run_cli("preflight", "--eu", "--screen", str(good))
    assert both.exit_code == 2 and "different checks" in both.output


@pytest.mark.build
def test_the_shipped_build_passes_the_eu_check(built, manifest):
    """Every PDF of the shipped sources (2014-2020: the emblem with the Union's name, in Ubuntu)."""
    for entry in (entry for entry in manifest if entry["path"].endswith(".pdf")):  # not the web pages
        report = preflight_eu(built / entry["path"])
        assert report.findings == [], (entry["path"], report.findings)


@pytest.mark.build
def test_a_build_fails_on_emblem_words_in_a_colour_the_rules_forbid(project_copy):
    """Every build of a project the EU funds runs the check: a theme that sets the words in its red fails."""
    tokens = project_copy / "styles" / "tokens.css"
    text = tokens.read_text(encoding="utf-8")
    assert "--colour-eu-statement: #000000;" in text
    tokens.write_text(text.replace("--colour-eu-statement: #000000;", "--colour-eu-statement: #c0392b;"))
    one = ("--kind", "programme", "--event", "2017-09-oldenburg", "--lang", "en", "--variant", "screen")
    result = run_cli("build", *one, project=project_copy)
    assert result.exit_code != 0 and "[eu-colour] the EU statement 'European Union'" in result.output
