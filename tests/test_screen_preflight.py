"""`preflight --screen` on the built screen editions (0 errors, contrast included), and on a table
of deliberately faulty PDFs, each of which must give its finding; the structure tree's reachability
checked independently of the preflight's code."""

from __future__ import annotations

import io
import json
import re

import pikepdf
import pytest

from publication.finish import finish_screen
from publication.preflight import preflight_screen_pdf
from publication.preflight.screen import structure_walk
from publication.tagging import install as install_tagging
from tests.conftest import ROOT, run_cli

pytestmark = pytest.mark.build  # every test here makes PDFs, or reads a fixture that does

PAGE = "<style>@page { size: A6; margin: 15mm; } body { font-family: DejaVu Sans; font-size: 11pt; }</style>"


def screen_pdf(body: str, lang: str | None = "en", finished: bool = True) -> bytes:
    """A small tagged PDF/UA-1 file from `body`, as the pipeline makes a screen edition."""
    import weasyprint

    install_tagging()
    attribute = f' lang="{lang}"' if lang else ""
    html = f"<!doctype html><html{attribute}><head><title>Test</title>{PAGE}</head><body>{body}</body></html>"
    pdf = weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    return finish_screen(pdf) if finished else pdf


GOOD_BODY = (
    "<h1>Title</h1><h2>Part</h2><p>Text on paper, <a href='https://example.org/'>a link</a>, "
    "<span lang='el'>Πάτρα</span>.</p>"
    "<table><tr><th scope='col'>Name</th></tr><tr><td>Riga</td></tr></table>"
)


def edited(data: bytes, edit) -> bytes:
    """`data` with `edit(pdf)` applied, saved again."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        edit(pdf)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def checks_of(data: bytes, contrast: bool = True) -> set[str]:
    return {finding.check for finding in preflight_screen_pdf(io.BytesIO(data), contrast=contrast).errors}


def _untagged_line(pdf):
    pdf.pages[0].contents_add(pdf.make_stream(b"q 0 0 0 RG 1 w 20 20 m 100 20 l S Q"), prepend=True)


def _no_link_description(pdf):
    for annotation in pdf.pages[0].Annots:
        if "/Contents" in annotation:
            del annotation["/Contents"]


def _no_tab_order(pdf):
    del pdf.pages[0].obj["/Tabs"]


def _no_to_unicode(pdf):
    for font in pdf.pages[0].Resources.Font.values():
        del font["/ToUnicode"]


def _tagged_inside_an_artifact(pdf):
    pdf.pages[0].contents_add(pdf.make_stream(b"/Artifact BMC /P <</MCID 0>> BDC EMC EMC"), prepend=True)


def _malformed_language(pdf):
    paragraph = next(e for e, _ in structure_walk(pdf.Root.StructTreeRoot) if e.S == "/P")
    paragraph.Lang = pikepdf.String("en_GB!")


def _title_not_shown(pdf):
    pdf.Root.ViewerPreferences.DisplayDocTitle = False


FAULTY = {
    # finding: (body, lang, finished by the pipeline, pikepdf edit)
    "contrast": ("<h1>Title</h1><p style='color: #EE7A3B'>Orange text on white, 2.8:1.</p>", "en", True, None),
    "unreachable-content": (
        "<style>@page { @top-center { content: 'Running head' } }</style>" + GOOD_BODY,
        "en",
        False,
        None,
    ),
    "th-scope": ("<h1>Title</h1><table><tr><th>Name</th></tr><tr><td>Riga</td></tr></table>", "en", True, None),
    "figure-alt": (
        "<h1>Title</h1><img src='data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ"
        "AAAADUlEQVR4nGNgYPj/HwADAgH/3nRu6wAAAABJRU5ErkJggg==' style='width: 20mm'>",
        "en",
        True,
        None,
    ),
    "document-language": (GOOD_BODY, None, True, None),
    "element-language": ("<h1>Title</h1><p>Patras, in Greek Πάτρα, without its lang.</p>", "en", True, None),
    "heading-order": ("<h1>Title</h1><h3>Skipped a level</h3><p>Text.</p>", "en", True, None),
    "untagged-content": (GOOD_BODY, "en", True, _untagged_line),
    "link-alt": (GOOD_BODY, "en", True, _no_link_description),
    "tab-order": (GOOD_BODY, "en", True, _no_tab_order),
    "tounicode": (GOOD_BODY, "en", True, _no_to_unicode),
    "title": (GOOD_BODY, "en", True, _title_not_shown),
    "artifact-nesting": (GOOD_BODY, "en", True, _tagged_inside_an_artifact),
}


def test_a_malformed_element_language_is_named():
    data = edited(screen_pdf(GOOD_BODY), _malformed_language)
    [finding] = [f for f in preflight_screen_pdf(io.BytesIO(data)).errors if f.check == "element-language"]
    assert finding.message.startswith("an element's language 'en_GB!' is not a language tag at "), finding.message


@pytest.fixture(scope="module")
def good() -> bytes:
    return screen_pdf(GOOD_BODY)


def test_a_good_small_file_passes(good):
    report = preflight_screen_pdf(io.BytesIO(good))
    assert not report.errors, [f"{f.check}: {f.message}" for f in report.errors]


@pytest.mark.parametrize("check", sorted(FAULTY))
def test_each_fault_gives_its_finding(check, good):
    body, lang, finished, edit = FAULTY[check]
    data = screen_pdf(body, lang, finished)
    if edit is not None:
        data = edited(data, edit)
    assert check in checks_of(data), preflight_screen_pdf(io.BytesIO(data)).findings
    assert check not in checks_of(good)


def test_findings_say_page_and_position():
    data = screen_pdf("<h1>Title</h1><p style='color: #EE7A3B'>Orange text.</p>")
    finding = next(f for f in preflight_screen_pdf(io.BytesIO(data)).errors if f.check == "contrast")
    assert finding.page == 1
    assert "2.8" in finding.message and "needs 4.5:1" in finding.message and "'Orange text.'" in finding.message
    assert " mm from the bottom left" in finding.message
    figure = next(
        f
        for f in preflight_screen_pdf(io.BytesIO(screen_pdf(FAULTY["figure-alt"][0]))).errors
        if f.check == "figure-alt"
    )
    assert figure.message.startswith("a figure has no alternative text (/Alt) at 17.1 mm, "), (
        figure.message
    )  # 15 mm + the body's 8px
    header = next(
        f for f in preflight_screen_pdf(io.BytesIO(screen_pdf(FAULTY["th-scope"][0]))).errors if f.check == "th-scope"
    )  # where the cell's text starts (its baseline)
    assert header.message == "a table header cell (TH) has no /Scope at 17.9 mm, 109.2 mm from the bottom left"
    untagged = edited(screen_pdf(GOOD_BODY), _untagged_line)
    finding = next(f for f in preflight_screen_pdf(io.BytesIO(untagged)).errors if f.check == "untagged-content")
    assert "S at 35.3 mm, 7.1 mm from the bottom left" in finding.message, finding.message


def test_the_running_head_becomes_an_artifact():
    """What WeasyPrint leaves unreachable (the page margins), finishing turns into artifacts."""
    raw = screen_pdf(FAULTY["unreachable-content"][0], finished=False)
    assert "unreachable-content" in checks_of(raw, contrast=False)
    finished = finish_screen(raw)
    assert not checks_of(finished, contrast=False)
    with pikepdf.open(io.BytesIO(finished)) as pdf:
        assert b"/Artifact BMC" in pdf.pages[0].Contents.read_bytes()


def test_cli_preflight_screen_exit_codes_and_json(tmp_path, good):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(screen_pdf(FAULTY["heading-order"][0]))
    fine = tmp_path / "good.pdf"
    fine.write_bytes(good)
    result = run_cli("preflight", "--screen", str(fine))
    assert result.exit_code == 0, result.output
    assert "screen (PDF/UA-1, WCAG 2.2 AA contrast)" in result.output
    result = run_cli("preflight", "--screen", "--json", str(bad))
    assert result.exit_code == 1
    [report] = json.loads(result.output)
    assert [f["check"] for f in report["findings"]] == ["heading-order"]
    assert report["findings"][0]["message"] == (
        "heading H3 follows H1: a level is skipped at 17.1 mm, 109.4 mm from the bottom left"
    )


# --- the built screen editions ---------------------------------------------------------------


@pytest.fixture(scope="module")
def screen_files(built, manifest) -> list:
    files = [built / entry["path"] for entry in manifest if entry["variant"] == "screen"]
    assert files
    return files


def test_every_built_screen_pdf_passes_preflight_screen(screen_files):
    failures = []
    for path in screen_files:
        report = preflight_screen_pdf(path)  # contrast included
        failures += [f"{path.name} p.{f.page}: [{f.check}] {f.message}" for f in report.errors]
    assert not failures, failures


def mcids_in_content(page: pikepdf.Page) -> list[int]:
    return [
        int(operands[1].MCID)
        for operands, op in pikepdf.parse_content_stream(page)
        if str(op) == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]
    ]


def elements_reached(root) -> dict:
    """objgen → element for every structure element reached from the root through /K."""
    found, stack = {}, [root]
    while stack:
        node = stack.pop()
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid and kid.objgen not in found:
                found[kid.objgen] = kid
                stack.append(kid)
    return found


def test_every_mcid_is_reachable_from_the_structure_root(screen_files):
    """Each MCID drawn: the ParentTree names its element, whose /K holds it, and /K leads there from the root."""
    for path in screen_files:
        with pikepdf.open(path) as pdf:
            root = pdf.Root.StructTreeRoot
            reached = elements_reached(root)
            nums = root.ParentTree.Nums
            parent_tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
            for number, page in enumerate(pdf.pages, start=1):
                parents = parent_tree[int(page.StructParents)]
                for mcid in mcids_in_content(page):
                    element = parents[mcid]
                    assert isinstance(element, pikepdf.Dictionary), (
                        f"{path.name} p.{number}: MCID {mcid} has no element"
                    )
                    assert element.objgen in reached, f"{path.name} p.{number}: MCID {mcid} unreachable"
                    kids = element.K if isinstance(element.K, pikepdf.Array) else [element.K]
                    assert mcid in [int(k) for k in kids if not isinstance(k, pikepdf.Dictionary)], (path.name, mcid)


def test_page_furniture_is_artifact(built):
    """The running foot and the page number are artifacts, not text to read (the first page's draft
    mark stands in its masthead, where it is read)."""
    with pikepdf.open(built / "fr/programme-2017-05-thessaloniki-screen.pdf") as pdf:
        content = pdf.pages[0].Contents.read_bytes()
        assert content.count(b"/Artifact BMC") >= 2
        assert len(set(mcids_in_content(pdf.pages[0]))) == len(elements_with_mcids(pdf))


def elements_with_mcids(pdf) -> list:
    return [
        mcid
        for element in elements_reached(pdf.Root.StructTreeRoot).values()
        for mcid in (element.K if isinstance(element.K, pikepdf.Array) else [element.K])
        if not isinstance(mcid, pikepdf.Dictionary)
    ]


def attributes(element) -> dict:
    return dict(element.A.items()) if "/A" in element else {}


def test_table_headers_are_scoped_and_names_speak_their_language(built):
    with pikepdf.open(built / "fr/brochure-screen.pdf") as pdf:
        elements = list(elements_reached(pdf.Root.StructTreeRoot).values())
        scopes = [str(attributes(e).get("/Scope")) for e in elements if e.S == "/TH"]
        languages = sorted({str(e.Lang) for e in elements if "/Lang" in e})
        figures = [str(e.Alt) for e in elements if e.S == "/Figure"]
    assert scopes == ["/Row"] * 9, scopes
    assert {"el", "lv"} <= set(languages), languages
    # The cover's map is decoration (aria-hidden): only the members' map is a figure that says so.
    assert sum("Amadora" in alt for alt in figures) == 1, figures
    with pikepdf.open(built / "en/programme-2018-01-val-de-marne-screen.pdf") as pdf:
        elements = elements_reached(pdf.Root.StructTreeRoot).values()
        assert {str(attributes(e).get("/Scope")) for e in elements if e.S == "/TH"} == {"/Column"}


def test_figure_boxes_are_in_user_space_and_files_have_an_id(screen_files):
    for path in screen_files:
        with pikepdf.open(path) as pdf:
            assert len(pdf.trailer.ID) == 2 and len(bytes(pdf.trailer.ID[0])) == 16, path.name
            for element in elements_reached(pdf.Root.StructTreeRoot).values():
                if element.S != "/Figure":
                    continue
                x1, y1, x2, y2 = (float(v) for v in element.A.BBox)
                width, height = float(element.Pg.MediaBox[2]), float(element.Pg.MediaBox[3])
                assert 0 <= x1 < x2 <= width + 0.5 and 0 <= y1 < y2 <= height + 0.5, (path.name, x1, y1, x2, y2)


MAP_NAMES = {
    "fr": [
        "Amadora",
        "Val-de-Marne",  # plain: the map's labels too (render.plain_hyphens_in_compounds)
        "Dresde",
        "Oldenburg",
        "Messine",
        "Patras",
        "Thessalonique",
        "Riga",
        "Vantaa",
        "Roquetas de Mar",
    ],
    "en": [
        "Amadora",
        "Val-de-Marne",  # plain: the map's labels too (render.plain_hyphens_in_compounds)
        "Dresden",
        "Oldenburg",
        "Messina",
        "Patras",
        "Thessaloniki",
        "Riga",
        "Vantaa",
        "Roquetas de Mar",
    ],
}


@pytest.mark.parametrize("lang", sorted(MAP_NAMES))
def test_map_names_extract_whole_and_once(built, lang):
    """PDFium (Chrome's engine) reads each city on the brochure's map once and whole: the halos are
    outlines, not a second text (the map's page holds its key, which names the lead partner)."""
    import re

    import pypdfium2

    document = pypdfium2.PdfDocument(str(built / lang / "brochure-screen.pdf"))
    try:  # the map's page: the one whose key names the lead partner (the plan chooses where it goes)
        pages = [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()
    text = next(page for page in pages if re.search(r"(Chef de file|Lead partner)\W+Amadora", page))
    for name in MAP_NAMES[lang]:
        expected = 2 if name == "Amadora" else 1  # the caption names the lead partner
        found = len(re.findall(rf"(?<![\w\u2011]){re.escape(name)}(?![\w\u2011])", text))
        assert found == expected, (name, found, text)


def test_an_address_broken_over_lines_is_one_link(built):
    """The poster's address wraps over two lines, in pieces (links.printed_address): one link
    annotation (a quad per line), one Link element."""
    with pikepdf.open(built / "en/poster-screen.pdf") as pdf:
        links = [a for a in pdf.pages[0].get("/Annots", []) if a.get("/Subtype") == "/Link"]
        link_elements = [e for e in elements_reached(pdf.Root.StructTreeRoot).values() if e.S == "/Link"]
        assert len(links) == 1 and len(link_elements) == 1, links
        assert str(links[0].A.URI).endswith("/arrival-cities/en/")
        assert len(links[0].QuadPoints) == 2 * 8


def test_spaced_capitals_and_acronyms_extract_as_words(built):
    """The draft mark reads PROVISOIRE, not "P R O V I S O I R E"; URBACT is never hyphenated."""
    import pypdfium2

    for lang in ("fr", "en"):
        document = pypdfium2.PdfDocument(str(built / lang / "brochure-screen.pdf"))
        try:
            text = "\n".join(page.get_textpage().get_text_range() for page in document)
        finally:
            document.close()
        assert "PROVISOIRE / DRAFT" in text and "P R O" not in text
        assert "URBACT" in text and "UR\u2010" not in text and "U R B" not in text


def test_hyphenated_words_extract_whole_from_every_screen_pdf(screen_files):
    """A hyphen of line breaking reads as a soft hyphen: PDFium joins 'adminis' and 'trations' again."""
    import pypdfium2

    sources = " ".join(
        path.read_text(encoding="utf-8")
        for folder in ("sources", "layouts/messages")
        for path in (ROOT / folder).rglob("*.yaml")
    )
    joined = []
    for path in screen_files:
        document = pypdfium2.PdfDocument(str(path))
        try:
            text = "".join(page.get_textpage().get_text_range() for page in document)
        finally:
            document.close()
        assert "\u2010" not in text, f"{path.name}: a hyphen of line breaking extracts as U+2010"
        joined += re.findall(r"(\w+)\ufffe(\w+)", text)
    # PDFium also marks a written hyphen at a line end ('arrival-' / 'cities' in an address) this way.
    hyphenated = [head + tail for head, tail in joined if f"{head}-{tail}" not in sources]
    # The brochures and programmes do hyphenate (no longer addresses, names, credits or acronyms).
    assert len(hyphenated) >= 15, joined
    assert [word for word in hyphenated if word not in sources] == []
