"""The agenda as real programmes have it: parallel slots, people, untimed items, event kinds, hosts
that are not partners, networks without a lead. Checked on the built PDFs."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_cli
from tests.pdfs import flat_text, page_text

WORKSHOP = "sources/workshops/2017-05-thessaloniki.yaml"
KEY = "2017-05-thessaloniki"

CONFERENCE = """\
kind: annual-conference
status: draft
title: {fr: Conférence annuelle, en: Annual conference}
host: {city: {fr: Bruxelles, en: Brussels}, country: BE, organisation: {fr: Secrétariat du réseau, en: Network secretariat}}
dates: 2017-05-16
end: 2017-05-17
agenda:
  - date: 2017-05-16
    sessions:
      - when: evening
        kind: social
        title: {fr: Dîner d'accueil, en: Welcome dinner}
        meeting_point: {fr: Hall de l'hôtel, en: Hotel lobby}
  - date: 2017-05-17
    sessions:
      - start: "09:30"
        end: "10:30"
        kind: plenary
        title: {fr: Ouverture, en: Opening}
        chair: {name: Anna NOWAK, role: {fr: Experte principale, en: Lead expert}, country: PL}
        chair_role: moderator
        speakers:
          - name: Jean DUPONT
            role: {fr: Maire, en: Mayor}
            organisation: {fr: Ville de Lyon, en: City of Lyon}
            country: FR
          - name: Liene OZOLA
            organisation: Rīgas dome
            country: LV
          - {fr: Un représentant de la Commission, en: A representative of the Commission}
      - start: "11:00"
        end: "12:30"
        kind: workshop
        title: {fr: Ateliers thématiques, en: Thematic workshops}
        parallel:
          - code: A1
            track: {fr: "Réseau : Arrivée", en: "Network: Arrival"}
            title: {fr: Le logement des nouveaux arrivants, en: Housing newcomers}
            room: Salle 1
          - code: A2
            title: {fr: L'emploi, en: Jobs}
            room: Salle 2
          - code: A3
            title: {fr: L'école, en: Schools}
            room: Salle 3
      - start: "14:00"
        end: "15:00"
        title: {fr: Séance B, en: Session B}
      - start: "14:00"
        end: "15:00"
        title: {fr: Séance C, en: Session C}
"""


@pytest.fixture(scope="module")
def conference(tmp_path_factory):
    """The shipped project with Thessaloniki's workshop replaced by a conference; its programmes built."""
    import shutil

    from tests.conftest import ROOT, unchanged_by_readers

    project = tmp_path_factory.mktemp("conference")
    for name in ("sources", "layouts", "styles"):
        shutil.copytree(ROOT / name, project / name)
    (project / WORKSHOP).write_text(CONFERENCE, encoding="utf-8")
    result = run_cli(
        "build",
        "--kind",
        "programme",
        "--event",
        KEY,
        "--variant",
        "screen",
        "--lang",
        "fr",
        "--lang",
        "en",
        project=project,
    )
    assert result.exit_code == 0, result.output
    with unchanged_by_readers(project):
        yield project


def programme(project, lang: str) -> str:
    return page_text(project / "output" / lang / f"programme-{KEY}-screen.pdf")


@pytest.mark.build
def test_a_parallel_slot_prints_its_time_once_and_every_code(conference):
    text = programme(conference, "fr")
    assert text.count("11:00–12:30") == 1
    for code, title in [("A1", "Le logement des nouveaux arrivants"), ("A2", "L’emploi"), ("A3", "L’école")]:
        assert code in text and title in text
    assert "RÉSEAU : ARRIVÉE" in text.upper()


@pytest.mark.build
def test_sessions_at_the_very_same_time_are_one_slot(conference):
    text = programme(conference, "en")
    assert text.count("14:00–15:00") == 1
    assert "Session B" in text and "Session C" in text


@pytest.mark.build
def test_people_one_per_line_with_role_organisation_country(conference):
    lines = programme(conference, "en").splitlines()
    assert "Jean DUPONT, Mayor · City of Lyon · FR" in lines
    assert "Liene OZOLA, Rīgas dome · LV" in lines
    assert "A representative of the Commission" in lines
    assert any(line.startswith("Moderator:") and "Anna NOWAK, Lead expert · PL" in line for line in lines)


@pytest.mark.build
def test_untimed_items_kinds_and_hosts_that_are_not_partners(conference):
    fr, en = (flat_text(conference / "output" / lang / f"programme-{KEY}-screen.pdf") for lang in ("fr", "en"))
    assert "Soirée" in fr and "Evening" in en
    assert "Point de rendez-vous : Hall de l’hôtel" in fr and "Meeting point: Hotel lobby" in en
    assert "CONFÉRENCE ANNUELLE" in fr.upper() and "ANNUAL CONFERENCE" in en.upper()
    assert "Bruxelles, Belgique" in fr and "Brussels, Belgium" in en
    assert "Network secretariat" in en


def test_an_unknown_kind_of_event_is_located_with_its_fix(project_copy):
    path = project_copy / WORKSHOP
    path.write_text("kind: hackathon\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli(
        "build", "--kind", "programme", "--event", KEY, "--lang", "fr", "--variant", "screen", project=project_copy
    )
    assert result.exit_code == 2, result.output
    assert f"{WORKSHOP}:1: kind 'hackathon' is not a kind of event the message catalogues name" in result.output
    assert "event_kinds: {hackathon: {fr: …, en: …}}" in result.output
    assert "Traceback" not in result.output


@pytest.mark.build
def test_a_new_kind_of_event_named_in_the_sources(project_copy):
    path = project_copy / WORKSHOP
    path.write_text("kind: summer-school\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    site = project_copy / "sources" / "site.yaml"
    site.write_text(
        site.read_text(encoding="utf-8") + "event_kinds:\n  summer-school: {fr: École d'été, en: Summer school}\n",
        encoding="utf-8",
    )
    result = run_cli(
        "build", "--kind", "programme", "--event", KEY, "--lang", "en", "--variant", "screen", project=project_copy
    )
    assert result.exit_code == 0, result.output
    assert "SUMMER SCHOOL" in page_text(project_copy / "output" / "en" / f"programme-{KEY}-screen.pdf").upper()


@pytest.mark.parametrize(
    "bad, message",
    [
        ("      - title: {fr: Sans heure, en: No time}\n", "has neither `start` nor `when`"),
        (
            '      - start: "10:00"\n        end: "09:00"\n        title: {fr: x}\n',
            "ends at 09:00, not after it starts at 10:00",
        ),
        (
            '      - start: "10:00"\n        speakers: [{name: X, country: Poland}]\n        title: {fr: x}\n',
            "is not in the expected form",
        ),
    ],
)
def test_bad_items_are_located(project_copy, bad, message):
    path = project_copy / WORKSHOP
    text = path.read_text(encoding="utf-8")
    anchor = "    sessions:\n"
    path.write_text(text.replace(anchor, anchor + bad, 1), encoding="utf-8")
    result = run_cli("check", project=project_copy)
    assert result.exit_code == 2, result.output
    assert f"{WORKSHOP}:" in result.output and message in result.output
    assert "Traceback" not in result.output


@pytest.mark.build
def test_a_network_without_a_lead_and_with_associates_builds(project_copy):
    partners = project_copy / "sources" / "partners.yaml"
    text = partners.read_text(encoding="utf-8").replace("role: lead", "role: associate")
    partners.write_text(text, encoding="utf-8")
    result = run_cli(
        "build", "--kind", "brochure", "--kind", "poster", "--lang", "en", "--variant", "screen", project=project_copy
    )
    assert result.exit_code == 0, result.output
    brochure = page_text(project_copy / "output" / "en" / "brochure-screen.pdf")
    assert "Lead partner" not in brochure and "associate partner" in brochure
    manifest = json.loads((project_copy / "output" / "manifest.json").read_text())["files"]
    assert {entry["path"] for entry in manifest} == {"en/brochure-screen.pdf", "en/poster-screen.pdf"}
