"""Definition lists as PDF/UA-1 lists: `L` > `LI` > `Lbl` (the term) + `LBody` (its description).

WeasyPrint 70 tags a `dl` as `L` and each `dt` and each `dd` as a list item of its own (`LI` > `LBody`,
engine.DEFINITION_ITEMS); the layouts wrap each pair in a `div`, which becomes a `Div` between `L` and
the items. Validators (PDF/UA-1 7.6, Matterhorn 09-005) want an `L`'s kids to be `LI` and an `LI`'s to
be `Lbl` and `LBody`, and a reader should hear "Host city: Thessaloniki, Greece" as one item.
`publication.tagging` marks the elements of each `dt` and `dd` (DEFINITION); here each marked `LI`
gives way to its `LBody` (a term's becomes the `Lbl`), and the `Div` of a pair becomes the `LI`. Only
structure elements move: marked content points at the `LBody`s, which stay, so the ParentTree holds.
"""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Name

from ..tagging import DEFINITION

KEY = Name(f"/{DEFINITION}")


def _kids(element) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _is_definition_item(kid) -> bool:
    """An `LI` WeasyPrint made for one `dt` or `dd`: its one kid is the `LBody` holding the content."""
    if not (isinstance(kid, pikepdf.Dictionary) and kid.get("/S") == Name.LI and KEY in kid):
        return False
    inner = _kids(kid)
    return len(inner) == 1 and isinstance(inner[0], pikepdf.Dictionary) and inner[0].get("/S") == Name.LBody


def _unwrap(holder) -> None:
    """Each definition `LI` in `holder`'s kids replaced by its `LBody`; a term's `LBody` becomes an `Lbl`."""
    kids = []
    for kid in _kids(holder):
        if _is_definition_item(kid):
            body = _kids(kid)[0]
            if body.get(KEY) == Name.Term:
                body.S = Name.Lbl
            body.P = holder
            kid = body
        kids.append(kid)
    holder.K = Array(kids)


def _definition_pair(kid) -> bool:
    """A `Div` (the layouts' wrapper of a term and its description) holding definition items only."""
    if not (isinstance(kid, pikepdf.Dictionary) and kid.get("/S") == Name.Div):
        return False
    inner = _kids(kid)
    return bool(inner) and all(_is_definition_item(item) for item in inner)


def _forget_marks(element) -> None:
    for kid in _kids(element):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            _forget_marks(kid)
    if isinstance(element, pikepdf.Dictionary) and KEY in element:
        del element[KEY]


def definition_lists_as_lists(pdf: pikepdf.Pdf) -> None:
    """Every `L` made from a `dl`: each wrapped pair one `LI` > `Lbl` + `LBody`; the marks removed."""
    stack = _kids(pdf.Root.StructTreeRoot)
    while stack:
        node = stack.pop()
        if not (isinstance(node, pikepdf.Dictionary) and "/S" in node):
            continue
        if node.get("/S") == Name.L:
            for kid in _kids(node):
                if _definition_pair(kid):
                    kid.S = Name.LI
                    _unwrap(kid)
        stack.extend(_kids(node))
    for element in _kids(pdf.Root.StructTreeRoot):
        _forget_marks(element)
