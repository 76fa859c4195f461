"""Where a programme's parallel slots break across pages: measured on the laid-out pages, decided
here, laid out again with the decision until it holds.

WeasyPrint has no rule for "keep this slot whole unless that wastes a fifth of the page" nor for
"repeat the slot's time and title where it continues": a slot is laid out free to break between
its sessions; each slot found split over two pages is then either kept whole on the next page
(when the blank it leaves at the foot of this one is under `KEEP_WHOLE_BELOW` of the page and the
slot fits on a page), or continued: the next page opens on its time and title, "(suite)", by a
forced break before the session that opens it (`PageBreaks`, which the layout reads). A decision
moves what follows it, so the document is laid out again and each decision checked in the new
pages, in document order: the first that no longer holds is dropped with all after it, and the
slots split from there on are decided again. At most `MAX_LAYOUTS` layouts: deterministic, and
bounded in time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from .engine import marked_boxes, page_area
from .timetable import PageBreaks
from .typeset import Typeset

KEEP_WHOLE_BELOW = 0.2  # a slot moves whole to the next page only if that leaves less of this page blank
MAX_LAYOUTS = 5  # the first layout, and up to four with decisions
FIT = 0.5  # px: what a measure may be off by (rounding of the layout)


@dataclass(frozen=True)
class Row:
    """One row of a programme's agenda as laid out: its item ('2.5'), its row ('0' the slot's head,
    '3' its third session, '3-continued' the repeated head before it), page and extent in px."""

    item: str
    row: str
    page: int
    top: float
    bottom: float


@dataclass(frozen=True)
class Pages:
    """The rows of every agenda item, in document order, and each page's area (top, bottom) in px."""

    rows: tuple[Row, ...]
    areas: tuple[tuple[float, float], ...]

    def slot(self, item: str) -> list[Row]:
        return [row for row in self.rows if row.item == item]

    def blank_above(self, row: Row) -> float:
        """The share of a row's page that would be left blank if the row and what follows it moved to
        the next page: from the foot of the rows before it on its page (the page's top if none)."""
        top, bottom = self.areas[row.page]
        index = self.rows.index(row)
        ends = [other.bottom for other in self.rows[:index] if other.page == row.page]
        return (bottom - max(ends, default=top)) / (bottom - top)

    def blank_before(self, row: Row) -> float:
        """The share of the page before a row's page left blank under its last row (all of it if none)."""
        top, bottom = self.areas[row.page - 1]
        ends = [other.bottom for other in self.rows if other.page == row.page - 1]
        return (bottom - max(ends, default=top)) / (bottom - top)


def measure(document) -> Pages:
    """The agenda's rows on the pages of a WeasyPrint document (`data-item`, `data-row` in the layout)."""
    rows, areas = [], []
    for number, page in enumerate(document.pages):
        areas.append(page_area(page))
        rows += [
            Row(item, row, number, top, bottom)
            for item, row, top, bottom in marked_boxes(page, "data-item", "data-row")
        ]
    return Pages(tuple(rows), tuple(areas))


def paginate(lay_out: Callable[[PageBreaks], Typeset]) -> tuple[Typeset, PageBreaks]:
    """The document laid out with the slot breaks that hold on its own pages (see the module)."""
    breaks, refused = PageBreaks(), set[str]()
    typeset = lay_out(breaks)
    for _ in range(MAX_LAYOUTS - 1):
        pages = measure(typeset.document)
        held = holding(pages, breaks, refused)
        decided = decide(pages, held, refused)
        if decided == breaks:
            break
        breaks = decided
        typeset = lay_out(breaks)
    return typeset, breaks


def holding(pages: Pages, breaks: PageBreaks, refused: set[str]) -> PageBreaks:
    """The decisions that still hold on these pages, in document order up to the first that does not
    (it and all after it are dropped; a slot whose keeping whole did not hold is never kept whole again)."""
    whole, continued = set(), set()
    for item in dict.fromkeys(row.item for row in pages.rows):
        slot = pages.slot(item)
        if item in breaks.whole:
            if not _whole_holds(pages, slot):
                refused.add(item)
                break
            whole.add(item)
        marks = [f"{item}/{row.row.removesuffix('-continued')}" for row in slot if row.row.endswith("-continued")]
        if not all(_continuation_holds(pages, slot, mark) for mark in marks):
            break
        continued.update(marks)
    return PageBreaks(frozenset(whole), frozenset(continued))


def _whole_holds(pages: Pages, slot: list[Row]) -> bool:
    """A slot kept whole is on one page, and, if it opens that page, left less than the limit blank before it."""
    if len({row.page for row in slot}) > 1:
        return False
    first = slot[0]
    opens_page = first.page > 0 and not any(row.page == first.page for row in pages.rows[: pages.rows.index(first)])
    return not opens_page or pages.blank_before(first) < KEEP_WHOLE_BELOW


def _continuation_holds(pages: Pages, slot: list[Row], mark: str) -> bool:
    """A continuation opens its page, and the session after it would not have fitted on the page before."""
    number = mark.split("/")[1]
    heading = next(row for row in slot if row.row == f"{number}-continued")
    session = next(row for row in slot if row.row == number)
    before = [row for row in slot if row.page == heading.page - 1]
    if not before:
        return False
    bottom = pages.areas[before[-1].page][1]
    return before[-1].bottom + (session.bottom - session.top) > bottom - FIT


def decide(pages: Pages, held: PageBreaks, refused: set[str]) -> PageBreaks:
    """The decisions that hold, and one for each slot split after the last of them (a slot already
    continued that now runs on over one more page continues there too)."""
    whole, continued = set(held.whole), set(held.continued)
    decided = {mark.split("/")[0] for mark in continued} | whole
    last = max((index for index, row in enumerate(pages.rows) if row.item in decided), default=-1)
    for item in dict.fromkeys(row.item for row in pages.rows):
        slot = pages.slot(item)
        if len({row.page for row in slot}) < 2 or item in whole:
            continue
        if item in decided:
            continued.update(_continuations(slot))
        elif pages.rows.index(slot[0]) > last:
            if item not in refused and _keep_whole(pages, slot):
                whole.add(item)
            else:
                continued.update(_continuations(slot))
    return PageBreaks(frozenset(whole), frozenset(continued))


def _keep_whole(pages: Pages, slot: list[Row]) -> bool:
    """Whether a split slot is better moved whole: it fits under the head of the next page, and
    leaves less than the limit of this one blank."""
    first = slot[0]
    following = [row for row in slot if row.page == first.page + 1]
    top, bottom = pages.areas[first.page + 1]
    height = sum(row.bottom - row.top for row in slot)
    room = bottom - following[0].top if following else bottom - top
    return height <= room + FIT and pages.blank_above(first) < KEEP_WHOLE_BELOW


def _continuations(slot: list[Row]) -> set[str]:
    """A continuation before the first session of each page the slot runs on after its first."""
    marks = set()
    for previous, row in pairwise(slot):
        if row.page != previous.page and not row.row.endswith("-continued") and row.row != "0":
            marks.add(f"{row.item}/{row.row}")
    return marks
