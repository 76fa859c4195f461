"""What a laid-out document's pages hold, measured on WeasyPrint's boxes before they are drawn:
how far content reaches below a page's text area, whether the closing block was printed, and the
closing block moved to the foot of its page where the layout asks for it."""

from __future__ import annotations

import re

CLOSING = "closing"  # the class of a publication's last block (download address and credits)

FOOT = "closing--foot"  # a closing block that stands at the foot of its page's text area


def _box_of_class(box, cls: str):
    """The first box (in tree order) of an element of class `cls`; None if there is none."""
    element = getattr(box, "element", None)
    if element is not None and cls in (element.get("class") or "").split():
        return box
    return next(filter(None, (_box_of_class(child, cls) for child in getattr(box, "children", ()))), None)


def pin_to_foot(document) -> None:
    """Move the block of class FOOT on the last page down to the foot of that page's text area (CSS
    has no way to say it: a flex column of the page's height loses its last item in WeasyPrint 70
    when that item misses the page), and gather the page's links again where they now are."""
    from weasyprint.document import Page

    page_box = document.pages[-1]._page_box
    block = _box_of_class(page_box, FOOT)
    if block is None:
        return
    room = page_box.content_box_y() + page_box.height - (block.position_y + block.margin_height())
    if room > 0:
        block.translate(0, room)
        document.pages[-1] = Page(page_box)


_CLOSING_ELEMENT = re.compile(rf'class="(?:[^"]* )?{CLOSING}[ "]')


def closing_printed(html: str, document) -> bool:
    """The closing block, if the document has one, is on its last page with its text (a box laid
    out empty, its lines pushed to a page that never came, is not printed)."""
    if not _CLOSING_ELEMENT.search(html):
        return True
    block = _box_of_class(document.pages[-1]._page_box, CLOSING)
    return block is not None and _holds_text(block)


def _holds_text(box) -> bool:
    from weasyprint.formatting_structure.boxes import TextBox

    return isinstance(box, TextBox) or any(_holds_text(child) for child in getattr(box, "children", ()))


PX_MM = 25.4 / 96  # WeasyPrint lays out in CSS pixels


def overflow_mm(document) -> float:
    """How far the lowest box of any page reaches below that page's content area, in mm (0: none).
    Page margin boxes are left out: they live outside the content area by design."""
    from weasyprint.formatting_structure.boxes import MarginBox

    def lowest(box) -> float:
        if isinstance(box, MarginBox):
            return 0.0
        bottom = box.position_y + box.margin_height() if hasattr(box, "margin_height") else 0.0
        return max([bottom, *(lowest(child) for child in getattr(box, "children", ()))])

    reach = 0.0
    for page in document.pages:
        page_box = page._page_box
        foot = page_box.content_box_y() + page_box.height
        reach = max(reach, max((lowest(child) for child in page_box.children), default=0.0) - foot)
    return max(0.0, reach * PX_MM)
