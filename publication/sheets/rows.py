"""One row of a sheet as the values of a YAML record: a text in one column (`title`, the same in
every language) or one column per language (`title_fr`, `title_en`); people one per line of a
cell, `Name; role; organisation; country`, or free text where a line has no `;`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..messages import _
from .columns import Column, Spec, cell_text, parse_header
from .located import SheetDocument
from .table import Cell, Table

PERSON_PARTS = ("name", "role", "organisation", "country")


@dataclass
class Entry:
    column: Column
    cell: Cell
    text: str


@dataclass
class RowView:
    """The non-empty cells of one row, by what their column holds."""

    cells: list[Cell]
    columns: list[Column | None]
    by_base: dict[str, list[Entry]] = field(default_factory=dict)

    @classmethod
    def of(cls, row: list[Cell], columns: list[Column | None], spec: Spec, epoch: Any) -> RowView:
        view = cls(row, columns)
        for column, cell in zip(columns, row, strict=True):
            if column is not None:
                text = cell_text(column, cell, spec, epoch)
                if text:
                    view.by_base.setdefault(column.base, []).append(Entry(column, cell, text))
        return view

    @property
    def first(self) -> Cell:
        return self.cells[0]

    def plain(self, base: str) -> Entry | None:
        """The one cell of a column given once for every language."""
        entries = self.by_base.get(base, [])
        return entries[0] if entries else None


def sheet_rows(table: Table, spec: Spec) -> tuple[SheetDocument, list[Problem], list[Column | None], list[RowView]]:
    """An empty located document for the sheet, the header's problems, its columns, its non-empty rows."""
    columns, problems = parse_header(table, spec)
    rows = [RowView.of(cells, columns, spec, table.epoch) for cells in table.rows]
    return SheetDocument(Path(table.file), [], {}), problems, columns, [row for row in rows if row.by_base]


def row_number(ref: str) -> str:
    return re.sub(r"^.*?([0-9]+)$", r"\1", ref)


def locate_row(doc: SheetDocument, path: tuple, row: RowView, columns: list[Column | None]) -> None:
    """The row, and each of its columns even where empty: a missing value is named at its cell."""
    doc.put(path, row.first.ref, f"row {row_number(row.first.ref)}")
    for column, cell in zip(columns, row.cells, strict=True):
        if column is not None and (*path, column.base) not in doc.lines:
            doc.put((*path, column.base), cell.ref, column.name)


def put_plain(doc: SheetDocument, record: dict, path: tuple, row: RowView, bases: tuple[str, ...]) -> None:
    """Copy each of these columns' text into `record`, located at its cell."""
    for base in bases:
        entry = row.plain(base)
        if entry is not None:
            record[base] = entry.text
            doc.put((*path, base), entry.cell.ref, entry.column.name)


def put_text(
    doc: SheetDocument,
    record: dict,
    path: tuple,
    row: RowView,
    base: str,
    problems: list[Problem],
    key: str | None = None,
) -> None:
    """A text: `title` (every language) or `title_fr`, `title_en`… (one per language), not both."""
    entries = row.by_base.get(base, [])
    if not entries:
        return
    key = key or base
    neutral = [e for e in entries if e.column.lang is None]
    per_language = [e for e in entries if e.column.lang is not None]
    if neutral and per_language:
        problems.append(
            Problem(
                doc.file,
                per_language[0].cell.ref,
                per_language[0].column.name,
                _("'{base}' is given both for every language ({value}) and per language").format(
                    base=base, value=neutral[0].column.name
                ),
                _("empty the '{value}' cell, or the cells of the per-language columns").format(
                    value=neutral[0].column.name
                ),
            )
        )
        return
    # A text given per language is named by what it is (`title`), each language by its column.
    doc.put((*path, key), entries[0].cell.ref, entries[0].column.name if neutral else base)
    if neutral:
        record[key] = neutral[0].text
        return
    record[key] = {e.column.lang: e.text for e in per_language}
    for e in per_language:
        if e.column.lang is not None:  # always, in per_language: said again for mypy
            doc.put((*path, key, e.column.lang), e.cell.ref, e.column.name)


def put_people(
    doc: SheetDocument,
    record: dict,
    path: tuple,
    row: RowView,
    base: str,
    problems: list[Problem],
    single: bool = False,
) -> None:
    """Speakers (or the chair): one per line; `speakers` first, then `speaker_1`, `speaker_2`…"""
    entries = row.by_base.get(base, [])
    groups: dict[int, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(entry.column.order, []).append(entry)
    people: list[Any] = []
    for order in sorted(groups):
        languages = {c.lang for c in row.columns if c is not None and c.base == base and c.order == order}
        if None in languages and len(languages) > 1:
            problems.append(
                Problem(
                    doc.file,
                    groups[order][0].cell.ref,
                    groups[order][0].column.name,
                    _("people are given both for every language and per language"),
                    _("keep either the column without a language or those with one"),
                )
            )
            continue
        people += _group_people(doc, (*path, base), len(people), groups[order], problems)
    if not people:
        return
    if single:
        if len(people) > 1:
            problems.append(
                Problem(
                    doc.file,
                    entries[0].cell.ref,
                    entries[0].column.name,
                    _("holds {count} people, one per line; a session has one {base}").format(
                        count=len(people), base=base
                    ),
                    _("keep one line; put the others under 'speakers'"),
                )
            )
        record[base] = people[0]
        doc.put((*path, base), entries[0].cell.ref, entries[0].column.name)
    else:
        record[base] = people
        doc.put((*path, base), entries[0].cell.ref, entries[0].column.name)


def _group_people(
    doc: SheetDocument,
    path: tuple,
    start: int,
    entries: list[Entry],
    problems: list[Problem],
) -> list[Any]:
    """The people of one column (or of its per-language columns, line by line)."""
    lines = [[line.strip() for line in e.text.split("\n") if line.strip()] for e in entries]
    if len({len(found) for found in lines}) > 1:
        counts = ", ".join(f"{e.column.name}: {len(found)}" for e, found in zip(entries, lines, strict=True))
        problems.append(
            Problem(
                doc.file,
                entries[-1].cell.ref,
                entries[-1].column.name,
                _("the languages do not list the same number of people ({counts})").format(counts=counts),
                _("write each person on the same line in every language's column"),
            )
        )
        return []
    people = []
    for k in range(len(lines[0])):
        at = (*path, start + k)
        for e in reversed(entries):  # the person (name, country) at the first column's cell
            doc.put(at, e.cell.ref, f"{e.column.name} line {k + 1}")
            if e.column.lang:
                for part in ("role", "organisation"):
                    doc.put((*at, part, e.column.lang), e.cell.ref, f"{e.column.name} line {k + 1}")
        person = _person([(e, found[k]) for e, found in zip(entries, lines, strict=True)], doc, problems)
        if person is not None:
            people.append(person)
    return people


def _person(lines: list[tuple[Entry, str]], doc: SheetDocument, problems: list[Problem]) -> Any:
    """A person from the same line in each language; free text (one per language) where no line has `;`."""
    parts = [[p.strip() for p in line.split(";")] for _entry, line in lines]
    entry = lines[0][0]
    if all(len(p) == 1 for p in parts):
        return _texts({e.column.lang: line for e, line in lines})
    bad = next(((e, p) for (e, _line), p in zip(lines, parts, strict=True) if len(p) == 1 or len(p) > 4), None)
    if bad is not None:
        problems.append(
            Problem(
                doc.file,
                bad[0].cell.ref,
                bad[0].column.name,
                _("'{bad}' is not 'Name; role; organisation; country'").format(bad=";".join(bad[1])),
                _(
                    "give at most four parts separated by ';' (empty parts allowed, e.g. 'Name; ; City of X; RS'), and the same people on the same lines in every language"
                ),
            )
        )
        return None
    parts = [p + [""] * (4 - len(p)) for p in parts]
    for index in (0, 3):  # the name and the country are the same in every language
        if len({p[index] for p in parts}) > 1:
            problems.append(
                Problem(
                    doc.file,
                    entry.cell.ref,
                    entry.column.name,
                    _("the {part} differs between the languages ({values})").format(
                        part=PERSON_PARTS[index], values=" / ".join(p[index] for p in parts)
                    ),
                    _("write the same {part} in every language's column").format(part=PERSON_PARTS[index]),
                )
            )
            return None
    if not parts[0][0]:
        problems.append(
            Problem(
                doc.file,
                entry.cell.ref,
                entry.column.name,
                _("a person has no name"),
                _("write the name first: 'Name; role; organisation; country'"),
            )
        )
        return None
    person: dict[str, Any] = {"name": parts[0][0]}
    for index in (1, 2):
        text = _texts({e.column.lang: p[index] for (e, _line), p in zip(lines, parts, strict=True) if p[index]})
        if text is not None:
            person[PERSON_PARTS[index]] = text
    if parts[0][3]:
        person["country"] = parts[0][3]
    return person


def _texts(by_language: dict[str | None, str]) -> Any:
    """One text for every language when its column has no language; else one per language, even
    when every language's column says the same (it was written per language, so no language is
    missing one: sources.check_translations warns of a text written once)."""
    values = list(by_language.values())
    if not values:
        return None
    if None in by_language:
        return values[0]
    return by_language
