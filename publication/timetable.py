"""An event's agenda as a programme prints it, in one language.

Days hold items; an item is timed ("09:30–10:30") or not ("Evening"); a slot of parallel sessions
prints its time once, its sessions under it with their codes; sessions held at exactly the same
time in older sources (one after another, same start and end) are read as such a slot. People
are one per line: name, then role · organisation · country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from .localise import Language, format_clock, format_weekday
from .model import ParallelSession, Person, Session, Workshop
from .scripts import written_parts
from .typography import typeset_text


@dataclass(frozen=True)
class PageBreaks:
    """Where a programme's parallel slots break, as the pagination decided (publication/pagination.py):
    the slots kept whole on one page (their keys, '2.5'), and the sessions a slot continues with at
    the top of a page, under its time and title repeated ('2.5/3': from its third session on)."""

    whole: frozenset[str] = frozenset()
    continued: frozenset[str] = frozenset()


def day_label(language: Language, workshop: Workshop, date) -> str:
    """A day's heading: 'Mercredi 17 mai 2017'; 'Jour 2' while the event's date is its month alone
    (`dates: 2017-05`), its days numbered in the agenda's order: a weekday and date printed beside
    "mai 2017, date précise à confirmer" would say what is not decided (sources warn of the dates)."""
    if workshop.days_known:
        return format_weekday(date, language.lang)
    days = sorted({day.date for day in workshop.agenda})
    number = days.index(date) + 1 if date in days else (date - workshop.first_day).days + 1
    return language.words("day_number", number=number)


def day_views(language: Language, workshop: Workshop) -> list[SimpleNamespace]:
    """Each day of the event's agenda: its heading (`day_label`), the heading of its continuation, its
    items, each with its key ('2.5': day 2, item 5) that the pagination's hints name it by."""
    views = []
    for number, day in enumerate(workshop.agenda, start=1):
        label, title = day_label(language, workshop, day.date), language.text(day.title)
        if title and not workshop.days_known and re.match(rf"{re.escape(label)}(?!\d)", title, re.I):
            label, title = title, ""  # "Jour 1 : se rencontrer" says its number already: printed once
        items = [item_view(language, item) for item in parallel_slots(day.sessions)]
        for index, item in enumerate(items, start=1):
            item.key = f"{number}.{index}"
        views.append(
            SimpleNamespace(
                label=label,
                date=day.date,  # what the changes since a release mark its sessions by (changelist)
                title=title,
                continued=language.words("day_continued", day=label),
                items=items,
            )
        )
    return views


def parallel_slots(sessions: list[Session]) -> list[Session]:
    """The items of a day, consecutive sessions with the very same start and end made one slot."""
    items: list[Session] = []
    for session in sessions:
        previous = items[-1] if items else None
        if previous is not None and _same_time(previous, session) and not session.parallel:
            slot = _as_slot(previous)
            items[-1] = slot.model_copy(update={"parallel": [*slot.parallel, _as_parallel(session)]})
        else:
            items.append(session)
    return items


def _same_time(a: Session, b: Session) -> bool:
    return a.start is not None and b.end is not None and (a.start, a.end) == (b.start, b.end)


def _as_slot(session: Session) -> Session:
    """A session as a slot holding it: the slot keeps the time, its session the rest."""
    if session.parallel:
        return session
    return Session.model_construct(
        start=session.start,
        end=session.end,
        when=session.when,
        kind=session.kind,
        title=None,
        parallel=[_as_parallel(session)],
        speakers=[],
        chair=None,
        chair_role="chair",
        description=None,
        room=None,
        meeting_point=None,
    )


def _as_parallel(session: Session) -> ParallelSession:
    fields = {name: getattr(session, name) for name in ParallelSession.model_fields if name in Session.model_fields}
    return ParallelSession.model_construct(**fields, code=None, track=None)


def item_view(language: Language, item: Session) -> SimpleNamespace:
    """One item: its time (or when), kind, and what it holds (itself, or its parallel sessions)."""
    view = contribution_view(language, item)
    view.kind = item.kind
    view.time_label = time_label(language, item)
    view.parallel = [contribution_view(language, session) for session in item.parallel]
    for session, source in zip(view.parallel, item.parallel, strict=True):
        session.code, session.track = source.code, language.text(source.track)
    # What the top of a page repeats when the slot's sessions continue there: 'Sessions parallèles 1 (suite)'.
    view.continued = language.words("slot_continued", slot=view.title or language.words("parallel_sessions"))
    return view


def time_label(language: Language, item: Session) -> str:
    if item.start is None:
        assert item.when is not None  # the schema: an item without a start says when it happens
        return language.words(f"when_{item.when.replace('-', '_')}")
    start = format_clock(item.start, language.lang)
    return f"{start}–{format_clock(item.end, language.lang)}" if item.end else start


def contribution_view(language: Language, contribution: Any) -> SimpleNamespace:
    """Title, description, chair and speakers, and the place (a room, or where a visit leaves from)."""
    text = language.text
    place = text(contribution.room)
    if contribution.meeting_point is not None:
        place = language.words("meeting_point", place=text(contribution.meeting_point))
    chair = person_view(language, contribution.chair) if contribution.chair is not None else None
    return SimpleNamespace(
        title=text(contribution.title),
        description=text(contribution.description),
        place=place,
        chair=chair,
        chair_label=language.words(contribution.chair_role) if chair else None,
        speakers=[person_view(language, speaker) for speaker in contribution.speakers],
    )


def person_view(language: Language, person: Any) -> SimpleNamespace:
    """A person: the name (bold in the programme) and 'role · organisation · country'; or the
    older free text, printed as it is."""
    if not isinstance(person, Person):
        return SimpleNamespace(name=None, details=None, text=language.text(person), name_parts=[], details_parts=[])
    details = " · ".join(part for part in (language.text(person.role), language.text(person.organisation)) if part)
    if person.country:  # the code never starts a line alone
        details = f"{details}\u00a0·\u00a0{person.country}" if details else person.country
    name = typeset_text(person.name, language.lang)
    # As printed: a name or an organisation in another script than the document's, tagged with its language.
    return SimpleNamespace(
        name=name,
        details=details or None,
        text=None,
        name_parts=written_parts(name, language.lang, person.country, person.language),
        details_parts=written_parts(details, language.lang, person.country, person.language),
    )
