"""private/<event>.participants.yaml: who comes to one event, for its badges, table cards and
attendance sheets. Only what those documents print: a name, an organisation, a country, a role,
the days attending and, if given, a language. Nothing else is collected (personal data).

`ROLES` is the one table of roles: each one's colour on a badge (Okabe and Ito's palette, which
reads for the common forms of colour blindness, the role also written), the ink on it, and
whether the role gets a table card. Their words are `role_<name>` in the catalogues.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from ..messages import _
from .record import Record, Status
from .values import Day

# In the `participants:` list of a sheet, a cell of days: 2027-06-09, 2027-06-10 (or ; or a line each).
DAYS_SEPARATOR = re.compile(r"[,;\n]+")


@dataclass(frozen=True)
class Role:
    """How a role looks on a badge: its band's colour (sRGB hex, CMYK percentages), the ink on it."""

    srgb: str
    cmyk: tuple[int, int, int, int]
    ink_srgb: str  # black or white, whichever reads on the band (WCAG contrast ≥ 4.5)
    table_card: bool = False  # a tent card on the table: speakers and chairs


# Okabe & Ito (2008), "Color Universal Design": distinct for deuteranopes, protanopes and tritanopes.
ROLES = MappingProxyType(
    {
        "participant": Role("#0072B2", (100, 45, 0, 10), "#FFFFFF"),
        "speaker": Role("#D55E00", (0, 70, 100, 5), "#000000", table_card=True),
        "chair": Role("#56B4E9", (60, 10, 0, 0), "#000000", table_card=True),
        "organiser": Role("#009E73", (100, 0, 65, 5), "#000000"),
        "interpreter": Role("#CC79A7", (15, 60, 0, 0), "#000000"),
        "press": Role("#E69F00", (0, 35, 100, 5), "#000000"),
    }
)
ROLE_NAMES = tuple(ROLES)


class Participant(Record):
    """One person expected at the event: `name` as programmes write it (Anna-Kaisa IKONEN), or
    `given` and `family` apart."""

    name: str | None = Field(default=None, min_length=1)
    given: str | None = Field(default=None, min_length=1)
    family: str | None = Field(default=None, min_length=1)
    organisation: str | None = None
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    role: str = "participant"
    days: list[Day] | None = None  # None: every day of the event
    language: str | None = Field(default=None, pattern=r"^[a-z]{2,3}$")

    @field_validator("role", mode="before")
    @classmethod
    def _known_role(cls, value: Any) -> Any:
        text = str(value).strip().lower()
        if text not in ROLES:
            raise ValueError(
                _("'{value}' is not a role | fix: write one of {roles}").format(
                    value=value, roles=", ".join(ROLE_NAMES)
                )
            )
        return text

    @field_validator("days", mode="before")
    @classmethod
    def _days_in_one_cell(cls, value: Any) -> Any:
        """A sheet's cell (or a YAML text) of several dates, separated by commas."""
        if isinstance(value, str):
            return [day.strip() for day in DAYS_SEPARATOR.split(value) if day.strip()]
        return value

    @model_validator(mode="after")
    def _named(self) -> Participant:
        if self.name is None and self.given is None and self.family is None:
            raise ValueError(_("has no name | fix: give `name` (Anna-Kaisa IKONEN), or `given` and `family`"))
        if self.name is not None and (self.given is not None or self.family is not None):
            raise ValueError(_("has both `name` and `given`/`family` | fix: keep `name`, or `given` and `family`"))
        return self

    @property
    def given_and_family(self) -> tuple[str, str]:
        """The given name(s) and the family name: as given apart, else the words in capitals at the
        end of `name` (IKONEN), else its last word; a single name is the family name."""
        if self.name is None:
            return (self.given or "", self.family or "")
        words = self.name.split()
        capitals = len(words)
        while capitals > 1 and words[capitals - 1].isupper():  # the family name in capitals, as programmes write it
            capitals -= 1
        split = capitals if capitals < len(words) else len(words) - 1
        return (" ".join(words[:split]), " ".join(words[split:]))

    @property
    def full_name(self) -> str:
        given, family = self.given_and_family
        return f"{given} {family}".strip()

    @property
    def sort_key(self) -> tuple[str, str]:
        """Alphabetical by family name, then given name, without regard to case or accents."""
        return tuple(_plain(part) for part in self.given_and_family[::-1])  # type: ignore[return-value]

    @property
    def name_key(self) -> str:
        """What two entries of one person share, however written: 'jan de vries' is Jan DE VRIES."""
        return _plain(" ".join(self.full_name.split()))

    def attends(self, day: dt.date) -> bool:
        return self.days is None or day in self.days


def _plain(text: str) -> str:
    """'Ñúñez' → 'nunez': compared as letters, as an index sorts."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


class Participants(Record):
    status: Status = "final"
    # "half-day": each day's attendance sheet has a signature column for the morning and one for the
    # afternoon, for a programme whose controls count attendance by half-day.
    attendance: Literal["day", "half-day"] = "day"
    participants: list[Participant]

    def expected(self, day: str | None) -> list[Participant]:
        """Those expected on `day` (ISO date; None: everyone), in the list's order."""
        date = dt.date.fromisoformat(day) if day else None
        return [person for person in self.participants if date is None or person.attends(date)]
