"""An agenda sheet → the `agenda:` list a workshop's YAML would hold (days → items → parallel sessions).

One row per item. The date may be left empty under the first row of a day (or merged down its
rows). A row whose kind is `parallel` is one of the parallel sessions of the item above it: its
code, track, title, people and room; its start and end, if given, are the slot's.
"""

from __future__ import annotations

from ..errors import Problem
from ..messages import _
from .columns import Column, Spec
from .located import SheetDocument
from .rows import Entry, RowView, locate_row, put_people, put_plain, put_text, sheet_rows
from .table import Table

AGENDA = Spec(
    known=(
        "date",
        "day_title",
        "start",
        "end",
        "when",
        "kind",
        "code",
        "track",
        "title",
        "description",
        "chair",
        "chair_role",
        "speakers",
        "room",
        "meeting_point",
    ),
    per_language=frozenset(
        {"day_title", "track", "title", "description", "chair", "speakers", "room", "meeting_point"}
    ),
    dates=frozenset({"date"}),
    times=frozenset({"start", "end"}),
    required=("date",),
)
PARALLEL = "parallel"  # the kind that makes a row a parallel session of the item above
WORDS = ("kind", "when", "chair_role")  # written in lower case whatever the sheet's capitals
CONTRIBUTION_TEXTS = ("title", "description", "room", "meeting_point")
SLOT_ONLY = ("code", "track")
DAY_ONLY = {"date", "day_title"}


def agenda_from_table(
    table: Table, names: dict[str, tuple[str, str, bool]] | None = None
) -> tuple[SheetDocument, list[Problem]]:
    """The days of the agenda as data, each value located at its cell; and the sheet's problems."""
    doc, problems, columns, rows = sheet_rows(table, AGENDA.named(names))
    days: list[dict] = []
    for row in rows:
        for base in WORDS:
            for entry in row.by_base.get(base, []):
                entry.text = entry.text.lower()
        d = _day(doc, days, row, problems)
        if d is not None:
            _day_title(doc, days[d], d, row, problems)
            if set(row.by_base) - DAY_ONLY:  # a row of the date alone (merged down) or of the day's title is no item
                _item(doc, days[d], d, row, columns, problems)
    doc.data = days
    return doc, problems


def _day(doc: SheetDocument, days: list[dict], row: RowView, problems: list[Problem]) -> int | None:
    """The index of the row's day: a new one when its date changes, the one above when it is empty."""
    entry = row.plain("date")
    if entry is None:
        if not days:
            problems.append(
                Problem(
                    doc.file,
                    row.first.ref,
                    "date",
                    _("the first row has no date"),
                    _("write the day's date, e.g. 2017-05-18 (rows below may leave it empty)"),
                )
            )
            return None
        return len(days) - 1
    if days and days[-1]["date"] == entry.text:
        return len(days) - 1
    earlier = [i for i, day in enumerate(days) if day["date"] == entry.text]
    if earlier:
        problems.append(
            Problem(
                doc.file,
                entry.cell.ref,
                entry.column.name,
                _("day {text} was already given above (from {lines})").format(
                    text=entry.text, lines=doc.lines[(earlier[0],)]
                ),
                _("keep the rows of a day together, in the order of the programme"),
            )
        )
        return None
    days.append({"date": entry.text, "sessions": []})
    d = len(days) - 1
    doc.put((d,), entry.cell.ref, entry.column.name)
    doc.put((d, "date"), entry.cell.ref, entry.column.name)
    return d


def _day_title(doc: SheetDocument, day: dict, d: int, row: RowView, problems: list[Problem]) -> None:
    """The day's own title, given on one of its rows (the same on every row that repeats it)."""
    found: dict = {}
    put_text(doc, found, (d,), row, "day_title", problems, key="title")
    if "title" not in found:
        return
    if "title" not in day:
        day["title"] = found["title"]
    elif day["title"] != found["title"]:
        entry = row.by_base["day_title"][0]
        problems.append(
            Problem(
                doc.file,
                entry.cell.ref,
                entry.column.name,
                _("gives the day another title than a row above"),
                _("give the day's title once, on its first row"),
            )
        )


def _item(
    doc: SheetDocument, day: dict, d: int, row: RowView, columns: list[Column | None], problems: list[Problem]
) -> None:
    sessions = day["sessions"]
    kind = row.plain("kind")
    if kind is not None and kind.text == PARALLEL:
        _parallel(doc, sessions, d, row, kind, columns, problems)
        return
    path = (d, "sessions", len(sessions))
    item: dict = {}
    locate_row(doc, path, row, columns)
    put_plain(doc, item, path, row, ("start", "end", "when", "kind"))
    _contribution(doc, item, path, row, problems)
    for base in SLOT_ONLY:
        for entry in row.by_base.get(base, []):
            problems.append(
                Problem(
                    doc.file,
                    entry.cell.ref,
                    entry.column.name,
                    _("'{text}' is for a parallel session; this row is an item of the day").format(text=entry.text),
                    _("write '{parallel}' in this row's kind, under the item it is held in, or empty the cell").format(
                        parallel=PARALLEL
                    ),
                )
            )
    sessions.append(item)


def _parallel(
    doc: SheetDocument,
    sessions: list[dict],
    d: int,
    row: RowView,
    kind: Entry,
    columns: list[Column | None],
    problems: list[Problem],
) -> None:
    """One of the parallel sessions of the item above (`kind` is its cell saying so): its times, if given, are the slot's."""
    if not sessions:
        problems.append(
            Problem(
                doc.file,
                kind.cell.ref,
                kind.column.name,
                _("a parallel session has no item above it on its day"),
                _("put the item the sessions are held in (its time, its kind, e.g. workshop) on the row above"),
            )
        )
        return
    slot = sessions[-1]
    for base in ("start", "end", "when"):
        entry = row.plain(base)
        if entry is not None and entry.text != slot.get(base):
            problems.append(
                Problem(
                    doc.file,
                    entry.cell.ref,
                    entry.column.name,
                    _("'{text}' is not the {base} of the item this parallel session is held in ({value})").format(
                        text=entry.text, base=base, value=slot.get(base) or "none"
                    ),
                    _("empty the cell: a parallel session takes its slot's time"),
                )
            )
    parallel = slot.setdefault("parallel", [])
    path = (d, "sessions", len(sessions) - 1, "parallel", len(parallel))
    session: dict = {}
    locate_row(doc, path, row, columns)
    put_plain(doc, session, path, row, ("code",))
    put_text(doc, session, path, row, "track", problems)
    _contribution(doc, session, path, row, problems)
    parallel.append(session)


def _contribution(doc: SheetDocument, record: dict, path: tuple, row: RowView, problems: list[Problem]) -> None:
    """What a session and a parallel session share: texts, chair, speakers, place."""
    for base in CONTRIBUTION_TEXTS:
        put_text(doc, record, path, row, base, problems)
    put_people(doc, record, path, row, "chair", problems, single=True)
    put_plain(doc, record, path, row, ("chair_role",))
    put_people(doc, record, path, row, "speakers", problems)
