"""The brochure on real PDFs: its page count follows its content (4, 8 or 12), every inside page is
filled, each role has one face and size in print as on screen, no name, acronym or credit is
hyphenated, no lead or heading ends on a word alone, and the words fit a network without a lead.

Built once per module: the shipped sources (the session's build), the stress sources, a network with
no lead partner and an Erasmus+ youth exchange of four organisations (tests/stress.py).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest
import yaml

from publication.booklet import (
    LEAST_FILL,
    ORDERS,
    SMALLEST_MAP,
    Fragment,
    Measured,
    candidates,
    lay_out,
)
from publication.localise import country_name
from publication.render import other_name
from publication.sources import read_sources
from publication.typography import keep_last_words
from tests.conftest import ROOT, run_cli
from tests.pdfs import Line, content_bottoms, flat_text, page_size_mm, text_lines
from tests.stress import exchange_project, without_lead

BOOKLET_SIZES = (4, 8, 12)
# The brochure's text area on the A5 trim (styles/brochure.css, @page margins): top and foot in mm.
TEXT_AREA_MM = (17.0, 192.0)
TRIM_WIDTH_MM = 148.0
# What ends a line broken inside a word: U+2010 drawn by WeasyPrint (print), U+00AD or U+FFFE as
# PDFium extracts the screen files' soft hyphens, a plain hyphen.
HYPHENS = "\u2010\u00ad\ufffe-"


def build(project: Path, output: Path, *langs: str) -> Path:
    """The project's brochures (both variants) in `langs`; the output folder."""
    args = ["build", "--output", str(output), "--kind", "brochure", "--jobs", "2", "--quiet"]
    for lang in langs:
        args += ["--lang", lang]
    result = run_cli(*args, project=project)
    assert result.exit_code == 0, result.output
    return output


@pytest.fixture(scope="module")
def projects(tmp_path_factory, built, stress_built) -> dict[str, tuple[Path, Path]]:
    """Each project whose brochures the tests read: its folder and its output folder (the shipped and
    stress sources': the session's builds)."""
    made = {"shipped": (ROOT, built), "stress": (stress_built, stress_built / "output")}
    for name, make, langs in (
        ("no-lead", without_lead, ("fr", "en")),
        ("exchange", exchange_project, ("fr", "en")),
    ):
        folder = make(tmp_path_factory.mktemp(name))
        made[name] = (folder, build(folder, folder / "output", *langs))
    return made


def brochures(projects: dict[str, tuple[Path, Path]]) -> Iterator[tuple[str, str, Path, Path]]:
    """(project, project and language, print PDF, screen PDF) of every brochure built."""
    for name, (_, output) in projects.items():
        for print_pdf in sorted(output.glob("*/brochure-print.pdf")):
            yield name, f"{name} {print_pdf.parent.name}", print_pdf, print_pdf.with_name("brochure-screen.pdf")


# --- how many pages, how full ----------------------------------------------------------------------


@pytest.mark.build
def test_page_count_is_a_booklet_and_follows_the_content(projects):
    pages = {label: len(page_size_mm(pdf)) for _, label, pdf, _ in brochures(projects)}
    assert all(count in BOOKLET_SIZES for count in pages.values()), pages
    # Four organisations and one event make a leaflet; fifteen partners and twelve workshops do not.
    assert pages["exchange fr"] == pages["exchange en"] == 4
    assert pages["stress fr"] > pages["exchange fr"]
    for _, label, _, screen_pdf in brochures(projects):
        assert len(page_size_mm(screen_pdf)) == pages[label], label  # one plan for both variants


@pytest.mark.build
def test_no_brochure_has_a_layout_finding(projects):
    """The layout preflight of every build finds nothing in any brochure, print or screen: shipped,
    stressed, without a lead, a youth exchange (its errors would have failed the build; its warnings
    are in the manifest)."""
    entries = []
    for name, (_, output) in projects.items():
        files = json.loads((output / "manifest.json").read_text(encoding="utf-8"))["files"]
        entries += [(f"{name}/{entry['path']}", entry.get("layout_warnings", [])) for entry in files]
    brochure_entries = [(path, warnings) for path, warnings in entries if "/brochure-" in path]
    assert len(brochure_entries) == 2 * len(list(brochures(projects)))
    assert [(path, warnings) for path, warnings in brochure_entries if warnings] == []


@pytest.mark.build
def test_every_inside_page_is_filled(projects):
    """No inside page's content ends above LEAST_FILL of the text area (the covers aside)."""
    short = []
    for _, label, print_pdf, screen_pdf in brochures(projects):
        for pdf in (print_pdf, screen_pdf):
            fills = content_bottoms(pdf, TEXT_AREA_MM, TRIM_WIDTH_MM)
            inside = list(enumerate(fills))[1:-1]
            short += [f"{label} {pdf.stem} page {n + 1}: {fill:.2f}" for n, fill in inside if fill < LEAST_FILL]
    assert short == []


# --- one typographic system --------------------------------------------------------------------------


def _typeset(pdf: Path) -> set[tuple[int, float, str, float]]:
    """Each line's faces and sizes: (page, baseline to half a millimetre, font, size) of every glyph."""
    return {(g.page, round(g.baseline * 2) / 2, g.font, g.size) for line in text_lines(pdf) for g in line.inked}


def _glyphs_by_page(pdf: Path) -> Counter:
    """Every glyph drawn: (page, character, face, size), the hyphen that breaks a word as "-", wherever
    it stands on the page."""
    return Counter(
        (g.page, "-" if g.char in HYPHENS else g.char, g.font, g.size) for line in text_lines(pdf) for g in line.inked
    )


@pytest.mark.build
def test_print_and_screen_set_every_line_in_the_same_face_and_size(projects, built):
    """Every brochure: the same text on the same baseline in the same faces and sizes, only colours
    differ. The other publications of the shipped sources: every character in the same face and size
    on the same page, none but the programme's calendar link (live on screen only) in one variant
    alone (a poster's print sheet is its bleed taller, which its columns share out)."""
    for _, label, print_pdf, screen_pdf in brochures(projects):
        on_paper, on_screen = _typeset(print_pdf), _typeset(screen_pdf)
        assert sorted(on_paper ^ on_screen)[:8] == [], label
    for print_pdf in sorted(built.glob("*/*-print.pdf")):
        on_paper = _glyphs_by_page(print_pdf)
        on_screen = _glyphs_by_page(print_pdf.with_name(print_pdf.name.replace("-print", "-screen")))
        assert on_paper - on_screen == Counter(), print_pdf
        link = yaml.safe_load((ROOT / "layouts" / "messages" / f"{print_pdf.parent.name}.yaml").read_text())
        screen_only = sorted(char for (_, char, _, _), count in (on_screen - on_paper).items() for _ in range(count))
        calendar = sorted(link["add_to_calendar"].replace(" ", "").replace("'", "\u2019"))
        assert screen_only in ([], calendar), (print_pdf, "".join(screen_only))


# Whole lines of one role each, as the catalogues and sources word them.
ROLES = {
    "fr": {
        "label": ("MEMBRES", "OBJECTIF", "CHEF DE FILE"),
        "section title": ("Le réseau", "Partenaires", "Les enjeux", "Les ateliers transnationaux", "Contacts"),
    },
    "en": {
        "label": ("MEMBERS", "AIM", "LEAD PARTNER"),
        "section title": ("The network", "Partners", "The challenges", "The transnational workshops", "Contacts"),
    },
}


@pytest.mark.build
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_each_role_has_one_face(projects, lang):
    """Every label in one face and size, whichever page it is on (the issue found MEMBRES in the
    serif on one page), every section title in one, and all the running text in one."""
    lines = text_lines(projects["shipped"][1] / lang / "brochure-print.pdf")
    for role, texts in ROLES[lang].items():
        faces = {(g.font, g.size) for line in lines if " ".join(line.text.split()) in texts for g in line.inked}
        pages = {line.page for line in lines if " ".join(line.text.split()) in texts}
        assert len(faces) == 1 and len(pages) > 2, (role, faces, pages)
    serif = {(g.font, g.size) for line in lines for g in line.inked if "Serif" in g.font}
    assert serif == {("Noto-Serif", 10.0)}  # the running text: one face, one size, on every page


# --- hyphens, last lines, words ----------------------------------------------------------------------


def _strings(value) -> Iterator[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def _words(texts: Iterator[str]) -> set[str]:
    return {word.strip(".,;:()«»“”’'") for text in texts for word in text.split() if len(word) > 3}


def names_and_credits(sources: Path) -> tuple[set[str], set[str]]:
    """The words of every name the sources give (partners, local group, contacts, funders,
    publisher) and acronyms; the words of the credits."""
    network = yaml.safe_load((sources / "network.yaml").read_text(encoding="utf-8"))
    partners = yaml.safe_load((sources / "partners.yaml").read_text(encoding="utf-8"))["partners"]
    contacts = yaml.safe_load((sources / "contacts.yaml").read_text(encoding="utf-8"))["contacts"]
    named = [p.get(key) for p in partners for key in ("name", "short_name")]
    named += [m["name"] for m in network["local_group"]["members"]] + [
        m.get("short") for m in network["local_group"]["members"]
    ]
    named += [c.get(key) for c in contacts for key in ("name", "organisation")]
    named += [f["name"] for f in network["credits"]["funders"]]
    acronyms = set(re.findall(r"\b[A-ZÀ-Þ]{3,}\b", " ".join(_strings(network))))
    credits = _words(_strings([network["credits"]["funding_statement"], network["credits"]["publisher"]]))
    return _words(_strings([n for n in named if n])) | acronyms, credits


@pytest.mark.build
def test_no_name_acronym_or_credit_is_hyphenated(projects, built):
    """A line may end with a hyphen in running text only, never inside an acronym (in print as on
    screen), a name set as a name (outside the serif running text), nor anywhere in the credits
    (the last page of a brochure, programme or overview; the brochure's back cover entirely)."""
    broken = []
    pdfs = [(name, pdf) for name, _, print_pdf, screen_pdf in brochures(projects) for pdf in (print_pdf, screen_pdf)]
    pdfs += [
        ("shipped", pdf) for pdf in sorted(built.glob("*/programme-*.pdf")) + sorted(built.glob("*/overview-*.pdf"))
    ]
    for project, pdf in pdfs:
        names, credits = names_and_credits(projects[project][0] / "sources")
        lines = text_lines(pdf)
        last_page = lines[-1].page
        for line, after in pairwise(lines):
            end = line.text.rstrip()
            if end[-1] not in HYPHENS or after.page != line.page or not after.text.split():
                continue
            word = (end.split()[-1].rstrip(HYPHENS) + after.text.split()[0]).strip(".,;:()«»“”’'")
            running_text = "Serif" in line.glyphs[-1].font
            on_last_page = line.page == last_page
            if (
                (word.isupper() and len(word) > 2)
                or (word in names and not running_text)
                or (on_last_page and (word in credits or "brochure" in pdf.name))
            ):
                broken.append(f"{pdf.parent.name}/{pdf.name} page {line.page + 1}: {word}")
    assert broken == []


@pytest.mark.build
def test_every_partners_country_is_printed_whole_on_one_line(projects):
    """The partners table's country column is never squeezed below its word: the body may break a word
    anywhere (a 182-letter name), and WeasyPrint's table layout then cut "Germany" as "German|y"."""
    cut = []
    for name, _, print_pdf, screen_pdf in brochures(projects):
        partners = read_sources(projects[name][0] / "sources").partners.partners
        countries = {country_name(p.country, print_pdf.parent.name) for p in partners}
        for pdf in (print_pdf, screen_pdf):
            lines = [line.text for line in text_lines(pdf)]
            cut += [f"{pdf.parent.name}/{pdf.name}: {c}" for c in countries if not any(c in line for line in lines)]
    assert cut == []


def _paragraph_ends(lines: list[Line], font: str, size: float) -> Iterator[tuple[Line, int]]:
    """The last line of each paragraph set in `font` at `size`, with its count of lines: lines of
    it one under the other (baselines at most 1.6 sizes apart, same left edge) are one paragraph."""
    mine = [line for line in lines if {(f, s) for _, f, s in line.words()} == {(font, size)}]
    if not mine:
        return
    count = 1
    for line, after in zip(mine, [*mine[1:], None], strict=True):
        if (
            after is not None
            and after.page == line.page
            and 0 < after.glyphs[0].baseline - line.glyphs[0].baseline <= 1.6 * size / 72 * 25.4
            and abs(after.left - line.left) < 1
        ):
            count += 1
            continue
        yield line, count
        count = 1


@pytest.mark.build
@pytest.mark.parametrize(("font", "size"), [("Inter-Medium", 12.5), ("Inter-Ultra-Bold", 19.5), ("Noto-Serif", 10.0)])
def test_no_lead_heading_or_paragraph_ends_on_a_word_alone(projects, font, size):
    """Leads, section titles and running text of two lines or more: the last line holds two words."""
    alone = [
        f"{label} page {line.page + 1}: {line.text!r}"
        for _, label, print_pdf, _ in brochures(projects)
        for line, count in _paragraph_ends(text_lines(print_pdf), font, size)
        if count > 1 and len(line.words()) == 1
    ]
    assert alone == []


@pytest.mark.build
def test_the_words_for_a_network_without_a_lead(projects):
    english = flat_text(projects["no-lead"][1] / "en" / "brochure-screen.pdf")
    assert "10 partners in 8 European countries." in english
    assert "lead partner" not in english.lower()
    french = flat_text(projects["no-lead"][1] / "fr" / "brochure-print.pdf")
    assert "10 partenaires dans 8 pays européens." in french
    assert "chef de file" not in french


@pytest.mark.build
def test_a_name_given_in_two_languages_is_printed_once(projects):
    english = flat_text(projects["shipped"][1] / "en" / "brochure-screen.pdf")
    assert "Val-de-Marne Département" in english
    assert "Département du Val-de-Marne" not in english.split("Contacts")[0]  # not beside its English name
    assert "Dresde · Dresden" in flat_text(projects["shipped"][1] / "fr" / "brochure-screen.pdf")  # another name: kept


@pytest.mark.build
def test_a_project_of_organisations_is_no_network_of_cities(projects):
    text = flat_text(projects["exchange"][1] / "en" / "brochure-screen.pdf")
    assert "The project" in text and "The partners on the map" in text
    assert "partner cities" not in text and "The network" not in text


# --- the plan and the cover, without typesetting -----------------------------------------------------


def measured(**heights: float) -> Measured:
    """A measure with each named block on a page of its own, `height` of the text area tall (a third
    of it spacing); the map's drawing 0.69 of its block; 60 % of the back cover free."""
    blocks = {name: (Fragment(n + 1, 0.0, height, height / 3),) for n, (name, height) in enumerate(heights.items())}
    parts = {"aim": 0.17, "figures": 0.17, "map": 0.69 if "map" in heights else 0.0, "back": 0.6}
    return Measured((1.0, *heights.values(), 1.0), blocks, parts, 175.0)


SHIPPED = {"network": 0.74, "partners": 0.77, "map": 0.78, "local": 0.44, "challenges": 0.77, "events": 0.82}


def test_a_thin_block_shares_the_page_of_the_block_it_belongs_to():
    """The shipped heights: the local group (44 %) cannot stand alone, so it follows the network,
    whose aim and figures then take a page of their own (8 pages, none under PLANNED_FILL)."""
    plan = next(candidates(measured(**SHIPPED), 6))
    assert plan.aim_page and plan.follows == {"local"} and plan.inside == ORDERS[1]
    pages, _ = lay_out(plan, measured(**SHIPPED))
    assert [p.blocks for p in pages] == [
        ["statement"],
        ["network", "local"],
        ["partners"],
        ["map"],
        ["challenges"],
        ["events"],
    ]


def test_little_content_makes_a_leaflet_and_more_makes_more_pages():
    small = measured(network=0.45, partners=0.35, map=0.78, local=0.15, challenges=0.15, events=0.12)
    leaflet = next(candidates(small, 2))
    assert leaflet.pages == 4 and leaflet.on_back  # the last blocks above the contacts
    large = measured(**{name: height * 1.6 for name, height in SHIPPED.items()})
    assert not list(candidates(large, 2)) and not list(candidates(large, 6))
    assert next(candidates(large, 10)).pages == 12


def test_plans_are_tried_in_one_order():
    first = list(candidates(measured(**SHIPPED), 6))
    again = list(candidates(measured(**SHIPPED), 6))
    assert first == again and len(first) > 3


def test_the_map_shrinks_only_as_far_as_its_labels_stay_readable():
    """Labels of 8 pt at full width: at SMALLEST_MAP they are still 6 pt, and no plan goes below it."""
    assert SMALLEST_MAP * 8 >= 6
    natural = 0.69 * 175
    small = measured(network=0.45, partners=0.35, map=0.78, local=0.15, challenges=0.15, events=0.12)
    plans = [*candidates(measured(**SHIPPED), 6), *candidates(small, 2)]
    scales = {round((plan.map_height_mm or natural) / natural, 2) for plan in plans}
    assert min(scales) >= SMALLEST_MAP and len(scales) > 1


def test_last_two_words_are_bound_when_short_enough():
    assert (
        keep_last_words("The challenges the river's cities share.") == "The challenges the river's cities\u00a0share."
    )
    assert keep_last_words("Two words") == "Two words"  # a title of two words may wrap
    long = "Adapter les villes au changement climatique."
    assert keep_last_words(long) == long  # together too wide for a display line
    assert keep_last_words(None) is None


def test_a_name_in_its_own_language_is_shown_only_when_it_says_more():
    assert other_name("Dresde", "Dresden") == "Dresden"
    assert other_name("Riga", "Rīga") == "Rīga"
    assert other_name("Val\u2011de\u2011Marne Département", "Département du Val\u2011de\u2011Marne") is None
    assert other_name("Amadora", None) is None


# --- the map at the height the plan gives it ------------------------------------------------------


def map_sea_heights(pdf: bytes) -> list[float]:
    """Each inside page's map height in mm: its sea, the largest fill narrower than the trim (the
    cover's map is the whole sheet); 0 on a page without one."""
    import io

    import pikepdf

    from publication.pdfcontent import MM, scan_pages

    heights = []
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        for scan in scan_pages(opened)[1:]:
            fills = [p for p in scan.paints if p.kind == "fill" and p.box[2] - p.box[0] < (TRIM_WIDTH_MM - 10) * MM]
            sea = max(fills, key=lambda p: (p.box[2] - p.box[0]) * (p.box[3] - p.box[1]), default=None)
            tall = sea is not None and sea.box[3] - sea.box[1] > 40 * MM
            heights.append(round((sea.box[3] - sea.box[1]) / MM, 1) if tall else 0.0)
    return heights


@pytest.mark.build
def test_the_map_is_drawn_at_the_height_the_plan_gives_it():
    """A plan's --map-height is the drawn map's height on the real PDF (the <svg> carries no width
    or height of its own, which would win over the stylesheets: engine.SVG_SIZE_ATTRIBUTES)."""
    from publication.booklet import Booklet
    from publication.document import DocumentMaker
    from publication.plan import BuildOptions, Project, Publication
    from publication.render import build_context
    from publication.sources import read_sources

    sources = read_sources(ROOT / "sources")
    maker = DocumentMaker(Project(ROOT, ROOT / "output"), sources, BuildOptions())
    publication = Publication("brochure", "fr", "screen")
    context = build_context(sources, publication, maker.languages["fr"])
    drawn = {}
    for height in (None, 100.0, 80.0):
        typeset = maker._typeset(publication, {**context, "booklet": Booklet(map_height_mm=height)})
        drawn[height] = max(map_sea_heights(typeset.pdf))
    assert drawn[100.0] == pytest.approx(100.0, abs=0.3) and drawn[80.0] == pytest.approx(80.0, abs=0.3), drawn
    assert drawn[None] > 100.0, drawn  # its natural height, the column's width at the view's aspect
