"""An event's dates against its agenda's days: each day within the event's dates (an error), no
dated day while the event's date is its month alone (a warning), and no session of a day starting
before the one before it ends, unless both share their times (a parallel slot; a warning).

A month-only event (`dates: 2016-09`, "date précise à confirmer") whose agenda gives days
(`date: 2016-09-21`) says two things at once; the publications say only the first until the exact
dates are given (Workshop.days_known: "Day 1" headings, no calendar entry), and `check` says why.
"""

from __future__ import annotations

from itertools import pairwise

from .errors import Problem
from .load import Document
from .messages import _, ngettext
from .model import Workshop


def days_outside_the_dates(doc: Document, workshop: Workshop) -> list[Problem]:
    """Each agenda day outside the workshop's dates, at the day's date (its line, or its cell in a sheet)."""
    start, last = workshop.first_day, workshop.last_day
    return [
        doc.problem(
            ("agenda", i, "date"),
            _("agenda day {day} lies outside the workshop's dates ({start} to {last})").format(
                day=day.date, start=start, last=last
            ),
            _("check the day's date, or the workshop's `dates` and `end`"),
        )
        for i, day in enumerate(workshop.agenda)
        if not start <= day.date <= last
    ]


def month_only_days(doc: Document, workshop: Workshop) -> list[Problem]:
    """A month-only event with dated agenda days: one warning, at the first day's date (its line, or
    its cell), naming the days and what the publications print meanwhile."""
    if workshop.days_known or not workshop.agenda:
        return []
    dates = ", ".join(str(day.date) for day in workshop.agenda)
    count = len(workshop.agenda)
    numbered = ", ".join(f'"Day {n}"' for n in range(1, min(count, 3) + 1)) + ("…" if count > 3 else "")
    return [
        doc.problem(
            ("agenda", 0, "date"),
            ngettext(
                "the event's date is a month (`dates: {month}`), but its agenda dates its day ({dates}): the "
                "programme prints {numbered} instead of these dates, and no calendar or schedule holds the event",
                "the event's date is a month (`dates: {month}`), but its agenda dates its {count} days ({dates}): "
                "the programme prints {numbered} instead of these dates, and no calendar or schedule holds the event",
                count,
            ).format(month=workshop.dates, count=count, dates=dates, numbered=numbered),
            _(
                "give the event its exact `dates:` (and `end:`) once they are known; until then the days' "
                "dates only order the days"
            ),
        )
    ]


def overlapping_sessions(doc: Document, workshop: Workshop) -> list[Problem]:
    """Sessions of one day that overlap in time (a warning: parallel sessions exist)."""
    warnings = []
    for d, day in enumerate(workshop.agenda):
        timed = [(s.start, s.end, i) for i, s in enumerate(day.sessions) if s.start and s.end]
        for (start_a, end_a, a), (start_b, end_b, b) in pairwise(timed):
            # The very same times are a parallel slot (render.py groups them); other overlaps are suspect.
            if start_b < end_a and (start_a, end_a) != (start_b, end_b):
                warnings.append(
                    doc.problem(
                        ("agenda", d, "sessions", b, "start"),
                        _("starts at {start}, before session {session} ends at {end}").format(
                            start=f"{start_b:%H:%M}", session=a + 1, end=f"{end_a:%H:%M}"
                        ),
                        _(
                            "check the times; sessions held at the same time are written as one item with "
                            "their sessions under `parallel:` (see the README)"
                        ),
                    )
                )
    return warnings
