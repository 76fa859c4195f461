"""Merge the localised sources into the Jinja2 layouts: one HTML document per publication."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
from markupsafe import Markup

from . import graphics
from .localise import (
    Localiser,
    Messages,
    country_name,
    format_clock,
    format_dates,
    format_month,
    format_weekday,
    join_list,
    language_name,
)
from .model import Brand, Colour, Month
from .reproducible import source_date, w3c_date
from .sources import Sources

# Trim sizes in millimetres (portrait).
PAGE_SIZES_MM = {
    "A5": (148, 210),
    "A4": (210, 297),
    "A3": (297, 420),
    "A2": (420, 594),
    "A1": (594, 841),
    "B2": (500, 707),
}
TRIM_OF_KIND = {"brochure": "A5", "programme": "A4", "overview": "A4", "poster": "A2"}
KINDS = ("brochure", "poster", "overview", "programme")
VARIANTS = ("screen", "print")


@dataclass(frozen=True)
class Publication:
    """One document to make: what, in which language and variant, at which size."""

    kind: str
    lang: str
    variant: str
    workshop: str | None = None
    size: str | None = None

    @property
    def trim_name(self) -> str:
        return self.size or TRIM_OF_KIND[self.kind]

    @property
    def trim_mm(self) -> tuple[int, int]:
        return PAGE_SIZES_MM[self.trim_name]

    @property
    def slug(self) -> str:
        name = f"programme-{self.workshop}" if self.kind == "programme" else self.kind
        return f"{name}-{self.variant}"

    @property
    def relative_path(self) -> str:
        return f"{self.lang}/{self.slug}.pdf"


def make_environment(layouts: Path) -> jinja2.Environment:
    """Autoescaped, strict: a value missing from the context is an error, not a blank."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(layouts)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


# --- the context each layout reads -------------------------------------------------------


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


def css_colour(colour: Colour, variant: str, alpha: float | None = None) -> str:
    """A brand colour as CSS: device-cmyk() for print, sRGB hex on screen."""
    if variant == "print":
        c, m, y, k = (f"{v / 100:g}" for v in colour.cmyk)
        return f"device-cmyk({c} {m} {y} {k}{f' / {alpha:g}' if alpha is not None else ''})"
    if alpha is None:
        return colour.srgb
    r, g, b = (int(colour.srgb[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha:g})"


def map_palettes(brand: Brand, variant: str) -> tuple[dict[str, str], dict[str, str]]:
    """The map's colours from the brand: on a page, and quiet on the cover's primary colour."""
    colour = lambda name, alpha=None: css_colour(getattr(brand, name), variant, alpha)  # noqa: E731
    page = graphics.palette_for(variant, sea=colour("tint"), city=colour("primary"), city_lead=colour("accent"),
                                label=colour("ink"), qr_dark=colour("ink"))
    cover = graphics.palette_for(variant, sea="none", land=colour("paper", 0.14), land_partner=colour("paper", 0.32),
                                 border=colour("primary"), city=colour("paper"), city_outline=colour("primary"),
                                 city_lead=colour("accent"))
    return page, cover


def _partner_view(sources: Sources, loc: Localiser, partner) -> SimpleNamespace:
    view = loc.view(partner)
    view.country_name = country_name(partner.country, loc.lang)
    view.short_name = loc.text(partner.short_name) if partner.short_name else view.name
    view.native_name = loc.native(partner.name, partner.language)
    return view


def _workshop_view(sources: Sources, loc: Localiser, key: str, workshop) -> SimpleNamespace:
    lang = loc.lang
    view = loc.view(workshop)
    view.key = key
    view.host = _partner_view(sources, loc, sources.partner(workshop.host))
    view.date_label = format_dates(workshop.dates, workshop.end, lang)
    view.month_label = format_month(workshop.month, lang)
    view.month_only = isinstance(workshop.dates, Month)
    view.draft = workshop.status == "draft"
    for day, source_day in zip(view.agenda, workshop.agenda):
        day.label = format_weekday(source_day.date, lang)
        for session, source_session in zip(day.sessions, source_day.sessions):
            session.start_label = format_clock(source_session.start, lang)
            session.end_label = format_clock(source_session.end, lang) if source_session.end else None
            session.speakers_label = join_list(session.speakers, lang)
    return view


def _css_string(text: str) -> str:
    """Text as a CSS string, every character that could end it escaped."""
    escaped = "".join(ch if ch.isalnum() or ch in " .,:;-–/" else f"\\{ord(ch):x} " for ch in text)
    return f'"{escaped}"'


def page_margin_css(page_label: str, running_title: str) -> str:
    """Custom properties for the page margins' texts, which are data, not CSS:
    --page-label from the catalogue's 'Page {page} of {pages}' (words around the counters) and
    --running-title, the network's name in the running head or foot.
    """
    parts = []
    for i, chunk in enumerate(page_label.replace("{pages}", "\0pages\0").replace("{page}", "\0page\0").split("\0")):
        if i % 2:
            parts.append(f"counter({chunk})")
        elif chunk:
            parts.append(_css_string(chunk))
    return f":root {{ --page-label: {' '.join(parts)}; --running-title: {_css_string(running_title)}; }}"


def build_context(sources: Sources, publication: Publication, layouts: Path,
                  padding_pages: int = 0) -> dict[str, Any]:
    """Everything a layout may print, already in the publication's language."""
    lang = publication.lang
    loc = Localiser(lang, sources.site.source_language)
    partners = [_partner_view(sources, loc, p) for p in sources.partners.partners]
    lead = next(p for p in partners if p.role == "lead")
    members = [p for p in partners if p.role == "member"]
    workshops = [_workshop_view(sources, loc, key, w) for key, w in sources.workshops_in_order()]
    network = loc.view(sources.network)
    messages = Messages(layouts / "messages", lang, sources.site.source_language)
    download_url = f"{sources.site.base_url}{lang}/"
    variant = publication.variant
    map_palette, cover_palette = map_palettes(sources.site.brand, variant)
    cities = [{"name": p.short_name, "lat": p.location.lat, "lon": p.location.lon, "role": p.role} for p in partners]
    highlight = sorted({p.country for p in sources.partners.partners})
    map_alt = messages("map_alt", cities=join_list([p.name for p in partners], lang))
    emblem_alt = next((loc.text(f.name) for f in sources.network.credits.funders if f.mark == "eu-emblem"), None)
    context: dict[str, Any] = {
        "lang": lang,
        "variant": publication.variant,
        "kind": publication.kind,
        "trim": publication.trim_name,
        "trim_mm": publication.trim_mm,
        "_": messages,
        "page_margin_css": Markup(page_margin_css(messages("page_of", page="{page}", pages="{pages}"),
                                                  f"{sources.network.programme} · {network.name}")),
        "period": f"{sources.network.period.start}–{sources.network.period.end}",
        "download_url": download_url,
        "qr_svg": drawn(graphics.draw_qr_code, download_url, palette=map_palette,
                        title=messages("qr_alt", url=download_url)),
        "padding_pages": padding_pages,
        "site": loc.view(sources.site),
        "network": network,
        "partners": partners,
        "lead": lead,
        "members": members,
        "member_cities": join_list([p.name for p in members], lang),
        "member_cities_with_lead": join_list([p.name for p in partners], lang),
        "country_count": len({p.country for p in sources.partners.partners}),
        "map_legend": False,
        "workshops": workshops,
        "contacts": loc.view(sources.contacts).contacts,
        "language_name": language_name(lang, lang),
        # Titles become the tagged PDF's alternative text (see graphics.svg.accessible_name).
        "map_svg": LazyMarkup(lambda: drawn(graphics.draw_europe_map, cities, highlight_countries=highlight,
                                            palette=map_palette, title=map_alt)),
        "cover_map_svg": LazyMarkup(lambda: drawn(graphics.draw_europe_map, cities, labels=False,
                                                  highlight_countries=highlight, palette=cover_palette,
                                                  title=map_alt)),
        "eu_emblem_svg": Markup(graphics.draw_eu_emblem(height=None, palette=variant, title=emblem_alt)),
    }
    records_read = [sources.network, sources.partners]
    if publication.kind == "brochure":
        records_read.append(sources.contacts)
    if publication.kind in ("brochure", "overview"):  # they print the workshops' themes
        records_read += list(sources.workshops.values())
    if publication.kind == "programme":
        context["workshop"] = next(w for w in workshops if w.key == publication.workshop)
        context["calendar_url"] = f"{download_url}{calendar_path(publication.workshop)}"
        records_read.append(sources.workshops[publication.workshop])
    context["source_date"] = w3c_date(source_date(sources))  # never the clock: reproducible
    context["draft"] = any(record.status == "draft" for record in records_read)
    context["title"] = document_title(context, publication)
    return context


def calendar_path(workshop: str | None) -> str:
    """Where a workshop's .ics (None: the whole cycle's) lies inside a language's folder."""
    return f"calendar/{workshop or 'cycle'}.ics"


def document_title(context: dict[str, Any], publication: Publication) -> str:
    _ = context["_"]
    name = context["network"].name
    if publication.kind == "programme":
        workshop = context["workshop"]
        return f"{workshop.title} – {workshop.date_label}"
    return f"{name} – {_(f'title_{publication.kind}')}"


def render_html(env: jinja2.Environment, publication: Publication, context: dict[str, Any]) -> str:
    """The HTML of one publication."""
    return env.get_template(f"{publication.kind}.html").render(**context)
