"""A project that is no network of cities prints no network's words: an Erasmus+ youth exchange of
organisations (examples/exchange) and a partnership of regions made from it are built, and the text
of every PDF, download page and calendar is scanned; the shipped network of cities keeps its words.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml

from publication.wording import PARTNER_KINDS, PROJECT_KINDS, catalogue_keys, every_key
from tests.conftest import ROOT, run_cli
from tests.pdfs import flat_text, has_text

LANGUAGES = ("fr", "en", "de", "el")
# What a network of cities says that no other project may: the network, its cities, its cycle.
NETWORK_WORDS = re.compile(
    r"r[ée]seau|network|netzwerk|δίκτυ|\bvilles?\b|\bcit(?:y|ies)\b|\bcycle\b|partnerst[äa]dt|ville hôte",
    re.IGNORECASE,
)
MACHINE_ATTRIBUTES = re.compile(r'\s(?:href|src|srcset|class|id|type|rel|lang|hreflang|name|charset|for)="[^"]*"')
BUILD = ("build", "--kind", "brochure", "--kind", "programme", "--variant", "screen", "--jobs", "2", "--quiet")


def texts(output: Path) -> dict[str, str]:
    """The words of every PDF (its text), page (its text and attributes) and calendar in an output folder."""
    found = {}
    for file in sorted(output.rglob("*")):
        if file.suffix == ".pdf":
            found[str(file.relative_to(output))] = flat_text(file)
        elif file.suffix in (".html", ".ics"):
            raw = file.read_bytes().replace(b"\r\n ", b"").decode()  # a calendar's folded lines unfolded
            raw = MACHINE_ATTRIBUTES.sub("", raw)  # file names and classes are no words; alt, content… are
            found[str(file.relative_to(output))] = html.unescape(
                re.sub(r"<[^>]*?(?:\"([^\"]*)\"[^>]*)?>", r" \1 ", raw)
            )
    return found


def make_project(tmp_path: Path, edit=None) -> Path:
    project = tmp_path / "project"
    made = run_cli("new", str(project), "--from", str(ROOT / "examples" / "exchange" / "sources"))
    assert made.exit_code == 0, made.output
    if edit:
        edit(project / "sources")
    return project


def network_words(found: dict[str, str]) -> list[str]:
    return [
        f"{name}: {match.group(0)!r} in …{text[max(0, match.start() - 40) : match.end() + 40]}…"
        for name, text in found.items()
        for match in NETWORK_WORDS.finditer(text)
    ]


def test_every_word_of_the_table_is_in_every_catalogue():
    """The table names catalogue entries: each is in each shipped language, interface or site catalogue."""
    for lang in LANGUAGES:
        entries = {
            **yaml.safe_load((ROOT / "layouts/messages" / f"{lang}.yaml").read_text()),
            **yaml.safe_load((ROOT / "layouts/messages/site" / f"{lang}.yaml").read_text()),
        }
        assert sorted(every_key() - entries.keys()) == [], lang
    assert catalogue_keys("network", "cities") == {key: key for key in catalogue_keys("network", "cities")}
    assert {
        catalogue_keys(kind, partners)["map_caption"]
        for kind in PROJECT_KINDS
        for partners in PARTNER_KINDS
        if (kind, partners) != ("network", "cities")
    } == {f"map_caption_{partners}" for partners in PARTNER_KINDS}


@pytest.mark.build
def test_an_exchange_of_organisations_prints_no_network_words(tmp_path):
    project = make_project(tmp_path)
    every_kind = ("--kind", "poster", "--kind", "overview")  # one page each: every layout is read
    built = run_cli(*BUILD, *every_kind, "--lang", "fr", "--lang", "en", project=project)
    assert built.exit_code == 0, built.output
    found = texts(project / "output")
    assert {
        "fr/brochure-screen.pdf",
        "en/programme-2027-10-creteil-seminar-screen.pdf",
        "fr/index.html",
        "en/calendar/cycle.ics",
    } <= found.keys()
    assert network_words(found) == []
    for lang, words in {
        # The brochure's map page is headed "Les partenaires sur la carte" whatever the partners are:
        # the partners' word (map_caption_*) prints in no brochure, it labels the poster's and overview's map.
        "fr": ("L’échange", "Les événements de l’échange"),
        "en": ("The exchange", "The exchange’s events"),
    }.items():
        brochure = found[f"{lang}/brochure-screen.pdf"]
        assert all(has_text(brochure, word) for word in words), (lang, brochure)
    assert has_text(found["fr/programme-2027-10-creteil-seminar-screen.pdf"], "Organisation hôte")
    assert has_text(found["en/programme-2027-10-creteil-seminar-screen.pdf"], "Host organisation")
    assert "Tous les événements de l’échange" in found["fr/index.html"]
    assert "Add the exchange’s events to your calendar" in found["en/index.html"]
    assert "Organisation hôte\u202f: Association Horizons Jeunesse" in found["fr/calendar/2027-10-creteil-seminar.ics"]


def as_partnership_of_regions(sources: Path) -> None:
    """The exchange made a partnership of regions: network.yaml says so, partners.yaml's kinds follow."""
    network = (sources / "network.yaml").read_text()
    network = network.replace("project_kind: exchange", "project_kind: partnership")
    (sources / "network.yaml").write_text(network.replace("partner_kind: organisations", "partner_kind: regions"))
    partners = (sources / "partners.yaml").read_text()
    (sources / "partners.yaml").write_text(partners.replace("kind: organisation", "kind: region"))


@pytest.mark.build
def test_a_partnership_of_regions_names_them(tmp_path):
    project = make_project(tmp_path, as_partnership_of_regions)
    built = run_cli(*BUILD, "--lang", "fr", "--lang", "en", project=project)
    assert built.exit_code == 0, built.output
    found = texts(project / "output")
    assert network_words(found) == []
    assert has_text(found["fr/brochure-screen.pdf"], "Le partenariat")
    assert has_text(found["en/brochure-screen.pdf"], "The partnership")
    assert has_text(found["fr/programme-2027-10-creteil-seminar-screen.pdf"], "Région hôte")
    assert has_text(found["en/programme-2027-10-creteil-seminar-screen.pdf"], "Host region")
    assert "Programmes, brochure et affiche du partenariat Erasmus+ Voices of Tomorrow" in found["fr/index.html"]


@pytest.mark.build
def test_the_shipped_network_of_cities_keeps_its_words(tmp_path):
    """A network.yaml that says nothing of its kind is a network of cities: the words it always printed."""
    output = tmp_path / "output"
    built = run_cli(
        "build", "--kind", "brochure", "--lang", "fr", "--variant", "screen", "--quiet", "--output", str(output)
    )
    assert built.exit_code == 0, built.output
    brochure = flat_text(output / "fr" / "brochure-screen.pdf")
    assert has_text(brochure, "Le réseau")  # the catalogue's word for a network, heading its page
    page = texts(output)["fr/index.html"]
    assert "Ajoutez les événements du réseau à votre agenda" in page and "Tous les événements du cycle" in page


def test_project_yaml_is_read_and_both_names_are_an_error(tmp_path):
    project = make_project(tmp_path)
    sources = project / "sources"
    (sources / "network.yaml").rename(sources / "project.yaml")
    checked = run_cli("check", project=project)
    assert checked.exit_code == 0 and "sources are valid: 4 partners, 1 workshop," in checked.output, checked.output
    (sources / "network.yaml").write_text((sources / "project.yaml").read_text())
    checked = run_cli("check", project=project)
    assert checked.exit_code != 0
    assert "project.yaml" in checked.output and "is there beside network.yaml" in checked.output, checked.output
