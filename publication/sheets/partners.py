"""A partner-list sheet → the `partners:` list partners.yaml would hold: one row per partner."""

from __future__ import annotations

from ..errors import Problem
from .columns import Spec
from .located import SheetDocument
from .rows import locate_row, put_plain, put_text, sheet_rows
from .table import Table

PARTNERS = Spec(
    known=("id", "name", "short_name", "city", "kind", "country", "role", "lat", "lon", "language"),
    per_language=frozenset({"name", "short_name", "city"}),
    required=("id",),
)


def partners_from_table(
    table: Table, names: dict[str, tuple[str, str, bool]] | None = None
) -> tuple[SheetDocument, list[Problem]]:
    """The partners as data, each value located at its cell; and the sheet's problems."""
    doc, problems, columns, rows = sheet_rows(table, PARTNERS.named(names))
    partners: list[dict] = []
    for row in rows:
        path = (len(partners),)
        locate_row(doc, path, row, columns)
        partner: dict = {}
        put_plain(doc, partner, path, row, ("id", "kind", "country", "role", "language"))
        for base in ("name", "short_name", "city"):
            put_text(doc, partner, path, row, base, problems)
        location: dict = {}
        put_plain(doc, location, (*path, "location"), row, ("lat", "lon"))
        partner["location"] = location
        if (*path, "lat") in doc.lines:
            doc.put((*path, "location"), doc.lines[(*path, "lat")], doc.fields[(*path, "lat")])
        partners.append(partner)
    doc.data = partners
    return doc, problems
