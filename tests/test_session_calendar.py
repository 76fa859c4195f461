"""Each event's sessions as a calendar: one VEVENT per session in the venue's time zone, read back by
two independent parsers (icalendar, which wrote them, and vobject); UIDs that survive edits of other
sessions; SEQUENCE and LAST-MODIFIED that move with a session's content and with nothing else."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
import yaml

from publication.errors import SourceError
from publication.localise import Languages
from publication.model import COUNTRY_TIME_ZONE
from publication.session_calendar import session_calendar_files
from publication.sources import read_sources
from tests.conftest import ROOT

LANGUAGES = ["fr", "en", "de", "el"]
UTC = dt.UTC


def calendars(project: Path, previous=None, codes=("fr", "en")) -> dict[str, bytes]:
    sources = read_sources(project / "sources")
    languages = Languages(sources.site.source_language, project, sources.network)
    return session_calendar_files(sources, languages, list(codes), previous or (lambda name: None))


def icalendar_events(data: bytes) -> list:
    return icalendar.Calendar.from_ical(data).walk("VEVENT")


def vobject_events(data: bytes) -> list:
    return vobject.readOne(data.decode("utf-8")).vevent_list


def by_uid(data: bytes) -> dict[str, icalendar.Event]:
    return {str(event["uid"]): event for event in icalendar_events(data)}


def expected_sessions(sources, key: str) -> list[tuple]:
    """(start, end) of every session of the event as the sources say, in UTC for timed items, in
    agenda order (each parallel session its own)."""
    workshop = sources.workshops[key]
    zone = ZoneInfo(workshop.time_zone or COUNTRY_TIME_ZONE[sources.host_of(workshop).country])
    found = []
    for day in workshop.agenda:
        for item in day.sessions:
            for _ in item.parallel or [item]:
                if item.start is None:
                    found.append((day.date, day.date + dt.timedelta(days=1)))
                    continue
                start = dt.datetime.combine(day.date, item.start, zone).astimezone(UTC)
                end = dt.datetime.combine(day.date, item.end, zone).astimezone(UTC) if item.end else None
                found.append((start, end))
    return found


def revisions(data: bytes) -> list[tuple]:
    return [(event["sequence"], event.decoded("last-modified")) for event in icalendar_events(data)]


def in_utc(value):
    return value.astimezone(UTC) if isinstance(value, dt.datetime) else value


def edit_workshop(project: Path, key: str, change) -> None:
    path = project / "sources" / "workshops" / f"{key}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize("codes", [LANGUAGES[:2], LANGUAGES[2:]])
@pytest.mark.parametrize(
    "project", [ROOT, *(ROOT / "examples" / name for name in ("conference", "forum", "exchange", "sheets"))]
)
def test_each_session_is_one_event_at_its_time_in_the_venues_zone_for_both_parsers(project, codes):
    sources = read_sources(project / "sources")
    files = calendars(project, codes=codes)
    # A month-only event (`dates: 2016-09`) has no sessions calendar: its days are not its dates yet.
    events_with_agenda = [key for key, w in sources.workshops_in_order() if w.agenda and w.days_known]
    assert events_with_agenda and sorted(files) == sorted(
        f"{lang}/calendar/sessions/{key}.ics" for key in events_with_agenda for lang in codes
    )
    for name, data in files.items():
        key = Path(name).stem
        workshop = sources.workshops[key]
        zone = workshop.time_zone or COUNTRY_TIME_ZONE[sources.host_of(workshop).country]
        expected = expected_sessions(sources, key)
        first = icalendar_events(data)
        second = vobject_events(data)
        assert [(in_utc(e.decoded("dtstart")), in_utc(e.decoded("dtend", None))) for e in first] == expected, name
        assert [
            (in_utc(e.dtstart.value), in_utc(e.dtend.value) if hasattr(e, "dtend") else None) for e in second
        ] == expected, name
        timed = [e for e in first if isinstance(e.decoded("dtstart"), dt.datetime)]
        assert all(e["dtstart"].params["TZID"] == zone for e in timed), name
        if timed:  # vobject reads the zone from the file's VTIMEZONE, not from a database
            assert [str(tz["tzid"]) for tz in icalendar.Calendar.from_ical(data).walk("VTIMEZONE")] == [zone]
            assert vobject.readOne(data.decode()).vtimezone.tzid.value == zone
        uids = [str(e["uid"]) for e in first]
        assert len(set(uids)) == len(uids) and [e.uid.value for e in second] == uids


def test_the_shipped_events_are_in_their_hosts_zones():
    """Thessaloniki at 09:00 in May is 06:00 UTC (EEST, +3); Val-de-Marne in January is +1."""
    files = calendars(ROOT)
    athens = icalendar_events(files["en/calendar/sessions/2017-05-thessaloniki.ics"])[0]
    assert athens.decoded("dtstart") == dt.datetime(2017, 5, 17, 9, 0, tzinfo=ZoneInfo("Europe/Athens"))
    assert athens.decoded("dtstart").astimezone(UTC) == dt.datetime(2017, 5, 17, 6, 0, tzinfo=UTC)
    paris = vobject_events(files["fr/calendar/sessions/2018-01-val-de-marne.ics"])[0]
    assert paris.dtstart.value.utcoffset() == dt.timedelta(hours=1)
    assert (
        icalendar_events(files["fr/calendar/sessions/2018-01-val-de-marne.ics"])[0]["dtstart"].params["TZID"]
        == "Europe/Paris"
    )


def test_location_says_room_and_venue_and_description_the_people():
    project = ROOT / "examples" / "conference"
    events = icalendar_events(
        calendars(project, codes=["en"])["en/calendar/sessions/2027-06-tampere-annual-conference.ics"]
    )
    parallel = next(e for e in events if str(e["summary"]).startswith("A1 – "))
    assert (
        str(parallel["location"]) == "Sonaatti room 1, Tampere Hall congress centre, Yliopistonkatu 55, 33100 Tampere"
    )
    description = str(parallel["description"])
    assert description.startswith("Chair: Rui OLIVEIRA, Municipality of Guimarães")
    assert "Speakers:\nKatarzyna WÓJCIK, Urban architect" in description
    assert "Parallel workshops, series A: design" in description  # the slot it belongs to
    evening = next(e for e in events if "Lake Näsijärvi" in str(e["summary"]))
    assert type(evening.decoded("dtstart")) is dt.date and evening["transp"] == "TRANSPARENT"
    assert "Evening" in str(evening["description"])


def test_french_calendar_words_follow_french_typography():
    project = ROOT / "examples" / "conference"
    events = icalendar_events(
        calendars(project, codes=["fr"])["fr/calendar/sessions/2027-06-tampere-annual-conference.ics"]
    )
    description = str(next(e for e in events if str(e["summary"]).startswith("A1 – "))["description"])
    # The narrow no-break space before the colon, as the programme prints it.
    assert description.startswith("Présidence\u202f: Rui OLIVEIRA, Municipalité de Guimarães")
    assert "\nIntervenants\u202f:\nKatarzyna WÓJCIK" in description


def test_uids_survive_edits_of_other_sessions_and_sequence_follows_each_session(project_copy, monkeypatch):
    key = "2017-05-thessaloniki"
    name = f"en/calendar/sessions/{key}.ics"
    first = calendars(project_copy)
    assert calendars(project_copy) == first, "same sources, same bytes"

    def edit(data):
        day = data["agenda"][0]["sessions"]
        day[1]["room"] = {"fr": "Salle du conseil", "en": "Council chamber", "el": "Αίθουσα συμβουλίου"}
        day.insert(0, {"start": "08:30", "end": "09:00", "title": {"fr": "Enregistrement", "en": "Registration"}})

    edit_workshop(project_copy, key, edit)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1494000000")  # 2017-05-05 16:00 UTC: the edit's recorded date
    second = calendars(project_copy, previous=first.get)
    before, after = by_uid(first[name]), by_uid(second[name])
    assert set(before) < set(after), "every session keeps its UID when another is inserted or edited"
    (added,) = set(after) - set(before)
    assert "-0830-enregistrement@" in added and after[added]["sequence"] == 0
    (opening,) = [uid for uid in before if "-0930-" in uid]
    assert after[opening]["sequence"] == 1 and "Council chamber" in str(after[opening]["location"])
    assert after[opening].decoded("last-modified") == dt.datetime(2017, 5, 5, 16, 0, tzinfo=UTC)
    for uid in set(before) - {opening}:
        assert after[uid]["sequence"] == 0, uid
        assert after[uid].decoded("last-modified") == before[uid].decoded("last-modified"), uid
    assert [e.sequence.value for e in vobject_events(second[name]) if e.uid.value == opening] == ["1"]
    other = "en/calendar/sessions/2018-01-val-de-marne.ics"  # another event: nothing moves but DTSTAMP
    assert revisions(second[other]) == revisions(first[other])

    monkeypatch.delenv("SOURCE_DATE_EPOCH")  # the sources' date again, earlier than the recorded one
    third = calendars(project_copy, previous=second.get)
    assert by_uid(third[name])[opening]["sequence"] == 1, "an unchanged session keeps its SEQUENCE"
    edit_workshop(project_copy, key, lambda data: data["agenda"][0]["sessions"][3].update(end="11:15"))  # the break
    fourth = by_uid(calendars(project_copy, previous=third.get)[name])
    assert fourth[opening]["sequence"] == 1
    (retimed,) = [uid for uid in fourth if "-20170517-1030-pause@" in uid]
    assert fourth[retimed]["sequence"] == 1 and fourth[retimed].decoded("dtend").minute == 15
    # Without a later date to record, LAST-MODIFIED still moves: a second after the recorded one.
    moved = fourth[retimed].decoded("last-modified") - by_uid(third[name])[retimed].decoded("last-modified")
    assert moved == dt.timedelta(seconds=1)


def test_an_edit_of_one_languages_words_moves_that_languages_entry_only(project_copy):
    """Each language's calendar is what its readers hold: a French room renamed is a change for them,
    not for the English and Greek readers, whose entries say the same as before."""
    key = "2017-05-thessaloniki"
    codes = ("fr", "en", "el")
    first = calendars(project_copy, codes=codes)
    edit_workshop(project_copy, key, lambda data: data["agenda"][0]["sessions"][1]["room"].update(fr="Salle B"))
    second = calendars(project_copy, previous=first.get, codes=codes)
    sequences = {
        lang: {uid: event["sequence"] for uid, event in by_uid(second[f"{lang}/calendar/sessions/{key}.ics"]).items()}
        for lang in ("fr", "en", "el")
    }
    (opening,) = [uid for uid in sequences["fr"] if "-0930-" in uid]
    assert sequences["fr"][opening] == 1
    assert all(sequence == 0 for lang in ("en", "el") for sequence in sequences[lang].values()), sequences
    for lang in ("en", "el"):
        assert second[f"{lang}/calendar/sessions/{key}.ics"] == first[f"{lang}/calendar/sessions/{key}.ics"], lang


def test_a_time_zone_from_the_data_and_none_for_an_unknown_country(project_copy):
    key = "2017-05-thessaloniki"
    edit_workshop(project_copy, key, lambda data: data.update(time_zone="Atlantic/Canary"))
    data = calendars(project_copy)[f"en/calendar/sessions/{key}.ics"]
    assert icalendar_events(data)[0]["dtstart"].params["TZID"] == "Atlantic/Canary"
    assert vobject_events(data)[0].dtstart.value.astimezone(UTC) == dt.datetime(2017, 5, 17, 8, 0, tzinfo=UTC)

    edit_workshop(project_copy, key, lambda data: data.update(time_zone="Europe/Thessaloniki"))
    with pytest.raises(SourceError) as refused:
        read_sources(project_copy / "sources")
    assert "'Europe/Thessaloniki' is not a time zone" in str(refused.value)

    def far_away(data):
        data.pop("time_zone")
        data["host"] = {"city": "Yokohama", "country": "JP"}

    edit_workshop(project_copy, key, far_away)
    with pytest.raises(SourceError) as refused:
        read_sources(project_copy / "sources")
    assert "2017-05-thessaloniki.yaml:" in str(refused.value)
    assert "host is in JP, which has no default time zone for the agenda's times" in str(refused.value)
    assert "fix: add the sessions' time zone to the event's file, as its IANA name: `time_zone: Asia/Tokyo`" in str(
        refused.value
    )


@pytest.mark.build
def test_the_build_writes_and_links_each_events_sessions_calendar(built):
    sources = read_sources(ROOT / "sources")
    for lang in sorted(path.name for path in built.iterdir() if (path / "index.html").is_file()):
        page = (built / lang / "index.html").read_text(encoding="utf-8")
        for key, workshop in sources.workshops_in_order():
            assert (built / lang / "calendar" / f"{key}.ics").is_file(), "the whole-event file stays"
            sessions = built / lang / "calendar" / "sessions" / f"{key}.ics"
            assert sessions.is_file() == bool(workshop.agenda)
            if workshop.agenda:
                assert len(vobject_events(sessions.read_bytes())) == len(expected_sessions(sources, key))
                assert page.count(f'href="calendar/sessions/{key}.ics"') >= 1, (lang, key)


def test_the_sessions_link_has_its_words_in_every_catalogue():
    for catalogue in sorted((ROOT / "layouts" / "messages" / "site").glob("*.yaml")):
        words = yaml.safe_load(catalogue.read_text(encoding="utf-8"))
        assert {"calendar_sessions", "add_sessions_to_calendar", "calendar_name_sessions"} <= set(words), catalogue


def test_no_previous_file_is_read_through_a_link(tmp_path):
    from publication.session_calendar import previous_files

    (tmp_path / "real.ics").write_bytes(b"BEGIN:VCALENDAR")
    (tmp_path / "link.ics").symlink_to(tmp_path / "real.ics")
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "own.ics").write_bytes(b"BEGIN:VCALENDAR")
    (tmp_path / "output" / "calendar").symlink_to(tmp_path)  # a folder linked out of the output
    read = previous_files(tmp_path / "output")
    assert read("own.ics") == b"BEGIN:VCALENDAR" and read("none.ics") is None
    assert read("calendar/real.ics") is None
    read = previous_files(tmp_path)
    assert read("real.ics") == b"BEGIN:VCALENDAR" and read("link.ics") is None


def test_the_zones_come_from_the_pinned_tzdata_not_the_machine(monkeypatch):
    """icalendar's own lookup (Timezone.from_tzid) reads the machine's zone database: never used."""

    def refuse(*args, **kwargs):
        raise AssertionError("a zone looked up by name on this machine")

    monkeypatch.setattr(icalendar.Timezone, "from_tzid", refuse)
    data = calendars(ROOT, codes=["en"])["en/calendar/sessions/2017-05-thessaloniki.ics"]
    assert [str(zone["tzid"]) for zone in icalendar.Calendar.from_ical(data).walk("VTIMEZONE")] == ["Europe/Athens"]
