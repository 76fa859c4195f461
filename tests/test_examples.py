"""The example projects of other networks (`examples/`): each is made with `new --from` and built in
full once per session, then the real PDFs are read: page budgets, parallel slots, the day named on
every page of a programme, the people printed, both languages, nothing of Arrival Cities.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
import yaml

from publication.kinds import kind_of
from publication.plan import BUDGET_OF_KIND, PDF_KINDS
from tests.conftest import EXAMPLES_BUILT, ROOT
from tests.pdfs import flat_text, squash, text_runs

pytestmark = pytest.mark.build  # every test here makes PDFs, or reads a fixture that does

EXAMPLES = tuple(EXAMPLES_BUILT)
LANGUAGES = ("fr", "en")
ARRIVAL_WORDS = (
    "Arrival Cities",
    "ArrivalCities",
    "villes d'arrivée",
    "villes d’arrivée",
    "Amadora",
    "Val-de-Marne",
    "Val de Marne",
)
# The day headings the programmes print, and the mark of a day continued on a new page.
DAYS = {
    ("conference", "fr"): ("Mardi 8 juin 2027", "Mercredi 9 juin 2027", "Jeudi 10 juin 2027"),
    ("conference", "en"): ("Tuesday, 8 June 2027", "Wednesday, 9 June 2027", "Thursday, 10 June 2027"),
    ("forum", "fr"): ("Mercredi 22 septembre 2027", "Jeudi 23 septembre 2027"),
    ("forum", "en"): ("Wednesday, 22 September 2027", "Thursday, 23 September 2027"),
}
CONTINUED = {"fr": "{day} (suite)", "en": "{day} (continued)"}
SLOT_CONTINUED = {"fr": "{slot} (suite)", "en": "{slot} (continued)"}
TABLE_HEAD = {"fr": "HORAIRE SÉANCE SALLE", "en": "TIME SESSION ROOM"}


def entries(output: Path) -> list[dict]:
    return json.loads((output / "manifest.json").read_text())["files"]


def event(name: str) -> tuple[str, dict]:
    """The example's one event: its key (the file's name) and its source."""
    (path,) = sorted((ROOT / "examples" / name / "sources" / "workshops").glob("*.yaml"))
    return path.stem, yaml.safe_load(path.read_text())


def programme(output: Path, name: str, lang: str) -> Path:
    return output / lang / f"programme-{event(name)[0]}-screen.pdf"


def pages_of(path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(str(path))
    try:
        texts = [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()
    for special, plain in (("\u00a0", " "), ("\u202f", " "), ("\u2011", "-"), ("\r", "")):
        texts = [text.replace(special, plain) for text in texts]
    return texts


def plain(text: str) -> str:
    """Squashed for comparison, with typographic apostrophes made straight."""
    return squash(text.replace("\u2019", "'"))


def text_in(value, lang: str) -> str:
    return value if isinstance(value, str) else value[lang]


def items(source: dict):
    """Every session of the event, and every parallel session in it."""
    for day in source["agenda"]:
        for session in day["sessions"]:
            yield session
            yield from session.get("parallel", [])


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_document_within_its_page_budget_in_both_languages(examples, name):
    files = entries(examples[name])
    for entry in files:
        budget = BUDGET_OF_KIND[entry["kind"]]
        assert budget.least <= entry["pages"], entry["path"]
        if budget.most is not None:
            assert entry["pages"] <= budget.most, f"{entry['path']}: {entry['pages']} pages"
        assert entry["pages"] % budget.multiple == 0, entry["path"]
    made = {(entry["kind"], entry["language"], entry["variant"]) for entry in files}
    assert made == {
        (kind, lang, variant)
        for kind in PDF_KINDS
        # No release in the examples: no changes insert; the event kit is in its own manifest (tests/test_kit.py).
        if not kind_of(kind).only_with_changes and not kind_of(kind).private
        for lang in LANGUAGES
        for variant in ("screen", "print")
    } | {("web", lang, "web") for lang in LANGUAGES}
    assert {entry["workshop"] for entry in files if entry["kind"] == "programme"} == {event(name)[0]}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", EXAMPLES)
def test_a_parallel_slot_prints_its_time_once_and_every_code(examples, name, lang):
    text = flat_text(programme(examples[name], name, lang))
    slots = [session for session in items(event(name)[1]) if session.get("parallel")]
    assert len(slots) >= 3
    for slot in slots:
        continued = text.count(plain_continued(slot, lang))  # repeated where it continues on a new page
        assert text.count(f"{slot['start']}–{slot['end']}") == 1 + continued, slot["start"]
        for parallel in slot["parallel"]:
            assert re.search(rf"\b{parallel['code']}\b", text), parallel["code"]
    if name == "conference":
        assert text.count("11:30–13:00") == 1 + text.count(plain_continued(slots[0], lang))
        assert all(re.search(rf"\b{series}{n}\b", text) for series in "AB" for n in range(1, 7))


def plain_continued(slot: dict, lang: str) -> str:
    """What the top of a page prints when the slot continues there: 'Sessions parallèles 1 (suite)'."""
    return SLOT_CONTINUED[lang].format(slot=text_in(slot["title"], lang))


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", EXAMPLES)
def test_a_slot_continued_on_a_page_opens_it_with_its_time_and_title(examples, name, lang):
    """Each page a slot's sessions continue on opens on the slot's time and title, "(suite)",
    before any of its sessions; there is at least one such page in each example."""
    pages = [plain(page) for page in pages_of(programme(examples[name], name, lang))]
    slots = [session for session in items(event(name)[1]) if session.get("parallel")]
    continued = 0
    for slot in slots:
        titles = [plain(text_in(parallel["title"], lang))[:40] for parallel in slot["parallel"]]
        found = [next(n for n, page in enumerate(pages) if title in page) for title in titles]
        for number in sorted(set(found[1:]) - {found[0]}):
            head = plain(f"{slot['start']}–{slot['end']}" + plain_continued(slot, lang))
            first = min(pages[number].index(title) for title, page in zip(titles, found, strict=True) if page == number)
            assert head in pages[number][:first], (slot["start"], f"page {number + 1}")
            continued += 1
    assert continued >= 1


@pytest.mark.parametrize("variant", ["screen", "print"])
@pytest.mark.parametrize("name", EXAMPLES)
def test_no_name_under_7_pt_and_no_label_under_6_5_pt(examples, name, variant):
    """A hundred speakers: every word of the programme at 6.5 pt or more, every person's name at 7 pt
    or more (the programme takes more pages instead: its budget is 6)."""
    path = programme(examples[name], name, "fr").with_name(f"programme-{event(name)[0]}-{variant}.pdf")
    runs = [(size, text.strip()) for _, size, text in text_runs(path) if text.strip()]
    assert min(size for size, _ in runs) >= 6.5 - 0.01
    people = {
        word
        for item in items(event(name)[1])
        for person in [item.get("chair"), *item.get("speakers", [])]
        if isinstance(person, dict) and "name" in person  # not an older free-text speaker
        for word in person["name"].split()
    }
    names = [(size, text) for size, text in runs if set(text.split()) <= people]
    assert len(names) >= (100 if name == "forum" else 30)
    assert min(size for size, _ in names) >= 7 - 0.01, sorted(names)[:3]


@pytest.mark.parametrize("variant", ["screen", "print"])
def test_the_running_foot_keeps_a_long_name_on_one_line(examples, variant):
    """The forum's foot, "INTERREG DANUBE REGION · DANUBE GREEN CITIES" (programme and network): one
    line at the foot of every page, beside the page number (the draft badge stands top right)."""
    path = programme(examples["forum"], "forum", "fr").with_name(f"programme-{event('forum')[0]}-{variant}.pdf")
    document = pdfium.PdfDocument(str(path))
    try:
        for number, page in enumerate(document, start=1):
            textpage, (_, bottom, _, _) = page.get_textpage(), page.get_trimbox()
            foot = [
                (round(box[1]), text)
                for index in range(textpage.count_chars())
                if (box := textpage.get_charbox(index, loose=True))[3] < bottom + 18 * 72 / 25.4
                and (text := textpage.get_text_range(index, 1)).strip()
            ]
            text = "".join(char for _, char in foot)
            title = [line for line, _ in foot[: text.index("Page")]]
            assert text == f"INTERREGDANUBEREGION·DANUBEGREENCITIESPage{number}sur{len(document)}", number
            assert len(set(title)) == 1, (number, "the name takes more than one line")
    finally:
        document.close()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", EXAMPLES)
def test_every_page_of_a_programme_names_its_day(examples, name, lang):
    """A page that opens on a new day has its heading above its first table; any other page
    repeats the day it continues: "Mercredi 9 juin 2027 (suite)"."""
    days, pages = DAYS[name, lang], pages_of(programme(examples[name], name, lang))
    assert len(pages) >= 2
    current = None
    for number, text in enumerate(pages, start=1):
        if TABLE_HEAD[lang] not in text:
            continue
        fresh = {day: match.start() for day in days for match in re.finditer(rf"{re.escape(day)}(?! \()", text)}
        first_table = text.index(TABLE_HEAD[lang])
        if not any(position < first_table for position in fresh.values()):
            assert current and CONTINUED[lang].format(day=current) in text, f"page {number}"
        if fresh:
            current = max(fresh, key=fresh.get)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", EXAMPLES)
def test_speakers_chairs_their_organisations_and_meeting_points_are_printed(examples, name, lang):
    text = plain(flat_text(programme(examples[name], name, lang)))
    people, meeting_points = 0, 0
    for item in items(event(name)[1]):
        for person in [item.get("chair"), *item.get("speakers", [])]:
            if isinstance(person, dict) and "name" in person:
                people += 1
                assert plain(person["name"]) in text, person["name"]
                if person.get("organisation"):
                    assert plain(text_in(person["organisation"], lang)) in text, person["name"]
        if item.get("meeting_point"):
            meeting_points += 1
            assert plain(text_in(item["meeting_point"], lang)) in text
    assert people >= (100 if name == "forum" else 30) and meeting_points >= 4


@pytest.mark.parametrize("name", EXAMPLES)
def test_no_word_of_arrival_cities_in_the_examples(examples, name):
    """PDFs (text and metadata), job tickets, calendars, download pages, web programmes."""
    output, found = examples[name], {}
    for path in sorted(output.glob("*/*.pdf")):
        with pikepdf.open(path) as pdf:
            info = " ".join(str(value) for value in pdf.docinfo.values())
            xmp = pdf.Root.Metadata.read_bytes().decode() if "/Metadata" in pdf.Root else ""
        found[path.name + f" ({path.parent.name})"] = " ".join((flat_text(path), info, xmp))
    others = [
        *output.glob("*/*.txt"),
        *output.glob("*/calendar/**/*.ics"),  # the sessions calendars too
        *output.glob("*/index.html"),
        *output.glob("*/web-*.html"),
        output / "index.html",
    ]
    assert len(others) >= 2 * (4 + 2 + 1 + 1)
    for path in others:
        found[str(path.relative_to(output))] = path.read_text()
    leaks = {
        where: [word for word in ARRIVAL_WORDS if word.casefold() in text.casefold()] for where, text in found.items()
    }
    assert not {where: words for where, words in leaks.items() if words}


def test_the_conference_prints_its_evening_and_its_network(examples):
    for lang, evening in (("fr", "Soirée"), ("en", "Evening")):
        first = pages_of(programme(examples["conference"], "conference", lang))[0]
        assert re.search(rf"^{evening} ", first, re.M), lang
        assert "Blue Corridors" in first


@pytest.mark.parametrize("name", EXAMPLES)
def test_programmes_have_no_layout_finding(examples, name):
    """The programmes' part of the test below, which the brochure, poster and overview still fail."""
    programmes = [entry for entry in entries(examples[name]) if entry["kind"] == "programme"]
    assert len(programmes) == 4
    assert [(entry["path"], warning) for entry in programmes for warning in entry.get("layout_warnings", [])] == []


@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_have_no_layout_finding(examples, name):
    """No layout preflight warning in any document (an error would have failed the build)."""
    assert [
        (entry["path"], warning) for entry in entries(examples[name]) for warning in entry.get("layout_warnings", [])
    ] == []
