"""Which documents of a kind an event gets beyond one: one per day of the event (the attendance sheets),
one per part of a long participant list (badges and table cards by alphabetical parts: each document
within the time limit and bounded memory, the parts made side by side). plan.py asks; the kinds'
records (`per_day`, `people_per_document`) decide."""

from __future__ import annotations

import datetime as dt

from .kinds import Kind


def days_of(kind: Kind, sources, workshop: str | None) -> list[str | None]:
    """The days a kind made per day is made for: its event's agenda days, else each day of its dates."""
    if not kind.per_day or workshop is None:
        return [None]
    event = sources.workshops[workshop]
    span = (event.last_day - event.first_day).days + 1
    days = [day.date for day in event.agenda] or [event.first_day + dt.timedelta(days=n) for n in range(span)]
    return [day.isoformat() for day in days]


def parts_of(kind: Kind, sources, workshop: str | None, day: str | None = None) -> list[int | None]:
    """The parts of a long participant list a kind splits into documents (`people_per_document`), numbered
    from 1 in the list's alphabetical order; one document (None) while the list fits in one. A kind made
    per day counts the people expected that day."""
    listed = sources.participants.get(workshop or "")
    size = kind.people_per_document
    if size is None or listed is None:
        return [None]
    people = len(listed.record.expected(day))
    return [None] if people <= size else list(range(1, -(-people // size) + 1))
