"""partners.yaml: the members of the network: cities, regions, organisations; at most one leads."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from ..messages import _
from .record import Logo, Record, Status
from .values import Number, TextField


class Location(Record):
    lat: Number = Field(ge=-90, le=90)
    lon: Number = Field(ge=-180, le=180)


class Partner(Record):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    name: TextField
    short_name: TextField | None = None  # for the map's labels, where the name is long
    # The place the map names, per language; the name under the partner's `language` is its local
    # name (city: {fr: Thessalonique, en: Thessaloniki, el: Θεσσαλονίκη}). Else short_name, else name.
    city: TextField | None = None
    kind: Literal["city", "departement", "region", "organisation", "university"] = "city"
    country: str = Field(pattern=r"^[A-Z]{2}$")
    # "member" is the older word for "partner"; associates and observers join without full membership.
    role: Literal["lead", "partner", "member", "associate", "observer"]
    location: Location
    language: str | None = Field(default=None, pattern=r"^[a-z]{2,3}$")
    logo: Logo | None = None  # its logo file, set in the credits where it is a funder


class Partners(Record):
    status: Status = "final"
    partners: list[Partner]

    @model_validator(mode="after")
    def _one_lead(self) -> Partners:
        leads = [p.id for p in self.partners if p.role == "lead"]
        if len(leads) > 1:
            raise ValueError(
                _(
                    "{count} partners have role: lead ({leads}); a network has at most one | fix: give `role: lead` to one of them and `role: partner` to the others"
                ).format(count=len(leads), leads=", ".join(leads))
            )
        ids = [p.id for p in self.partners]
        doubles = sorted({i for i in ids if ids.count(i) > 1})
        if doubles:
            raise ValueError(
                _("partner id given twice: {ids} | fix: give each partner its own id").format(ids=", ".join(doubles))
            )
        return self
