"""The event kit (issue 26): participant lists read and checked, the private kinds planned and keyed
apart, names fitted from the face's widths; then, on the conference example built in full (the
`examples` fixture, 40 participants in four scripts), the badges, table cards, room signs and
attendance sheets on their real pages, and no participant's name in any public file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pikepdf
import pytest

from publication.drafts import draft_sources
from publication.errors import SourceError
from publication.keys import KeyMaker, site_key
from publication.kinds import kind_of
from publication.localise import Languages
from publication.namefit import NAME_FACE, NameBox, fit_name
from publication.plan import BuildOptions, plan_publications
from publication.render import build_context
from publication.scaffold import GITIGNORE
from publication.sources import read_sources
from tests.conftest import ROOT, run_cli
from tests.pdfs import MM, page_text

EVENT = "2027-06-tampere-annual-conference"
LIST = f"private/{EVENT}.participants.yaml"
FACE = ROOT / "styles" / NAME_FACE
KIT = ("badges", "table-cards", "room-signs", "attendance")


@pytest.fixture()
def conference(tmp_path) -> Path:
    """A copy of the conference example's project, to change."""
    shutil.copytree(ROOT / "examples" / "conference" / "sources", tmp_path / "sources")
    return tmp_path


def write_list(project: Path, text: str, name: str = LIST) -> None:
    (project / "sources" / name).write_text(text, encoding="utf-8")


# --- the list ----------------------------------------------------------------------------------


def test_the_example_list_reads_forty_people_in_four_scripts():
    sources = read_sources(ROOT / "examples" / "conference" / "sources")
    people = sources.participants[EVENT].record.participants
    assert len(people) == 40
    by_name = {p.full_name: p for p in people}
    assert by_name["Anna-Kaisa IKONEN"].given_and_family == ("Anna-Kaisa", "IKONEN")
    assert by_name["Niamh Ó BRIAIN"].given_and_family == ("Niamh", "Ó BRIAIN")
    assert by_name["Весна ЈОВАНОВИЋ"].days is not None and len(by_name["Весна ЈОВАНОВИЋ"].days or []) == 2
    long = by_name["María de los Ángeles Fernández-Villaverde y Santibáñez-Echevarría"]
    assert long.given_and_family[0] == "María de los Ángeles"
    assert sources.warnings == []


def test_a_sheet_list_is_read_with_its_errors_at_their_cells(conference):
    write_list(conference, "participants: private/list.csv\n")
    (conference / "sources" / "private" / "list.csv").write_text(
        "Name,Organisation,Country,Role,Days\n"
        "Anna-Kaisa IKONEN,City of Tampere,FI,speaker,\n"
        "Jan DE VRIES,Gemeente Utrecht,NL,juggler,2027-06-09\n"
        "Liisa MÄKINEN,Tampere University,FI,,2027-07-01\n",
        encoding="utf-8",
    )
    said = problems_of(conference)
    assert "'juggler' is not a role" in said[("sources/private/list.csv", "D3")]
    sheet = conference / "sources" / "private" / "list.csv"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("juggler", "press"), encoding="utf-8")
    assert "2027-07-01 lies outside the event's dates" in problems_of(conference)[("sources/private/list.csv", "E4")]


def problems_of(project: Path) -> dict:
    with pytest.raises(SourceError) as raised:
        read_sources(project / "sources")
    return {(str(p.file), p.line): p.message for p in raised.value.problems}


def test_a_duplicate_name_is_a_warning_naming_both_cells(conference):
    write_list(conference, "participants: private/list.csv\n")
    (conference / "sources" / "private" / "list.csv").write_text(
        "Name,Country\nJan DE VRIES,NL\nAna GARCÍA,ES\njan de vries,NL\n", encoding="utf-8"
    )
    sources = read_sources(conference / "sources")
    (warning,) = sources.warnings
    assert (str(warning.file), warning.line) == ("sources/private/list.csv", "A4")
    assert "also at sources/private/list.csv:A2" in warning.message


def test_a_sheet_outside_the_private_folder_and_a_list_of_no_event_are_refused(conference):
    (conference / "sources" / "people.csv").write_text("Name\nJan DE VRIES\n", encoding="utf-8")
    write_list(conference, "participants: people.csv\n")
    write_list(conference, "participants: [{name: Jan DE VRIES}]\n", "private/2099-01-nowhere.participants.yaml")
    with pytest.raises(SourceError) as raised:
        read_sources(conference / "sources")
    messages = " ".join(p.message for p in raised.value.problems)
    assert "lies outside sources/private/" in messages
    assert "there is no workshops/2099-01-nowhere.yaml" in messages


def test_new_keeps_the_private_folders_out_of_git():
    assert {"sources/private/", "output/private/"} <= set(GITIGNORE.splitlines())


# --- names ----------------------------------------------------------------------------------


def test_a_name_is_as_large_as_its_length_allows_and_breaks_only_between_words():
    box = NameBox(*kind_of("badges").name_box)  # type: ignore[misc]
    short = fit_name("Jo", "LI", box, FACE)
    long = fit_name("María de los Ángeles", "Fernández-Villaverde y Santibáñez-Echevarría", box, FACE)
    greek = fit_name("Οδυσσέας", "ΧΑΤΖΗΓΕΩΡΓΙΟΥ-ΚΩΝΣΤΑΝΤΙΝΙΔΗΣ", box, FACE)
    assert short is not None and short.size_pt == box.largest_pt
    assert long is not None and box.smallest_pt <= long.size_pt < short.size_pt
    assert long.family == ("Fernández-", "Villaverde y", "Santibáñez-", "Echevarría")
    assert greek is not None and greek.family == ("ΧΑΤΖΗΓΕΩΡΓΙΟΥ-", "ΚΩΝΣΤΑΝΤΙΝΙΔΗΣ")
    assert fit_name("Max", "Supercalifragilisticexpialidociouslyness", box, FACE) is None


def test_a_name_too_long_for_a_badge_is_an_error_at_its_cell(conference):
    write_list(conference, "participants: private/list.csv\n")
    (conference / "sources" / "private" / "list.csv").write_text(
        "Given,Family\nMax,Supercalifragilisticexpialidociouslyness\n", encoding="utf-8"
    )
    sources = read_sources(conference / "sources")
    (badges,) = plan_publications(sources, BuildOptions(kinds=("badges",), variants=("screen",)))
    context = build_context(sources, badges, Languages("fr", conference, sources.network)["fr"])
    with pytest.raises(SourceError) as raised:
        list(context["kit"].badges)
    (problem,) = raised.value.problems
    assert (str(problem.file), problem.line) == ("sources/private/list.csv", "B2")
    assert "does not fit" in problem.message


# --- plan and keys ------------------------------------------------------------------------------


def test_the_kit_is_planned_for_an_event_with_a_list_only_in_the_first_language():
    sources = read_sources(ROOT / "examples" / "conference" / "sources")
    plan = [p for p in plan_publications(sources, BuildOptions()) if p.kind_record.private]
    assert sorted({p.kind for p in plan}) == sorted(KIT)
    assert {p.lang for p in plan} == {"fr"}
    assert all(p.relative_path.startswith("private/fr/") for p in plan)
    days = sorted(p.day for p in plan if p.kind == "attendance" and p.variant == "print")
    assert days == ["2027-06-08", "2027-06-09", "2027-06-10"]
    assert not [p for p in plan_publications(read_sources(ROOT / "sources"), BuildOptions()) if p.kind_record.private]


def test_editing_a_participant_changes_the_kit_s_keys_only(conference):
    def keys():
        sources = read_sources(conference / "sources")
        maker = KeyMaker(conference, sources)
        plan = plan_publications(sources, BuildOptions())
        return {p.relative_path: maker.key(p) for p in plan}, site_key(maker, conference, [])

    before, site_before = keys()
    path = conference / "sources" / LIST
    path.write_text(path.read_text(encoding="utf-8").replace("Tiago ALVES", "Tiago ALVES SILVA"), encoding="utf-8")
    after, site_after = keys()
    changed = {path for path in before if before[path] != after[path]}
    assert changed == {path for path in before if path.startswith("private/")}
    assert site_before == site_after


# --- the documents, built (the `examples` fixture builds the conference in full) --------------------


def kit_file(examples, kind: str, variant: str, day: str | None = None) -> Path:
    return examples["conference"] / "private" / "fr" / f"{kind}-{EVENT}{f'-{day}' if day else ''}-{variant}.pdf"


def boxes_mm(path: Path, box: str) -> list[tuple[float, float, float, float]]:
    with pikepdf.open(path) as pdf:
        return [tuple(round(float(v) / MM, 1) for v in page.obj[box]) for page in pdf.pages]  # type: ignore[misc]


def _pages(path: Path) -> list[str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        # PDFium reads a hyphen ending a line as a soft one (U+FFFE) and breaks lines with a space: written back.
        pages = [page.get_textpage().get_text_range().replace("\ufffe", "-") for page in pdf]
        return [" ".join(page.split()).replace("- ", "-") for page in pages]
    finally:
        pdf.close()


PEOPLE = read_sources(ROOT / "examples" / "conference" / "sources").participants[EVENT].record.participants


@pytest.mark.build
def test_badges_on_screen_are_one_a6_page_each_with_the_name_and_role(examples):
    path = kit_file(examples, "badges", "screen")
    assert {box[2:] for box in boxes_mm(path, "/MediaBox")} == {(105.0, 148.0)}
    pages = _pages(path)
    assert len(pages) == 40
    ordered = sorted(PEOPLE, key=lambda p: p.sort_key)
    for person, text in zip(ordered, pages, strict=True):
        given, family = person.given_and_family
        assert given in text and family in text, text
    assert "INTERVENANT·E" in pages[[p.full_name for p in ordered].index("Lena SCHMIDT")].upper()


@pytest.mark.build
def test_badges_in_print_are_four_to_an_a4_sheet_with_crop_marks_at_every_cut(examples):
    path = kit_file(examples, "badges", "print")
    trims = boxes_mm(path, "/TrimBox")
    assert len(trims) == 10 and set(trims) == {(0.0, 0.0, 210.0, 296.0)}
    media = boxes_mm(path, "/MediaBox")[0]
    assert media[0] < -3 and media[2] > 213  # bleed and a slug for the marks
    with pikepdf.open(path) as pdf:
        page = pdf.pages[0]
        assert len(page.obj.Resources.XObject) == 4  # four badges placed
        pikepdf.Page(page).contents_coalesce()
        content = page.obj.Contents.read_bytes().decode("latin-1")
    x_cut, y_cut = f"{105 * MM:.4f}", f"{148 * MM:.4f}"
    assert f"{x_cut} " in content and f" {y_cut} " in content  # the marks of the cuts between the badges
    assert "/CSRegistration CS" in content
    ticket = (path.with_suffix(".txt")).read_text(encoding="utf-8")
    assert "sheets of 4 A6 pages" in ticket


@pytest.mark.build
def test_table_cards_print_each_speaker_and_chair_twice_on_a4(examples):
    path = kit_file(examples, "table-cards", "screen")
    speakers = sorted((p for p in PEOPLE if p.role in ("speaker", "chair")), key=lambda p: p.sort_key)
    pages = _pages(path)
    assert len(pages) == len(speakers) == 7
    assert {box[2:] for box in boxes_mm(path, "/MediaBox")} == {(210.0, 297.0)}
    for person, text in zip(speakers, pages, strict=True):
        assert text.count(person.given_and_family[1].split("-")[0]) == 2, text


@pytest.mark.build
def test_room_signs_are_a4_landscape_one_per_room_and_day(examples):
    path = kit_file(examples, "room-signs", "print")
    trims = boxes_mm(path, "/TrimBox")
    assert {(round(t[2] - t[0]), round(t[3] - t[1])) for t in trims} == {(297, 210)}
    pages = _pages(kit_file(examples, "room-signs", "screen"))
    assert len(pages) == 10  # eight rooms on the 9th, a restaurant, the great hall again on the 10th
    assert "Foyer principal" in pages[0] and "08:30–09:15 Accueil des participants et café" in pages[0]
    assert "Mercredi 9 juin 2027" in pages[0]
    assert "Grande salle" in pages[-1] and "Jeudi 10 juin 2027" in pages[-1] and "Clôture" in pages[-1]


@pytest.mark.build
def test_an_attendance_sheet_lists_the_day_s_people_with_blank_rows_and_totals(examples):
    path = kit_file(examples, "attendance", "screen", "2027-06-10")
    text = " ".join(_pages(path))
    expected = sorted(
        (p for p in PEOPLE if p.days is None or any(d.isoformat() == "2027-06-10" for d in p.days)),
        key=lambda p: p.sort_key,
    )
    assert len(expected) == 37
    positions = [text.find(person.full_name) for person in expected]
    assert all(at >= 0 for at in positions) and positions == sorted(positions)  # alphabetical
    assert "Οδυσσέας ΧΑΤΖΗΓΕΩΡΓΙΟΥ" not in text  # attends the 9th only
    assert "Feuille de présence Attendance sheet" in text and "Signature" in text
    assert "Signature matin" not in text  # one signature a day unless the list says `attendance: half-day`
    assert "Cofinancé par l'Union européenne".replace("'", "’") in text or "Cofinancé par l" in text
    assert f"Total {len(expected)}" in text.replace("Total Total", "Total")
    assert "Page 1 sur" in text or "1 sur" in text


@pytest.mark.build
def test_no_participant_name_is_in_any_public_file(examples):
    """Every file of the output but output/private/, PDFs by their text and every file by its bytes,
    holds none of the names the public sources do not print themselves (the speakers of the agenda do)."""
    output = examples["conference"]
    public_sources = " ".join(
        path.read_text(encoding="utf-8")
        for path in (output.parent / "sources").rglob("*.yaml")
        if "private" not in path.parts
    )
    names = [p.full_name for p in PEOPLE if p.full_name not in public_sources]
    names += [
        p.given_and_family[1]
        for p in PEOPLE
        if len(p.given_and_family[1]) > 5 and p.given_and_family[1] not in public_sources
    ]
    assert len(names) > 50
    files = [path for path in output.rglob("*") if path.is_file() and "private" not in path.relative_to(output).parts]
    assert len(files) > 20 and any(path.suffix == ".pdf" for path in files)
    found = []
    for path in files:
        data = path.read_bytes()
        text = page_text(path) if path.suffix == ".pdf" else data.decode("utf-8", "replace")
        found += [(path.name, name) for name in names if name in text or name.encode() in data]
    assert found == []
    manifest = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    assert not [entry for entry in manifest["files"] if entry["kind"] in KIT]
    private = json.loads((output / "private" / "manifest.json").read_text(encoding="utf-8"))
    assert {entry["kind"] for entry in private["files"]} == set(KIT)


def test_a_character_no_font_has_is_an_error_at_the_participant_s_line(conference):
    write_list(conference, "participants:\n  - {name: Jan DE VRIES}\n  - {name: 王 小明, country: CN}\n")
    result = run_cli("check", project=conference)
    assert result.exit_code == 2
    assert f"sources/{LIST}:3: participants[2].name '王'" in result.output


def test_a_long_list_is_split_into_documents_of_a_hundred_people(conference):
    people = "".join(
        f"  - {{given: Person, family: NUMBER{n:03d}, role: {'speaker' if n % 10 == 0 else 'participant'}}}\n"
        for n in range(250)
    )
    write_list(conference, f"participants:\n{people}")
    sources = read_sources(conference / "sources")
    plan = plan_publications(sources, BuildOptions(kinds=("badges", "table-cards"), variants=("screen",)))
    assert [p.relative_path for p in plan if p.kind == "badges"] == [
        f"private/fr/badges-{EVENT}-part-{n}-screen.pdf" for n in (1, 2, 3)
    ]
    language = Languages("fr", conference, sources.network)["fr"]
    badges = [list(build_context(sources, p, language)["kit"].badges) for p in plan if p.kind == "badges"]
    assert [len(part) for part in badges] == [100, 100, 50]
    assert badges[1][0].name == "Person NUMBER100" and badges[2][-1].name == "Person NUMBER249"
    cards = [list(build_context(sources, p, language)["kit"].table_cards) for p in plan if p.kind == "table-cards"]
    assert [len(part) for part in cards] == [10, 10, 5]


def test_a_long_day_s_attendance_sheet_is_cut_into_parts_numbered_on(conference):
    """1,100 people on the 8 June, 600 of them on the 9th: three sheets of 500 then two; rows numbered on
    across a day's parts, the walk-ins after the day's last row and the day's totals in its last part only."""
    people = "".join(
        f"  - {{given: Person, family: NUMBER{n:04d}, country: {'FI' if n % 2 else 'PL'}"
        + (", days: [2027-06-08]}\n" if n >= 600 else "}\n")
        for n in range(1100)
    )
    write_list(conference, f"participants:\n{people}")
    sources = read_sources(conference / "sources")
    plan = plan_publications(sources, BuildOptions(kinds=("attendance",), variants=("screen",)))
    assert [p.relative_path for p in plan if p.day in ("2027-06-08", "2027-06-09")] == [
        f"private/fr/attendance-{EVENT}-2027-06-08-part-{n}-screen.pdf" for n in (1, 2, 3)
    ] + [f"private/fr/attendance-{EVENT}-2027-06-09-part-{n}-screen.pdf" for n in (1, 2)]
    language = Languages("fr", conference, sources.network)["fr"]
    sheets = [build_context(sources, p, language)["kit"].attendance for p in plan if p.day == "2027-06-08"]
    assert [(s.rows[0].number, s.rows[-1].number, s.total) for s in sheets] == [
        (1, 500, 1100),
        (501, 1000, 1100),
        (1001, 1100, 1100),
    ]
    assert sheets[1].rows[0].name == "Person NUMBER0500"
    assert [bool(s.walk_ins) for s in sheets] == [False, False, True] and sheets[2].walk_ins[0] == 1101
    assert [s.totals for s in sheets[:2]] == [[], []]
    assert sorted(count for _country, count in sheets[2].totals) == [550, 550]


def test_a_badge_says_the_role_in_the_person_s_own_language_too():
    sources = read_sources(ROOT / "examples" / "conference" / "sources")
    (badges,) = plan_publications(sources, BuildOptions(kinds=("badges",), variants=("print",)))
    views = {
        b.name: b for b in build_context(sources, badges, Languages("fr", ROOT, sources.network)["fr"])["kit"].badges
    }
    greek = views["Αικατερίνη ΠΑΠΑΔΟΠΟΥΛΟΥ"]
    assert (greek.role_word, greek.own_role, greek.language) == ("Intervenant·e", "Ομιλητής", "el")
    assert views["Lena SCHMIDT"].own_role is None
    assert views["Lena SCHMIDT"].band == "device-cmyk(0 0.7 1 0.05)"  # print: the role's CMYK


@pytest.mark.build
def test_a_list_counted_by_half_day_gives_each_day_a_morning_and_an_afternoon_signature(conference):
    listed = conference / "sources" / LIST
    listed.write_text(
        listed.read_text(encoding="utf-8").replace("status: draft\n", "status: draft\nattendance: half-day\n")
    )
    result = run_cli("build", "--kind", "attendance", "--lang", "fr", "--variant", "screen", project=conference)
    assert result.exit_code == 0, result.output
    sheet = conference / "output" / "private" / "fr" / f"attendance-{EVENT}-2027-06-08-screen.pdf"
    first = _pages(sheet)[0]
    headings = ["Pays Country", "Signature matin Signature, morning", "Signature après-midi Signature, afternoon"]
    at = [first.find(heading) for heading in headings]
    assert all(where >= 0 for where in at) and at == sorted(at), first[:400]
    assert "Signature Signature" not in first  # the day's single column is gone


def test_a_draft_participant_list_keeps_its_kit_draft_and_is_named_as_its_cause(conference):
    for path in (conference / "sources").rglob("*.yaml"):  # every public file final: only the list is draft
        if "private" not in path.parts:
            path.write_text(path.read_text(encoding="utf-8").replace("status: draft\n", "status: final\n"))
    sources = read_sources(conference / "sources")
    assert sources.participants[EVENT].record.status == "draft"
    for kind in KIT:
        assert draft_sources(sources, kind, EVENT) == [f"sources/{LIST}"], kind
    assert draft_sources(sources, "programme", EVENT) == []  # a public document never reads the list
    result = run_cli("check", project=conference)
    assert f"attendance {EVENT}: sources/{LIST}" in result.output, result.output
