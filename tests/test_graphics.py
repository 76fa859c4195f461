"""Tests for publication.graphics: EU emblem geometry, the map's markers and labels, CMYK-only rendering."""

from __future__ import annotations

import io
import json
import math
import re
import xml.etree.ElementTree as ET
from itertools import combinations

import pytest

from publication import graphics
from publication.graphics import draw_eu_emblem, draw_europe_map, draw_qr_code, project_city
from publication.graphics.labels import Box
from publication.graphics.leaders import Segment

SVG = "{http://www.w3.org/2000/svg}"

# The network's partners (sources/partners.yaml), with labels in several languages, including
# long ones, so the label layout is exercised the way the brochure and poster use it.
PARTNERS = [
    ("amadora", "PT", "lead", 38.7538, -9.2308),
    ("val-de-marne", "FR", "member", 48.7904, 2.4556),
    ("dresden", "DE", "member", 51.0504, 13.7373),
    ("oldenburg", "DE", "member", 53.1435, 8.2146),
    ("messina", "IT", "member", 38.1938, 15.5540),
    ("patras", "GR", "member", 38.2466, 21.7346),
    ("thessaloniki", "GR", "member", 40.6401, 22.9444),
    ("riga", "LV", "member", 56.9496, 24.1052),
    ("vantaa", "FI", "member", 60.2934, 25.0378),
    ("roquetas", "ES", "member", 36.7642, -2.6147),
]
LABELS = {
    "fr": [
        "Amadora",
        "Val-de-Marne",
        "Dresde",
        "Oldenbourg",
        "Messine",
        "Patras",
        "Thessalonique",
        "Riga",
        "Vantaa",
        "Roquetas de Mar",
    ],
    "en": [
        "Amadora",
        "Val-de-Marne",
        "Dresden",
        "Oldenburg",
        "Messina",
        "Patras",
        "Thessaloniki",
        "Riga",
        "Vantaa",
        "Roquetas de Mar",
    ],
    "el": [
        "Αμαδόρα",
        "Βαλ ντε Μαρν",
        "Δρέσδη",
        "Όλντενμπουργκ",
        "Μεσσήνη",
        "Πάτρα",
        "Θεσσαλονίκη",
        "Ρίγα",
        "Βάνταα",
        "Ροκέτας ντε Μαρ",
    ],
    "long": [
        "Amadora (chef de file)",
        "Département du Val-de-Marne",
        "Dresde",
        "Oldenbourg",
        "Messine",
        "Patras",
        "Thessalonique",
        "Riga",
        "Vantaa",
        "Roquetas de Mar",
    ],
}


def cities(language: str = "en") -> list[dict]:
    return [
        {"name": label, "lat": lat, "lon": lon, "role": role}
        for label, (_id, _country, role, lat, lon) in zip(LABELS[language], PARTNERS, strict=True)
    ]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def viewbox(root: ET.Element) -> tuple[float, float, float, float]:
    return tuple(float(v) for v in root.get("viewBox").split())


def classes(element: ET.Element) -> set[str]:
    return set(element.get("class", "").split())


# ---------------------------------------------------------------------------
# EU emblem


def star_polygons(root: ET.Element) -> list[list[tuple[float, float]]]:
    stars = [e for e in root.iter(f"{SVG}polygon") if "eu-star" in classes(e)]
    return [[tuple(map(float, pair.split(","))) for pair in star.get("points").split()] for star in stars]


def test_emblem_is_3_by_2_with_twelve_stars_on_a_circle_of_a_third_of_the_height():
    root = parse(draw_eu_emblem())
    x, y, width, height = viewbox(root)
    assert width / height == pytest.approx(1.5)
    flag = [e for e in root.iter(f"{SVG}rect") if "eu-flag" in classes(e)]
    assert len(flag) == 1 and float(flag[0].get("width")) == width and float(flag[0].get("height")) == height

    stars = star_polygons(root)
    assert len(stars) == 12
    cx, cy = x + width / 2, y + height / 2
    angles = []
    for points in stars:
        assert len(points) == 10  # five points, five notches
        sx = sum(p[0] for p in points) / 10
        sy = sum(p[1] for p in points) / 10
        assert math.dist((sx, sy), (cx, cy)) == pytest.approx(height / 3, abs=0.01)
        outer = max(math.dist((sx, sy), p) for p in points)
        assert outer == pytest.approx(height / 18, abs=0.01)
        top = min(points, key=lambda p: p[1])
        assert top[0] == pytest.approx(sx, abs=0.01)  # upright: one point straight up
        angles.append(math.degrees(math.atan2(sx - cx, cy - sy)) % 360)
    assert sorted(round(a) % 360 for a in angles) == list(range(0, 360, 30))  # like hours on a clock


def test_emblem_star_notches_make_a_regular_pentagram():
    for points in star_polygons(parse(draw_eu_emblem())):
        sx = sum(p[0] for p in points) / 10
        sy = sum(p[1] for p in points) / 10
        radii = [math.dist((sx, sy), p) for p in points]
        outer, inner = radii[0::2], radii[1::2]
        ratio = math.cos(math.radians(72)) / math.cos(math.radians(36))
        assert all(r == pytest.approx(inner[0], abs=0.01) for r in inner)  # points rounded to 0.001
        assert inner[0] / outer[0] == pytest.approx(ratio, abs=0.001)


def test_emblem_size_follows_the_height_at_3_by_2():
    root = parse(draw_eu_emblem("12mm"))
    assert root.get("height") == "12mm" and root.get("width") == "18mm"
    unsized = parse(draw_eu_emblem(None))
    assert unsized.get("width") is None and unsized.get("height") is None


def test_emblem_print_colours_are_the_official_cmyk():
    style = parse(draw_eu_emblem(palette="print")).find(f"{SVG}style").text
    assert ".eu-flag{fill:device-cmyk(1 0.8 0 0)}" in style
    assert ".eu-star{fill:device-cmyk(0 0 1 0)}" in style


# ---------------------------------------------------------------------------
# Map


def markers(root: ET.Element) -> list[ET.Element]:
    return [e for e in root.iter(f"{SVG}circle") if "map-city" in classes(e)]


def labels(root: ET.Element) -> list[ET.Element]:
    """The label texts (not their halos)."""
    return [e for e in root.iter(f"{SVG}text") if classes(e) == {"map-label"}]


def estimated_box(text: ET.Element) -> tuple[float, float, float, float]:
    """A label's box from its font size and character count: 0.6 em a character, 1 em tall."""
    size = float(text.get("font-size"))
    x, baseline = float(text.get("x")), float(text.get("y"))
    width = 0.6 * size * len(text.text)
    left = {"start": x, "middle": x - width / 2, "end": x - width}[text.get("text-anchor", "start")]
    return left, baseline - 0.8 * size, left + width, baseline + 0.2 * size


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("language", sorted(LABELS))
def test_map_has_one_marker_per_city_and_the_lead_stands_out(language):
    root = parse(draw_europe_map(cities(language), highlight_countries=["PT", "FR"]))
    found = markers(root)
    assert len(found) == len(PARTNERS)
    lead = [m for m in found if "map-city--lead" in classes(m)]
    assert len(lead) == 1
    member_radius = {float(m.get("r")) for m in found if m not in lead}
    assert float(lead[0].get("r")) > max(member_radius)
    amadora = project_city(38.7538, -9.2308)
    assert (float(lead[0].get("cx")), float(lead[0].get("cy"))) == pytest.approx(amadora, abs=0.01)


@pytest.mark.parametrize("language", sorted(LABELS))
def test_map_cities_and_labels_lie_inside_the_viewbox(language):
    root = parse(draw_europe_map(cities(language)))
    x0, y0, width, height = viewbox(root)
    for marker in markers(root):
        assert x0 < float(marker.get("cx")) < x0 + width
        assert y0 < float(marker.get("cy")) < y0 + height
    found = labels(root)
    assert sorted(t.text for t in found) == sorted(LABELS[language])
    for text in found:
        left, top, right, bottom = estimated_box(text)
        assert left >= x0 and top >= y0 and right <= x0 + width and bottom <= y0 + height, text.text


@pytest.mark.parametrize("language", sorted(LABELS))
def test_map_labels_do_not_overlap_each_other_or_other_cities(language):
    root = parse(draw_europe_map(cities(language)))
    found = labels(root)
    boxes = {t.text: estimated_box(t) for t in found}
    for (a, box_a), (b, box_b) in combinations(boxes.items(), 2):
        assert not overlap(box_a, box_b), f"labels {a!r} and {b!r} overlap"
    dots = [(float(m.get("cx")), float(m.get("cy")), float(m.get("r"))) for m in markers(root)]
    for text in found:
        box = boxes[text.text]
        covered = [d for d in dots if overlap(box, (d[0] - d[2], d[1] - d[2], d[0] + d[2], d[1] + d[2]))]
        assert not covered, f"label {text.text!r} covers a city mark"


def test_map_close_partners_get_labels_on_different_sides():
    """Patras/Thessaloniki, Dresden/Oldenburg and Vantaa/Riga are the tight spots."""
    root = parse(draw_europe_map(cities("fr")))
    by_name = {t.text: estimated_box(t) for t in labels(root)}
    for a, b in [("Patras", "Thessalonique"), ("Dresde", "Oldenbourg"), ("Vantaa", "Riga")]:
        assert not overlap(by_name[a], by_name[b])


def test_map_labels_stay_apart_in_a_crowded_row():
    """Not only the partners: five cities in a row, closer than a label's width, still get clear
    labels (they have to alternate above and below the row)."""
    row = [{"name": f"Ville {i}", "lat": 47.0, "lon": -1.0 + 3.5 * i, "role": "member"} for i in range(5)]
    found = labels(parse(draw_europe_map(row)))
    boxes = [estimated_box(t) for t in found]
    assert len(boxes) == 5
    assert not any(overlap(a, b) for a, b in combinations(boxes, 2))
    assert {t.get("text-anchor") for t in found} != {"start"}  # they did not all fit to the right


def leader_segments(root: ET.Element) -> list[Segment]:
    """The map's leader lines ('M x0 y0 L x1 y1'), as segments."""
    found = []
    for path in (e for e in root.iter(f"{SVG}path") if classes(e) == {"map-leader"}):
        ends = re.fullmatch(r"M(\S+) (\S+)L(\S+) (\S+)", path.get("d"))
        found.append(Segment(*(float(v) for v in ends.groups())))
    return found


def test_map_names_with_no_clean_spot_beside_their_mark_go_at_the_end_of_a_leader():
    """Six cities 1 degree apart in a row: their names cannot all sit beside their marks, so some move
    out at the end of a leader line; still no label over another, over a mark, or crossed by a line,
    and no two lines cross. Three degrees apart they all fit beside their marks: no line is drawn."""
    far = [{"name": "Lisbonne", "lat": 38.7, "lon": -9.1}, {"name": "Helsinki", "lat": 60.2, "lon": 24.9}]
    row = [{"name": f"Ville {i}", "lat": 47.0, "lon": -1.0 + 1.0 * i, "role": "member"} for i in range(6)]
    root = parse(draw_europe_map(row + far))
    boxes = {t.text: estimated_box(t) for t in labels(root)}
    leaders = leader_segments(root)
    assert len(boxes) == 8 and len(leaders) >= 2
    assert not [(a, b) for (a, one), (b, two) in combinations(boxes.items(), 2) if overlap(one, two)]
    dots = [(float(m.get("cx")), float(m.get("cy")), float(m.get("r"))) for m in markers(root)]
    for name, box in boxes.items():
        assert not [d for d in dots if overlap(box, (d[0] - d[2], d[1] - d[2], d[0] + d[2], d[1] + d[2]))], name
    for leader in leaders:
        assert not [name for name, box in boxes.items() if leader.meets(Box(*box))], leader
        assert min(math.dist((leader.x0, leader.y0), d[:2]) for d in dots) < 2 * dots[0][2], "starts at a mark"
        assert not [line for line in leaders if line is not leader and line.crosses(leader)]
    spaced = [{**city, "lon": -1.0 + 3.0 * i} for i, city in enumerate(row[:4])]
    assert leader_segments(parse(draw_europe_map(spaced + far))) == []


def test_leader_geometry():
    box = Box(0, 0, 10, 10)
    assert Segment(-5, 5, 15, 5).meets(box) and Segment(2, 2, 3, 3).meets(box)
    assert not Segment(-5, -5, 15, -1).meets(box) and not Segment(11, 0, 20, 10).meets(box)
    assert Segment(0, 0, 10, 10).crosses(Segment(0, 10, 10, 0))
    assert not Segment(0, 0, 10, 0).crosses(Segment(0, 1, 10, 1))


def test_map_without_labels_still_marks_every_city():
    root = parse(draw_europe_map(cities(), labels=False))
    assert len(markers(root)) == len(PARTNERS) and not labels(root)


def test_map_highlights_partner_countries_and_their_territories():
    root = parse(draw_europe_map(cities(), highlight_countries=["pt", "FI"]))
    tinted = {p.get("data-country") for p in root.iter(f"{SVG}path") if "map-land--partner" in classes(p)}
    assert tinted == {"PT", "FI", "AX"}  # Åland follows Finland
    with pytest.raises(ValueError, match="ZZ"):
        draw_europe_map(cities(), highlight_countries=["ZZ"])


def test_map_accepts_objects_with_a_nested_location():
    class Location:
        lat, lon = 38.7538, -9.2308

    class Partner:
        name, role, location = "Amadora", "lead", Location()

    root = parse(draw_europe_map([Partner()]))
    assert len(markers(root)) == 1


def test_palette_rejects_unknown_keys_and_unsafe_values():
    with pytest.raises(ValueError, match="valid keys"):
        draw_europe_map(cities(), palette=graphics.palette_for("print", ocean="#fff"))
    with pytest.raises(ValueError, match="palette_for"):  # a partial dict would let sRGB into print
        draw_europe_map(cities(), palette={"sea": "device-cmyk(0 0 0 0)"})
    with pytest.raises(ValueError, match="not a plain CSS colour"):
        draw_eu_emblem(palette=graphics.palette_for("screen", flag="red}</style><script>"))
    with pytest.raises(ValueError, match="print"):
        draw_eu_emblem(palette="cmyk")
    with pytest.raises(ValueError, match="font_family"):
        draw_europe_map(cities(), font_family="x}text{fill:red")


def test_every_shape_is_painted_from_the_palette():
    """Nothing may be left to WeasyPrint's default black (painted in RGB)."""
    svg = draw_europe_map(cities())
    root = parse(svg)
    style = root.find(f"{SVG}style").text
    styled = set(re.findall(r"\.([a-z-]+)\{", style))
    for element in root.iter():
        if element.tag in (f"{SVG}path", f"{SVG}circle", f"{SVG}rect", f"{SVG}text"):
            assert classes(element) & styled, ET.tostring(element)[:80]


def test_palette_for_changes_only_the_given_colours():
    cover = graphics.palette_for("print", sea="none")
    assert cover["sea"] == "none" and cover["land"] == graphics.PALETTES["print"]["land"]
    style = parse(draw_europe_map(cities(), palette=cover, labels=False)).find(f"{SVG}style").text
    assert ".map-sea{fill:none}" in style


# ---------------------------------------------------------------------------
# QR code


def test_qr_code_modules_match_segno_with_a_quiet_zone():
    segno = pytest.importorskip("segno")
    url = "https://arrival-cities.example/fr/"
    root = parse(draw_qr_code(url))
    _x, _y, width, height = viewbox(root)
    matrix = [list(row) for row in segno.make(url, error="m", micro=False).matrix_iter(scale=1, border=4)]
    assert width == height == len(matrix)
    dark = set()
    for x, y, length in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", root.find(f"{SVG}path").get("d")):
        dark |= {(int(y), int(x) + i) for i in range(int(length))}
    assert dark == {(y, x) for y, row in enumerate(matrix) for x, v in enumerate(row) if v}
    assert not any(matrix[4 - 1]) and not any(row[0] for row in matrix)  # quiet zone is light


# ---------------------------------------------------------------------------
# Data and projection


def point_in_rings(x: float, y: float, rings: list[list[float]]) -> bool:
    inside = False
    for ring in rings:
        points = list(zip(ring[0::2], ring[1::2], strict=True))
        for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


def distance_to_rings(x: float, y: float, rings: list[list[float]]) -> float:
    best = math.inf
    for ring in rings:
        points = list(zip(ring[0::2], ring[1::2], strict=True))
        for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
            dx, dy = x2 - x1, y2 - y1
            t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy or 1)))
            best = min(best, math.dist((x, y), (x1 + t * dx, y1 + t * dy)))
    return best


@pytest.mark.parametrize("partner", PARTNERS, ids=[p[0] for p in PARTNERS])
def test_cities_are_projected_onto_their_own_country(partner):
    """Run-time projection and the extracted shapes agree (coastal cities may sit a hair offshore)."""
    _id, country, _role, lat, lon = partner
    x, y = project_city(lat, lon)
    shape = next(c for c in graphics.load_map_data()["countries"] if c["iso_a2"] == country)
    assert point_in_rings(x, y, shape["rings"]) or distance_to_rings(x, y, shape["rings"]) < 2.0


def test_map_data_states_its_source_and_stays_small():
    assert graphics.DATA_FILE.stat().st_size < 300_000
    data = json.loads(graphics.DATA_FILE.read_text(encoding="utf-8"))
    assert "Natural Earth" in data["source"] and "world-atlas" in data["source"]
    assert "public domain" in data["source"]
    projection = data["projection"]
    assert projection["name"] == "lambert-azimuthal-equal-area"
    x0, _y0, x1, _y1 = projection["europe"]  # the whole of Europe is 1000 units across: about 4 km a unit
    assert round(x1 - x0) == 1000
    for country in data["countries"]:
        for ring in country["rings"]:
            assert len(ring) % 2 == 0 and len(ring) >= 6
            assert all(-5 <= v <= projection["width"] + 5 for v in ring[0::2])
            assert all(-5 <= v <= projection["height"] + 5 for v in ring[1::2])


# ---------------------------------------------------------------------------
# Rendering through WeasyPrint: CMYK only


def content_streams(pdf_bytes: bytes) -> bytes:
    """Every page's content, and that of the form XObjects WeasyPrint draws SVG into, decompressed."""
    import pikepdf

    seen, out = set(), []

    def walk(resources):
        if resources is None or "/XObject" not in resources:
            return
        for xobject in resources.XObject.values():
            if xobject.objgen in seen or xobject.get("/Subtype") != "/Form":
                continue
            seen.add(xobject.objgen)
            out.append(xobject.read_bytes())
            walk(xobject.get("/Resources"))

    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        for page in pdf.pages:
            contents = page.obj.Contents
            streams = contents if isinstance(contents, pikepdf.Array) else [contents]
            out.extend(stream.read_bytes() for stream in streams)
            walk(page.obj.get("/Resources"))
    return b"\n".join(out)


def colour_operators(stream: bytes) -> set[str]:
    tokens = re.findall(rb"[^\s\[\]()<>/]+", stream)
    return {t.decode() for t in tokens if t in (b"rg", b"RG", b"k", b"K", b"g", b"G", b"scn", b"SCN", b"cs", b"CS")}


@pytest.mark.build
def test_print_palette_renders_without_any_rgb_operator():
    weasyprint = pytest.importorskip("weasyprint")
    html = f"""<html><head><style>
        @page {{ size: 148mm 210mm; margin: 10mm }}
        body {{ color: device-cmyk(0 0 0 1); font-family: sans-serif }}
        svg.europe-map {{ width: 120mm; height: auto; display: block }}
        </style></head><body>
        {draw_europe_map(cities("fr"), highlight_countries=["PT", "FR", "DE"], palette="print")}
        {draw_eu_emblem("12mm", palette="print")}
        <div style="width: 22mm">{draw_qr_code("https://arrival-cities.example/fr/", palette="print")}</div>
        </body></html>"""
    stream = content_streams(weasyprint.HTML(string=html).write_pdf())
    operators = colour_operators(stream)
    assert not operators & {"rg", "RG", "g", "G"}, operators
    # device-cmyk is written as DeviceCMYK colour: `/DeviceCMYK cs c m y k scn` (or k/K).
    assert b"/DeviceCMYK cs" in stream or "k" in operators
    assert b"/DeviceCMYK CS" in stream or "K" in operators  # borders, halos and rings are strokes


@pytest.mark.build
def test_screen_palette_renders_in_rgb():
    """The converse check: the detector above does see RGB when it is there."""
    weasyprint = pytest.importorskip("weasyprint")
    html = f"<html><body>{draw_eu_emblem('12mm', palette='screen')}</body></html>"
    assert "rg" in colour_operators(content_streams(weasyprint.HTML(string=html).write_pdf()))


@pytest.mark.build
def test_page_css_does_not_reach_inline_svg():
    """Why the drawings carry their own <style>: in WeasyPrint 70 a page-level rule for an
    SVG class is ignored, and the shape falls back to black in RGB."""
    weasyprint = pytest.importorskip("weasyprint")
    html = (
        "<html><head><style>.page-rule { fill: device-cmyk(0 1 0 0) }</style></head><body>"
        f'<svg xmlns="{SVG[1:-1]}" viewBox="0 0 10 10" width="10mm"><rect class="page-rule" width="10" height="10"/></svg>'
        "</body></html>"
    )
    operators = colour_operators(content_streams(weasyprint.HTML(string=html).write_pdf()))
    assert "rg" in operators and "scn" not in operators


def test_a_label_with_nowhere_clean_to_go_stays_on_the_map():
    """Long names crowded near the edge: each label keeps a spot inside the map, none is clipped."""
    crowded = [
        *cities(),
        {"name": "Communauté d'agglomération…", "lat": 48.78, "lon": 2.04, "role": "member"},
        {"name": "Landeshauptstadt Düsseldorf…", "lat": 51.23, "lon": 6.77, "role": "member"},
        {"name": "Câmara Municipal de Sintra…", "lat": 38.80, "lon": -9.38, "role": "member"},
    ]
    root = parse(draw_europe_map(crowded))
    x0, y0, width, height = viewbox(root)
    for text in labels(root):
        left, top, right, bottom = estimated_box(text)
        assert left >= x0 and top >= y0 and right <= x0 + width and bottom <= y0 + height, text.text


def test_a_partner_name_too_long_for_the_map_is_shortened_with_a_warning(project_copy):
    import yaml

    from publication.figures import map_label
    from publication.sources import read_sources

    path = project_copy / "sources" / "partners.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["partners"][1]["name"] = "Landeshauptstadt Düsseldorf, Amt für Migration und Integration"
    data["partners"][1].pop("short_name", None)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    warnings = [str(w) for w in read_sources(project_copy / "sources").warnings]
    assert any(
        "partners[2].name 'Landeshauptstadt Düsseldorf, Amt für Migration und Integration' is too long "
        "for a label of the map"
        in w
        and "add `city:`" in w
        for w in warnings
    ), warnings
    assert map_label("Landeshauptstadt Düsseldorf, Amt für Migration und Integration") == "Landeshauptstadt Düsseldorf…"
    assert map_label("Roquetas de Mar") == "Roquetas de Mar"
