"""`make-publication new DIR`, and every network-specific word coming from the sources.

A project made by `new` is another network: it builds at once (draft network, draft partner),
and nothing of Arrival Cities prints in it. The shipped build keeps its network's words.
"""

from __future__ import annotations

import json
import re

import pikepdf
import pytest

from tests.conftest import ROOT, run_cli, unchanged_by_readers
from tests.pdfs import flat_text, has_text

ARRIVAL_WORDS = (
    "Arrival Cities",
    "ArrivalCities",
    "villes d'arrivée",
    "villes d’arrivée",
    "arrival cities",
    "Val-de-Marne",
    "Amadora",
    "URBACT",
)
KINDS = ("brochure", "poster", "overview", "programme-2026-05-example-city")


@pytest.fixture(scope="module")
def new_build(tmp_path_factory):
    """A project written by `new` into an empty folder, then built in full."""
    project = tmp_path_factory.mktemp("empty") / "other-network"
    made = run_cli("new", str(project))
    assert made.exit_code == 0, made.output
    assert f"next: edit {project / 'sources'}" in made.output
    built = run_cli("build", "--jobs", "2", "--quiet", project=project)
    assert built.exit_code == 0, built.output
    with unchanged_by_readers(project):
        yield project / "output"


def metadata_of(pdf: pikepdf.Pdf) -> str:
    """The document information and the XMP packet, as one text."""
    info = " ".join(str(value) for value in pdf.docinfo.values())
    return f"{info} {pdf.Root.Metadata.read_bytes().decode() if '/Metadata' in pdf.Root else ''}"


def arrival_words_in(text: str) -> list[str]:
    return [word for word in ARRIVAL_WORDS if word.casefold() in text.casefold()]


def shipped_theme_files(name: str) -> list:
    return sorted(
        p.relative_to(ROOT / name) for p in (ROOT / name).rglob("*") if p.is_file() and "__pycache__" not in p.parts
    )


@pytest.mark.build
def test_new_writes_sources_and_a_gitignore_and_no_theme(new_build):
    project = new_build.parent
    assert sorted(p.name for p in project.iterdir() if p.name != "output") == [".gitignore", "sources"]
    assert sorted(p.name for p in (project / "sources").iterdir()) == [
        "agenda",
        "contacts.yaml",
        "network.yaml",
        "partners.yaml",
        "site.yaml",
        "workshops",
    ]
    assert "output/" in (project / ".gitignore").read_text().splitlines()
    assert all(
        re.search(r"^status: draft$", file.read_text(), re.M)
        for file in (project / "sources").rglob("*.yaml")
        if file.name != "site.yaml"
    )


def test_new_with_theme_copies_the_default_theme_to_customise(tmp_path):
    project = tmp_path / "customised"
    made = run_cli("new", str(project), "--with-theme")
    assert made.exit_code == 0, made.output
    assert "layouts/ and styles/ (the default theme, to customise)" in made.output
    for name in ("layouts", "styles"):
        copied = sorted(p.relative_to(project / name) for p in (project / name).rglob("*") if p.is_file())
        assert copied == shipped_theme_files(name)


@pytest.mark.build
def test_new_project_builds_every_publication_and_the_download_page(new_build):
    files = {entry["path"] for entry in json.loads((new_build / "manifest.json").read_text())["files"]}
    assert files == {
        f"{lang}/{kind}-{variant}.pdf" for lang in ("fr", "en") for kind in KINDS for variant in ("screen", "print")
    } | {f"{lang}/web-2026-05-example-city.html" for lang in ("fr", "en")}
    for lang in ("fr", "en"):
        assert (new_build / lang / "index.html").is_file()
        assert sorted(p.name for p in (new_build / lang / "calendar").iterdir()) == [
            "2026-05-example-city.ics",
            "cycle.ics",
            "sessions",  # its agenda, one calendar entry per session
        ]
        assert [p.name for p in (new_build / lang / "calendar" / "sessions").iterdir()] == ["2026-05-example-city.ics"]


@pytest.mark.build
def test_new_project_is_a_draft_in_every_pdf(new_build):
    for pdf in sorted(new_build.glob("*/*.pdf")):
        assert has_text(flat_text(pdf), "PROVISOIRE / DRAFT"), pdf.name


@pytest.mark.build
def test_no_word_of_arrival_cities_in_a_new_project(new_build):
    """PDFs (text, metadata, the output intent's profile), tickets, calendars, download pages."""
    found = {}
    for pdf_path in sorted(new_build.glob("*/*.pdf")):
        with pikepdf.open(pdf_path) as pdf:
            profiles = [
                intent.DestOutputProfile.read_bytes().decode("latin-1") for intent in pdf.Root.get("/OutputIntents", [])
            ]
            text = " ".join([flat_text(pdf_path), metadata_of(pdf), *profiles])
        found[pdf_path.name] = arrival_words_in(text)
    for other in [
        *new_build.glob("*/*.txt"),
        *new_build.rglob("*.ics"),
        *new_build.rglob("*.html"),
        new_build / "manifest.json",
    ]:
        found[str(other.relative_to(new_build))] = arrival_words_in(other.read_text())
    assert {name: words for name, words in found.items() if words} == {}
    assert len(found) > 20


@pytest.mark.build
def test_new_project_prints_its_own_network(new_build):
    brochure = flat_text(new_build / "fr" / "brochure-screen.pdf")
    assert "Example Network" in brochure and "Le réseau des villes exemples" in brochure
    assert "Les enjeux que partagent les villes du réseau." in brochure
    with pikepdf.open(new_build / "fr" / "brochure-print.pdf") as pdf:
        assert str(pdf.docinfo["/Title"]) == "Example Network – Le réseau des villes exemples"
        assert str(pdf.docinfo["/Keywords"]) == (
            "Interreg Europe, Example Network, réseau européen de coopération, coopération européenne"
        )
    ticket = (new_build / "fr" / "brochure-print.txt").read_text()
    assert "Publication:                      Example Network · Brochure — pages, français\n" in ticket
    assert "PRODID:-//Example Network//make-publication//EN" in (new_build / "fr/calendar/cycle.ics").read_text()
    page = (new_build / "en" / "index.html").read_text()
    assert "of the Interreg Europe network Example Network" in page


def test_new_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    result = run_cli("new", str(tmp_path))
    assert result.exit_code == 2
    assert result.output == (
        f"Error: {tmp_path} already exists and is not empty\n"
        "    fix: give the path of a new folder (or of an empty one)\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_new_refuses_a_file(tmp_path):
    (tmp_path / "file").write_text("")
    result = run_cli("new", str(tmp_path / "file"))
    assert result.exit_code == 2
    assert f"Error: {tmp_path / 'file'} is a file, not a folder" in result.output


def test_new_accepts_an_empty_folder(tmp_path):
    result = run_cli("new", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "sources" / "network.yaml").is_file()
    checked = run_cli("check", project=tmp_path)
    assert checked.exit_code == 0, checked.output


@pytest.mark.build
def test_a_draft_network_builds_its_poster(project_copy, tmp_path):
    """WeasyPrint 70 could not measure the running draft mark inside the poster's flex head."""
    network = project_copy / "sources" / "network.yaml"
    network.write_text(network.read_text().replace("status: final", "status: draft", 1))
    result = run_cli(
        "build",
        "--kind",
        "poster",
        "--lang",
        "fr",
        "--output",
        str(tmp_path / "out"),
        "--jobs",
        "1",
        "--quiet",
        project=project_copy,
    )
    assert result.exit_code == 0, result.output
    for variant in ("screen", "print"):
        assert has_text(flat_text(tmp_path / "out" / "fr" / f"poster-{variant}.pdf"), "PROVISOIRE / DRAFT")


@pytest.mark.build
def test_the_shipped_build_keeps_its_network_words(built):
    brochure = flat_text(built / "fr" / "brochure-screen.pdf")
    assert "Le réseau des villes d’arrivée" in brochure
    assert "Cinq enjeux liés aux migrations, partagés par les villes du réseau." in brochure
    with pikepdf.open(built / "en" / "brochure-print.pdf") as pdf:
        assert str(pdf.docinfo["/Title"]) == "Arrival Cities – The network of arrival cities"
        assert str(pdf.docinfo["/Keywords"]).startswith("URBACT, Arrival Cities, URBACT thematic network, ")
    assert "Arrival Cities · Brochure — pages, français" in (built / "fr" / "brochure-print.txt").read_text()
    assert "PRODID:-//Arrival Cities//make-publication//EN" in (built / "fr/calendar/cycle.ics").read_text()
    assert "du réseau URBACT Arrival Cities" in (built / "fr" / "index.html").read_text()


# --- the agenda templates ------------------------------------------------------------------------


def read_agenda_sheet(project, name: str):
    """A sheet of the project read as an agenda, with the headers its catalogues name, as a workshop's
    `agenda: agenda/NAME` would read it: the data and the problems."""
    from publication.sheets import agenda_from_table, read_table
    from publication.sheets.headers import header_names, site_languages

    table = read_table(project / "sources" / name, name)
    doc, problems = agenda_from_table(table, header_names(project, site_languages(project / "sources")))
    return doc.data, [*table.problems, *problems]


def test_new_writes_agenda_templates_in_the_first_language_that_read_back(tmp_path):
    """`new` writes agenda/exemple.xlsx and .ods (the starter is French first), headed as the French
    catalogue names the columns, one example row; the reader takes both without a problem."""
    import openpyxl

    project = tmp_path / "p"
    made = run_cli("new", str(project))
    assert made.exit_code == 0, made.output
    assert "agenda templates to fill in: sources/agenda/exemple.xlsx and sources/agenda/exemple.ods" in made.output
    headers = ["Date", "Début", "Fin", "Nature", "Titre (FR)", "Titre (EN)", "Intervenants (FR)", "Intervenants (EN)"]
    headers += ["Salle (FR)", "Salle (EN)"]
    sheet = openpyxl.load_workbook(project / "sources" / "agenda" / "exemple.xlsx").active
    assert [cell.value for cell in sheet[1]] == headers
    expected = [
        {
            "date": "2026-05-12",
            "sessions": [
                {
                    "start": "09:30",
                    "end": "10:30",
                    "kind": "session",
                    "title": {"fr": "Ouverture", "en": "Opening"},
                    "room": {"fr": "Salle 1", "en": "Room 1"},
                    "speakers": [
                        {
                            "name": "Prénom NOM",
                            "role": {"fr": "fonction", "en": "role"},
                            "organisation": {"fr": "organisation", "en": "organisation"},
                            "country": "FR",
                        }
                    ],
                }
            ],
        }
    ]
    for name in ("agenda/exemple.xlsx", "agenda/exemple.ods"):
        data, problems = read_agenda_sheet(project, name)
        assert problems == [] and data == expected, name


def test_a_workshop_naming_the_template_checks_clean(tmp_path):
    """The template is an agenda a workshop can name at once: `check` reads it without an error."""
    project = tmp_path / "p"
    assert run_cli("new", str(project)).exit_code == 0
    workshop = project / "sources" / "workshops" / "2026-05-example-city.yaml"
    lines = workshop.read_text(encoding="utf-8").split("\n")
    start = lines.index("agenda:")
    end = next(i for i in range(start + 1, len(lines)) if lines[i][:1].isalpha())  # the next top-level key
    for suffix in ("ods", "xlsx"):
        kept = [*lines[:start], f"agenda: agenda/exemple.{suffix}", *lines[end:]]
        workshop.write_text("\n".join(kept), encoding="utf-8")
        checked = run_cli("check", project=project)
        assert checked.exit_code == 0, checked.output
        assert "exemple" not in checked.output, checked.output  # no warning about the sheet


def test_agenda_templates_are_the_same_bytes_each_time(tmp_path):
    """Fixed dates in the archives and the workbook: two `new` runs, the same bytes."""
    first, second = tmp_path / "a", tmp_path / "b"
    assert run_cli("new", str(first)).exit_code == 0
    assert run_cli("new", str(second)).exit_code == 0
    for name in ("exemple.xlsx", "exemple.ods"):
        assert (first / "sources" / "agenda" / name).read_bytes() == (second / "sources" / "agenda" / name).read_bytes()


def test_new_from_sources_keeps_their_own_sheet_and_names_templates_in_their_first_language(tmp_path):
    """Sources copied with --from keep a sheet of the template's name as it is; an English-first
    project gets example.xlsx headed in English."""
    import openpyxl

    sources = tmp_path / "given" / "sources"
    assert run_cli("new", str(tmp_path / "given")).exit_code == 0
    (sources / "agenda" / "exemple.ods").write_bytes(b"the team's own file")
    site = sources / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("languages: [fr, en]", "languages: [en, fr]"), "utf-8")
    made = run_cli("new", str(tmp_path / "copy"), "--from", str(sources))
    assert made.exit_code == 0, made.output
    agenda = tmp_path / "copy" / "sources" / "agenda"
    assert (agenda / "exemple.ods").read_bytes() == b"the team's own file"
    sheet = openpyxl.load_workbook(agenda / "example.xlsx").active
    assert [cell.value for cell in sheet[1]][:5] == ["Date", "Start", "End", "Kind", "Title (EN)"]
    data, problems = read_agenda_sheet(tmp_path / "copy", "agenda/example.ods")
    assert problems == [] and data[0]["sessions"][0]["title"] == {"en": "Opening", "fr": "Ouverture"}
