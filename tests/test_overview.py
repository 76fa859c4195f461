"""The overview of the cycle of events: one page or two for one to twelve events, the map across
the text block with labels of 6.5 pt at least and no rule beside or through them, the credits at
the foot of the last page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from publication.pdfcontent import MM, box_of, scan_pages
from tests.conftest import ROOT, run_cli
from tests.pdfs import TextLine, sized_lines
from tests.stress import stress_project

pytestmark = pytest.mark.build  # every test lays out a document

A4_TEXT_BOTTOM_MM = 297 - 18  # the page's bottom margin (styles/a4.css)
LEAST_PT = 6.5  # labels, map labels included
LABELS = ("Vantaa", "Riga", "Oldenburg", "Messine", "Patras")  # on the map, in French


def pages_of(path: Path) -> int:
    document = pdfium.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def build_overview(project: Path, output: Path) -> Path:
    result = run_cli(
        "build",
        "--kind",
        "overview",
        "--lang",
        "fr",
        "--variant",
        "screen",
        "--timeout",
        "600",
        "--output",
        str(output),
        project=project,
    )
    assert result.exit_code == 0, result.output
    return output / "fr" / "overview-screen.pdf"


@pytest.fixture(scope="module")
def overviews(tmp_path_factory, built) -> dict[int, Path]:
    """The French overview (screen) of 1, 2, 5 (the shipped sources: the session's build) and 12 events."""
    found = {}
    for count in (1, 2):
        project = tmp_path_factory.mktemp(f"events-{count}")
        shutil.copytree(ROOT / "sources", project / "sources")
        for workshop in sorted((project / "sources" / "workshops").glob("*.yaml"))[count:]:
            workshop.unlink()
        found[count] = build_overview(project, project / "output")
    found[5] = built / "fr" / "overview-screen.pdf"
    twelve = stress_project(tmp_path_factory.mktemp("events-12"), aim=False, long_agenda=False)
    found[12] = build_overview(twelve, twelve / "output")
    return found


def rules(path: Path, index: int) -> list[tuple[float, float, float, float]]:
    """Thin fills and strokes (rules, borders), as boxes in mm from the trim's top-left."""
    with pikepdf.open(path) as pdf:
        paints = scan_pages(pdf)[index].paints
        trim = box_of(pdf.pages[index], "/TrimBox")
    found = []
    for paint in paints:
        x0, y0, x1, y1 = paint.box
        thin = min(x1 - x0, y1 - y0) <= 0.8 * MM and max(x1 - x0, y1 - y0) >= 3 * MM
        if paint.kind in ("stroke", "fill") and thin:
            found.append(((x0 - trim[0]) / MM, (trim[3] - y1) / MM, (x1 - trim[0]) / MM, (trim[3] - y0) / MM))
    return found


def crosses(rule, line: TextLine) -> bool:
    """A rule through the middle of a line of text (its top and bottom fifths left out)."""
    left, top, right, bottom = line.box
    margin = (bottom - top) / 5
    return rule[0] < right and left < rule[2] and rule[1] < bottom - margin and top + margin < rule[3]


@pytest.mark.parametrize("count", [1, 2, 5, 12])
def test_one_to_twelve_events_in_one_page_or_two(overviews, count):
    assert pages_of(overviews[count]) == (1 if count <= 2 else 2)


@pytest.mark.parametrize("count", [1, 2, 5, 12])
def test_the_credits_stand_at_the_foot_of_the_last_page(overviews, count):
    """The publisher's line, the closing block's last, ends within 3 mm of the text area's bottom."""
    path = overviews[count]
    last = sized_lines(path, pages_of(path) - 1)
    publisher = [line for line in last if line.text.startswith("Édité par")]
    assert publisher, [line.text for line in last]
    assert A4_TEXT_BOTTOM_MM - 3 <= publisher[0].box[3] <= A4_TEXT_BOTTOM_MM + 0.5, publisher[0]


@pytest.mark.parametrize("count", [1, 2, 5, 12])
def test_no_text_under_6_5_pt_and_map_labels_readable(overviews, count):
    path = overviews[count]
    lines = [line for index in range(pages_of(path)) for line in sized_lines(path, index)]
    small = [line for line in lines if line.size < LEAST_PT - 0.01]
    assert small == []
    labels = [line for line in lines if line.text.strip() in LABELS and line.size < 9.5]  # not the partners' list
    assert {line.text.strip() for line in labels} == set(LABELS)
    assert min(line.size for line in labels) >= LEAST_PT


@pytest.mark.parametrize("count", [1, 2, 5, 12])
def test_no_rule_crosses_a_line_of_text(overviews, count):
    """The list's rules stop at the gutter and never reach the map; no border runs through a label."""
    path = overviews[count]
    for index in range(pages_of(path)):
        lines = sized_lines(path, index)
        crossed = [(rule, line.text) for rule in rules(path, index) for line in lines if crosses(rule, line)]
        assert crossed == [], f"page {index + 1}"


def test_twelve_events_in_two_columns(overviews):
    """From six events the list has two columns: the second event beside the first."""
    lines = sized_lines(overviews[12], 0)
    first, second = (next(line for line in lines if line.text.strip() == number) for number in ("1", "2"))
    assert abs(first.box[1] - second.box[1]) < 1 and second.box[0] > first.box[0] + 60
