"""Dates that agree (issue #23): an event whose date is its month alone (`dates: 2027-10`, "date
précise à confirmer") while its agenda dates its days. `check` warns at the first day's date; the
programme (PDF and web page) heads its days "Jour 1", "Day 1", never a weekday and date; no calendar
entry invents a day (no .ics of the event or its sessions, no schedule; the cycle's leaves it out),
and the download page and the web page say why.

The exchange example (a three-day seminar, 12–14 October 2027) made month-only.
"""

from __future__ import annotations

import re

import icalendar
import pytest

from tests.conftest import ROOT, run_cli
from tests.pdfs import flat_text

KEY = "2027-10-creteil-seminar"
WEEKDAY_DATES = ("Mardi 12 octobre 2027", "Mercredi 13 octobre", "Jeudi 14 octobre", "Tuesday, 12 October 2027")


def month_only_exchange(folder):
    """The exchange example copied by `new --from`, its dates made the month alone."""
    project = folder / "exchange"
    made = run_cli("new", str(project), "--from", str(ROOT / "examples" / "exchange" / "sources"))
    assert made.exit_code == 0, made.output
    workshop = project / "sources" / "workshops" / f"{KEY}.yaml"
    text = workshop.read_text(encoding="utf-8")
    assert "dates: 2027-10-12\nend: 2027-10-14\n" in text
    workshop.write_text(text.replace("dates: 2027-10-12\nend: 2027-10-14\n", "dates: 2027-10\n"), encoding="utf-8")
    return project


def test_check_warns_of_dated_days_at_the_first_days_date(tmp_path):
    project = month_only_exchange(tmp_path)
    checked = run_cli("check", project=project)
    assert checked.exit_code == 0, checked.output  # a warning, not an error
    output = " ".join(checked.output.split())
    assert (
        f"sources/workshops/{KEY}.yaml:18: agenda[1].date the event's date is a month (`dates: 2027-10`), "
        "but its agenda dates its 3 days (2027-10-12, 2027-10-13, 2027-10-14): the programme prints "
        '"Day 1", "Day 2", "Day 3" instead of these dates, and no calendar or schedule holds the event'
    ) in output
    assert "fix: give the event its exact `dates:` (and `end:`) once they are known" in output


def test_an_event_with_its_exact_dates_gets_no_such_warning(tmp_path):
    project = tmp_path / "exchange"
    assert run_cli("new", str(project), "--from", str(ROOT / "examples" / "exchange" / "sources")).exit_code == 0
    checked = run_cli("check", project=project)
    assert checked.exit_code == 0 and "the event's date is a month" not in checked.output, checked.output


@pytest.mark.build
def test_programme_says_day_1_and_no_calendar_invents_a_day(tmp_path):
    project = month_only_exchange(tmp_path)
    built = run_cli("build", "--kind", "programme", "--kind", "web", "--variant", "screen", project=project)
    assert built.exit_code == 0, built.output
    assert f"warning: sources/workshops/{KEY}.yaml:18: agenda[1].date the event's date is a month" in built.output
    output = project / "output"
    french, english = (flat_text(output / lang / f"programme-{KEY}-screen.pdf") for lang in ("fr", "en"))
    for text, words in ((french, ("Jour 1", "Jour 2", "Jour 3")), (english, ("Day 1", "Day 2", "Day 3"))):
        assert all(word in text for word in words), text[:800]
        assert text.count(words[0]) == 1, "'Jour 1 : se rencontrer', the day's own title, printed once"
        assert not any(day in text for day in WEEKDAY_DATES), "a weekday and date beside a month-only date"
    assert "octobre 2027" in french and "date précise à confirmer" in french
    assert not re.search(r"\b1[234] octobre", french) and not re.search(r"\b1[234] October", english)
    web = (output / "fr" / f"web-{KEY}.html").read_text(encoding="utf-8")
    assert "Jour 1" in web and "Mardi 12 octobre" not in web
    assert "Pas encore dans les agendas" in web and f"{KEY}.ics" not in web
    for lang in ("fr", "en"):
        calendars = output / lang / "calendar"
        assert not (calendars / f"{KEY}.ics").exists() and not (calendars / "sessions" / f"{KEY}.ics").exists()
        assert not list((output / lang).rglob(f"{KEY}*.xml")) and not list((output / lang).rglob(f"{KEY}*.json"))
        # No event has its dates: no cycle's calendar either (RFC 5545 wants one event at least), none linked.
        assert not (calendars / "cycle.ics").exists()
    page = (output / "fr" / "index.html").read_text(encoding="utf-8")
    assert "Pas encore dans les agendas" in page and f"{KEY}.ics" not in page and "cycle.ics" not in page


@pytest.mark.build
def test_the_same_event_with_its_exact_dates_is_in_every_calendar(tmp_path):
    """The exchange example as shipped: its event's .ics, its sessions' (every session on its day), both valid."""
    project = tmp_path / "exchange"
    assert run_cli("new", str(project), "--from", str(ROOT / "examples" / "exchange" / "sources")).exit_code == 0
    built = run_cli("build", "--kind", "programme", "--lang", "fr", "--variant", "screen", project=project)
    assert built.exit_code == 0, built.output
    calendars = project / "output" / "fr" / "calendar"
    event = icalendar.Calendar.from_ical((calendars / f"{KEY}.ics").read_bytes()).walk("VEVENT")[0]
    assert str(event.decoded("dtstart")) == "2027-10-12" and str(event.decoded("dtend")) == "2027-10-15"
    cycle = icalendar.Calendar.from_ical((calendars / "cycle.ics").read_bytes()).walk("VEVENT")
    assert [str(e.decoded("dtstart")) for e in cycle] == ["2027-10-12"]  # the cycle's, once an event has its dates
    assert 'href="calendar/cycle.ics"' in (project / "output" / "fr" / "index.html").read_text(encoding="utf-8")
    sessions = icalendar.Calendar.from_ical((calendars / "sessions" / f"{KEY}.ics").read_bytes()).walk("VEVENT")
    assert {str(s.decoded("dtstart"))[:10] for s in sessions} == {"2027-10-12", "2027-10-13", "2027-10-14"}
    assert "Mardi 12 octobre 2027" in flat_text(project / "output" / "fr" / f"programme-{KEY}-screen.pdf")


def test_change_lines_and_the_kit_name_a_month_only_events_days_as_its_programme_does(tmp_path):
    """What names a day elsewhere (the changes since a release, room signs, attendance sheets) says
    "Jour 2" too, never "13 octobre 2027"; with the exact dates, the date."""
    from publication.changelist import day_namer
    from publication.localise import Languages
    from publication.sources import read_sources
    from publication.timetable import day_label

    project = month_only_exchange(tmp_path)
    sources = read_sources(project / "sources")
    languages = Languages(sources.site.source_language, project, sources.network)
    event = sources.workshops[KEY]
    assert day_namer(languages["fr"], event)("2027-10-13") == "Jour 2"
    assert day_label(languages["en"], event, event.agenda[2].date) == "Day 3"
    dated = event.model_copy(update={"dates": event.agenda[0].date, "end": event.agenda[2].date})
    assert day_namer(languages["fr"], dated)("2027-10-13") == "13 octobre 2027"
    assert day_label(languages["fr"], dated, event.agenda[1].date) == "Mercredi 13 octobre 2027"
