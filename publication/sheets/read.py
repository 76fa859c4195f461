"""Read a spreadsheet file into a `Table`: its header row and its rows of cells, each cell knowing
where it is (`Programme!C14`, or `C14` in a CSV). Nothing here knows what the columns mean.

XLSX is read with openpyxl, values only: a formula is never evaluated, its value is the one the
spreadsheet program saved with it. The whole sheet is loaded (not openpyxl's read-only mode)
because read-only mode does not know merged cells; the size bounds below keep that cheap.
ODS is read by ods.py, which joins READERS. CSV is read with the standard library: UTF-8 with or without a byte-order mark or, when its bytes
are not UTF-8, Windows-1252 (what Excel saves as "CSV (séparateur : point-virgule)" in a French
locale) with a warning; `,` or `;` between cells.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import CellRef, Problem
from .bounds import MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS, MAX_UNZIPPED_BYTES
from .encoding import decode_csv

# The bounds every reader holds to (bounds.py): past them, the file is refused before it is parsed
# (a zip bomb, or a sheet styled down to row 1,048,576). XLSX here checks the file, the unpacked
# size, the rows and columns; ODS (ods.py) streams its file through bounds.Bounds.
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an old .xls, or an encrypted (password) workbook
# Readers of other formats, by suffix: `(bytes, name shown in messages, sheet named after # or "") → Table`
# (ods.py adds itself).
READERS: dict[str, Callable[[bytes, str, str], Table]] = {}


@dataclass(frozen=True)
class Cell:
    ref: CellRef  # where it is, as the spreadsheet program names it: Programme!C14 (C14 in a CSV)
    value: Any  # as read: text, number, date, time; None when empty


@dataclass
class Table:
    file: str  # as messages name it: sources/agenda/x.xlsx
    header: list[Cell]
    rows: list[list[Cell]]  # blank rows left out; each row as wide as the header
    epoch: Any = None  # the workbook's date system (1900 or 1904), for serial numbers
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # read, but the team should know (an encoding guessed)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def make_table(display: str, sheet: str | None, grid: list[list[Any]], epoch: Any = None) -> Table:
    """The first non-blank row is the header; blank rows are left out; cells know their place."""
    prefix = f"{sheet}!" if sheet else ""
    numbered = [(number, values) for number, values in enumerate(grid, 1) if not all(map(_empty, values))]
    if not numbered:
        return Table(
            display,
            [],
            [],
            epoch,
            [
                Problem(
                    display,
                    None,
                    "",
                    "is empty: it has no header row",
                    "write the column names on the first row, then one row per item",
                )
            ],
        )
    width = max(len(values) for _, values in numbered)

    def cells(number: int, values: list[Any]) -> list[Cell]:
        padded = list(values) + [None] * (width - len(values))
        return [Cell(CellRef(f"{prefix}{column_letter(c)}{number}"), v) for c, v in enumerate(padded)]

    (first, header), *rest = numbered
    return Table(display, cells(first, header), [cells(n, v) for n, v in rest], epoch)


def _refused(display: str, message: str, fix: str) -> Table:
    return Table(display, [], [], None, [Problem(display, None, "", message, fix)])


def read_table(path: Path, display: str, sheet: str = "") -> Table:
    """The sheet at `path` (the worksheet named `sheet`, or the first of an XLSX or ODS), or a Table holding its problems."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return _refused(
                display,
                f"is {size / 1e6:.1f} MB, more than the {MAX_FILE_BYTES // 2**20} MB a sheet may be",
                "keep only the programme (or the partner list) in this file; remove pictures and other sheets",
            )
        raw = path.read_bytes()
    except OSError as exc:
        return _refused(display, f"cannot be read: {exc.strerror}", "check that the file exists and is readable")
    if path.suffix.lower() == ".csv":
        return _read_csv(raw, display)
    reader = READERS.get(path.suffix.lower())
    if reader is not None and not raw.startswith(OLE2):
        return reader(raw, display, sheet)
    return _read_xlsx(raw, display, sheet)


def _bounded(display: str, rows: int, columns: int) -> Table | None:
    if rows > MAX_ROWS:
        return _refused(
            display,
            f"has {rows} rows, more than the {MAX_ROWS} a sheet may have",
            "delete the empty or unrelated rows below the table, or split the file",
        )
    if columns > MAX_COLUMNS:
        return _refused(
            display,
            f"has {columns} columns, more than the {MAX_COLUMNS} a sheet may have",
            "delete the empty or unrelated columns right of the table",
        )
    return None


def _read_csv(raw: bytes, display: str) -> Table:
    text, warning = decode_csv(raw, display)
    if text is None:
        return Table(display, [], [], None, [warning] if warning else [])
    first = text.split("\n", 1)[0]
    # Excel writes `;` in locales where the comma is the decimal sign (French, German…).
    delimiter = max((",", ";", "\t"), key=lambda d: len(next(csv.reader([first], delimiter=d), [])))
    try:
        grid = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        return _refused(display, f"is not a readable CSV file ({exc})", "save it again from the spreadsheet program")
    too_big = _bounded(display, len(grid), max((len(row) for row in grid), default=0))
    table = too_big or make_table(display, None, grid)
    table.warnings += [warning] if warning else []
    return table


def _read_xlsx(raw: bytes, display: str, name: str = "") -> Table:
    refused = _not_a_workbook(raw, display)
    if refused:
        return refused
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), data_only=True)
        sheets = [s for s in book.worksheets if hasattr(s, "iter_rows")]
        if not sheets or (name and name not in [s.title for s in sheets]):
            return _refused(
                display,
                f"has no worksheet named '{name}'" if name else "holds no worksheet",
                f"name one of its sheets after #: {', '.join(s.title for s in sheets) or 'none'}",
            )
        sheet = next(s for s in sheets if s.title == name) if name else sheets[0]
        too_big = _bounded(display, sheet.max_row, sheet.max_column)
        if too_big:
            return too_big
        grid = [list(row) for row in sheet.iter_rows(values_only=True)]
        formulas = _uncached_formulas(raw, sheet.title, grid)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file: all mean the same here
        return _refused(
            display,
            f"is not a readable XLSX workbook ({type(exc).__name__}: {exc})",
            "open it in Excel or LibreOffice and save it again as .xlsx",
        )
    _fill_merged(sheet, grid)
    table = make_table(display, sheet.title, grid, book.epoch)
    table.problems += [
        Problem(
            display,
            CellRef(f"{sheet.title}!{ref}"),
            "",
            "is a formula with no saved value",
            "open the file in Excel or LibreOffice and save it (the values are saved with "
            "the formulas), or type the value instead of the formula",
        )
        for ref in formulas
    ]
    return table


def _not_a_workbook(raw: bytes, display: str) -> Table | None:
    """Why the bytes cannot be an XLSX workbook, before openpyxl is given them."""
    if raw.startswith(OLE2):
        return _refused(
            display,
            "is password-protected (encrypted), or an old Excel 97-2003 workbook renamed .xlsx",
            "open it, remove the password (File > Info > Protect Workbook), and save it as .xlsx",
        )
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        return _refused(
            display,
            "is not a readable XLSX workbook (it is damaged: not a zip archive)",
            "open it in Excel or LibreOffice and save it again as .xlsx",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
            damaged = archive.testzip()
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        damaged, unzipped = str(exc), 0
    if damaged:
        return _refused(
            display,
            f"is not a readable XLSX workbook (it is damaged: {damaged})",
            "open it in Excel or LibreOffice and save it again as .xlsx",
        )
    if unzipped > MAX_UNZIPPED_BYTES:
        return _refused(
            display,
            f"unpacks to {unzipped / 1e6:.0f} MB, more than the {MAX_UNZIPPED_BYTES // 2**20} MB a sheet may hold",
            "keep only the programme (or the partner list) in this file",
        )
    return None


def _uncached_formulas(raw: bytes, title: str, grid: list[list[Any]]) -> list[str]:
    """Cells of the sheet holding a formula saved without its value (a file written by a program,
    never opened in a spreadsheet): its value is unknown, and we never compute formulas."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    try:
        formulas = [
            (cell.row, cell.column, cell.coordinate)
            for row in book[title].iter_rows()
            for cell in row
            if getattr(cell, "data_type", None) == "f"
        ]
    finally:
        book.close()
    return [ref for r, c, ref in formulas if r <= len(grid) and c <= len(grid[r - 1]) and grid[r - 1][c - 1] is None]


def _fill_merged(sheet, grid: list[list[Any]]) -> None:
    """Every cell of a merged range holds the range's value (a day's date merged down its rows)."""
    for merged in sheet.merged_cells.ranges:
        value = grid[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row - 1, min(merged.max_row, len(grid))):
            for c in range(merged.min_col - 1, min(merged.max_col, len(grid[r]))):
                grid[r][c] = value
