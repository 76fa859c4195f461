"""The partner cities on the map: read from the caller's records, projected, and marked."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import Problem
from .projection import load_map_data, project_city
from .svg import num

# Candidate label positions around a dot, in order of preference (cartographers put labels
# to the right first). Offsets are in units of `gap` (dot radius + breathing space).
LABEL_POSITIONS = ("e", "w", "ne", "se", "nw", "sw", "n", "s")

# The lead partner's mark, relative to a member's dot radius: a bigger dot inside a ring.
LEAD_DOT = 1.45
LEAD_RING = 2.3


@dataclass(frozen=True)
class City:
    name: str
    x: float
    y: float
    lead: bool
    local: str | None = None  # the name in the place's own language, printed after `name` when given

    @property
    def label(self) -> str:
        """The whole label's text: the name, and the local name after a space."""
        return f"{self.name} {self.local}" if self.local else self.name


def _field(city: Any, name: str, default: Any = None) -> Any:
    if isinstance(city, Mapping):
        return city.get(name, default)
    return getattr(city, name, default)


def _coordinates(city: Any) -> tuple[float, float]:
    """lat/lon from the city itself, or from a nested `location` (as in sources/partners.yaml)."""
    lat, lon = _field(city, "lat"), _field(city, "lon")
    if lat is None or lon is None:
        location = _field(city, "location")
        lat, lon = _field(location, "lat"), _field(location, "lon")
    if lat is None or lon is None:
        raise ValueError(f"city {_field(city, 'name')!r} has no lat/lon")
    return float(lat), float(lon)


def on_the_map(lat: float, lon: float) -> bool:
    """Whether the point lies inside the map's frame (the point opposite the map's centre has no place)."""
    projection = load_map_data()["projection"]
    try:
        x, y = project_city(lat, lon)
    except (ZeroDivisionError, ValueError, OverflowError):
        return False
    return 0 <= x <= projection["width"] and 0 <= y <= projection["height"]


def cities_outside_the_map(sources) -> list[Problem]:
    """Each partner whose place the map of Europe cannot show, at its location in the sources: found
    before anything is rendered (the brochure and the poster would fail one after the other)."""
    doc = sources.documents["partners.yaml"]
    return [
        doc.problem(
            ("partners", index, "location"),
            f"({partner.location.lat:g}, {partner.location.lon:g}) lies outside the map of Europe the "
            "brochure and the poster print",
            "check the coordinates (latitude first, then longitude; west and south are negative), "
            "e.g. lat: 38.75, lon: -9.23 for Amadora",
        )
        for index, partner in enumerate(sources.partners.partners)
        if not on_the_map(partner.location.lat, partner.location.lon)
    ]


def to_cities(cities: Iterable[Any]) -> list[City]:
    """The caller's dicts or objects as checked cities in map coordinates."""
    result = []
    for city in cities:
        lat, lon = _coordinates(city)
        role = _field(city, "role", "member")
        if role not in ("lead", "member"):
            raise ValueError(f"city {_field(city, 'name')!r}: role must be 'lead' or 'member', not {role!r}")
        if not on_the_map(lat, lon):  # the sources' partners are checked before rendering: cities_outside_the_map
            raise ValueError(f"city {_field(city, 'name')!r} ({lat}, {lon}) lies outside the map of Europe")
        x, y = project_city(lat, lon)
        local = _field(city, "local")
        result.append(City(str(_field(city, "name")), x, y, role == "lead", str(local) if local else None))
    return result


def mark_radius(city: City, dot_radius: float) -> float:
    """How far the city's mark reaches from its centre, half its outline or ring stroke included."""
    return dot_radius * (LEAD_RING + 0.2 if city.lead else 1.15)


def city_marker(city: City, radius: float) -> str:
    """Members: a dot. The lead partner: a bigger dot in another colour inside a ring, which
    still tells it apart when the page is printed in black and white."""
    if not city.lead:
        return f'<circle class="map-city" cx="{num(city.x)}" cy="{num(city.y)}" r="{num(radius)}"/>'
    centre = f'cx="{num(city.x)}" cy="{num(city.y)}"'
    return (
        f'<circle class="map-city-ring" {centre} r="{num(radius * LEAD_RING)}"/>'
        f'<circle class="map-city map-city--lead" {centre} r="{num(radius * LEAD_DOT)}"/>'
    )
