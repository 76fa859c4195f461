"""Each event's sessions as iCalendar files, one per event and language, beside the whole-event file
that `calendar` writes: one VEVENT per session (each of a slot's parallel sessions its own), timed in
the venue's time zone (TZID, with its VTIMEZONE from the pinned tzdata), an untimed item ("evening")
all day on its day; the room and the venue as LOCATION, the people in DESCRIPTION.

A session's UID comes from what it is (event, day, start, its title in the source language), never
from its place in the list: inserting or editing another session leaves it alone. SEQUENCE and
LAST-MODIFIED follow a hash of the session's content: the file this build replaces is the record
(each VEVENT carries its hash as X-PUBLICATION-CONTENT); a session whose hash differs from the one
recorded there gets SEQUENCE + 1 and LAST-MODIFIED = the build's date (SOURCE_DATE_EPOCH, else the
sources'), at least a second after the recorded one. Never the clock: same sources and same previous
files, same bytes. A new output folder starts every session at SEQUENCE 0.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .calendar import make_calendar, plain, product_id
from .changes import SessionRecord, session_records
from .localise import Language, Languages
from .model import AgendaDay, Session, Text, Workshop, event_zone_name, load_zone
from .plan import sessions_calendar_path
from .releases import read_releases
from .reproducible import source_date
from .sources import Sources
from .timetable import contribution_view, time_label
from .typography import typeset_text

CONTENT_PROPERTY = "X-PUBLICATION-CONTENT"  # the session's content hash, read back by the next build
MAX_RECORD_BYTES = 8 * 1024 * 1024  # a previous file larger than this is no record (never one we wrote)
PreviousFile = Callable[[str], bytes | None]  # output-relative name → the file there, if any


@dataclass(frozen=True)
class SessionEntry:
    """One VEVENT to write: an agenda item, or one of its parallel sessions (`session`)."""

    uid: str
    day: AgendaDay
    item: Session  # the item: its time, its kind, the slot's title
    session: Any  # the item itself or a ParallelSession: title, people, room


@dataclass(frozen=True)
class Recorded:
    digest: str
    sequence: int
    modified: dt.datetime


def slug(text: str) -> str:
    """'Ouverture : la politique d'accueil' → 'ouverture-la-politique-d-accueil' (at most 48 characters);
    a title in another script (Greek) → a short hash of it."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:48].strip("-")
    return words or hashlib.sha256(text.encode()).hexdigest()[:12]


def as_written(text: Text | None, lang: str) -> str:
    """A text as the sources write it in `lang` (else in any language), without the typography the
    printed text gets: a UID must not move when a typographic rule does."""
    if not text:
        return ""
    return text.get(Text.NEUTRAL) or text.get(lang) or next(iter(text.values()))


def session_entries(sources: Sources, key: str, workshop: Workshop) -> list[SessionEntry]:
    """Every session of an event, in agenda order, with its UID (from its title as the sources write it
    in their language; a second session of the same day, time and title is numbered)."""
    source = sources.site.source_language
    host, entries, seen = urlsplit(sources.site.base_url).hostname, [], Counter[str]()
    for day in workshop.agenda:
        for item in day.sessions:
            held: list[Any] = list(item.parallel) or [item]  # a slot's parallel sessions, else the item
            for session in held:
                when = item.start.strftime("%H%M") if item.start else item.when
                uid = f"{key}-{day.date:%Y%m%d}-{when}-{slug(as_written(session.title, source))}"
                seen[uid] += 1
                uid += f"-{seen[uid]}" if seen[uid] > 1 else ""
                entries.append(SessionEntry(f"{uid}@{host}", day, item, session))
    return entries


def previous_files(output: Path) -> PreviousFile:
    """The files in the output folder, as the last build committed them: a record's bytes, or None
    (missing, a link or under a linked folder, or larger than any file this tool writes)."""

    def read(name: str) -> bytes | None:
        path = output / name
        if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_RECORD_BYTES:
            return None
        if not path.resolve().is_relative_to(output.resolve()):  # a folder on the way links elsewhere
            return None
        return path.read_bytes()

    return read


def recorded_sessions(previous: bytes | None) -> dict[str, Recorded]:
    """What the file this build replaces says of each session: its hash, SEQUENCE and LAST-MODIFIED."""
    import icalendar

    if not previous:
        return {}
    try:
        calendar = icalendar.Calendar.from_ical(previous)
        return {
            str(event["UID"]): Recorded(
                str(event[CONTENT_PROPERTY]), int(event.get("SEQUENCE", 0)), event.decoded("LAST-MODIFIED")
            )
            for event in calendar.walk("VEVENT")
            if CONTENT_PROPERTY in event and "LAST-MODIFIED" in event
        }
    except (ValueError, KeyError, TypeError):  # not a file this tool wrote: no record
        return {}


def revision(digest: str, record: Recorded | None, stamp: dt.datetime) -> tuple[int, dt.datetime]:
    """SEQUENCE and LAST-MODIFIED: kept while the content is the recorded one, moved when it changes."""
    if record is None:
        return 0, stamp
    if record.digest == digest:
        return record.sequence, record.modified
    return record.sequence + 1, max(stamp, record.modified + dt.timedelta(seconds=1))


def session_times(entry: SessionEntry, zone_name: str | None) -> tuple[Any, Any]:
    """DTSTART and DTEND: in the venue's zone for a timed item, else its day (all day, DTEND exclusive)."""
    date, item = entry.day.date, entry.item
    if item.start is None or zone_name is None:
        return date, date + dt.timedelta(days=1)
    zone = load_zone(zone_name)
    start = dt.datetime.combine(date, item.start, zone)
    return start, dt.datetime.combine(date, item.end, zone) if item.end else None


def session_description(entry: SessionEntry, language: Language, workshop: Workshop, page_url: str) -> str:
    """The session's people (chair, then speakers, one per line), its description, what it is part of."""
    view = contribution_view(language, entry.session)
    lang = language.lang
    people = [f"{typeset_text(f'{view.chair_label}:', lang)} {person_line(view.chair)}"] if view.chair else []
    if view.speakers:
        people += [typeset_text(f"{language.words('speakers')}:", lang), *map(person_line, view.speakers)]
    slot = language.text(entry.item.title) if entry.item.parallel else None
    parts = [
        "\n".join(people),
        view.description,
        slot,
        f"{language.text(workshop.title)} · {time_label(language, entry.item)}",
        language.site_words("calendar_programme", url=page_url),
    ]
    return plain("\n\n".join(part for part in parts if part))


def person_line(person) -> str:
    return person.text if person.text else ", ".join(part for part in (person.name, person.details) if part)


def what_the_entry_says(entry: SessionEntry, sources: Sources, workshop: Workshop, language: Language):
    """A session's VEVENT in the language without its UID and stamps: what its content hash covers."""
    import icalendar

    host = sources.host_of(workshop)
    view = contribution_view(language, entry.session)
    venue = [language.text(workshop.venue.name), language.text(workshop.venue.address)] if workshop.venue else []
    place = [view.place, *venue] if workshop.venue else [view.place, language.text(host.name)]
    start, end = session_times(entry, event_zone_name(workshop.time_zone, host.country))
    code = getattr(entry.session, "code", None)
    page_url = f"{sources.site.base_url}{language.lang}/"
    said = icalendar.Event()
    said.add("summary", plain(" – ".join(part for part in (code, view.title) if part)))
    said.add("dtstart", start)
    if end is not None:
        said.add("dtend", end)
    said.add("location", plain(", ".join(dict.fromkeys(part for part in place if part))))
    said.add("description", session_description(entry, language, workshop, page_url))
    said.add("url", page_url)
    said.add("status", "TENTATIVE" if workshop.status == "draft" else "CONFIRMED")
    said.add("transp", "OPAQUE" if entry.item.start is not None else "TRANSPARENT")  # an evening is not busy all day
    return said


def session_event(
    entry: SessionEntry,
    sources: Sources,
    workshop: Workshop,
    language: Language,
    stamp: dt.datetime,
    record: Recorded | None,
    released: int = 0,
):
    """One session's VEVENT in the language. Its content hash is that of what it says in this language:
    an edit of another language's words, or of another session of its slot, leaves its SEQUENCE;
    `record` is what the file this build replaces said of it, `released` how often it changed from
    release to release (and since the latest): its SEQUENCE is never lower."""
    import icalendar

    said = what_the_entry_says(entry, sources, workshop, language)
    digest = hashlib.sha256(said.to_ical()).hexdigest()[:32]
    sequence, modified = revision(digest, record, stamp)
    sequence = max(sequence, released)  # never below the releases' count: a fresh output folder agrees
    event = icalendar.Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", stamp)
    event.add("sequence", sequence)
    event.add("last-modified", modified)
    for name, value in said.property_items(recursive=False)[1:-1]:  # between BEGIN and END
        event.add(name, value, encode=False)  # already encoded, with its parameters (TZID)
    event.add(CONTENT_PROPERTY, digest)
    return event


def revised(entry: SessionEntry, history: list[list[SessionRecord]], source: str) -> int:
    """How often a session changed (end, room, people: what keeps its UID) from one release to the next
    and from the latest to the sources: the SEQUENCE the releases alone give it."""
    start = f"{entry.item.start:%H:%M}" if entry.item.start else None
    name, date = as_written(entry.session.title or entry.item.title, source), entry.day.date.isoformat()
    said = [
        next(
            (
                (r["end"], r["when"], r["room"], r["people"])
                for r in records
                if (r["date"], r["start"]) == (date, start) and r["name"] == name
            ),
            None,
        )
        for records in history
    ]
    return sum(1 for before, after in pairwise(said) if before is not None and after is not None and before != after)


def zone_range(workshop: Workshop) -> tuple[dt.date, dt.date]:
    """The dates a VTIMEZONE describes: from 1970 to 2038 (icalendar's default), or past the event's
    last day. The same VTIMEZONE for a zone in every file: clients and parsers (vobject) keep the
    first definition of a TZID they read, which must hold for the events of every other file."""
    last = max(day.date.year for day in workshop.agenda)
    return dt.date(1970, 1, 1), dt.date(max(2038, last + 2), 1, 1)


def session_calendar_files(
    sources: Sources, languages: Languages, codes: list[str], previous: PreviousFile
) -> dict[str, bytes]:
    """Each event with an agenda and exact dates: its sessions' .ics in each language (output-relative name
    → bytes). A month-only event has none, as it has no entry in calendar.calendar_files: its agenda's
    days are not its dates yet (agenda_dates.month_only_days warns)."""
    stamp, releases = source_date(sources), read_releases(sources.root.parent)
    product = product_id(languages[sources.site.source_language].text(sources.network.name))
    files = {}
    for key, workshop in sources.workshops_in_order():
        if not workshop.agenda or not workshop.days_known:
            continue
        entries = session_entries(sources, key, workshop)
        source = sources.site.source_language
        history = [release.events[key] for release in releases if key in release.events]
        history.append(session_records(workshop, source))
        for code in dict.fromkeys(codes):
            language, name = languages[code], f"{code}/{sessions_calendar_path(key)}"
            record = recorded_sessions(previous(name))
            events = [
                session_event(
                    entry, sources, workshop, language, stamp, record.get(entry.uid), revised(entry, history, source)
                )
                for entry in entries
            ]
            title = plain(language.site_words("calendar_name_sessions", event=language.text(workshop.title)))
            files[name] = make_calendar(title, events, product, zone_range(workshop))
    return files
