"""The figures of a publication's context: the map of Europe, the EU emblem and the QR code as SVG,
in the variant's colours, drawn once per process and only when a layout prints them."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType, SimpleNamespace
from typing import Any

from markupsafe import Markup

from . import graphics
from .errors import SourceError
from .eu_visibility import emblem_text, funder_period
from .kinds import KIND_TABLE
from .localise import Language, join_list
from .logos import funder_logo, logo_box, logo_size_mm
from .map_labels import MAP_LABEL_LENGTH
from .messages import _
from .model import Brand
from .plan import Publication
from .sources import Sources
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
        publication.settings.drawing_palette,
        sea=colour("tint"),
        city=colour("primary"),
        city_lead=colour("accent"),
        label=colour("ink"),
        qr_dark=colour("ink"),
    )
    cover = graphics.palette_for(
        publication.settings.drawing_palette,
        sea="none",
        land=colour("paper", 0.14),
        land_partner=colour("paper", 0.32),
        border=colour("paper", 0.2),  # no ink: the borders may end anywhere near the trim
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


# The box each kind prints the map of the partners in, at print size (the page's stylesheet sizes
# the map to this width: tests/test_maps.py compares), and its labels' size. The frame takes the
# box's aspect. The poster's are at A2 and scale with the sheet, as its type does: its map is 36 %
# of the body's width (137 mm; the denser levels' narrower columns print its labels at 16-17 pt).
# The overview's spans the text block, 176 mm; with one or two events it shares the page with
# them, in a band (OVERVIEW_BAND_VIEW).
# Each kind's is its `map_mm` (kinds.KIND_TABLE); a kind that prints no map is given the brochure's.
MAP_VIEW_OF_KIND = MappingProxyType({kind.name: graphics.MapView(*kind.map_mm) for kind in KIND_TABLE if kind.map_mm})
UNPRINTED_MAP_VIEW = graphics.MapView(117.0, 121.0, 8.0)
OVERVIEW_BAND_VIEW = graphics.MapView(176.0, 130.0, 8.0)
# The brochure's cover: the whole sheet (with its bleed in print), the partners kept below the
# title block and above the publisher's line (shares of the sheet: left, top, right, bottom).
COVER_WINDOW = (0.1, 0.42, 0.06, 0.12)


def map_view(publication: Publication, banded: bool = False) -> graphics.MapView:
    """The map's box and label size in this publication (the poster's scaled with its sheet; the
    overview's in a band when `banded`)."""
    view = OVERVIEW_BAND_VIEW if banded else MAP_VIEW_OF_KIND.get(publication.kind, UNPRINTED_MAP_VIEW)
    if publication.scale_reference_mm is None:
        return view
    scale = publication.trim_mm[0] / publication.scale_reference_mm
    return graphics.MapView(view.width_mm * scale, view.height_mm * scale, view.label_pt * scale)


def cover_view(publication: Publication, bleed_mm: float) -> graphics.MapView:
    """The cover's map fills the sheet and its bleed: no coast is cut by an edge inside the page."""
    width, height = publication.trim_mm
    return graphics.MapView(width + 2 * bleed_mm, height + 2 * bleed_mm, window=COVER_WINDOW)


def map_cities(sources: Sources, language: Language) -> list[dict[str, Any]]:
    """The partners as the map names them: the place in this language (`city`, else `short_name`,
    else `name`), with its local name when the site asks for it."""
    cities = []
    for partner in sources.partners.partners:
        name, local = language.texts.place([partner.city, partner.short_name, partner.name], partner.language)
        cities.append(
            {
                "name": map_label(name),
                "local": local if sources.site.map.local_names else None,
                "lat": partner.location.lat,
                "lon": partner.location.lon,
                "role": "lead" if partner.role == "lead" else "member",
            }
        )
    return cities


def check_map_partners(sources: Sources) -> None:
    """Every partner on the map's data, and its country's shape there to shade: else a located error."""
    doc, shaped = sources.documents["partners.yaml"], graphics.shaped_countries()
    problems = []
    for index, partner in enumerate(sources.partners.partners):
        x, y = graphics.project_city(partner.location.lat, partner.location.lon)
        if not graphics.extent().contains(x, y):
            where = f"({partner.location.lat:g}, {partner.location.lon:g})"
            fix = _("check the latitude and longitude (lat: north, lon: east; west is negative)")
            problems.append(
                doc.problem(("partners", index, "location"), _("{where} lies outside the map").format(where=where), fix)
            )
        elif partner.country not in shaped:
            message = _("'{country}' has no shape on the map: its partners' country cannot be shaded").format(
                country=partner.country
            )
            fix = _("write the ISO 3166 code of the country the partner is in ({codes})").format(
                codes=", ".join(sorted(shaped))
            )
            problems.append(doc.problem(("partners", index, "country"), message, fix))
    if problems:
        raise SourceError(problems)


def drawings_context(
    sources: Sources,
    publication: Publication,
    language: Language,
    partners: list[SimpleNamespace],
    qr_url: str,
    banded: bool = False,
    qr_label: str | None = None,
) -> dict[str, Any]:
    """The QR code (to `qr_url`, titled `qr_label: url`, by default the download page's words), the maps
    and the EU emblem, as SVG; the maps drawn only if a layout prints them. `banded`: the page prints the
    map in a band (map_view)."""
    view = map_view(publication, banded)
    words = language.words
    map_palette, cover_palette = map_palettes(sources.site.brand, publication)
    check_map_partners(sources)
    cities = map_cities(sources, language)
    highlight = sorted({p.country for p in sources.partners.partners})
    # Screen files are read by text extractors: the labels' halos become outlines, not a second text.
    halo_font = label_font_file(sources) if publication.settings.extractable_text else None
    map_alt = words("map_alt", cities=join_list([p.name for p in partners], language.lang))
    emblem_alt = next((language.text(f.name) for f in sources.network.credits.funders if f.mark == "eu-emblem"), None)
    bleed = sources.site.print.bleed_mm if publication.settings.for_press else 0.0
    map_options = {"highlight_countries": highlight, "title": map_alt}
    return {
        "map_alt": map_alt,  # the layouts' aria-label and the SVG's <title>: one text
        "qr_svg": drawn(
            graphics.draw_qr_code,
            qr_url,
            palette=map_palette,
            title=f"{qr_label}: {qr_url}" if qr_label else words("qr_alt", url=qr_url),
        ),
        # Titles become the tagged PDF's alternative text (see graphics.svg.accessible_name).
        # In print the white borders are wide enough for the plates (graphics.PRINT_BORDER_PT).
        "map_svg": LazyMarkup(
            lambda: drawn(
                graphics.draw_europe_map,
                cities,
                view=view,
                palette=map_palette,
                halo_font=halo_font,
                **map_options,
                **({"border_pt": graphics.PRINT_BORDER_PT} if publication.settings.for_press else {}),
            )
        ),
        "map_key": key_marks(map_palette, view.label_pt),
        "cover_map_svg": LazyMarkup(
            lambda: drawn(
                graphics.draw_europe_map,
                cities,
                view=cover_view(publication, bleed),
                labels=False,
                palette=cover_palette,
                **map_options,
            )
        ),
        "credit_marks": credit_marks(sources, publication, language),
        "eu_emblem_svg": Markup(
            graphics.draw_eu_emblem(height=None, palette=publication.settings.drawing_palette, title=emblem_alt)
        ),
    }


@dataclass(frozen=True)
class CreditMark:
    """One mark of the credits' row: the EU emblem (drawn), a logo file, or the name as a wordmark."""

    kind: str  # "eu-emblem", "logo", "wordmark" (a programme's), "partner" (a name)
    name: str
    src: str | None = None  # a logo's file, relative to the project
    alt: str | None = None
    style: str = ""  # the emblem's or the logo's size, at the row's common height
    text: str | None = None  # the emblem's words beside it, from the EU's table (eu_visibility)


def logo_height_mm(publication: Publication) -> float:
    """The credits' common height in this publication (the poster's scaled with its sheet)."""
    height, reference = publication.kind_record.logo_height_mm, publication.scale_reference_mm
    return height * publication.trim_mm[0] / reference if reference else height


def credit_marks(sources: Sources, publication: Publication, language: Language) -> list[CreditMark]:
    """The funders' marks in one row: logos at the common height (times each one's scale), names as
    wordmarks where there is no logo, the EU emblem as tall as the tallest logo (and at least the height)."""
    height, project = logo_height_mm(publication), Path(sources.root).parent
    marks, tallest = [], height
    for funder in sources.network.credits.funders:
        name, logo = language.text(funder.name), funder_logo(funder, sources.partners)
        box = logo_box(project / logo.src) if logo is not None else None
        if funder.mark == "eu-emblem":
            words = emblem_text(language.lang, funder_period(funder, sources.network), funder.statement)
            marks.append(CreditMark(funder.mark, name, text=words))
            continue
        if logo is None or box is None:
            marks.append(CreditMark(funder.mark, name))
            continue
        width_mm, height_mm = logo_size_mm(box, height, logo.scale)
        tallest = max(tallest, height_mm)
        style = f"width: {width_mm:.2f}mm; height: {height_mm:.2f}mm"
        marks.append(CreditMark("logo", name, logo.src, language.text(logo.alt) or name, style))
    emblem = f"width: {1.5 * tallest:.2f}mm; height: {tallest:.2f}mm"
    return [replace(m, style=emblem) if m.kind == "eu-emblem" else m for m in marks]


def key_marks(palette: dict[str, str], label_pt: float) -> dict[str, Markup]:
    """The map's marks drawn for its caption, the lead partner's and a member's, at their size on the map."""
    return {
        role: Markup(
            f'<span class="map__mark">{graphics.draw_city_mark(role, palette=palette, label_pt=label_pt)}</span>'
        )
        for role in ("lead", "member")
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
