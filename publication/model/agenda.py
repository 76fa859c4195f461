"""A workshop's agenda: its days, and the sessions of each day in the order they are held.

The checks across sessions (overlaps, a warning) are in sources.py; a session checks only itself.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .record import Record
from .values import Day, TextField, Time


class Session(Record):
    start: Time
    end: Time | None = None
    title: TextField
    kind: Literal["session", "break", "visit", "plenary", "workshop"] = "session"
    speakers: list[TextField] = []
    room: TextField | None = None
    description: TextField | None = None

    @model_validator(mode="after")
    def _ends_after_start(self) -> "Session":
        if self.end is not None and self.end <= self.start:
            raise ValueError(f"ends at {self.end:%H:%M}, not after it starts at {self.start:%H:%M} | fix: make `end` later than `start`, or remove `end`")
        return self


class AgendaDay(Record):
    date: Day
    title: TextField | None = None
    sessions: list[Session] = Field(min_length=1)
