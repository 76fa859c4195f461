"""The figures of a publication's context: the map of Europe, the EU emblem and the QR code as SVG,
in the variant's colours, drawn once per process and only when a layout prints them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from markupsafe import Markup

from . import graphics
from .localise import Language, join_list
from .model import Brand
from .plan import Publication
from .sources import MAP_LABEL_LENGTH, Sources
from .theme import theme_of


class LazyMarkup:
    """Safe markup drawn on first use: a programme never pays for the maps it does not print."""

    def __init__(self, draw) -> None:
        self._draw = draw
        self._markup: Markup | None = None

    def __html__(self) -> Markup:
        if self._markup is None:
            self._markup = Markup(self._draw())
        return self._markup

    __str__ = __html__


_drawings: dict[str, Markup] = {}


@dataclass(frozen=True)
class MapLayout:
    """How a kind prints the map of the partners: its labels' size in the whole map's units (the map
    is 1000 units across: a label prints at size × printed width ÷ 1000), and what part of the map
    it shows: a band across the map at `band_aspect` (width ÷ height) when the page prints it wide
    and low, or (`fitted`) a frame around the partners at the whole map's aspect; else all of it."""

    label_size: float = 24.0  # the drawing's default: 8 pt at 120 mm (the brochure, A5)
    band_aspect: float | None = None
    fitted: bool = False


# The poster's map is 137 mm wide at A2 (36 % of its body; the type scales with the sheet): labels
# 18 pt, in a frame around the partners (a cluster spread out, not piled up in a corner of Europe).
# The overview's spans the text block, 176 mm: labels 8 pt; with one or two events it shares the
# page with them, in a band 1.35 times as wide as it is high (130 mm) where the partners allow.
MAP_LAYOUT_OF_KIND = {"poster": MapLayout(46.0, fitted=True), "overview": MapLayout(16.5)}
OVERVIEW_BAND = MapLayout(16.5, band_aspect=1.35)
BAND_LABEL_MARGIN = 1.5  # label sizes kept above the northernmost partner and below the southernmost
# Around the partners of a fitted frame, in label sizes: room for a label of six letters beside the
# westernmost and the easternmost. The frame is at least this share of the map's width: the region
# stays recognisable.
FIT_SIDE_MARGIN = 3.5
FIT_LEAST_SHARE = 0.4


def map_frame(cities: list[dict], layout: MapLayout) -> tuple[float, float, float, float] | None:
    """The part of the map (left, top, right, bottom, in the whole map's units) the layout shows:
    a band across it that holds every partner with room for its label, at the layout's aspect where
    they allow (taller where they need it); a frame fitted to the partners; None: the whole map."""
    if layout.band_aspect is None and not layout.fitted:
        return None
    projection = graphics.load_map_data()["projection"]
    width, full = projection["width"], projection["height"]
    points = [graphics.project_city(city["lat"], city["lon"]) for city in cities]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    if layout.band_aspect is not None:
        margin = BAND_LABEL_MARGIN * layout.label_size
        height = min(full, max(max(ys) - min(ys) + 2 * margin, width / layout.band_aspect))
        top = min(max(0.0, (min(ys) + max(ys)) / 2 - height / 2), full - height)
        return (0.0, round(top, 1), width, round(top + height, 1))
    zoom = 1.0  # the labels shrink in map units with the frame: find the frame and its zoom together
    for _ in range(3):
        frame_width = max(
            max(xs) - min(xs) + 2 * FIT_SIDE_MARGIN * layout.label_size * zoom,
            (max(ys) - min(ys) + 2 * BAND_LABEL_MARGIN * layout.label_size * zoom) * width / full,
            FIT_LEAST_SHARE * width,
        )
        zoom = min(1.0, frame_width / width)
    frame_width, frame_height = zoom * width, zoom * full
    left = min(max(0.0, (min(xs) + max(xs)) / 2 - frame_width / 2), width - frame_width)
    top = min(max(0.0, (min(ys) + max(ys)) / 2 - frame_height / 2), full - frame_height)
    return (round(left, 1), round(top, 1), round(left + frame_width, 1), round(top + frame_height, 1))


def drawn(draw, *args, **kwargs) -> Markup:
    """An SVG drawn once per process for the same arguments: publications of a language share them."""
    key = repr((draw.__name__, args, sorted(kwargs.items())))
    if key not in _drawings:
        _drawings[key] = Markup(draw(*args, **kwargs))
    return _drawings[key]


def map_palettes(brand: Brand, publication: Publication) -> tuple[dict[str, str], dict[str, str]]:
    """The map's colours from the brand: on a page, and quiet on the cover's primary colour."""
    brand = publication.settings.palette(brand)

    def colour(name: str, alpha: float | None = None) -> str:
        return publication.settings.css_colour(getattr(brand, name), alpha)

    page = graphics.palette_for(
        publication.variant,
        sea=colour("tint"),
        city=colour("primary"),
        city_lead=colour("accent"),
        label=colour("ink"),
        qr_dark=colour("ink"),
    )
    cover = graphics.palette_for(
        publication.variant,
        sea="none",
        land=colour("paper", 0.14),
        land_partner=colour("paper", 0.32),
        border=colour("primary"),
        city=colour("paper"),
        city_outline=colour("primary"),
        city_lead=colour("accent"),
    )
    return page, cover


# The face the map labels use (Inter, regular: the SVG's `font-family`) as styles/fonts.css declares it.
_LABEL_FACE = re.compile(
    r'font-family:\s*"Inter";\s*font-weight:\s*400;\s*font-style:\s*normal;\s*src:\s*url\("([^"]+)"\)'
)


def label_font_file(sources: Sources) -> str | None:
    """The map labels' font file, for halos drawn as outlines; None if the stylesheet names none."""
    theme = theme_of(Path(sources.root).parent)
    fonts_css = theme.file("styles/fonts.css")
    found = _LABEL_FACE.search(fonts_css.read_text(encoding="utf-8")) if fonts_css.is_file() else None
    font = theme.winner(fonts_css.parent / found.group(1)) if found else None
    return str(font) if font is not None and font.is_file() else None


def drawings_context(
    sources: Sources,
    publication: Publication,
    language: Language,
    partners: list[SimpleNamespace],
    download_url: str,
    map_layout: MapLayout | None = None,
) -> dict[str, Any]:
    """The QR code, the maps and the EU emblem, as SVG; the maps drawn only if a layout prints them.
    `map_layout`: how the page prints the map (else its kind's, MAP_LAYOUT_OF_KIND)."""
    words = language.words
    map_palette, cover_palette = map_palettes(sources.site.brand, publication)
    cities = [
        {
            "name": map_label(p.short_name),
            "lat": p.location.lat,
            "lon": p.location.lon,
            "role": "lead" if p.role == "lead" else "member",
        }
        for p in partners
    ]
    highlight = sorted({p.country for p in sources.partners.partners})
    # Screen files are read by text extractors: the labels' halos become outlines, not a second text.
    halo_font = label_font_file(sources) if publication.settings.extractable_text else None
    map_alt = words("map_alt", cities=join_list([p.name for p in partners], language.lang))
    emblem_alt = next((language.text(f.name) for f in sources.network.credits.funders if f.mark == "eu-emblem"), None)
    return {
        "map_alt": map_alt,  # the layouts' aria-label and the SVG's <title>: one text
        "qr_svg": drawn(
            graphics.draw_qr_code, download_url, palette=map_palette, title=words("qr_alt", url=download_url)
        ),
        # Titles become the tagged PDF's alternative text (see graphics.svg.accessible_name).
        # In print the white borders are wide enough for the plates on the narrowest map (the A3 poster's).
        "map_svg": LazyMarkup(
            lambda: drawn(
                graphics.draw_europe_map,
                cities,
                highlight_countries=highlight,
                palette=map_palette,
                title=map_alt,
                halo_font=halo_font,
                **map_options(cities, map_layout or MAP_LAYOUT_OF_KIND.get(publication.kind, MapLayout())),
                **({"border_width": graphics.PRINT_BORDER_WIDTH} if publication.settings.for_press else {}),
            )
        ),
        "cover_map_svg": LazyMarkup(
            lambda: drawn(
                graphics.draw_europe_map,
                cities,
                labels=False,
                highlight_countries=highlight,
                palette=cover_palette,
                title=map_alt,
            )
        ),
        "eu_emblem_svg": Markup(graphics.draw_eu_emblem(height=None, palette=publication.variant, title=emblem_alt)),
    }


def map_options(cities: list[dict], layout: MapLayout) -> dict[str, Any]:
    """The drawing's options for a layout: its labels' size, and its frame if it has one."""
    frame = map_frame(cities, layout)
    return {"font_size": layout.label_size, **({"frame": frame} if frame else {})}


def map_label(name: str) -> str:
    """A partner's label on the map: its short name, cut at a word with an ellipsis when too long
    (sources.py warns and says to give a `short_name`)."""
    if len(name) <= MAP_LABEL_LENGTH:
        return name
    words = name.split(" ")
    cut = words[0][: MAP_LABEL_LENGTH - 1]
    for word in words[1:]:
        if len(f"{cut} {word.rstrip(',;:')}") > MAP_LABEL_LENGTH - 1:
            break
        cut = f"{cut} {word}"
    return f"{cut.rstrip(' ,–-')}…"
