"""Extract Europe's country shapes from Natural Earth (world-atlas TopoJSON) into publication/data/europe.json.

A one-off: the result is committed, so builds never need npm. To re-create the file exactly
(byte for byte), from the repository root:

    (mkdir -p /tmp/wa && cd /tmp/wa && npm install world-atlas@2.0.2)
    python3 tools/extract_europe_map.py \
        /tmp/wa/node_modules/world-atlas/countries-50m.json publication/data/europe.json

What it does, in order:
1. decode the TopoJSON arcs (quantised integers, delta-encoded) into longitude/latitude;
2. project them with the spherical Lambert azimuthal equal-area projection centred on
   10°E 52°N (the projection of the EU's ETRS89-LAEA grid, so Europe looks as Eurostat draws it),
   using `publication.graphics.project_lonlat` so that cities are projected at run time by the
   very same formula;
3. scale the extent (the Azores to the Caspian, the Canaries to beyond the North Cape) so that
   the frame of the whole of Europe is 1000 units across (y down, as in SVG), about 4 km a unit;
4. simplify each *arc* (Douglas-Peucker), so borders shared by two countries stay shared and no
   slivers open between neighbours;
5. assemble each country's rings, drop islands too small to see (a state too small for any keeps
   its largest), clip them to the extent;
6. write rings as flat [x0, y0, x1, y1, ...] lists rounded to 0.1.

The 1:50m file is used: 1:110m loses the Greek islands, the Dalmatian coast and most of the
Baltic shore, which shows on an A2 poster; 1:10m would be ten times larger for detail that a
map 120-400 mm wide cannot show.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from publication.graphics import project_lonlat  # noqa: E402  (one projection formula for data and cities)

WORLD_ATLAS_VERSION = "2.0.2"
NATURAL_EARTH_VERSION = "4.1.0"

PROJECTION = {"name": "lambert-azimuthal-equal-area", "sphere": True, "lon0": 10.0, "lat0": 52.0}

# The data's extent, in projected units of the unit sphere (x east, y north): from the Azores to
# the Caspian, the Sahel to the Arctic Ocean, so that every place a European partner may be (the
# outermost regions of the Atlantic, Cyprus, the Caucasus) lies inside with room around it, and a
# tall frame (a cover whose partners sit below its title) finds land and sea to its edges. Each map
# shows a frame of it fitted to its partners (graphics/frame.py), never a straight cut of the data.
EXTENT = {"x_min": -0.62, "x_max": 0.62, "y_min": -0.56, "y_max": 0.62}
# The frame of the whole of Europe (Iceland, Portugal, Crete, the North Cape, the Bosporus): what a
# map with no partner shows, and the largest frame a fitted one grows to.
EUROPE = {"x_min": -0.335, "x_max": 0.295, "y_min": -0.300, "y_max": 0.352}
# Map units per unit-sphere unit: 1000 units across Europe's frame (as before the extent grew),
# about 4 km a unit.
SCALE = 1000.0 / (EUROPE["x_max"] - EUROPE["x_min"])

# Loose lon/lat window used only to skip countries far outside the extent before projecting.
COARSE_WINDOW = (-50.0, 12.0, 80.0, 90.0)  # lon_min, lat_min, lon_max, lat_max

SIMPLIFY_TOLERANCE = 0.3  # output units: 0.04 mm at A5 width (120 mm), 0.11 mm on an A2 poster (380 mm)
MIN_RING_AREA = 6.0  # output units²; smaller islets are invisible at any size we print
CLIP_MARGIN = 4.0  # clip a little outside the frame so clip edges never show inside it

# ISO 3166-1 numeric (as in world-atlas) -> alpha-2, for every country that may reach the frame.
# Natural Earth gives Kosovo no numeric code; "XK" is the code the EU itself uses.
ISO_ALPHA2 = {
    "004": "AF",
    "008": "AL",
    "012": "DZ",
    "020": "AD",
    "031": "AZ",
    "040": "AT",
    "048": "BH",
    "050": "BD",
    "051": "AM",
    "052": "BB",
    "056": "BE",
    "064": "BT",
    "070": "BA",
    "100": "BG",
    "112": "BY",
    "120": "CM",
    "124": "CA",
    "132": "CV",
    "140": "CF",
    "148": "TD",
    "156": "CN",
    "191": "HR",
    "196": "CY",
    "203": "CZ",
    "204": "BJ",
    "208": "DK",
    "231": "ET",
    "232": "ER",
    "233": "EE",
    "234": "FO",
    "246": "FI",
    "248": "AX",
    "250": "FR",
    "262": "DJ",
    "268": "GE",
    "270": "GM",
    "275": "PS",
    "276": "DE",
    "288": "GH",
    "292": "GI",
    "300": "GR",
    "304": "GL",
    "324": "GN",
    "336": "VA",
    "348": "HU",
    "352": "IS",
    "356": "IN",
    "364": "IR",
    "368": "IQ",
    "372": "IE",
    "376": "IL",
    "380": "IT",
    "384": "CI",
    "398": "KZ",
    "400": "JO",
    "414": "KW",
    "417": "KG",
    "422": "LB",
    "428": "LV",
    "434": "LY",
    "438": "LI",
    "440": "LT",
    "442": "LU",
    "466": "ML",
    "470": "MT",
    "478": "MR",
    "492": "MC",
    "496": "MN",
    "498": "MD",
    "499": "ME",
    "504": "MA",
    "512": "OM",
    "524": "NP",
    "528": "NL",
    "562": "NE",
    "566": "NG",
    "578": "NO",
    "586": "PK",
    "616": "PL",
    "620": "PT",
    "624": "GW",
    "634": "QA",
    "642": "RO",
    "643": "RU",
    "666": "PM",
    "674": "SM",
    "682": "SA",
    "686": "SN",
    "688": "RS",
    "703": "SK",
    "705": "SI",
    "706": "SO",
    "724": "ES",
    "728": "SS",
    "729": "SD",
    "732": "EH",
    "752": "SE",
    "756": "CH",
    "760": "SY",
    "762": "TJ",
    "768": "TG",
    "784": "AE",
    "788": "TN",
    "792": "TR",
    "795": "TM",
    "804": "UA",
    "807": "MK",
    "818": "EG",
    "826": "GB",
    "831": "GG",
    "832": "JE",
    "833": "IM",
    "854": "BF",
    "860": "UZ",
    "887": "YE",
}
ISO_ALPHA2_BY_NAME = {"Kosovo": "XK"}
# Territories drawn as their own shape but highlighted with the state they belong to.
SOVEREIGN = {"AX": "FI", "FO": "DK", "GL": "DK", "GG": "GB", "JE": "GB", "IM": "GB"}
# Natural Earth draws the north of Cyprus apart (de facto), without a code: the Union counts the
# whole island as the Republic of Cyprus, whose partners' shading covers it.
SOVEREIGN_BY_NAME = {"N. Cyprus": "CY"}


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Arcs as lists of (lon, lat): positions are quantised integers, each one a delta from the last."""
    (scale_x, scale_y), (shift_x, shift_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def polygons_of(geometry: dict) -> list[list[list[int]]]:
    """A geometry's polygons, each a list of rings, each a list of arc indices."""
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def used_arcs(geometry: dict) -> set[int]:
    return {index if index >= 0 else ~index for polygon in polygons_of(geometry) for ring in polygon for index in ring}


def in_coarse_window(points: list[tuple[float, float]]) -> bool:
    lon_min, lat_min, lon_max, lat_max = COARSE_WINDOW
    return any(lon_min <= lon <= lon_max and lat_min <= lat <= lat_max for lon, lat in points)


def frame_transform() -> dict:
    """Scale and offsets that take unit-sphere LAEA (y north) to the extent's 0..width frame (y down),
    and Europe's frame in those units."""
    scale = round(SCALE, 6)
    europe = [
        round((EUROPE["x_min"] - EXTENT["x_min"]) * scale, 1),
        round((EXTENT["y_max"] - EUROPE["y_max"]) * scale, 1),
        round((EUROPE["x_max"] - EXTENT["x_min"]) * scale, 1),
        round((EXTENT["y_max"] - EUROPE["y_min"]) * scale, 1),
    ]
    return {
        **PROJECTION,
        "scale": scale,
        "x_min": EXTENT["x_min"],
        "y_max": EXTENT["y_max"],
        "width": round((EXTENT["x_max"] - EXTENT["x_min"]) * scale, 1),
        "height": round((EXTENT["y_max"] - EXTENT["y_min"]) * scale, 1),
        "europe": europe,
    }


def perpendicular_distance(point, start, end) -> float:
    (px, py), (ax, ay), (bx, by) = point, start, end
    dx, dy = bx - ax, by - ay
    length = math.hypot(dx, dy)
    if length == 0:
        return math.hypot(px - ax, py - ay)
    return abs(dy * px - dx * py + bx * ay - by * ax) / length


def douglas_peucker(points: list, tolerance: float) -> list:
    """Keep the points that matter for the outline; iterative, as coastlines are long."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        worst, worst_distance = first, -1.0
        for i in range(first + 1, last):
            distance = perpendicular_distance(points[i], points[first], points[last])
            if distance > worst_distance:
                worst, worst_distance = i, distance
        if worst_distance > tolerance:
            keep[worst] = True
            stack += [(first, worst), (worst, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def simplify_arc(points: list, tolerance: float) -> list:
    """Simplify an arc keeping its ends; a closed arc (an island) is split at its farthest point first."""
    if len(points) > 3 and points[0] == points[-1]:
        far = max(range(len(points)), key=lambda i: math.dist(points[0], points[i]))
        return douglas_peucker(points[: far + 1], tolerance)[:-1] + douglas_peucker(points[far:], tolerance)
    return douglas_peucker(points, tolerance)


def ring_points(ring: list[int], arcs: list[list]) -> list:
    """Join a ring's arcs (a negative index ~i means arc i reversed), dropping the shared joints."""
    points: list = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def ring_area(points: list) -> float:
    return 0.5 * abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True)))


def clip_ring(points: list, x_min: float, y_min: float, x_max: float, y_max: float) -> list:
    """Sutherland-Hodgman clipping against the frame: enough for filled land, whose clipped
    edges then run along the (invisible, outside-the-viewBox) clip rectangle."""
    edges = [
        (lambda p: p[0] >= x_min, lambda a, b: _cross_x(a, b, x_min)),
        (lambda p: p[0] <= x_max, lambda a, b: _cross_x(a, b, x_max)),
        (lambda p: p[1] >= y_min, lambda a, b: _cross_y(a, b, y_min)),
        (lambda p: p[1] <= y_max, lambda a, b: _cross_y(a, b, y_max)),
    ]
    for inside, cross in edges:
        if not points:
            break
        clipped = []
        previous = points[-1]
        for current in points:
            if inside(current):
                if not inside(previous):
                    clipped.append(cross(previous, current))
                clipped.append(current)
            elif inside(previous):
                clipped.append(cross(previous, current))
            previous = current
        points = clipped
    return points


def _cross_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cross_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def rounded(points: list, digits: int = 1) -> list:
    """Round to 0.1 (the smallest states: 0.01) and drop points that became duplicates; integers
    written without '.0'."""
    flat: list = []
    last = None
    for x, y in points:
        pair = (round(x, digits), round(y, digits))
        if pair != last:
            flat.extend(int(v) if v == int(v) else v for v in pair)
            last = pair
    return flat


def country_rings(geometry: dict, arc_lists: tuple[list, list], box: tuple) -> list[list]:
    """A country's rings inside the box, islets too small to see dropped; a state too small for any
    (Monaco, San Marino, the Vatican) keeps its largest ring, unsimplified, so that a partner there
    still has its country's shape to shade."""
    simplified, raw = arc_lists
    rings = []
    for polygon in polygons_of(geometry):
        for ring in polygon:
            points = ring_points(ring, simplified)
            if ring_area(points) < MIN_RING_AREA:
                continue
            clipped = clip_ring(points, *box)
            if len(clipped) >= 3 and ring_area(clipped) >= MIN_RING_AREA:
                rings.append(rounded(clipped))
    if rings:
        return rings
    whole = [clip_ring(ring_points(ring, raw), *box) for polygon in polygons_of(geometry) for ring in polygon]
    largest = max(whole, key=ring_area, default=[])
    if len(largest) < 3 or ring_area(largest) == 0:
        return []
    kept = rounded(largest)
    return [kept if len(kept) >= 6 else rounded(largest, 2)]


def extract(topology: dict, source_name: str) -> dict:
    transform = frame_transform()
    lonlat_arcs = decode_arcs(topology)
    geometries = [
        g
        for g in topology["objects"]["countries"]["geometries"]
        if any(in_coarse_window(lonlat_arcs[i]) for i in used_arcs(g))
    ]
    needed = set().union(*(used_arcs(g) for g in geometries))
    raw: dict[int, list] = {}
    arcs: dict[int, list] = {}
    for index in needed:
        raw[index] = [project_lonlat(lon, lat, transform) for lon, lat in lonlat_arcs[index]]
        arcs[index] = simplify_arc(raw[index], SIMPLIFY_TOLERANCE)
    arc_lists = ([arcs.get(i, []) for i in range(len(lonlat_arcs))], [raw.get(i, []) for i in range(len(lonlat_arcs))])

    box = (-CLIP_MARGIN, -CLIP_MARGIN, transform["width"] + CLIP_MARGIN, transform["height"] + CLIP_MARGIN)
    countries = []
    for geometry in geometries:
        rings = country_rings(geometry, arc_lists, box)
        if not rings:
            continue
        name = geometry["properties"]["name"]
        numeric = geometry.get("id")
        alpha2 = ISO_ALPHA2.get(numeric) or ISO_ALPHA2_BY_NAME.get(name)
        if alpha2 is None and name not in SOVEREIGN_BY_NAME:
            raise SystemExit(f"no ISO alpha-2 code for {name!r} ({numeric}): add it to ISO_ALPHA2")
        entry = {"name": name, "iso_a2": alpha2, "iso_n3": numeric}
        if sovereign := SOVEREIGN.get(alpha2) or SOVEREIGN_BY_NAME.get(name):
            entry["sovereign"] = sovereign
        entry["rings"] = rings
        countries.append(entry)
    countries.sort(key=lambda c: c["name"])

    return {
        "source": (
            f"Natural Earth {NATURAL_EARTH_VERSION} Admin 0 countries via world-atlas npm "
            f"package version {WORLD_ATLAS_VERSION} ({source_name}), public domain"
        ),
        "licence": "Natural Earth data: public domain (naturalearthdata.com terms of use); "
        "world-atlas packaging: ISC licence, Copyright 2013-2019 Michael Bostock",
        "generated_by": "tools/extract_europe_map.py (see its docstring for the exact command)",
        "coordinates": "rings are flat lists [x0, y0, x1, y1, ...] in the projected frame "
        "0..width x 0..height, y pointing down, rounded to 0.1",
        "projection": transform,
        "countries": countries,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path, help="world-atlas countries-50m.json")
    parser.add_argument("output", type=Path, help="where to write europe.json")
    args = parser.parse_args()
    package = args.topojson.parent / "package.json"
    if package.exists() and (version := json.loads(package.read_text())["version"]) != WORLD_ATLAS_VERSION:
        raise SystemExit(
            f"{package} is world-atlas {version}, expected {WORLD_ATLAS_VERSION}: "
            f"npm install world-atlas@{WORLD_ATLAS_VERSION}, or update WORLD_ATLAS_VERSION"
        )
    data = extract(json.loads(args.topojson.read_text()), args.topojson.name)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    # One country per line: diffs stay readable if the data is ever re-extracted.
    header = json.dumps({k: v for k, v in data.items() if k != "countries"}, ensure_ascii=False)
    lines = [header[:-1] + ', "countries": [']
    lines += [json.dumps(c, ensure_ascii=False, separators=(",", ":")) + "," for c in data["countries"]]
    lines[-1] = lines[-1][:-1]
    lines.append("]}")
    args.output.write_text("\n".join(lines) + "\n")
    print(f"{args.output}: {len(data['countries'])} countries, {args.output.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
