"""An XLSX worksheet read as it streams: the workbook's list of sheets, its cell formats (which cells
hold dates), its shared texts, then the worksheet's cells and merged ranges, each counted against
the bounds (bounds.py) as it comes, so nothing outside them is ever built.

Values only: a formula is never evaluated, its value is the one the spreadsheet program saved with
it (one saved without a value is a problem at its cell). The first visible worksheet is read, or
the one named after `#`; rows hidden in the spreadsheet are left out, with a warning naming them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import CellRef, Problem
from ..messages import _, ngettext
from .archive import Archive
from .bounds import Bounds, Refused, damaged
from .table import Table, column_letter, from_serial, make_table, refused_table
from .xlsx_book import TRUE, TextReader, chosen, formats, strings_of, unescaped, whole_number, workbook

COORDINATE = re.compile(r"([A-Z]{1,3})([0-9]{1,9})")


def read_xlsx(raw: bytes, display: str, name: str = "") -> Table:
    """The worksheet `name` (or the first visible one) of the workbook in `raw`, or a Table holding its problem."""
    bounds = Bounds()
    try:
        archive = Archive(raw, bounds)
        book = workbook(archive)
        title, member = chosen(book, name)
        dates, durations = formats(archive, book.styles, bounds)
        strings = strings_of(archive, book.strings, bounds)
        sheet = _Sheet(bounds, title, strings, dates, durations, book.epoch)
        archive.parse(member, sheet.start, sheet.end, sheet.text)
        grid, hidden = sheet.grid()
    except Refused as refused:
        return refused_table(display, refused)
    table = make_table(display, title, grid, book.epoch)
    table.problems += [
        Problem(
            display,
            CellRef(f"{title}!{ref}"),
            "",
            _("is a formula with no saved value"),
            _(
                "open the file in Excel or LibreOffice and save it (the values are saved with the formulas), or type the value instead of the formula"
            ),
        )
        for ref in sheet.formulas
    ]
    if hidden:
        table.warnings.append(_hidden_rows(display, title, hidden))
    return table


def _hidden_rows(display: str, title: str, rows: list[int]) -> Problem:
    shown = ", ".join(map(str, rows[:10])) + (
        _(" and {count} more").format(count=len(rows) - 10) if len(rows) > 10 else ""
    )
    return Problem(
        display,
        CellRef(f"{title}!A{rows[0]}"),
        "",
        ngettext("row {rows} is hidden: left out", "rows {rows} are hidden: left out", len(rows)).format(rows=shown),
        _("to print them, unhide them (select the rows around, right-click > Unhide); or delete them"),
    )


@dataclass
class _Sheet:
    """The handlers that read a worksheet's XML: its cells by row, its merged ranges, its hidden rows."""

    bounds: Bounds
    title: str
    strings: list[str]
    dates: set[int]
    durations: set[int]
    epoch: Any
    values: dict[int, dict[int, Any]] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden: set[int] = field(default_factory=set)
    formulas: list[str] = field(default_factory=list)
    row: int = 0
    column: int = 0
    cell: dict[str, str] = field(default_factory=dict)
    value: list[str] | None = None  # the <v> being read
    reading: bool = False  # inside the <v>
    formula: bool = False
    inline: str | None = None

    def __post_init__(self) -> None:
        self.inline_text = TextReader("is", self._inline)

    def start(self, tag: str, a: dict[str, str]) -> None:
        if tag == "row":
            self.row = whole_number(a.get("r")) if a.get("r") else self.row + 1
            if self.row < 1:
                raise damaged(_("'{row}' is not a row's number").format(row=a["r"][:20]))
            self.column = 0
            if a.get("hidden", "").lower() in TRUE:
                self.hidden.add(self.row)
        elif tag == "c":
            self._start_cell(a)
        elif tag == "v":
            self.value, self.reading = [], True
        elif tag == "f":
            self.formula = True
        elif tag == "mergeCell":
            self._merge(a.get("ref", ""))
        self.inline_text.start(tag, a)

    def _start_cell(self, a: dict[str, str]) -> None:
        ref = a.get("r")
        if ref:
            self.row, self.column = _coordinate(ref)
        else:
            self.column += 1
        self.bounds.cell()
        self.cell, self.value, self.formula, self.inline = a, None, False, None

    def text(self, data: str) -> None:
        if self.reading and self.value is not None:
            self.value.append(data)
        self.inline_text.text(data)

    def _inline(self, text: str) -> None:
        self.inline = text

    def end(self, tag: str) -> None:
        self.inline_text.end(tag)
        self.reading = False
        if tag == "c":
            self._end_cell()

    def _end_cell(self) -> None:
        text = "".join(self.value) if self.value else None
        value = self._value(self.cell.get("t", "n"), text)
        if self.formula and value is None:
            self.formulas.append(f"{column_letter(self.column - 1)}{self.row}")
        if value is None or value == "":
            return
        self.bounds.place(self.row, self.column)
        if isinstance(value, str):
            self.bounds.cell_text(len(value))
        self.values.setdefault(self.row, {})[self.column] = value

    def _value(self, kind: str, text: str | None) -> Any:
        """What the cell shows: a text, a number, a date or time (its format says), true or false."""
        if kind == "inlineStr":
            return self.inline
        if text is None:
            return None
        if kind == "s":
            index = whole_number(text)
            if not 0 <= index < len(self.strings):
                raise damaged(
                    _("cell {column_letter}{row} names a text it does not hold").format(
                        column_letter=column_letter(self.column - 1), row=self.row
                    )
                )
            return self.strings[index]
        if kind == "b":
            return {"1": True, "0": False}.get(text, text)
        if kind == "n":
            return self._number(text)
        return unescaped(text)  # str (a formula's text), e (#N/A), d (ISO date)

    def _number(self, text: str) -> Any:
        try:
            number: Any = int(text) if text.lstrip("-").isdigit() and len(text) < 16 else float(text)
        except ValueError:
            return text
        if not math.isfinite(number):
            return text
        style = whole_number(self.cell.get("s", "0"))
        if style in self.dates:
            date = from_serial(number, self.epoch, duration=style in self.durations)
            return number if date is None else date
        return number

    def _merge(self, ref: str) -> None:
        first, _colon, last = ref.partition(":")
        (top, left), (bottom, right) = _coordinate(first), _coordinate(last or first)
        self.bounds.merge(ref, bottom - top + 1, right - left + 1, bottom, right)
        self.merged.append((top, left, bottom, right))

    def grid(self) -> tuple[list[list[Any]], list[int]]:
        """The rows of cells (each row's cells from column A), the hidden rows left blank; the hidden
        rows that held a value."""
        hidden = sorted(row for row in self.hidden if row in self.values)
        height = max((row for row in self.values if row not in self.hidden), default=0)
        width = max((max(cells) for row, cells in self.values.items() if row <= height), default=0)
        grid = [
            [None] * width
            if number in self.hidden
            else [self.values.get(number, {}).get(c) for c in range(1, width + 1)]
            for number in range(1, height + 1)
        ]
        for top, left, bottom, right in self.merged:  # a day's date merged down its rows
            if top <= height and left <= width and top not in self.hidden:
                value = grid[top - 1][left - 1]
                for row in range(top, min(bottom, height) + 1):
                    if row not in self.hidden:
                        grid[row - 1][left - 1 : min(right, width)] = [value] * (min(right, width) - left + 1)
        return grid, hidden


def _coordinate(ref: str) -> tuple[int, int]:
    """'C14' → (14, 3)."""
    match = COORDINATE.fullmatch(ref)
    if not match or not int(match[2]):
        raise damaged(_("'{ref}' is not a cell's name").format(ref=ref[:20]))
    column = 0
    for letter in match[1]:
        column = column * 26 + ord(letter) - 64
    return int(match[2]), column
