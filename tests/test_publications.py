"""The built publications: files, sizes, page counts, fonts, facts, draft marks, first-page looks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from tests.pdfs import embedded_fonts, flat_text, has_text, page_size_mm, render_page

pytestmark = pytest.mark.build  # every test here makes PDFs, or reads a fixture that does

WORKSHOPS = ["2016-09-dresden", "2017-01-vantaa", "2017-05-thessaloniki", "2017-09-oldenburg", "2018-01-val-de-marne"]
TRIMS = {"brochure": (148, 210), "poster": (420, 594), "overview": (210, 297), "programme": (210, 297)}
REFERENCES = Path(__file__).parent / "references"
ARTIFACTS = Path(__file__).parent / "artifacts"

# The page's facts, as each language writes them.
FACTS = {
    "fr": [
        "Amadora",
        "Portugal",
        "Département du Val-de-Marne",
        "Dresde",
        "Oldenburg",
        "Allemagne",
        "Messine",
        "Italie",
        "Patras",
        "Thessalonique",
        "Grèce",
        "Riga",
        "Lettonie",
        "Vantaa",
        "Finlande",
        "Roquetas de Mar",
        "Espagne",
        "Améliorer la prise en charge des flux migratoires au niveau local",
    ],
    "en": [
        "Amadora",
        "Portugal",
        "Val-de-Marne Département",
        "Dresden",
        "Oldenburg",
        "Germany",
        "Messina",
        "Italy",
        "Patras",
        "Thessaloniki",
        "Greece",
        "Riga",
        "Latvia",
        "Vantaa",
        "Finland",
        "Roquetas de Mar",
        "Spain",
        "Improve how migration flows are handled at local level",
    ],
}
LOCAL_GROUP = {
    "fr": [
        "Conseil départemental",
        "Office municipal des migrants de Champigny-sur-Marne",
        "Ville de Vitry-sur-Seine",
        "FORIM",
    ],
    "en": [
        "departmental council",
        "Municipal office for migrants of Champigny-sur-Marne",
        "City of Vitry-sur-Seine",
        "FORIM",
    ],
}
TIMELINE = {
    "fr": ["septembre 2016", "janvier 2017", "mai 2017", "septembre 2017", "janvier 2018"],
    "en": ["September 2016", "January 2017", "May 2017", "September 2017", "January 2018"],
}
CHALLENGES = {
    "fr": [
        "Coordonner les échelons",
        "Adapter les dispositifs",
        "Accompagner l’intégration locale",
        "Gérer la pression au quotidien",
        "Renforcer la cohésion sociale",
    ],
    "en": [
        "Coordinating levels of government",
        "Adapting the schemes",
        "Supporting local integration",
        "Managing daily pressure",
        "Strengthening social cohesion",
    ],
}


def entries(manifest, **where):
    return [e for e in manifest if all(e.get(k) == v for k, v in where.items())]


def test_every_publication_is_built_in_french_and_english(manifest, built):
    for lang in ("fr", "en"):
        for variant in ("screen", "print"):
            for kind in ("brochure", "poster", "overview"):
                assert len(entries(manifest, kind=kind, language=lang, variant=variant)) == 1, (kind, lang, variant)
            programmes = entries(manifest, kind="programme", language=lang, variant=variant)
            assert sorted(e["workshop"] for e in programmes) == WORKSHOPS
    for entry in manifest:
        assert (built / entry["path"]).is_file()
        assert entry["bytes"] == (built / entry["path"]).stat().st_size
        assert len(entry["sha256"]) == 64


def test_host_languages_add_programmes(manifest):
    assert {e["workshop"] for e in entries(manifest, language="de", variant="screen")} == {
        "2016-09-dresden",
        "2017-09-oldenburg",
    }
    assert {e["workshop"] for e in entries(manifest, language="el", variant="screen")} == {"2017-05-thessaloniki"}


def test_trim_sizes(manifest, built):
    for entry in (e for e in manifest if e["kind"] != "web"):  # a web page has no sheet (tests/test_web.py)
        path = built / entry["path"]
        box = "/MediaBox" if entry["variant"] == "screen" else "/TrimBox"
        expected = TRIMS[entry["kind"]]
        assert entry["trim_mm"] == list(expected)
        for size in page_size_mm(path, box):
            assert size == pytest.approx(expected, abs=0.2), (entry["path"], size)


def test_brochure_page_count_is_a_multiple_of_four(manifest):
    for entry in entries(manifest, kind="brochure"):
        assert entry["pages"] % 4 == 0 and entry["pages"] >= 8, entry


def test_poster_is_one_page_and_programmes_fit_in_six(manifest):
    assert all(e["pages"] == 1 for e in entries(manifest, kind="poster"))
    assert all(1 <= e["pages"] <= 6 for e in entries(manifest, kind="programme"))
    assert all(1 <= e["pages"] <= 2 for e in entries(manifest, kind="overview"))


def test_fonts_are_embedded_and_only_ours(manifest, built):
    for entry in (e for e in manifest if e["path"].endswith(".pdf")):
        fonts = embedded_fonts(built / entry["path"])
        assert fonts, entry["path"]
        assert all(fonts.values()), (entry["path"], fonts)
        # Subset names look like /ABCDEF+Inter-Bold: only the project's families appear (Ubuntu: the EU
        # emblem's words, in its cuts by script, /ABCDEF+Ubuntu-Latin).
        foreign = [name for name in fonts if not name.split("+")[-1].startswith(("Inter", "Noto-Serif", "Ubuntu-"))]
        assert not foreign, (entry["path"], foreign)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_brochure_carries_the_facts_of_the_page(built, lang):
    text = flat_text(built / lang / "brochure-screen.pdf")
    for fact in FACTS[lang] + LOCAL_GROUP[lang] + TIMELINE[lang] + CHALLENGES[lang]:
        assert has_text(text, fact), fact
    assert "2016–2018" in text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_poster_and_overview_carry_members_and_workshops(built, lang):
    poster = flat_text(built / lang / "poster-screen.pdf")
    for fact in FACTS[lang]:
        assert has_text(poster, fact), fact
    overview = flat_text(built / lang / "overview-screen.pdf")
    for text in (poster, overview):
        for month in TIMELINE[lang]:
            assert has_text(text, month), month
        for host in [*FACTS[lang][3:17:2][:1], "Vantaa", "Oldenburg", "Val-de-Marne"]:
            assert has_text(text, host), host


def test_draft_mark_where_data_is_draft(built):
    # Programmes hold example agendas (status: draft); the poster holds only the page's facts.
    for workshop in WORKSHOPS:
        assert has_text(flat_text(built / "fr" / f"programme-{workshop}-screen.pdf"), "PROVISOIRE / DRAFT")
    assert has_text(flat_text(built / "en" / "brochure-print.pdf"), "PROVISOIRE / DRAFT")
    assert not has_text(flat_text(built / "fr" / "poster-screen.pdf"), "PROVISOIRE")


def test_funding_statement_everywhere(built):
    statements = {
        "fr": "co-financé par le Fonds européen de développement régional (FEDER)",
        "en": "co-funded by the European Regional Development Fund",
    }
    for lang, statement in statements.items():
        for name in ["brochure", "poster", "overview", "programme-2017-01-vantaa"]:
            assert has_text(flat_text(built / lang / f"{name}-screen.pdf"), statement), (lang, name)


def test_programme_agenda_in_order_with_times(built):
    text = flat_text(built / "fr" / "programme-2018-01-val-de-marne-screen.pdf")
    assert "18–19 janvier 2018" in text
    assert "Jeudi 18 janvier 2018" in text and "Vendredi 19 janvier 2018" in text
    assert text.index("09:00–09:30") < text.index("16:45–17:30") < text.index("Vendredi 19 janvier")
    english = flat_text(built / "en" / "programme-2017-01-vantaa-screen.pdf")
    assert "January 2017" in english and "Thursday, 26 January 2017" in english


REFERENCE_PAGES = [
    "fr/brochure-screen.pdf",
    "fr/poster-screen.pdf",
    "fr/overview-screen.pdf",
    "fr/programme-2017-05-thessaloniki-screen.pdf",
    "en/brochure-print.pdf",
]


@pytest.mark.parametrize("relative", REFERENCE_PAGES)
def test_first_page_matches_reference(built, relative):
    """Page 1 against a committed PNG; UPDATE_REFERENCES=1 rewrites them after a wanted change."""
    actual = render_page(built / relative, 0, dpi=30)
    reference_file = REFERENCES / (relative.replace("/", "_").removesuffix(".pdf") + ".png")
    if os.environ.get("UPDATE_REFERENCES") == "1":
        REFERENCES.mkdir(exist_ok=True)
        actual.save(reference_file)
        pytest.skip("reference updated")
    expected = Image.open(reference_file).convert("RGB")
    assert actual.size == expected.size
    diff = ImageChops.difference(actual, expected)
    mean = sum(ImageStat.Stat(diff).mean) / 3
    changed = ImageStat.Stat(diff.convert("L").point(lambda v: 255 if v > 40 else 0)).mean[0] / 255
    if mean > 2.0 or changed > 0.01:
        ARTIFACTS.mkdir(exist_ok=True)
        stem = reference_file.stem
        actual.save(ARTIFACTS / f"{stem}.actual.png")
        expected.save(ARTIFACTS / f"{stem}.expected.png")
        diff.point(lambda v: min(255, v * 4)).save(ARTIFACTS / f"{stem}.diff.png")
    assert mean <= 2.0 and changed <= 0.01, f"{relative}: mean difference {mean:.2f}, {changed:.1%} pixels changed"
