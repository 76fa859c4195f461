"""Write the workshops as iCalendar files: one per workshop and one for the whole cycle, per language."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from .localise import Language, Languages, country_name, event_words
from .model import Place, Workshop, load_zone
from .plan import calendar_path
from .reproducible import source_date
from .sources import Sources
from .wording import host_label_key


def product_id(network_name: str) -> str:
    """The calendars' PRODID: whose calendars (the network, as the source language names it), and
    the program that wrote them."""
    return f"-//{plain(network_name)}//make-publication//EN"


def plain(text: str) -> str:
    """Calendar text without the print typography's no-break hyphen: map searches choke on it."""
    return text.replace("\u2011", "-")


def workshop_dates(workshop: Workshop) -> tuple[dt.date, dt.date]:
    """First day and the day after the last (iCalendar's DTEND of an all-day event is exclusive)."""
    return workshop.first_day, workshop.last_day + dt.timedelta(days=1)


def in_calendars(workshop: Workshop) -> bool:
    """Whether an event goes into the calendars: only with its exact dates. A month-only event
    (`dates: 2016-09`) has no day a calendar could hold: an entry on the 1st invents a day (and
    contradicts the agenda's days), a month-long block marks every day of the month busy and hides
    the other events. Calendar applications and conference tools (Indico, pretalx) publish an event
    once it has dates; so do we: it is left out of its own file and the cycle's, and the download
    page and the web programme say why beside it (`calendar_not_yet`) until its dates are given."""
    return workshop.days_known


def make_event(sources: Sources, key: str, workshop: Workshop, language: Language, stamp: dt.datetime):
    """One all-day VEVENT for a workshop, its texts in the language."""
    import icalendar

    lang, words, loc = language.lang, language.site_words, language.texts
    host = sources.host_of(workshop)
    city, country = loc.text(host.name), country_name(host.country, lang)
    page_url = f"{sources.site.base_url}{lang}/"
    start, end = workshop_dates(workshop)

    lines = [loc.text(workshop.theme)] if workshop.theme else []
    label_key = "calendar_" + host_label_key(None if isinstance(host, Place) else host.kind)
    lines.append(words(label_key, city=city, country=country))
    lines.append(words("calendar_programme", url=page_url))
    place = [loc.text(workshop.venue.name), loc.text(workshop.venue.address)] if workshop.venue else []
    place += [city, country]

    event = icalendar.Event()
    # The same UID in every language and in the cycle's file: importing several updates one event.
    event.add("uid", f"{key}@{urlsplit(sources.site.base_url).hostname}")
    event.add("dtstamp", stamp)
    event.add("summary", plain(loc.text(workshop.title)))
    event.add("dtstart", start)  # a date, so VALUE=DATE: an all-day event, no time zone involved
    event.add("dtend", end)
    event.add("location", plain(", ".join(dict.fromkeys(p for p in place if p))))
    event.add("description", plain("\n\n".join(lines)))
    event.add("url", page_url)
    event.add("status", "TENTATIVE" if workshop.status == "draft" else "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def make_calendar(name: str, events, product: str, zones_for: tuple[dt.date, dt.date] | None = None) -> bytes:
    """A VCALENDAR of the events; `zones_for`: the first and last dates a VTIMEZONE of each zone its
    events' times name must describe (an all-day event names none)."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", product)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)  # the name older clients (Outlook, Apple) show
    for event in events:
        calendar.add_component(event)
    if zones_for is not None:  # from the pinned tzdata (add_missing_timezones reads the machine's zones)
        for index, tzid in enumerate(sorted(calendar.get_missing_tzids())):
            first, last = zones_for
            zone = icalendar.Timezone.from_tzinfo(load_zone(tzid), tzid=tzid, first_date=first, last_date=last)
            one_date_per_rdate(zone)
            calendar.subcomponents.insert(index, zone)
    return calendar.to_ical()


def one_date_per_rdate(zone) -> None:
    """A VTIMEZONE's transitions as one RDATE line each, not comma-separated lists: both are RFC 5545,
    but some readers (vobject) take only the first date of a list, and put the summer in winter time."""
    for rule in zone.subcomponents:
        found = rule.get("RDATE")
        if found is None:
            continue
        dates = [period.dt for value in (found if isinstance(found, list) else [found]) for period in value.dts]
        del rule["RDATE"]
        for date in dates:
            rule.add("RDATE", date)


def calendar_files(sources: Sources, languages: Languages, codes: list[str]) -> dict[str, bytes]:
    """Every workshop's .ics and the cycle's, in each language: output-relative name → bytes; a
    month-only workshop in none (`in_calendars`), and no cycle's while no workshop has its dates.

    DTSTAMP is the PDFs' date (SOURCE_DATE_EPOCH, else from the sources), never the clock:
    same sources, same bytes.
    """
    stamp = source_date(sources)
    product = product_id(languages[sources.site.source_language].text(sources.network.name))
    files = {}
    for code in dict.fromkeys(codes):
        language = languages[code]
        events = []
        for key, workshop in (item for item in sources.workshops_in_order() if in_calendars(item[1])):
            event = make_event(sources, key, workshop, language, stamp)
            events.append(event)
            title = plain(language.text(workshop.title))
            files[f"{code}/{calendar_path(key)}"] = make_calendar(title, [event], product)
        what = event_words(language, sources.network, len(sources.workshops)).title
        name = plain(
            language.site_words("calendar_name_cycle", network=language.text(sources.network.name), events=what)
        )
        if events:  # a calendar holds at least one event (RFC 5545): none until an event has its dates
            files[f"{code}/{calendar_path(None)}"] = make_calendar(name, events, product)
    return files
