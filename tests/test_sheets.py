"""Agendas and partner lists read from spreadsheets (publication/sheets/): a sheet exported from a
YAML agenda builds the very same PDFs; a CSV written by a French Excel (`;`, BOM) reads; each bad
sheet is named at its cell, all problems at once, exit 2; a sheet edited under the preview rebuilds.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
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
from tests.conftest import ROOT, run_cli

VANTAA = "sources/workshops/2017-01-vantaa.yaml"
HEADER = ["date", "start", "end", "kind", "title_fr", "title_en", "speakers_fr", "speakers_en", "room", "code"]
ROWS = [
    [dt.date(2017, 1, 25), dt.time(9, 0), dt.time(9, 30), "break", "Accueil", "Welcome", None, None, "Hall", None],
    [None, "10:00", "11:00", "Plenary", "Ouverture", "Opening", "Anna KOSKI; maire; Ville de Vantaa; FI",
     "Anna KOSKI; mayor; City of Vantaa; FI", "Salle 1", None],
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
            [header] + [["" if v is None else str(v) for v in row] for row in rows])
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
    path.write_text("".join(lines[:start] + [f"{key}: {value}\n"] + lines[end:]), encoding="utf-8")


def copy_project(target: Path, sources: Path = ROOT / "sources") -> Path:
    shutil.copytree(sources, target / "sources")
    for name in ("layouts", "styles"):
        shutil.copytree(ROOT / name, target / name)
    return target


def pdfs(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*.pdf"))}


# --- the round trip: YAML → sheet → build gives the same PDFs -------------------------------------

@pytest.mark.parametrize("example, workshop, fmt, selection", [
    ("", "2017-05-thessaloniki", "xlsx", ("--lang", "el", "--variant", "screen")),
    ("forum", "2027-09-novi-sad-forum", "xlsx", ("--lang", "en", "--variant", "print")),
])
def test_an_exported_agenda_builds_the_same_pdfs(tmp_path, example, workshop, fmt, selection):
    """Shipped (three languages, free-text speakers) and the forum (parallel slots, people, visits)."""
    sources = ROOT / "examples" / example / "sources" if example else ROOT / "sources"
    built = {}
    for name in ("yaml", "sheet"):
        project = copy_project(tmp_path / name, sources)
        if name == "sheet":
            exported = run_cli("export-agenda", workshop, "--format", fmt, project=project)
            assert exported.exit_code == 0, exported.output
            assert f"agenda: agenda/{workshop}.{fmt}" in exported.output
            name_sheet(project, f"sources/workshops/{workshop}.yaml", "agenda", f"agenda/{workshop}.{fmt}")
            assert "agenda:\n" not in (project / f"sources/workshops/{workshop}.yaml").read_text()
        result = run_cli("build", "--kind", "programme", *selection, "--jobs", "1", "--quiet", project=project)
        assert result.exit_code == 0, result.output
        built[name] = pdfs(project / "output")
    assert any(workshop in name for name in built["yaml"])
    assert built["sheet"].keys() == built["yaml"].keys()
    differing = [name for name in built["yaml"] if built["yaml"][name] != built["sheet"][name]]
    assert differing == []


def test_export_is_reproducible_and_readable(tmp_path):
    doc, _ = load_yaml(ROOT / "examples/forum/sources/workshops/2027-09-novi-sad-forum.yaml")
    days = doc.data["agenda"]
    assert to_xlsx(days) == to_xlsx(days) and to_csv(days) == to_csv(days)
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
    assert doc.data == [{"date": "2017-01-25", "sessions": [
        {"start": "09:00", "end": "09:45", "kind": "break", "title": {"fr": "Accueil", "en": "Welcome"}},
        {"start": "10:00", "end": "11:00", "kind": "session", "title": {"fr": "Table ronde", "en": "Round table"},
         "speakers": [{"name": "Anna KOSKI"}, "URBACT experts"]}]}]
    assert doc.where((0, "sessions", 1, "speakers", 1)) == (Path("a.xlsx"), "Sheet!G4")
    assert doc.field_of((0, "sessions", 1, "speakers", 1)) == "Speakers line 2"


def test_a_partner_list_may_be_a_sheet(tmp_path):
    """partners.yaml says `partners: partners.xlsx`: the same partners, problems at their cells."""
    project = copy_project(tmp_path)
    partners = yaml.safe_load((ROOT / "sources/partners.yaml").read_text())["partners"]
    header = ["id", "name", "name_fr", "name_en", "name_de", "name_el", "short_name_fr", "short_name_en",
              "short_name_de", "short_name_el", "kind", "country", "role", "lat", "lon", "language"]
    rows = []
    for p in partners:
        name, short = p["name"], p.get("short_name") or {}
        names = [None, *(name.get(lang) for lang in ("fr", "en", "de", "el"))] if isinstance(name, dict) else [name] + [None] * 4
        rows.append([p["id"], *names, *(short.get(lang) for lang in ("fr", "en", "de", "el")), p.get("kind"),
                     p["country"], p["role"], p["location"]["lat"], p["location"]["lon"], p.get("language")])
    write_sheet(project / "sources/partners.xlsx", header, rows)
    name_sheet(project, "sources/partners.yaml", "partners", "partners.xlsx")
    checked = run_cli("check", project=project)
    assert checked.exit_code == 0, checked.output
    rows[0][11] = "Portugal"
    write_sheet(project / "sources/partners.xlsx", header, rows)
    checked = run_cli("check", project=project)
    assert checked.exit_code == 2
    assert "sources/partners.xlsx:Programme!L2: country 'Portugal' is not in the expected form\n" \
           "    fix: use the two-letter ISO code in capitals" in checked.output
