"""Page budgets kept by design: each kind fits its pages (plan.py), the build steps through the
density levels until it does, and says so when even the densest level does not fit. The stress
sources (tests/stress.py) grow the shipped ones past what the layouts were designed for."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml

from publication.booklet import LEAST_FILL
from publication.plan import BUDGET_OF_KIND, PageBudget, Publication
from tests.conftest import run_cli
from tests.pdfs import content_bottoms, flat_text, has_text, page_text, text_runs
from tests.stress import LONG_WORKSHOP, lengthen_agenda


def entries(output: Path) -> dict[str, dict]:
    return {e["path"]: e for e in json.loads((output / "manifest.json").read_text())["files"]}


def pages_text(path: Path) -> list[str]:
    document = pdfium.PdfDocument(str(path))
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def text_box(path: Path, page: int, text: str) -> tuple[float, float, float, float]:
    """The box (left, bottom, right, top, in points) of the first occurrence of `text` on a page."""
    document = pdfium.PdfDocument(str(path))
    try:
        textpage = document[page].get_textpage()
        found = textpage.search(text, match_case=True).get_next()
        assert found, f"{text!r} not on page {page + 1} of {path.name}"
        boxes = [textpage.get_charbox(i) for i in range(found[0], found[0] + found[1])]
    finally:
        document.close()
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


# --- the budgets, decided once in the plan ----------------------------------------------------


def test_budgets_of_the_kinds():
    assert BUDGET_OF_KIND["programme"] == PageBudget(1, 6)  # names >= 7 pt, labels >= 6.5 pt: pages, not smaller type
    assert BUDGET_OF_KIND["overview"] == PageBudget(1, 2)
    assert BUDGET_OF_KIND["poster"] == PageBudget(1, 1, one_sheet=True)
    brochure = Publication("brochure", "fr", "print").page_budget
    assert [brochure.fits(n) for n in (7, 8, 9, 10, 11)] == [True, True, False, False, True]
    assert brochure.overrun(9) == "9 pages and 3 notes pages to make 12, over its budget of 1 notes page"
    assert brochure.overrun(15) == "16 pages, over its budget of 12"  # a booklet of 4, 8 or 12 pages
    assert BUDGET_OF_KIND["programme"].overrun(7) == "7 pages, over its budget of 6"


@pytest.mark.build
def test_shipped_publications_stay_normal(manifest):
    assert {entry["density"] for entry in manifest} == {"normal"}
    assert {entry["notes_pages"] for entry in manifest if entry["kind"] == "brochure"} == {0}


# --- the stress sources -------------------------------------------------------------------


@pytest.fixture(scope="module")
def stressed(stress_built) -> Path:
    """The stress project's output (the session's `stress_built`): overview, brochure, the long
    programme, the French poster; no build said a publication was over its budget."""
    assert "over its budget" not in (stress_built.parent / "build.log").read_text(encoding="utf-8")
    return stress_built / "output"


@pytest.mark.build
def test_stress_sources_fit_their_budgets(stressed):
    found = entries(stressed)
    for path, entry in found.items():
        budget = BUDGET_OF_KIND[entry["kind"]]
        assert budget.least <= entry["pages"] <= (budget.most or 99), path
        assert entry["pages"] % budget.multiple == 0, path
    assert found["fr/brochure-screen.pdf"]["notes_pages"] <= 1
    assert len(pages_text(stressed / "fr/brochure-screen.pdf")) == found["fr/brochure-screen.pdf"]["pages"]


@pytest.mark.build
def test_stress_overview_last_page_is_not_credits_alone(stressed):
    last = pages_text(stressed / "fr/overview-screen.pdf")[-1]
    assert "Wrocław" in last  # the last workshop travels with the closing block


@pytest.mark.build
def test_every_workshop_of_the_stress_overview_is_printed(stressed):
    text = flat_text(stressed / "fr/overview-screen.pdf")
    assert has_text(text, "Communauté d’agglomération de Saint-Quentin-en-Yvelines")
    assert text.count("Coordonner les échelons") >= 5


# --- over budget even condensed ----------------------------------------------------------------


@pytest.mark.build
def test_programme_over_budget_warns_and_strict_fails(project_copy):
    lengthen_agenda(project_copy / "sources" / "workshops" / f"{LONG_WORKSHOP}.yaml", 150)
    args = ("build", "--output", str(project_copy / "out"), "--kind", "programme", "--lang", "fr", "--variant", "print")
    result = run_cli(*args, "--event", LONG_WORKSHOP, project=project_copy)
    assert result.exit_code == 0, result.output
    entry = entries(project_copy / "out")[f"fr/programme-{LONG_WORKSHOP}-print.pdf"]
    assert entry["density"] == "condensed"
    warning = (
        f"warning: fr/programme-{LONG_WORKSHOP}-print.pdf needs {entry['pages']} pages, "
        "over its budget of 6, even condensed"
    )
    assert entry["pages"] > 6 and warning in result.output
    # Even condensed, nothing under 6.5 pt and the speakers (here free texts) at 7 pt or more.
    runs = [(size, text.strip()) for _, size, text in text_runs(project_copy / "out" / entry["path"]) if text.strip()]
    assert min(size for size, _ in runs) >= 6.5 - 0.01
    speakers = [
        size for size, text in runs if text in ("Élu·e de la ville hôte", "Chef de projet, Amadora", "Équipes locales")
    ]
    assert speakers and min(speakers) >= 7 - 0.01
    strict = run_cli(*args, "--strict", project=project_copy)  # unchanged: the warning comes from the state
    assert strict.exit_code == 2
    assert warning in strict.output
    assert "--strict: 1 publication over its page budget" in strict.output


# --- page defects ----------------------------------------------------------------------------


@pytest.mark.build
def test_empty_agenda_prints_no_lone_heading(project_copy):
    path = project_copy / "sources" / "workshops" / "2017-09-oldenburg.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.pop("agenda", None)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run_cli(
        "build",
        "--output",
        str(project_copy / "out"),
        "--kind",
        "programme",
        "--lang",
        "fr",
        "--variant",
        "screen",
        project=project_copy,
    )
    assert result.exit_code == 0, result.output
    lines = [
        line.strip() for line in page_text(project_copy / "out/fr/programme-2017-09-oldenburg-screen.pdf").splitlines()
    ]
    assert "Programme" not in lines and "Programme à venir" in lines  # it announces the programme (test_programmes.py)
    assert "Programme" in page_text(project_copy / "out/fr/programme-2017-05-thessaloniki-screen.pdf")


@pytest.mark.build
def test_back_cover_contacts_stand_apart(project_copy):
    path = project_copy / "sources" / "contacts.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    second = {**data["contacts"][0], "name": "Secrétariat conjoint URBACT", "email": "info@urbact.eu"}
    path.write_text(
        yaml.safe_dump({**data, "contacts": [data["contacts"][0], second]}, allow_unicode=True), encoding="utf-8"
    )
    result = run_cli(
        "build",
        "--output",
        str(project_copy / "out"),
        "--kind",
        "brochure",
        "--lang",
        "fr",
        "--variant",
        "screen",
        project=project_copy,
    )
    assert result.exit_code == 0, result.output
    pdf = project_copy / "out/fr/brochure-screen.pdf"
    back = len(pages_text(pdf)) - 1
    first_mail, second_name = text_box(pdf, back, "europe@valdemarne.fr"), text_box(pdf, back, "Secrétariat")
    line = first_mail[3] - first_mail[1]
    assert first_mail[1] - second_name[3] > 2 * line, "the second contact runs into the first"


@pytest.mark.build
def test_brochure_spilling_a_row_is_planned_not_padded(project_copy):
    """Thirteen partners spill the partner table when each block opens its page (9 pages, 3 notes
    pages to 12): the brochure's plan sets its blocks on 8 pages instead, none of them notes, every
    inside page filled."""
    from tests.stress import add_partners

    path = project_copy / "sources" / "partners.yaml"
    add_partners(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(yaml.safe_dump({**data, "partners": data["partners"][:13]}, allow_unicode=True), encoding="utf-8")
    result = run_cli(
        "build",
        "--output",
        str(project_copy / "out"),
        "--kind",
        "brochure",
        "--lang",
        "fr",
        "--variant",
        "print",
        project=project_copy,
    )
    assert result.exit_code == 0, result.output
    entry = entries(project_copy / "out")["fr/brochure-print.pdf"]
    assert (entry["pages"], entry["notes_pages"]) == (8, 0)
    fills = content_bottoms(project_copy / "out/fr/brochure-print.pdf", (17.0, 192.0), 148.0)
    assert min(fills[1:-1]) >= LEAST_FILL, fills
    text = flat_text(project_copy / "out/fr/brochure-print.pdf")
    assert "Notes" not in text
    assert has_text(text, "Δήμος Ηρακλείου Κρήτης")
