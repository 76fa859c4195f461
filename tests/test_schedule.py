"""Each event's schedule for conference apps (frab's schedule.xml and its JSON form): valid against the
format's published schemas, the agenda's times in the venue's zone and its rooms, guids stable across
languages, builds and edits of other sessions, the JSON and the XML saying the same.

The published schemas (c3voc's `schedule.xml.xsd` and `schema.json`, https://c3voc.de/schedule/) are
third-party files the project does not carry: point SCHEDULE_SCHEMAS at a folder holding them
(e.g. a checkout of github.com/voc/schedule's `validator/`: `xsd/schedule.xml.xsd`, `json/schema.json`)
and the validation runs; without it, the structural tests below still check what the schemas check
of our files (required fields, uuid and time patterns, unique ids).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from lxml import etree

from publication.localise import Languages
from publication.model import COUNTRY_TIME_ZONE, Text
from publication.schedule import schedule_files
from publication.sources import read_sources
from tests.conftest import ROOT
from tests.test_session_calendar import edit_workshop

PROJECTS = [ROOT, *(ROOT / "examples" / name for name in ("conference", "forum", "exchange", "sheets"))]
UUID = re.compile(r"^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$")
SCHEMAS = Path(os.environ.get("SCHEDULE_SCHEMAS", "/nonexistent"))


def schedules(project: Path, codes=("fr", "en")) -> dict[str, bytes]:
    sources = read_sources(project / "sources")
    languages = Languages(sources.site.source_language, project, sources.network)
    return schedule_files(sources, languages, list(codes))


def published(name: str) -> Path:
    found = sorted(SCHEMAS.rglob(name)) if SCHEMAS.is_dir() else []
    if not found:
        pytest.skip(f"no {name} under SCHEDULE_SCHEMAS ({SCHEMAS}): the published schema is not shipped")
    return found[0]


def in_english(text: Text | None) -> str | None:
    return (text.get("en") or text.get(Text.NEUTRAL)) if text else None


def xml_events(data: bytes) -> list[etree._Element]:
    return etree.fromstring(data).findall("day/room/event")


def json_events(data: bytes) -> list[dict]:
    days = json.loads(data)["schedule"]["conference"]["days"]
    return [event for day in days for events in day["rooms"].values() for event in events]


@pytest.mark.parametrize("project", PROJECTS, ids=lambda path: path.name)
def test_every_schedule_validates_against_the_published_xsd(project):
    schema = etree.XMLSchema(etree.parse(str(published("schedule.xml.xsd"))))
    files = schedules(project, ("fr", "en", "de", "el"))
    assert files
    for name, data in files.items():
        if name.endswith(".xml"):
            assert schema.validate(etree.fromstring(data)), (name, schema.error_log.last_error)


@pytest.mark.parametrize("project", PROJECTS, ids=lambda path: path.name)
def test_every_schedule_validates_against_the_published_json_schema(project):
    import jsonschema

    schema = json.loads(published("schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft6Validator(schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER)
    for name, data in schedules(project, ("fr", "en", "de", "el")).items():
        if name.endswith(".json"):
            errors = [f"{list(error.path)}: {error.message}" for error in validator.iter_errors(json.loads(data))]
            assert not errors, (name, errors[:3])


def test_an_invalid_schedule_is_refused_by_the_published_schemas():
    """The validation can fail: a schedule without its guid, or with a time as the format forbids."""
    import jsonschema

    schema = etree.XMLSchema(etree.parse(str(published("schedule.xml.xsd"))))
    json_schema = json.loads(published("schema.json").read_text(encoding="utf-8"))
    files = schedules(ROOT)
    name = next(name for name in files if name.endswith(".xml"))
    root = etree.fromstring(files[name])
    del root.find("day/room/event").attrib["guid"]
    assert not schema.validate(root)
    said = json.loads(files[name.replace(".xml", ".json")])
    day = next(day for day in said["schedule"]["conference"]["days"] if day["rooms"])
    next(iter(day["rooms"].values()))[0]["start"] = "9.00"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(said, json_schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("project", PROJECTS, ids=lambda path: path.name)
def test_times_and_rooms_are_the_agendas_in_the_venues_zone(project):
    """Every timed session once, in agenda order, at its time with the venue's UTC offset, in its room."""
    sources = read_sources(project / "sources")
    files = schedules(project, ("en",))
    for key, workshop in sources.workshops_in_order():
        if not workshop.agenda or not workshop.days_known:  # a month-only event: no day to place it on
            assert f"en/schedule/{key}.xml" not in files
            continue
        zone = ZoneInfo(workshop.time_zone or COUNTRY_TIME_ZONE[sources.host_of(workshop).country])
        expected = []
        for day in workshop.agenda:
            for item in day.sessions:
                for session in item.parallel or [item]:
                    if item.start is not None:
                        start = dt.datetime.combine(day.date, item.start, zone)
                        end = dt.datetime.combine(day.date, item.end, zone) if item.end else start
                        expected.append((start, end - start, in_english(session.room)))
        found, rooms = [], {room for *_, room in expected}
        for event in json_events(files[f"en/schedule/{key}.json"]):
            start = dt.datetime.fromisoformat(event["date"])
            hours, minutes = map(int, event["duration"].split(":"))
            room = event["room"] if event["room"] in rooms else None  # else the venue's or host's name
            found.append((start, dt.timedelta(hours=hours, minutes=minutes), room))
            assert start.utcoffset() == start.astimezone(zone).utcoffset()
        assert sorted(found) == sorted(expected), key
        assert [event.findtext("date") for event in xml_events(files[f"en/schedule/{key}.xml"])] == [
            e["date"] for e in json_events(files[f"en/schedule/{key}.json"])
        ]
        conference = json.loads(files[f"en/schedule/{key}.json"])["schedule"]["conference"]
        assert conference["time_zone_name"] == zone.key


def test_the_xml_and_the_json_say_the_same_and_guids_are_the_same_in_every_language():
    files = schedules(ROOT, ("fr", "en", "de"))
    key = next(name.split("/")[-1][:-4] for name in files if name.endswith(".xml"))
    guids = {}
    for code in ("fr", "en", "de"):
        xml, said = xml_events(files[f"{code}/schedule/{key}.xml"]), json_events(files[f"{code}/schedule/{key}.json"])
        assert [(e.get("guid"), e.findtext("title"), e.findtext("room")) for e in xml] == [
            (e["guid"], e["title"], e["room"]) for e in said
        ]
        assert [[p.text for p in e.find("persons")] for e in xml] == [[p["name"] for p in e["persons"]] for e in said]
        assert all(UUID.match(event["guid"]) for event in said)
        assert len({event["id"] for event in said}) == len({event["guid"] for event in said}) == len(said)
        assert all(event["language"] == code for event in said)
        guids[code] = [event["guid"] for event in said]
    assert guids["fr"] == guids["en"] == guids["de"]
    french = xml_events(files[f"fr/schedule/{key}.xml"])
    english = xml_events(files[f"en/schedule/{key}.xml"])
    assert [e.findtext("title") for e in french] != [e.findtext("title") for e in english], "each in its language"


def test_same_sources_same_bytes_and_guids_survive_an_edit_of_another_session(project_copy):
    first = schedules(project_copy)
    assert schedules(project_copy) == first
    key = "2017-05-thessaloniki"
    before = [event["guid"] for event in json_events(first[f"en/schedule/{key}.json"])]

    def retitle_the_last_timed(data):
        timed = [item for day in data["agenda"] for item in day["sessions"] if "start" in item and "title" in item]
        timed[-1]["title"] = {"en": "Closing, renamed", "fr": "Clôture, renommée"}

    edit_workshop(project_copy, key, retitle_the_last_timed)
    after = [event["guid"] for event in json_events(schedules(project_copy)[f"en/schedule/{key}.json"])]
    assert after[:-1] == before[:-1] and after[-1] != before[-1]


@pytest.mark.build
def test_the_build_writes_the_schedules_and_links_them(built):
    sources = read_sources(ROOT / "sources")
    for lang in sorted(path.name for path in built.iterdir() if (path / "index.html").is_file()):
        page = (built / lang / "index.html").read_text(encoding="utf-8")
        for key, workshop in sources.workshops_in_order():
            for form in ("xml", "json"):
                assert (built / lang / "schedule" / f"{key}.{form}").is_file() == bool(workshop.agenda)
                if workshop.agenda:
                    assert f'href="schedule/{key}.{form}"' in page, (lang, key)
        for web_page in (built / lang).glob("*.html"):
            if web_page.name != "index.html" and 'href="schedule/' in web_page.read_text(encoding="utf-8"):
                break
        else:
            pytest.fail(f"no web programme of {lang} links its schedule")
