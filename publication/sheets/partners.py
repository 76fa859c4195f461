"""A partner-list sheet → the `partners:` list partners.yaml would hold: one row per partner."""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem
from .agenda import row_number
from .columns import Spec, parse_header
from .located import SheetDocument
from .read import Table
from .rows import RowView, put_plain, put_text

PARTNERS = Spec(known=("id", "name", "short_name", "kind", "country", "role", "lat", "lon", "language"),
                per_language=frozenset({"name", "short_name"}), required=("id",))


def partners_from_table(table: Table) -> tuple[SheetDocument, list[Problem]]:
    """The partners as data, each value located at its cell; and the sheet's problems."""
    doc = SheetDocument(Path(table.file), [], {})
    columns, problems = parse_header(table, PARTNERS)
    partners: list[dict] = []
    for cells in table.rows:
        row = RowView.of(cells, columns, PARTNERS, table.epoch)
        if not row.by_base:
            continue
        path = (len(partners),)
        doc.put(path, row.first.ref, f"row {row_number(row.first.ref)}")
        for column, cell in zip(columns, row.cells):
            if column is not None:
                doc.put((*path, column.base), cell.ref, column.name)
        partner: dict = {}
        put_plain(doc, partner, path, row, ("id", "kind", "country", "role", "language"))
        for base in ("name", "short_name"):
            put_text(doc, partner, path, row, base, problems)
        location: dict = {}
        put_plain(doc, location, (*path, "location"), row, ("lat", "lon"))
        partner["location"] = location
        if (*path, "lat") in doc.lines:
            doc.put((*path, "location"), doc.lines[(*path, "lat")], doc.fields[(*path, "lat")])
        partners.append(partner)
    doc.data = partners
    return doc, problems
