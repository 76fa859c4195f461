"""Finish a screen PDF's structure with pikepdf: page furniture and decoration as artifacts, Figure
boxes in user space, a trailer /ID.

WeasyPrint 70 tags the content of page margins (running heads, page numbers, the running draft
mark) under structure elements it never links into the tree, and `publication.tagging` marks what
the HTML hides from assistive technology (`aria-hidden`). PDF/UA-1 wants both as artifacts: their
marked content becomes `/Artifact BMC`, their entries in the ParentTree go, their elements with it.
What this relies on of WeasyPrint's output is listed in `engine` (MARGIN_ELEMENTS, TAGGED_SEQUENCES,
FIGURE_BOXES, LINK_ANNOTATIONS, HYPHENATION_HYPHENS).
"""

from __future__ import annotations

import io
import re

import pikepdf
from pikepdf import Array, Name

from ..engine import CSS_PX_PT, HYPHENATION_HYPHEN, TAGGED_SEQUENCE
from ..pdfcontent import ScannedPdf, scan_pages
from ..tagging import DECORATIVE
from .ids import add_id_tree
from .lists import definition_lists_as_lists


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
        lost = {
            mcid
            for mcid, element in enumerate(parents)
            if isinstance(element, pikepdf.Dictionary) and element.objgen not in reachable
        }
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

    page.obj.Contents = pdf.make_stream(TAGGED_SEQUENCE.sub(untag, data))


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


def _parent_tree(pdf: pikepdf.Pdf) -> dict:
    nums = pdf.Root.StructTreeRoot.ParentTree.get("/Nums", Array())
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}


def _stacked(upper, lower) -> bool:
    """Two link rectangles ([x1, top, x2, bottom], as WeasyPrint writes them) on consecutive lines."""
    return abs(float(upper[3]) - float(lower[1])) < 1 and float(upper[1]) > float(lower[1])


def _absorb(pdf: pikepdf.Pdf, kept, dropped, page) -> None:
    """The link element of `dropped` (an annotation) gives its content to `kept`'s, and leaves the tree."""
    tree = _parent_tree(pdf)
    into, element = tree[int(kept.StructParent)], tree[int(dropped.StructParent)]
    parents = tree.get(int(page.obj.get("/StructParents", -1)))
    for kid in kids_of(element):
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == Name.OBJR:
            continue
        into.K.append(kid)
        if isinstance(kid, pikepdf.Dictionary):
            kid.P = into
        elif isinstance(parents, Array):
            parents[int(kid)] = into
    holder = element.P
    holder.K = Array(
        [k for k in kids_of(holder) if not (isinstance(k, pikepdf.Dictionary) and k.objgen == element.objgen)]
    )
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    for i in range(0, len(nums), 2):
        if int(nums[i]) == int(dropped.StructParent):
            nums[i + 1] = pikepdf.Object.parse(b"null")


def _side_by_side(left, right) -> bool:
    """Two link rectangles on one line that touch or overlap: the pieces of an address
    (links.printed_address), for which WeasyPrint writes the link's box and each piece's."""
    same_line = abs(float(left[1]) - float(right[1])) < 1 and abs(float(left[3]) - float(right[3])) < 1
    return same_line and float(right[0]) <= float(left[2]) + 2 and float(right[2]) >= float(left[0]) - 2


def merge_split_links(pdf: pikepdf.Pdf) -> None:
    """One link for an address broken over lines or set in pieces: WeasyPrint writes an annotation
    (and a Link element) per line and per inline box; they become one annotation with a QuadPoints
    quad per line, and one Link."""
    for page in pdf.pages:
        annotations = list(page.obj.get("/Annots", []))
        kept: list = []
        for annotation in annotations:
            last = kept[-1] if kept else None
            if (
                last is not None
                and annotation.get("/Subtype") == Name.Link == last.get("/Subtype")
                and str(annotation.get("/A", pikepdf.Dictionary()).get("/URI", ""))
                == str(last.get("/A", pikepdf.Dictionary()).get("/URI", "-"))
                and "/StructParent" in annotation
                and (_stacked(last.Rect, annotation.Rect) or _side_by_side(_last_line(last), annotation.Rect))
            ):
                _absorb(pdf, last, annotation, page)
                quads = list(last.get("/QuadPoints", _quad(last.Rect)))
                if _side_by_side(_last_line(last), annotation.Rect):  # the line's quad reaches further right
                    quads[-8] = quads[-4] = min(float(quads[-8]), float(annotation.Rect[0]))
                    quads[-6] = quads[-2] = max(float(quads[-2]), float(annotation.Rect[2]))
                else:
                    quads += _quad(annotation.Rect)
                last.QuadPoints = Array(quads)
                x1, top, x2, _ = (float(v) for v in last.Rect)
                last.Rect = Array(
                    [
                        min(x1, float(annotation.Rect[0])),
                        top,
                        max(x2, float(annotation.Rect[2])),
                        float(annotation.Rect[3]),
                    ]
                )
                continue
            kept.append(annotation)
        if len(kept) != len(annotations):
            page.obj.Annots = Array(kept)


def _last_line(annotation) -> list:
    """The rectangle of a link's last line: its last quad, or its rectangle when it has one line."""
    if "/QuadPoints" not in annotation:
        return list(annotation.Rect)
    x1, top, x2, _, _, bottom, _, _ = (float(v) for v in list(annotation.QuadPoints)[-8:])
    return [x1, top, x2, bottom]


def _quad(rect) -> list:
    """The four corners of a rectangle, as link QuadPoints list them (upper left, upper right, lower left, lower right)."""
    x1, top, x2, bottom = (float(v) for v in rect)
    return [x1, top, x2, top, x1, bottom, x2, bottom]


def hyphenation_as_soft_hyphens(pdf: pikepdf.Pdf) -> None:
    """The hyphens of line breaking read as U+00AD, as Tagged PDF asks, so extraction joins the word.

    The sources never carry U+2010 (typography turns it into '-'), so every U+2010 glyph on a page is
    one WeasyPrint added: readers and PDFium then give 'administrations', not 'adminis‐trations'.
    """
    for font in [obj for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary) and "/ToUnicode" in obj]:
        cmap = font.ToUnicode.read_bytes()
        soft = HYPHENATION_HYPHEN.sub(rb"\1<00AD>", cmap)
        if soft != cmap:
            font.ToUnicode.write(soft)


def finish_screen(pdf_bytes: bytes, *, scan: bool = False) -> bytes:
    """The screen file as partners download it: furniture and decoration are artifacts, one /ID.

    With `scan`, a ScannedPdf: each page's content scanned for the layout preflight while the
    document is open (finishing changes the structure, not where anything is painted).
    """
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        if "/StructTreeRoot" in pdf.Root:
            _drop_decorative(pdf.Root.StructTreeRoot)
            for index, mcids in _artifact_mcids(pdf).items():
                _mark_as_artifacts(pdf, pdf.pages[index], mcids)
            figure_boxes_in_user_space(pdf)
            merge_split_links(pdf)
            definition_lists_as_lists(pdf)
            add_id_tree(pdf, reachable_struct_dicts(pdf))
        hyphenation_as_soft_hyphens(pdf)
        out = io.BytesIO()
        # deterministic_id: the trailer's /ID is a hash of the content (same sources, same bytes).
        page_scans = scan_pages(pdf) if scan else None
        pdf.save(
            out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate, deterministic_id=True
        )
        return out.getvalue() if page_scans is None else ScannedPdf(out.getvalue(), page_scans)
