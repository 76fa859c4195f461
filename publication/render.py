"""Merge the localised sources into the Jinja2 layouts: one HTML document per publication."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
from markupsafe import Markup

from .booklet import Booklet
from .changelist import changes_context
from .drafts import records_printed
from .errors import Problem, SourceError
from .figures import drawings_context
from .kit import kit_context
from .links import printed_address, qr_target, web_links
from .localise import (
    Language,
    country_name,
    event_words,
    format_dates,
    format_month,
    join_list,
    kind_title,
    language_name,
)
from .messages import _
from .model import Place
from .plan import DENSITIES, Publication, calendar_path
from .reproducible import source_date, w3c_date
from .scripts import Written, written_parts
from .sources import Sources
from .templates import make_environment as make_environment  # the stages after render take it from here
from .theme import theme_of
from .timetable import PageBreaks, day_views
from .typography import LEAD_LAST_WORDS, ending_whole, events_kept_whole, keep_last_words, kept_whole, page_margin_css
from .wording import host_label_key

# Text between tags, outside <head>, <style>, <script> and inline <svg> (whose text is no HTML).
_TEXT_NODES = re.compile(r"(<(head|style|script|svg)\b.*?</\2>)|(<[^>]*>)|([^<]+)", re.DOTALL)
# An acronym: three capitals or more, alone (URBACT, FEDER, ERDF): never a piece of a longer word;
# with the plain space before it, if any.
_ACRONYM = re.compile(r"( ?)(?<![\w\u2011&#-])([A-ZÀ-Þ]{3,})(?![\w\u2011;-])")
# The last words of a text that ends a line (a paragraph, an item, a cell, a <br>): a word and a
# final acronym with its punctuation, "du programme (FEDER)."
_FINAL_ACRONYM = re.compile(r"(^| )([^\s<]+) ([(«“\"']?(?<![\w\u2011&#-])[A-ZÀ-Þ]{3,}(?![\w\u2011;-])[^\w\s]*)(\s*)$")
_LINE_END = re.compile(r"</(p|li|dd|dt|td|th|h[1-6]|div|figcaption|blockquote)>|<br\b")


def keep_acronyms_whole(html: str) -> str:
    """Wrap acronyms of running text in `<span class="acronym">` (styles: never hyphenated):
    "UR‐BACT" read or extracted with its hyphen is another word.

    WeasyPrint 70 (text/line_break.split_first_line) measures a text that ends in a space with
    that space: when the words before an inline element fill a line but for it, the line is broken
    after its first word, and a lone word or the acronym ends up on a line of its own. So no text
    ends in a space before a span: the space goes inside it; and a final acronym takes the word
    before it, joined by a no-break space, so that the last line never holds the acronym alone."""

    def wrap(match: re.Match) -> str:
        text = match.group(4)
        if text is None or text == text.upper():  # markup, or a label in capitals (the draft mark): no running text
            return match.group(0)
        final = _FINAL_ACRONYM.search(text) if _LINE_END.match(html, match.end()) else None
        tail = ""
        if final:
            space, word, acronym, after = final.groups()
            tail = f'<span class="acronym">{space}{word}\u00a0{acronym}</span>{after}'
            text = text[: final.start()]
        return _ACRONYM.sub(r'<span class="acronym">\1\2</span>', text) + tail

    return _TEXT_NODES.sub(wrap, html)


NB_HYPHEN = "\u2011"
# A word joined by non-breaking hyphens (typography._COMPOUND_NAME: "Val‑de‑Marne").
# Only from a word's start (the lookbehind): tried at every letter, the scan would be quadratic in a long word.
_COMPOUND = re.compile(r"(?<![\w’'.])[\w’'.]*\u2011[\w\u2011’'.]*")


def plain_hyphens_in_compounds(html: str) -> str:
    """Compound names kept whole by CSS, their hyphens plain: U+2011 would reach the text layer, the
    metadata and the alternative texts, where a search for "Val-de-Marne" typed with '-' misses it.
    In running text each such word becomes `<span class="compound">` (styles: white-space: nowrap),
    the space before it left outside (the span must still break before it); in the head, tags'
    attributes, inline SVG and styles, the hyphen is simply plain (none of them breaks lines)."""

    def plain(match: re.Match) -> str:
        if match.group(4) is None:
            return match.group(0).replace(NB_HYPHEN, "-")
        return _COMPOUND.sub(
            lambda m: '<span class="compound">' + m[0].replace(NB_HYPHEN, "-") + "</span>", match.group(4)
        )

    return _TEXT_NODES.sub(plain, html)


def render_html(env: jinja2.Environment, publication: Publication, context: dict[str, Any]) -> str:
    """The HTML of one publication, acronyms and compound names kept whole (in print as on screen);
    a layout that cannot be read is a SourceError at its line."""
    return plain_hyphens_in_compounds(keep_acronyms_whole(render_layout(env, publication.layout, context)))


def render_layout(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """A layout (a publication's or the download page's) rendered; one that cannot be read is a
    SourceError at its line."""
    try:  # a template that does not exist is met when the layout includes it, while it renders
        return env.get_template(name).render(**context)
    except (jinja2.TemplateSyntaxError, jinja2.TemplateNotFound) as exc:
        searchpath = env.loader.searchpath if isinstance(env.loader, jinja2.FileSystemLoader) else ["layouts"]
        raise SourceError([template_problem(exc, Path(searchpath[0]), name)]) from None


def template_problem(exc: jinja2.TemplateError, layouts: Path, name: str) -> Problem:
    """A layout's syntax error, or a template it includes that does not exist, located."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        file = Path(exc.filename) if exc.filename else layouts / (exc.name or name)
        shown = theme_of(layouts.parent).shown(file) if file.is_absolute() else file.as_posix()
        return Problem(
            shown,
            exc.lineno,
            "",
            _("Jinja syntax error: {message}").format(message=exc.message),
            _("correct the template at that line (see the other layouts for the expected form)"),
        )
    return Problem(
        f"layouts/{name}",
        None,
        "",
        _("(or a template it includes) names one that does not exist: {exc}").format(exc=exc),
        _("correct the name in {% include %} or {% extends %}"),
    )


# --- drawings ------------------------------------------------------------------------------


class LazyList(Sequence):
    """A list made on first use: a programme never views the workshops it does not list."""

    def __init__(self, make) -> None:
        self._make = make
        self._items: list | None = None

    def _list(self) -> list:
        if self._items is None:
            self._items = self._make()
        return self._items

    def __getitem__(self, index):
        return self._list()[index]

    def __len__(self) -> int:
        return len(self._list())


# --- the records, in one language ------------------------------------------------------------


def _partner_view(language: Language, partner) -> SimpleNamespace:
    view = language.texts.view(partner)
    view.country_name = country_name(partner.country, language.lang)
    view.short_name = language.text(partner.short_name) if partner.short_name else view.name
    view.native_name = other_name(view.name, language.texts.native(partner.name, partner.language))
    # Its names as printed: a run in another script than the page's, tagged with its language.
    view.name_parts = written_parts(view.name, language.lang, partner.country, partner.language)
    view.short_name_parts = written_parts(view.short_name, language.lang, partner.country, partner.language)
    # Associates and observers are named as such; leads and partners by their place in the layout.
    view.role_label = language.words(f"role_{partner.role}") if partner.role in ("associate", "observer") else None
    return view


def listed_parts(names: list[list[Written]], lang: str) -> list[Written]:
    """Names in parts joined as the language lists them ("A, B et C"), each part keeping its language."""
    joined = join_list([f"\x00{i}\x00" for i in range(len(names))], lang)
    parts: list[Written] = []
    for i, between in enumerate(joined.split("\x00")):
        parts += names[int(between)] if i % 2 else [Written(between)] if between else []
    return parts


def other_name(name: str, native: str | None) -> str | None:
    """The name in its own language where it tells the reader something: Dresden beside Dresde, not
    "Département du Val-de-Marne" beside "Val-de-Marne Département" (the same words again)."""
    if native is None:
        return None
    words = {word.casefold() for word in re.findall(r"[\w‑-]+", native)}
    return None if {word.casefold() for word in re.findall(r"[\w‑-]+", name)} <= words else native


def _host_view(language: Language, host) -> SimpleNamespace:
    """The host as a partner is shown (name, country, native name), whether a partner or a place;
    for a programme's masthead, its label, which follows the host ("Ville hôte", "Organisation hôte"…), and
    the organisation printed beneath its short name and country: a partner's full name where it
    differs from the short one ("Département du Val-de-Marne"), a place's organisation."""
    if isinstance(host, Place):
        view = SimpleNamespace(
            name=language.text(host.city),
            short_name=language.text(host.city),
            country_name=country_name(host.country, language.lang),
            organisation=language.text(host.organisation),
            native_name=None,
        )
        view.name_parts = view.short_name_parts = written_parts(view.name, language.lang, host.country)
        view.organisation_parts = written_parts(view.organisation or "", language.lang, host.country)
        kind = None  # a place is a city
    else:
        view = _partner_view(language, host)
        view.organisation = view.name if view.name != view.short_name else None
        view.organisation_parts = view.name_parts
        kind = host.kind
    view.label = language.words(host_label_key(kind))
    return view


def _workshop_view(sources: Sources, language: Language, key: str, workshop) -> SimpleNamespace:
    lang = language.lang
    view = language.texts.view(workshop.model_copy(update={"agenda": []}))
    view.key = key
    view.theme = ending_whole(view.theme)
    view.kind_label = event_kind_label(sources, language, key, workshop.kind)
    view.host = _host_view(language, sources.host_of(workshop))
    view.date_label = format_dates(workshop.dates, workshop.end, lang)
    view.month_label = format_month(workshop.month, lang)
    view.month_only = not workshop.days_known
    view.draft = workshop.status == "draft"
    view.agenda = LazyList(lambda: day_views(language, workshop))  # a listing never reads it
    return view


def event_kind_label(sources: Sources, language: Language, key: str, kind: str) -> str:
    """'Atelier transnational', 'Conférence annuelle': the sources' own label, else the catalogue's."""
    if kind in sources.site.event_kinds:
        return language.text(sources.site.event_kinds[kind])
    word = f"event_{kind.replace('-', '_')}"
    if word not in language.words.words:
        doc = sources.documents[key]
        known = sorted(
            name.removeprefix("event_").replace("_", "-") for name in language.words.words if name.startswith("event_")
        )
        raise SourceError(
            [
                Problem(
                    doc.file,
                    doc.line_of(("kind",)),
                    "kind",
                    _("'{kind}' is not a kind of event the message catalogues name").format(kind=kind),
                    _(
                        "use one of {known}, or name it in sources/site.yaml: `event_kinds: {{{kind}: {{fr: …, en: …}}}}`"
                    ).format(known=", ".join(known), kind=kind),
                )
            ]
        )
    return language.words(word)


# --- the context each layout reads -------------------------------------------------------

# How the overview arranges its events (styles/overview.css), by their number: one, "feature", and
# two, "pair": one page, the event large beside the aim (two side by side), the map in a band below;
# up to five, "list": one column filling the first page; beyond, "columns": two. In a list the
# network's map and partners follow the events, on the second page.
OVERVIEW_ARRANGEMENTS = ((1, "feature"), (2, "pair"), (5, "list"))
OVERVIEW_MANY = "columns"
OVERVIEW_ONE_PAGE = ("feature", "pair")  # the map in a band (figures.OVERVIEW_BAND_VIEW)


def overview_arrangement(events: int) -> str:
    return next((name for most, name in OVERVIEW_ARRANGEMENTS if events <= most), OVERVIEW_MANY)


def build_context(
    sources: Sources,
    publication: Publication,
    language: Language,
    density: str = DENSITIES[0],
    booklet: Booklet | None = None,
) -> dict[str, Any]:
    """Everything a layout may print, already in the publication's language, at `density` (a class
    of the root element); a brochure's pages as `booklet` plans them (else each block on its own)."""
    partners = [_partner_view(language, p) for p in sources.partners.partners]
    context: dict[str, Any] = {
        **_publication_context(publication, language, sources),
        **_network_context(sources, language, partners),
        "booklet": booklet or Booklet(density=density),
        "density": density,
        "page_breaks": PageBreaks(),  # none until the pagination has measured the pages
        "workshops": LazyList(
            lambda: [_workshop_view(sources, language, key, w) for key, w in sources.workshops_in_order()]
        ),
        "contacts": language.texts.view(sources.contacts).contacts,
    }
    context["arrangement"] = overview_arrangement(len(sources.workshops))
    context["one_page"] = context["arrangement"] in OVERVIEW_ONE_PAGE
    context.update(qr_target(publication, language, context["download_url"]))
    context.update(
        drawings_context(
            sources,
            publication,
            language,
            partners,
            context["qr_url"],
            publication.kind_record.map_banded_on_one_page and context["one_page"],  # the map in a band
            context["qr_label"],
        )
    )
    if publication.workshop:
        workshop = sources.workshops[publication.workshop]
        context["workshop"] = _workshop_view(sources, language, publication.workshop, workshop)
        context["calendar_url"] = (
            # a month-only event has no calendar yet
            f"{context['download_url']}{calendar_path(publication.workshop)}" if workshop.days_known else None
        )
        context.update(
            web_links(sources, publication), **changes_context(sources, publication, language, context["workshop"])
        )
    context.update(kit_context(sources, publication, language))  # the event kit's (kit.py), for a private kind
    if not publication.kind_record.typeset:
        context.update(
            web_css=Markup(""), logo_images={}
        )  # a web page's own: the document's (webpage.web_page_context)
    context["source_date"] = w3c_date(source_date(sources))  # never the clock: reproducible
    context["draft"] = any(record.status == "draft" for record in records_printed(sources, publication))
    context["title"] = document_title(context, publication)
    return context


def _publication_context(publication: Publication, language: Language, sources: Sources) -> dict[str, Any]:
    """What the plan decided: kind, size, language, variant; what the publication is called (the
    brochure's cover subtitle)."""
    title = kind_title(language, sources.network, publication.kind)
    return {
        "kind_title": title,
        "cover_subtitle": keep_last_words(title),
        "lang": language.lang,
        "variant": publication.variant,
        "live_links": publication.settings.live_links,
        "kind": publication.kind,
        "trim": publication.trim_name,
        "trim_mm": publication.trim_mm,
        "_": language.words,
        "language_name": language_name(language.lang, language.lang),
        "map_legend": False,
    }


def _network_context(sources: Sources, language: Language, partners: list[SimpleNamespace]) -> dict[str, Any]:
    """The network, its partners, and the page margins' texts."""
    lang, words = language.lang, language.words
    network = kept_whole(language.texts.view(sources.network))
    members = [p for p in partners if p.role != "lead"]  # partners, associates and observers, in order
    lead = next((p for p in partners if p.role == "lead"), None)  # a network may have no lead
    countries = len({p.country for p in sources.partners.partners})
    authorities = any(p.kind != "organisation" for p in sources.partners.partners)  # cities, regions…
    return {
        "partners_intro": keep_last_words(
            words(
                "partners_intro" if lead else "partners_intro_no_lead",
                count=len(partners),
                countries=words("european_countries", count=countries),
            ),
            LEAD_LAST_WORDS,
        ),
        "about_title": words("network" if authorities else "project"),
        "map_title": words(
            "map_caption" if all(p.kind == "city" for p in sources.partners.partners) else "map_title_partners"
        ),
        "page_margin_css": Markup(
            page_margin_css(
                words("page_of", page="{page}", pages="{pages}"), f"{sources.network.programme} · {network.name}"
            )
        ),
        "period": period_label(sources.network.period),
        "download_url": f"{sources.site.base_url}{lang}/",
        "download_address": printed_address(f"{sources.site.base_url}{lang}/"),
        "site": language.texts.view(sources.site),
        "network": network,
        "partners": partners,
        "lead": lead,
        "members": members,
        "member_parts": listed_parts([p.name_parts for p in members], lang),
        "keywords": ", ".join(
            word
            for word in [
                sources.network.programme,
                network.name,
                network.kind,
                join_list([p.name for p in members], lang),
                *network.keywords,
            ]
            if word
        ),
        "events": events_kept_whole(event_words(language, sources.network, len(sources.workshops))),
        "country_count": countries,
    }


def period_label(period) -> str:
    """'2016–2018', or '2018' for a network of one year (never '2018–2018')."""
    return str(period.start) if period.start == period.end else f"{period.start}–{period.end}"


def document_title(context: dict[str, Any], publication: Publication) -> str:
    # The PDF's title: an event's (an insert's starts with its kind's name), else the network's and the kind's.
    if publication.workshop:
        named = f"{context['kind_title']} – " if publication.kind_record.title_names_kind else ""
        return f"{named}{context['workshop'].title} – {context['workshop'].date_label}"
    return f"{context['network'].name} – {context['kind_title']}"
