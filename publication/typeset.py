"""Typeset HTML into PDF with WeasyPrint: stylesheets, colour tokens and the variant's PDF options."""

from __future__ import annotations

import atexit
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path
from typing import Any

from .assets import stylesheet_files, stylesheet_paths
from .engine import CSS_PX_MM, page_areas, page_text_outside
from .engine.speed import draw_repeated_svgs_once, remember_text_widths, skip_unaffected_grid_items
from .errors import Problem, RenderError, SourceError
from .load import Document
from .messages import _
from .model import Brand, Site
from .pagefit import closing_printed, overflow_mm, pin_to_foot
from .plan import DENSITY_WORDS, PageBudget, Publication, Variant
from .reproducible import fixed_document_id
from .sandbox import Refused, make_fetcher, refusal_problems
from .svgimage import print_colours
from .tagging import install as install_tagging
from .theme import theme_of


def colour_tokens(brand: Brand, variant: Variant) -> str:
    """CSS custom properties for the brand colours: device-cmyk() in print, the screen palette in
    sRGB on screen; `--colour-NAME-on-primary` for text on the deep blue (in print, the same colour)."""
    lines = [":root {"]
    for suffix, palette in (("", variant.palette(brand)), ("-on-primary", variant.palette(brand, on=("primary",)))):
        for name in type(brand).model_fields:
            lines.append(f"  --colour-{name}{suffix}: {variant.css_colour(getattr(palette, name))};")
    lines.append("}")
    return "\n".join(lines)


def page_setup(publication: Publication, site: Site, project: Path) -> str:
    """@page size and, in print, bleed and the CMYK output profile."""
    width, height = publication.trim_mm
    css = [
        f"@page {{ size: {width}mm {height}mm; }}",
        f":root {{ --trim-width: {width}mm; --trim-height: {height}mm; }}",
    ]
    if publication.root_font_pt is not None:
        css.append(f"html {{ font-size: {publication.root_font_pt:.2f}pt; }}")
    if publication.settings.for_press:
        profile = theme_of(project).file(site.print.output_profile).resolve().as_uri()
        css.append(f"@page {{ bleed: {site.print.bleed_mm:g}mm; }}")
        css.append(f":root {{ --bleed: {site.print.bleed_mm:g}mm; }}")
        # Without `components` WeasyPrint 70 crashes; without the rule it writes no output intent
        # (engine.PROFILE_COMPONENTS, engine.COLOUR_PROFILES).
        css.append(f"@color-profile device-cmyk {{ src: url('{profile}'); components: cyan, magenta, yellow, black; }}")
    else:
        css.append(":root { --bleed: 0mm; }")
    return "\n".join(css)


# Fontconfig's configuration for the build: no font folder at all, so the only fonts are those the
# stylesheets' @font-face rules load (through the sandbox, and known to the glyph check). With the
# system's configuration, text in an SVG image or a CSS `content:` that the project's fonts lack
# would be set in a system font (DejaVu, Droid): other bytes on another machine.
PROJECT_FONTS_ONLY = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig></fontconfig>
"""


def svg_print_colours(publication: Publication, site: Site, project: Path):
    """In print, what the sandbox does to an SVG image before WeasyPrint draws it: its colours in CMYK
    through the output profile (svgimage.print_colours); on screen, nothing."""
    if not publication.settings.cmyk:
        return None
    profile = theme_of(project).file(site.print.output_profile).resolve()
    return partial(print_colours, profile=profile)


def project_font_configuration():
    """A WeasyPrint FontConfiguration that Fontconfig gives no system font."""
    from weasyprint.text.fonts import FontConfiguration

    # Fontconfig reads FONTCONFIG_FILE when the configuration is made (engine.FONTCONFIG_FILE): the
    # variable is changed for that moment only, and the file removed right after.
    before = os.environ.get("FONTCONFIG_FILE")
    with tempfile.TemporaryDirectory(prefix="make-publication-fonts-") as folder:
        config = Path(folder) / "fonts.conf"
        config.write_text(PROJECT_FONTS_ONLY, encoding="utf-8")
        os.environ["FONTCONFIG_FILE"] = str(config)
        try:
            return FontConfiguration()
        finally:
            if before is None:
                del os.environ["FONTCONFIG_FILE"]
            else:
                os.environ["FONTCONFIG_FILE"] = before


@dataclass
class ProjectStylesheets:
    """A project's stylesheets as parsed in this process: one font configuration, which every
    @font-face rule fills once, and each file parsed once, whichever publications name it."""

    fonts: Any
    stamps: dict[str, tuple[int, int]]  # every file read so far (sheets, imports, fonts) → (mtime, size)
    sheets: dict[Path, Any]  # weasyprint.CSS by path


_parsed: dict[Path, ProjectStylesheets] = {}
# Let the font configurations go while the interpreter still works: WeasyPrint's finaliser needs its modules
# (it removes the copies of the font files, engine.FONT_FOLDERS).
atexit.register(_parsed.clear)


def parsed_stylesheets(project: Path, names: tuple[str, ...], fetcher) -> tuple:
    """The publication's stylesheet files, each parsed once per process and project, with the one
    font configuration their @font-face rules filled; all parsed again when a file they read changes
    (the preview).

    Parsing is a tenth of a document's typesetting; and a font is loaded once per process, not once
    per kind and variant (a WOFF2 font is decompressed in Python: 0.12 s each time).
    """
    import weasyprint

    theme = theme_of(project)
    stamps = {
        str(path): (stat.st_mtime_ns, stat.st_size)
        for path in stylesheet_files(theme, names)
        for stat in (path.stat(),)  # one stat per file: this runs for every document
    }
    known = _parsed.get(project)
    if known is None or any(known.stamps.get(name, stamp) != stamp for name, stamp in stamps.items()):
        known = ProjectStylesheets(project_font_configuration(), {}, {})
    known.stamps.update(stamps)
    sheets = []
    for path in stylesheet_paths(theme, names):
        if path not in known.sheets:
            # Read through the sandbox like every file they reference: a link leaving the project is refused.
            known.sheets[path] = weasyprint.CSS(
                url=fetched(fetcher, path), font_config=known.fonts, color_profiles={}, url_fetcher=fetcher
            )
        sheets.append(known.sheets[path])
    if fetcher.refused:  # a refusal fails this document; the next one must meet it again
        _parsed.pop(project, None)
    else:
        _parsed[project] = known
    return known.fonts, tuple(sheets)


def fetched(fetcher, path: Path) -> str:
    """The address of a stylesheet the sandbox allows; a SourceError naming it otherwise."""
    try:
        fetcher.check(path.absolute().as_uri())
    except Refused as exc:
        raise SourceError(
            [
                Problem(
                    theme_of(fetcher.root).shown(path),
                    None,
                    "",
                    _("refused: {exc}").format(exc=exc),
                    _("only files inside the project folder can be used"),
                )
            ]
        ) from None
    return path.absolute().as_uri()


# The classes of a publication's last block (download address and credits) and of a group that
# ends with it (a programme's practical information): never alone on a last page.
CLOSING = ("closing", "closing-group")


@dataclass(frozen=True)
class PageFrame:
    """Where a page's text belongs, in millimetres from the trim's top-left corner: the text area inside
    the page margins, and the margin boxes that hold running heads and feet, as (x0, y0, x1, y1)."""

    area: tuple[float, float, float, float]
    margin_boxes: tuple[tuple[float, float, float, float], ...] = ()


def page_frame(page) -> PageFrame:
    """A WeasyPrint page's frame, in millimetres."""
    area, margins = page_areas(page)
    return PageFrame(
        tuple(v * CSS_PX_MM for v in area), tuple(tuple(v * CSS_PX_MM for v in margin) for margin in margins)
    )


@dataclass
class Typeset:
    """A typeset document: its laid-out pages (WeasyPrint's Document, which the pagination measures),
    their count, whether its last page holds only the closing block, its PDF (written when first asked
    for: a layout the build tries and drops is never written), how far (mm) its content reaches below a
    page's content area (a sheet of fixed height, the poster, overflows instead of breaking to a new
    page), whether the closing block was printed at all (WeasyPrint 70 drops the last item of a flex
    column that misses its page by a fraction of a millimetre), and each page's frame (for the layout
    preflight)."""

    document: Any
    pages: int
    closing_alone: bool
    write: Callable[[], bytes]
    overflow_mm: float = 0.0
    closing_printed: bool = True
    frames: tuple[PageFrame, ...] = ()

    @cached_property
    def pdf(self) -> bytes:
        return self.write()


def closing_alone(document) -> bool:
    """The last page of a document of two or more holds the closing block (or group) and nothing else."""
    if len(document.pages) < 2:
        return False
    outside, holds = page_text_outside(document.pages[-1], CLOSING)
    return holds and not outside


def typeset_pdf(
    html: str, publication: Publication, site: Site, project: Path, documents: Iterable[Document] = ()
) -> tuple[bytes, int]:
    """Render one publication to PDF bytes; returns the bytes and the page count."""
    typeset = typeset_document(html, publication, site, project, documents)
    return typeset.pdf, typeset.pages


def typeset_document(
    html: str, publication: Publication, site: Site, project: Path, documents: Iterable[Document] = ()
) -> Typeset:
    """Lay out one publication, measured; its PDF bytes are written on demand (`Typeset.pdf`).

    Resources are read through the sandbox; a refused one fails the document with a
    SourceError naming where it was written (searched for in `documents`, layouts, styles).
    """
    import weasyprint  # imported here: --help, list and check never pay for it

    skip_unaffected_grid_items()  # the poster's grid, 40 % faster, the same boxes (engine.GRID_TRACK_SIZING)
    remember_text_widths()  # a text's preferred widths measured once per layout (engine.TEXT_WIDTHS)
    draw_repeated_svgs_once()  # a badge's QR code parsed and drawn once per document (engine.REPEATED_SVGS)

    # One dict shared by every stylesheet and the document: a user stylesheet's @color-profile
    # lands in the dict given to its CSS(); render() only sees it (and writes the output
    # intent) when it is handed the same dict.
    profiles: dict = {}
    # The sandbox: files inside the project and data: URIs only; in print, SVG images in CMYK.
    fetcher = make_fetcher(project, svg_print_colours(publication, site, project))
    css = page_setup(publication, site, project)
    fonts, stylesheets = parsed_stylesheets(project, publication.stylesheets, fetcher)
    stylesheets = list(stylesheets)
    stylesheets.append(
        weasyprint.CSS(
            string=colour_tokens(site.brand, publication.settings),
            font_config=fonts,
            color_profiles=profiles,
            url_fetcher=fetcher,
        )
    )
    stylesheets.append(
        weasyprint.CSS(
            string=css, base_url=str(project) + "/", font_config=fonts, color_profiles=profiles, url_fetcher=fetcher
        )
    )
    document = weasyprint.HTML(string=html, base_url=str(project) + "/", url_fetcher=fetcher).render(
        stylesheets=stylesheets, font_config=fonts, color_profiles=profiles
    )
    if fetcher.refused:
        raise SourceError(refusal_problems(fetcher, documents, project))
    pin_to_foot(document)
    # The seed leaves out the project's absolute path: the same sources elsewhere give the same bytes.
    theme = theme_of(project)
    seed = html + css.replace(theme.project.as_uri(), "").replace(theme.default.as_uri(), "") + publication.variant

    def write() -> bytes:
        if publication.settings.pdf_options.get("pdf_tags"):
            install_tagging()  # scope, lang and aria-hidden from the HTML into the structure tree
        return document.write_pdf(finisher=fixed_document_id(seed), **publication.settings.pdf_options)

    frames = tuple(page_frame(page) for page in document.pages)
    return Typeset(
        document,
        len(document.pages),
        closing_alone(document),
        write,
        overflow_mm(document),
        closing_printed(html, document),
        frames,
    )


# --- whether a typesetting holds its content within its page budget --------------------------


class ContentLost(RenderError):
    """A document that cannot hold its content at any density: a sheet (the poster) it overflows,
    or a closing block (credits) the typesetter dropped. Exit code 1."""


# What is left below a sheet's foot before its content counts as cut off (rounding, not layout).
OVERFLOW_TOLERANCE_MM = 0.5


def fits_budget(budget: PageBudget, typeset: Typeset) -> bool:
    """Within the page budget, no page left to the closing block alone, nothing lost."""
    return budget.fits(typeset.pages) and not typeset.closing_alone and not loses_content(budget, typeset)


def loses_content(budget: PageBudget, typeset: Typeset) -> bool:
    """Content cut off a sheet, or the closing block not printed."""
    over = budget.one_sheet and (typeset.pages > 1 or typeset.overflow_mm > OVERFLOW_TOLERANCE_MM)
    return over or not typeset.closing_printed


def content_lost_message(publication: Publication, typeset: Typeset, density: str) -> str:
    """Why a document failed, and what to do about it."""
    if typeset.closing_printed:
        over = (
            _("{pages} pages").format(pages=typeset.pages)
            if typeset.pages > 1
            else _("{mm:.0f} mm more").format(mm=typeset.overflow_mm)
        )
        return _(
            "the content does not fit one {trim_name} sheet, even {density} (it needs {over}); shorten the longest texts it prints: the network's name, title and aim (network.yaml), the partners' names (give them a `short_name`), the events' themes (a larger sheet does not help: the type grows with it)"
        ).format(trim_name=publication.trim_name, density=_(DENSITY_WORDS[density]), over=over)
    return _(
        "the closing block (download address and credits) was not printed, even {density}; shorten the texts above it, and report this layout's failure"
    ).format(density=_(DENSITY_WORDS[density]))
