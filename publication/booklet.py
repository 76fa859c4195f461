"""The brochure's pages, chosen from what there is: how many (4, 8, 12…), which blocks open a page and
which follow the one before, whether the aim takes a page of its own, the map's size, the air a
short page is given; from the blocks' heights measured on a first typesetting.

A saddle-stitched booklet has a multiple of four pages, two of them the covers. Every inside page is
filled to PLANNED_FILL at least (the layout preflight's threshold is LEAST_FILL): thin blocks share a
page, the aim and the map are given room when there is too little to fill the pages, and a short
page is spaced more loosely (its spacing tokens scaled by `--air`). The plans are tried in a fixed
order, so the same sources always give the same pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from itertools import product

from .plan import DENSITIES

# The inside blocks, in reading order (layouts/brochure.html); the first always opens a page.
BLOCKS = ("network", "partners", "map", "local", "challenges", "events")
# The orders a plan may set them in: the local group may come right after the network it belongs to,
# where it can share the network's page, or after the challenges, where it can go to the back cover with
# the events (the last blocks of an order may be set there, above the contacts).
ORDERS = (
    BLOCKS,
    ("network", "local", "partners", "map", "challenges", "events"),
    ("network", "partners", "map", "challenges", "local", "events"),
)
MOST_ON_BACK = 2
LEAST_FILL = 0.60  # of the text area's height: no inside page ends higher (the layout preflight's rule)
PLANNED_FILL = 0.64  # what a plan aims at: the estimate's margin over LEAST_FILL
AIRED_FILL = 0.70  # a short page given air is spaced to end here
MOST_AIR = 2.0  # a page's spacing is at most doubled
FOLLOW_GAP_MM = 11.0  # above a block that follows another on its page
FULL = 0.95  # an estimated page fuller than this may not hold its last lines: it is taken as running on
RUN_ON_LOSS = 0.05  # what a block running on to the next page loses at the break (a line, an item kept whole)
HEAD = 0.15  # a block starts on a page only with this much of it (its title and first lines)
SMALLEST_MAP = 0.78  # of the map's natural size: its labels stay at 6 pt or more (8 pt at full width)
MAP_SCALES = (1.0, 0.89, SMALLEST_MAP)
NOTES_FILL = 0.95  # a notes page is ruled to its foot
PAGES_PER_SHEET = 4
MOST_INSIDE_PAGES = 46  # a 48-page booklet: the search stops there
# Measured heights scaled by the density's type scale, to know whether measuring it could help.
SHRINK = {"normal": 1.0, "compact": 0.88, "condensed": 0.78}


@dataclass(frozen=True)
class Fragment:
    """The part of a block on one page, in text-area heights from the area's top."""

    page: int
    top: float
    bottom: float
    spacing: float  # the part of its height that is spacing (margins, paddings), not lines or images


@dataclass(frozen=True)
class Measured:
    """A typesetting of the brochure, measured: each page's fill, each block's fragments, and the
    heights of the parts a plan moves or scales (`aim`, `figures`, `map`)."""

    fills: tuple[float, ...]
    blocks: Mapping[str, tuple[Fragment, ...]]
    parts: Mapping[str, float]
    text_height_mm: float
    density: str = DENSITIES[0]

    def height(self, name: str) -> tuple[float, float]:
        """A block's height and spacing, its fragments end to end (0 for a block not printed)."""
        fragments = self.blocks.get(name, ())
        return sum(f.bottom - f.top for f in fragments), sum(f.spacing for f in fragments)

    @property
    def total(self) -> float:
        return sum(self.height(name)[0] for name in BLOCKS)


@dataclass(frozen=True)
class Booklet:
    """The plan of a brochure's inside pages, which the layout follows (its conditions, classes, styles)."""

    order: tuple[str, ...] = BLOCKS
    follows: frozenset[str] = frozenset()  # blocks set after the one before on its page; the others open one
    aim_page: bool = False  # the aim and the key figures on a page of their own, before the network's
    map_height_mm: float | None = None  # the map drawing's height where it is not its natural one
    air: Mapping[str, float] = field(default_factory=dict)  # a block's spacing scale, where it is not 1
    notes_pages: int = 0
    back: int = 0  # the order's last blocks set on the back cover, above the contacts
    density: str = DENSITIES[0]
    inside_pages: int = 0  # the pages the plan expects between the covers (0: not planned)
    runs_on: int = 0  # blocks the plan expects to run on from one page to the next

    @property
    def inside(self) -> tuple[str, ...]:
        return self.order[: len(self.order) - self.back]

    @property
    def on_back(self) -> tuple[str, ...]:
        return self.order[len(self.order) - self.back :]

    def classes(self, name: str) -> str:
        state = "back" if name in self.on_back else "follows" if name in self.follows else "opens"
        scaled = " block--scaled" if name == "map" and self.map_height_mm else ""
        return f"block block--{name} block--{state}{scaled}"

    def style_of(self, name: str) -> str:
        """A block's inline style: its air, the gap above it when it follows, the map's height."""
        style = [f"--air: {self.air[name]:.3f}"] if name in self.air else []
        if name in self.follows or name in self.on_back[1:]:
            style.append(f"margin-top: {FOLLOW_GAP_MM:g}mm")
        if name == "map" and self.map_height_mm:
            style.append(f"--map-height: {self.map_height_mm:.1f}mm")
        return "; ".join(style)

    @property
    def pages(self) -> int:
        return self.inside_pages + 2


@dataclass
class _Page:
    fill: float = 0.0
    spacing: float = 0.0
    blocks: list[str] = field(default_factory=list)
    whole: bool = True  # its blocks are all wholly on it (air may be added)


def _block_height(name: str, booklet: Booklet, measured: Measured) -> tuple[float, float]:
    """A block's height and spacing under the plan: without the aim and figures when they have their
    own page, the map at its scale."""
    height, spacing = measured.height(name)
    if name == "network" and booklet.aim_page:
        height -= measured.parts.get("aim", 0.0) + measured.parts.get("figures", 0.0)
    if name == "map" and booklet.map_height_mm:
        height -= measured.parts.get("map", 0.0) - booklet.map_height_mm / measured.text_height_mm
    return height, spacing


def lay_out(booklet: Booklet, measured: Measured) -> tuple[list[_Page], Booklet]:
    """The inside pages a plan gives, estimated from the measured heights (a page is taken as full
    beyond FULL, and a block running on loses RUN_ON_LOSS at the break); the plan with the blocks
    that do follow another on its page (a block cannot start at a page's foot)."""
    gap = FOLLOW_GAP_MM / measured.text_height_mm
    pages = [_Page(1.0, 0.0, ["statement"], whole=False)] if booklet.aim_page else []
    followed: set[str] = set()
    spanning: set[str] = set()
    for name in booklet.inside:
        if not measured.blocks.get(name):
            continue
        height, spacing = _block_height(name, booklet, measured)
        current = pages[-1] if pages and pages[-1].blocks != ["statement"] else None
        if name in booklet.follows and current is not None and current.fill + gap + min(height, HEAD) <= FULL:
            followed.add(name)
            _place(pages, name, current.fill + gap + height, spacing, spanning)
        else:
            pages.append(_Page())
            _place(pages, name, height, spacing, spanning)
    for page in pages:  # air would lengthen a block on every page it runs on
        page.whole = page.whole and not spanning.intersection(page.blocks)
    pages += [_Page(NOTES_FILL, whole=False) for _ in range(booklet.notes_pages)]
    return pages, replace(booklet, follows=frozenset(followed), runs_on=len(spanning))


def _place(pages: list[_Page], name: str, end: float, spacing: float, spanning: set[str]) -> None:
    """A block ending at `end` on the last page: running on to new pages while it is past FULL."""
    first_end = end
    while end > FULL:  # it runs on: this page is full, the rest goes on
        pages[-1].fill = 1.0
        pages[-1].blocks.append(name)
        pages.append(_Page())
        end = max(end - 1.0, 0.0) + RUN_ON_LOSS
        spanning.add(name)
    pages[-1].fill = end
    pages[-1].spacing += spacing if end == first_end else min(spacing, end)
    pages[-1].blocks.append(name)


def fits_on_back(booklet: Booklet, measured: Measured) -> bool:
    """Whether the blocks the plan sets on the back cover fit above its contacts."""
    gap = FOLLOW_GAP_MM / measured.text_height_mm
    needed = sum(measured.height(name)[0] + gap for name in booklet.on_back)
    return needed <= measured.parts.get("back", 0.0)


def aired(pages: list[_Page], booklet: Booklet) -> tuple[list[float], Booklet]:
    """The fills once each short page whose blocks it holds whole is spaced to AIRED_FILL (at most
    MOST_AIR times its spacing); the plan with the air of those blocks."""
    fills, air = [], dict(booklet.air)
    for page in pages:
        fill = page.fill
        if page.whole and fill < PLANNED_FILL and page.spacing > 0 and all(b in BLOCKS for b in page.blocks):
            scale = min(MOST_AIR, 1 + (AIRED_FILL - fill) / page.spacing)
            fill += page.spacing * (scale - 1)
            air.update((name, scale) for name in page.blocks)
        fills.append(fill)
    return fills, replace(booklet, air=air)


def planned(booklet: Booklet, measured: Measured, inside_pages: int) -> Booklet | None:
    """The plan completed (map scale, air) if its estimated pages are `inside_pages`, each filled
    to PLANNED_FILL; else None."""
    pages, booklet = lay_out(booklet, measured)
    if len(pages) != inside_pages or not fits_on_back(booklet, measured):
        return None
    fills, booklet = aired(pages, booklet)
    if min(fills, default=0) < PLANNED_FILL:
        return None
    return replace(booklet, inside_pages=inside_pages, density=measured.density)


def candidates(measured: Measured, inside_pages: int) -> Iterator[Booklet]:
    """The plans that fill `inside_pages` at this measure, best first (see _preference)."""
    found: list[Booklet] = []
    map_mm = measured.parts.get("map", 0.0) * measured.text_height_mm
    for order, back, scale in product(ORDERS, range(MOST_ON_BACK + 1), MAP_SCALES):
        movable = [name for name in order[1 : len(order) - back] if measured.blocks.get(name)]
        map_height = round(map_mm * scale, 1) if scale < 1 and map_mm else None
        for notes, aim_page, *opens in product((0, 1), (False, True), *[(True, False)] * len(movable)):
            follows = frozenset(name for name, open_ in zip(movable, opens, strict=True) if not open_)
            tried = Booklet(order, follows, bool(aim_page), map_height, notes_pages=notes, back=back)
            plan = planned(tried, measured, inside_pages)
            if plan is not None and plan not in found:
                found.append(plan)
    yield from sorted(found, key=_preference)


def _preference(booklet: Booklet) -> tuple:
    """Without notes pages, the back cover left to the contacts, the fewest blocks running on from one
    page to the next, the aim in the text, as many blocks as can opening their own page, the blocks in
    their first order, the map at its largest, the least air."""
    return (
        booklet.notes_pages,
        booklet.back,
        booklet.runs_on,
        booklet.aim_page,
        len(booklet.follows),
        ORDERS.index(booklet.order),
        -(booklet.map_height_mm or 1e9),
        round(sum(booklet.air.values()) - len(booklet.air), 2),
        sorted(booklet.follows),
    )


def sizes(measured: Measured) -> Iterator[int]:
    """The inside page counts worth trying, smallest first: from the one the content could fill."""
    inside = PAGES_PER_SHEET - 2
    while inside <= MOST_INSIDE_PAGES:
        yield inside
        inside += PAGES_PER_SHEET


def worth_measuring(normal: Measured, density: str, inside_pages: int) -> bool:
    """Whether the content, set at `density`, could fit in `inside_pages` and the back cover (the
    normal measure scaled, the map at its smallest)."""
    smallest = normal.total * SHRINK[density] - normal.parts.get("map", 0.0) * (1 - SMALLEST_MAP)
    return smallest <= inside_pages + normal.parts.get("back", 0.0)


def plans(normal: Measured, measure_at: Callable[[str], Measured]) -> Iterator[Booklet]:
    """Every plan worth trying, best first: the fewest pages, then the loosest density (measured,
    through `measure_at`, only when the content could fit at it), then `candidates`' order."""
    measured = {normal.density: normal}
    for inside_pages in sizes(normal):
        for density in DENSITIES:
            if density not in measured:
                if not worth_measuring(normal, density, inside_pages):
                    continue
                measured[density] = measure_at(density)
            yield from candidates(measured[density], inside_pages)


def fits(booklet: Booklet, measured: Measured) -> bool:
    """Whether a typesetting has the pages its plan expects, every inside one filled to LEAST_FILL,
    and the blocks it sets on the back cover above the contacts and credits."""
    on_back = sum(measured.height(name)[0] for name in booklet.on_back)
    gaps = len(booklet.on_back) * FOLLOW_GAP_MM / measured.text_height_mm
    return (
        len(measured.fills) == booklet.pages
        and shortest_inside_page(measured) >= LEAST_FILL
        and on_back + gaps <= measured.parts.get("back", 0.0)
    )


def shortest_inside_page(measured: Measured) -> float:
    return min(measured.fills[1:-1], default=1.0)


def fits_as_is(measured: Measured) -> bool:
    """Whether the first typesetting (each block opening a page) can be kept: its pages a multiple
    of four, every inside one filled to LEAST_FILL."""
    return len(measured.fills) % PAGES_PER_SHEET == 0 and shortest_inside_page(measured) >= LEAST_FILL
