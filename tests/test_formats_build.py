"""One agenda in every form a team receives it builds the same programme, byte for byte: YAML, XLSX,
ODS as LibreOffice saves it, CSV in UTF-8 and CSV in Windows-1252 as French Excel saves it ("CSV
(séparateur : point-virgule)"), the sheets with French headers (Date, Début, Titre FR, Titre (EN)…)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl
import pytest
import yaml

from publication.load import load_yaml
from publication.sheets.export import to_csv, to_xlsx
from tests.conftest import ROOT, run_cli
from tests.ods_files import write_ods
from tests.test_sheets import copy_project, name_sheet, pdfs

WORKSHOP = "sources/workshops/2027-06-tampere-annual-conference.yaml"
# Written to be saved in Windows-1252: é, œ, the euro sign, ’, – and a no-break space, no other script.
AGENDA = """agenda:
  - date: 2027-06-08
    sessions:
      - when: evening
        kind: social
        title:
          fr: "Dîner d’accueil – menu à 35\u00a0€ (œufs, bœuf)"
          en: "Welcome dinner – a €35 menu"
        meeting_point:
          fr: "Hall de l’hôtel, 19\u00a0h"
          en: "Hotel lobby, 7 pm"
  - date: 2027-06-09
    title:
      fr: "Jour 1 : le lancement"
      en: "Day 1: the launch"
    sessions:
      - start: "09:00"
        end: "09:30"
        kind: break
        title: {fr: "Accueil café", en: "Coffee"}
        room: {fr: "Salle des fêtes", en: "Main hall"}
      - start: "09:30"
        end: "11:00"
        kind: plenary
        title:
          fr: "Ouverture : le cœur du projet"
          en: "Opening: the heart of the project"
        chair:
          name: Élise MARTIN
          role: {fr: "Chargée de mission", en: "Project officer"}
          organisation: {fr: "Département du Val-de-Marne", en: "Val-de-Marne County"}
          country: FR
        speakers:
          - name: Anna-Kaisa IKONEN
            role: {fr: "Maire", en: "Mayor"}
            organisation: {fr: "Ville de Tampere", en: "City of Tampere"}
            country: FI
        room: {fr: "Salle des fêtes", en: "Main hall"}
      - start: "11:00"
        end: "12:30"
        kind: workshop
        title: {fr: "Ateliers", en: "Workshops"}
        parallel:
          - code: A1
            title: {fr: "Rivières et quartiers", en: "Rivers and neighbourhoods"}
            room: {fr: "Salle 1", en: "Room 1"}
          - code: A2
            title: {fr: "Coûts et bénéfices : 1\u00a0000\u00a0€ ?", en: "Costs and benefits: €1,000?"}
            room: {fr: "Salle 2", en: "Room 2"}
"""
LANGUAGE = re.compile(r"^(.+)_(fr|en)$")


def french_names() -> dict[str, str]:
    """Each column's first French name in the catalogue: start → Début."""
    catalogue = yaml.safe_load((ROOT / "layouts/messages/fr.yaml").read_text(encoding="utf-8"))
    return {
        key[len("column_") :]: value.split(",")[0].strip()
        for key, value in catalogue.items()
        if key.startswith("column_")
    }


def french_header(header: list[str]) -> list[str]:
    """title_fr → 'Titre FR', title_en → 'Titre (EN)', start → 'Début': both forms a team writes."""
    names = french_names()
    out = []
    for name in header:
        match = LANGUAGE.match(name)
        if match and match[1] in names:
            out.append(f"{names[match[1]]} FR" if match[2] == "fr" else f"{names[match[1]]} ({match[2].upper()})")
        else:
            out.append(names.get(name, name))
    return out


def as_french_excel(days: list) -> str:
    """The CSV as Excel shows it in a French locale: `;`, dates as 09/06/2027, times as 9:30, CRLF."""
    rows = list(csv.reader(io.StringIO(to_csv(days).decode("utf-8-sig"), newline="")))
    header = rows[0]
    for row in rows[1:]:
        for index, name in enumerate(header):
            if name == "date" and row[index]:
                year, month, day = row[index].split("-")
                row[index] = f"{day}/{month}/{year}"
            if name in ("start", "end"):
                row[index] = row[index].lstrip("0")
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows([french_header(header), *rows[1:]])
    return out.getvalue()


def write_sheets(folder: Path, days: list) -> dict[str, str]:
    """The agenda in every form, French headers; the file each project's YAML names."""
    folder.mkdir(parents=True, exist_ok=True)
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(days)))
    sheet = book.active
    grid = [list(row) for row in sheet.iter_rows(values_only=True)]
    for index, name in enumerate(french_header(grid[0]), 1):
        sheet.cell(row=1, column=index, value=name)
    book.save(folder / "agenda.xlsx")
    write_ods(folder / "agenda.ods", french_header(grid[0]), grid[1:], sheet=sheet.title)
    text = as_french_excel(days)
    (folder / "utf8.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (folder / "cp1252.csv").write_bytes(text.encode("cp1252"))
    return {"xlsx": "agenda.xlsx", "ods": "agenda.ods", "utf8": "utf8.csv", "cp1252": "cp1252.csv"}


def with_agenda(project: Path) -> None:
    path = project / WORKSHOP
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("agenda:"))
    end = next((i for i in range(start + 1, len(lines)) if lines[i][:1].isalpha()), len(lines))
    path.write_text("".join([*lines[:start], AGENDA, *lines[end:]]), encoding="utf-8")


@pytest.mark.build
def test_the_same_agenda_in_every_format_builds_the_same_programme(tmp_path):
    built, outputs = {}, {}
    for form in ("yaml", "xlsx", "ods", "utf8", "cp1252"):
        project = copy_project(tmp_path / form, ROOT / "examples/conference/sources")
        with_agenda(project)
        if form != "yaml":
            doc, _ = load_yaml(project / WORKSHOP)
            files = write_sheets(project / "sources/agenda", doc.data["agenda"])
            name_sheet(project, WORKSHOP, "agenda", f"agenda/{files[form]}")
        result = run_cli(
            "build", "--kind", "programme", "--lang", "fr", "--variant", "screen", "--jobs", "1", project=project
        )
        assert result.exit_code == 0, result.output
        built[form], outputs[form] = pdfs(project / "output"), result.output
    raw = (tmp_path / "cp1252/sources/agenda/cp1252.csv").read_bytes()
    assert b"\xa0\x80" in raw and b"\x9c" in raw and b";D\xe9but;Fin;" in raw and b"Titre FR;Titre (EN)" in raw
    assert "read as Windows-1252" in " ".join(outputs["cp1252"].split())
    assert "Windows-1252" not in outputs["utf8"] + outputs["ods"] + outputs["xlsx"]
    assert len(built["yaml"]) == 1, built["yaml"].keys()
    for form in ("xlsx", "ods", "utf8", "cp1252"):
        assert built[form] == built["yaml"], form
    from tests.pdfs import flat_text

    (name,) = built["cp1252"]
    text = flat_text(tmp_path / "cp1252/output" / name)
    assert "Dîner d’accueil – menu à 35 € (œufs, bœuf)" in text and "Coûts et bénéfices" in text, text


def test_a_project_catalogue_without_column_names_is_no_problem(project_copy):
    """A project's own catalogue written before the column names came (the source language's, fr)
    checks as before; its sheets are then headed in English (or in the other catalogues' words)."""
    own = project_copy / "layouts/messages/fr.yaml"
    kept = [line for line in own.read_text(encoding="utf-8").splitlines(True) if not line.startswith("column_")]
    own.write_text("".join(kept), encoding="utf-8")
    result = run_cli("check", project=project_copy)
    assert result.exit_code == 0, result.output
    assert "column_" not in result.output
