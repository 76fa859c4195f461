"""Hostile inputs of issue 22, each run in a child process bounded in CPU time and memory (bounded.py).

Each row breaks one thing in a copy of the project (a sheet bomb, a control character in a cell, a
target that is a source, a link leaving the sources…), runs one command, and asserts: it ended by
itself within the bounds, its exit code, the exact words (the file and its line or cell, the field,
what is wrong, the `fix:`), no traceback and no internal error, and that no file of the project
changed unless the row says which (a refused command writes nothing, deletes nothing).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from tests.bounded import assert_bounded, run_bounded
from tests.conftest import ROOT, run_cli
from tests.sheet_bombs import BOMBS, workbook, worksheet
from tests.test_sheets import VANTAA, edited, name_sheet, write_sheet

SHEET = "sources/agenda/case.xlsx"
CSV = "sources/agenda/case.csv"
THESSALONIKI = "sources/workshops/2017-05-thessaloniki.yaml"
TITLE = "  fr: Atelier transnational à Thessalonique\n"
SMALL = ("--kind", "programme", "--lang", "el", "--variant", "screen")  # one document, should it build


@dataclass
class Row:
    id: str
    breaks: Callable[[Path], None]  # makes the project hostile
    says: tuple[str, ...]  # each in the output; P stands for the project, NEW for the folder `new` makes
    args: tuple[str, ...] = ("check",)
    code: int = 2
    problems: int | None = 1  # "N problems in the sources", when the sources are refused
    env: dict[str, str] | None = None


# --- how a row breaks the project ----------------------------------------------------------------


def agenda_sheet(name: str, make: Callable[[Path], None]) -> Callable[[Path], None]:
    """Vantaa's agenda read from sources/agenda/`name`, made by `make`."""

    def breaks(project: Path) -> None:
        path = project / "sources" / "agenda" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        make(path)
        name_sheet(project, VANTAA, "agenda", f"agenda/{name}")

    return breaks


def bytes_of(make: Callable[[], bytes]) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(make())


def cells(changes: dict[str, object], formats: dict[str, str] | None = None) -> Callable[[Path], None]:
    """The base agenda (test_sheets) with cells changed, some given a number format, as Excel saves it."""

    def make(path: Path) -> None:
        if path.suffix == ".csv":
            write_sheet(path, *edited(changes))
            return
        header, rows = edited(changes)
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "Programme"
        for values in [header, *rows]:
            sheet.append(values)
        for ref, number_format in (formats or {}).items():
            sheet[ref].number_format = number_format
        book.save(path)

    return make


def hidden(first_sheet: bool = False, rows: tuple[int, ...] = ()) -> Callable[[Path], None]:
    """The base agenda with a hidden first worksheet of nonsense before it, or some of its rows hidden."""

    def make(path: Path) -> None:
        cells({})(path)
        book = openpyxl.load_workbook(path)
        if first_sheet:
            old = book.create_sheet("Ancien", 0)
            old.append(["nonsense", "not a column"])
            old.sheet_state = "hidden"
            book.active = 1
        for number in rows:
            book["Programme"].row_dimensions[number].hidden = True
        book.save(path)

    return make


def replace(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def breaks(project: Path) -> None:
        path = project / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return breaks


def long_title(text: str) -> Callable[[Path], None]:
    return replace(THESSALONIKI, TITLE, f"  fr: {json.dumps(text)}\n")


def renamed(old: str, new: str) -> Callable[[Path], None]:
    return lambda project: (project / old).rename(project / new)


def in_sources(make: Callable[[Path], None]) -> Callable[[Path], None]:
    return lambda project: make(project / "sources")


def dangling_link(sources: Path) -> None:
    (sources / "workshops" / "2099-01-gone.yaml").symlink_to("/nonexistent/2099-01-gone.yaml")


def named_pipe(sources: Path) -> None:
    os.mkfifo(sources / "workshops" / "pipe.yaml")


def link_leaving(sources: Path) -> None:
    secret = sources.parent.parent / f"{sources.parent.name}-secret.txt"
    secret.write_text("not the project's\n", encoding="utf-8")
    (sources / "notes.txt").symlink_to(secret)


def output_linked_to(where: str) -> Callable[[Path], None]:
    def breaks(project: Path) -> None:
        target = project / where if where == "sources" else project.parent / f"{project.name}-elsewhere"
        target.mkdir(exist_ok=True)
        (project / "output").symlink_to(target)

    return breaks


def someone_elses_folder(project: Path) -> None:
    mine = project / "mine"
    mine.mkdir()
    (mine / "index.html").write_text("<p>my own page</p>\n", encoding="utf-8")
    (mine / ".draft.tmp").write_text("a draft\n", encoding="utf-8")
    (mine / "notes" / ".half.partial").parent.mkdir()
    (mine / "notes" / ".half.partial").write_text("half\n", encoding="utf-8")


def read_sheet_csv(project: Path) -> None:
    """Dresden's agenda read from the CSV sheet export-agenda wrote, as a team would have it."""
    exported = run_cli("export-agenda", "2016-09-dresden", "--format", "csv", project=project)
    assert exported.exit_code == 0, exported.output
    name_sheet(project, "sources/workshops/2016-09-dresden.yaml", "agenda", "agenda/2016-09-dresden.csv")


def nothing(project: Path) -> None:
    pass


EXPORT = ("export-agenda", "2016-09-dresden", "--format")
VALID = ("sources are valid: 10 partners, 5 workshops, 0 warnings",)
FIX_CONTROL = "fix: delete it (copying from another program can bring it in)"
FIX_DATE = "fix: write the date as YYYY-MM-DD"
FIX_TIME = "fix: write the time as HH:MM, e.g. 09:30"
FIX_REBUILD = (
    "fix: keep only the programme (or the partner list) in this file: copy it into a new workbook and save that"
)
FIX_NEW = "fix: replace it with the file itself (or remove it), then run `new` again"
FIX_EXPORT = "fix: write to a new file named like"

# (1) a few kilobytes of spreadsheet must not take the machine: refused from the zip's directory or
# as the XML streams, before any table is built
BOMB_MESSAGES = {
    "merged A1:XFD1048576": (
        f"{SHEET}: merges the cells A1:XFD1048576, beyond the 5000 rows and 100 columns a sheet may have",
        "fix: unmerge that range (Format > Merge cells > Unmerge)",
    ),
    "a million cell formats": (
        f"{SHEET}: defines more than 50,000 cell formats and styles",
        "fix: copy the table into a new workbook with Paste Special > Values, and save that",
    ),
    "2,000 bzip2 members declaring 134 GB": (
        f"{SHEET}: holds 2,000 files inside, more than the 1000 a sheet may",
        FIX_REBUILD,
    ),
    "a member lying about its size": (
        f"{SHEET}: is not a readable XLSX workbook (it is damaged: xl/worksheets/sheet1.xml: Bad CRC-32",
        "fix: open it in Excel or LibreOffice and save it again as .xlsx",
    ),
    "a million formatted empty cells": (
        f"{SHEET}: has more than 200,000 cells with a value or a format",
        "fix: delete the rows below the table and the columns right of it",
    ),
    "a million shared texts": (f"{SHEET}: holds more than 200,000 texts", FIX_REBUILD),
    "a cell of a million characters": (
        f"{SHEET}:Programme!B2: title holds 1,000,000 characters, more than the 32,767 a cell may hold",
        "fix: shorten the text; a long description belongs in the YAML file or a linked page",
    ),
    "three million unneeded elements": (
        f"{SHEET}: holds more than 1,000,000 XML elements, more than a sheet needs",
        FIX_REBUILD,
    ),
    "5,000 cells of 30,000 characters": (
        f"{SHEET}: holds more than 5 million characters of text in its cells, more than a source may hold",
        FIX_REBUILD,
    ),
}
SHEET_BOMBS = [
    Row(f"bomb: {name}", agenda_sheet("case.xlsx", bytes_of(make)), BOMB_MESSAGES[name], problems=None)
    for name, make in BOMBS.items()
]


def saved_then_merged(path: Path) -> None:
    """A workbook as Excel saves it (openpyxl here), its sheet then merging every cell: 5 KB. Before
    issue 22's reader, check died of a MemoryError at 300 MB after 4.4 s of CPU (exit 1, a traceback)."""
    write_sheet(path, *edited({}))
    with zipfile.ZipFile(path) as source:
        members = {info.filename: source.read(info.filename) for info in source.infolist()}
    merge = b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
    members["xl/worksheets/sheet1.xml"] = members["xl/worksheets/sheet1.xml"].replace(b"</sheetData>", merge)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members.items():
            target.writestr(name, data)


CSV_BOMBS = [
    Row(
        "bomb: a saved workbook merging A1:XFD1048576",
        agenda_sheet("case.xlsx", saved_then_merged),
        (f"{SHEET}: merges the cells A1:XFD1048576, beyond the 5000 rows and 100 columns a sheet may have",),
    ),
    Row(
        "bomb: a CSV line of two million commas",
        agenda_sheet("case.csv", lambda path: path.write_bytes(b"date,title" + b"," * 2_000_000 + b"\n")),
        (f"{CSV}: has more than the 100 columns a sheet may have", "fix: delete the empty or unrelated columns"),
    ),
    Row(
        "bomb: a CSV of two million empty lines",
        agenda_sheet("case.csv", lambda path: path.write_bytes(b"date,title\n" + b",\n" * 2_000_000)),
        (f"{CSV}: has more than the 5000 rows a sheet may have", "fix: delete the empty or unrelated rows"),
    ),
    Row(
        "bomb: a CSV quote never closed over 4 MB",
        agenda_sheet("case.csv", lambda path: path.write_bytes(b'date,title\n2017-01-25,"' + b"x" * 4_000_000)),
        (f"{CSV}: is not a readable CSV file (unexpected end of data)", "fix: save it again from the spreadsheet"),
    ),
    Row(
        "bomb: an XLSX declaring entities",
        agenda_sheet(
            "case.xlsx",
            bytes_of(lambda: workbook('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaa">]>' + worksheet())),
        ),
        (f"{SHEET}: is not a readable XLSX workbook (it is damaged: xl/worksheets/sheet1.xml declares a DOCTYPE",),
    ),
]

# (2) a title of a megabyte (within the 5 MB a source may be) is checked in linear time
LONG_TITLES = [
    Row(
        f"title: 1 MB of {unit!r}",
        long_title((unit * (1_000_000 // len(unit) + 1))[:1_000_000]),
        VALID,
        code=0,
        problems=None,
    )
    for unit in ("Thessalonique ", "x", "a.", "1-", "http://a.b/", "a@b.c ")  # 'a.' and '1-' took an hour
]

# (5) a user's mistake in a sheet's number is a problem at its cell, never an internal error
SHEET_NUMBERS = [
    Row(
        "sheet: a date typed as the number 20160921",
        agenda_sheet("case.xlsx", cells({"A2": 20160921})),
        (f"{SHEET}:Programme!A2: date '20160921' is not a date like 2017-05-18 (year-month-day)", FIX_DATE),
    ),
    Row(
        "sheet: a date serial of 3e6",
        agenda_sheet("case.xlsx", cells({"A2": 3e6}, {"A2": "yyyy-mm-dd"})),
        (f"{SHEET}:Programme!A2: date '3000000' is not a date like 2017-05-18", FIX_DATE),
    ),
    Row(
        "sheet: a negative date serial",
        agenda_sheet("case.xlsx", cells({"A2": -5}, {"A2": "yyyy-mm-dd"})),
        (f"{SHEET}:Programme!A2: date '-5' is not a date like 2017-05-18", FIX_DATE),
    ),
    Row(
        "sheet: a time serial of 1e300",
        agenda_sheet("case.xlsx", cells({"B2": 1e300}, {"B2": "hh:mm"})),
        (
            f"{SHEET}:Programme!B2: start '1e+300' is not a time like 09:00 (24-hour clock, two digits each)",
            FIX_TIME,
        ),
    ),
    Row(
        "sheet: a negative [h]:mm time",
        agenda_sheet("case.xlsx", cells({"B2": -0.5}, {"B2": "[h]:mm"})),
        (f"{SHEET}:Programme!B2: start '-12:00' is not a time like 09:00 (24-hour clock, two digits each)", FIX_TIME),
    ),
]

# (6) sheet text gets the checks YAML text gets; the first visible sheet, visible rows; one problem
SHEET_TEXTS = [
    Row(
        "sheet: ESC in a CSV cell",
        agenda_sheet("case.csv", cells({"E2": "Accueil \x1b[31m"})),
        (f"{CSV}:E2: title_fr holds the control character U+001B, which prints as nothing or a blank box", FIX_CONTROL),
    ),
    Row(
        "sheet: NUL in a CSV cell",
        agenda_sheet("case.csv", cells({"E2": "Accueil\x00"})),
        (f"{CSV}:E2: title_fr holds the control character U+0000", FIX_CONTROL),
    ),
    Row(
        "sheet: BEL in a CSV cell",
        agenda_sheet("case.csv", cells({"F2": "Wel\x07come"})),
        (f"{CSV}:F2: title_en holds the control character U+0007", FIX_CONTROL),
    ),
    Row(
        "sheet: ESC written _x001B_ in an XLSX cell",
        agenda_sheet("case.xlsx", cells({"E3": "Ouverture_x001B_"})),
        (f"{SHEET}:Programme!E3: title_fr holds the control character U+001B", FIX_CONTROL),
    ),
    Row(
        "sheet: a cell over 32,767 characters in a CSV",
        agenda_sheet("case.csv", cells({"F3": "y" * 40_000})),
        (f"{CSV}:F3: title_en holds 40,000 characters, more than the 32,767 a cell may hold",),
    ),
    Row(
        "sheet: a hidden first worksheet is not the one read",
        agenda_sheet("case.xlsx", hidden(first_sheet=True)),
        ("sources are valid: 10 partners, 5 workshops, 0 warnings",),
        code=0,
        problems=None,
    ),
    Row(
        "sheet: hidden rows are left out with a warning",
        agenda_sheet("case.xlsx", hidden(rows=(3,))),
        (
            f"warning: {SHEET}:Programme!A3: row 3 is hidden: left out",
            "fix: to print them, unhide them (select the rows around, right-click > Unhide); or delete them",
            "sources are valid: 10 partners, 5 workshops, 1 warning",
        ),
        code=0,
        problems=None,
    ),
    Row(
        "sheet: only hidden worksheets",
        agenda_sheet("case.xlsx", bytes_of(lambda: workbook(sheets=[("Ancien", "hidden", worksheet())]))),
        (f"{SHEET}: holds no visible worksheet", "fix: name one of its sheets after #: Ancien"),
    ),
    Row(
        "sheet: a refused sheet is one problem (no 'agenda should be a list')",
        agenda_sheet("case.xlsx", bytes_of(lambda: b"PK\x03\x04 not a zip" * 10)),
        (f"{SHEET}: is not a readable XLSX workbook (it is damaged: not a zip archive",),
    ),
    Row(
        "sheet: an empty worksheet",
        agenda_sheet("case.xlsx", bytes_of(lambda: workbook(worksheet("")))),
        (f"{SHEET}: is empty: it has no header row", "fix: write the column names on the first row"),
    ),
]

# (5, 10) mistakes `build` found only after rendering everything, now found by `check` first
SOURCE_MISTAKES = [
    Row(
        "site: base_url whose host is no name",
        replace(
            "sources/site.yaml", "base_url: https://europe.valdemarne.fr/arrival-cities/", 'base_url: "https://[TBD]/"'
        ),
        (
            "sources/site.yaml:14: base_url 'https://[TBD]/' is not a web address: its host is not a name like "
            "example.org",
            "fix: write the address the download page will have, e.g. https://example.org/our-network/",
        ),
    ),
    Row(
        "partners: a city west of the map",
        replace(
            "sources/partners.yaml", "location: {lat: 38.7538, lon: -9.2308}", "location: {lat: 38.7538, lon: -49.2}"
        ),
        (
            "sources/partners.yaml:11: partners[1].location (38.7538, -49.2) lies outside the map of Europe the "
            "brochure and the poster print",
            "fix: check the coordinates (latitude first, then longitude; west and south are negative), "
            "e.g. lat: 38.75, lon: -9.23 for Amadora",
        ),
    ),
    Row(
        "partners: a city at the map's antipode",
        replace("sources/partners.yaml", "location: {lat: 38.7538, lon: -9.2308}", "location: {lat: -50, lon: -170}"),
        ("sources/partners.yaml:11: partners[1].location (-50, -170) lies outside the map of Europe",),
    ),
    Row(
        "site: a slug too narrow for crop marks",
        replace("sources/site.yaml", "slug_mm: 10", "slug_mm: 2"),
        (
            "sources/site.yaml:34: print.slug_mm 2 mm is too narrow for crop marks (--marks): they need at least "
            "5 mm beyond the bleed",
            "fix: write the printer's slug, usually 10",
        ),
    ),
    Row(
        "workshops: a file name of 75 CJK characters",
        renamed(THESSALONIKI, "sources/workshops/2017-05-" + "漢" * 75 + ".yaml"),
        (
            f"sources/workshops/2017-05-{'漢' * 75}.yaml:1: has a name of 233 bytes in UTF-8 (83 characters), more "
            "than the 216 its programmes' file names allow (a file system takes 255)",
            "fix: rename it like 2016-09-dresden.yaml",
        ),
    ),
]

# (3, 7) commands that must never destroy: new --from checks all it would copy first, and writes all
# or nothing; export-agenda never writes over a source, into layouts/ or styles/, or another format
COMMANDS = [
    Row(
        "new --from: a dangling link",
        in_sources(dangling_link),
        (
            "P/sources/workshops/2099-01-gone.yaml is a symbolic link to /nonexistent/2099-01-gone.yaml, which does "
            "not exist; nothing was written",
            FIX_NEW,
        ),
        args=("new", "NEW", "--from", "P/sources"),
        problems=None,
    ),
    Row(
        "new --from: a named pipe",
        in_sources(named_pipe),
        (
            "P/sources/workshops/pipe.yaml is not a regular file (a named pipe, socket or device); nothing was written",
            FIX_NEW,
        ),
        args=("new", "NEW", "--from", "P/sources"),
        problems=None,
    ),
    Row(
        "new --from: a link leaving the sources",
        in_sources(link_leaving),
        (
            "P/sources/notes.txt is a symbolic link to P-secret.txt, outside the sources: the copy would hide where "
            "it comes from; nothing was written",
            FIX_NEW,
        ),
        args=("new", "NEW", "--from", "P/sources"),
        problems=None,
    ),
    Row(
        "export-agenda: CSV over the workshop's YAML",
        nothing,
        (
            "--output P/sources/workshops/2016-09-dresden.yaml is not a .csv file: export-agenda --format csv writes "
            "a CSV sheet; nothing was written",
            f"{FIX_EXPORT} 2016-09-dresden.csv, e.g. --output P/sources/agenda/2016-09-dresden.csv",
        ),
        args=(*EXPORT, "csv", "--output", "P/sources/workshops/2016-09-dresden.yaml"),
        problems=None,
    ),
    Row(
        "export-agenda: XLSX over site.yaml",
        nothing,
        ("--output P/sources/site.yaml is not a .xlsx file", f"{FIX_EXPORT} site.xlsx"),
        args=(*EXPORT, "xlsx", "--output", "P/sources/site.yaml"),
        problems=None,
    ),
    Row(
        "export-agenda: into layouts/",
        nothing,
        ("--output P/layouts/x.csv is inside layouts/, which the build reads; nothing was written", FIX_EXPORT),
        args=(*EXPORT, "csv", "--output", "P/layouts/x.csv"),
        problems=None,
    ),
    Row(
        "export-agenda: into styles/",
        nothing,
        ("--output P/styles/x.csv is inside styles/, which the build reads; nothing was written", FIX_EXPORT),
        args=(*EXPORT, "csv", "--output", "P/styles/x.csv"),
        problems=None,
    ),
    Row(
        "export-agenda: CSV into a file named .xlsx",
        nothing,
        ("--output P/agenda.xlsx is not a .csv file: export-agenda --format csv writes a CSV sheet", FIX_EXPORT),
        args=(*EXPORT, "csv", "--output", "P/agenda.xlsx"),
        problems=None,
    ),
    Row(
        "export-agenda: over a sheet the sources read",
        read_sheet_csv,
        ("--output P/sources/agenda/2016-09-dresden.csv", "nothing was written"),
        args=(*EXPORT, "csv", "--output", "P/sources/agenda/2016-09-dresden.csv"),
        problems=None,
    ),
]

# (3) the output folder is the build's own: refused before anything is written (a build, so marked)
OUTPUT_FOLDERS = [
    Row(
        "build: output/ a link to sources/",
        output_linked_to("sources"),
        (
            "P/output is a symbolic link (to P/sources): the build writes only into a folder of its own, never "
            "through a link; nothing was written",
            "fix: remove the link (`rm P/output`) and build again (it points inside sources/, which the build reads)",
        ),
        args=("build", *SMALL),
        problems=None,
    ),
    Row(
        "build: output/ a link outside the project",
        output_linked_to("elsewhere"),
        (
            "P/output is a symbolic link (to P-elsewhere)",
            "fix: remove the link (`rm P/output`) and build again, or name the folder itself: --output P-elsewhere",
        ),
        args=("build", *SMALL),
        problems=None,
    ),
    Row(
        "build: --output naming a link",
        output_linked_to("elsewhere"),
        ("P/output is a symbolic link (to P-elsewhere)",),
        args=("build", "--output", "P/output", *SMALL),
        problems=None,
    ),
    Row(
        "build: --output a folder of someone else's files",
        someone_elses_folder,
        (
            "P/mine holds files no build wrote (it has no .build-state.json): a build would replace or delete them; "
            "nothing was written",
            "fix: build into a new or empty folder (--output FOLDER), or move those files away",
        ),
        args=("build", "--output", "P/mine", *SMALL),
        problems=None,
    ),
]


def snapshot(folder: Path) -> dict[str, object]:
    """Every entry below `folder` as it is: a file's digest, a link's target, what else it is."""
    found: dict[str, object] = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            found[name] = ("link", os.readlink(path))
        elif path.is_file():
            found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            found[name] = "folder" if path.is_dir() else "other"
    return found


def arguments(args: tuple[str, ...], project: Path, new: Path) -> list[str]:
    """The row's arguments with P (and P/…) the project and NEW the folder `new` makes."""
    return [str(new) if arg == "NEW" else str(project) + arg[1:] if arg[:2] == "P/" else arg for arg in args]


def run_row(row: Row, tmp_path: Path) -> None:
    """The row's command in a bounded child, on a copy of the project; it changes no file at all."""
    project, new = tmp_path / "project", tmp_path / "new"
    for name in ("sources", "layouts", "styles"):
        shutil.copytree(ROOT / name, project / name)
    row.breaks(project)
    before = snapshot(tmp_path)
    result = run_bounded(*arguments(row.args, project, new), project=project, env=row.env)
    assert_bounded(result)
    shown = result.output.replace(str(new), "NEW").replace(str(project), "P")
    assert result.exit_code == row.code, shown
    for words in row.says:
        assert words in shown, shown
    if row.code:
        assert "fix: " in shown, "every refusal says how to fix it"
    assert "Traceback" not in shown and "internal error" not in shown and "\x1b" not in shown
    if row.problems is not None:
        assert f"Error: {row.problems} problem{'s' if row.problems > 1 else ''} in the sources:" in shown, shown
    assert "should be a list" not in shown, "a refused sheet is its one problem"
    assert snapshot(tmp_path) == before, "a check, or a refused command, changes no file"
    assert not new.exists(), "a refused `new` leaves no folder behind"


CHECKED = [*SHEET_BOMBS, *CSV_BOMBS, *LONG_TITLES, *SHEET_NUMBERS, *SHEET_TEXTS, *SOURCE_MISTAKES, *COMMANDS]


# Each a child process reading megabytes within its bounds (2 to 8 s): left out of the fast tier.
SLOW = [*SHEET_BOMBS, *LONG_TITLES]


@pytest.mark.parametrize(
    "row", [pytest.param(row, id=row.id, marks=[pytest.mark.slow] if row in SLOW else []) for row in CHECKED]
)
def test_a_hostile_input_fails_clearly_within_the_bounds(row: Row, tmp_path: Path) -> None:
    run_row(row, tmp_path)


@pytest.mark.build
@pytest.mark.parametrize("row", OUTPUT_FOLDERS, ids=[row.id for row in OUTPUT_FOLDERS])
def test_an_output_folder_not_the_builds_own_is_refused_within_the_bounds(row: Row, tmp_path: Path) -> None:
    run_row(row, tmp_path)


def test_there_are_forty_bounded_rows() -> None:
    assert len(CHECKED) + len(OUTPUT_FOLDERS) >= 40


# (9) a word longer than its line breaks as a last resort (overflow-wrap: anywhere in base.css)
LONG_VENUE = ("Thessalonikiplatz" * 11)[:182]


@pytest.mark.build
def test_a_182_letter_venue_name_stays_inside_the_trim(tmp_path: Path) -> None:
    """Each of the name's letters is drawn inside the page's trim box (the media box on screen): the
    word breaks where it must instead of running into the bleed."""
    import pikepdf
    import pypdfium2 as pdfium

    project = tmp_path / "project"
    for name in ("sources", "layouts", "styles"):
        shutil.copytree(ROOT / name, project / name)
    replace(THESSALONIKI, "    fr: Hôtel de ville de Thessalonique\n", f"    fr: {LONG_VENUE}\n")(project)
    thessaloniki = ("--kind", "programme", "--event", "2017-05-thessaloniki", "--lang", "fr")
    result = run_cli("build", *thessaloniki, "--jobs", "1", "--quiet", project=project)
    assert result.exit_code == 0, result.output
    for variant, box in (("print", "/TrimBox"), ("screen", "/MediaBox")):
        path = project / f"output/fr/programme-2017-05-thessaloniki-{variant}.pdf"
        with pikepdf.open(path) as pdf:
            boxes = [[float(v) for v in page.obj[box]] for page in pdf.pages]
        document = pdfium.PdfDocument(str(path))
        try:
            found = 0
            for page, (left, bottom, right, top) in zip(document, boxes, strict=True):
                text = page.get_textpage()
                letters = [i for i in range(text.count_chars()) if text.get_text_range(i, 1) in "Thesalonikpz"]
                for index in letters:
                    x0, y0, x1, y1 = text.get_charbox(index)
                    assert left - 0.5 <= x0 and x1 <= right + 0.5 and bottom - 0.5 <= y0 and y1 <= top + 0.5, (
                        variant,
                        text.get_text_range(index, 1),
                        (x0, y0, x1, y1),
                        (left, bottom, right, top),
                    )
                found += "".join(text.get_text_range().split()).count(LONG_VENUE[:40])
            assert found >= 1, f"the venue's name is in the {variant} programme"
        finally:
            document.close()


@pytest.mark.build
def test_without_a_last_resort_break_the_layout_preflight_refuses_the_cut_name(tmp_path: Path) -> None:
    """The same name in a project whose base.css lacks overflow-wrap: the layout preflight finds the
    name's letters lost past the trim (main's layout preflight, an error), names the source's line,
    and writes nothing for that programme."""
    project = tmp_path / "project"
    for name in ("sources", "layouts", "styles"):
        shutil.copytree(ROOT / name, project / name)
    replace(THESSALONIKI, "    fr: Hôtel de ville de Thessalonique\n", f"    fr: {LONG_VENUE}\n")(project)
    replace("styles/base.css", "  overflow-wrap: anywhere;", "  overflow-wrap: normal;")(project)
    thessaloniki = ("--kind", "programme", "--event", "2017-05-thessaloniki", "--lang", "fr", "--variant", "print")
    result = run_cli("build", *thessaloniki, "--jobs", "1", project=project)
    assert result.exit_code == 1, result.output
    assert "failed output/fr/programme-2017-05-thessaloniki-print.pdf: layout preflight:" in result.output
    assert "text lost; nothing written (the previous files stay)" in result.output, result.output
    assert "(sources/workshops/2017-05-thessaloniki.yaml:17 (venue.name))" in result.output
