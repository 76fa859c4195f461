"""WeasyPrint 70 made faster where it does the same work again: the private functions rewritten or wrapped
so that a grid, a text's widths and a repeated SVG cost once. Each is an entry of engine.INTERNALS with its
canary in tests/test_engine.py, and each keeps what WeasyPrint lays out and draws (byte-identical PDFs, or
for repeated SVGs the same pixels); typeset.typeset_document installs them before a layout."""

from __future__ import annotations

import functools
from collections.abc import Callable

from .internal import Internal

GRID_TRACK_SIZING = Internal(
    "weasyprint.layout.grid._distribute_extra_space",
    "private",
    "WeasyPrint 70 measures every item spanning grid tracks (min-content widths, or a whole layout for rows) in each "
    "of the five passes of track sizing, even when none of the tracks it spans is of the kind the pass grows, and "
    "then distributes nothing: the poster's body grid (the map over two rows, members and events over two columns) "
    "spent two thirds of its layout there. One line of the function's source is rewritten to skip those items: "
    "the same boxes, byte-identical PDFs (the shipped posters), the poster's layout about 40 % faster. Without "
    "that line (another release) nothing is rewritten, and the canary fails",
    ("publication.engine.speed.skip_unaffected_grid_items", "publication.typeset.typeset_document"),
    "test_grid_track_sizing_skips_the_items_it_would_not_grow",
)

TEXT_WIDTHS = Internal(
    "weasyprint.layout.preferred.split_first_line (the name preferred.py imports from text.line_break), LayoutContext",
    "private",
    "WeasyPrint 70 measures a text's min- and max-content widths (each word, and each text whole) with Pango every "
    "time a box's preferred width is asked for, and flex layout asks again for each copy of an item it makes: a "
    "one-page programme, its page a flex column, measured the same words two and a half times over (26,000 "
    "measures for 10,000 different ones). Within one layout the same text in the same style object (WeasyPrint "
    "copies a style before changing it) has the same width: the preferred widths' measures are remembered on the "
    "layout's context, which goes with it. Byte-identical PDFs (the shipped build and the examples), a programme's "
    "layout about a quarter faster. Another release that measures otherwise is not wrapped, and the canary fails",
    ("publication.engine.speed.remember_text_widths", "publication.typeset.typeset_document"),
    "test_text_widths_are_measured_once_per_layout",
)

REPEATED_SVGS = Internal(
    "weasyprint.html.HTML_HANDLERS[SVG_ELEMENT] (handle_svg, make_replaced_box), weasyprint.images.SVGImage.draw, "
    "the pdf Stream's add_group, draw_x_object and _resources (one resources dictionary for every page)",
    "private",
    "WeasyPrint 70 parses every inline <svg> element on its own and draws every use of an SVG into the page's "
    "content: a hundred badges parsed and drew the same QR code (some 1,500 path operators) and EU emblem a "
    "hundred times, then finishing and the checks read those operators again on every page; the QR code was a "
    "third of a badge's time. Within one rendering, inline SVGs of the same source share one parsed image, and "
    "an image drawn a second time is drawn once more, into a form XObject that this use and every later one "
    "paint: the same pixels (a badge rasterised both ways), a third of the bytes. An SVG used once is drawn as "
    "before, byte for byte. Another release whose handler or drawing takes other parameters is not wrapped, and "
    "the canary fails",
    ("publication.engine.speed.draw_repeated_svgs_once", "publication.typeset.typeset_document"),
    "test_a_repeated_svg_is_parsed_and_drawn_once",
)


# The line of weasyprint.layout.grid._distribute_extra_space that GRID_TRACK_SIZING rewrites, and what to.
GRID_ITEMS_LOOP = "        if not children:\n            continue\n        for item, parent in children:\n"
GRID_ITEMS_LOOP_SKIPPING = (
    "        if not children or not any(affected_tracks[i:i + span]):\n"
    "            continue\n        for item, parent in children:\n"
)


def skip_unaffected_grid_items() -> bool:
    """Have grid track sizing skip the items that span no track the pass grows (GRID_TRACK_SIZING): they add
    nothing to any track, and measuring them was most of a grid's layout. Once per process; whether it is
    in place (False: WeasyPrint's source is not the one expected, nothing was changed)."""
    import inspect

    from weasyprint.layout import grid

    function = grid._distribute_extra_space
    if getattr(function, "skips_unaffected_items", False):
        return True
    source = inspect.getsource(function)
    if source.count(GRID_ITEMS_LOOP) != 1:
        return False
    code = compile(source.replace(GRID_ITEMS_LOOP, GRID_ITEMS_LOOP_SKIPPING), inspect.getfile(function), "exec")
    exec(code, vars(grid))  # defined in the module itself, with its names: WeasyPrint's function, one line aside
    grid._distribute_extra_space.skips_unaffected_items = True
    grid._distribute_extra_space.original = function  # for the canary, which compares the two
    return True


# The parameters of weasyprint.text.line_break.split_first_line, which remember_text_widths wraps.
SPLIT_FIRST_LINE_PARAMETERS = (
    "text",
    "style",
    "context",
    "max_width",
    "justification_spacing",
    "is_line_start",
    "minimum",
)


def remember_text_widths() -> bool:
    """Have the preferred widths measure each text once per layout (TEXT_WIDTHS). Once per process; whether
    it is in place (False: WeasyPrint's measure is not the one expected, nothing was changed)."""
    import inspect

    from weasyprint.layout import preferred
    from weasyprint.text import line_break

    measure = preferred.split_first_line
    if getattr(measure, "remembers", False):
        return True
    if measure is not line_break.split_first_line:
        return False
    if tuple(inspect.signature(measure).parameters) != SPLIT_FIRST_LINE_PARAMETERS:
        return False

    @functools.wraps(measure)
    def remembered(text, style, context, max_width, justification_spacing, is_line_start=True, minimum=False):
        # On the context: a layout's measures go with it. The style is held with its measure, so that its
        # id is not reused by another style while the layout lasts.
        widths = context.__dict__.setdefault("_project_text_widths", {})
        key = (text, id(style), max_width, justification_spacing, is_line_start, minimum)
        known = widths.get(key)
        if known is None or known[0] is not style:
            found = measure(text, style, context, max_width, justification_spacing, is_line_start, minimum)
            # Preferred widths read the resume index and the width; the Pango layout is not kept.
            known = widths[key] = (style, (None, *found[1:]))
        return known[1]

    remembered.remembers = True  # type: ignore[attr-defined]
    remembered.original = measure  # type: ignore[attr-defined]  # for the canary, which compares the two
    preferred.split_first_line = remembered
    return True


# The parameters of weasyprint.html.handle_svg and of weasyprint.images.SVGImage.draw, which
# draw_repeated_svgs_once wraps.
SVG_ELEMENT = "{http://www.w3.org/2000/svg}svg"  # the handlers' key: the tag, namespaced
SVG_HANDLER_PARAMETERS = ("element", "box", "get_image_from_uri", "base_url")
SVG_DRAW_PARAMETERS = ("self", "stream", "concrete_width", "concrete_height", "_style")


def draw_repeated_svgs_once() -> bool:
    """Have identical inline SVGs of a rendering parsed once, and an SVG drawn more than once drawn into one
    form XObject that each use paints (REPEATED_SVGS). Once per process; whether it is in place (False:
    WeasyPrint's handler or drawing is not the one expected, nothing was changed)."""
    import inspect

    from weasyprint import html
    from weasyprint.images import SVGImage

    handle = html.HTML_HANDLERS.get(SVG_ELEMENT)
    if getattr(handle, "shares", False):
        return True
    if handle is not html.handle_svg or tuple(inspect.signature(handle).parameters) != SVG_HANDLER_PARAMETERS:
        return False
    if tuple(inspect.signature(SVGImage.draw).parameters) != SVG_DRAW_PARAMETERS:
        return False
    html.HTML_HANDLERS[SVG_ELEMENT] = shared_svg_handler(handle, html.make_replaced_box)
    SVGImage.draw = drawing_once(SVGImage.draw)
    return True


def shared_svg_handler(handle: Callable, make_replaced_box: Callable) -> Callable:
    """WeasyPrint's handler of inline <svg>, giving elements of the same source in one rendering one image."""
    from xml.etree import ElementTree

    @functools.wraps(handle)
    def shared(element, box, get_image_from_uri, base_url):
        images = get_image_from_uri.keywords.get("cache")  # WeasyPrint's image cache: one per rendering
        if not isinstance(images, dict):
            return handle(element, box, get_image_from_uri, base_url)
        key = ("inline-svg", base_url, ElementTree.tostring(element, encoding="unicode"))
        if key in images:
            return [make_replaced_box(element, box, images[key])]
        made = handle(element, box, get_image_from_uri, base_url)
        if made:
            images[key] = made[0].replacement
        return made

    shared.shares = True  # type: ignore[attr-defined]
    shared.original = handle  # type: ignore[attr-defined]  # for the canary, which compares the two
    return shared


def drawing_once(draw: Callable) -> Callable:
    """SVGImage.draw, drawing an image used a second time in a PDF into a form XObject that this use and
    every later one paint."""

    @functools.wraps(draw)
    def drawn_once(self, stream, concrete_width, concrete_height, _style):
        # The pages of a PDF share one resources dictionary: a form named in it can be painted on any page.
        resources = stream._resources
        forms = self.__dict__.setdefault("_project_forms", {})
        key = (id(resources), concrete_width, concrete_height)
        known = forms.get(key)
        if known is None or known[0] is not resources:  # the first use: drawn as WeasyPrint draws it
            forms[key] = (resources, None)
            return draw(self, stream, concrete_width, concrete_height, _style)
        if known[1] is None:
            form = stream.add_group(0, 0, concrete_width, concrete_height)
            draw(self, form, concrete_width, concrete_height, _style)
            known = forms[key] = (resources, form.id)
        stream.draw_x_object(known[1])

    drawn_once.original = draw  # type: ignore[attr-defined]
    return drawn_once
