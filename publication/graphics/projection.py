"""The map's data (pre-projected country shapes) and the projection that places cities on it."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "europe.json"


@lru_cache(maxsize=1)
def load_map_data() -> dict:
    """The pre-projected country shapes (see tools/extract_europe_map.py), read once."""
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def project_lonlat(lon: float, lat: float, projection: Mapping[str, Any]) -> tuple[float, float]:
    """Spherical Lambert azimuthal equal-area, then scaled into the map frame (y down).

    The extraction tool projects the country shapes with this very function, so cities placed
    with it at run time sit exactly where they belong on the land.
    """
    lam = math.radians(lon - projection["lon0"])
    phi, phi0 = math.radians(lat), math.radians(projection["lat0"])
    k = math.sqrt(2 / (1 + math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(lam)))
    x = k * math.cos(phi) * math.sin(lam)
    y = k * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam))
    scale = projection["scale"]
    return (x - projection["x_min"]) * scale, (projection["y_max"] - y) * scale


def project_city(lat: float, lon: float) -> tuple[float, float]:
    """A latitude/longitude as a point in the map's viewBox."""
    return project_lonlat(lon, lat, load_map_data()["projection"])
