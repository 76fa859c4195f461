"""Spreadsheets as sources: a workshop's agenda (`agenda: agenda/x.xlsx`) or the partner list
(`partners: partners.csv` in partners.yaml) read from a sheet, path relative to sources/; an
XLSX's or ODS's first visible sheet, or the one named after `#` (`agenda/x.ods#Programme`).

The stage right after `load`: a sheet becomes the data its YAML would hold, each value located at
its cell, so the schema (`model/`) checks it unchanged and names the cell in its messages.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..errors import Problem
from ..load import Document
from ..messages import N_, _
from .agenda import AGENDA, agenda_from_table
from .headers import header_names, site_languages
from .located import JoinedDocument, SheetDocument, files_read
from .ods import read_ods  # READERS of read.py gains .ods
from .participants import PARTICIPANTS, participants_from_table
from .partners import PARTNERS, partners_from_table
from .read import READERS, read_table

SHEET_SUFFIXES = tuple(READERS)  # .xlsx, .csv, and .ods since ods.py is imported above
# Spreadsheet files we cannot read, and how to make one we can.
OTHER_SUFFIXES = {
    ".xls": N_("is an old Excel 97-2003 workbook (.xls)"),
    ".xlsm": N_("is a workbook with macros (.xlsm)"),
    ".xlsb": N_("is a binary Excel workbook (.xlsb)"),
    ".numbers": N_("is a Numbers sheet (.numbers)"),
}
TABLE_READERS = {
    "agenda": agenda_from_table,
    "partners": partners_from_table,
    "participants": participants_from_table,
}

__all__ = [
    "AGENDA",
    "PARTICIPANTS",
    "PARTNERS",
    "JoinedDocument",
    "SheetDocument",
    "files_read",
    "join_sheet",
    "read_ods",
    "read_table",
    "sheet_warnings",
]


def sheet_warnings(documents: Iterable[Document]) -> list[Problem]:
    """What reading the sheets warned of (a CSV read as Windows-1252), in the order of the documents."""
    return [warning for doc in documents if isinstance(doc, JoinedDocument) for warning in doc.warnings]


def join_sheet(doc: Document, key: str, sources_root: Path) -> tuple[Document, list[Problem]]:
    """`doc` with the sheet its `key` names read in its place; a document without one as it is."""
    given = doc.data.get(key) if isinstance(doc.data, dict) else None
    value, _hash, sheet_name = given.partition("#") if isinstance(given, str) else ("", "", "")
    suffix = Path(value).suffix.lower()
    if suffix not in SHEET_SUFFIXES and suffix not in OTHER_SUFFIXES:
        return doc, []  # a list (or a mistake the schema names)
    where = lambda message, fix: [doc.problem((key,), message, fix)]  # noqa: E731
    if suffix in OTHER_SUFFIXES:
        return doc, where(
            _("'{value}' {what}, which cannot be read").format(value=value, what=_(OTHER_SUFFIXES[suffix])),
            _(
                "save it from Excel or LibreOffice as .xlsx (Excel workbook), .ods (LibreOffice) or .csv, and name that file here"
            ),
        )
    root = Path(sources_root).resolve()
    file = (root / value).resolve()
    if not file.is_relative_to(root):
        return doc, where(
            _("'{value}' lies outside the sources folder").format(value=value),
            _("put the sheet inside sources/, e.g. sources/agenda/"),
        )
    if not file.is_file():
        return doc, where(
            _("'{value}' does not exist (looked for {file})").format(value=value, file=file),
            _("put the sheet at sources/{value}, or correct the path (relative to sources/)").format(value=value),
        )
    display = f"{root.name}/{file.relative_to(root).as_posix()}"
    table = read_table(file, display, sheet_name)
    if table.problems and not table.header:  # the sheet's one problem: no list to check in its place
        return Document(doc.file, {**doc.data, key: []}, doc.lines, doc.warnings), table.problems
    sheet, problems = TABLE_READERS[key](table, header_names(root.parent, site_languages(root)))
    joined = JoinedDocument(doc.file, {**doc.data, key: sheet.data}, doc.lines, key=key, sheet=sheet, sheet_file=file)
    joined.warnings = doc.warnings + table.warnings  # rows hidden in the spreadsheet, an encoding guessed
    return joined, table.problems + problems
