"""Changes since a release: `make-publication release NAME` records each event's agenda and each output
file's checksum in releases/NAME/; editing the agenda afterwards gives exactly the expected list of
changes, said in French and in English; an unchanged event gives none."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from publication.changelist import change_lines, day_namer
from publication.changes import changes, session_records
from publication.cli import main
from publication.errors import UsageError
from publication.localise import Languages
from publication.releases import event_changes, read_releases, write_release
from publication.sources import read_sources
from tests.test_session_calendar import edit_workshop

KEY = "2017-05-thessaloniki"


def release(project: Path, name: str = "2017-05-printed", day: str = "2017-05-02", *more: str):
    result = CliRunner().invoke(main, ["--project", str(project), "release", name, "--date", day, *more])
    assert result.exit_code == 0, result.output
    return result


def said(project: Path, key: str = KEY, codes=("fr", "en")) -> dict[str, list[str]]:
    sources = read_sources(project / "sources")
    languages = Languages(sources.site.source_language, project, sources.network)
    found = event_changes(sources, key, read_releases(project))
    assert found is not None
    workshop = sources.workshops[key]
    return {code: change_lines(languages[code], found[1], day_namer(languages[code], workshop)) for code in codes}


def session(data: dict, title_fr: str, date: str | None = None) -> dict:
    return next(
        item
        for day in data["agenda"]
        if date is None or str(day["date"]) == date
        for item in day["sessions"]
        if item["title"]["fr"] == title_fr
    )


def edit_after_the_release(data: dict) -> None:
    day1, day2 = data["agenda"][0]["sessions"], data["agenda"][1]["sessions"]
    session(data, "Accueil des participants et café")["end"] = "09:45"
    session(data, "Ouverture : la politique d'accueil de la ville hôte")["room"] = {
        "fr": "Salle du conseil",
        "en": "Council chamber",
        "el": "Αίθουσα συμβουλίου",
    }
    del session(data, "Table ronde thématique")["speakers"][1]
    day1.remove(session(data, "Pause", "2017-05-17"))
    day1.remove(session(data, "Retour sur la visite et échanges"))
    conclusions = session(data, "Conclusions et prochaines étapes")
    day2.remove(conclusions)
    day1.append({**conclusions, "start": "16:45", "end": "17:30"})
    day2.insert(
        -1,
        {
            "start": "12:00",
            "end": "12:45",
            "title": {"fr": "Conférence de presse", "en": "Press conference", "el": "Συνέντευξη Τύπου"},
            "room": {"fr": "Salle 2", "en": "Room 2", "el": "Αίθουσα 2"},
        },
    )


def test_editing_after_a_release_gives_exactly_the_expected_changes_in_french_and_english(project_copy):
    release(project_copy)
    assert said(project_copy) == {"fr": [], "en": []}, "just released: nothing changed"
    edit_workshop(project_copy, KEY, edit_after_the_release)
    assert said(project_copy) == {"fr": FRENCH, "en": ENGLISH}


FRENCH = [  # French typography: a narrow no-break space (U+202F) inside « » and before ':'
    "Nouvel horaire\u202f: «\u202fAccueil des participants et café\u202f», 17 mai 2017, 09:00–09:45 (au lieu de 17 mai 2017, 09:00–09:30)",
    "Nouvelle salle\u202f: «\u202fOuverture\u202f: la politique d’accueil de la ville hôte\u202f», Salle du conseil (au lieu de Salle plénière)",
    "Annulation\u202f: «\u202fPause\u202f», 17 mai 2017, 10:30–11:00",
    "Intervenants modifiés\u202f: «\u202fTable ronde thématique\u202f», Expert principal URBACT (au lieu de Expert principal URBACT et Partenaires du réseau)",
    "Annulation\u202f: «\u202fRetour sur la visite et échanges\u202f», 17 mai 2017, 16:45–17:30",
    "Déplacement\u202f: «\u202fConclusions et prochaines étapes\u202f», désormais 17 mai 2017, 16:45–17:30 (au lieu de 18 mai 2017, 12:00–12:45)",
    "Ajout\u202f: «\u202fConférence de presse\u202f», 18 mai 2017, 12:00–12:45, Salle 2",
]
ENGLISH = [  # in the order of the sessions' days and times as they are now
    "New time: “Welcome and coffee”, 17 May 2017, 09:00–09:45 (was 17 May 2017, 09:00–09:30)",
    "New room: “Opening: the host city’s reception policy”, Council chamber (was Plenary room)",
    "Cancelled: “Break”, 17 May 2017, 10:30–11:00",
    "New speakers: “Thematic round table”, URBACT lead expert (was URBACT lead expert and Network partners)",
    "Cancelled: “Debrief of the visit”, 17 May 2017, 16:45–17:30",
    "Moved: “Conclusions and next steps”, now 17 May 2017, 16:45–17:30 (was 18 May 2017, 12:00–12:45)",
    "Added: “Press conference”, 18 May 2017, 12:00–12:45, Room 2",
]


def test_an_unchanged_event_has_no_change_and_an_unreleased_event_no_release(project_copy):
    release(project_copy)
    edit_workshop(project_copy, KEY, edit_after_the_release)
    sources = read_sources(project_copy / "sources")
    releases = read_releases(project_copy)
    others = [key for key, workshop in sources.workshops_in_order() if workshop.agenda and key != KEY]
    assert others
    for key in others:
        latest, found = event_changes(sources, key, releases) or (None, None)
        assert latest is not None and latest.name == "2017-05-printed" and found == []
    assert event_changes(sources, "no-such-event", releases) is None


def test_a_build_compares_with_the_latest_release_holding_the_event(project_copy):
    release(project_copy, "2017-05-printed", "2017-05-02")

    def retime(data):
        session(data, "Accueil des participants et café")["end"] = "09:45"

    edit_workshop(project_copy, KEY, retime)
    release(project_copy, "2017-05-reprinted", "2017-05-10")
    assert said(project_copy) == {"fr": [], "en": []}, "compared with the reprint, nothing changed"
    assert [r.name for r in read_releases(project_copy)] == ["2017-05-printed", "2017-05-reprinted"]


def test_sessions_of_the_same_title_pair_by_day_and_start_first():
    records = [
        {
            "name": "Pause",
            "title": {"fr": "Pause"},
            "date": d,
            "start": s,
            "end": None,
            "when": None,
            "room": None,
            "people": [],
        }
        for d, s in (("2027-01-01", "10:30"), ("2027-01-02", "10:30"))
    ]
    assert [change.kind for change in changes(records, records[1:])] == ["removed"]
    assert changes(records, records[1:])[0].before == records[0]
    assert changes(records, records) == []


def test_the_release_records_the_agenda_and_every_sent_files_checksum_and_never_overwrites(project_copy):
    output = project_copy / "output"
    (output / "fr").mkdir(parents=True)
    (output / "fr" / "programme.pdf").write_bytes(b"%PDF-1.7 sent")
    (output / "preview").mkdir()
    (output / "preview" / "draft.pdf").write_bytes(b"not sent")
    (output / ".build-state.json").write_text("{}")
    before = {path: path.read_bytes() for path in output.rglob("*") if path.is_file()}
    result = release(project_copy)
    assert "releases/2017-05-printed/release.json" in result.output
    recorded = json.loads((project_copy / "releases" / "2017-05-printed" / "release.json").read_text(encoding="utf-8"))
    assert recorded["date"] == "2017-05-02"
    assert recorded["files"] == {"fr/programme.pdf": hashlib.sha256(b"%PDF-1.7 sent").hexdigest()}
    sources = read_sources(project_copy / "sources")
    assert recorded["events"][KEY] == session_records(sources.workshops[KEY], "fr")
    assert {path: path.read_bytes() for path in output.rglob("*") if path.is_file()} == before, "output/ untouched"
    with pytest.raises(UsageError, match="exists already"):
        write_release(project_copy, sources, "2017-05-printed", dt.date(2017, 5, 3), output)
    with pytest.raises(UsageError, match="use letters"):
        write_release(project_copy, sources, "../escape", dt.date(2017, 5, 3), output)


@pytest.mark.slow  # builds the event's web pages three times
def test_the_web_programme_lists_and_marks_the_changes_only_once_there_are_some(project_copy, tmp_path):
    from html import unescape

    from publication.plan import BuildOptions, Project
    from publication.publish import build

    output, options = tmp_path / "output", BuildOptions(kinds=("web",), languages=("fr", "en"))
    page = {lang: output / lang / f"web-{KEY}.html" for lang in ("fr", "en")}
    build(Project(project_copy, output), options)
    before = {lang: path.read_bytes() for lang, path in page.items()}
    release(project_copy, "2017-05-printed", "2017-05-02", "--output", str(output))
    build(Project(project_copy, output), options)
    assert {lang: path.read_bytes() for lang, path in page.items()} == before, "released, unchanged: the same page"
    assert 'class="changes"' not in before["en"].decode()
    edit_workshop(project_copy, KEY, edit_after_the_release)
    build(Project(project_copy, output), options)
    for lang, lines, heading in (
        ("en", ENGLISH, "Changes since the printed programme of 2 May 2017"),
        ("fr", FRENCH, "Changements depuis le programme imprimé du 2 mai 2017"),
    ):
        html = unescape(page[lang].read_text(encoding="utf-8"))
        text = re.sub(r"[ \n]+", " ", re.sub(r"<[^>]+>", "", html))  # acronyms are wrapped in the page
        assert heading in text, lang
        assert [line for line in lines if line not in text] == [], lang
        marks = re.findall(
            r'<h[45] class="session__title">([^<]+)</h[45]>\s*<p class="session__change">([^<]+)</p>', html
        )
        assert len(marks) == 5, (lang, marks)  # every changed session but the two cancelled
    english = dict(
        re.findall(
            r'<h[45] class="session__title">([^<]+)</h[45]>\s*<p class="session__change">([^<]+)</p>',
            unescape(page["en"].read_text(encoding="utf-8")),
        )
    )
    assert english == {
        "Welcome and coffee": "New time",
        "Opening: the host city’s reception policy": "New room",
        "Thematic round table": "New speakers",
        "Conclusions and next steps": "Moved here",
        "Press conference": "New",
    }


@pytest.mark.browser
@pytest.mark.parametrize("width", (390, 1280))
def test_the_changes_on_the_web_programme_are_accessible_at_both_widths(chromium, project_copy, tmp_path, width):
    """The list and the marks pass axe-core, nothing scrolls sideways; screenshots in pytest's temporary folder."""
    from publication.plan import BuildOptions, Project
    from publication.publish import build
    from tests.test_web import AXE, AXE_RUN
    from tools.browser import Browser

    output = tmp_path / "output"
    release(project_copy)
    edit_workshop(project_copy, KEY, edit_after_the_release)
    build(Project(project_copy, output), BuildOptions(kinds=("web",), languages=("fr", "en")))
    with Browser(width, 900) as browser:
        for lang in ("fr", "en"):
            page = output / lang / f"web-{KEY}.html"
            browser.set_viewport(width, 900)
            browser.open(page.resolve().as_uri())
            browser.wait_for("document.fonts.status === 'loaded'")
            assert browser.evaluate("document.querySelectorAll('.changes li, .session__change').length") == 12
            assert browser.evaluate("document.documentElement.scrollWidth") <= width
            browser.evaluate(AXE.read_text(encoding="utf-8"))
            assert browser.evaluate(AXE_RUN) == [], f"{lang} at {width} px"
            browser.screenshot(tmp_path / f"changes-{lang}-{width}.png", full_page=True)


@pytest.mark.build
def test_the_download_page_summarises_each_events_changes_on_its_card(project_copy, tmp_path):
    from html import unescape

    from publication.plan import BuildOptions, Project
    from publication.publish import build

    output = tmp_path / "output"
    options = BuildOptions(kinds=("programme",), languages=("en",), variants=("screen",), events=(KEY,))
    release(project_copy)
    build(Project(project_copy, output), options)
    assert 'class="card__changes"' not in (output / "en" / "index.html").read_text(encoding="utf-8"), "no change yet"
    edit_workshop(project_copy, KEY, edit_after_the_release)
    build(Project(project_copy, output), options)
    html = unescape((output / "en" / "index.html").read_text(encoding="utf-8"))
    text = re.sub(r"[ \n]+", " ", re.sub(r"<[^>]+>", "", html))
    assert html.count('class="card__changes"') == 1
    assert "Changes since the printed programme of 2 May 2017 (7 changes)" in text
    assert [line for line in ENGLISH if line not in text] == []


def test_the_sessions_calendar_sequence_follows_the_releases_even_in_a_fresh_output_folder(project_copy):
    """A session changed since the release (its room) is at SEQUENCE 1 with no previous file to compare
    with, the others at 0; changed again after a second release, at 2."""
    from tests.test_session_calendar import calendars, icalendar_events

    def sequences() -> dict[str, int]:
        data = calendars(project_copy, codes=("en",))[f"en/calendar/sessions/{KEY}.ics"]
        return {str(event["summary"]): int(event["sequence"]) for event in icalendar_events(data)}

    def move_the_opening_to(room: str):
        def edit(data):
            session(data, "Ouverture : la politique d'accueil de la ville hôte")["room"] = {"fr": room, "en": room}

        return edit

    release(project_copy, "2017-05-printed", "2017-05-02")
    assert set(sequences().values()) == {0}
    edit_workshop(project_copy, KEY, move_the_opening_to("Salle du conseil"))
    first = sequences()
    assert {title: n for title, n in first.items() if n} == {"Opening: the host city’s reception policy": 1}
    release(project_copy, "2017-05-reprinted", "2017-05-10")
    assert sequences() == first, "released as it was: nothing more"
    edit_workshop(project_copy, KEY, move_the_opening_to("Salle 3"))
    assert {title: n for title, n in sequences().items() if n} == {"Opening: the host city’s reception policy": 2}


def test_a_release_file_linked_from_outside_the_project_is_refused(project_copy, tmp_path_factory):
    from publication.errors import SourceError

    outside = tmp_path_factory.mktemp("elsewhere") / "release.json"
    outside.write_text("{}", encoding="utf-8")
    (project_copy / "releases" / "2017-05-printed").mkdir(parents=True)
    (project_copy / "releases" / "2017-05-printed" / "release.json").symlink_to(outside)
    with pytest.raises(SourceError, match="leads outside the project folder"):
        read_sources(project_copy / "sources")


def test_a_damaged_release_is_a_located_error(project_copy):
    from publication.errors import SourceError

    (project_copy / "releases" / "2017-05-printed").mkdir(parents=True)
    (project_copy / "releases" / "2017-05-printed" / "release.json").write_text("{", encoding="utf-8")
    with pytest.raises(SourceError, match=r"release\.json.*cannot be read"):
        read_releases(project_copy)


def test_the_changes_insert_is_planned_only_for_an_event_changed_since_its_release(project_copy):
    from publication.plan import BuildOptions, plan_publications

    def planned() -> set[tuple[str, str | None, str]]:
        plan = plan_publications(read_sources(project_copy / "sources"), BuildOptions())
        return {(p.lang, p.workshop, p.variant) for p in plan if p.kind_record.only_with_changes}

    assert planned() == set(), "no release"
    release(project_copy)
    assert planned() == set(), "released, nothing changed"
    edit_workshop(project_copy, KEY, edit_after_the_release)
    languages = read_sources(project_copy / "sources").workshops[KEY].languages
    expected = {(lang, KEY, variant) for lang in ("fr", "en", *languages) for variant in ("screen", "print")}
    assert planned() == expected


@pytest.mark.build
def test_the_changes_insert_is_one_a4_page_listing_the_changes_and_passing_every_check(project_copy, tmp_path):
    """Built (the build fails on any preflight error, print or screen), one A4 page in each variant, its
    text the list of changes; the web programme links the programme's PDFs, not the insert."""
    import pypdfium2

    from publication.plan import BuildOptions, Project
    from publication.publish import build

    release(project_copy)
    edit_workshop(project_copy, KEY, edit_after_the_release)
    output = tmp_path / "output"
    build(Project(project_copy, output), BuildOptions(kinds=("changes", "web"), languages=("fr", "en")))
    manifest = json.loads((output / "manifest.json").read_text(encoding="utf-8"))["files"]
    inserts = [entry for entry in manifest if entry["kind"] == "changes"]
    assert sorted((e["language"], e["variant"]) for e in inserts) == [
        ("en", "print"),
        ("en", "screen"),
        ("fr", "print"),
        ("fr", "screen"),
    ]
    for entry in inserts:
        document = pypdfium2.PdfDocument(output / entry["path"])
        assert len(document) == 1 and entry["pages"] == 1, entry["path"]
        width, height = document[0].get_size()
        assert (round(width * 25.4 / 72), round(height * 25.4 / 72)) == (210, 297) or entry["variant"] == "print"
        text = re.sub(r"\s+", " ", document[0].get_textpage().get_text_range())
        assert "Conférence de presse" in text or "Press conference" in text, entry["path"]
        assert ("2 May 2017" if entry["language"] == "en" else "2 mai 2017") in text.replace("\u00a0", " ")
        # Its title names it: a reader's list of open files does not show a second programme.
        title = document.get_metadata_dict()["Title"]
        assert title.startswith(
            "Changes to the programme – " if entry["language"] == "en" else "Changements au programme – "
        ), title
    assert f"changes-{KEY}" not in (output / "en" / f"web-{KEY}.html").read_text(encoding="utf-8")
