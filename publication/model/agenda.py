"""An event's agenda, as real programmes have it (after Indico's timetable): days hold items; an
item is a session, a break, a visit, a social event, or a slot of parallel sessions; sessions
have a chair and speakers, who are people with a role, an organisation and a country.

The checks across items (overlaps, a warning) are in sources.py; an item checks only itself.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, model_validator

from ..messages import _
from .record import Record
from .values import Day, TextField, Time

# What an item is; each has its look in the programme (styles/programme.css, `session--<kind>`).
ItemKind = Literal["session", "plenary", "workshop", "break", "visit", "social"]
# When an untimed item happens: the programme prints the catalogue's word (`when_<value>`).
When = Literal["morning", "afternoon", "evening", "all-day"]


class Person(Record):
    """A speaker, chair or moderator: the name as written everywhere, the rest per language."""

    name: str = Field(min_length=1)
    role: TextField | None = None
    organisation: TextField | None = None
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    # The language the name is written in, where its letters and country do not tell (a Russian in France).
    language: str | None = Field(default=None, pattern=r"^[a-z]{2,3}$")


def _person_or_text(value: Any) -> str:
    """A mapping with a `name` is a person; anything else is the older free text ("NAME, role")."""
    return "Person" if isinstance(value, dict) and "name" in value else "Text"


# A speaker is a person record, or (as older sources write it) one free text per language.
Speaker = Annotated[
    Annotated[Person, Tag("Person")] | Annotated[TextField, Tag("Text")],
    Discriminator(_person_or_text),
]


class Contribution(Record):
    """What a session and a parallel session share: a title, people, a place."""

    title: TextField | None = None  # a parallel slot may have no title of its own; a parallel session has one
    description: TextField | None = None
    chair: Speaker | None = None  # chair or moderator
    chair_role: Literal["chair", "moderator"] = "chair"
    speakers: list[Speaker] = Field(default_factory=list)
    room: TextField | None = None
    meeting_point: TextField | None = None  # where a visit leaves from, instead of a room


class ParallelSession(Contribution):
    """One of the sessions held at the same time: its code (A1) and track or network."""

    title: TextField  # required here (pydantic keeps it first among the fields, where Contribution has it)
    code: str | None = Field(default=None, max_length=12)
    track: TextField | None = None


class Session(Contribution):
    """An item of a day: timed (start, end) or not (`when`), possibly a slot of parallel sessions."""

    start: Time | None = None
    end: Time | None = None
    when: When | None = None
    kind: ItemKind = "session"
    parallel: list[ParallelSession] = Field(default_factory=list)

    @model_validator(mode="after")
    def _timed_or_said_when(self) -> Session:
        if self.start is None and self.when is None:
            raise ValueError(
                _(
                    'has neither `start` nor `when` | fix: give `start: "09:00"` (and `end`), or say when it happens with `when: morning`, `afternoon`, `evening` or `all-day`'
                )
            )
        if self.start is None and self.end is not None:
            raise ValueError(_("has an `end` but no `start` | fix: add `start`, or remove `end`"))
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValueError(
                _(
                    "ends at {end:%H:%M}, not after it starts at {start:%H:%M} | fix: make `end` later than `start`, or remove `end`"
                ).format(end=self.end, start=self.start)
            )
        if self.title is None and not self.parallel:
            raise ValueError(
                _(
                    "has no `title` | fix: add `title:` (per language), or list the sessions held at that time under `parallel:`"
                )
            )
        return self


class AgendaDay(Record):
    date: Day
    title: TextField | None = None
    sessions: list[Session] = Field(min_length=1)
