"""A sheet as a located document, like `load` makes of a YAML file: the data a YAML file would
hold, and for each value its cell (`Programme!C14`) and its column's name; and a YAML document
joined with the sheet one of its keys names, which answers for that key with the sheet's cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import CellRef, Location, Problem
from ..load import Document, Path_

LANGUAGE_COLUMN = re.compile(r".+_[a-z]{2,3}")  # title_fr (the header as written may differ: a hint only)


def _nearest(table: dict[Path_, Any], path: Path_) -> Any:
    path = tuple(path)
    while path:
        if path in table:
            return table[path]
        path = path[:-1]
    return table.get(())


@dataclass
class SheetDocument(Document):
    """A sheet's rows as data; `lines` holds cells (`Programme!C14`), `fields` the columns' names."""

    lines: dict[Path_, CellRef] = field(default_factory=dict)
    fields: dict[Path_, str] = field(default_factory=dict)

    def put(self, path: Path_, ref: CellRef, name: str) -> None:
        """Locate the value at `path`: in cell `ref`, under the column `name`."""
        self.lines[tuple(path)] = ref
        self.fields[tuple(path)] = name

    def line_of(self, path: Path_) -> CellRef | None:
        return _nearest(self.lines, path)

    def problem(self, path: Path_, message: str, fix: str = "") -> Problem:
        """A problem at its cell, its fix said in a sheet's words where the schema speaks YAML."""
        if match := re.fullmatch(r"add `(\w+): …` (here|under it)", fix):
            column = _nearest(self.fields, path) or ""
            base = column.rsplit("_", 1)[0] if LANGUAGE_COLUMN.fullmatch(column) else column
            fix = (
                f"fill the '{column}' cell of this row"
                if match[2] == "here"
                else f"write the {match[1]} text in a '{base}_{match[1]}' column, on this row"
            )
        return super().problem(path, message, fix)

    def field_of(self, path: Path_) -> str:
        return _nearest(self.fields, path) or ""


@dataclass
class JoinedDocument(Document):
    """A YAML file whose `key` names a sheet (`agenda: agenda/x.xlsx`): the sheet's data in its
    place, and each problem under that key located in the sheet."""

    key: str = ""
    sheet: SheetDocument | None = None
    sheet_file: Path | None = None  # the file itself, for the incremental keys

    def where(self, path: Path_) -> tuple[Path | str, Location | None]:
        if self.sheet is not None and len(path) > 1 and path[0] == self.key:
            return self.sheet.where(path[1:])
        return super().where(path)

    def field_of(self, path: Path_) -> str:
        if self.sheet is not None and len(path) > 1 and path[0] == self.key:
            return self.sheet.field_of(path[1:])
        return super().field_of(path)

    def problem(self, path: Path_, message: str, fix: str = "") -> Problem:
        if self.sheet is not None and len(path) > 1 and path[0] == self.key:
            return self.sheet.problem(path[1:], message, fix)
        return super().problem(path, message, fix)


def files_read(doc: Document | None) -> list[Path]:
    """The sheet a document reads besides its own file, if any."""
    return [doc.sheet_file] if isinstance(doc, JoinedDocument) and doc.sheet_file else []
