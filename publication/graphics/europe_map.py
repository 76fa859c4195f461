"""The map locating the partner cities: the land of a frame fitted to them, their marks, their labels."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import Any

from .cities import City, city_marker, mark_radius, to_cities
from .frame import Frame, MapView, fit_frame
from .labels import Box, Label
from .leaders import LEADER_EM
from .outlines import outline_path
from .placement import MapKey, place_labels
from .projection import DATA_FILE, load_map_data
from .svg import SVG_NS, Palette, accessible_name, checked_font_family, num, resolve_palette

# The marks and strokes follow the labels' size (em): at 8 pt a member's dot is 2.3 pt across its
# radius, the halo 1.7 pt wide. The lead's mark is a bigger dot in a ring (cities.py).
DOT_EM = 0.29
OUTLINE_EM = 0.083  # the white line around each dot
RING_EM = 0.104
HALO_EM = 0.21
# The white lines between countries, in points: in print at least 0.25 pt (a hairline the plates hold).
BORDER_PT = 0.3
PRINT_BORDER_PT = 0.35
# The view of a map drawn without one: the brochure's A5 page, 120 mm across.
DEFAULT_VIEW = MapView(120.0, 124.2, 8.0)


@dataclass(frozen=True)
class Scale:
    """The drawing's sizes in map units, from the view's points and the frame."""

    font: float
    dot: float
    border: float

    @classmethod
    def of(cls, view: MapView, frame: Frame, border_pt: float) -> Scale:
        per_pt = view.units_per_pt(frame)
        font = view.label_pt * per_pt
        return cls(font=font, dot=DOT_EM * font, border=border_pt * per_pt)


def _marks_style(colours: Mapping[str, str], scale: Scale) -> str:
    font = scale.font
    return (
        f".map-city{{fill:{colours['city']};stroke:{colours['city_outline']};stroke-width:{num(OUTLINE_EM * font)}}}"
        f".map-city--lead{{fill:{colours['city_lead']}}}"
        f".map-city-ring{{fill:none;stroke:{colours['city_lead']};stroke-width:{num(RING_EM * font)}}}"
    )


def _map_style(colours: Mapping[str, str], font_family: str, scale: Scale) -> str:
    return (
        f".map-sea{{fill:{colours['sea']}}}"
        f".map-land{{fill:{colours['land']};stroke:{colours['border']};stroke-width:{num(scale.border)};"
        "stroke-linejoin:round}"
        f".map-land--partner{{fill:{colours['land_partner']}}}"
        + _marks_style(colours, scale)
        + f".map-label{{fill:{colours['label']};font-family:{font_family}}}"
        f".map-label--local{{fill:{colours['label_local']}}}"
        f".map-label--halo{{fill:none;stroke:{colours['label_halo']};stroke-width:{num(HALO_EM * scale.font)};"
        "stroke-linejoin:round}"
        f".map-leader{{fill:none;stroke:{colours['label']};stroke-width:{num(LEADER_EM * scale.font)};"
        "stroke-linecap:round}"
        f".map-leader--halo{{stroke:{colours['label_halo']};stroke-width:{num((LEADER_EM + HALO_EM) * scale.font)}}}"
        f".map-key-box{{fill:{colours['label_halo']};stroke:{colours['label']};stroke-width:{num(LEADER_EM * scale.font)}}}"
        f".map-key-entry{{fill:{colours['label']};font-family:{font_family}}}"
    )


def draw_city_mark(role: str, *, palette: Palette = "screen", label_pt: float = 8.0) -> str:
    """The map's mark of a lead partner or a member ("lead", "member") alone, as printed on a map whose
    labels are `label_pt`: the map's key, drawn in its caption (width and height in pt)."""
    scale = Scale(font=label_pt, dot=DOT_EM * label_pt, border=0.0)  # one unit: one point
    city = City("", 0.0, 0.0, role == "lead")
    reach = num(mark_radius(city, scale.dot))
    size = num(2 * mark_radius(city, scale.dot))
    return (
        f'<svg xmlns="{SVG_NS}" class="map-key" viewBox="-{reach} -{reach} {size} {size}" '
        f'width="{size}pt" height="{size}pt" aria-hidden="true">'
        f"<style>{_marks_style(resolve_palette(palette), scale)}</style>{city_marker(city, scale.dot)}</svg>"
    )


def country_codes(codes: Iterable[str]) -> set[str]:
    """Upper-cased ISO alpha-2 codes, each checked against the shapes we have."""
    wanted = {code.upper() for code in codes}
    if unknown := wanted - shaped_countries():
        raise ValueError(f"highlight_countries: no shape for {sorted(unknown)} in {DATA_FILE.name}")
    return wanted


@lru_cache(maxsize=1)
def shaped_countries() -> frozenset[str]:
    """The codes a partner's country may have to be shaded: each shape's own, and its state's."""
    return frozenset(
        code for c in load_map_data()["countries"] for code in (c.get("iso_a2"), c.get("sovereign")) if code
    )


def _ring_path(ring: list[float]) -> str:
    points = [f"{num(ring[i])} {num(ring[i + 1])}" for i in range(0, len(ring), 2)]
    return "M" + points[0] + "L" + " ".join(points[1:]) + "Z"


@lru_cache(maxsize=1)
def _countries() -> list[tuple[str, set[str], Frame, str]]:
    """Each shape once: its code, the codes that shade it, its bounding box, its path data."""
    shapes = []
    for country in load_map_data()["countries"]:
        xs = [v for ring in country["rings"] for v in ring[0::2]]
        ys = [v for ring in country["rings"] for v in ring[1::2]]
        d = "".join(_ring_path(ring) for ring in country["rings"])
        codes = {country.get("iso_a2"), country.get("sovereign")} - {None}
        shapes.append((country.get("iso_a2") or "", codes, Frame(min(xs), min(ys), max(xs), max(ys)), d))
    return shapes


def _country_paths(highlight: set[str], frame: Frame) -> list[str]:
    """The shapes that reach the frame (the <svg> clips them at its edge), partners' tinted."""
    paths = []
    for code, codes, box, d in _countries():
        if box.x1 < frame.x0 or box.x0 > frame.x1 or box.y1 < frame.y0 or box.y0 > frame.y1:
            continue
        css = "map-land map-land--partner" if codes & highlight else "map-land"
        paths.append(f'<path class="{css}" data-country="{code}" d="{d}"/>')
    return paths


def _label_content(label: Label) -> str:
    """The label's text; its local name, when there is one, in a <tspan> of its own colour."""
    if not label.local:
        return escape(label.text, quote=False)
    name = label.text[: -len(label.local) - 1]
    return f'{escape(name, quote=False)}<tspan class="map-label--local"> {escape(label.local, quote=False)}</tspan>'


def _leader_lines(labels: list[Label]) -> list[str]:
    """The lines from the marks to the labels set apart from them: a halo first, as the names have, so
    each reads over borders and coasts, then the line in the labels' colour."""
    lines = []
    for css in ("map-leader map-leader--halo", "map-leader"):
        for leader in (label.leader for label in labels if label.leader is not None):
            ends = f"M{num(leader.x0)} {num(leader.y0)}L{num(leader.x1)} {num(leader.y1)}"
            lines.append(f'<path class="{css}" d="{ends}"/>')
    return lines


def _key(key: MapKey | None, font_size: float) -> list[str]:
    """The key of the numbered cities, when the map has one: a box in its corner, a line per number."""
    if key is None:
        return []
    box = key.box
    shape = f'<rect class="map-key-box" x="{num(box.x0)}" y="{num(box.y0)}" width="{num(box.x1 - box.x0)}" height="{num(box.y1 - box.y0)}"/>'
    lines = [
        f'<text class="map-key-entry" x="{num(key.x)}" y="{num(baseline)}" font-size="{num(font_size)}">{escape(entry, quote=False)}</text>'
        for entry, baseline in zip(key.entries, key.baselines, strict=True)
    ]
    return [shape, *lines]


def _label_texts(labels: list[Label], font_size: float, halo_font: str | None = None) -> list[str]:
    """Each label twice: a halo stroke first so it reads over borders and coastlines, then the text.

    With `halo_font` (the labels' font file), the halo is the glyphs' outline, a path: the name is
    then text once only (for text extraction and search)."""
    texts = []
    for css in ("map-label map-label--halo", "map-label"):
        for label in labels:
            if halo_font and css != "map-label":
                d = outline_path(label.text, label.x, label.y, label.anchor, font_size, halo_font)
                texts.append(f'<path class="map-label--halo" d="{d}"/>')
                continue
            content = escape(label.text, quote=False) if css != "map-label" else _label_content(label)
            texts.append(
                f'<text class="{css}" x="{num(label.x)}" y="{num(label.y)}" text-anchor="{label.anchor}" '
                f'font-size="{num(font_size)}">{content}</text>'
            )
    return texts


def _map_shapes(
    city_list: list[City], highlight: set[str], frame: Frame, scale: Scale, *, labels: bool, halo_font: str | None
) -> str:
    """Land, then the city marks (the lead's on top), then the leader lines and the labels, kept inside the frame."""
    parts = _country_paths(highlight, frame)
    parts += [city_marker(city, scale.dot) for city in sorted(city_list, key=lambda c: c.lead)]
    if labels:
        margin = scale.font * 0.5
        inner = Box(frame.x0 + margin, frame.y0 + margin, frame.x1 - margin, frame.y1 - margin)
        placed = place_labels(city_list, font_size=scale.font, dot_radius=scale.dot, frame=inner)
        parts += (
            _key(placed.key, scale.font)
            + _leader_lines(placed.labels)
            + _label_texts(placed.labels, scale.font, halo_font)
        )
    return "".join(parts)


def _map_document(style: str, shapes: str, title: str | None, frame: Frame) -> str:
    """The <svg> element around the shapes: the frame as viewBox, accessible name, the palette's
    <style>, the sea. No width or height: WeasyPrint reads those attributes as author declarations,
    over the project's stylesheets (user origin: engine.SVG_SIZE_ATTRIBUTES), so the page's CSS
    sizes the map only without them; the viewBox gives its aspect."""
    x, y, width, height = num(frame.x0), num(frame.y0), num(frame.width), num(frame.height)
    aria, title_element = accessible_name(title)
    return (
        f'<svg xmlns="{SVG_NS}" class="europe-map" viewBox="{x} {y} {width} {height}"{aria}>{title_element}'
        f"<style>{style}</style>"
        f'<rect class="map-sea" x="{x}" y="{y}" width="{width}" height="{height}"/>' + shapes + "</svg>"
    )


def draw_europe_map(
    cities: Iterable[Any],
    *,
    view: MapView = DEFAULT_VIEW,
    labels: bool = True,
    highlight_countries: Iterable[str] = (),
    palette: Palette = "screen",
    font_family: str = "Inter, sans-serif",
    title: str | None = None,
    border_pt: float = BORDER_PT,
    halo_font: str | None = None,
    frame: Frame | None = None,
) -> str:
    """An <svg> map locating the partner cities, framed around them (graphics/frame.py).

    cities: dicts or objects with `name` (the label, already localised: keep it short, e.g.
        "Seine-Saint-Denis"), optionally `local` (the name in the place's own language, printed
        after it), `lat` and `lon` (or a `location` holding them) and `role` ("lead" or "member").
    view: the box the page prints the map in (mm) and the labels' size there (pt); the frame takes
        the box's aspect, and the labels, marks and borders their size from it.
    highlight_countries: ISO 3166 alpha-2 codes (e.g. "PT", "FR") whose land is tinted
        (`map-land--partner`); dependent territories follow their state (Åland with FI).
    palette: "screen" (sRGB), "print" (device-cmyk only) or a complete dict of colours (keys as
        in PALETTES; palette_for() builds one). Written into a <style> inside the SVG, because
        WeasyPrint does not apply the page's CSS to inline SVG.
    title: accessible name of the map (aria-label, and <title>: the tagged PDF's alternative text).
    border_pt: the white lines between countries, in points as printed (print: PRINT_BORDER_PT).
    halo_font: the labels' font file; the halos are then outlines, not a second text (screen).
    frame: the part of the map to show (map units); None: fitted to the cities.

    The <svg> has no width or height: the page's CSS sizes it (e.g. `svg.europe-map {width: 100%;
    height: auto}` in a box `view.width_mm` wide), at the view's aspect (its viewBox); drawn
    smaller than the view, its labels and marks shrink with it.
    """
    city_list = to_cities(cities)
    frame = frame or fit_frame([(c.x, c.y) for c in city_list], view)
    scale = Scale.of(view, frame, border_pt)
    style = _map_style(resolve_palette(palette), checked_font_family(font_family), scale)
    shapes = _map_shapes(
        city_list, country_codes(highlight_countries), frame, scale, labels=labels, halo_font=halo_font
    )
    return _map_document(style, shapes, title, frame)
