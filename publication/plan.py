"""What a build makes: every publication it asks for, with all that its kind, size, language and
variant decide, fixed once here. Later stages read these values; none branches on a variant's
name or on "is it the poster?" again."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from .kinds import KIND_OF_NAME, KIND_TABLE, KINDS, Kind, PageBudget
from .kit_plan import days_of, parts_of
from .limits import DEFAULT_TIMEOUT
from .messages import N_, _
from .palette import screen_brand
from .releases import changed_events
from .sources import languages_of
from .theme import Theme, theme_of

# Trim sizes in millimetres (portrait).
PAGE_SIZES_MM = MappingProxyType(
    {
        "A5": (148, 210),
        "A6": (105, 148),  # a name badge
        "A4": (210, 297),
        "A4 landscape": (297, 210),  # a room sign
        "A3": (297, 420),
        "A2": (420, 594),
        "A1": (594, 841),
        "B2": (500, 707),
    }
)
VARIANTS = ("screen", "print")  # a PDF's (`--variant`)
WEB_VARIANT = "web"  # a web page's one variant: the screen's colours, no PDF
PDF_KINDS = tuple(kind.name for kind in KIND_TABLE if kind.typeset)  # what the preview shows
PREVIEW_VARIANTS = ("screen",)  # the quickest to make
# Where the preview builds by default, in the project: a cache, so that output/ holds only what may be published.
PREVIEW_FOLDER = ".cache/preview"
POSTER_SIZES = KIND_OF_NAME["poster"].sizes  # `--poster-size`: the sheets of the kind made at several
DEFAULT_POSTER_SIZE = KIND_OF_NAME["poster"].trim
TRIM_OF_KIND = MappingProxyType({kind.name: kind.trim for kind in KIND_TABLE})
# In styles/, before each kind's own; density.css overrides the tokens at each density level.
SHARED_STYLESHEETS = ("fonts.css", "tokens.css", "density.css", "base.css")
# A web page's, before its kind's: the fonts and tokens only (density and base.css set sheets and their pages).
WEB_STYLESHEETS = ("fonts.css", "tokens.css")
PRINT_STYLESHEET = "print.css"
PRIVATE_FOLDER = "private"  # in the output folder: the private kinds' files and their own manifest  # print files only: small text on one plate, reversed text bold


# The density levels a document is typeset at, loosest first: the first whose pages fit the budget
# wins. Each is a class on the root element (`density-compact`) that styles/density.css follows.
DENSITIES = ("normal", "compact", "condensed")
# The densities as the messages say them: "even condensed".
DENSITY_WORDS = MappingProxyType({"normal": N_("normal"), "compact": N_("compact"), "condensed": N_("condensed")})


BUDGET_OF_KIND = MappingProxyType({kind.name: kind.budget for kind in KIND_TABLE})


def budget_warning(publication: Publication, pages: int, density: str) -> str | None:
    """The warning of a document over its budget at the densest level (`pages` before notes pages)."""
    budget = publication.page_budget
    if density != DENSITIES[-1] or budget.fits(pages):
        return None
    return _("{file} needs {pages}, even {density}").format(
        file=publication.relative_path, pages=budget.overrun(pages), density=_(DENSITY_WORDS[density])
    )


@dataclass(frozen=True)
class Variant:
    """Everything that differs between a publication's print file and its screen file."""

    name: str
    cmyk: bool  # colours as device-cmyk() (print) or sRGB (screen)
    for_press: bool  # bleed, output profile, finishing, job ticket, preflight
    live_links: bool  # links and calendar links are printed (screen) or left out (paper)
    pdf_options: Mapping[str, object]  # WeasyPrint's write_pdf options
    readable_palette: bool = False  # text colours darkened to WCAG AA contrast (palette.screen_brand)
    extractable_text: bool = False  # every word drawn once as text (map halos as outlines)
    stylesheet: str | None = None  # the variant's own stylesheet in styles/, after the publication's

    @property
    def drawing_palette(self) -> str:
        """The drawings' colour table it draws with (graphics.PALETTES): CMYK, or sRGB for screens."""
        return "print" if self.cmyk else "screen"

    def palette(self, brand, on: tuple[str, ...] | None = None):
        """The brand's colours as this variant prints them: as declared, or the screen palette
        (readable on the brand's backgrounds, or on the brand colours named in `on`)."""
        if not self.readable_palette:
            return brand
        return screen_brand(brand) if on is None else screen_brand(brand, on)

    def css_colour(self, colour, alpha: float | None = None) -> str:
        """A brand colour (its `cmyk` percentages and `srgb` hex) as CSS: device-cmyk() in print,
        sRGB hex (or rgba() with alpha) on screen."""
        if self.cmyk:
            c, m, y, k = (f"{v / 100:g}" for v in colour.cmyk)
            return f"device-cmyk({c} {m} {y} {k}{f' / {alpha:g}' if alpha is not None else ''})"
        if alpha is None:
            return colour.srgb
        r, g, b = (int(colour.srgb[i : i + 2], 16) for i in (1, 3, 5))
        return f"rgba({r}, {g}, {b}, {alpha:g})"


# WeasyPrint writes its PDF uncompressed: finishing (pikepdf) opens every file, parses its content
# streams and saves it compressed, with object streams, at zlib's default level. WeasyPrint's own
# compression (level 9) was a fifth of a programme's time, and finishing had to inflate it again.
SETTINGS_OF_VARIANT = MappingProxyType(
    {
        "print": Variant(
            "print",
            cmyk=True,
            for_press=True,
            live_links=False,
            pdf_options=MappingProxyType({"uncompressed_pdf": True, "optimize_images": True, "pdf_variant": "pdf/x-4"}),
        ),
        "screen": Variant(
            "screen",
            cmyk=False,
            for_press=False,
            live_links=True,
            pdf_options=MappingProxyType(
                {
                    "uncompressed_pdf": True,
                    "optimize_images": True,
                    "pdf_variant": "pdf/ua-1",
                    "pdf_tags": True,
                    "dpi": 150,
                    "jpeg_quality": 85,
                }
            ),
            readable_palette=True,
            extractable_text=True,
            stylesheet="screen.css",
        ),
        WEB_VARIANT: Variant(
            WEB_VARIANT,
            cmyk=False,
            for_press=False,
            live_links=True,
            pdf_options=MappingProxyType({}),
            readable_palette=True,
        ),
    }
)


@dataclass(frozen=True)
class Publication:
    """One document to make: what, in which language and variant, at which size."""

    kind: str
    lang: str
    variant: str
    workshop: str | None = None
    size: str | None = None  # the poster's sheet; other kinds have one size
    day: str | None = None  # a kind made per day (the attendance sheets): the day, 2027-06-09
    part: int | None = None  # of a long participant list split into documents (kinds.Kind.people_per_document)

    @property
    def settings(self) -> Variant:
        return SETTINGS_OF_VARIANT[self.variant]

    @property
    def kind_record(self) -> Kind:
        """Everything its kind decides (kinds.KIND_TABLE)."""
        return KIND_OF_NAME[self.kind]

    @property
    def trim_name(self) -> str:
        return self.size or self.kind_record.trim

    @property
    def trim_mm(self) -> tuple[int, int]:
        """Its sheet in mm; a web page has none: (0, 0)."""
        return PAGE_SIZES_MM[self.trim_name] if self.kind_record.typeset else (0, 0)

    @property
    def saddle_stitched(self) -> bool:
        """A booklet of folded sheets: its pages come in fours."""
        return self.kind_record.saddle_stitched

    @property
    def page_budget(self) -> PageBudget:
        return self.kind_record.budget

    @property
    def scale_reference_mm(self) -> int | None:
        """For a kind whose type scales with its sheet (the poster), the width of the sheet its sizes are
        given for: type, map and logos are `trim_mm[0]` / this times as large. None: nothing scales."""
        kind = self.kind_record
        return PAGE_SIZES_MM[kind.trim][0] if kind.root_pt is not None else None

    @property
    def root_font_pt(self) -> float | None:
        """The root type size of a sheet whose type scales with it (the poster); None: the stylesheet's."""
        root_pt, reference = self.kind_record.root_pt, self.scale_reference_mm
        return None if root_pt is None or reference is None else root_pt * self.trim_mm[0] / reference

    @property
    def name(self) -> str:
        """The document's name without its variant: 'programme-2017-05-thessaloniki', 'poster-a1'."""
        if self.workshop:
            return f"{self.kind}-{self.workshop}{f'-{self.day}' if self.day else ''}{f'-part-{self.part}' if self.part else ''}"
        if self.size and self.size != self.kind_record.trim:
            return f"{self.kind}-{self.size.lower()}"
        return self.kind

    @property
    def slug(self) -> str:
        return f"{self.name}-{self.variant}"

    @property
    def relative_path(self) -> str:
        """In its language's folder: 'en/programme-…-screen.pdf'; a web page, in its one variant, 'en/web-….html'."""
        if not self.kind_record.typeset:
            return f"{self.lang}/{self.name}.html"
        if self.kind_record.private:  # made from a participant list: never beside the public files
            return f"{PRIVATE_FOLDER}/{self.lang}/{self.slug}.pdf"
        return f"{self.lang}/{self.slug}.pdf"

    @property
    def layout(self) -> str:
        return self.kind_record.layout

    @property
    def stylesheets(self) -> tuple[str, ...]:
        """The stylesheets in styles/ the publication uses, shared tokens first; in print, what the plates
        need last; the variant's own stylesheet (screen) after them."""
        own = (self.settings.stylesheet,) if self.settings.stylesheet else ()
        if not self.kind_record.typeset:  # a web page: no sheet, no variant's stylesheet
            return (*WEB_STYLESHEETS, self.kind_record.stylesheet)
        return (
            *SHARED_STYLESHEETS,
            self.kind_record.stylesheet,
            *((PRINT_STYLESHEET,) if self.settings.for_press else ()),
            *own,
        )


@dataclass(frozen=True)
class Project:
    """Where things are: the project folder and its conventional sub-folders."""

    root: Path
    output: Path

    @property
    def sources(self) -> Path:
        return self.root / "sources"

    @property
    def theme(self) -> Theme:
        """Its layouts and styles: its own files over the default theme's."""
        return theme_of(self.root)


@dataclass(frozen=True)
class BuildOptions:
    """What the command line asks of a build."""

    kinds: tuple[str, ...] = KINDS
    languages: tuple[str, ...] = ()  # empty: every language each publication is published in
    events: tuple[str, ...] = ()  # empty: every event's programme; else only these events' (their keys)
    variants: tuple[str, ...] = VARIANTS
    poster_size: str = DEFAULT_POSTER_SIZE
    marks: bool = False  # crop marks in a slug around print pages
    impose: str | None = None  # "saddle": also write the brochure as printer's spreads
    allow_low_res: bool = False  # a print image below min_ppi is a warning, not an error
    timeout: float | None = DEFAULT_TIMEOUT  # seconds per document; None: no limit

    def makes_print_booklet(self) -> bool:
        """Whether a saddle-stitched kind (the brochure) is made for the press: what `--impose` needs."""
        booklet = any(KIND_OF_NAME[kind].saddle_stitched for kind in self.kinds)
        return booklet and any(SETTINGS_OF_VARIANT[v].for_press for v in self.variants)

    def imposes(self, publication: Publication) -> bool:
        """Whether the publication is also written as printer's spreads (the print brochure, on request)."""
        return self.impose == "saddle" and publication.saddle_stitched and publication.settings.for_press

    def print_options(self, publication: Publication) -> dict:
        """The options that change a print file's bytes (none change a screen file)."""
        if not publication.settings.for_press:
            return {}
        return {
            "marks": self.marks,
            "allow_low_res": self.allow_low_res,
            "impose": self.impose if publication.saddle_stitched else None,
        }


def plan_publications(sources, options: BuildOptions) -> list[Publication]:
    """Every document the options ask for, in a stable order."""
    plan = []
    for kind in (kind for kind in KIND_TABLE if kind.name in options.kinds):
        size = options.poster_size if kind.sizes else None
        for workshop in events_of(kind, sources, options):
            for lang in languages_of(sources, workshop)[:1] if kind.private else languages_of(sources, workshop):
                if options.languages and lang not in options.languages:
                    continue
                plan += [
                    Publication(kind.name, lang, variant, workshop, size, day, part)
                    for day in days_of(kind, sources, workshop)
                    for part in parts_of(kind, sources, workshop, day)
                    for variant in variants_of(kind, options)
                ]
    return plan


def events_of(kind: Kind, sources, options: BuildOptions) -> list[str | None]:
    """The events a kind is made for: each (those asked for) when it is made per event, else none; the changes
    insert only for an event changed since its latest release; the event kit only for one with a participant list."""
    if not kind.per_event:
        return [None]
    workshops = [key for key, _workshop in sources.workshops_in_order() if not options.events or key in options.events]
    if kind.only_with_changes:
        workshops = sorted(set(workshops) & changed_events(sources), key=workshops.index)
    return [key for key in workshops if not kind.private or key in sources.participants]


def variants_of(kind: Kind, options: BuildOptions) -> list[str]:
    """The variants a kind is made in: a PDF's, those asked for; a web page its own, when files for screens are."""
    if kind.typeset:
        return list(options.variants)
    return [WEB_VARIANT] if any(not SETTINGS_OF_VARIANT[v].for_press for v in options.variants) else []


def web_page_path(publication: Publication) -> str | None:
    """Where the web page of a publication's kind (its `web_page`: the programme's) lies inside its language's
    folder, for its QR code and links; None: its kind has none."""
    page = publication.kind_record.web_page
    if page is None:
        return None
    return Publication(page, publication.lang, WEB_VARIANT, publication.workshop).relative_path.split("/", 1)[1]


def calendar_path(workshop: str | None) -> str:
    """Where a workshop's .ics (None: the whole cycle's) lies inside a language's folder."""
    return f"calendar/{workshop or 'cycle'}.ics"


def schedule_path(workshop: str, form: str) -> str:
    """Where an event's machine-readable schedule (`form`: "xml", frab's schedule.xml; "json", its JSON
    form) lies inside a language's folder."""
    return f"schedule/{workshop}.{form}"


def sessions_calendar_path(workshop: str) -> str:
    """Where the .ics of a workshop's sessions, one event each, lies inside a language's folder."""
    return f"calendar/sessions/{workshop}.ics"


def pdf_editions(page: Publication) -> list[Publication]:
    """The PDFs whose QR code leads to a web page (the programme's, in each variant), in its language; not
    the changes insert, which exists only while something changed."""
    return [
        Publication(kind.name, page.lang, variant, page.workshop)
        for kind in KIND_TABLE
        if kind.web_page == page.kind and not kind.only_with_changes and not kind.private
        for variant in VARIANTS
    ]
