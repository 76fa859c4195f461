"""Vector graphics as inline SVG strings for the layouts: the map of the partner cities, the EU emblem, QR codes."""

# How colours reach the SVG (checked with WeasyPrint 70, see tests/test_graphics.py):
# - WeasyPrint renders an inline <svg> as a separate SVG document: the HTML document's CSS does
#   NOT reach the shapes inside it (a `.map-land {fill: …}` rule in the page stylesheet is
#   ignored, and `currentColor` does not inherit the page's `color` either), and a shape left
#   without a fill is painted black in RGB (`0 0 0 rg`), which a print preflight rejects.
# - A <style> element *inside* the <svg>, and presentation attributes, do work, and
#   `device-cmyk(c m y k)` there is written to the PDF as DeviceCMYK (`/DeviceCMYK cs … scn`,
#   the same operators WeasyPrint uses for device-cmyk HTML text), never as `rg`/`RG`.
# So each drawing takes a `palette` ("screen", "print" or a complete dict of colour strings, see
# palette_for) and writes it into an embedded <style> keyed on the CSS classes it uses. Every
# painted element gets its colour from that style, so a device-cmyk palette yields a CMYK-only
# drawing. Alpha works too (`device-cmyk(0 0 0 0 / 0.2)`), e.g. for a quiet map on a cover.

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).resolve().parent / "data" / "europe.json"

# Colours per variant. "print" is all device-cmyk: text 100 % K, total ink ≤ 300 %; the EU
# blue and yellow are the emblem's official CMYK 100/80/0/0 and 0/0/100/0 (sRGB #003399, #FFCC00).
PALETTES: dict[str, dict[str, str]] = {
    "screen": {
        "sea": "#e9f0f7",
        "land": "#d9dde2",
        "land_partner": "#aec3e3",
        "border": "#ffffff",
        "city": "#003399",
        "city_lead": "#d4004f",
        "city_outline": "#ffffff",
        "label": "#1a1a1a",
        "label_halo": "#ffffff",
        "flag": "#003399",
        "star": "#ffcc00",
        "qr_dark": "#000000",
        "qr_light": "#ffffff",
    },
    "print": {
        "sea": "device-cmyk(0.08 0.02 0 0)",
        "land": "device-cmyk(0 0 0 0.15)",
        "land_partner": "device-cmyk(0.32 0.16 0 0)",
        "border": "device-cmyk(0 0 0 0)",
        "city": "device-cmyk(1 0.8 0 0)",
        "city_lead": "device-cmyk(0 1 0.6 0)",
        "city_outline": "device-cmyk(0 0 0 0)",
        "label": "device-cmyk(0 0 0 1)",
        "label_halo": "device-cmyk(0 0 0 0)",
        "flag": "device-cmyk(1 0.8 0 0)",
        "star": "device-cmyk(0 0 1 0)",
        "qr_dark": "device-cmyk(0 0 0 1)",
        "qr_light": "device-cmyk(0 0 0 0)",
    },
}

# Colour strings go into a <style>: refuse anything that could close the rule or the element.
_SAFE_COLOUR = re.compile(r"^[#a-zA-Z0-9 .,%()/+-]+$")
_SAFE_FONT_FAMILY = re.compile(r"^[\w ,'\"-]+$")

SVG_NS = "http://www.w3.org/2000/svg"

Palette = str | Mapping[str, str]


def palette_for(variant: str, **overrides: str) -> dict[str, str]:
    """A complete palette: the variant's colours ("screen" or "print") with some replaced,
    e.g. palette_for("print", sea="none", land="device-cmyk(0.9 0.6 0 0.2)") for a cover."""
    if variant not in PALETTES:
        raise ValueError(f"unknown palette {variant!r}: use one of {sorted(PALETTES)}")
    return _checked({**PALETTES[variant], **overrides})


def resolve_palette(palette: Palette) -> dict[str, str]:
    """The colour table to draw with, from a variant name or a complete dict.

    A dict must give every key: filling gaps from a default would slip sRGB colours into a
    print file unnoticed (use palette_for() to change only some colours).
    """
    if isinstance(palette, str):
        return palette_for(palette)
    missing = set(PALETTES["screen"]) - set(palette)
    if missing:
        raise ValueError(f"palette is missing {sorted(missing)}: build it with "
                         f"graphics.palette_for('print' or 'screen', **the_colours_to_change)")
    return _checked(dict(palette))


def _checked(colours: dict[str, str]) -> dict[str, str]:
    unknown = set(colours) - set(PALETTES["screen"])
    if unknown:
        raise ValueError(f"unknown palette keys {sorted(unknown)}: valid keys are {sorted(PALETTES['screen'])}")
    for key, value in colours.items():
        if not _SAFE_COLOUR.match(value):
            raise ValueError(f"palette[{key!r}] = {value!r} is not a plain CSS colour")
    return colours


def _accessible_name(title: str | None) -> tuple[str, str]:
    """The <svg>'s attributes and first child for its accessible name, or hidden when untitled.

    Both are needed: browsers read role/aria-label, while WeasyPrint 70 takes a tagged PDF's
    /Alt for an inline <svg> (a /Figure) only from its <title> child and ignores ARIA.
    """
    if not title:
        return ' aria-hidden="true"', ""
    return f' role="img" aria-label="{escape(title)}"', f"<title>{escape(title, quote=False)}</title>"


def _num(value: float) -> str:
    """Short decimal for SVG attributes: 2 places, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


# ---------------------------------------------------------------------------
# Map data and projection


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


def _ring_path(ring: list[float]) -> str:
    points = [f"{_num(ring[i])} {_num(ring[i + 1])}" for i in range(0, len(ring), 2)]
    return "M" + points[0] + "L" + " ".join(points[1:]) + "Z"


# ---------------------------------------------------------------------------
# Cities and labels


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in viewBox units."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: "Box") -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1

    def inside(self, other: "Box") -> bool:
        return self.x0 >= other.x0 and self.y0 >= other.y0 and self.x1 <= other.x1 and self.y1 <= other.y1


@dataclass(frozen=True)
class City:
    name: str
    x: float
    y: float
    lead: bool
    position: str | None  # forced label position, if the caller gave one


# Glyph boxes are estimated, not measured (the SVG is laid out by WeasyPrint later): 0.6 em per
# character is wider than Inter/Noto's average, so estimated boxes contain the real ones.
CHAR_WIDTH_EM = 0.6
ASCENT_EM = 0.8  # above the baseline: capitals and accents
DESCENT_EM = 0.25  # below: descenders

# Candidate label positions around a dot, in order of preference (cartographers put labels
# to the right first). Offsets are in units of `gap` (dot radius + breathing space).
LABEL_POSITIONS = ("e", "w", "ne", "se", "nw", "sw", "n", "s")

# The lead partner's mark, relative to a member's dot radius: a bigger dot inside a ring.
LEAD_DOT = 1.45
LEAD_RING = 2.3


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


def _to_cities(cities: Iterable[Any]) -> list[City]:
    result = []
    for city in cities:
        lat, lon = _coordinates(city)
        x, y = project_city(lat, lon)
        role = _field(city, "role", "member")
        if role not in ("lead", "member"):
            raise ValueError(f"city {_field(city, 'name')!r}: role must be 'lead' or 'member', not {role!r}")
        position = _field(city, "label_position")
        if position is not None and position not in LABEL_POSITIONS:
            raise ValueError(f"city {_field(city, 'name')!r}: label_position must be one of {LABEL_POSITIONS}")
        projection = load_map_data()["projection"]
        if not (0 <= x <= projection["width"] and 0 <= y <= projection["height"]):
            raise ValueError(f"city {_field(city, 'name')!r} ({lat}, {lon}) lies outside the map of Europe")
        result.append(City(str(_field(city, "name")), x, y, role == "lead", position))
    return result


def label_box(text: str, x: float, baseline: float, anchor: str, font_size: float) -> Box:
    """The estimated ink box of a one-line label."""
    width = len(text) * CHAR_WIDTH_EM * font_size
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return Box(left, baseline - ASCENT_EM * font_size, left + width, baseline + DESCENT_EM * font_size)


def _label_anchor(position: str, cx: float, cy: float, gap: float, font_size: float) -> tuple[float, float, str]:
    """Text x, baseline y and text-anchor for a label at `position` around the dot at (cx, cy)."""
    diagonal = gap * 0.7
    centred = cy + 0.3 * font_size  # baseline that centres capitals on the dot
    above = cy - diagonal - DESCENT_EM * font_size * 0.5
    below = cy + diagonal + ASCENT_EM * font_size * 0.8
    return {
        "e": (cx + gap, centred, "start"),
        "w": (cx - gap, centred, "end"),
        "ne": (cx + diagonal, above, "start"),
        "nw": (cx - diagonal, above, "end"),
        "se": (cx + diagonal, below, "start"),
        "sw": (cx - diagonal, below, "end"),
        "n": (cx, cy - gap - DESCENT_EM * font_size, "middle"),
        "s": (cx, cy + gap + ASCENT_EM * font_size, "middle"),
    }[position]


@dataclass(frozen=True)
class Label:
    text: str
    x: float
    y: float
    anchor: str
    box: Box


def place_labels(
    cities: list[City], *, font_size: float, dot_radius: float, frame: Box, obstacles: Iterable[Box] = ()
) -> list[Label]:
    """One label per city, none overlapping another label, a city mark or an obstacle, all inside `frame`.

    Each city gets the positions around its mark that are clear of the frame edge, the other
    marks and the obstacles; a small branch-and-bound search then picks one per city so that no
    two labels touch, minimising the sum of position ranks (labels sit to the right unless
    something is in the way). Partners close together (Patras/Thessaloniki, Vantaa/Riga,
    Oldenburg/Dresden) are what makes the search necessary.
    """
    marks = [_mark_box(c, dot_radius) for c in cities]
    options = []
    for index, city in enumerate(cities):
        blocked = [m for i, m in enumerate(marks) if i != index] + list(obstacles)
        options.append(_label_options(city, font_size=font_size, dot_radius=dot_radius, frame=frame, blocked=blocked))
    chosen = _best_layout(options)
    return [chosen[i] for i in range(len(cities))]


def _mark_box(city: City, dot_radius: float) -> Box:
    r = _mark_radius(city, dot_radius)
    return Box(city.x - r, city.y - r, city.x + r, city.y + r)


def _label_options(
    city: City, *, font_size: float, dot_radius: float, frame: Box, blocked: list[Box]
) -> list[tuple[int, Label]]:
    """(rank, label) for every clear position around the city, best first; boxes include padding."""
    positions = (city.position,) if city.position else LABEL_POSITIONS
    gap = _mark_radius(city, dot_radius) + 0.2 * font_size
    padding = 0.12 * font_size
    choices = []
    for rank, position in enumerate(positions):
        x, y, anchor = _label_anchor(position, city.x, city.y, gap, font_size)
        box = label_box(city.name, x, y, anchor, font_size)
        padded = Box(box.x0 - padding, box.y0 - padding, box.x1 + padding, box.y1 + padding)
        if box.inside(frame) and not any(padded.overlaps(b) for b in blocked):
            choices.append((rank, Label(city.name, x, y, anchor, padded)))
    if not choices:  # nowhere clean: keep the preferred spot rather than drop the name
        x, y, anchor = _label_anchor(positions[0], city.x, city.y, gap, font_size)
        choices = [(0, Label(city.name, x, y, anchor, label_box(city.name, x, y, anchor, font_size)))]
    return choices


def _best_layout(options: list[list[tuple[int, Label]]], max_steps: int = 50_000) -> dict[int, Label]:
    """The overlap-free choice of one option per city with the lowest total rank."""
    # Most constrained cities first: the search then fails early and prunes well.
    order = sorted(range(len(options)), key=lambda i: len(options[i]))
    best: dict[str, Any] = {"cost": math.inf, "labels": None}
    chosen: dict[int, Label] = {}
    steps = 0

    def search(depth: int, cost: int) -> None:
        nonlocal steps
        steps += 1
        if cost >= best["cost"] or steps > max_steps:
            return
        if depth == len(order):
            best["cost"], best["labels"] = cost, dict(chosen)
            return
        index = order[depth]
        for rank, label in options[index]:
            if not any(label.box.overlaps(other.box) for other in chosen.values()):
                chosen[index] = label
                search(depth + 1, cost + rank)
                del chosen[index]

    search(0, 0)
    if best["labels"] is None:  # no overlap-free layout exists: each city's first choice
        return {i: choices[0][1] for i, choices in enumerate(options)}
    return best["labels"]


# ---------------------------------------------------------------------------
# The map


def _map_style(colours: Mapping[str, str], font_family: str) -> str:
    return (
        f".map-sea{{fill:{colours['sea']}}}"
        f".map-land{{fill:{colours['land']};stroke:{colours['border']};stroke-width:0.9;stroke-linejoin:round}}"
        f".map-land--partner{{fill:{colours['land_partner']}}}"
        f".map-city{{fill:{colours['city']};stroke:{colours['city_outline']};stroke-width:2}}"
        f".map-city--lead{{fill:{colours['city_lead']}}}"
        f".map-city-ring{{fill:none;stroke:{colours['city_lead']};stroke-width:2.5}}"
        f".map-label{{fill:{colours['label']};font-family:{font_family}}}"
        f".map-legend-panel{{fill:{colours['label_halo']};stroke:{colours['land']};stroke-width:1.5}}"
        f".map-label--halo{{fill:none;stroke:{colours['label_halo']};stroke-width:5;stroke-linejoin:round}}"
    )


def _country_codes(codes: Iterable[str]) -> set[str]:
    """Upper-cased ISO alpha-2 codes, each checked against the shapes we have."""
    wanted = {code.upper() for code in codes}
    if unknown := wanted - {c.get("iso_a2") for c in load_map_data()["countries"]}:
        raise ValueError(f"highlight_countries: no shape for {sorted(unknown)} in {DATA_FILE.name}")
    return wanted


def _country_paths(highlight: set[str]) -> list[str]:
    paths = []
    for country in load_map_data()["countries"]:
        codes = {country.get("iso_a2"), country.get("sovereign")}
        css = "map-land map-land--partner" if codes & highlight else "map-land"
        d = "".join(_ring_path(ring) for ring in country["rings"])
        paths.append(f'<path class="{css}" data-country="{country.get("iso_a2") or ""}" d="{d}"/>')
    return paths


def _mark_radius(city: City, dot_radius: float) -> float:
    """How far the city's mark reaches from its centre, outline included."""
    return dot_radius * (LEAD_RING if city.lead else 1) + 1


def _city_marker(city: City, radius: float) -> str:
    """Members: a dot. The lead partner: a bigger dot in another colour inside a ring, which
    still tells it apart when the page is printed in black and white."""
    if not city.lead:
        return f'<circle class="map-city" cx="{_num(city.x)}" cy="{_num(city.y)}" r="{_num(radius)}"/>'
    centre = f'cx="{_num(city.x)}" cy="{_num(city.y)}"'
    return (
        f'<circle class="map-city-ring" {centre} r="{_num(radius * LEAD_RING)}"/>'
        f'<circle class="map-city map-city--lead" {centre} r="{_num(radius * LEAD_DOT)}"/>'
    )


def _label_texts(labels: list[Label], font_size: float) -> list[str]:
    """Each label twice: a halo stroke first so it reads over borders and coastlines, then the text."""
    texts = []
    for css in ("map-label map-label--halo", "map-label"):
        for label in labels:
            texts.append(
                f'<text class="{css}" x="{_num(label.x)}" y="{_num(label.y)}" text-anchor="{label.anchor}" '
                f'font-size="{_num(font_size)}">{escape(label.text, quote=False)}</text>'
            )
    return texts


def _legend(entries: Mapping[str, str], *, x: float, bottom: float, font_size: float, radius: float) -> tuple[str, Box]:
    """Key to the two marks, stacked upwards from `bottom` at the left edge."""
    line = font_size * 1.5
    items, width = [], 0.0
    rows = [role for role in ("lead", "member") if entries.get(role)]
    for row, role in enumerate(rows):
        cy = bottom - (len(rows) - row - 0.5) * line
        mark = _city_marker(City("", x + radius * LEAD_RING, cy, role == "lead", None), radius)
        text_x = x + radius * 5.8
        items.append(mark + f'<text class="map-label" x="{_num(text_x)}" y="{_num(cy + 0.3 * font_size)}" '
                            f'font-size="{_num(font_size)}">{escape(entries[role], quote=False)}</text>')
        width = max(width, radius * 5.8 + len(entries[role]) * CHAR_WIDTH_EM * font_size)
    pad = font_size * 0.4
    box = Box(x - pad, bottom - len(rows) * line - pad, x + width + pad, bottom + pad)
    # A framed panel: the key reads as a deliberate box even where it covers the African coast.
    panel = (f'<rect class="map-legend-panel" x="{_num(box.x0)}" y="{_num(box.y0)}" '
             f'width="{_num(box.x1 - box.x0)}" height="{_num(box.y1 - box.y0)}" rx="{_num(pad / 2)}"/>')
    return '<g class="map-legend">' + panel + "".join(items) + "</g>", box


def draw_europe_map(
    cities: Iterable[Any],
    *,
    labels: bool = True,
    highlight_countries: Iterable[str] = (),
    palette: Palette = "screen",
    font_family: str = "Inter, sans-serif",
    font_size: float = 24,
    dot_radius: float = 7,
    legend: Mapping[str, str] | None = None,
    title: str | None = None,
) -> str:
    """An <svg> map of Europe locating the partner cities.

    cities: dicts or objects with `name` (the label, already localised: keep it short, e.g.
        "Val-de-Marne"), `lat` and `lon` (or a `location` holding them) and `role` ("lead" or
        "member"); optional `label_position` (one of LABEL_POSITIONS) forces a label's side.
    highlight_countries: ISO 3166 alpha-2 codes (e.g. "PT", "FR") whose land is tinted
        (`map-land--partner`); dependent territories follow their state (Åland with FI).
    palette: "screen" (sRGB), "print" (device-cmyk only) or a complete dict of colours (keys as
        in PALETTES; palette_for() builds one). Written into a <style> inside the SVG, because
        WeasyPrint does not apply the page's CSS to inline SVG.
    font_size, dot_radius: in viewBox units; the viewBox is 1000 wide, so on paper the size is
        font_size × (rendered width / 1000): 24 gives 8 pt at 120 mm (A5), 26 pt at 380 mm (A2).
    legend: optional {"lead": "Lead partner", "member": "Partner"} texts (localised), drawn
        bottom left in the Atlantic.
    title: accessible name of the map (aria-label, and <title>: the tagged PDF's alternative text).

    The <svg> has a viewBox and no width/height: size it from the page CSS
    (e.g. `svg.europe-map {width: 100%; height: auto}`).
    """
    projection = load_map_data()["projection"]
    width, height = projection["width"], projection["height"]
    colours = resolve_palette(palette)
    if not _SAFE_FONT_FAMILY.match(font_family):
        raise ValueError(f"font_family {font_family!r} is not a plain CSS font-family list")
    highlight = _country_codes(highlight_countries)
    city_list = _to_cities(cities)

    margin = font_size * 0.5
    parts = [_country_paths(highlight)]
    obstacles = []
    if legend:
        legend_svg, legend_box = _legend(legend, x=margin * 1.5, bottom=height - margin * 1.5, font_size=font_size,
                                         radius=dot_radius)
        obstacles.append(legend_box)
    parts.append([_city_marker(city, dot_radius) for city in sorted(city_list, key=lambda c: c.lead)])
    if labels:
        inner = Box(margin, margin, width - margin, height - margin)
        placed = place_labels(city_list, font_size=font_size, dot_radius=dot_radius, frame=inner, obstacles=obstacles)
        parts.append(_label_texts(placed, font_size))
    if legend:
        parts.append([legend_svg])

    aria, title_element = _accessible_name(title)
    return (
        f'<svg xmlns="{SVG_NS}" class="europe-map" viewBox="0 0 {_num(width)} {_num(height)}"{aria}>{title_element}'
        f"<style>{_map_style(colours, font_family)}</style>"
        f'<rect class="map-sea" x="0" y="0" width="{_num(width)}" height="{_num(height)}"/>'
        + "".join(item for part in parts for item in part)
        + "</svg>"
    )


# ---------------------------------------------------------------------------
# The EU emblem


def star_points(cx: float, cy: float, outer: float) -> list[tuple[float, float]]:
    """The 10 vertices of an upright five-pointed star: the points lie on a circle of radius
    `outer`, the notches on the circle where the pentagram's edges cross (outer·cos72°/cos36°)."""
    inner = outer * math.cos(math.radians(72)) / math.cos(math.radians(36))
    points = []
    for i in range(10):
        angle = math.radians(-90 + 36 * i)  # first point straight up (y grows downwards)
        radius = outer if i % 2 == 0 else inner
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def emblem_star_centres(cx: float, cy: float, radius: float) -> list[tuple[float, float]]:
    """Twelve positions like the hours on a clock face, starting at twelve o'clock."""
    return [
        (cx + radius * math.sin(math.radians(30 * hour)), cy - radius * math.cos(math.radians(30 * hour)))
        for hour in range(12)
    ]


def _split_length(length: str) -> tuple[float, str]:
    match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*([a-z%]*)\s*", length)
    if not match:
        raise ValueError(f"emblem height {length!r} is not a CSS length like '12mm'")
    return float(match[1]), match[2]


def draw_eu_emblem(
    height: str | None = "10mm", *, palette: Palette = "screen", title: str | None = None
) -> str:
    """The EU flag as an <svg>, built from its geometric definition.

    Flag 3:2; twelve upright five-pointed stars centred on a circle of radius h/3 around the
    flag's centre, each star's points on a circle of radius h/18. The user space is 270 × 180
    (h = 180), so those radii are 60 and 10. `height` is a CSS length for the width/height
    attributes (the width follows at 3:2); None leaves the size to the page CSS.
    Colours: palette keys `flag` and `star` (classes `eu-flag`, `eu-star`); "print" gives the
    official CMYK 100/80/0/0 and 0/0/100/0 as device-cmyk.
    """
    colours = resolve_palette(palette)
    h = 180.0
    w = h * 3 / 2
    cx, cy = w / 2, h / 2
    size = ""
    if height is not None:
        value, unit = _split_length(height)
        size = f' width="{_num(value * 1.5)}{unit}" height="{_num(value)}{unit}"'
    stars = []
    for sx, sy in emblem_star_centres(cx, cy, h / 3):
        points = " ".join(f"{x:.3f},{y:.3f}" for x, y in star_points(sx, sy, h / 18))
        stars.append(f'<polygon class="eu-star" points="{points}"/>')
    aria, title_element = _accessible_name(title)
    return (
        f'<svg xmlns="{SVG_NS}" class="eu-emblem-svg" viewBox="0 0 {_num(w)} {_num(h)}"{size}{aria}>{title_element}'
        f"<style>.eu-flag{{fill:{colours['flag']}}}.eu-star{{fill:{colours['star']}}}</style>"
        f'<rect class="eu-flag" x="0" y="0" width="{_num(w)}" height="{_num(h)}"/>'
        + "".join(stars)
        + "</svg>"
    )


# ---------------------------------------------------------------------------
# QR code


def qr_module_runs(data: str, *, error: str = "m", border: int = 4) -> tuple[int, list[tuple[int, int, int]]]:
    """The QR symbol for `data` (segno) as its size in modules, quiet zone included, and the
    horizontal runs of dark modules as (row, first column, length)."""
    import segno  # only the layouts that print a QR code need it

    rows = list(segno.make(data, error=error, micro=False).matrix_iter(scale=1, border=border))
    runs = []
    for y, row in enumerate(rows):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append((y, start, x - start))
            else:
                x += 1
    return len(rows), runs


def draw_qr_code(data: str, *, palette: Palette = "screen", error: str = "m", title: str | None = None) -> str:
    """A QR code as an <svg> (1 user unit per module, the 4-module quiet zone included).

    Drawn here rather than with segno's own SVG writer because segno only writes sRGB colours;
    palette keys `qr_dark` and `qr_light` (classes `qr-dark`, `qr-light`), so "print" gives a
    100 % K code on unprinted paper. No width/height: size it from the page CSS.
    """
    colours = resolve_palette(palette)
    size, runs = qr_module_runs(data, error=error)
    # One path, one rectangle per run of dark modules: far fewer shapes than one per module.
    d = "".join(f"M{x} {y}h{length}v1h-{length}z" for y, x, length in runs)
    aria, title_element = _accessible_name(title)
    return (
        f'<svg xmlns="{SVG_NS}" class="qr-code" viewBox="0 0 {size} {size}"{aria}>{title_element}'
        f"<style>.qr-light{{fill:{colours['qr_light']}}}.qr-dark{{fill:{colours['qr_dark']}}}</style>"
        f'<rect class="qr-light" x="0" y="0" width="{size}" height="{size}"/>'
        f'<path class="qr-dark" d="{d}"/>'
        "</svg>"
    )
