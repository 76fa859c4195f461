"""The structure tree's /IDTree: every element /ID (a table header's) mapped to its element.

WeasyPrint 70 gives each `th` an /ID and each `td` the /Headers that name them
(engine.TABLE_HEADER_IDS), but writes no /IDTree, without which a reader cannot resolve /Headers
(ISO 32000-1, 14.7.2, Table 322). Finishing adds it once the tree is final (after the decorative
elements left it): a name tree of one node, its keys in byte order as name trees require.
"""

from __future__ import annotations

import pikepdf
from pikepdf import Array


def _ids(reachable: list) -> dict[bytes, pikepdf.Object]:
    """Each reachable element's /ID (as bytes) → the element; an id given twice is a fault of the writer."""
    found: dict[bytes, pikepdf.Object] = {}
    for element in reachable:
        if "/ID" in element:
            key = bytes(element.ID)
            if key in found:
                raise ValueError(f"two structure elements carry the /ID {key!r}")
            found[key] = element
    return found


def add_id_tree(pdf: pikepdf.Pdf, reachable: list) -> None:
    """The StructTreeRoot's /IDTree for the /IDs of `reachable` (none: no /IDTree)."""
    ids = _ids(reachable)
    root = pdf.Root.StructTreeRoot
    if "/IDTree" in root:
        del root["/IDTree"]
    if not ids:
        return
    names = Array()
    for key in sorted(ids):
        names.append(pikepdf.String(key))
        names.append(ids[key])
    root.IDTree = pdf.make_indirect(pikepdf.Dictionary(Names=names))
