"""The time zone an event's sessions are held in: the event's own `time_zone:` (an IANA name such as
`Europe/Athens`), else the declared default of its host's country, `COUNTRY_TIME_ZONE`.

Zones are read from the `tzdata` package the lock pins, never from the machine's database: the
calendars' VTIMEZONE is then the same on every machine (reproducible builds)."""

from __future__ import annotations

import importlib.resources
from functools import cache
from types import MappingProxyType
from zoneinfo import ZoneInfo

from babel.core import get_global

from ..messages import _

# Each European country's zone, ISO 3166 code → IANA name: the capital's where a country has
# several (an event in the Canary Islands, the Azores, Madeira or overseas France says
# `time_zone:` in its file). A country not listed needs `time_zone:` when its agenda has times.
COUNTRY_TIME_ZONE = MappingProxyType(
    {
        "AD": "Europe/Andorra",
        "AL": "Europe/Tirane",
        "AT": "Europe/Vienna",
        "BA": "Europe/Sarajevo",
        "BE": "Europe/Brussels",
        "BG": "Europe/Sofia",
        "CH": "Europe/Zurich",
        "CY": "Asia/Nicosia",
        "CZ": "Europe/Prague",
        "DE": "Europe/Berlin",
        "DK": "Europe/Copenhagen",
        "EE": "Europe/Tallinn",
        "ES": "Europe/Madrid",
        "FI": "Europe/Helsinki",
        "FR": "Europe/Paris",
        "GB": "Europe/London",
        "GR": "Europe/Athens",
        "HR": "Europe/Zagreb",
        "HU": "Europe/Budapest",
        "IE": "Europe/Dublin",
        "IS": "Atlantic/Reykjavik",
        "IT": "Europe/Rome",
        "LI": "Europe/Vaduz",
        "LT": "Europe/Vilnius",
        "LU": "Europe/Luxembourg",
        "LV": "Europe/Riga",
        "MC": "Europe/Monaco",
        "MD": "Europe/Chisinau",
        "ME": "Europe/Podgorica",
        "MK": "Europe/Skopje",
        "MT": "Europe/Malta",
        "NL": "Europe/Amsterdam",
        "NO": "Europe/Oslo",
        "PL": "Europe/Warsaw",
        "PT": "Europe/Lisbon",
        "RO": "Europe/Bucharest",
        "RS": "Europe/Belgrade",
        "SE": "Europe/Stockholm",
        "SI": "Europe/Ljubljana",
        "SK": "Europe/Bratislava",
        "SM": "Europe/San_Marino",
        "TR": "Europe/Istanbul",
        "UA": "Europe/Kyiv",
        "VA": "Europe/Vatican",
        "XK": "Europe/Belgrade",
    }
)


@cache
def zone_names() -> frozenset[str]:
    """Every zone the pinned tzdata knows."""
    return frozenset(importlib.resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8").split())


def checked_zone_name(name: str) -> str:
    """A `time_zone:` value, refused unless it is a zone tzdata knows (pydantic's validator)."""
    if name not in zone_names():
        close = [known for known in sorted(zone_names()) if known.lower() == name.lower()]
        example = close[0] if close else "Europe/Paris"
        raise ValueError(
            _("'{name}' is not a time zone | fix: write an IANA zone name, e.g. `{example}`").format(
                name=name, example=example
            )
        )
    return name


@cache
def load_zone(name: str) -> ZoneInfo:
    """The zone from the pinned tzdata package (not the machine's /usr/share/zoneinfo)."""
    path = importlib.resources.files("tzdata").joinpath("zoneinfo", *name.split("/"))
    with path.open("rb") as file:
        return ZoneInfo.from_file(file, key=name)


def zone_fix(country: str) -> str:
    """How to give an event's zone when its country has no default: the country's one zone (CLDR's
    list, through Babel), or where to look among several."""
    zones = sorted(get_global("territory_zones").get(country, ()))
    example = zones[0] if len(zones) == 1 else "Area/City"
    among = (
        _(" (one of the {count} zones of {country}: the venue's)").format(count=len(zones), country=country)
        if len(zones) > 1
        else ""
    )
    return _("add the sessions' time zone to the event's file, as its IANA name: `time_zone: {example}`{among}").format(
        example=example, among=among
    )


def event_zone_name(own: str | None, country: str) -> str | None:
    """The zone of an event: its own `time_zone`, else its host country's default; None: neither."""
    return own or COUNTRY_TIME_ZONE.get(country)
