"""Read an OpenDocument spreadsheet (`.ods`, LibreOffice's own format) into a `Table`, within the
bounds every sheet has (bounds.py): the zip's directory is checked before anything is unpacked
(archive.py, as for XLSX), then `content.xml` streams through expat, its bytes, elements, cells,
merged cells and text counted by `Bounds` as they come.

No library: python-calamine expands repeated rows and cells (up to 100 million of them since its
fix for that denial of service) in Rust code the time limit cannot interrupt, before anything can be
counted; odfpy (last release 2020) and pyexcel-ods3 (on ezodf, 2015) build the whole document tree
in memory. A programme's sheet needs little of ODS: cells and their values (text, number, date,
time, yes/no), repeated rows and cells, merged ranges; the standard library's zip and expat read it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..errors import Problem
from ..messages import _
from .archive import Archive
from .bounds import MAX_TEXT_CHARACTERS, Bounds, Refused, damaged
from .read import READERS, Table, column_letter, make_table

KIND = "ODS spreadsheet"
MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
SAVE_AGAIN = "open it in LibreOffice and save it again as .ods (or as .xlsx)"
DURATION = re.compile(r"^-?P(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$")  # PT09H30M00S
NUMBERS = {"float", "percentage", "currency"}
CELLS = ("table-cell", "covered-table-cell")


def read_ods(raw: bytes, display: str, name: str = "") -> Table:
    """The sheet named `name` (or the first) of the ODS file, or a Table holding its one problem."""
    bounds = Bounds()
    sheet = SheetReader(name, bounds)
    try:
        archive = Archive(raw, bounds, KIND)
        _is_a_spreadsheet(archive)
        archive.parse("content.xml", sheet.start, sheet.end, sheet.text)
    except Refused as exc:
        return Table(display, [], [], None, [Problem(display, None, "", exc.message, exc.fix)])
    if sheet.title is None:
        wanted = _("has no sheet named '{name}'").format(name=name) if name else _("holds no sheet")
        fix = _("name one of its sheets after #: {names}").format(names=", ".join(sheet.names) or "none")
        return Table(display, [], [], None, [Problem(display, None, "", wanted, fix)])
    return make_table(display, sheet.title, sheet.grid())


READERS[".ods"] = read_ods


def _is_a_spreadsheet(archive: Archive) -> None:
    """An ODS spreadsheet says so in its `mimetype` member; an encrypted one in its manifest."""
    if "mimetype" not in archive or "content.xml" not in archive:
        raise Refused(_("is not an ODS spreadsheet (it has no mimetype or no content.xml)"), SAVE_AGAIN)
    if b"".join(archive.chunks("mimetype")).strip() != MIMETYPE:
        raise Refused(_("is not an ODS spreadsheet (a text document or another file renamed .ods?)"), SAVE_AGAIN)
    manifest = b"".join(archive.chunks("META-INF/manifest.xml")) if "META-INF/manifest.xml" in archive else b""
    if b"encryption-data" in manifest:
        raise Refused(
            _("is password-protected"),
            _("open it in LibreOffice, remove the password (File > Properties), and save it"),
        )


class SheetReader:
    """The cells of one sheet as content.xml streams by: repeated rows and cells counted, never
    expanded past a value; merged ranges noted with their value and filled at the end."""

    def __init__(self, wanted: str, bounds: Bounds):
        self.wanted, self.bounds = wanted, bounds
        self.title: str | None = None  # the sheet read
        self.names: list[str] = []  # every sheet's, for a message
        self.active = False
        self.rows: dict[int, dict[int, Any]] = {}  # by row, by column (from 0): values only
        self.merges: list[tuple[int, int, int, int, Any]] = []
        self.row = self.column = self.repeat_rows = 0
        self.values: dict[int, Any] = {}  # the row being read, by column
        self.spans: list[tuple[int, int, int, Any]] = []  # its merged ranges: column, rows, columns, value
        self.cell: dict[str, str] | None = None
        self.covered = False  # a cell of a merged range, under its first: its value is the range's
        self.parts: list[str] = []
        self.paragraphs = self.notes = 0

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        if tag == "table":
            self._table(attributes.get("name", ""))
        elif not self.active:
            return
        elif tag == "table-row":
            self.column, self.repeat_rows = 0, _count(attributes, "number-rows-repeated")
            self.values, self.spans = {}, []
        elif tag in CELLS:
            self.cell, self.covered, self.parts, self.paragraphs = attributes, tag == "covered-table-cell", [], 0
        elif tag == "annotation":
            self.notes += 1
        elif self.cell is not None and not self.notes:
            self._inline(tag, attributes)

    def _table(self, name: str) -> None:
        self.names.append(name)
        self.active = self.title is None and (not self.wanted or name == self.wanted)
        if self.active:
            self.title = name

    def _inline(self, tag: str, attributes: dict[str, str]) -> None:
        """Text marks inside a cell: a new paragraph is a new line; spaces, tabs and breaks as they are."""
        if tag == "p":
            self.paragraphs += 1
            self._add("\n" if self.paragraphs > 1 else "")
        elif tag == "s":
            self._add(" " * min(_count(attributes, "c"), MAX_TEXT_CHARACTERS + 1))
        elif tag in ("tab", "line-break"):
            self._add("\t" if tag == "tab" else "\n")

    def text(self, data: str) -> None:
        if self.active and self.cell is not None and self.paragraphs and not self.notes:
            self._add(data)

    def _add(self, text: str) -> None:
        self.bounds.cell_text(len(text))
        self.parts.append(text)

    def end(self, tag: str) -> None:
        if tag == "table" and self.active:
            self.active = False
        elif not self.active:
            return
        elif tag == "annotation":
            self.notes -= 1
        elif tag in CELLS and self.cell is not None:
            self._cell_ends(self.cell)
            self.cell = None
        elif tag == "table-row":
            self._row_ends()

    def _cell_ends(self, attributes: dict[str, str]) -> None:
        repeat = _count(attributes, "number-columns-repeated")
        value = None if self.covered else _value(attributes, "".join(self.parts))
        if value is not None:
            self.bounds.place(self.row + 1, self.column + repeat)
            self.values.update(dict.fromkeys(range(self.column, self.column + repeat), value))
            rows, columns = _count(attributes, "number-rows-spanned"), _count(attributes, "number-columns-spanned")
            if (rows, columns) != (1, 1):
                self.spans.append((self.column, rows, columns, value))
        self.column += repeat

    def _row_ends(self) -> None:
        if self.values:
            last = self.row + self.repeat_rows
            self.bounds.place(last, max(self.values) + 1)
            self.bounds.cells += len(self.values) * self.repeat_rows - 1
            self.bounds.cell()
            for row in range(self.row, last):
                self.rows[row] = dict(self.values)
            for column, rows, columns, value in self.spans:
                for top in range(self.row, last):  # the range is merged in each repetition of the row
                    name = f"{column_letter(column)}{top + 1}:{column_letter(column + columns - 1)}{top + rows}"
                    self.bounds.merge(name, rows, columns, top + rows, column + columns)
                    self.merges.append((top, column, rows, columns, value))
        self.row += self.repeat_rows

    def grid(self) -> list[list[Any]]:
        """The rows up to the last holding a value, each merged range filled with its value within them."""
        height = max(self.rows, default=-1) + 1
        width = max((max(values) + 1 for values in self.rows.values()), default=0)
        for top, left, rows, columns, value in self.merges:
            for row in range(top, min(top + rows, height)):
                self.rows.setdefault(row, {}).update(dict.fromkeys(range(left, min(left + columns, width)), value))
        return [_row_list(self.rows.get(row, {})) for row in range(height)]


def _row_list(values: dict[int, Any]) -> list[Any]:
    return [values.get(column) for column in range(max(values, default=-1) + 1)]


def _count(attributes: dict[str, str], name: str) -> int:
    """A repetition or span (1 when absent); a damaged one is refused, whatever its size."""
    try:
        count = int(attributes.get(name, "1"))
    except ValueError:
        raise damaged(f"{name}='{attributes[name][:20]}'", SAVE_AGAIN, KIND) from None
    if count < 1:
        raise damaged(f"{name}={count}", SAVE_AGAIN, KIND)
    return count


def _value(attributes: dict[str, str], text: str) -> Any:
    """The cell's value as the spreadsheet saved it: a number, date, time, yes/no, or its text."""
    kind = attributes.get("value-type")
    try:
        if kind in NUMBERS:
            return float(attributes["value"])
        if kind == "date":
            day = attributes["date-value"]
            return dt.datetime.fromisoformat(day) if "T" in day else dt.date.fromisoformat(day)
        if kind == "time":
            return _clock(attributes["time-value"])
        if kind == "boolean":
            return attributes["boolean-value"] == "true"
    except (KeyError, ValueError):
        pass  # no usable typed value: the text the spreadsheet shows
    return text if text.strip() else None


def _clock(duration: str) -> dt.time | dt.timedelta:
    """PT09H30M00S → 09:30; a duration of a day or more stays a duration."""
    match = DURATION.match(duration)
    if not match:
        raise ValueError(duration)
    days, hours, minutes, seconds = (float(part or 0) for part in match.groups())
    span = dt.timedelta(days=days, hours=hours, minutes=minutes, seconds=round(seconds))
    return (dt.datetime.min + span).time() if span < dt.timedelta(days=1) else span
