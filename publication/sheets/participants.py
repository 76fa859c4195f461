"""A participant-list sheet → the `participants:` list a participants file would hold: one row per
person. The days attending in one cell, dates separated by commas (empty: every day)."""

from __future__ import annotations

from ..errors import Problem
from .columns import Spec
from .located import SheetDocument
from .rows import locate_row, put_plain, sheet_rows
from .table import Table

PARTICIPANTS = Spec(
    known=("name", "given", "family", "organisation", "country", "role", "days", "language"),
    per_language=frozenset(),
    dates=frozenset({"days"}),  # a single date typed as a date in the sheet; several stay text
)
WORDS = ("role",)  # written in lower case whatever the sheet's capitals


def participants_from_table(
    table: Table, names: dict[str, tuple[str, str, bool]] | None = None
) -> tuple[SheetDocument, list[Problem]]:
    """The participants as data, each value located at its cell; and the sheet's problems."""
    doc, problems, columns, rows = sheet_rows(table, PARTICIPANTS.named(names))
    participants: list[dict] = []
    for row in rows:
        for entry in row.by_base.get("role", []):
            entry.text = entry.text.lower()
        path = (len(participants),)
        locate_row(doc, path, row, columns)
        participant: dict = {}
        put_plain(doc, participant, path, row, PARTICIPANTS.known)
        participants.append(participant)
    doc.data = participants
    return doc, problems
