"""The kinds of publication, each declared once as a `Kind` record: what it is called, its layout and
stylesheet, its sheet and sizes, its page budget, what it reads, what it costs, how its pages are
judged. Every other module reads these records; none compares a kind's name
(`tests/test_architecture.py` enforces it). A new kind is one record here, one layout, one
stylesheet and its words in the catalogues (docs/dev/extending.md)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from types import MappingProxyType

from .errors import counted
from .messages import _


@dataclass(frozen=True)
class PageBudget:
    """How many pages a kind of publication may take: `least` to `most` (None: no limit), in
    multiples of `multiple`, with at most `notes_pages` ruled notes pages padding it to one.
    `one_sheet`: a sheet of fixed height (the poster): content reaching below it is over budget
    too, and a document over budget even at the densest level fails instead of warning."""

    least: int
    most: int | None
    multiple: int = 1
    notes_pages: int = 0
    one_sheet: bool = False

    def padding(self, pages: int) -> int:
        """The notes pages that bring `pages` to the multiple."""
        return -pages % self.multiple

    def fits(self, pages: int) -> bool:
        return (self.most is None or pages + self.padding(pages) <= self.most) and self.padding(
            pages
        ) <= self.notes_pages

    def overrun(self, pages: int) -> str:
        """What is over budget, after 'needs': '5 pages, over its budget of 4'."""
        padding = self.padding(pages)
        if padding > self.notes_pages:
            return _("{pages} and {padding} to make {total}, over its budget of {budget}").format(
                pages=counted(pages, "page", "pages"),
                padding=counted(padding, "notes page", "notes pages"),
                total=pages + padding,
                budget=counted(self.notes_pages, "notes page", "notes pages"),
            )
        return _("{total} pages, over its budget of {most}").format(total=pages + padding, most=self.most)


@dataclass(frozen=True)
class LayoutRules:
    """What the layout preflight asks of one kind of publication's pages."""

    safe_margin_mm: float  # text keeps this far inside the trim
    smallest_pt: float  # the smallest type, map labels included
    credits_pt: float  # the smallest type of the credits line at the sheet's foot
    credits_band_mm: float = 0.0  # how high above the trim's foot the credits line may reach (0: no such line)
    least_filled: float = 0.6  # a page before the last ends at least this far down its text area
    least_contrast: float = 1.5  # text against the flat colour it is printed on (below: unreadable)

    def scaled(self, factor: float) -> LayoutRules:
        """The rules of a sheet `factor` times as wide (the poster's type scales with its sheet)."""
        return replace(
            self,
            safe_margin_mm=round(self.safe_margin_mm * factor, 1),
            smallest_pt=round(self.smallest_pt * factor, 1),
            credits_pt=round(self.credits_pt * factor, 1),
            credits_band_mm=round(self.credits_band_mm * factor, 1),
        )


# The source records every publication prints (their drafts make it a draft; its key reads them).
PRINTED_BY_ALL = ("network", "partners")


@dataclass(frozen=True)
class Kind:
    """One kind of publication, as the whole pipeline knows it."""

    name: str  # in file names, the manifest, `--kind`, the root element's class
    trim: str  # its sheet (a name of plan.PAGE_SIZES_MM), or its default sheet when `sizes` offers others
    budget: PageBudget
    layout_rules: LayoutRules  # the layout preflight's thresholds, at `trim`
    cost: float  # relative time to make it, before a build has measured it (the longest start first)
    logo_height_mm: float  # the credits' common height, at `trim`
    sizes: tuple[str, ...] = ()  # the other sheets it may be made at (`--poster-size`); () only `trim`
    per_event: bool = False  # one per event: it reads that event's file and none of the others
    prints: tuple[str, ...] = ()  # the source records it prints beyond PRINTED_BY_ALL ("contacts", "workshops")
    saddle_stitched: bool = False  # folded sheets nested and stapled: pages in fours, read as spreads
    root_pt: float | None = None  # a type system in rem whose root is this size at `trim`, scaled with the sheet
    map_mm: tuple[float, float, float] | None = None  # the map's width and height and its labels' size (pt)
    map_banded_on_one_page: bool = False  # on one page, the map is set in a band (figures.OVERVIEW_BAND_VIEW)
    titled_by: str | None = None  # the network.yaml field that names it when set, else its catalogue title
    # The file it makes: "pdf", typeset on a sheet, in each variant asked for; or "html", a web page that a
    # browser lays out, in its own variant (plan.WEB_VARIANT), with no sheet: `trim`, `budget` and
    # `layout_rules` are not read (docs/dev/extending.md, "A web page").
    output: str = "pdf"
    web_page: str | None = None  # the kind whose page its QR code leads to (the programme: its web page)
    lists_changes: bool = False  # says what changed in its event's agenda since the latest release (releases/)
    only_with_changes: bool = False  # made only for an event whose agenda changed since its latest release
    title_names_kind: bool = False  # its document title starts with the kind's name (an insert is not the programme)
    # Made from an event's participant list (sources/private/), only for an event that has one, in the
    # project's first language; its files go to output/private/ with their own manifest, never on a public page.
    private: bool = False
    per_day: bool = False  # one per day of its event (the attendance sheets)
    # In print, its pages set `grid` (columns, rows) edge to edge on one sheet, cut apart at crop marks (the
    # badges: 2 × 2 A6 make an A4); on screen, one page each.
    grid: tuple[int, int] = (1, 1)
    # Where it sets a person's name as large as it fits (namefit.NameBox): width and height (mm), the
    # family name's smallest and largest size (pt). A name too long at the smallest is a source error.
    name_box: tuple[float, float, float, float] | None = None
    # A longer participant list is split into documents of this many people (alphabetical parts: each
    # document within the time limit and memory, and the parts made side by side); None: one document.
    people_per_document: int | None = None
    shows_funders: bool = True  # prints the funders' credits (the EU emblem: checked by the EU preflight)

    @property
    def layout(self) -> str:
        """Its layout in layouts/."""
        return f"{self.name}.html"

    @property
    def stylesheet(self) -> str:
        """Its own stylesheet in styles/, after the shared ones."""
        return f"{self.name}.css"

    @property
    def title_word(self) -> str:
        """The catalogues' entry that names it in a title ('Affiche du réseau')."""
        return f"title_{self.name}"

    @property
    def label_word(self) -> str:
        """The site catalogues' entry that says what it is on the download page ('Affiche')."""
        return f"kind_{self.name}"

    @property
    def per_sheet(self) -> int:
        """How many of its pages a printed sheet holds (its `grid`)."""
        return self.grid[0] * self.grid[1]

    @property
    def typeset(self) -> bool:
        """Laid out on a sheet by WeasyPrint into a PDF (else a web page, written as rendered)."""
        return self.output == "pdf"

    def prints_record(self, record: str) -> bool:
        return record in PRINTED_BY_ALL or record in self.prints


_PAGES = LayoutRules(safe_margin_mm=3, smallest_pt=6, credits_pt=6)  # A4 and A5, read at arm's length
# In the order the download page and the preview list them.
KIND_TABLE: tuple[Kind, ...] = (
    Kind(
        "brochure",
        "A5",
        PageBudget(4, 12, multiple=4, notes_pages=1),
        _PAGES,
        cost=3.0,
        logo_height_mm=8.0,
        prints=("contacts", "workshops"),  # the workshops' themes
        saddle_stitched=True,
        map_mm=(117.0, 121.0, 8.0),
        titled_by="subtitle",
    ),
    Kind(
        "poster",
        "A2",
        PageBudget(1, 1, one_sheet=True),
        # Read from 2–3 m; scaled with the sheet's width (A3 = A2/√2, A1 = A2·√2).
        LayoutRules(safe_margin_mm=6, smallest_pt=14, credits_pt=10, credits_band_mm=40),
        cost=4.0,
        logo_height_mm=17.0,
        sizes=("A3", "A2", "A1", "B2"),
        root_pt=16,
        map_mm=(137.0, 142.0, 18.0),
    ),
    Kind(
        "overview",
        "A4",
        PageBudget(1, 2),
        _PAGES,
        cost=2.0,
        logo_height_mm=7.0,
        prints=("workshops",),  # the workshops' themes
        map_mm=(176.0, 182.0, 8.0),
        map_banded_on_one_page=True,
        titled_by="series",
    ),
    Kind(
        "programme",
        "A4",
        PageBudget(1, 6),  # names ≥ 7 pt, labels ≥ 6.5 pt at every density: more pages, not smaller type
        _PAGES,
        cost=1.0,
        logo_height_mm=7.0,
        per_event=True,
        web_page="web",
    ),
    # What changed since the event's latest release (the printed programme): one A4 page to slip into it,
    # made only when something did (styles/changes.css).
    Kind(
        "changes",
        "A4",
        PageBudget(1, 1),
        _PAGES,
        cost=0.5,
        logo_height_mm=7.0,
        per_event=True,
        web_page="web",
        lists_changes=True,
        only_with_changes=True,
        title_names_kind=True,
    ),
    # The programme as a web page: the same data, for phones and any static host (styles/web.css).
    Kind(
        "web",
        "",  # no sheet
        PageBudget(1, 1),
        _PAGES,
        cost=0.1,
        logo_height_mm=7.0,  # the credits' logos, in CSS millimetres
        per_event=True,
        output="html",
        lists_changes=True,
    ),
)
# The event kit: made for an event with a participant list, for its organisers (output/private/).
_KIT = LayoutRules(safe_margin_mm=4, smallest_pt=6, credits_pt=5.5)
KIND_TABLE += (
    # A6 name badges; in print four to an A4 sheet with crop marks (styles/badges.css).
    Kind(
        "badges",
        "A6",
        PageBudget(1, None),
        _KIT,
        cost=2.0,
        logo_height_mm=5.0,
        per_event=True,
        web_page="web",
        private=True,
        title_names_kind=True,
        grid=(2, 2),
        name_box=(89.0, 52.0, 24.0, 56.0),
        people_per_document=100,
    ),
    # A4 tent cards, folded across the middle: the name on both faces, the top face upside down.
    Kind(
        "table-cards",
        "A4",
        PageBudget(1, None),
        _KIT,
        cost=1.0,
        logo_height_mm=5.0,
        per_event=True,
        private=True,
        title_names_kind=True,
        name_box=(180.0, 62.0, 32.0, 72.0),
        people_per_document=100,
        shows_funders=False,  # a name to read across a table, nothing else
    ),
    # A4 landscape, one page per room and day: the room's sessions of the day, from the agenda.
    Kind(
        "room-signs",
        "A4 landscape",
        PageBudget(1, None),
        _KIT,
        cost=0.5,
        logo_height_mm=7.0,
        per_event=True,
        private=True,
        title_names_kind=True,
    ),
    # The day's expected participants to sign, with the EU emblem and funding statement: evidence of the event.
    Kind(
        "attendance",
        "A4",
        PageBudget(1, None),
        _PAGES,
        cost=1.0,
        logo_height_mm=7.0,
        per_event=True,
        private=True,
        title_names_kind=True,
        per_day=True,
        # A day's sheet holds every page in memory while it is laid out (some 270 MB a thousand people): a
        # longer day is cut into sheets of 500 (20 pages), numbered on; the last has the walk-ins and totals.
        people_per_document=500,
    ),
)
KIND_OF_NAME = MappingProxyType({kind.name: kind for kind in KIND_TABLE})
KINDS = tuple(KIND_OF_NAME)
# What a file checked on its own is judged as when its sheet is no kind's (an A4 of pages).
FALLBACK_KIND = KIND_OF_NAME["programme"]


def kind_of(name: str) -> Kind:
    return KIND_OF_NAME[name]
