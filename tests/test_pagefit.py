"""What a laid-out document's pages hold (publication/pagefit.py), on small pages made for it."""

from __future__ import annotations

import pytest
import weasyprint

from publication.engine import CSS_PX_MM as PX_MM
from publication.pagefit import closing_printed, overflow_mm, pin_to_foot

pytestmark = pytest.mark.build  # every test lays out a document

PAGE = "@page { size: 100mm 100mm; margin: 10mm; }"  # a text area 80 mm high, from 10 to 90 mm


def laid_out(body: str, css: str = ""):
    html = f"<html><head><style>{PAGE} body, p {{ margin: 0 }} {css}</style></head><body>{body}</body></html>"
    return html, weasyprint.HTML(string=html).render()


def box_of(document, cls: str, page: int = -1):
    """The box of an element of class `cls` (WeasyPrint's private box tree: tests may read it)."""

    def find(box):
        element = getattr(box, "element", None)
        if element is not None and cls in (element.get("class") or "").split():
            return box
        return next(filter(None, (find(child) for child in getattr(box, "children", ()))), None)

    return find(document.pages[page]._page_box)


def test_a_fixed_height_sheet_reports_what_reaches_below_it():
    """A column of the page's height whose items do not shrink: WeasyPrint keeps it on one page,
    its last 20 mm below the text area."""
    column = '<div style="display: flex; flex-direction: column; height: 80mm">{}</div>'
    _, fits = laid_out(column.format('<p style="height: 40mm; flex: none">a</p>' * 2))
    _, over = laid_out(column.format('<p style="height: 50mm; flex: none">a</p>' * 2))
    assert overflow_mm(fits) < 0.01
    assert len(over.pages) == 1 and abs(overflow_mm(over) - 20) < 0.01


@pytest.mark.parametrize("pages", [1, 2])
def test_the_closing_block_is_moved_to_the_foot_of_the_last_page(pages):
    filler = '<p style="height: 50mm">text</p>' * pages
    html, document = laid_out(f'{filler}<div class="closing closing--foot" style="height: 10mm">Credits</div>')
    assert len(document.pages) == pages
    before = box_of(document, "closing").position_y * PX_MM
    pin_to_foot(document)
    block = box_of(document, "closing")
    assert abs(before - 60) < 0.01 and abs((block.position_y + block.margin_height()) * PX_MM - 90) < 0.01
    assert closing_printed(html, document)
    assert document.write_pdf()  # the moved page is drawn


def test_a_closing_block_without_the_foot_class_stays_where_it_is():
    _, document = laid_out('<p>text</p><div class="closing">Credits</div>')
    before = box_of(document, "closing").position_y
    pin_to_foot(document)
    assert box_of(document, "closing").position_y == before


def test_a_closing_block_not_printed_is_told():
    html, document = laid_out('<p>text</p><div class="closing" style="display: none">Credits</div>')
    assert not closing_printed(html, document)
    html, document = laid_out('<p>text</p><div class="closing"></div>')
    assert not closing_printed(html, document)  # laid out, but without its text
    html, document = laid_out("<p>a document without a closing block</p>")
    assert closing_printed(html, document)
