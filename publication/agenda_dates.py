"""An event's dates against its agenda's days: each day within the event's dates (an error), and no
dated day while the event's date is its month alone (a warning).

A month-only event (`dates: 2016-09`, "date précise à confirmer") whose agenda gives days
(`date: 2016-09-21`) says two things at once; the publications say only the first until the exact
dates are given (Workshop.days_known: "Day 1" headings, no calendar entry), and `check` says why.
"""

from __future__ import annotations

from .errors import Problem
from .load import Document
from .model import Workshop


def days_outside_the_dates(doc: Document, workshop: Workshop) -> list[Problem]:
    """Each agenda day outside the workshop's dates, at the day's date (its line, or its cell in a sheet)."""
    start, last = workshop.first_day, workshop.last_day
    return [
        doc.problem(
            ("agenda", i, "date"),
            f"agenda day {day.date} lies outside the workshop's dates ({start} to {last})",
            "check the day's date, or the workshop's `dates` and `end`",
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
            f"the event's date is a month (`dates: {workshop.dates}`), but its agenda dates its "
            f"{'day' if count == 1 else f'{count} days'} ({dates}): the programme prints {numbered} "
            "instead of these dates, and no calendar or schedule holds the event",
            "give the event its exact `dates:` (and `end:`) once they are known; until then the days' "
            "dates only order the days",
        )
    ]
