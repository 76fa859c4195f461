"""A CSV sheet: UTF-8 with or without a byte-order mark, cells between `,` `;` or tabs, read row by
row within the bounds (bounds.py)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..messages import _
from .bounds import MAX_FILE_BYTES, Bounds, Refused
from .encoding import decode_csv
from .table import FORMULA_START, Table, make_table, refused_table


def read_csv(raw: bytes, display: str, name: str = "") -> Table:
    """The rows of the CSV file in `raw`, or a Table holding its problem (`name` has no meaning here)."""
    try:
        text, warning = decode_csv(raw, display)
        if text is None:  # neither UTF-8 nor Windows-1252: its one problem
            return Table(display, [], [], None, [warning] if warning else [])
        first = text.split("\n", 1)[0]
        grid: list[list[Any]] = []
        bounds = Bounds()
        with _fields_as_large_as_the_file():  # a first line of 2 MB of commas is many columns, not one field
            # Excel writes `;` in locales where the comma is the decimal sign (French, German…).
            delimiter = max((",", ";", "\t"), key=lambda d: len(next(csv.reader([first], delimiter=d), [])))
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
                bounds.place(len(grid) + 1, len(row))
                grid.append([as_read(cell) for cell in row])
    except csv.Error as exc:
        return refused_table(
            display,
            Refused(
                _("is not a readable CSV file ({exc})").format(exc=exc), _("save it again from the spreadsheet program")
            ),
        )
    except Refused as refused:
        return refused_table(display, refused)
    table = make_table(display, None, grid)
    table.warnings += [warning] if warning else []  # read as Windows-1252: the team should know
    return table


def as_read(cell: str) -> str:
    """A cell's text, without the apostrophe written before a text a spreadsheet would take for a
    formula (export.as_csv_text: `'=HYPERLINK(…)`, `'+33 1 43…`, as OWASP advises)."""
    return cell[1:] if cell[:1] == "'" and FORMULA_START.match(cell, 1) else cell


@contextmanager
def _fields_as_large_as_the_file() -> Iterator[None]:
    """The csv module refuses a cell over 128 KB; here the file's bound bounds a cell, and a long
    one is named at its cell (table.text_problems)."""
    previous = csv.field_size_limit(MAX_FILE_BYTES)
    try:
        yield
    finally:
        csv.field_size_limit(previous)
