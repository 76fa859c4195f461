"""Programmes as an agency would sign them: where a parallel slot breaks (the rule, on measured
pages), the page of an event with no agenda, the host in the masthead, web addresses, acronyms at
the end of a paragraph. Each is read on real PDFs (or, for the rule, on the pages it measures)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml

from publication.pagination import KEEP_WHOLE_BELOW, Pages, Row, decide, holding
from publication.render import keep_acronyms_whole
from publication.timetable import PageBreaks
from tests.conftest import ROOT, run_cli
from tests.pdfs import MM, flat_text, page_text, squash, text_runs
from tests.stress import PEOPLE, add_parallel_slots

# --- the rule for slots, on measured pages (px; each page's area from 0 to 1000) ---------------

AREAS = ((0.0, 1000.0),) * 3


def slot_pages(first_top: float, session_height: float, sessions: int) -> Pages:
    """A slot laid out from `first_top` on page 0 under an item ending there, free to break: a head
    row of 20 px, then its sessions."""
    rows, page, top = [Row("1.1", "0", 0, first_top - 100, first_top)], 0, first_top
    for number in range(sessions + 1):
        height = 20.0 if number == 0 else session_height
        if top + height > 1000:
            page, top = page + 1, 40.0  # the next page opens under its table head
        rows.append(Row("1.2", str(number), page, top, top + height))
        top += height
    return Pages(tuple(rows), AREAS)


def test_a_slot_that_would_leave_less_than_a_fifth_blank_moves_whole():
    pages = slot_pages(first_top=850.0, session_height=100.0, sessions=3)
    assert KEEP_WHOLE_BELOW > (1000 - 850) / 1000  # the blank the slot would leave on page 0
    assert decide(pages, PageBreaks(), set()) == PageBreaks(whole=frozenset({"1.2"}))


def test_a_slot_that_would_leave_a_fifth_blank_continues_under_its_time_and_title():
    pages = slot_pages(first_top=700.0, session_height=100.0, sessions=4)
    assert [row.page for row in pages.slot("1.2")] == [0, 0, 0, 1, 1]
    assert decide(pages, PageBreaks(), set()) == PageBreaks(continued=frozenset({"1.2/3"}))


def test_a_slot_taller_than_a_page_continues_on_every_page():
    pages = slot_pages(first_top=900.0, session_height=300.0, sessions=7)
    assert decide(pages, PageBreaks(), set()).continued == {"1.2/1", "1.2/4", "1.2/7"}


def test_a_slot_kept_whole_that_left_too_much_blank_is_not_kept_whole_again():
    """The previous item was on page 0 down to 500 px; the slot moved whole leaves half of it blank."""
    before = (Row("1.1", "0", 0, 400.0, 500.0),)
    moved = Pages((*before, *(Row("1.2", str(n), 1, 40.0 + 100 * n, 140.0 + 100 * n) for n in range(3))), AREAS)
    refused: set[str] = set()
    held = holding(moved, PageBreaks(whole=frozenset({"1.2"})), refused)
    assert held == PageBreaks() and refused == {"1.2"}
    split = slot_pages(first_top=500.0, session_height=250.0, sessions=3)
    assert decide(split, held, refused) == PageBreaks(continued=frozenset({"1.2/2"}))


def test_a_continuation_that_no_longer_opens_a_full_page_is_dropped_with_all_after_it():
    """Session 2 would now fit on page 0 under session 1: the forced break before it no longer holds."""
    rows = (
        Row("1.2", "0", 0, 500.0, 520.0),
        Row("1.2", "1", 0, 520.0, 620.0),
        Row("1.2", "2-continued", 1, 40.0, 60.0),
        Row("1.2", "2", 1, 60.0, 160.0),
        Row("1.5", "0", 1, 400.0, 420.0),
    )
    breaks = PageBreaks(continued=frozenset({"1.2/2"}), whole=frozenset({"1.5"}))
    assert holding(Pages(rows, AREAS), breaks, set()) == PageBreaks()


# --- on real PDFs ---------------------------------------------------------------------------------

LONG_BASE_URL = "https://www.europe-international.valdemarne.fr/arrival-cities-network/publications-and-programmes/"
NOTE = "Un échange entre les villes du réseau sur leurs pratiques d'accueil et leurs résultats"


@pytest.fixture(scope="module")
def changed(tmp_path_factory) -> Path:
    """The programmes (fr, en) of three events, built once from a copy of the project where Oldenburg has no
    agenda yet, the download address is long, Dresden's second day has descriptions of growing
    length that end in an acronym, and Thessaloniki's first day is four slots of five parallel
    sessions with a hundred people of long names in three scripts: the output folder."""
    project = tmp_path_factory.mktemp("programmes")
    for name in ("sources", "layouts", "styles"):
        shutil.copytree(ROOT / name, project / name)
    edit_yaml(project / "sources/workshops/2017-09-oldenburg.yaml", lambda data: data.pop("agenda"))
    site = project / "sources" / "site.yaml"
    text = re.sub(r"(?m)^base_url: .*$", f"base_url: {LONG_BASE_URL}", site.read_text(encoding="utf-8"))
    site.write_text(text, encoding="utf-8")
    edit_yaml(project / "sources/workshops/2016-09-dresden.yaml", add_notes)
    add_parallel_slots(project / "sources/workshops/2017-05-thessaloniki.yaml")
    output = project / "out"
    args = ("build", "--output", str(output), "--kind", "programme", "--lang", "fr", "--lang", "en")
    changed_events = ("2017-09-oldenburg", "2016-09-dresden", "2017-05-thessaloniki")
    result = run_cli(*args, *(f"--event={key}" for key in changed_events), project=project)
    assert result.exit_code == 0, result.output
    return output


def edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def add_notes(workshop: dict) -> None:
    for number, session in enumerate(workshop["agenda"][1]["sessions"]):
        text = f"Note {number}: " + " ".join(NOTE.split()[: 4 + 2 * number]) + " avec le programme URBACT."
        session["description"] = {"fr": text, "en": text, "de": text}


def lowest_text_mm(path: Path, page: int = 0) -> float:
    """How far below the trim's top the lowest text above the page's foot margin (18 mm) ends."""
    document = pdfium.PdfDocument(str(path))
    try:
        pdf_page = document[page]
        _, bottom, _, top = pdf_page.get_trimbox()
        textpage = pdf_page.get_textpage()
        boxes = [textpage.get_charbox(i) for i in range(textpage.count_chars())]
    finally:
        document.close()
    foot = bottom + 18 * MM
    return max((top - box[1]) / MM for box in boxes if box[1] > foot and box[3] > box[1])


TO_FOLLOW = {"fr": "Programme à venir", "en": "Programme to follow"}
PRACTICAL = {"fr": ("Informations pratiques", "Langues de travail", "Inscription"), "en": ("Practical information",)}


@pytest.mark.build
def test_an_event_without_agenda_is_one_page_announcing_it(changed):
    for lang in ("fr", "en"):
        for variant in ("screen", "print"):
            pdf = changed / lang / f"programme-2017-09-oldenburg-{variant}.pdf"
            assert len(pdfium.PdfDocument(str(pdf))) == 1, pdf.name
            text = flat_text(pdf)
            for words in (TO_FOLLOW[lang], *PRACTICAL[lang], "Oldenburg", "Kulturzentrum PFL", "2017"):
                assert words in text, (lang, variant, words)
            assert "FEDER" in text or "European Regional Development Fund" in text
            # Designed, not a page left empty: the closing block stands at the foot of the page.
            assert lowest_text_mm(pdf) > 297 - 18 - 12, (lang, variant)


def chars_of(path: Path, page: int = 0) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Every character of a page with its box (left, bottom, right, top, in points): the font's
    box, the same for every character of a line."""
    document = pdfium.PdfDocument(str(path))
    try:
        textpage = document[page].get_textpage()
        text = textpage.get_text_range()
        count = min(len(text), textpage.count_chars())
        return [(text[i], textpage.get_charbox(i, loose=True)) for i in range(count)]
    finally:
        document.close()


def column_lines(path: Path, label: str, next_label: str, below: str) -> list[str]:
    """The lines of text in a masthead column, top to bottom: from `label` down to the heading
    `below`, from the label's left edge to the next column's label."""
    chars = chars_of(path)
    text = "".join(char for char, _ in chars)
    left, _, _, top = chars[text.index(label)][1]
    right = chars[text.index(next_label)][1][0]
    bottom = chars[text.index(below)][1][3]
    lines: dict[int, list] = {}
    for char, (x0, y0, x1, y1) in chars:
        if left - 1 <= x0 and x1 <= right and bottom < y1 <= top + 1 and y1 > y0:
            lines.setdefault(round(y0), []).append((x0, char))
    return ["".join(char for _, char in sorted(found)).strip() for _, found in sorted(lines.items(), reverse=True)]


@pytest.mark.build
@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        (
            "fr/programme-2018-01-val-de-marne-print.pdf",
            ["DÉPARTEMENT HÔTE", "Val-de-Marne, France", "Département du Val-de-Marne"],
        ),
        (
            "en/programme-2018-01-val-de-marne-screen.pdf",
            ["HOST DÉPARTEMENT", "Val-de-Marne, France", "Val-de-Marne Département"],
        ),
        ("fr/programme-2016-09-dresden-screen.pdf", ["VILLE HÔTE", "Dresde, Allemagne"]),
    ],
)
def test_the_masthead_names_the_host_short_with_its_organisation_beneath(built, relative, expected):
    dates, agenda = ("DATES", "Programme") if relative.startswith("fr") else ("DATES", "Agenda")
    lines = column_lines(built / relative, expected[0], dates, agenda)
    assert [line.replace("\u00a0", " ").replace("\u2011", "-") for line in lines] == expected


@pytest.mark.build
def test_addresses_print_without_their_scheme_and_break_only_after_a_slash(changed):
    address = LONG_BASE_URL.removeprefix("https://") + "fr/"
    for pdf in sorted(changed.glob("fr/programme-*.pdf")):
        text = page_text(pdf)
        assert "https://" not in text and "http://" not in text, pdf.name
        start = text.index(address[:12])
        printed = text[start : start + len(address) + 10]
        breaks = [match.start() for match in re.finditer(r"\s+", printed)]
        joined = re.sub(r"\s+", "", printed)
        assert joined.startswith(address), (pdf.name, printed)
        assert breaks, f"{pdf.name}: the long address was meant to wrap"
        assert all(printed[index - 1] == "/" for index in breaks if index < len(address)), (pdf.name, printed)


# --- acronyms: kept whole, and never a runt ----------------------------------------------------

SENTENCES = (
    "Les échanges se déroulent en anglais, avec interprétation vers la langue du pays hôte en séance plénière, "
    "avec le soutien du {acronym}",
    "Inscription auprès du chef de projet du réseau avant le début de l'atelier ; le nombre de places est "
    "limité par le {acronym}",
    "Improve how migration flows are handled at local level, by exchanging experience between cities of the {acronym}",
)


def line_texts(html: str) -> list[list[str]]:
    """The lines of every paragraph of an HTML page, as WeasyPrint sets them."""
    import weasyprint
    from weasyprint.formatting_structure import boxes

    def lines(box):
        for child in getattr(box, "children", ()):
            if isinstance(child, boxes.LineBox):
                yield "".join(text(child))
            else:
                yield from lines(child)

    def text(box):
        if isinstance(box, boxes.TextBox):
            yield box.text
        for child in getattr(box, "children", ()):
            yield from text(child)

    def paragraphs(box):
        for child in getattr(box, "children", ()):
            if getattr(child, "element_tag", None) == "p":
                yield child
            else:
                yield from paragraphs(child)

    document = weasyprint.HTML(string=html).render()
    return [
        [line.replace("\u00a0", " ") for line in lines(p)]
        for page in document.pages
        for p in paragraphs(page._page_box)
    ]


def paragraphs_html(texts: list[str]) -> str:
    style = "@page { size: A0; margin: 10mm } p { font: 9pt sans-serif; margin: 0 0 2mm; hyphens: manual }"
    return f"<style>{style}</style>" + "".join(
        f'<p lang="fr" style="width:{30 + index % 80}mm">{text}</p>' for index, text in enumerate(texts)
    )


@pytest.mark.build
def test_acronym_spans_set_lines_as_plain_text_and_a_final_acronym_is_never_alone():
    """At 80 widths, three paragraphs: with an acronym inside (URBACT) and one at the end ((FEDER).).
    The spans change no line but the last, which holds the acronym with the word before it."""
    inside = [s.format(acronym="URBACT et de ses partenaires") for s in SENTENCES for _ in range(80)]
    final = [s.format(acronym="(FEDER).") for s in SENTENCES for _ in range(80)]
    glued = [s.format(acronym="(FEDER).").replace(" (FEDER)", "\u00a0(FEDER)") for s in SENTENCES for _ in range(80)]
    assert line_texts(keep_acronyms_whole(paragraphs_html(inside))) == line_texts(paragraphs_html(inside))
    marked = line_texts(keep_acronyms_whole(paragraphs_html(final)))
    assert marked == line_texts(paragraphs_html(glued))
    assert all(len(lines[-1].split()) >= 2 for lines in marked)
    plain = line_texts(paragraphs_html(final))
    assert sum(len(lines[-1].split()) < 2 for lines in plain) > 10  # the case the markup prevents


@pytest.mark.build
def test_a_description_ending_in_an_acronym_keeps_two_words_on_its_last_line(changed):
    """Descriptions of growing length ending in "URBACT." in a real programme (add_notes): none
    leaves the acronym alone on its last line."""
    for lang in ("fr", "en"):
        for variant in ("screen", "print"):
            lines = page_text(changed / lang / f"programme-2016-09-dresden-{variant}.pdf").splitlines()
            endings = [line for line in lines if line.rstrip().endswith("URBACT.")]
            assert len(endings) == 5, (lang, variant, endings)
            assert all(len(line.split()) >= 2 for line in endings), (lang, variant, endings)


# --- a hundred people in slots of parallel sessions (tests/stress.py) ------------------------------

SLOT_CONTINUED = {"fr": "Ateliers parallèles {letter} (suite)", "en": "Parallel workshops {letter} (continued)"}


@pytest.mark.build
@pytest.mark.parametrize("variant", ["screen", "print"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_stress_slots_continue_under_their_time_and_title(changed, lang, variant):
    """Each page a slot's sessions continue on opens with the slot's time and title, "(suite)",
    before its first session there; within 6 pages; no name under 7 pt nor any text under 6.5 pt."""
    path = changed / lang / f"programme-2017-05-thessaloniki-{variant}.pdf"
    pages = [squash(text) for text in pdfium_pages(path)]
    assert 2 <= len(pages) <= 6
    continued = 0
    for slot, letter in enumerate("ABCD"):
        start = 9 * 60 + slot * 105
        time = f"{start // 60:02d}:{start % 60:02d}–{(start + 90) // 60:02d}:{(start + 90) % 60:02d}"
        found = [
            next(n for n, page in enumerate(pages) if squash(f"Atelier {letter}{k} :") in page) for k in range(1, 6)
        ]
        for number in sorted(set(found) - {found[0]}):
            first = min(
                pages[number].index(squash(f"Atelier {letter}{k} :")) for k in range(1, 6) if found[k - 1] == number
            )
            head = squash(time + SLOT_CONTINUED[lang].format(letter=letter))
            assert head in pages[number][:first], (letter, f"page {number + 1}")
            continued += 1
    assert continued >= 3
    runs = [(size, text.strip()) for _, size, text in text_runs(path) if text.strip()]
    assert min(size for size, _ in runs) >= 6.5 - 0.01
    people = {word for name, _, _ in PEOPLE for word in name.split()}
    names = [size for size, text in runs if set(text.split()) <= people]
    assert len(names) >= 40 and min(names) >= 7 - 0.01  # runs of name words (a name may take several)


def pdfium_pages(path: Path) -> list[str]:
    document = pdfium.PdfDocument(str(path))
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


# --- the layout preflight (publication/preflight/layout.py) finds nothing in a programme -------------


def layout_findings(manifest: list[dict]) -> list[tuple[str, str]]:
    return [(entry["path"], warning) for entry in manifest for warning in entry.get("layout_warnings", [])]


@pytest.mark.build
def test_shipped_programmes_have_no_layout_finding(manifest):
    programmes = [entry for entry in manifest if entry["kind"] == "programme"]
    assert len(programmes) == 26  # 5 events in fr and en, Dresden and Oldenburg in de, Thessaloniki in el; 2 variants
    assert layout_findings(programmes) == []


@pytest.mark.build
def test_changed_programmes_have_no_layout_finding(changed):
    """No agenda, a long address, descriptions ending in an acronym, a hundred people in four slots
    of parallel sessions over six pages: nothing for the layout preflight either."""
    manifest = json.loads((changed / "manifest.json").read_text(encoding="utf-8"))["files"]
    assert len(manifest) == 12  # the three changed events (--event), in fr and en, in 2 variants
    assert layout_findings(manifest) == []
