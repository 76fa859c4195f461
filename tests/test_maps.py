"""The maps: a frame fitted to the partners, every partner's country shaded, labels in the reader's
language and large enough, a key drawn (never a colour's name), the cover's map beyond the trim."""

from __future__ import annotations

import ctypes
import re
import shutil
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import pytest
import yaml

from publication import graphics
from publication.figures import MAP_VIEW_OF_KIND, cover_view, drawings_context, map_view
from publication.localise import Languages
from publication.plan import Publication
from publication.sources import read_sources
from tests.conftest import ROOT, run_cli
from tests.stress import stress_project

SVG = "{http://www.w3.org/2000/svg}"
PROJECTS = {
    "shipped": ROOT,
    "forum": ROOT / "examples/forum",
    "conference": ROOT / "examples/conference",
    "sheets": ROOT / "examples/sheets",
}
# Partners all in one small region, and partners from the Canaries to Lapland, Cyprus and Malta
# (small states and the outermost regions included): (id, name, country, language, lat, lon).
BENELUX = [
    ("gent", {"fr": "Gand", "en": "Ghent", "nl": "Gent"}, "BE", "nl", 51.0543, 3.7174),
    ("liege", {"fr": "Liège", "en": "Liège", "nl": "Luik"}, "BE", "fr", 50.6326, 5.5797),
    ("utrecht", "Utrecht", "NL", "nl", 52.0907, 5.1214),
    ("eindhoven", "Eindhoven", "NL", "nl", 51.4416, 5.4697),
    ("esch", "Esch-sur-Alzette", "LU", "lb", 49.4958, 5.9806),
]
SPREAD = [
    ("faro", "Faro", "PT", "pt", 37.0194, -7.9322),
    ("oulu", "Oulu", "FI", "fi", 65.0121, 25.4651),
    ("nicosia", {"fr": "Nicosie", "en": "Nicosia", "el": "Λευκωσία"}, "CY", "el", 35.1856, 33.3823),
    ("valletta", {"fr": "La Valette", "en": "Valletta", "mt": "Il-Belt Valletta"}, "MT", "mt", 35.8989, 14.5146),
    ("las-palmas", {"fr": "Las Palmas", "en": "Las Palmas"}, "ES", "es", 28.1235, -15.4363),
    ("monaco", "Monaco", "MC", "fr", 43.7384, 7.4246),
    ("san-marino", "San Marino", "SM", "it", 43.9356, 12.4473),
    ("pristina", {"fr": "Pristina", "en": "Pristina", "sq": "Prishtinë"}, "XK", "sq", 42.6629, 21.1655),
]


def with_partners(folder: Path, rows: list[tuple]) -> Path:
    """A copy of the shipped project whose partners are `rows` (the first leads), hosting its workshops."""
    for name in ("sources", "layouts", "styles"):
        shutil.copytree(ROOT / name, folder / name)
    partners = [
        {"id": pid, "name": name, "country": country, "role": "lead" if i == 0 else "partner", "language": lang}
        | {"location": {"lat": lat, "lon": lon}}
        for i, (pid, name, country, lang, lat, lon) in enumerate(rows)
    ]
    (folder / "sources/partners.yaml").write_text(yaml.safe_dump({"partners": partners}, allow_unicode=True))
    for workshop in (folder / "sources/workshops").glob("*.yaml"):
        workshop.write_text(re.sub(r"^host: .*$", f"host: {rows[0][0]}", workshop.read_text(), flags=re.M))
    return folder


@pytest.fixture(scope="module")
def projects(tmp_path_factory) -> dict[str, Path]:
    made = dict(PROJECTS)
    made["stress"] = stress_project(tmp_path_factory.mktemp("stress"))
    made["benelux"] = with_partners(tmp_path_factory.mktemp("benelux"), BENELUX)
    made["spread"] = with_partners(tmp_path_factory.mktemp("spread"), SPREAD)
    return made


@cache
def sources_of(project: Path):
    return read_sources(project / "sources")


def context(project: Path, kind: str = "brochure", lang: str = "fr", variant: str = "screen") -> dict:
    sources = sources_of(project)
    language = Languages(sources.site.source_language, project)[lang]
    publication = Publication(kind, lang, variant, size="A2" if kind == "poster" else None)
    return drawings_context(sources, publication, language, [], "https://example.org/")


def map_svg(project: Path, kind: str = "brochure", lang: str = "fr", variant: str = "screen") -> ET.Element:
    return ET.fromstring(str(context(project, kind, lang, variant)["map_svg"]))


def frame_of(root: ET.Element) -> graphics.Frame:
    x, y, width, height = (float(v) for v in root.get("viewBox").split())
    return graphics.Frame(x, y, x + width, y + height)


def partner_points(project: Path) -> list[tuple[float, float]]:
    sources = sources_of(project)
    return [graphics.project_city(p.location.lat, p.location.lon) for p in sources.partners.partners]


def label_texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text") if t.get("class") == "map-label"]


# --- the frame ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["shipped", "forum", "conference", "stress", "benelux", "spread"])
@pytest.mark.parametrize("kind", ["brochure", "overview", "poster"])
def test_the_frame_holds_every_partner_with_a_margin_at_the_box_aspect(projects, name, kind):
    root = map_svg(projects[name], kind)
    frame = frame_of(root)
    margin = graphics.km(graphics.frame.MARGIN_KM)
    for x, y in partner_points(projects[name]):
        assert frame.contains(x, y, margin), (name, kind, (x, y), frame)
    view = MAP_VIEW_OF_KIND[kind]
    assert frame.width / frame.height == pytest.approx(view.aspect, rel=0.002)
    # No size of its own: the page's CSS sizes it (engine.SVG_SIZE_ATTRIBUTES), at the viewBox's aspect.
    assert root.get("width") is None and root.get("height") is None


def test_partners_in_one_small_region_get_a_frame_much_smaller_than_europe(projects):
    frame, europe = frame_of(map_svg(projects["benelux"])), graphics.europe()
    assert frame.width * frame.height < 0.25 * europe.width * europe.height
    # ... but large enough to recognise the region: Paris, London and the Rhine's mouth are on it.
    for lat, lon in ((48.8566, 2.3522), (51.5072, -0.1276), (51.95, 4.05)):
        assert frame.contains(*graphics.project_city(lat, lon)), (lat, lon)
    assert frame.width * frame.height >= graphics.km(graphics.frame.MIN_SPAN_KM) ** 2 * 0.999


def test_the_shipped_partners_frame_is_smaller_than_europe_and_a_spread_one_is_not_cut(projects):
    europe = graphics.europe()
    shipped = frame_of(map_svg(projects["shipped"]))
    assert shipped.width * shipped.height < europe.width * europe.height
    spread = frame_of(map_svg(projects["spread"]))  # the Canaries to Lapland and Cyprus: larger than Europe's frame
    assert spread.width > europe.width and graphics.extent().contains(spread.x0, spread.y0)


def test_the_cover_map_fills_the_sheet_and_its_bleed_with_the_partners_below_the_title(projects):
    for variant, bleed in (("print", 3.0), ("screen", 0.0)):
        svg = ET.fromstring(str(context(projects["shipped"], "brochure", "fr", variant)["cover_map_svg"]))
        frame = frame_of(svg)
        assert svg.get("width") is None and svg.get("height") is None  # sized by .cover__map's CSS
        assert frame.width / frame.height == pytest.approx((148 + 2 * bleed) / (210 + 2 * bleed), rel=0.002)
        top_share = cover_view(Publication("brochure", "fr", variant), bleed).window[1]
        below_title = [y for _, y in partner_points(projects["shipped"]) if y >= frame.y0 + top_share * frame.height]
        assert len(below_title) >= 9  # the partners sit in the window below the title (Vantaa may reach up)
        # The data runs beyond every edge: no coast stops at a straight line inside the sheet.
        assert graphics.extent().x0 < frame.x0 and frame.x1 < graphics.extent().x1
    css = (ROOT / "styles/brochure.css").read_text()
    assert re.search(r"\.cover__map \{ position: absolute; left: 0; top: 0; right: 0; bottom: 0;", css)


# --- countries ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["shipped", "forum", "conference", "sheets", "stress", "benelux", "spread"])
def test_every_partners_country_is_shaded(projects, name):
    root = map_svg(projects[name])
    shaded = {p.get("data-country") for p in root.iter(f"{SVG}path") if "map-land--partner" in p.get("class", "")}
    plain = {p.get("data-country") for p in root.iter(f"{SVG}path") if p.get("class") == "map-land"}
    countries = {p.country for p in sources_of(projects[name]).partners.partners}
    assert countries <= shaded, countries - shaded
    assert not countries & plain


def test_small_states_cyprus_and_kosovo_have_shapes_and_the_north_of_cyprus_follows_cy():
    shapes = {c["iso_a2"]: c for c in graphics.load_map_data()["countries"] if c["iso_a2"]}
    for code in ("CY", "MT", "LU", "LI", "AD", "MC", "SM", "VA", "XK", "IS", "GB", "NO", "CH"):
        assert code in shapes and shapes[code]["rings"], code
    north = next(c for c in graphics.load_map_data()["countries"] if c["name"] == "N. Cyprus")
    assert north["sovereign"] == "CY"
    assert {"CY", "FI", "DK", "GB"} <= graphics.shaped_countries()


def test_a_partner_outside_the_map_or_in_a_country_without_a_shape_is_a_located_error(project_copy):
    path = project_copy / "sources/partners.yaml"
    text = path.read_text()
    path.write_text(text.replace("location: {lat: 60.2934, lon: 25.0378}", "location: {lat: 25.0378, lon: 60.2934}"))
    result = run_cli("build", "--kind", "overview", "--lang", "fr", "--variant", "screen", project=project_copy)
    assert result.exit_code == 2
    line = text.splitlines().index("    location: {lat: 60.2934, lon: 25.0378}") + 1
    assert (
        f"sources/partners.yaml:{line}: partners[9].location (25.0378, 60.2934) lies outside the map" in result.output
    )
    path.write_text(text.replace("country: FI", "country: US"))
    with (project_copy / "sources/workshops/2017-01-vantaa.yaml").open("a") as event:  # its sessions' zone
        event.write("time_zone: America/New_York\n")
    result = run_cli("build", "--kind", "overview", "--lang", "fr", "--variant", "screen", project=project_copy)
    line = text.splitlines().index("    country: FI") + 1
    assert result.exit_code == 2
    assert f"sources/partners.yaml:{line}: partners[9].country 'US' has no shape on the map" in result.output


# --- labels -------------------------------------------------------------------------------------


def test_labels_are_in_the_publications_language(projects):
    fr, el = label_texts(map_svg(projects["shipped"], lang="fr")), label_texts(map_svg(projects["shipped"], lang="el"))
    assert {"Thessalonique", "Dresde", "Messine"} <= set(fr) and "Θεσσαλονίκη" not in fr
    assert {"Θεσσαλονίκη", "Δρέσδη", "Ρίγα"} <= set(el)
    for name, lang in (("conference", "fr"), ("forum", "fr"), ("forum", "en"), ("sheets", "fr")):
        labels = label_texts(map_svg(projects[name], lang=lang))
        assert not [label for label in labels if re.search("[\u0370-\u03ff\u0400-\u04ff]", label)], (name, labels)
    assert "Roussé" in label_texts(map_svg(projects["forum"], lang="fr"))
    assert "Ruse" in label_texts(map_svg(projects["forum"], lang="en"))
    stress = label_texts(map_svg(projects["stress"], lang="fr"))
    assert {"Héraklion", "Plovdiv", "Wrocław"} <= set(stress)


def test_the_local_name_is_printed_beside_when_the_site_asks(projects, tmp_path):
    project = with_partners(tmp_path / "p", SPREAD)
    site = project / "sources/site.yaml"
    site.write_text(site.read_text() + "\nmap:\n  local_names: true\n")
    root = map_svg(project)
    labels = {t.text: t for t in root.iter(f"{SVG}text") if t.get("class") == "map-label"}
    assert labels["Nicosie"].find(f"{SVG}tspan").text == " Λευκωσία"
    assert labels["La Valette"].find(f"{SVG}tspan").text == " Il\u2011Belt Valletta"  # a name: never broken
    assert labels["Pristina"].find(f"{SVG}tspan").text == " Prishtinë"
    assert labels["Faro"].find(f"{SVG}tspan") is None  # no other name: nothing beside
    assert all(t.find(f"{SVG}tspan") is None for t in map_svg(projects["spread"]).iter(f"{SVG}text"))


def test_a_name_in_one_language_falls_back_to_the_source_language_then_the_local_name():
    from publication.localise import Localiser
    from publication.model import Text

    french = Localiser("de", "fr")
    assert french.place([Text({"el": "Λάρισα"}), None, Text({"fr": "Larissa"})], "el") == ("Larissa", "Λάρισα")
    assert french.place([None, None, Text({"el": "Λάρισα", "bg": "Лариса"})], "el") == ("Λάρισα", None)
    assert french.place([Text({"fr": "Dresde", "de": "Dresden"}), None, Text({"*": "x"})], "de") == ("Dresden", None)


def pdf_labels(path: Path, names: list[str]) -> dict[str, float]:
    """Each name's printed size on the PDF's last page (its font size times its matrix), where found:
    its last occurrence there, the map's label (the overview prints the partners before its map)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(str(path))
    try:
        textpage = pdf[len(pdf) - 1].get_textpage()
        text = textpage.get_text_range()
        sizes = {}
        for name in names:
            index = text.rfind(name)
            if index >= 0:
                matrix = raw.FS_MATRIX()
                raw.FPDFText_GetMatrix(textpage, index, ctypes.byref(matrix))
                scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
                sizes[name] = raw.FPDFText_GetFontSize(textpage, index) * scale
        return sizes
    finally:
        pdf.close()


@pytest.mark.build
def test_the_overviews_map_labels_print_at_least_6_5_pt(built):
    names = ["Vantaa", "Riga", "Oldenburg", "Dresde", "Messine", "Patras", "Amadora"]
    for variant in ("print", "screen"):
        sizes = pdf_labels(built / "fr" / f"overview-{variant}.pdf", names)
        assert set(sizes) == set(names), sizes
        assert min(sizes.values()) >= 6.5 - 0.01, sizes
    assert map_view(Publication("overview", "fr", "print")).label_pt >= 6.5
    assert map_view(Publication("poster", "fr", "print", size="A3")).label_pt >= 6.5 * 297 / 420


def drawn_labels(root: ET.Element) -> list[tuple[str, object]]:
    """Each label's text and its estimated box (graphics/labels.py), as the SVG draws it."""
    from publication.graphics.labels import label_box

    return [
        (
            "".join(text.itertext()),
            label_box(
                "".join(text.itertext()),
                float(text.get("x")),
                float(text.get("y")),
                text.get("text-anchor"),
                float(text.get("font-size")),
            ),
        )
        for text in root.iter(f"{SVG}text")
        if text.get("class") == "map-label"
    ]


def leader_lines(root: ET.Element):
    """The leader lines the map draws (graphics/leaders.py), as segments."""
    from publication.graphics.leaders import Segment

    found = []
    for path in (p for p in root.iter(f"{SVG}path") if p.get("class") == "map-leader"):
        x0, y0, x1, y1 = (float(v) for v in re.fullmatch(r"M(\S+) (\S+)L(\S+) (\S+)", path.get("d")).groups())
        found.append(Segment(x0, y0, x1, y1))
    return found


def mark_boxes(root: ET.Element):
    from publication.graphics.labels import Box

    return [
        Box(
            float(c.get("cx")) - float(c.get("r")),
            float(c.get("cy")) - float(c.get("r")),
            float(c.get("cx")) + float(c.get("r")),
            float(c.get("cy")) + float(c.get("r")),
        )
        for c in root.iter(f"{SVG}circle")
        if "map-city" in c.get("class")
    ]


@pytest.mark.parametrize("kind", ["brochure", "overview", "poster"])
@pytest.mark.parametrize("name", ["shipped", "benelux", "spread", "forum", "conference", "stress"])
def test_labels_do_not_overlap_and_stay_inside_the_frame(projects, name, kind):
    """The stress partners on the poster's 137 mm map (labels at 18 pt) once put 'Héraklion' over
    'Messine': the names with no clean spot beside their mark now sit at the end of a leader line."""
    root = map_svg(projects[name], kind)
    frame = frame_of(root)
    boxes = drawn_labels(root)
    for text, box in boxes:
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1, text
    overlapping = [(a, b) for i, (a, x) in enumerate(boxes) for b, y in boxes[i + 1 :] if x.overlaps(y)]
    assert overlapping == [], (name, kind, overlapping)
    dots = [(float(c.get("cx")), float(c.get("cy")), float(c.get("r"))) for c in root.iter(f"{SVG}circle")]
    assert [text for text, box in boxes if any(covers(box, dot) for dot in dots)] == []


def covers(box, dot: tuple[float, float, float]) -> bool:
    """Whether a label's box covers part of a round mark (centre x, y and radius)."""
    x, y, r = dot
    nearest_x, nearest_y = min(max(x, box.x0), box.x1), min(max(y, box.y0), box.y1)
    return (nearest_x - x) ** 2 + (nearest_y - y) ** 2 < r**2


@pytest.mark.parametrize("kind", ["brochure", "overview", "poster"])
@pytest.mark.parametrize("name", ["shipped", "benelux", "spread", "forum", "conference", "stress"])
def test_a_leader_runs_from_its_mark_to_its_label_through_nothing_else(projects, name, kind):
    """Every leader starts at a mark's edge, ends beside its label, and crosses no other label, mark
    or leader; only maps whose names do not all fit beside their marks draw any."""
    root = map_svg(projects[name], kind)
    leaders, boxes, marks = leader_lines(root), drawn_labels(root), mark_boxes(root)
    em = float(next(t for t in root.iter(f"{SVG}text")).get("font-size"))
    for leader in leaders:
        assert [m for m in marks if holds(grown(m, 0.3 * em), leader.x0, leader.y0)], ("starts at no mark", leader)
        assert [text for text, box in boxes if leader.meets(box)] == [], leader
        assert len([t for t, box in boxes if holds(grown(box, 0.3 * em), leader.x1, leader.y1)]) == 1, leader
        assert [m for m in marks if leader.meets(m) and not holds(grown(m, 0.3 * em), leader.x0, leader.y0)] == []
        assert [line for line in leaders if line is not leader and line.crosses(leader)] == [], leader
    assert (len(leaders) > 0) == ((name, kind) == ("stress", "poster")), len(leaders)


def grown(box, by: float):
    return type(box)(box.x0 - by, box.y0 - by, box.x1 + by, box.y1 + by)


def holds(box, x: float, y: float) -> bool:
    return box.x0 <= x <= box.x1 and box.y0 <= y <= box.y1


def test_a_map_too_small_for_leaders_numbers_a_city_and_lists_it_in_a_key(projects):
    """The stress partners on a 52 mm map (the overview's, before it spanned the text block): no spot
    beside a mark nor at the end of a leader is left for Saint-Quentin-en-Yvelines, 25 km from
    Val-de-Marne. It gets a number beside its mark and its name in a key in a corner of the map,
    clear of every label, leader and mark; every other city keeps its name."""
    from publication.figures import map_cities
    from publication.graphics.labels import Box

    sources = sources_of(projects["stress"])
    cities = map_cities(sources, Languages(sources.site.source_language, projects["stress"])["fr"])
    root = ET.fromstring(graphics.draw_europe_map(cities, view=graphics.MapView(52.0, 53.6, 8.0)))
    boxes, leaders, frame = drawn_labels(root), leader_lines(root), frame_of(root)
    names = [text for text, _box in boxes]
    assert names.count("1") == 1 and "Saint\u2011Quentin\u2011en\u2011Yvelines" not in names
    assert len(names) == len(cities) and {"Val\u2011de\u2011Marne", "Héraklion", "Messine"} <= set(names)
    entries = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "map-key-entry"]
    assert entries == ["1\u2002Saint\u2011Quentin\u2011en\u2011Yvelines"]
    rect = next(r for r in root.iter(f"{SVG}rect") if r.get("class") == "map-key-box")
    x, y, width, height = (float(rect.get(a)) for a in ("x", "y", "width", "height"))
    key = Box(x, y, x + width, y + height)
    assert frame.x0 <= key.x0 and key.x1 <= frame.x1 and frame.y0 <= key.y0 and key.y1 <= frame.y1
    assert [text for text, box in boxes if box.overlaps(key)] == []
    assert [line for line in leaders if line.meets(key)] == []
    assert [m for m in mark_boxes(root) if m.overlaps(key)] == []
    overlapping = [(a, b) for i, (a, one) in enumerate(boxes) for b, two in boxes[i + 1 :] if one.overlaps(two)]
    assert overlapping == []


# --- the key ------------------------------------------------------------------------------------

COLOUR_WORDS = {
    "fr": r"\b(orange|bleu|bleus|rouge|rouges|vert|verts|jaune|violet|rose)\b",
    "en": r"\b(orange|blue|red|green|yellow|purple|pink)\b",
    "de": r"\b(orange|blau|blauen|rot|roten|grün|gelb|lila)\b",
    "el": r"(πορτοκαλί|μπλε|κόκκιν|πράσιν|κίτριν|μωβ)",
}


@pytest.mark.parametrize("lang", sorted(COLOUR_WORDS))
def test_no_map_key_or_caption_names_a_colour(lang):
    catalogue = yaml.safe_load((ROOT / "layouts/messages" / f"{lang}.yaml").read_text(encoding="utf-8"))
    entries = {key: value for key, value in catalogue.items() if key.startswith("map_")}
    assert {"map_caption", "map_key_lead", "map_key_members"} <= set(entries)
    for key, value in entries.items():
        assert not re.search(COLOUR_WORDS[lang], str(value), re.IGNORECASE), (key, value)


def test_the_key_draws_the_marks_of_the_map(projects):
    drawn = context(projects["shipped"], "overview")
    key, root = drawn["map_key"], map_svg(projects["shipped"], "overview")
    lead = ET.fromstring(re.search(r"<svg.*</svg>", str(key["lead"]))[0])
    member = ET.fromstring(re.search(r"<svg.*</svg>", str(key["member"]))[0])
    assert [c.get("class") for c in lead.iter(f"{SVG}circle")] == ["map-city-ring", "map-city map-city--lead"]
    assert [c.get("class") for c in member.iter(f"{SVG}circle")] == ["map-city"]
    # At the size it has on the map: the member's dot, in points, as the map prints it.
    frame, view = frame_of(root), MAP_VIEW_OF_KIND["overview"]
    dot = next(c for c in root.iter(f"{SVG}circle") if c.get("class") == "map-city")
    dot_pt = float(dot.get("r")) / view.units_per_pt(frame)
    assert float(next(member.iter(f"{SVG}circle")).get("r")) == pytest.approx(dot_pt, abs=0.01)
    # The same colours: each mark's fill is the map's.
    map_style = ET.tostring(root, encoding="unicode")
    for css in ("map-city", "map-city--lead"):
        fill = re.search(rf"\.{css}\{{fill:([^;}}]+)", ET.tostring(lead, encoding="unicode"))[1]
        assert f".{css}{{fill:{fill}" in map_style, css


@pytest.mark.build
def test_the_overview_prints_the_key_with_its_marks(built):
    from tests.pdfs import flat_text

    text = flat_text(built / "fr" / "overview-screen.pdf")
    assert "Chef de file : Amadora" in text and "Membres" in text
    assert "orange" not in text.lower() and "point" not in text.lower()
