"""Finish a screen PDF's structure with pikepdf: page furniture and decoration as artifacts, Figure
boxes in user space, a trailer /ID.

WeasyPrint 70 tags the content of page margins (running heads, page numbers, the running draft
mark) under structure elements it never links into the tree, and `publication.tagging` marks what
the HTML hides from assistive technology (`aria-hidden`). PDF/UA-1 wants both as artifacts: their
marked content becomes `/Artifact BMC`, their entries in the ParentTree go, their elements with it.
"""

from __future__ import annotations

import io
import re

import pikepdf
from pikepdf import Array, Name

from ..tagging import DECORATIVE

CSS_PX_PT = 0.75  # WeasyPrint writes a Figure's BBox in CSS pixels (1px = 0.75pt), from the top
# WeasyPrint writes each tagged sequence as `/Tag\n<</MCID n>>\nBDC`; whitespace is allowed to vary.
_TAGGED = re.compile(rb"/[A-Za-z0-9]+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")


def kids_of(element) -> list:
    """An element's /K as a list (a single kid, an array, or none)."""
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _drop_decorative(node) -> None:
    """Take every element the HTML hid out of its parent's /K (its content is then unreachable)."""
    if not isinstance(node, pikepdf.Dictionary) or "/K" not in node:
        return
    kids = node.get("/K")
    if not isinstance(kids, Array):
        _drop_decorative(kids)
        return
    kept = [kid for kid in kids if not (isinstance(kid, pikepdf.Dictionary) and f"/{DECORATIVE}" in kid)]
    if len(kept) != len(kids):
        node.K = Array(kept)
    for kid in kept:
        _drop_decorative(kid)


def reachable_elements(root) -> set[tuple[int, int]]:
    """The object ids of every structure element reachable from the root through /K."""
    seen, stack = set(), kids_of(root)
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Dictionary) and "/S" in node and node.objgen not in seen:
            seen.add(node.objgen)
            stack.extend(kids_of(node))
    return seen


def _artifact_mcids(pdf: pikepdf.Pdf) -> dict[int, set[int]]:
    """Page index → the MCIDs whose element (by the ParentTree) is not reachable from the root."""
    tree = pdf.Root.StructTreeRoot
    reachable = reachable_elements(tree)
    nums = tree.ParentTree.get("/Nums", Array())
    by_key = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    found = {}
    for index, page in enumerate(pdf.pages):
        parents = by_key.get(int(page.obj.get("/StructParents", -1)))
        if not isinstance(parents, Array):
            continue
        lost = {mcid for mcid, element in enumerate(parents)
                if isinstance(element, pikepdf.Dictionary) and element.objgen not in reachable}
        if lost:
            found[index] = lost
            for mcid in lost:
                parents[mcid] = pikepdf.Object.parse(b"null")
    return found


def _mark_as_artifacts(pdf: pikepdf.Pdf, page: pikepdf.Page, mcids: set[int]) -> None:
    """Rewrite the page's tagged sequences of `mcids` as artifacts (the same content, untagged)."""
    content = page.obj.Contents
    data = b"".join(s.read_bytes() for s in content) if isinstance(content, Array) else content.read_bytes()

    def untag(match: re.Match) -> bytes:
        return b"/Artifact BMC" if int(match.group(1)) in mcids else match.group(0)

    page.obj.Contents = pdf.make_stream(_TAGGED.sub(untag, data))


def figure_boxes_in_user_space(pdf: pikepdf.Pdf) -> None:
    """A Figure's /BBox in points from the page's bottom left, as PDF wants (WeasyPrint: CSS px from the top)."""
    for element in reachable_struct_dicts(pdf):
        layout = element.get("/A")
        if element.get("/S") != Name.Figure or not isinstance(layout, pikepdf.Dictionary) or "/BBox" not in layout:
            continue
        x1, y1, x2, y2 = (float(v) * CSS_PX_PT for v in layout.BBox)
        height = float(element.Pg.MediaBox[3]) if "/Pg" in element else float(pdf.pages[0].MediaBox[3])
        layout.BBox = Array([round(x1, 3), round(height - y2, 3), round(x2, 3), round(height - y1, 3)])


def reachable_struct_dicts(pdf: pikepdf.Pdf) -> list:
    """Every structure element below the root, depth first."""
    found, stack = [], kids_of(pdf.Root.StructTreeRoot)[::-1]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Dictionary) and "/S" in node:
            found.append(node)
            stack.extend(kids_of(node)[::-1])
    return found


def finish_screen(pdf_bytes: bytes) -> bytes:
    """The screen file as partners download it: furniture and decoration are artifacts, one /ID."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        if "/StructTreeRoot" in pdf.Root:
            _drop_decorative(pdf.Root.StructTreeRoot)
            for index, mcids in _artifact_mcids(pdf).items():
                _mark_as_artifacts(pdf, pdf.pages[index], mcids)
            figure_boxes_in_user_space(pdf)
        out = io.BytesIO()
        # deterministic_id: the trailer's /ID is a hash of the content (same sources, same bytes).
        pdf.save(out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.preserve,
                 deterministic_id=True)
        return out.getvalue()
