"""The changes since a release (`changes`) as a reader is told them, in a language: one line each
("New time: “Opening”, 9 June 2027, 09:30–11:00 (was 9 June 2027, 09:15–10:45)"), the words from the
layouts' catalogue (`change_<kind>`), dates and times the language's way."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import SimpleNamespace

from .changes import Change, SessionRecord
from .localise import Language, format_clock, format_day, join_list
from .model import Text, Workshop
from .plan import Publication
from .releases import event_changes, read_releases
from .sources import Sources
from .timetable import day_label

DayName = Callable[[str], str]  # a record's date ('2017-05-17') → how a change line names its day


def day_namer(language: Language, workshop: Workshop) -> DayName:
    """'17 mai 2017'; while the event's date is its month alone, its programme's 'Jour 1' (timetable.day_label):
    a change line never dates a day the programme does not."""
    if workshop.days_known:
        return lambda date: format_day(dt.date.fromisoformat(date), language.lang)
    return lambda date: day_label(language, workshop, dt.date.fromisoformat(date))


def when_label(language: Language, record: SessionRecord, day_name: DayName) -> str:
    """'9 June 2027, 09:30–11:00'; an untimed item: '9 June 2027, Evening'."""
    day = day_name(record["date"])
    if record["start"] is None:
        when = record["when"].replace("-", "_")
        return f"{day}, {language.words(f'when_{when}')}"
    start, end = (
        format_clock(dt.time.fromisoformat(record[at]), language.lang) for at in ("start", "end") if record[at]
    )
    return f"{day}, {start}–{end}" if record["end"] else f"{day}, {start}"


def place_label(language: Language, record: SessionRecord, day_name: DayName | None = None) -> str:
    return language.text(Text(record["room"])) if record["room"] else language.words("change_no_room")


def people_label(language: Language, record: SessionRecord, day_name: DayName | None = None) -> str:
    names = [person if isinstance(person, str) else language.text(Text(person)) for person in record["people"]]
    return join_list(names, language.lang) or language.words("change_nobody")


LABELS = {"added": when_label, "removed": when_label, "moved": when_label, "retimed": when_label}
LABELS |= {"room": place_label, "people": people_label}  # what each kind of change says, now and before


def change_line(language: Language, change: Change, day_name: DayName) -> str:
    """One change in the language's words: the session's title, what it is now and what it was."""
    label = LABELS[change.kind]
    values = {"title": language.text(Text(change.session["title"])), "place": place_label(language, change.session)}
    values["when"] = when_label(language, change.session, day_name)
    values["people"] = people_label(language, change.session)
    values["was"] = label(language, change.before, day_name) if change.before and change.after else ""
    return language.words(f"change_{change.kind}", **values)


def change_lines(language: Language, changes: list[Change], day_name: DayName) -> list[str]:
    return [change_line(language, change, day_name) for change in changes]


def changes_view(sources: Sources, key: str, language: Language) -> SimpleNamespace | None:
    """What a page says of its event's changes since the latest release holding it: the heading
    ("Changes since the printed programme of 2 May 2017") and one line each; None: never released, or
    nothing changed (the page says nothing)."""
    found = event_changes(sources, key, read_releases(sources.root.parent))
    if found is None or not found[1]:
        return None
    release, changes = found
    heading = language.words("changes_since", date=format_day(release.date, language.lang))
    return SimpleNamespace(
        heading=heading,
        lines=change_lines(language, changes, day_namer(language, sources.workshops[key])),
        marks=session_marks(language, changes),
    )


def session_marks(language: Language, changes: list[Change]) -> dict[tuple[str, str], str]:
    """What a session of the page is marked with ("New time · New room"), by its day's date
    ('2017-05-17') and its title as the page prints it; a removed session is on no day: the list alone
    says it."""
    marks: dict[tuple[str, str], list[str]] = {}
    for change in changes:
        if change.after is not None:
            key = (change.after["date"], language.text(Text(change.after["title"])))
            marks.setdefault(key, []).append(language.words(f"change_mark_{change.kind}"))
    return {key: " · ".join(labels) for key, labels in marks.items()}


def mark_sessions(workshop: SimpleNamespace, changes: SimpleNamespace | None) -> None:
    """Give each session view of an event's days its mark (`change`: None when unchanged)."""
    for day in workshop.agenda:
        for item in day.items:
            for session in [item, *item.parallel]:
                session.change = changes.marks.get((day.date.isoformat(), session.title)) if changes else None


def changes_context(sources: Sources, publication: Publication, language: Language, workshop: SimpleNamespace):
    """An event's page's `changes` (None: its kind lists none, or nothing changed), its sessions marked."""
    listed = (
        changes_view(sources, publication.workshop or "", language) if publication.kind_record.lists_changes else None
    )
    mark_sessions(workshop, listed)
    return {"changes": listed}
