"""Read an OpenDocument spreadsheet (`.ods`, LibreOffice's own format) into a `Table`, within the
bounds an XLSX has (read.py): the zip's directory is checked before anything is unpacked, then
`content.xml` is streamed through expat, its bytes, elements and cells counted as they come.

No library: python-calamine expands repeated rows and cells (up to 100 million of them since its
fix for that denial of service) in Rust code the time limit cannot interrupt, before anything can be
counted; odfpy (last release 2020) and pyexcel-ods3 (on ezodf, 2015) build the whole document tree in
memory. A programme's sheet needs little of ODS: cells and their values (text, number, date, time,
yes/no), repeated rows and cells, merged ranges; the standard library's zip and expat read that.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.parsers.expat
import zipfile
from typing import Any

from ..errors import Problem
from .read import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_MEMBERS,
    MAX_MERGED_CELLS,
    MAX_ROWS,
    MAX_TEXT_CHARACTERS,
    MAX_UNZIPPED_BYTES,
    MAX_XML_ELEMENTS,
    Table,
    make_table,
)

MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
SAVE_AGAIN = "open it in LibreOffice and save it again as .ods (or as .xlsx)"
KEEP_ONLY = "keep only the programme (or the partner list) in this file: copy it into a new spreadsheet and save that"
CHUNK = 64 * 1024
DURATION = re.compile(r"^-?P(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$")  # PT09H30M00S
NUMBERS = {"float", "percentage", "currency"}
READ = {"table", "table-row", "table-cell", "covered-table-cell", "annotation", "p", "s", "tab", "line-break"}


class Refused(Exception):
    """An ODS file that cannot be read, or passes a bound: the one problem of its file."""

    def __init__(self, message: str, fix: str = SAVE_AGAIN):
        super().__init__(message)
        self.message, self.fix = message, fix


def read_ods(raw: bytes, display: str, name: str = "") -> Table:
    """The sheet named `name` (or the first) of the ODS file, or a Table holding its one problem."""
    try:
        archive = _open(raw)
        sheet = SheetReader(name)
        _parse(archive, "content.xml", sheet)
    except Refused as exc:
        return Table(display, [], [], None, [Problem(display, None, "", exc.message, exc.fix)])
    if sheet.title is None:
        wanted = f"has no sheet named '{name}'" if name else "holds no sheet"
        fix = f"name one of its sheets after #: {', '.join(sheet.names) or 'none'}"
        return Table(display, [], [], None, [Problem(display, None, "", wanted, fix)])
    return make_table(display, sheet.title, sheet.grid())


def _open(raw: bytes) -> zipfile.ZipFile:
    """The archive, once its directory says it is an ODS spreadsheet within the bounds."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise Refused(f"is not a readable ODS spreadsheet (it is damaged: not a zip archive: {exc})") from None
    if len(members) > MAX_MEMBERS:
        raise Refused(f"holds {len(members):,} files inside, more than the {MAX_MEMBERS} a sheet may", KEEP_ONLY)
    declared = sum(info.file_size for info in members)
    if declared > MAX_UNZIPPED_BYTES:
        raise Refused(
            f"unpacks to {declared / 1e6:,.0f} MB, more than the {MAX_UNZIPPED_BYTES // 2**20} MB a sheet may hold",
            KEEP_ONLY,
        )
    for info in members:
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or info.flag_bits & 0x1:
            raise Refused(
                f"is not a readable ODS spreadsheet ({info.filename} is packed in a way LibreOffice never uses)"
            )
    names = {info.filename for info in members}
    if "mimetype" not in names or _member(archive, "mimetype").strip() != MIMETYPE or "content.xml" not in names:
        raise Refused("is not an ODS spreadsheet (a text document or another file renamed .ods?)")
    manifest = _member(archive, "META-INF/manifest.xml") if "META-INF/manifest.xml" in names else b""
    if b"encryption-data" in manifest:
        raise Refused(
            "is password-protected", "open it in LibreOffice, remove the password (File > Properties), and save it"
        )
    return archive


def _member(archive: zipfile.ZipFile, name: str) -> bytes:
    return b"".join(_chunks(archive, name))


def _chunks(archive: zipfile.ZipFile, name: str):
    """The member's bytes as they unpack, never more than it declared (the directory was checked)."""
    info = archive.getinfo(name)
    read = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                read += len(chunk)
                if read > info.file_size:
                    raise Refused(f"is not a readable ODS spreadsheet ({name} holds more than it declares)")
                yield chunk
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise Refused(f"is not a readable ODS spreadsheet (it is damaged: {name}: {exc})") from None


def _parse(archive: zipfile.ZipFile, name: str, sheet: SheetReader) -> None:
    """Stream the member through expat into `sheet`; a DOCTYPE (entities) is refused."""
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True

    def refuse(*args) -> None:
        raise Refused(f"is not a readable ODS spreadsheet ({name} declares a DOCTYPE, which LibreOffice never writes)")

    parser.StartDoctypeDeclHandler = parser.EntityDeclHandler = refuse
    parser.StartElementHandler = sheet.started
    parser.EndElementHandler = lambda tag: sheet.end(tag[tag.rfind(" ") + 1 :])
    parser.CharacterDataHandler = sheet.text
    try:
        for chunk in _chunks(archive, name):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except xml.parsers.expat.ExpatError as exc:
        raise Refused(f"is not a readable ODS spreadsheet ({name} is not well-formed XML: {exc})") from None


class SheetReader:
    """The cells of one sheet as content.xml streams by: repeated rows and cells counted, never
    expanded past a value; merged ranges noted with their value and filled at the end."""

    def __init__(self, wanted: str):
        self.wanted = wanted
        self.title: str | None = None  # the sheet read
        self.names: list[str] = []  # every sheet's, for a message
        self.active = False
        self.values: dict[int, Any] = {}  # the values of the row being read, by column
        self.spans: list[tuple[int, int, int, Any]] = []
        self.repeat_rows = 1
        self.rows: dict[int, dict[int, Any]] = {}
        self.merges: list[tuple[int, int, int, int, Any]] = []
        self.elements = self.cells = self.merged = self.row = self.column = self.characters = 0
        self.cell: dict[str, str] | None = None
        self.covered = False  # a cell of a merged range, under its first: its value is the range's
        self.parts: list[str] = []
        self.paragraphs = self.notes = 0

    def started(self, tag: str, attributes: dict[str, str]) -> None:
        """Every element counted; those that say something of the cells read, by their local names."""
        self.elements += 1
        if self.elements > MAX_XML_ELEMENTS:
            raise Refused(f"holds more than {MAX_XML_ELEMENTS:,} XML elements, more than a sheet needs", KEEP_ONLY)
        local = tag[tag.rfind(" ") + 1 :]
        if local in READ:
            self.start(local, {key[key.rfind(" ") + 1 :]: value for key, value in attributes.items()})

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        if tag == "table":
            self._table(attributes.get("name", ""))
        elif not self.active:
            return
        elif tag == "table-row":
            self.column, self.repeat_rows, self.values = 0, _count(attributes, "number-rows-repeated"), {}
            self.spans = []  # the row's merged ranges: column, rows, columns, value
        elif tag in ("table-cell", "covered-table-cell"):
            self.cell, self.parts, self.paragraphs = attributes, [], 0
            self.covered = tag == "covered-table-cell"
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
        if self.cell is not None and self.paragraphs and not self.notes:
            self._add(data)

    def _add(self, text: str) -> None:
        self.characters += len(text)
        if self.characters > MAX_TEXT_CHARACTERS:
            raise Refused(
                f"holds more than {MAX_TEXT_CHARACTERS // 2**20} million characters of text in its cells, "
                "more than a source may hold",
                KEEP_ONLY,
            )
        self.parts.append(text)

    def end(self, tag: str) -> None:
        if tag == "table" and self.active:
            self.active = False
        elif not self.active:
            return
        elif tag == "annotation":
            self.notes -= 1
        elif tag in ("table-cell", "covered-table-cell") and self.cell is not None:
            self._cell_ends(self.cell)
            self.cell = None
        elif tag == "table-row":
            self._row_ends()

    def _cell_ends(self, attributes: dict[str, str]) -> None:
        repeat = _count(attributes, "number-columns-repeated")
        value = None if self.covered else _value(attributes, "".join(self.parts))
        if value is not None:
            if self.column + repeat > MAX_COLUMNS:
                raise Refused(
                    f"has more than the {MAX_COLUMNS} columns a sheet may have (column {self.column + repeat:,} "
                    "holds a value)",
                    "delete the empty or unrelated columns right of the table",
                )
            self.values.update(dict.fromkeys(range(self.column, self.column + repeat), value))
            rows, columns = _count(attributes, "number-rows-spanned"), _count(attributes, "number-columns-spanned")
            if (rows, columns) != (1, 1):
                self.spans.append((self.column, rows, columns, value))
        self.column += repeat

    def _merge(self, column: int, rows: int, columns: int, value: Any) -> None:
        """The row's range from `column` merged, in the row and in each of its repetitions."""
        if self.row + self.repeat_rows - 1 + rows > MAX_ROWS or column + columns > MAX_COLUMNS:
            raise Refused(
                f"merges cells beyond the {MAX_ROWS} rows and {MAX_COLUMNS} columns a sheet may have "
                f"(from row {self.row + 1})",
                "unmerge that range (Format > Merge and Unmerge Cells), or delete the rows and columns beyond the table",
            )
        self.merged += rows * columns * self.repeat_rows
        if self.merged > MAX_MERGED_CELLS:
            raise Refused(f"merges more than {MAX_MERGED_CELLS:,} cells", "unmerge the cells outside the table")
        self.merges += [(row, column, rows, columns, value) for row in range(self.row, self.row + self.repeat_rows)]

    def _row_ends(self) -> None:
        if self.values:
            if self.row + self.repeat_rows > MAX_ROWS:
                raise Refused(
                    f"has more than the {MAX_ROWS} rows a sheet may have (row {self.row + self.repeat_rows:,} "
                    "holds a value)",
                    "delete the empty or unrelated rows below the table, or split the file",
                )
            self.cells += len(self.values) * self.repeat_rows
            if self.cells > MAX_CELLS:
                raise Refused(f"has more than {MAX_CELLS:,} cells with a value", KEEP_ONLY)
            for row in range(self.row, self.row + self.repeat_rows):
                self.rows[row] = dict(self.values)
            for span in self.spans:
                self._merge(*span)
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
        raise Refused(f"is not a readable ODS spreadsheet ({name}='{attributes[name][:20]}')") from None
    if count < 1:
        raise Refused(f"is not a readable ODS spreadsheet ({name}={count})")
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
