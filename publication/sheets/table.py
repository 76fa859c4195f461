"""What every sheet reader gives: a `Table` of cells, each knowing where it is (`Programme!C14`,
or `C14` in a CSV); and what is checked on any cell whatever the format: the text of a cell goes
through the checks a YAML value goes through (control characters, its length), at its cell.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import CellRef, Problem
from ..messages import _
from .bounds import MAX_CELL_CHARACTERS, Refused, too_long

# The dates and durations a spreadsheet's serial numbers stand for (the 1900 date system by default).
WINDOWS_EPOCH = dt.datetime(1899, 12, 30)
MAC_EPOCH = dt.datetime(1904, 1, 1)
# A cell starting with one of these is a formula to a spreadsheet program (=HYPERLINK(…), +33 1 43…):
# export.py writes it in CSV after an apostrophe, as OWASP advises against CSV injection (a text
# starting with apostrophes before one of them too), and csvfile.py reads back exactly the text;
# in XLSX it is a text cell, never a formula.
FORMULA_START = re.compile("'*[=+\\-@\t\r]")
# The control characters `load` refuses in a YAML value, but CR: a line break inside a cell may be CR LF.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


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
    warnings: list[Problem] = field(default_factory=list)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def from_serial(number: float, epoch: Any = None, duration: bool = False) -> Any:
    """A spreadsheet's serial number as the date, time of day or duration it stands for; None when
    no date can be that number (20160921 typed in a date cell, a negative day, 1e300)."""
    from openpyxl.utils.datetime import from_excel

    if not duration and not 0 <= number < 2_958_466:  # 9999-12-31 in either date system
        return None
    try:
        value = from_excel(number, epoch or WINDOWS_EPOCH, timedelta=duration)
    except (OverflowError, ValueError):
        return None
    return None if isinstance(value, dt.datetime) and value.year > 9999 else value


def refused_table(display: str, refused: Refused) -> Table:
    """The table of a sheet that was not read: its one problem."""
    return Table(display, [], [], None, [Problem(display, None, "", refused.message, refused.fix)])


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def make_table(display: str, sheet: str | None, grid: list[list[Any]], epoch: Any = None) -> Table:
    """The first non-blank row is the header; blank rows are left out; cells know their place."""
    prefix = f"{sheet}!" if sheet else ""
    numbered = [(number, values) for number, values in enumerate(grid, 1) if not all(map(_empty, values))]
    if not numbered:
        refused = Refused(
            _("is empty: it has no header row"), _("write the column names on the first row, then one row per item")
        )
        return refused_table(display, refused)
    width = max(len(values) for _number, values in numbered)

    def cells(number: int, values: list[Any]) -> list[Cell]:
        padded = list(values) + [None] * (width - len(values))
        return [Cell(CellRef(f"{prefix}{column_letter(c)}{number}"), v) for c, v in enumerate(padded)]

    (first, header), *rest = numbered
    table = Table(display, cells(first, header), [cells(n, v) for n, v in rest], epoch)
    table.problems += text_problems(table)
    return table


def text_problems(table: Table) -> list[Problem]:
    """A cell holding a control character, or more text than a cell may: a problem at the cell, as
    `load` gives a YAML value; a text too long is cut to the bound, so nothing after reads it whole."""
    names = ["" if cell.value is None else str(cell.value).strip() for cell in table.header]
    problems = []
    for row in [table.header, *table.rows]:
        for index, cell in enumerate(row):
            if not isinstance(cell.value, str):
                continue
            column = names[index] if row is not table.header else ""
            if len(cell.value) > MAX_CELL_CHARACTERS:
                problems.append(Problem(table.file, cell.ref, column, *too_long(len(cell.value))))
                row[index] = Cell(cell.ref, cell.value[:MAX_CELL_CHARACTERS])
            if found := CONTROL.search(row[index].value):
                problems.append(
                    Problem(
                        table.file,
                        cell.ref,
                        column,
                        _("holds the control character U+{code:04X}, which prints as nothing or a blank box").format(
                            code=ord(found[0])
                        ),
                        _("delete it (copying from another program can bring it in)"),
                    )
                )
    return problems
