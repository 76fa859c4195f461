"""What a laid-out document's pages hold, measured before they are drawn (through publication/engine/,
which alone reads WeasyPrint's boxes): how far content reaches below a page's text area, whether the
closing block was printed, and the closing block moved to the foot of its page where the layout asks."""

from __future__ import annotations

import re

from .engine import move_to_foot, page_holds_text_of, page_reach_below

CLOSING = "closing"  # the class of a publication's last block (download address and credits)
FOOT = "closing--foot"  # a closing block that stands at the foot of its page's text area
_CLOSING_ELEMENT = re.compile(rf'class="(?:[^"]* )?{CLOSING}[ "]')


def overflow_mm(document) -> float:
    """How far the lowest box of any page reaches below that page's text area, in mm (0: none):
    a sheet of fixed height (the poster) overflows instead of breaking to a new page."""
    return max([0.0, *(page_reach_below(page) for page in document.pages)])


def closing_printed(html: str, document) -> bool:
    """The closing block, if the document has one, is on its last page with its text (a box laid
    out empty, its lines pushed to a page that never came, is not printed)."""
    return not _CLOSING_ELEMENT.search(html) or page_holds_text_of(document.pages[-1], CLOSING)


def pin_to_foot(document) -> None:
    """The block of class FOOT (the overview's closing block) moved down to the foot of the last
    page's text area: CSS has no way to say it (a flex column of the page's height loses its last
    item in WeasyPrint 70 when that item misses the page)."""
    move_to_foot(document, FOOT)
