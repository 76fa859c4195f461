"""What a sheet may hold, counted while its file is streamed, before anything is built from it.

A few kilobytes of zip can declare gigabytes, merge a million-row range or define a million cell
formats: every reader (CSV, XLSX, and any format added later) counts what it meets against these
bounds as it streams, and stops at the first one passed with `Refused`: one problem for the file,
naming the bound and what to do. The bounds leave room for any real programme or partner list
(a forum of a hundred speakers is a few hundred rows) and keep reading one under a second and
well under 300 MB (tests/test_sheets.py runs each bomb in a process with its memory limited).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..messages import _

MAX_FILE_BYTES = 5 * 1024 * 1024  # the file as saved
MAX_UNZIPPED_BYTES = 40 * 1024 * 1024  # what a zip-based sheet unpacks to, declared and read
MAX_MEMBERS = 1000  # files inside a zip-based sheet (a workbook of ten sheets and pictures has ~60)
MAX_ROWS = 5000
MAX_COLUMNS = 100
MAX_CELLS = 200_000  # cells written in the file, values or formats only
MAX_MERGED_CELLS = 200_000  # the cells of every merged range together
MAX_STYLES = 50_000  # cell formats, fonts, fills, borders…: Excel itself stops at 64,000 formats
MAX_STRINGS = 200_000  # a workbook's shared texts
MAX_XML_ELEMENTS = 1_000_000  # every element of the XML parts read, whatever it is
MAX_CELL_CHARACTERS = 32_767  # the most Excel and LibreOffice let a cell hold
MAX_TEXT_CHARACTERS = 5 * 1024 * 1024  # the text of all the cells read: what a YAML source may hold

KEEP_ONLY = "keep only the programme (or the partner list) in this file: copy it into a new workbook and save that"
SAVE_AGAIN = "open it in Excel or LibreOffice and save it again as .xlsx"


class Refused(Exception):
    """A sheet that cannot be read, or passes a bound: the one problem of its file."""

    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.message, self.fix = message, fix


def damaged(what: str, fix: str = SAVE_AGAIN, kind: str = "XLSX workbook") -> Refused:
    return Refused(_("is not a readable {kind} (it is damaged: {what})").format(kind=kind, what=what), fix)


@dataclass
class Bounds:
    """The counts of one sheet file as it is streamed; each method raises Refused past its bound."""

    unzipped: int = 0
    elements: int = 0
    cells: int = 0
    merged: int = 0
    styles: int = 0
    strings: int = 0
    text: int = 0

    def unpacked(self, size: int) -> None:
        """`size` more bytes unpacked (whatever the members declared)."""
        self.unzipped += size
        if self.unzipped > MAX_UNZIPPED_BYTES:
            raise Refused(
                _("unpacks to more than the {value} MB a sheet may hold").format(value=MAX_UNZIPPED_BYTES // 2**20),
                KEEP_ONLY,
            )

    def element(self) -> None:
        self.elements += 1
        if self.elements > MAX_XML_ELEMENTS:
            raise Refused(
                _("holds more than {max_xml_elements:,} XML elements, more than a sheet needs").format(
                    max_xml_elements=MAX_XML_ELEMENTS
                ),
                KEEP_ONLY,
            )

    def cell(self) -> None:
        """One more cell written in the file, with a value or only a format."""
        self.cells += 1
        if self.cells > MAX_CELLS:
            raise Refused(
                _("has more than {max_cells:,} cells with a value or a format").format(max_cells=MAX_CELLS),
                _(
                    "delete the rows below the table and the columns right of it (select them, then Delete: their formats go with them)"
                ),
            )

    def place(self, row: int, column: int) -> None:
        """A value at this place (from 1): within the rows and columns a sheet may have."""
        if row > MAX_ROWS:
            raise Refused(
                _("has more than the {max_rows} rows a sheet may have (row {row:,} holds a value)").format(
                    max_rows=MAX_ROWS, row=row
                ),
                _("delete the empty or unrelated rows below the table, or split the file"),
            )
        if column > MAX_COLUMNS:
            raise Refused(
                _("has more than the {max_columns} columns a sheet may have (column {column:,} holds a value)").format(
                    max_columns=MAX_COLUMNS, column=column
                ),
                _("delete the empty or unrelated columns right of the table"),
            )

    def merge(self, name: str, rows: int, columns: int, last_row: int, last_column: int) -> None:
        """A merged range of `rows` × `columns` cells, named `name` (A1:C3), ending at (last_row, last_column)."""
        if last_row > MAX_ROWS or last_column > MAX_COLUMNS:
            raise Refused(
                _(
                    "merges the cells {name}, beyond the {max_rows} rows and {max_columns} columns a sheet may have"
                ).format(name=name, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS),
                _(
                    "unmerge that range (Format > Merge cells > Unmerge), or delete the rows and columns beyond the table"
                ),
            )
        self.merged += rows * columns
        if self.merged > MAX_MERGED_CELLS:
            raise Refused(
                _("merges more than {max_merged_cells:,} cells").format(max_merged_cells=MAX_MERGED_CELLS),
                _("unmerge the cells outside the table"),
            )

    def style(self) -> None:
        self.styles += 1
        if self.styles > MAX_STYLES:
            raise Refused(
                _("defines more than {max_styles:,} cell formats and styles").format(max_styles=MAX_STYLES),
                _("copy the table into a new workbook with Paste Special > Values, and save that"),
            )

    def string(self) -> None:
        self.strings += 1
        if self.strings > MAX_STRINGS:
            raise Refused(_("holds more than {max_strings:,} texts").format(max_strings=MAX_STRINGS), KEEP_ONLY)

    def cell_text(self, size: int) -> None:
        """A cell's text of `size` characters read into the table (each cell's own bound: `too_long`)."""
        self.text += size
        if self.text > MAX_TEXT_CHARACTERS:
            raise Refused(
                _(
                    "holds more than {value} million characters of text in its cells, more than a source may hold"
                ).format(value=MAX_TEXT_CHARACTERS // 2**20),
                KEEP_ONLY,
            )


def too_long(size: int) -> tuple[str, str]:
    """The message and fix for one cell's text over MAX_CELL_CHARACTERS."""
    return (
        _("holds {size:,} characters, more than the {max_cell_characters:,} a cell may hold").format(
            size=size, max_cell_characters=MAX_CELL_CHARACTERS
        ),
        _("shorten the text; a long description belongs in the YAML file or a linked page"),
    )
