"""Canaries: each thing of WeasyPrint's the project relies on beyond its documented API
(`publication.engine.INTERNALS`) still exists and behaves as assumed.

Run them first after upgrading WeasyPrint (`pytest tests/test_engine.py`): a failure names the
internal, why the project relies on it and the code to revisit. A `limitation` canary that fails is
good news: WeasyPrint can now do what the project works around. Each renders a few lines of HTML in
this process, set in the project's Inter so that the machine's fonts do not matter.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import io
import itertools
import re
from pathlib import Path

import pikepdf
import pytest

from publication import engine
from publication.engine import INTERNALS, Internal
from tests.conftest import ROOT

INTER = ROOT / "styles" / "fonts" / "Inter-Regular.otf"
PROFILE = ROOT / "styles" / "icc" / "FOGRA39L.icc"
FACE = f'@font-face {{ font-family: Inter; src: url("{INTER.as_uri()}") }} html {{ font-family: Inter }}'
CMYK_PROFILE = (
    f"@color-profile device-cmyk {{ src: url('{PROFILE.as_uri()}'); components: cyan, magenta, yellow, black; }}"
)
PIXEL = (  # a 2 × 2 RGB PNG
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGP4z8DAwMDAwMAAAA4AAf8A/3EAAAAASUVORK5CYII="
)
SVG = "http://www.w3.org/2000/svg"
renders = pytest.mark.build  # the canaries that render a PDF


def revisit(internal: Internal, found: str) -> str:
    """The failure message: what changed, why the project relies on it, where to look."""
    library = "Click" if internal.name.startswith("Click") else "WeasyPrint"
    verdict = (
        f"{library} no longer has this limitation (the workaround may go)"
        if internal.kind == "limitation"
        else f"{library} changed something the project relies on ({internal.kind})"
    )
    return (
        f"{verdict}: {internal.name}\n  found: {found}\n  relied on because: {internal.why}\n"
        f"  revisit: {', '.join(internal.where)} (and the entry in publication/engine/)"
    )


def fonts():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def document(body: str, css: str = "", *, font_config=None, profiles: dict | None = None):
    """A few lines of HTML laid out, set in Inter."""
    import weasyprint

    font_config = font_config or fonts()
    profiles = {} if profiles is None else profiles
    sheets = [weasyprint.CSS(string=FACE + css, font_config=font_config, color_profiles=profiles)]
    html = weasyprint.HTML(string=f'<html lang="en"><head><title>Canary</title></head><body>{body}</body></html>')
    return html.render(stylesheets=sheets, font_config=font_config, color_profiles=profiles)


def render(body: str, css: str = "", *, font_config=None, profiles: dict | None = None, **options) -> bytes:
    return document(body, css, font_config=font_config, profiles=profiles).write_pdf(**options)


def opened(pdf: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(pdf))


def page_content(pdf: pikepdf.Pdf, index: int = 0) -> bytes:
    contents = pdf.pages[index].obj.Contents
    streams = contents if isinstance(contents, pikepdf.Array) else [contents]
    return b"".join(stream.read_bytes() for stream in streams)


def structure_elements(pdf: pikepdf.Pdf) -> list:
    from publication.finish.screen import reachable_struct_dicts

    return reachable_struct_dicts(pdf)


# --- one tagged page, as the screen editions are made -----------------------------------------------

TAGGED_BODY = f"""
<table><tr><th scope="col">Head</th></tr><tr><td>cell</td></tr></table>
<p lang="de">Hallo</p>
<p aria-hidden="true">hidden</p>
<ul><li>item <span lang="it">ciao</span></li></ul>
<div style="position: absolute; top: 500px" lang="fr">Bonjour</div>
<img alt="square" style="position: absolute; left: 100px; top: 50px; width: 40px; height: 20px" src="{PIXEL}">
<p style="width: 40px; hyphens: auto">administrations</p>
<p style="width: 60px"><a href="https://example.org/">a long link text broken</a></p>
"""
TAGGED_CSS = '@page { size: 600px 800px; margin: 40px; @top-center { content: "Running head" } }'


@pytest.fixture(scope="module")
def tagged() -> bytes:
    """The page above, tagged as a screen edition is (the project's tagging installed)."""
    from publication.tagging import install

    install()
    return render(TAGGED_BODY, TAGGED_CSS, pdf_variant="pdf/ua-1", pdf_tags=True)


@renders
def test_structure_builder_sees_every_box(tagged):
    from weasyprint.pdf import tags

    internal = engine.STRUCTURE_BUILDER
    builder = getattr(tags, "_build_box_tree", None)
    assert builder is not None, revisit(internal, "weasyprint.pdf.tags has no _build_box_tree")
    original = getattr(builder, "__wrapped__", builder)
    parameters = list(inspect.signature(original).parameters)
    assert parameters == ["box", "parent", "pdf", "page_number", "nums", "annotations", "tags"], revisit(
        internal, f"its parameters are {parameters}"
    )
    assert inspect.isgeneratorfunction(original), revisit(internal, "it no longer yields the elements it makes")
    assert "_build_box_tree" in original.__code__.co_names, revisit(
        internal, "it no longer recurses through the module's name: the wrapper would see the top boxes only"
    )
    with opened(tagged) as pdf:
        languages = {str(element.Lang) for element in structure_elements(pdf) if "/Lang" in element}
    # A list item's span is deep in the tree; an absolutely positioned div is an AbsolutePlaceholder.
    assert {"de", "it", "fr"} <= languages, revisit(internal, f"the wrapper annotated the languages {languages}")


@renders
def test_structure_elements_take_what_tagging_writes(tagged):
    from publication.tagging import DECORATIVE

    internal = engine.STRUCTURE_ELEMENTS
    with opened(tagged) as pdf:
        elements = structure_elements(pdf)
        headers = [element for element in elements if element.get("/S") == "/TH"]
        assert headers, revisit(internal, "no /TH element for a th")
        attributes = headers[0].get("/A")
        assert isinstance(attributes, pikepdf.Dictionary) and attributes.get("/O") == "/Table", revisit(
            internal, f"a th's element has the attributes {attributes!r}, not << /O /Table >>"
        )
        assert attributes.get("/Scope") == "/Column", revisit(
            internal, "the /Scope written into /A did not reach the file"
        )
        german = [element for element in elements if str(element.get("/Lang", "")) == "de"]
        assert german and isinstance(german[0].Lang, pikepdf.String), revisit(internal, "/Lang is not a text string")
        hidden = [element for element in elements if f"/{DECORATIVE}" in element]
        assert len(hidden) == 1, revisit(internal, f"{len(hidden)} elements carry the key {DECORATIVE}, not 1")


@renders
def test_page_box_tree_shows_what_a_page_draws():
    internal = engine.PAGE_BOXES
    body = (
        '<p>first</p><p style="break-before: page" class="closing">closing</p>'
        f'<p style="break-before: page"><img alt="x" src="{PIXEL}"></p><p class="closing">closing</p>'
    )
    laid_out = document(body, "@page { @bottom-center { content: counter(page) } }")
    assert all(hasattr(page, "_page_box") for page in laid_out.pages), revisit(internal, "a Page has no _page_box")
    found = [engine.page_text_outside(page, "closing") for page in laid_out.pages]
    # The folio in the page margin does not count; an image does.
    assert found == [(True, False), (False, True), (True, True)], revisit(
        internal, f"(drawn outside, holds the class) per page: {found}"
    )
    # The brochure's measure: lines and images where they are laid out, below the page's content top.
    line_box, replaced_box, margin_box = engine.box_kinds()

    def kinds(box, found):
        found.append((type(box), box.position_y, box.margin_height()))
        for child in getattr(box, "children", ()):
            kinds(child, found)
        return found

    first, _, third = (kinds(engine.page_box(page), []) for page in laid_out.pages)
    top = engine.page_box(laid_out.pages[0]).content_box_y()
    assert any(kind is line_box and y >= top and height > 0 for kind, y, height in first), revisit(
        internal, "no LineBox with a position_y and margin_height on the first page"
    )
    assert any(issubclass(kind, replaced_box) and height > 0 for kind, _, height in third), revisit(
        internal, "no ReplacedBox for the image on the third page"
    )
    assert any(issubclass(kind, margin_box) for kind, _, _ in first), revisit(internal, "the folio is no MarginBox")
    # The text area and the margin boxes, in CSS pixels from the trim's top-left (96 px to the inch).
    framed = document("<p>x</p>", "@page { size: 100mm 200mm; margin: 10mm 20mm; @bottom-left { content: 'foot' } }")
    area, margins = engine.page_areas(framed.pages[0])
    px = 96 / 25.4
    assert [round(v / px, 1) for v in area] == [20.0, 10.0, 80.0, 190.0], revisit(internal, f"text area {area}")
    assert [[round(v / px, 1) for v in margin[1::2]] for margin in margins] == [[190.0, 200.0]], revisit(
        internal, f"margin boxes {margins}"
    )


@renders
def test_a_box_moved_after_layout_is_drawn_and_linked_where_it_now_is():
    internal = engine.MOVED_BOXES
    body = '<p>text</p><p class="foot"><a href="https://example.org/">link</a></p>'
    laid_out = document(body, "@page { size: 100mm 100mm; margin: 10mm } p { margin: 0 }")
    engine.move_to_foot(laid_out, "foot")
    page = laid_out.pages[-1]
    rectangles = [rectangle for _, target, rectangle, _ in page.links if target == "https://example.org/"]
    assert rectangles, revisit(internal, "the page made again has no link")
    bottom = rectangles[0][3] * engine.CSS_PX_MM  # (left, top, right, bottom) in CSS pixels
    assert 85 < bottom <= 90.01, revisit(internal, f"the link ends {bottom:.1f} mm from the top, not at the foot (90)")
    pdf = pikepdf.open(io.BytesIO(laid_out.write_pdf()))
    annotation = [float(v) for v in pdf.pages[0].Annots[0].Rect]  # points from the page's foot
    low = min(annotation[1], annotation[3]) * 25.4 / 72
    assert 9.99 < low < 12, revisit(internal, f"the annotation's lower edge is {low:.1f} mm from the foot, not 10")


@renders
def test_laid_out_rows_give_their_page_and_extent():
    internal = engine.LAID_OUT_BOXES
    rows = "".join(f'<tr data-row="{n}"><td style="height: 200px">row {n}</td></tr>' for n in range(5))
    body = f'<table><thead><tr><th>Head</th></tr></thead><tbody data-item="1.1">{rows}</tbody></table>'
    laid_out = document(body, "@page { size: 600px 800px; margin: 50px }")
    areas = [engine.page_area(page) for page in laid_out.pages]
    assert areas == [(50, 750)] * len(areas) and len(areas) >= 2, revisit(internal, f"page areas {areas}")
    found = [
        (n, *box) for n, page in enumerate(laid_out.pages) for box in engine.marked_boxes(page, "data-item", "data-row")
    ]
    assert [(item, row) for _, item, row, _, _ in found] == [("1.1", str(n)) for n in range(5)], revisit(
        internal, f"rows found {found}"
    )
    assert all(bottom - top >= 200 and bottom <= 750 for _, _, _, top, bottom in found), revisit(internal, f"{found}")
    opening = next(top for page, _, _, top, _ in found if page == 1)
    assert 50 < opening < 100, revisit(internal, f"page 2's first row at {opening} px, not under the repeated head")


def line_texts(html: str) -> list[list[str]]:
    """The lines of each paragraph, as laid out."""
    from weasyprint.formatting_structure import boxes

    def text(box) -> str:
        return box.text if isinstance(box, boxes.TextBox) else "".join(text(child) for child in box.children)

    def paragraphs(box):
        for child in getattr(box, "children", ()):
            if getattr(child, "element_tag", None) == "p":
                yield child
            else:
                yield from paragraphs(child)

    laid_out = document(html, "@page { size: 2000px 8000px } p { margin: 0; font-size: 12px }")
    return [
        [text(line) for line in paragraph.children]
        for page in laid_out.pages
        for paragraph in paragraphs(page._page_box)
    ]


@renders
def test_a_text_ending_in_a_space_before_an_inline_element_still_breaks_after_its_first_word():
    internal = engine.SPACE_BEFORE_INLINE
    words = "la langue du pays hôte en séance plénière, avec le soutien"
    widths = range(120, 420, 2)
    spans = line_texts("".join(f'<p style="width: {w}px">{words} <span>du URBACT.</span></p>' for w in widths))
    plain = line_texts("".join(f'<p style="width: {w}px">{words} du URBACT.</p>' for w in widths))
    alone = [
        lines
        for lines, text in zip(spans, plain, strict=True)
        if lines != text and any(len(line.split()) == 1 for line in lines[:-1])
    ]
    assert alone, revisit(internal, "the span no longer changes where the lines break")


@renders
def test_finisher_finds_the_xmp_metadata_stream():
    import uuid

    internal = engine.FINISHER_OBJECTS
    fixed = uuid.UUID(int=1)
    pdf = document("x").write_pdf(
        pdf_variant="pdf/x-4", finisher=lambda _, written: engine.set_xmp_document_id(written, fixed)
    )
    with opened(pdf) as opened_pdf:
        xmp = opened_pdf.Root.Metadata.read_bytes()
    assert f"xmp.did:{fixed}".encode() in xmp, revisit(
        internal, "no pydyf object with extra['Type'] == '/Metadata' and a stream of bytes held the DocumentID"
    )


@renders
def test_pdfx_metadata_has_one_random_document_id():
    internal = engine.XMP_DOCUMENT_ID
    found = []
    for _ in range(2):
        with opened(render("x", pdf_variant="pdf/x-4")) as pdf:
            found.append(engine.XMP_DOCUMENT_ID_BYTES.findall(pdf.Root.Metadata.read_bytes()))
    assert [len(ids) for ids in found] == [1, 1], revisit(internal, f"DocumentIDs matched per file: {found}")
    assert found[0] != found[1], revisit(internal, "the DocumentID is no longer random: the replacement may go")


@renders
def test_pdfx4_metadata_has_a_conformance_key():
    internal = engine.PDFX_CONFORMANCE
    with opened(render("x", pdf_variant="pdf/x-4")) as pdf:
        xmp = pdf.Root.Metadata.read_bytes()
    matches = engine.PDFX_CONFORMANCE_BYTES.findall(xmp)
    assert len(matches) == 1 and b"GTS_PDFXConformance" not in engine.PDFX_CONFORMANCE_BYTES.sub(b"", xmp), revisit(
        internal, f"the pattern matched {matches} (WeasyPrint may no longer write the key: the removal may go)"
    )


@renders
def test_every_tagged_sequence_matches_the_pattern(tagged):
    internal = engine.TAGGED_SEQUENCES
    with opened(tagged) as pdf:
        marked = [
            int(operands[1].MCID)
            for operands, operator in pikepdf.parse_content_stream(pdf.pages[0])
            if str(operator) == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]
        ]
        matched = [int(mcid) for mcid in engine.TAGGED_SEQUENCE.findall(page_content(pdf))]
    assert marked and matched == marked, revisit(internal, f"MCIDs in BDC operators {marked}, matched {matched}")


@renders
def test_margin_content_is_tagged_outside_the_tree(tagged):
    from publication.finish.screen import reachable_elements

    internal = engine.MARGIN_ELEMENTS
    with opened(tagged) as pdf:
        tree = pdf.Root.StructTreeRoot
        reachable = reachable_elements(tree)
        nums = tree.ParentTree.Nums
        parents = dict(zip(nums[0::2], nums[1::2], strict=True))[int(pdf.pages[0].obj.StructParents)]
        unreachable = [mcid for mcid, element in enumerate(parents) if element.objgen not in reachable]
    # "Running head" is the one text of the page margins: one text box, one marked sequence.
    assert len(unreachable) == 1, revisit(internal, f"MCIDs whose element the root does not reach: {unreachable}")


def tree_of(element, depth: int) -> tuple:
    """A structure element as (its tag, its kids' trees) `depth` levels down, marked content left out."""
    kids = element.get("/K")
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]
    elements = [kid for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/S" in kid] if depth > 1 else []
    return (str(element.S), tuple(tree_of(kid, depth - 1) for kid in elements))


@renders
def test_definition_terms_and_descriptions_are_separate_items():
    from publication.finish.screen import finish_screen
    from publication.tagging import DEFINITION, install

    internal = engine.DEFINITION_ITEMS
    install()
    written = render("<dl><div><dt>Host city</dt><dd>Thessaloniki</dd></div></dl>", pdf_variant="pdf/ua-1")
    with opened(written) as pdf:
        lists = [tree_of(element, 4) for element in structure_elements(pdf) if element.get("/S") == "/L"]
        marks = [str(e[f"/{DEFINITION}"]) for e in structure_elements(pdf) if f"/{DEFINITION}" in e]
    item = ("/LI", (("/LBody", ()),))
    assert lists == [("/L", (("/Div", (item, item)),))], revisit(internal, f"a wrapped dt and dd are tagged {lists}")
    # Both elements WeasyPrint makes of a dt (its LI and the LBody) pass through tagging.
    assert marks == ["/Term", "/Term", "/Description", "/Description"], revisit(internal, f"marks {marks}")
    with opened(finish_screen(written)) as pdf:
        lists = [tree_of(element, 3) for element in structure_elements(pdf) if element.get("/S") == "/L"]
        marked = [e for e in structure_elements(pdf) if f"/{DEFINITION}" in e]
    assert lists == [("/L", (("/LI", (("/Lbl", ()), ("/LBody", ()))),))], f"finishing made {lists}"
    assert not marked, "finishing left its private key in the file"


@renders
def test_table_headers_have_ids_and_no_id_tree(tagged):
    from publication.finish.screen import finish_screen

    internal = engine.TABLE_HEADER_IDS
    with opened(tagged) as pdf:
        elements = structure_elements(pdf)
        ids = [bytes(e.ID) for e in elements if e.get("/S") == "/TH" and "/ID" in e]
        headers = [[bytes(h) for h in e.A.Headers] for e in elements if e.get("/S") == "/TD" and "/A" in e]
        tree = "/IDTree" in pdf.Root.StructTreeRoot
    assert len(ids) == 1 and headers == [ids], revisit(internal, f"th ids {ids}, td headers {headers}")
    assert not tree, revisit(internal, "WeasyPrint now writes an /IDTree")
    with opened(finish_screen(tagged)) as pdf:
        names = list(pdf.Root.StructTreeRoot.IDTree.Names)
    assert [bytes(names[0]), str(names[1].S)] == [ids[0], "/TH"], f"finishing's /IDTree: {names}"


@renders
def test_figure_box_is_in_css_pixels_from_the_top(tagged):
    internal = engine.FIGURE_BOXES
    with opened(tagged) as pdf:
        figures = [element for element in structure_elements(pdf) if element.get("/S") == "/Figure"]
        box = [float(value) for value in figures[0].A.BBox] if figures else None
        page_width = float(pdf.pages[0].MediaBox[2])
    # The image is placed at left 100px, top 50px of the page area, inside a 40px margin.
    assert box == [140, 90, 180, 110], revisit(internal, f"the Figure's /BBox is {box}, not [140, 90, 180, 110]")
    assert page_width == 600 * engine.CSS_PX_PT, revisit(internal, f"a 600px page is {page_width}pt wide")


@renders
def test_a_link_over_lines_is_one_annotation_per_line(tagged):
    internal = engine.LINK_ANNOTATIONS
    with opened(tagged) as pdf:
        links = [annotation for annotation in pdf.pages[0].obj.Annots if annotation.Subtype == "/Link"]
        rects = [[float(value) for value in link.Rect] for link in links]
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        parents = dict(zip((int(key) for key in nums[0::2]), nums[1::2], strict=True))
        elements = [parents.get(int(link.get("/StructParent", -1))) for link in links]
        held = [
            element is not None
            and element.S == "/Link"
            and any(kid.get("/Type") == "/OBJR" and kid.Obj.objgen == link.objgen for kid in element.K)
            for link, element in zip(links, elements, strict=True)
        ]
    assert len(links) >= 2, revisit(internal, f"{len(links)} annotation(s) for a link over three lines")
    stacked = all(abs(upper[3] - lower[1]) < 1 and upper[1] > lower[1] for upper, lower in itertools.pairwise(rects))
    assert stacked and all(rect[1] > rect[3] for rect in rects), revisit(internal, f"/Rect of each line: {rects}")
    assert all(held), revisit(internal, "an annotation's /StructParent is not a Link element holding its OBJR")


@renders
def test_hyphenation_hyphen_is_a_tounicode_entry(tagged):
    internal = engine.HYPHENATION_HYPHENS
    with opened(tagged) as pdf:
        entries = [
            entry
            for font in pdf.pages[0].Resources.Font.values()
            for entry in engine.HYPHENATION_HYPHEN.findall(font.ToUnicode.read_bytes())
        ]
    assert len(entries) == 1, revisit(internal, f"ToUnicode entries giving U+2010: {entries}")


@renders
def test_device_cmyk_is_written_through_a_colour_space_switch():
    internal = engine.DEVICE_CMYK_OPERATORS
    drawing = (
        f'<svg xmlns="{SVG}" viewBox="0 0 10 10" width="40" height="40">'
        "<style>.r { fill: device-cmyk(0 1 0 0); stroke: device-cmyk(0.5 0 0 0) }</style>"
        '<rect class="r" width="10" height="10"/></svg>'
    )
    with opened(render(f'<p style="color: device-cmyk(0.1 0.2 0.3 0.4)">x</p>{drawing}')) as pdf:
        content = page_content(pdf)
    expected = [
        rb"/DeviceCMYK cs\s+0\.1 0\.2 0\.3 0\.4 scn",
        rb"/DeviceCMYK cs\s+0 1 0 0 scn",
        rb"/DeviceCMYK CS\s+0\.5 0 0 0 SCN",
    ]
    missing = [pattern.decode() for pattern in expected if not re.search(pattern, content)]
    assert not missing, revisit(internal, f"not written: {missing}")


@renders
def test_subset_names_do_not_follow_the_glyphs():
    from publication.finish.fonts import name_subsets_by_program

    internal = engine.SUBSET_NAMES
    written, renamed = [], []
    for text in ("abc", "xyz"):
        with opened(render(text)) as pdf:
            font = next(iter(pdf.pages[0].Resources.Font.values()))
            cid_font = font.DescendantFonts[0]
            written.append({str(font.BaseFont), str(cid_font.BaseFont), str(cid_font.FontDescriptor.FontName)})
            name_subsets_by_program(pdf)
            renamed.append(str(font.BaseFont))
    names = written[0] | written[1]
    assert len(names) == 1 and re.fullmatch(r"/[A-Z]{6}\+Inter", names.pop()), revisit(
        internal, f"the subsets of two different glyph sets are named {written}"
    )
    assert renamed[0] != renamed[1], revisit(internal, f"finishing did not recognise the subsets: {renamed}")


@renders
def test_colour_profile_reaches_the_output_intent_through_a_shared_dict():
    import weasyprint

    internal = engine.COLOUR_PROFILES
    font_config, profiles = fonts(), {}
    sheet = weasyprint.CSS(string=FACE + CMYK_PROFILE, font_config=font_config, color_profiles=profiles)
    assert "device-cmyk" in profiles, revisit(internal, f"CSS() left the dict it was given as {profiles}")
    html = weasyprint.HTML(string="<p>x</p>")
    pdf = html.render(stylesheets=[sheet], font_config=font_config, color_profiles=profiles).write_pdf(
        pdf_variant="pdf/x-4"
    )
    with opened(pdf) as opened_pdf:
        intents = [intent.get("/S") for intent in opened_pdf.Root.get("/OutputIntents", [])]
    assert intents == ["/GTS_PDFX"], revisit(internal, f"render() wrote the output intents {intents}")


@renders
def test_colour_profile_without_components_still_fails():
    internal = engine.PROFILE_COMPONENTS
    without = CMYK_PROFILE.replace(" components: cyan, magenta, yellow, black;", "")
    try:
        render("x", without, pdf_variant="pdf/x-4")
    except TypeError:
        return
    pytest.fail(revisit(internal, "a @color-profile without components rendered"))


@renders
def test_font_configuration_reads_fontconfig_file_when_made():
    from publication.typeset import project_font_configuration

    internal = engine.FONTCONFIG_FILE

    def font_names(font_config) -> set[str]:
        with opened(render("snow \u2603", font_config=font_config)) as pdf:
            return {str(font.BaseFont).partition("+")[2] for font in pdf.pages[0].Resources.Font.values()}

    if font_names(fonts()) == {"Inter"}:
        pytest.skip("no font of this machine draws U+2603: nothing to keep out")
    found = font_names(project_font_configuration())
    assert found == {"Inter"}, revisit(internal, f"with the project's configuration, the fonts used are {found}")


@renders
def test_a_character_no_font_has_is_drawn_as_notdef_without_error():
    from publication.typeset import project_font_configuration

    internal = engine.MISSING_GLYPHS
    with opened(render("snow \u2603", font_config=project_font_configuration())) as pdf:
        encodings = [font.get("/Encoding") for font in pdf.pages[0].Resources.Font.values()]
        names = [str(e.get("/CMapName")) if isinstance(e, pikepdf.Stream) else str(e) for e in encodings]
        cmap = encodings[0].read_bytes() if isinstance(encodings[0], pikepdf.Stream) else b""
    # The font's codes go through a CMap of WeasyPrint's that sends the missing character to CID 0, .notdef.
    assert names == ["/WP-Encod-0"] and re.search(rb"<[0-9a-f]{4}> 0\s", cmap), revisit(
        internal, f"the font's encoding is {names}, not a CMap WP-Encod-0 mapping a code to CID 0"
    )


@renders
def test_rgb_images_stay_rgb_in_pdfx4():
    internal = engine.RGB_IMAGES
    with opened(render(f'<img alt="x" src="{PIXEL}">', CMYK_PROFILE, pdf_variant="pdf/x-4")) as pdf:
        spaces = [str(image.ColorSpace) for image in pdf.pages[0].Resources.XObject.values()]
    assert spaces == ["/DeviceRGB"], revisit(internal, f"an RGB PNG is embedded in {spaces}")


@renders
def test_device_cmyk_gradients_still_fail():
    internal = engine.CMYK_GRADIENTS
    ruled = '<div style="height: 10px; background: linear-gradient(device-cmyk(1 0 0 0), device-cmyk(0 1 0 0))">'
    try:
        render(ruled + "</div>")
    except NotImplementedError:
        return
    pytest.fail(revisit(internal, "a gradient of device-cmyk colours rendered"))


@renders
def test_a_running_element_in_a_flex_item_still_fails():
    internal = engine.RUNNING_IN_FLEX
    body = '<div style="display: flex"><div><div style="position: running(mark)">DRAFT</div>text</div></div>'
    try:
        render(body, "@page { @bottom-center { content: element(mark) } }")
    except TypeError as exc:
        assert "min-content width" in str(exc), revisit(internal, f"it fails otherwise: {exc}")
        return
    pytest.fail(revisit(internal, "a running element inside a flex item rendered"))


@renders
def test_page_css_does_not_reach_an_inline_svg():
    internal = engine.SVG_OWN_DOCUMENT
    drawing = (
        f'<svg xmlns="{SVG}" viewBox="0 0 10 10" width="40"><rect class="page-rule" width="10" height="10"/></svg>'
    )
    with opened(render(drawing, ".page-rule { fill: device-cmyk(0 1 0 0) }")) as pdf:
        content = page_content(pdf)
    assert b"0 0 0 rg" in content and b"DeviceCMYK" not in content, revisit(
        internal, "the page's rule for an SVG class reached the shape, or an unfilled shape is no longer RGB black"
    )


@renders
def test_an_svg_size_attribute_wins_over_the_stylesheets():
    """Sized 20 mm wide by the (user-origin) stylesheet: drawn 40 mm wide with the attribute, 20 mm without."""
    import pypdfium2 as pdfium

    internal = engine.SVG_SIZE_ATTRIBUTES
    widths = []
    for size in (' width="40mm"', ""):
        drawing = f'<svg xmlns="{SVG}" viewBox="0 0 10 10"{size}><rect width="10" height="10"/></svg>'
        pdf = pdfium.PdfDocument(render(drawing, "svg { display: block; width: 20mm; height: auto }"))
        try:
            left, _, right, _ = next(o for o in pdf[0].get_objects(max_depth=4) if o.type == 2).get_bounds()
        finally:
            pdf.close()
        widths.append(round((right - left) / 72 * 25.4))
    assert widths == [40, 20], revisit(internal, f"drawn {widths} mm wide (with the attribute, without)")


@renders
def test_svg_alternative_text_comes_from_its_title():
    internal = engine.SVG_TITLES
    shape = '<rect width="10" height="10"/>'
    titled = f'<svg xmlns="{SVG}" viewBox="0 0 10 10" width="40" role="img" aria-label="aria"><title>title</title>{shape}</svg>'
    aria_only = f'<svg xmlns="{SVG}" viewBox="0 0 10 10" width="40" role="img" aria-label="aria">{shape}</svg>'
    with opened(render(titled + aria_only, pdf_variant="pdf/ua-1", pdf_tags=True)) as pdf:
        alts = [str(e.get("/Alt", "")) for e in structure_elements(pdf) if e.get("/S") == "/Figure"]
    assert alts == ["title", ""], revisit(internal, f"the two figures' /Alt: {alts}")


@renders
def test_svg_text_is_set_letter_by_letter_without_kerning():
    from fontTools.ttLib import TTFont

    internal = engine.SVG_LETTERS
    drawing = f'<svg xmlns="{SVG}" viewBox="0 0 200 50" width="200"><text x="0" y="40" font-size="40" font-family="Inter">AVA</text></svg>'
    with opened(render(drawing)) as pdf:
        starts, shown = [], 0
        for operands, operator in pikepdf.parse_content_stream(pdf.pages[0]):
            if str(operator) == "Tm":
                starts.append(float(operands[4]))
            shown += str(operator) == "TJ"
    font = TTFont(str(INTER), lazy=True)
    advance = {char: font["hmtx"][font.getBestCmap()[ord(char)]][0] * 40 / font["head"].unitsPerEm for char in "AV"}
    expected = [0, advance["A"], advance["A"] + advance["V"]]
    assert shown == 3 and starts == pytest.approx(expected, abs=0.01), revisit(
        internal, f"{shown} text operators starting at {starts}, not 3 at the advances {expected}"
    )


@renders
def test_an_unreadable_svg_image_is_drawn_blank_without_error():
    internal = engine.UNREADABLE_SVG
    broken = "data:image/svg+xml,%3Csvg%20xmlns%3D%22http%3A//www.w3.org/2000/svg%22%3E%3Crect"
    with opened(render(f'<img alt="x" src="{broken}">')) as pdf:
        painted = {str(operator) for _, operator in pikepdf.parse_content_stream(pdf.pages[0])} & {"f", "S", "Do"}
    assert not painted, revisit(internal, f"a malformed SVG image painted with {painted}")


@renders
def test_an_svg_image_swallows_even_a_base_exception(monkeypatch):
    from weasyprint.svg import SVG as DRAWING

    internal = engine.SWALLOWED_ALARMS

    class Alarm(BaseException):
        """Stands for the time limit's alarm."""

    def ring(*args, **kwargs):
        raise Alarm()

    monkeypatch.setattr(DRAWING, "draw", ring)
    image = f"data:image/svg+xml,%3Csvg%20xmlns%3D%22{SVG}%22%20width%3D%2210%22%20height%3D%2210%22/%3E"
    try:
        render(f'<img alt="x" src="{image}">')
    except Alarm:
        pytest.fail(revisit(internal, "a BaseException raised while drawing an SVG image reached the caller"))


def test_font_files_live_in_a_folder_only_the_finaliser_removes(tmp_path, monkeypatch):
    import gc
    import tempfile

    import weasyprint

    internal = engine.FONT_FOLDERS
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    font_config = fonts()
    weasyprint.CSS(string=FACE, font_config=font_config)
    folders = [path for path in tmp_path.iterdir() if path.name.startswith("weasyprint-")]
    files = [file.stat().st_size for folder in folders for file in folder.iterdir()]
    assert files == [INTER.stat().st_size], revisit(internal, f"@font-face left the files {files} in {folders}")
    del font_config
    gc.collect()
    assert not any(folder.exists() for folder in folders), revisit(internal, "the folder outlived the configuration")


# A grid as the poster's body: one item over two rows, two over both columns, auto rows, an fr column.
SPANNING_GRID = (
    '<main style="display: grid; grid-template-columns: 40% minmax(0, 1fr); gap: 6px; '
    "grid-template-areas: 'map lead' 'map figures' 'members members' 'events events'\">"
    '<div style="grid-area: map; height: 120px">map</div>'
    '<div style="grid-area: lead">The lead partner, a name long enough to wrap over two lines or three</div>'
    '<div style="grid-area: figures; align-self: end">12 partners in 9 countries</div>'
    '<ul style="grid-area: members">'
    + "".join(f"<li>Member city number {n}, Country</li>" for n in range(12))
    + "</ul>"
    '<ol style="grid-area: events">'
    + "".join(f"<li>Event {n}: a title of a few words</li>" for n in range(6))
    + "</ol>"
    "</main>"
)


def box_geometry(box, found: list) -> list:
    """Every box of a laid-out tree: its class, position and size, rounded to a hundredth of a pixel."""
    found.append((type(box).__name__, *(round(v, 2) for v in (box.position_x, box.position_y, box.width, box.height))))
    for child in getattr(box, "children", ()):
        box_geometry(child, found)
    return found


@renders
def test_grid_track_sizing_skips_the_items_it_would_not_grow(monkeypatch):
    from weasyprint.layout import grid

    internal = engine.GRID_TRACK_SIZING
    assert engine.speed.skip_unaffected_grid_items(), revisit(internal, "the line to rewrite is not in the function")
    skipping = grid._distribute_extra_space
    measured: list = []
    min_content_width = grid.min_content_width

    def counted(context, box, *args, **kwargs):
        measured.append(box)
        return min_content_width(context, box, *args, **kwargs)

    monkeypatch.setattr(grid, "min_content_width", counted)
    laid_out = box_geometry(engine.page_box(document(SPANNING_GRID).pages[0]), [])
    measured_skipping = len(measured)
    monkeypatch.setattr(grid, "_distribute_extra_space", skipping.original)
    measured.clear()
    assert box_geometry(engine.page_box(document(SPANNING_GRID).pages[0]), []) == laid_out, revisit(
        internal, "the rewritten function lays the grid out otherwise than WeasyPrint's"
    )
    assert measured_skipping < len(measured), revisit(internal, f"{measured_skipping} measures, as many as without")


# A page as the programmes' (a4.css .page-filled): a flex column whose items are rows of flex items.
FLEX_PAGE = (
    '<main style="display: flex; flex-direction: column; min-height: 200px">'
    + "".join(
        f'<section style="display: flex; gap: 4px"><b style="flex: none">09:{n}0</b>'
        f"<p>Session {n}: a title of a few words, long enough to wrap in its column</p>"
        f'<i style="flex: none">Room {n}</i></section>'
        for n in range(8)
    )
    + "</main>"
)


def pango_layouts_made(monkeypatch) -> list:
    """The Pango layouts WeasyPrint makes to measure or break text, from now on (a list that grows)."""
    from weasyprint.text import line_break

    made: list = []
    create_layout = line_break.create_layout
    monkeypatch.setattr(line_break, "create_layout", lambda *args: made.append(args[0]) or create_layout(*args))
    return made


@renders
def test_text_widths_are_measured_once_per_layout(monkeypatch):
    from weasyprint.layout import preferred

    internal = engine.TEXT_WIDTHS
    assert engine.speed.remember_text_widths(), revisit(
        internal, "preferred.split_first_line is not line_break's, or takes other parameters"
    )
    remembered = preferred.split_first_line
    made = pango_layouts_made(monkeypatch)
    laid_out = box_geometry(engine.page_box(document(FLEX_PAGE).pages[0]), [])
    made_remembering = len(made)
    monkeypatch.setattr(preferred, "split_first_line", remembered.original)
    made.clear()
    assert box_geometry(engine.page_box(document(FLEX_PAGE).pages[0]), []) == laid_out, revisit(
        internal, "the flex page is laid out otherwise when the measures are remembered"
    )
    assert made_remembering < len(made), revisit(internal, f"{made_remembering} Pango layouts made, as many as without")


# The same inline SVG on three pages, as a badge's QR code: a rectangle, and paths of many operators.
SAME_SVG = (
    f'<svg xmlns="{SVG}" viewBox="0 0 12 12" style="display: block; width: 24mm; height: 24mm">'
    '<rect x="1" y="1" width="2" height="2"/>'
    + "".join(f'<path d="M{x} {y}h1v1h-1z"/>' for x in range(4, 11, 2) for y in range(4, 11, 2))
    + "</svg>"
)
SAME_SVG_PAGES = "".join(f'{SAME_SVG}<p style="break-after: page">Badge {n}</p>' for n in range(3))
SAME_SVG_RECTANGLE = b"1 1 2 2 re"  # the rectangle, as WeasyPrint draws it


def rendered_with_and_without_sharing(monkeypatch) -> tuple[bytes, bytes, int]:
    """SAME_SVG_PAGES rendered with the sharing wrappers, then with WeasyPrint's own handler and drawing; and
    how many SVG images the first rendering made."""
    from weasyprint import html
    from weasyprint.images import SVGImage

    made = []
    real_init = SVGImage.__init__
    monkeypatch.setattr(SVGImage, "__init__", lambda image, *args: made.append(image) or real_init(image, *args))
    shared = render(SAME_SVG_PAGES)
    images_made = len(made)
    handlers, key = html.HTML_HANDLERS, engine.speed.SVG_ELEMENT
    monkeypatch.setitem(handlers, key, handlers[key].original)
    monkeypatch.setattr(SVGImage, "draw", SVGImage.draw.original)
    return shared, render(SAME_SVG_PAGES), images_made


def content_streams(pdf: bytes) -> list[bytes]:
    """Each page's content, then each form XObject's."""
    with opened(pdf) as read:
        forms = [o for o in read.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Form"]
        return [page_content(read, index) for index in range(len(read.pages))] + [f.read_bytes() for f in forms]


def page_pixels(pdf: bytes) -> list[bytes]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return [page.render(scale=2).to_pil().tobytes() for page in document]
    finally:
        document.close()


@renders
def test_a_repeated_svg_is_parsed_and_drawn_once(monkeypatch):
    """Three pages with the same inline SVG: one image parsed; its drawing (the rectangle) on the first page and
    in one form that the two others paint, where WeasyPrint alone draws it on every page; the same pixels."""
    internal = engine.REPEATED_SVGS
    assert engine.speed.draw_repeated_svgs_once(), revisit(
        internal, "html.HTML_HANDLERS has no handle_svg, or it or SVGImage.draw takes other parameters"
    )
    shared, alone, images_made = rendered_with_and_without_sharing(monkeypatch)
    assert images_made == 1, revisit(internal, f"{images_made} SVG images made for three identical <svg>")
    drawings = [content.count(SAME_SVG_RECTANGLE) for content in content_streams(shared)]
    assert drawings == [1, 0, 0, 1] and all(b" Do" in page for page in content_streams(shared)[1:3]), revisit(
        internal, f"the rectangle drawn in the pages and forms {drawings}, not on page 1 and in one form"
    )
    assert [c.count(SAME_SVG_RECTANGLE) for c in content_streams(alone)] == [1, 1, 1], "drawn on each page"
    assert page_pixels(shared) == page_pixels(alone), revisit(internal, "the pages look otherwise when shared")


@renders
def test_a_new_running_element_on_each_page_has_each_page_laid_out_twice(monkeypatch):
    """Three pages, each bringing its own running element (as a draft mark per badge would): WeasyPrint 70 lays
    out five pages, three without. Failing is good news: the badges and room signs may take the running mark."""
    from weasyprint.layout import page as pages

    internal = engine.RUNNING_ELEMENT_REMAKE
    made = []
    make_page = pages.make_page
    monkeypatch.setattr(pages, "make_page", lambda *args, **kwargs: made.append(1) or make_page(*args, **kwargs))
    laid_out = []
    for running in ('<div class="mark">Draft</div>', ""):
        made.clear()
        document(
            "".join(f'<section style="break-after: page">{running}<p>Sheet {n}</p></section>' for n in range(3)),
            ".mark { position: running(mark) }",
        )
        laid_out.append(len(made))
    assert laid_out[1] == 3, f"{laid_out[1]} pages laid out for three sheets without a running element"
    assert laid_out[0] > 3, revisit(internal, f"{laid_out[0]} pages laid out with a running element on each")


# Rows of flex items nested as the programmes' closing row holds the credits' marks.
FLEX_ROWS = (
    '<div class="row"><p style="flex: 0 0 120px">Scan the code for the programme online</p><div class="row">'
    + "".join(f'<div class="row"><b>Mark {n}</b><i>funded by a programme</i></div>' for n in range(2))
    + "</div></div>"
)


@renders
def test_a_flex_item_s_automatic_minimum_is_laid_out_again(monkeypatch):
    """WeasyPrint 70 lays a flex item out again (at its min- and max-content widths) for its automatic
    minimum size, so base.css gives the items of the documents' rows none. Failing is good news: without
    it WeasyPrint measures no more, and the rule may go."""
    internal = engine.FLEX_AUTOMATIC_MINIMUM
    made = pango_layouts_made(monkeypatch)
    row = ".row { display: flex; gap: 4px }"
    automatic = box_geometry(engine.page_box(document(FLEX_ROWS, row).pages[0]), [])
    made_automatic = len(made)
    made.clear()
    none = box_geometry(
        engine.page_box(document(FLEX_ROWS, row + ".row > * { min-width: 0; min-height: 0 }").pages[0]), []
    )
    assert none == automatic, revisit(internal, "the rows are laid out otherwise without an automatic minimum")
    assert len(made) * 2 < made_automatic, revisit(
        internal, f"{made_automatic} Pango layouts made, {len(made)} without"
    )


def flex_rows(stylesheet: str) -> set[str]:
    """The last class of each selector of a rule that makes a flex row (`display: flex`, not a column)."""
    import tinycss2

    rows = set()
    for rule in tinycss2.parse_stylesheet(stylesheet, skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule":
            continue
        declared = {
            declaration.lower_name: tinycss2.serialize(declaration.value).strip()
            for declaration in tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True)
            if declaration.type == "declaration"
        }
        if declared.get("display") == "flex" and declared.get("flex-direction", "row") == "row":
            rows |= {
                re.findall(r"\.([\w-]+)", selector)[-1] for selector in tinycss2.serialize(rule.prelude).split(",")
            }
    return rows


def document_stylesheets() -> list[Path]:
    """Every stylesheet WeasyPrint reads for a PDF of some kind and variant (plan.Publication.stylesheets'
    names, and what they @import), not the web pages' nor the download page's."""
    from publication.assets import stylesheet_files
    from publication.kinds import KIND_TABLE
    from publication.plan import PRINT_STYLESHEET, SETTINGS_OF_VARIANT, SHARED_STYLESHEETS
    from publication.theme import theme_of

    names = {*SHARED_STYLESHEETS, PRINT_STYLESHEET, *(kind.stylesheet for kind in KIND_TABLE if kind.typeset)}
    names |= {settings.stylesheet for settings in SETTINGS_OF_VARIANT.values() if settings.stylesheet}
    return [path for path in stylesheet_files(theme_of(ROOT), sorted(names)) if path.suffix == ".css"]


def test_the_flex_minimum_internal_covers_every_flex_row_of_the_documents():
    """base.css lists the flex rows whose items take no automatic minimum (engine.FLEX_AUTOMATIC_MINIMUM):
    a row added to a document's stylesheet and not to the list would be laid out again, silently slower."""
    base = (ROOT / "styles" / "base.css").read_text(encoding="utf-8")
    listed = set(re.findall(r"\.([\w-]+)", re.search(r":where\(([^)]*)\) > \* \{ min-height: 0; \}", base).group(1)))
    rows = set().union(*(flex_rows(path.read_text(encoding="utf-8")) for path in document_stylesheets()))
    assert rows and rows <= listed, f"flex rows missing from base.css's list: {sorted(rows - listed)}"


# --- Click's words ---------------------------------------------------------------------------------


def test_click_says_its_words_through_module_level_gettext_names(monkeypatch):
    """Click's modules call gettext by their module-level `_` and `ngettext` when they speak: pointed
    elsewhere (engine.speak_click), a usage error, its usage lines and --help's headings follow."""
    import click
    from click.testing import CliRunner

    internal = engine.CLICK_WORDS
    package = Path(click.__file__).parent
    speaking = {
        file.stem
        for file in package.glob("*.py")
        if re.search(r"^from gettext import gettext as _$", file.read_text(encoding="utf-8"), re.M)
    }
    assert set(engine.CLICK_MODULES) <= speaking, revisit(internal, f"gettext imported by {sorted(speaking)}")
    others = (
        speaking - set(engine.CLICK_MODULES) - {"termui", "utils", "shell_completion", "_termui_impl", "_winconsole"}
    )
    assert others == set(), revisit(internal, f"new modules that speak: {sorted(others)} (are they met?)")
    for name in engine.CLICK_MODULES:  # restored after the test, whoever pointed them last
        module = importlib.import_module(f"click.{name}")
        for said_by in ("_", "ngettext"):  # one Click does not have is removed again
            monkeypatch.setattr(module, said_by, getattr(module, said_by, None), raising=False)
    engine.speak_click(lambda text: f"<{text}>", lambda one, many, count: f"<{one if count == 1 else many}>")

    @click.command()
    @click.option("--jobs", type=click.IntRange(min=1))
    def tool(jobs):
        pass

    said = CliRunner().invoke(tool, ["--jbos", "2"], prog_name="tool").output
    assert said == (
        "<Usage:> tool [OPTIONS]\n<Try 'tool --help' for help.>\n\n"
        "<Error: <No such option '--jbos'.> <Did you mean '--jobs'?>>\n"
    ), revisit(internal, said)
    said = CliRunner().invoke(tool, ["--jobs", "0"], prog_name="tool").output
    assert said.endswith("<Error: <Invalid value for '--jobs': <0 is not in the range x>=1.>>>\n"), revisit(
        internal, said
    )
    said = CliRunner().invoke(tool, ["--help"], prog_name="tool").output
    assert "<Options>:" in said and "<Show this message and exit.>" in said, revisit(internal, said)


# --- the registry itself --------------------------------------------------------------------------


def test_every_internal_has_its_canary_and_every_canary_its_internal():
    tests = {name for name, value in globals().items() if name.startswith("test_") and callable(value)}
    canaries = [internal.canary for internal in INTERNALS]
    assert sorted(set(canaries) - tests) == [] and len(set(canaries)) == len(canaries)
    registry = {name for name in tests if "internal" in name or "engine" in name}
    assert sorted(tests - set(canaries) - registry) == []


def resolves(place: str) -> bool:
    """A file of the project, or a module of the package and a name in it."""
    if "/" in place:
        return (ROOT / place).is_file()
    module, _, name = place.rpartition(".")
    for candidate, attribute in ((place, None), (module, name)):
        try:
            imported = importlib.import_module(candidate)
        except ModuleNotFoundError:
            continue
        return attribute is None or hasattr(imported, attribute)
    return False


def test_every_place_an_internal_names_exists():
    assert sorted(place for internal in INTERNALS for place in internal.where if not resolves(place)) == []
    assert sorted({internal.kind for internal in INTERNALS} - {"private", "output", "behaviour", "limitation"}) == []


# WeasyPrint's documented API: the package's top level, FontConfiguration, URLFetcher.
PUBLIC = {"weasyprint", "weasyprint.text.fonts", "weasyprint.urls"}


def test_only_the_engine_touches_weasyprint_internals():
    """No module but those of publication/engine/ imports pydyf or a module of WeasyPrint's beyond its API,
    or reads a private attribute the engine names."""
    private_names = {"_build_box_tree", "_page_box", "_box"}
    found = []
    for file in sorted((ROOT / "publication").rglob("*.py")):
        if file.parent == ROOT / "publication" / "engine":
            continue
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            names += [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else []
            found += [f"{file.name} imports {name}" for name in names if _internal_module(name)]
            if isinstance(node, ast.Attribute) and node.attr in private_names:
                found.append(f"{file.name} reads .{node.attr}")
    assert found == []


def _internal_module(name: str) -> bool:
    return name.split(".")[0] == "pydyf" or (name.split(".")[0] == "weasyprint" and name not in PUBLIC)
