"""workshops/*.yaml: one event of the network (a transnational workshop, a conference, a forum, a
study visit…), its host, venue, agenda and practical notes."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, Discriminator, Field, Tag, model_validator

from ..messages import _
from .agenda import AgendaDay
from .record import Image, Record, Status
from .values import Day, DayOrMonth, Month, Text, TextField
from .zones import checked_zone_name


class Place(Record):
    """A host that is not one of the partners: a city, its country, and the organisation if any."""

    city: TextField
    country: str = Field(pattern=r"^[A-Z]{2}$")
    organisation: TextField | None = None

    @property
    def name(self) -> Text:
        """What a programme names the host by, as it names a partner: the city."""
        return self.city

    @property
    def short_name(self) -> Text:
        """What a line short of room names the host by, as a partner's short name: the city too."""
        return self.city


# The host is a partner's id (`host: dresden`), or a place of its own (`host: {city: …, country: BE}`).
Host = Annotated[
    Annotated[Place, Tag("Place")] | Annotated[str, Tag("str")],
    Discriminator(lambda value: "Place" if isinstance(value, (dict, Place)) else "str"),
]
# The kinds the message catalogues name (`event_<kind>`); a new kind is named in site.yaml `event_kinds:`.
EVENT_KIND = r"^[a-z][a-z0-9-]*$"


class Venue(Record):
    name: TextField
    address: TextField | None = None


class Practical(Record):
    title: TextField
    text: TextField


class Workshop(Record):
    status: Status = "final"
    kind: str = Field(default="transnational-workshop", pattern=EVENT_KIND)
    title: TextField
    host: Host
    dates: DayOrMonth
    end: Day | None = None
    theme: TextField | None = None
    languages: list[str] | None = None
    venue: Venue | None = None
    # The sessions' time zone (IANA, `Europe/Athens`); without it, the host country's (model/zones.py).
    time_zone: Annotated[str, AfterValidator(checked_zone_name)] | None = None
    image: Image | None = None  # printed in the programme's header
    agenda: list[AgendaDay] = Field(default_factory=list)
    practical: list[Practical] = Field(default_factory=list)

    @model_validator(mode="after")
    def _dates_consistent(self) -> Workshop:
        start = self.first_day
        if self.end is not None and self.end < start:
            raise ValueError(
                _("ends on {end}, before it starts on {start} | fix: check `dates` and `end`").format(
                    end=self.end, start=start
                )
            )
        return self  # agenda days outside the dates: sources.days_outside_the_dates, located at the day

    @property
    def last_day(self) -> dt.date:
        return self.dates.last_day if isinstance(self.dates, Month) else (self.end or self.dates)

    @property
    def first_day(self) -> dt.date:
        return self.dates.first_day if isinstance(self.dates, Month) else self.dates

    @property
    def days_known(self) -> bool:
        """Whether the event's exact days are known (`dates: 2016-09-21`), not its month alone
        (`dates: 2016-09`). Until they are, nothing prints or publishes a day of it: the programme's
        days are "Day 1", "Day 2" (timetable.day_label), no calendar or schedule holds it, and dated
        agenda days are a warning (agenda_dates.month_only_days)."""
        return not isinstance(self.dates, Month)

    @property
    def timed(self) -> bool:
        """Whether any item of its agenda has a time of day (its calendar then needs a time zone)."""
        return any(item.start is not None for day in self.agenda for item in day.sessions)

    @property
    def month(self) -> Month:
        """The month the workshop starts in (the fact the source page gives)."""
        return Month(self.first_day.year, self.first_day.month)
