"""WeasyPrint's internals: every name, byte and behaviour of WeasyPrint 70 (and pydyf) the project relies on
beyond their documented API, each with why and where; the private ones are touched only here.

WeasyPrint is pinned to one major release (`weasyprint>=70,<71` in pyproject.toml) because of what
`INTERNALS` lists. Each entry names a canary in tests/test_engine.py that fails, naming the entry,
when a release changes it; docs/dev/weasyprint.md says how to upgrade. Kinds of entry:

- `private`: a private name or an undocumented parameter, touched only by the functions below;
- `output`: the objects or bytes WeasyPrint writes, which finishing reads or rewrites;
- `behaviour`: what WeasyPrint does that the project relies on;
- `limitation`: what WeasyPrint 70 cannot do, worked around; its canary failing is good news (the
  workaround may go), not a break.

Nothing here imports WeasyPrint at import time: `--help`, `list` and `check` never pay for it.

One entry is Click's (`CLICK_WORDS`): how its own words (`Usage:`, `No such option`…) are translated.
"""

from __future__ import annotations

import functools
import importlib
import re
import uuid
from collections.abc import Callable
from typing import Any

from .internal import Internal
from .speed import (
    GRID_TRACK_SIZING,
    REPEATED_SVGS,
    TEXT_WIDTHS,
)

STRUCTURE_BUILDER = Internal(
    "weasyprint.pdf.tags._build_box_tree (with AbsolutePlaceholder._box, PageBox, box.element)",
    "private",
    "WeasyPrint's tagging ignores `scope` on th, `lang` below the root and `aria-hidden`; wrapping the private "
    "generator that makes each structure element from its layout box (its recursion calls the module's name, so "
    "every box passes through the wrapper) is the one place that sees an element with the HTML that made it",
    ("publication.engine.wrap_structure_builder", "publication.tagging.install"),
    "test_structure_builder_sees_every_box",
)
STRUCTURE_ELEMENTS = Internal(
    "pydyf.Dictionary structure elements (/S, the /A of table cells), pydyf.String",
    "output",
    "tagging writes into the elements the builder yields: /Scope into the /A WeasyPrint gives each th, /Lang as a "
    "pydyf.String, and a private key (tagging.DECORATIVE) that finish.screen finds again in the written file",
    ("publication.tagging._annotate", "publication.engine.pdf_text", "publication.finish.screen._drop_decorative"),
    "test_structure_elements_take_what_tagging_writes",
)
PAGE_BOXES = Internal(
    "Page._page_box and weasyprint.formatting_structure.boxes (MarginBox, TextBox, InlineReplacedBox, LineBox, "
    "ReplacedBox, children, position_y, margin_height)",
    "private",
    "whether a document's last page holds the closing block and nothing else (then document tries a denser "
    "layout), each page's text area and margin boxes (for the layout preflight), and how far down each brochure "
    "page's content reaches and where each block lies (booklet plans its pages from that measure), are read from "
    "the laid-out box tree, which WeasyPrint keeps behind a private attribute",
    (
        "publication.engine.page_text_outside",
        "publication.typeset.closing_alone",
        "publication.engine.page_reach_below",
        "publication.engine.page_holds_text_of",
        "publication.pagefit.overflow_mm",
        "publication.pagefit.closing_printed",
        "publication.engine.page_areas",
        "publication.typeset.page_frame",
        "publication.engine.page_box",
        "publication.measure.measure_layout",
    ),
    "test_page_box_tree_shows_what_a_page_draws",
)
MOVED_BOXES = Internal(
    "Box.translate, position_y, margin_height(), PageBox.content_box_y() and a Page made again from its "
    "_page_box (weasyprint.document.Page) after layout",
    "private",
    "CSS cannot stand a block at the foot of the last page's text area (a flex column of the page's height loses "
    "its last item when that item misses the page); the overview's closing block is moved there once laid out, "
    "and its page made again so that its links follow",
    ("publication.engine.move_to_foot", "publication.pagefit.pin_to_foot"),
    "test_a_box_moved_after_layout_is_drawn_and_linked_where_it_now_is",
)
LAID_OUT_BOXES = Internal(
    "a laid-out box's element, element_tag, position_y and height, and the page box's content_box_y() and "
    "height (behind Page._page_box)",
    "private",
    "where a programme's parallel slots break is measured on the laid-out pages, then laid out again with the "
    "decision: each agenda row's page and extent (its element's data- attributes), each page's area",
    ("publication.engine.marked_boxes", "publication.engine.page_area", "publication.pagination.measure"),
    "test_laid_out_rows_give_their_page_and_extent",
)
SPACE_BEFORE_INLINE = Internal(
    "a text that ends in a space before an inline element is measured with the space "
    "(weasyprint.text.line_break.split_first_line): when its words fill a line but for it, the line breaks "
    "after the first word",
    "limitation",
    "acronym spans take the space before them inside, and a final acronym the word before it with a no-break "
    "space: no word, and no acronym, is left alone on a line",
    ("publication.render.keep_acronyms_whole",),
    "test_a_text_ending_in_a_space_before_an_inline_element_still_breaks_after_its_first_word",
)
FINISHER_OBJECTS = Internal(
    "pydyf.PDF.objects, Stream.extra and Stream.stream, as write_pdf(finisher=...) hands them over",
    "private",
    "the random XMP DocumentID is replaced in the metadata stream before pydyf writes (and compresses) it",
    ("publication.engine.set_xmp_document_id", "publication.reproducible.fixed_document_id"),
    "test_finisher_finds_the_xmp_metadata_stream",
)
XMP_DOCUMENT_ID = Internal(
    "xmpMM:DocumentID 'xmp.did:<uuid4>' in PDF/X-4 metadata (weasyprint.pdf.metadata)",
    "output",
    "a random identifier makes two builds of the same sources differ; it is replaced by one from the content",
    ("publication.engine.XMP_DOCUMENT_ID_BYTES", "publication.reproducible.fixed_document_id"),
    "test_pdfx_metadata_has_one_random_document_id",
)
PDFX_CONFORMANCE = Internal(
    "pdfx:GTS_PDFXConformance in PDF/X-4 metadata (weasyprint.pdf.metadata)",
    "output",
    "a key of PDF/X-1a and X-3 that X-4 does not have: finishing removes it from the XMP",
    ("publication.engine.PDFX_CONFORMANCE_BYTES", "publication.finish.document.identify_pdfx"),
    "test_pdfx4_metadata_has_a_conformance_key",
)
TAGGED_SEQUENCES = Internal(
    "marked content written as '/Tag\\n<</MCID n>>\\nBDC' (weasyprint.pdf.stream.Stream.marked, pydyf)",
    "output",
    "finish.screen turns unreachable tagged sequences into '/Artifact BMC' on the content's bytes, leaving the "
    "rest of each stream byte for byte as WeasyPrint wrote it",
    ("publication.engine.TAGGED_SEQUENCE", "publication.finish.screen._mark_as_artifacts"),
    "test_every_tagged_sequence_matches_the_pattern",
)
MARGIN_ELEMENTS = Internal(
    "page-margin content tagged under structure elements never linked into the tree (weasyprint.pdf.tags)",
    "output",
    "PDF/UA-1 wants running heads and folios as artifacts: finishing finds them as the ParentTree entries the "
    "structure root does not reach",
    ("publication.finish.screen._artifact_mcids", "publication.finish.screen.finish_screen"),
    "test_margin_content_is_tagged_outside_the_tree",
)
FIGURE_BOXES = Internal(
    "a Figure's /A /BBox in CSS pixels from the page's top left (weasyprint.pdf.tags)",
    "output",
    "PDF wants points from the bottom left: finishing converts with CSS_PX_PT and the page height",
    ("publication.engine.CSS_PX_PT", "publication.finish.screen.figure_boxes_in_user_space"),
    "test_figure_box_is_in_css_pixels_from_the_top",
)
LINK_ANNOTATIONS = Internal(
    "a link broken over lines: one /Link annotation per line, /Rect [x1 top x2 bottom], a /StructParent and a "
    "Link element holding an OBJR each",
    "output",
    "one address must be one link: finishing merges consecutive lines' annotations and their Link elements, and "
    "on one line the annotations of the link's box and of each piece it holds (an address in pieces)",
    (
        "publication.finish.screen.merge_split_links",
        "publication.finish.screen._stacked",
        "publication.finish.screen._side_by_side",
        "publication.finish.screen._absorb",
    ),
    "test_a_link_over_lines_is_one_annotation_per_line",
)
HYPHENATION_HYPHENS = Internal(
    "the hyphen of line breaking drawn as U+2010, mapped by a ToUnicode bfchar entry '<gggg> <2010>' "
    "(weasyprint.pdf.fonts)",
    "output",
    "the screen files give that glyph the text U+00AD, so extraction and search read the word whole",
    ("publication.engine.HYPHENATION_HYPHEN", "publication.finish.screen.hyphenation_as_soft_hyphens"),
    "test_hyphenation_hyphen_is_a_tounicode_entry",
)
DEVICE_CMYK_OPERATORS = Internal(
    "device-cmyk() written as '/DeviceCMYK cs c m y k scn' ('CS … SCN' for strokes), in HTML and in SVG",
    "output",
    "print finishing rewrites them as plain 'c m y k k' / 'K', which prepress tools and the tests look for",
    ("publication.finish.colour.plain_cmyk_operators", "publication.graphics.svg"),
    "test_device_cmyk_is_written_through_a_colour_space_switch",
)
SUBSET_NAMES = Internal(
    "subset fonts named 'ABCDEF+Family', the tag from the font's description alone (weasyprint.pdf.fonts)",
    "output",
    "two files with different glyph sets carry one name, which a RIP may merge: finishing renames each subset "
    "after its program, finding subsets by that six-capitals-and-plus form",
    ("publication.finish.fonts.name_subsets_by_program", "publication.finish.fonts._renamed"),
    "test_subset_names_do_not_follow_the_glyphs",
)
COLOUR_PROFILES = Internal(
    "the color_profiles argument of CSS() and render() (undocumented): @color-profile lands in the dict given",
    "private",
    "the print output intent: the page set-up's @color-profile device-cmyk reaches render() only through one "
    "dict shared with its CSS(); render then writes an /OutputIntent /GTS_PDFX that finishing names",
    (
        "publication.typeset.typeset_document",
        "publication.typeset.parsed_stylesheets",
        "publication.finish.document.set_output_intent",
    ),
    "test_colour_profile_reaches_the_output_intent_through_a_shared_dict",
)
PROFILE_COMPONENTS = Internal(
    "@color-profile device-cmyk without 'components' fails in write_pdf",
    "limitation",
    "the page set-up names the components of the CMYK output profile",
    ("publication.typeset.page_setup",),
    "test_colour_profile_without_components_still_fails",
)
FONTCONFIG_FILE = Internal(
    "FontConfiguration() makes Fontconfig read FONTCONFIG_FILE then (weasyprint.text.fonts)",
    "behaviour",
    "the build's font configuration lists no system font: only the stylesheets' @font-face fonts set text",
    ("publication.typeset.project_font_configuration",),
    "test_font_configuration_reads_fontconfig_file_when_made",
)
MISSING_GLYPHS = Internal(
    "a character no @font-face font has: set in a system font, or drawn as .notdef through an encoding CMap "
    "'WP-Encod-…' that sends its code to CID 0, without an error",
    "limitation",
    "the glyph check runs before rendering and names the character, the font and the source line; preflight "
    "and the tests find .notdef in a finished file through that CMap",
    ("publication.check", "publication.pdfcontent.text.notdef_codes", "tests/pdfs.py"),
    "test_a_character_no_font_has_is_drawn_as_notdef_without_error",
)
RGB_IMAGES = Internal(
    "raster images embedded in their own colour space (RGB), even in PDF/X-4 with a CMYK output intent",
    "limitation",
    "print finishing converts RGB images to CMYK through the output profile",
    ("publication.finish.colour.convert_rgb_images",),
    "test_rgb_images_stay_rgb_in_pdfx4",
)
CMYK_GRADIENTS = Internal(
    "a gradient of device-cmyk() colours fails (its colours are converted to sRGB)",
    "limitation",
    "ruled lines are borders, not gradients",
    ("styles/brochure.css",),
    "test_device_cmyk_gradients_still_fail",
)
RUNNING_IN_FLEX = Internal(
    "a running element left inside a flex item fails: 'min-content width for TextBox not handled yet'",
    "limitation",
    "the poster hides the running draft mark in its flex head and shows the stamp; a one-page A4 document whose "
    "closing block stands at the foot (a4.css .page-filled: the programme with no agenda, the changes insert) "
    "gives the items of its flex column a width of their own",
    ("styles/poster.css", "styles/a4.css"),
    "test_a_running_element_in_a_flex_item_still_fails",
)
RUNNING_ELEMENT_REMAKE = Internal(
    "weasyprint.layout.page.make_page: a page that brings a running element of a name the page before it did not "
    "have marks that page for a second layout",
    "limitation",
    "a running element on every page had WeasyPrint lay each page out twice (199 page layouts for 100 badges, a "
    "third of their layout): the documents of one sheet a person or a room (badges, room signs), whose page foot "
    "shows no running mark, carry the draft stamp in their flow and no running draft mark",
    ("layouts/partials/draft_stamp.html", "layouts/badges.html", "layouts/room-signs.html"),
    "test_a_new_running_element_on_each_page_has_each_page_laid_out_twice",
)
FLEX_AUTOMATIC_MINIMUM = Internal(
    "a flex item's automatic minimum size (min-width, min-height: auto) measured by laying the item out again "
    "(weasyprint.layout.flex: min_content_width, then block_level_layout at its max-content width), in every "
    "flex row nested inside it again",
    "limitation",
    "the items of the documents' flex rows take min-height: 0, and those sized otherwise min-width: 0 (one rule, "
    "base.css, listing the rows): two thirds of a programme's layout time, the same pages",
    ("styles/base.css",),
    "test_a_flex_item_s_automatic_minimum_is_laid_out_again",
)
SVG_OWN_DOCUMENT = Internal(
    "an inline <svg> is a document of its own: the page's CSS does not reach it, an unfilled shape is black RGB",
    "behaviour",
    "each drawing carries its palette in a <style> inside the <svg>",
    ("publication.graphics.svg", "publication.graphics.europe_map.draw_europe_map"),
    "test_page_css_does_not_reach_an_inline_svg",
)
SVG_SIZE_ATTRIBUTES = Internal(
    "an inline <svg>'s width and height attributes are author declarations (weasyprint.css.find_style_attributes): "
    "they win over the stylesheets given to render(), which are of user origin",
    "behaviour",
    "the map's <svg> carries a viewBox and no width or height, so the page's CSS sizes it (the poster's column, "
    "the brochure's --map-height)",
    ("publication.graphics.europe_map.draw_europe_map", "styles/base.css", "styles/brochure.css"),
    "test_an_svg_size_attribute_wins_over_the_stylesheets",
)
SVG_TITLES = Internal(
    "a tagged inline <svg> takes its Figure /Alt from its <title> child only (ARIA ignored)",
    "behaviour",
    "every drawing's accessible name is written both as ARIA (browsers) and as <title> (the PDF)",
    ("publication.graphics.svg.accessible_name",),
    "test_svg_alternative_text_comes_from_its_title",
)
SVG_LETTERS = Internal(
    "SVG <text> set letter by letter, each at the previous one's advance: no kerning (weasyprint.svg.text)",
    "behaviour",
    "the map labels' halos are glyph outlines laid out the same way, so that they sit exactly under the text",
    ("publication.graphics.outlines.outline_path",),
    "test_svg_text_is_set_letter_by_letter_without_kerning",
)
DEFINITION_ITEMS = Internal(
    "a dt and a dd each tagged as its own LI > LBody, a div between dl and them as a Div (weasyprint.pdf.tags)",
    "limitation",
    "PDF/UA-1 wants L > LI > Lbl + LBody: tagging marks each dt's and dd's elements, and finishing makes each "
    "wrapped pair one LI with the term as its Lbl and the description as its LBody",
    ("publication.tagging._annotate", "publication.finish.lists.definition_lists_as_lists"),
    "test_definition_terms_and_descriptions_are_separate_items",
)
TABLE_HEADER_IDS = Internal(
    "a th's element gets an /ID, a td's /A its /Headers naming them, and the StructTreeRoot no /IDTree "
    "(weasyprint.pdf.tags)",
    "limitation",
    "a reader resolves /Headers through the /IDTree (ISO 32000-1, Table 322): finishing adds it from every /ID "
    "in the final tree",
    ("publication.finish.ids.add_id_tree", "publication.finish.screen.finish_screen"),
    "test_table_headers_have_ids_and_no_id_tree",
)
UNREADABLE_SVG = Internal(
    "an SVG image WeasyPrint cannot read is drawn blank, without an error",
    "limitation",
    "SVG images are parsed, and their references checked, before WeasyPrint draws them",
    ("publication.svgimage.read_svg",),
    "test_an_unreadable_svg_image_is_drawn_blank_without_error",
)
SWALLOWED_ALARMS = Internal(
    "an SVG image's drawing catches every exception, BaseException included (weasyprint.images.SVGImage.draw)",
    "limitation",
    "the time limit's alarm, raised there, is logged as a failed image and lost: time_limit also remembers that "
    "it rang, and fails the document when the layout returns",
    ("publication.limits.time_limit",),
    "test_an_svg_image_swallows_even_a_base_exception",
)
FONT_FOLDERS = Internal(
    "FontConfiguration copies each @font-face file into a temporary folder that only its finaliser removes "
    "(weasyprint.text.fonts)",
    "behaviour",
    "the parsed stylesheets keep their font configuration for the process: the cache is emptied at exit, while "
    "the interpreter still works, so that the finaliser runs (a forked worker, which ends with os._exit, leaves it)",
    ("publication.typeset.parsed_stylesheets", "publication.pool"),
    "test_font_files_live_in_a_folder_only_the_finaliser_removes",
)

CLICK_WORDS = Internal(
    "Click 8's modules (CLICK_MODULES) each call gettext by the module-level names `_` and `ngettext` "
    "(`from gettext import gettext as _`), at the moment a message is said",
    "private",
    "Click's own words (Usage:, No such option, Missing argument, Try … for help, Did you mean) come from "
    "gettext's default domain, which has no French: those names are pointed at publication.messages' `_` and "
    "`ngettext` (speak_click), so that Click speaks the messages' language, from the French catalogue where "
    "tools/messages.py extracts Click's messages from the same modules",
    ("publication.engine.speak_click", "publication.cli.DebuggableGroup", "tools/messages.py"),
    "test_click_says_its_words_through_module_level_gettext_names",
)
# Click's modules whose words a user of the command line can meet (the others prompt, page, edit or complete).
CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types")

INTERNALS = (
    CLICK_WORDS,
    STRUCTURE_BUILDER,
    STRUCTURE_ELEMENTS,
    PAGE_BOXES,
    LAID_OUT_BOXES,
    SPACE_BEFORE_INLINE,
    FINISHER_OBJECTS,
    XMP_DOCUMENT_ID,
    PDFX_CONFORMANCE,
    TAGGED_SEQUENCES,
    MARGIN_ELEMENTS,
    FIGURE_BOXES,
    LINK_ANNOTATIONS,
    HYPHENATION_HYPHENS,
    DEVICE_CMYK_OPERATORS,
    SUBSET_NAMES,
    COLOUR_PROFILES,
    PROFILE_COMPONENTS,
    FONTCONFIG_FILE,
    MISSING_GLYPHS,
    RGB_IMAGES,
    CMYK_GRADIENTS,
    RUNNING_IN_FLEX,
    RUNNING_ELEMENT_REMAKE,
    FLEX_AUTOMATIC_MINIMUM,
    MOVED_BOXES,
    SVG_OWN_DOCUMENT,
    SVG_SIZE_ATTRIBUTES,
    SVG_TITLES,
    SVG_LETTERS,
    DEFINITION_ITEMS,
    TABLE_HEADER_IDS,
    UNREADABLE_SVG,
    SWALLOWED_ALARMS,
    FONT_FOLDERS,
    GRID_TRACK_SIZING,
    TEXT_WIDTHS,
    REPEATED_SVGS,
)

# --- what WeasyPrint writes, as the code that reads or rewrites it expects it ----------------------

XMP_DOCUMENT_ID_BYTES = re.compile(rb"xmp\.did:[0-9a-f-]{36}")
# GTS_PDFXConformance, as an element or as an attribute of the XMP description.
PDFX_CONFORMANCE_BYTES = re.compile(
    rb"<pdfx:GTS_PDFXConformance>[^<]*</pdfx:GTS_PDFXConformance>|"
    rb"\s+pdfx:GTS_PDFXConformance=\"[^\"]*\""
)
# WeasyPrint writes each tagged sequence as `/Tag\n<</MCID n>>\nBDC`; whitespace is allowed to vary.
TAGGED_SEQUENCE = re.compile(rb"/[A-Za-z0-9]+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")
# A ToUnicode entry giving a glyph the text U+2010 HYPHEN: the hyphen WeasyPrint adds where it breaks a word.
HYPHENATION_HYPHEN = re.compile(rb"(<[0-9A-Fa-f]{2,4}>\s*)<2010>")
CSS_PX_PT = 0.75  # WeasyPrint writes a Figure's BBox in CSS pixels (1px = 0.75pt), from the top


# --- the private names, touched here only ------------------------------------------------------------


def wrap_structure_builder(annotate: Callable[[Any, Any], None]) -> None:
    """Have WeasyPrint's structure builder call `annotate(element, html_element)` for every structure
    element it makes from a box with an HTML element of its own (the page, html and body pass their
    children's elements up: those carry their own attributes). Call it once per process."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout.absolute import AbsolutePlaceholder
    from weasyprint.pdf import tags

    build = tags._build_box_tree

    @functools.wraps(build)
    def build_with_html(box, parent, *args):
        inner = box._box if isinstance(box, AbsolutePlaceholder) else box
        own = not (isinstance(inner, boxes.PageBox) or inner.element_tag in ("html", "body"))
        for element in build(box, parent, *args):
            if own:
                annotate(element, inner.element)
            yield element

    tags._build_box_tree = build_with_html


def pdf_text(text: str):
    """A text string for a structure element (a pydyf String: WeasyPrint writes what pydyf holds)."""
    import pydyf

    return pydyf.String(text)


def page_text_outside(page, classes: str | tuple[str, ...]) -> tuple[bool, bool]:
    """Whether a rendered page draws text or an image outside elements of the class (or classes)
    given (page margins aside), and whether it holds one of them."""
    return _drawn_outside(page._page_box, {classes} if isinstance(classes, str) else set(classes))


def page_box(page):
    """A rendered page's laid-out box tree (its lines, replaced boxes and margin boxes)."""
    return page._page_box


def box_kinds() -> tuple[Any, Any, Any]:
    """WeasyPrint's classes of a line of text, an image or drawing, and a page-margin box."""
    from weasyprint.formatting_structure.boxes import LineBox, MarginBox, ReplacedBox

    return LineBox, ReplacedBox, MarginBox


def page_areas(page) -> tuple[tuple, tuple]:
    """A rendered page's text area (its page box's content box) and its margin boxes (border boxes), each
    as (x0, y0, x1, y1) in CSS pixels from the trim's top-left corner (where WeasyPrint puts the page box)."""
    from weasyprint.formatting_structure.boxes import MarginBox

    box = page._page_box
    x, y = box.content_box_x(), box.content_box_y()
    margins = tuple(
        (m.border_box_x(), m.border_box_y(), m.border_box_x() + m.border_width(), m.border_box_y() + m.border_height())
        for m in box.children
        if isinstance(m, MarginBox)
    )
    return (x, y, x + box.width, y + box.height), margins


def _drawn_outside(box, classes: set[str]) -> tuple[bool, bool]:
    from weasyprint.formatting_structure.boxes import InlineReplacedBox, MarginBox, TextBox

    if isinstance(box, MarginBox):
        return False, False
    element = getattr(box, "element", None)
    if element is not None and classes & set((element.get("class") or "").split()):
        return False, True
    if isinstance(box, (TextBox, InlineReplacedBox)):
        return True, False
    outside = holds = False
    for child in getattr(box, "children", ()):
        child_outside, child_holds = _drawn_outside(child, classes)
        outside, holds = outside or child_outside, holds or child_holds
    return outside, holds


CSS_PX_MM = 25.4 / 96  # WeasyPrint lays out in CSS pixels


def _box_of_class(box, cls: str):
    """The first box (in tree order) of an element of class `cls`; None if there is none."""
    element = getattr(box, "element", None)
    if element is not None and cls in (element.get("class") or "").split():
        return box
    return next(filter(None, (_box_of_class(child, cls) for child in getattr(box, "children", ()))), None)


def page_reach_below(page) -> float:
    """How far (mm) the lowest box of a rendered page reaches below its content area (page margins
    aside); negative when it ends above."""
    from weasyprint.formatting_structure.boxes import MarginBox

    def lowest(box) -> float:
        if isinstance(box, MarginBox):
            return float("-inf")
        bottom = box.position_y + box.margin_height() if hasattr(box, "margin_height") else float("-inf")
        return max([bottom, *(lowest(child) for child in getattr(box, "children", ()))])

    page_box = page._page_box
    reach = max((lowest(child) for child in page_box.children), default=float("-inf"))
    return (reach - (page_box.content_box_y() + page_box.height)) * CSS_PX_MM


def page_holds_text_of(page, cls: str) -> bool:
    """Whether a rendered page holds an element of class `cls` with text laid out in it."""
    from weasyprint.formatting_structure.boxes import TextBox

    def text_in(box) -> bool:
        return isinstance(box, TextBox) or any(text_in(child) for child in getattr(box, "children", ()))

    block = _box_of_class(page._page_box, cls)
    return block is not None and text_in(block)


def move_to_foot(document, cls: str) -> None:
    """Move the block of class `cls` on the document's last page down to the foot of that page's
    content area, and make the page again so that its links are where the block now is."""
    from weasyprint.document import Page

    page_box = document.pages[-1]._page_box
    block = _box_of_class(page_box, cls)
    if block is None:
        return
    room = page_box.content_box_y() + page_box.height - (block.position_y + block.margin_height())
    if room > 0:
        block.translate(0, room)
        document.pages[-1] = Page(page_box)


def page_area(page) -> tuple[float, float]:
    """The top and bottom of a rendered page's area (inside its margins), in CSS px from the page's top."""
    box = page._page_box
    return box.content_box_y(), box.content_box_y() + box.height


def marked_boxes(page, group: str, mark: str) -> list[tuple[str, str, float, float]]:
    """The boxes of a rendered page whose element has the attribute `mark`, inside an element with
    the attribute `group`, in layout order: (the group's value, the mark's value, top, bottom) in CSS px."""
    found: list[tuple[str, str, float, float]] = []
    _find_marked(page._page_box, group, mark, None, found)
    return found


def _find_marked(box, group: str, mark: str, value: str | None, found: list) -> None:
    element = getattr(box, "element", None)
    if element is not None and box.element_tag == element.tag:  # the element's own box, not a pseudo-element's
        if element.get(group) is not None:
            value = element.get(group)
        elif value is not None and element.get(mark) is not None:
            found.append((value, element.get(mark), box.position_y, box.position_y + box.height))
            return
    for child in getattr(box, "children", ()):
        _find_marked(child, group, mark, value, found)


def set_xmp_document_id(pdf, document_id: uuid.UUID) -> None:
    """In a finisher: the XMP DocumentID of the pydyf document about to be written, replaced."""
    for obj in pdf.objects:
        extra = getattr(obj, "extra", None)
        if not extra or extra.get("Type") != "/Metadata":
            continue
        obj.stream = [
            XMP_DOCUMENT_ID_BYTES.sub(f"xmp.did:{document_id}".encode(), part) if isinstance(part, bytes) else part
            for part in obj.stream
        ]


def speak_click(gettext: Callable[[str], str], ngettext: Callable[[str, str, int], str]) -> None:
    """Click's own words said through `gettext` and `ngettext` (publication.messages'): CLICK_WORDS."""
    for module in map(importlib.import_module, (f"click.{name}" for name in CLICK_MODULES)):
        module._, module.ngettext = gettext, ngettext  # type: ignore[attr-defined]
