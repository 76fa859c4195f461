"""The figures of a publication's context: the map of Europe, the EU emblem and the QR code as SVG,
in the variant's colours, drawn once per process and only when a layout prints them."""

from __future__ import annotations

import re
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

# The map labels' size in the map's viewBox units (1000 across the map), for the width each kind
# prints its map at (its stylesheet): on paper a label is size × printed width / 1000.
# Poster: 145 mm wide at A2, labels 18 pt (the type scales with the sheet); overview: the
# text block's full width, 174 mm, labels 8 pt. Other kinds: the drawing's default.
MAP_LABEL_SIZE_OF_KIND = {"poster": 44.0, "overview": 16.5}


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
    sources: Sources, publication: Publication, language: Language, partners: list[SimpleNamespace], download_url: str
) -> dict[str, Any]:
    """The QR code, the maps and the EU emblem, as SVG; the maps drawn only if a layout prints them."""
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
        # In print the white borders are wide enough for the plates on the narrowest map (the overview's).
        "map_svg": LazyMarkup(
            lambda: drawn(
                graphics.draw_europe_map,
                cities,
                highlight_countries=highlight,
                palette=map_palette,
                title=map_alt,
                halo_font=halo_font,
                **(
                    {"font_size": MAP_LABEL_SIZE_OF_KIND[publication.kind]}
                    if publication.kind in MAP_LABEL_SIZE_OF_KIND
                    else {}
                ),
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
