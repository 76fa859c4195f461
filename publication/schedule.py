"""Each event's programme as a machine-readable schedule, one per event and language, in the format
conference apps and partner sites read: frab's `schedule.xml` (first written by pentabarf) and its
JSON form (c3voc's `schedule.json`), both from one description, so that they never disagree.

A session is one `event` in its room, timed in the venue's time zone (the zone `session_calendar`
decides, written with its UTC offset). Its `guid` is a UUID 5 of the session's calendar UID (event,
day, start, title as the sources write it): the same session has the same guid in every language, in
both files and in every build, so an app that stored it recognises it. An untimed item ("evening") is
no event: the format has no untimed event, and a made-up hour would be wrong on a partner's site.
Same sources, same bytes: the dates are the sources', never the clock's.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
import xml.etree.ElementTree as ET
from typing import Any

from . import __version__
from .calendar import plain
from .localise import Language, Languages
from .model import Workshop, event_zone_name, load_zone
from .plan import schedule_path
from .reproducible import source_date
from .session_calendar import SessionEntry, as_written, session_entries, session_times, slug
from .sources import Sources
from .timetable import contribution_view, person_view

JSON_SCHEMA = "https://c3voc.de/schedule/schema.json"  # the published schema the JSON form follows
GENERATOR = "make-publication"
TIMESLOT = "00:05"  # the grid apps draw the day on: the agendas' times are on five minutes


def guid_of(name: str) -> str:
    """A stable UUID for a name that already identifies something (a session's UID, a room's)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, name))


def acronym(key: str) -> str:
    """The event's key as both schemas' acronym: lower-case letters, digits and '_' ('2016_09_dresden')."""
    return re.sub(r"[^a-z0-9_]", "_", key.lower()).ljust(4, "_")


def hours_minutes(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds()) // 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def room_name(language: Language, entry: SessionEntry, sources: Sources, workshop: Workshop) -> str:
    """Where a session is: its room (or where a visit leaves from), else the venue, else the host."""
    place = contribution_view(language, entry.session).place
    if place:
        return plain(place)
    if workshop.venue:
        return plain(language.text(workshop.venue.name))
    return plain(language.text(sources.host_of(workshop).name))


def person_name(language: Language, person: Any) -> str:
    view = person_view(language, person)
    return plain(view.name or view.text or "")


def event_record(entry: SessionEntry, context: dict[str, Any], room: str, times: tuple) -> dict[str, Any]:
    """One session as the JSON form's event (the XML writes the same fields)."""
    language: Language = context["language"]
    start, end = times
    view = contribution_view(language, entry.session)
    code = getattr(entry.session, "code", None)
    guid = guid_of(entry.uid)
    number = int(guid.replace("-", "")[:7], 16) + 1  # the format's legacy numeric id, derived from the guid
    title = plain(" – ".join(part for part in (code, view.title) if part))
    people = [entry.session.chair] if entry.session.chair else []
    track = getattr(entry.session, "track", None)
    return {
        "guid": guid,
        "id": number,
        "date": start.isoformat(),
        "start": f"{start:%H:%M}",
        "end": (end or start).isoformat(),
        "duration": hours_minutes((end or start) - start),
        "room": room,
        "slug": f"{context['acronym']}-{number}-{slug(as_written(entry.session.title, context['source']))}",
        "url": context["url"],
        "title": title,
        "subtitle": plain(language.text(entry.item.title) or "") if entry.item.parallel else "",
        "track": plain(language.text(track)) if track else None,
        "type": entry.item.kind,
        "language": language.lang,
        "abstract": plain(view.description or ""),
        "persons": [{"name": person_name(language, person)} for person in [*people, *entry.session.speakers]],
        "links": [],
    }


def day_record(index: int, date: dt.date, events: list[dict[str, Any]], zone) -> dict[str, Any]:
    """A day: from its first session's start to its last one's end (all day when none is timed)."""
    if events:
        first = min(dt.datetime.fromisoformat(event["date"]) for event in events)
        last = max(dt.datetime.fromisoformat(event["end"]) for event in events)
    else:
        first = dt.datetime.combine(date, dt.time(0), zone)
        last = first + dt.timedelta(days=1)
    rooms: dict[str, list[dict[str, Any]]] = {}
    for event in events:
        rooms.setdefault(event["room"], []).append(event)
    return {
        "index": index,
        "date": date.isoformat(),
        "day_start": first.isoformat(),
        "day_end": last.isoformat(),
        "rooms": rooms,
    }


def event_schedule(sources: Sources, key: str, workshop: Workshop, languages: Languages, code: str, zone_name: str):
    """An event's schedule in one language, as the JSON form says it."""
    language, source_language = languages[code], languages[sources.site.source_language]
    base = f"{sources.site.base_url}{language.lang}/"
    context = {"language": language, "acronym": acronym(key), "source": sources.site.source_language, "url": base}
    by_day: dict[dt.date, list[dict[str, Any]]] = {day.date: [] for day in workshop.agenda}
    room_guids: dict[str, str] = {}
    for entry in session_entries(sources, key, workshop):
        if entry.item.start is None:  # untimed: the format has no place for it
            continue
        room = room_name(language, entry, sources, workshop)
        source_room = room_name(source_language, entry, sources, workshop)  # a room's guid: one in every language
        room_guids.setdefault(room, guid_of(f"{entry.uid.split('@')[1]}/{key}/room/{source_room}"))
        by_day[entry.day.date].append(event_record(entry, context, room, session_times(entry, zone_name)))
    days = [
        day_record(index, date, events, load_zone(zone_name)) for index, (date, events) in enumerate(by_day.items(), 1)
    ]
    conference = {
        "acronym": context["acronym"],
        "title": plain(language.text(workshop.title)),
        "start": days[0]["date"],
        "end": days[-1]["date"],
        "daysCount": len(days),
        "timeslot_duration": TIMESLOT,
        "time_zone_name": zone_name,
        "url": base,
        "rooms": [{"name": name, "guid": guid} for name, guid in room_guids.items()],
        "days": days,
    }
    version = f"{source_date(sources):%Y-%m-%d}"
    schedule = {"version": version, "base_url": base, "conference": conference}
    return {"$schema": JSON_SCHEMA, "generator": {"name": GENERATOR, "version": __version__}, "schedule": schedule}


def schedule_xml(schedule: dict[str, Any]) -> bytes:
    """The JSON form's content as frab's schedule.xml: the conference, then each day's rooms and events."""
    said, conference = schedule["schedule"], schedule["schedule"]["conference"]
    root = ET.Element("schedule")
    ET.SubElement(root, "generator", name=GENERATOR, version=schedule["generator"]["version"])
    ET.SubElement(root, "version").text = said["version"]
    head = ET.SubElement(root, "conference")
    for name in ("acronym", "title", "start", "end", "time_zone_name", "url"):
        ET.SubElement(head, name).text = str(conference[name])
    ET.SubElement(head, "base_url").text = said["base_url"]
    ET.SubElement(head, "days").text = str(conference["daysCount"])
    ET.SubElement(head, "timeslot_duration").text = conference["timeslot_duration"]
    guids = {room["name"]: room["guid"] for room in conference["rooms"]}
    for day in conference["days"]:
        attributes = {"index": str(day["index"]), "date": day["date"], "start": day["day_start"], "end": day["day_end"]}
        day_element = ET.SubElement(root, "day", attributes)
        for room, events in day["rooms"].items():
            room_element = ET.SubElement(day_element, "room", name=room, guid=guids[room])
            for event in events:
                event_xml(room_element, event)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def event_xml(room: ET.Element, event: dict[str, Any]) -> None:
    element = ET.SubElement(room, "event", guid=event["guid"], id=str(event["id"]))
    for name in ("date", "start", "duration", "room", "slug", "url", "title", "subtitle", "track", "type", "language"):
        ET.SubElement(element, name).text = event[name] or ""
    ET.SubElement(element, "abstract").text = event["abstract"]
    persons = ET.SubElement(element, "persons")
    for person in event["persons"]:
        ET.SubElement(persons, "person").text = person["name"]
    ET.SubElement(element, "links")


def schedule_files(sources: Sources, languages: Languages, codes: list[str]) -> dict[str, bytes]:
    """Each event with an agenda and exact dates (a month-only event has no day to place its sessions on:
    calendar.calendar_files): its schedule.xml and schedule.json in each language (output-relative
    name → bytes)."""
    files = {}
    for key, workshop in sources.workshops_in_order():
        zone_name = event_zone_name(workshop.time_zone, sources.host_of(workshop).country)
        if not workshop.agenda or zone_name is None or not workshop.days_known:  # no day to place it on
            continue
        for code in dict.fromkeys(codes):
            schedule = event_schedule(sources, key, workshop, languages, code, zone_name)
            files[f"{code}/{schedule_path(key, 'xml')}"] = schedule_xml(schedule)
            text = json.dumps(schedule, ensure_ascii=False, indent=2)
            files[f"{code}/{schedule_path(key, 'json')}"] = f"{text}\n".encode()
    return files
