"""Where a publication leads: the address its QR code and the line beside it give (a programme's web page,
else the language's download page), and what a web page links of its event (PDFs, calendars, languages).
Every link from a web page is relative to its language's folder."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

from .localise import Language, language_name
from .plan import Publication, calendar_path, pdf_editions, schedule_path, sessions_calendar_path, web_page_path
from .sources import Sources, languages_of


def printed_address(url: str) -> Markup:
    """A web address as it is printed: without its scheme ("https://"), broken only after a "/":
    each piece up to a slash is one unbreakable run (an address never breaks at its own hyphen),
    a break opportunity (<wbr>) between them."""
    pieces = re.findall(r"[^/]*/|[^/]+", re.sub(r"^[a-z][a-z0-9+.-]*://", "", url, flags=re.IGNORECASE))
    return Markup("<wbr>").join(Markup('<span class="address-part">{}</span>').format(piece) for piece in pieces)


def qr_target(publication: Publication, language: Language, download_url: str) -> dict[str, Any]:
    """Where the QR code and the address beside it lead: a programme's web page (its kind's `web_page`),
    else the language's download page; and what the line beside it says."""
    page = web_page_path(publication)
    url = f"{download_url}{page}" if page else download_url
    return {
        "qr_url": url,
        "qr_label": language.words("web_page_online") if page else language.words("download"),
        "qr_address": printed_address(url),
    }


def web_links(sources: Sources, publication: Publication) -> dict[str, Any]:
    """An event's files a web page links, relative to the language's folder: the PDFs whose QR code leads to
    it (each variant: the layout's word `web_pdf_<variant>`), the event's calendar, its sessions' and its schedule
    for apps (with an agenda); a month-only event's none (its days are not known: calendar.in_calendars)."""
    workshop = sources.workshops[publication.workshop or ""]
    agenda = workshop.agenda if workshop.days_known else []
    return {
        "editions": [
            {"variant": edition.variant, "href": edition.relative_path.split("/", 1)[1]}
            for edition in pdf_editions(publication)
        ],
        "calendar_href": calendar_path(publication.workshop) if workshop.days_known else None,
        "page_languages": [
            {"lang": lang, "name": language_name(lang, lang).capitalize(), "href": f"../{lang}/{publication.name}.html"}
            for lang in languages_of(sources, publication.workshop)
        ],
        "sessions_calendar_href": sessions_calendar_path(publication.workshop)
        if agenda and publication.workshop
        else None,
        "schedule_hrefs": {form: schedule_path(publication.workshop, form) for form in ("xml", "json")}
        if agenda and publication.workshop
        else None,
    }
