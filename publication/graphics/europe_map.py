"""The map of Europe locating the partner cities: the land, the city marks, their labels, a key."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

from .cities import City, city_marker, to_cities
from .labels import Box, Label, place_labels
from .outlines import outline_path
from .projection import DATA_FILE, load_map_data
from .svg import SVG_NS, Palette, accessible_name, checked_font_family, num, resolve_palette


def _map_style(colours: Mapping[str, str], font_family: str, border_width: float = 0.9, zoom: float = 1.0) -> str:
    """The drawing's rules; `zoom`: the frame's width over the whole map's (its strokes keep their
    printed width in a frame that shows part of the map)."""
    return (
        f".map-sea{{fill:{colours['sea']}}}"
        f".map-land{{fill:{colours['land']};stroke:{colours['border']};stroke-width:{num(border_width * zoom)};"
        "stroke-linejoin:round}"
        f".map-land--partner{{fill:{colours['land_partner']}}}"
        f".map-city{{fill:{colours['city']};stroke:{colours['city_outline']};stroke-width:{num(2 * zoom)}}}"
        f".map-city--lead{{fill:{colours['city_lead']}}}"
        f".map-city-ring{{fill:none;stroke:{colours['city_lead']};stroke-width:{num(2.5 * zoom)}}}"
        f".map-label{{fill:{colours['label']};font-family:{font_family}}}"
        # No map draws a legend panel any more (the layouts caption the map instead); the rule stays
        # until the maps' bytes may change, since every map's <style> carries it.
        f".map-legend-panel{{fill:{colours['label_halo']};stroke:{colours['land']};stroke-width:1.5}}"
        f".map-label--halo{{fill:none;stroke:{colours['label_halo']};stroke-width:{num(5 * zoom)};stroke-linejoin:round}}"
    )


Frame = tuple[float, float, float, float]  # (left, top, right, bottom) in the whole map's units


def whole_map() -> Frame:
    projection = load_map_data()["projection"]
    return (0.0, 0.0, projection["width"], projection["height"])


# The narrowest map printed is the A3 poster's, 97 mm (275 pt) for 1000 units: 1.5 units are 0.41 pt.
PRINT_BORDER_WIDTH = 1.5


def _country_codes(codes: Iterable[str]) -> set[str]:
    """Upper-cased ISO alpha-2 codes, each checked against the shapes we have."""
    wanted = {code.upper() for code in codes}
    if unknown := wanted - {c.get("iso_a2") for c in load_map_data()["countries"]}:
        raise ValueError(f"highlight_countries: no shape for {sorted(unknown)} in {DATA_FILE.name}")
    return wanted


def _ring_path(ring: list[float]) -> str:
    points = [f"{num(ring[i])} {num(ring[i + 1])}" for i in range(0, len(ring), 2)]
    return "M" + points[0] + "L" + " ".join(points[1:]) + "Z"


def _country_paths(highlight: set[str]) -> list[str]:
    paths = []
    for country in load_map_data()["countries"]:
        codes = {country.get("iso_a2"), country.get("sovereign")}
        css = "map-land map-land--partner" if codes & highlight else "map-land"
        d = "".join(_ring_path(ring) for ring in country["rings"])
        paths.append(f'<path class="{css}" data-country="{country.get("iso_a2") or ""}" d="{d}"/>')
    return paths


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
            texts.append(
                f'<text class="{css}" x="{num(label.x)}" y="{num(label.y)}" text-anchor="{label.anchor}" '
                f'font-size="{num(font_size)}">{escape(label.text, quote=False)}</text>'
            )
    return texts


def _map_shapes(
    city_list: list[City],
    highlight: set[str],
    *,
    labels: bool,
    font_size: float,
    dot_radius: float,
    halo_font: str | None = None,
    frame: Frame | None = None,
) -> str:
    """Land, then the city marks (the lead's on top), then the labels (inside the `frame`)."""
    left, top, right, bottom = frame or whole_map()
    margin = font_size * 0.5
    parts = _country_paths(highlight)
    parts += [city_marker(city, dot_radius) for city in sorted(city_list, key=lambda c: c.lead)]
    if labels:
        inner = Box(left + margin, top + margin, right - margin, bottom - margin)
        placed = place_labels(city_list, font_size=font_size, dot_radius=dot_radius, frame=inner)
        parts += _label_texts(placed, font_size, halo_font)
    return "".join(parts)


def _map_document(style: str, shapes: str, title: str | None, frame: Frame | None = None) -> str:
    """The <svg> element around the shapes: viewBox (the `frame`), accessible name, the palette's
    <style>, the sea."""
    left, top, right, bottom = frame or whole_map()
    x, y, width, height = num(left), num(top), num(right - left), num(bottom - top)
    aria, title_element = accessible_name(title)
    return (
        f'<svg xmlns="{SVG_NS}" class="europe-map" viewBox="{x} {y} {width} {height}"{aria}>{title_element}'
        f"<style>{style}</style>"
        f'<rect class="map-sea" x="{x}" y="{y}" width="{width}" height="{height}"/>' + shapes + "</svg>"
    )


def draw_europe_map(
    cities: Iterable[Any],
    *,
    labels: bool = True,
    highlight_countries: Iterable[str] = (),
    palette: Palette = "screen",
    font_family: str = "Inter, sans-serif",
    font_size: float = 24,
    dot_radius: float = 7,
    title: str | None = None,
    border_width: float = 0.9,
    halo_font: str | None = None,
    frame: Frame | None = None,
) -> str:
    """An <svg> map of Europe locating the partner cities.

    cities: dicts or objects with `name` (the label, already localised: keep it short, e.g.
        "Seine-Saint-Denis"), `lat` and `lon` (or a `location` holding them) and `role` ("lead" or
        "member").
    highlight_countries: ISO 3166 alpha-2 codes (e.g. "PT", "FR") whose land is tinted
        (`map-land--partner`); dependent territories follow their state (Åland with FI).
    palette: "screen" (sRGB), "print" (device-cmyk only) or a complete dict of colours (keys as
        in PALETTES; palette_for() builds one). Written into a <style> inside the SVG, because
        WeasyPrint does not apply the page's CSS to inline SVG.
    font_size, dot_radius: in viewBox units; the viewBox is 1000 wide, so on paper the size is
        font_size × (rendered width / 1000): 24 gives 8 pt at 120 mm (A5), 26 pt at 380 mm (A2).
    title: accessible name of the map (aria-label, and <title>: the tagged PDF's alternative text).
    border_width: of the white lines between countries, in viewBox units (0.9: 0.25 pt at 97 mm,
        the A3 poster's map; print passes PRINT_BORDER_WIDTH, 0.41 pt there).
    halo_font: the labels' font file; the halos are then outlines, not a second text (screen).
    frame: (left, top, right, bottom) in the whole map's units: the part of the map shown (the
        overview's band across its width; the poster's frame around the partners); None: the whole
        map. font_size, dot_radius and border_width are as on the whole map's width: a narrower
        frame scales them with it, so that they print at the same size.

    The <svg> has a viewBox and no width/height: size it from the page CSS
    (e.g. `svg.europe-map {width: 100%; height: auto}`).
    """
    zoom = (frame[2] - frame[0]) / load_map_data()["projection"]["width"] if frame else 1.0
    style = _map_style(resolve_palette(palette), checked_font_family(font_family), border_width, zoom)
    highlight = _country_codes(highlight_countries)
    city_list = to_cities(cities)
    shapes = _map_shapes(
        city_list,
        highlight,
        labels=labels,
        font_size=font_size * zoom,
        dot_radius=dot_radius * zoom,
        halo_font=halo_font,
        frame=frame,
    )
    return _map_document(style, shapes, title, frame)
