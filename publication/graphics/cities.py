"""The partner cities on the map: read from the caller's records, projected, and marked."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

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


def to_cities(cities: Iterable[Any]) -> list[City]:
    """The caller's dicts or objects as checked cities in map coordinates."""
    result = []
    for city in cities:
        lat, lon = _coordinates(city)
        x, y = project_city(lat, lon)
        role = _field(city, "role", "member")
        if role not in ("lead", "member"):
            raise ValueError(f"city {_field(city, 'name')!r}: role must be 'lead' or 'member', not {role!r}")
        projection = load_map_data()["projection"]
        if not (0 <= x <= projection["width"] and 0 <= y <= projection["height"]):
            raise ValueError(f"city {_field(city, 'name')!r} ({lat}, {lon}) lies outside the map of Europe")
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
