"""workshops/*.yaml: one workshop of the network, its venue, agenda and practical notes."""

from __future__ import annotations

import datetime as dt

from pydantic import model_validator

from .agenda import AgendaDay
from .record import Image, Record, Status
from .values import Day, DayOrMonth, Month, TextField


class Venue(Record):
    name: TextField
    address: TextField | None = None


class Practical(Record):
    title: TextField
    text: TextField


class Workshop(Record):
    status: Status = "final"
    title: TextField
    host: str
    dates: DayOrMonth
    end: Day | None = None
    theme: TextField | None = None
    languages: list[str] | None = None
    venue: Venue | None = None
    image: Image | None = None  # printed in the programme's header
    agenda: list[AgendaDay] = []
    practical: list[Practical] = []

    @model_validator(mode="after")
    def _dates_consistent(self) -> "Workshop":
        start = self.first_day
        last = self.dates.last_day if isinstance(self.dates, Month) else (self.end or self.dates)
        if self.end is not None and self.end < start:
            raise ValueError(f"ends on {self.end}, before it starts on {start} | fix: check `dates` and `end`")
        for day in self.agenda:
            if not start <= day.date <= last:
                raise ValueError(f"agenda day {day.date} lies outside the workshop's dates ({start} to {last}) | fix: check the day's date, or the workshop's `dates` and `end`")
        return self

    @property
    def first_day(self) -> dt.date:
        return self.dates.first_day if isinstance(self.dates, Month) else self.dates

    @property
    def month(self) -> Month:
        """The month the workshop starts in (the fact the source page gives)."""
        return Month(self.first_day.year, self.first_day.month)
