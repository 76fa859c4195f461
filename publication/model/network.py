"""network.yaml and contacts.yaml: what the network is, who funds it, whom to write to."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from ..eu_visibility import FUNDS, PROGRAMME_PERIODS
from ..messages import _
from .record import Logo, Record, Status
from .values import TextField


class Challenge(Record):
    title: TextField
    text: TextField


class LocalGroupMember(Record):
    name: TextField
    short: str | None = None


class LocalGroup(Record):
    title: TextField
    text: TextField
    members: list[LocalGroupMember]


class Period(Record):
    # Years a calendar can print (0 is no year for Python's dates): a range, not a typo's guard.
    start: int = Field(ge=1900, le=2999)
    end: int = Field(ge=1900, le=2999)

    @model_validator(mode="after")
    def _ends_after_start(self) -> Period:
        if self.end < self.start:
            raise ValueError(
                _(
                    "ends in {end}, before it starts in {start} | fix: give the first year as `start` and the last as `end`"
                ).format(end=self.end, start=self.start)
            )
        return self


class Contact(Record):
    name: TextField
    role: TextField
    organisation: TextField
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")
    phone: str | None = None


class Contacts(Record):
    status: Status = "final"
    contacts: list[Contact]


class Funder(Record):
    name: TextField
    # eu-emblem: the EU flag, drawn; wordmark: the name set as a programme's wordmark; partner: the name
    mark: Literal["eu-emblem", "wordmark", "partner"]
    # Its logo file, printed in the credits' row instead of the name (not the EU emblem's: it is drawn).
    logo: Logo | None = None
    partner: str | None = None  # the id of the partner it is (partners.yaml), whose `logo` it then prints
    # The EU's: the programme period it funds from ("2021-2027"; else the one of the network's years), the
    # fund, and whether it funds part of the costs or all: what the emblem's statement says (eu_visibility).
    period: str | None = None
    fund: str | None = None
    statement: Literal["co-funded", "funded"] = "co-funded"

    @field_validator("period")
    @classmethod
    def _known_period(cls, period: str | None) -> str | None:
        if period is not None and period not in PROGRAMME_PERIODS:
            raise ValueError(
                _("'{period}' is not an EU programme period | fix: write one of {periods}").format(
                    period=period, periods=", ".join(PROGRAMME_PERIODS)
                )
            )
        return period

    @field_validator("fund")
    @classmethod
    def _known_fund(cls, fund: str | None) -> str | None:
        if fund is not None and fund not in FUNDS:
            raise ValueError(
                _("'{fund}' is not a fund the EU statement knows | fix: write one of {funds}").format(
                    fund=fund, funds=", ".join(FUNDS)
                )
            )
        return fund

    @model_validator(mode="after")
    def _emblem_is_drawn(self) -> Funder:
        if self.mark == "eu-emblem" and self.logo is not None:
            raise ValueError(
                _(
                    "the EU emblem is drawn from its official geometry, not from a file | fix: remove `logo:` from this funder (mark: eu-emblem)"
                )
            )
        return self


class Credits(Record):
    funding_statement: TextField
    funders: list[Funder]
    publisher: TextField
    photo_credits: TextField | None = None


class EventWords(Record):
    """How a network calls its events ("its transnational workshops", "its forums"), per language."""

    title: TextField  # the listing's heading: "Les ateliers transnationaux"
    series: TextField  # the overview's title: "Le cycle des ateliers transnationaux"
    one: TextField  # after a count of one: "1 atelier transnational"
    other: TextField  # after any other count: "5 ateliers transnationaux"
    intro: TextField | None = None  # the listing's lead paragraph in the brochure


class Network(Record):
    status: Status = "final"
    name: TextField
    programme: str
    kind: TextField  # the project's own words for what it is: "réseau thématique URBACT"
    # What the project is and what its partners are: the words of every publication follow
    # (publication/wording.py). A network of cities is what the catalogues said before they knew.
    project_kind: Literal["network", "project", "partnership", "programme", "exchange"] = "network"
    partner_kind: Literal["cities", "regions", "organisations", "universities", "mixed"] = "cities"
    period: Period
    title: TextField
    subtitle: TextField | None = None  # the brochure's cover line and title; else the catalogue's
    # The PDFs' keywords, after the programme, name, kind and members.
    keywords: list[TextField] = Field(default_factory=list)
    summary: TextField
    aim: TextField
    meetings: TextField
    local_group: LocalGroup
    challenges_intro: TextField | None = None  # the lead paragraph above the challenges
    challenges: list[Challenge] = Field(min_length=1)
    events: EventWords | None = None  # else the catalogues' generic words ("the network's events")
    credits: Credits
