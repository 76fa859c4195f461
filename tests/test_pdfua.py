"""PDF/UA-1 as independent validators read it, on the built screen PDFs: lists, table headers."""

from __future__ import annotations

import pikepdf
import pytest

from publication.finish.screen import reachable_elements, reachable_struct_dicts

LIST_ITEM_PARTS = {"/Lbl", "/LBody"}


@pytest.fixture(scope="module")
def screen_pdfs(built, manifest) -> list[str]:
    files = [entry["path"] for entry in manifest if entry["variant"] == "screen"]
    assert files, "the build wrote no screen edition"
    return files


def kid_elements(element) -> list:
    kids = element.get("/K")
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]
    return [kid for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]


def descendants(element) -> list:
    """The element and every structure element below it."""
    found, stack = [], [element]
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(kid_elements(node))
    return found


@pytest.mark.build
def test_lists_hold_items_and_items_hold_label_and_body(built, screen_pdfs):
    """PDF/UA-1 7.6 (veraPDF L-KIDS, LI-PARENT; Matterhorn 09-005): L > LI > Lbl/LBody, no Div between."""
    definition_items = 0
    for path in screen_pdfs:
        with pikepdf.open(built / path) as pdf:
            for element in reachable_struct_dicts(pdf):
                kinds = [str(kid.S) for kid in kid_elements(element)]
                if element.S == "/L":
                    assert set(kinds) <= {"/LI", "/L", "/Caption"}, f"{path}: an L holds {kinds}"
                if element.S == "/LI":
                    assert set(kinds) <= LIST_ITEM_PARTS, f"{path}: an LI holds {kinds}"
                    assert str(element.P.S) == "/L", f"{path}: an LI's parent is {element.P.S}"
                    definition_items += kinds == ["/Lbl", "/LBody"]
                if element.S in LIST_ITEM_PARTS:
                    assert str(element.P.S) == "/LI", f"{path}: an {element.S}'s parent is {element.P.S}"
    # Every programme's facts (host city, dates, venue) and the brochure's key figures are term + description.
    assert definition_items >= 3 * len([p for p in screen_pdfs if "programme" in p]), definition_items


@pytest.mark.build
def test_the_content_of_every_list_label_is_in_the_tree(built, screen_pdfs):
    """The marked content of each Lbl still maps to it through the ParentTree (finishing moved elements only)."""
    for path in screen_pdfs:
        with pikepdf.open(built / path) as pdf:
            tree = pdf.Root.StructTreeRoot
            reachable = reachable_elements(tree)
            nums = tree.ParentTree.Nums
            mapped = {
                element.objgen
                for parents in list(nums)[1::2]
                if isinstance(parents, pikepdf.Array)
                for element in parents
                if isinstance(element, pikepdf.Dictionary)
            }
            labels = [e for e in reachable_struct_dicts(pdf) if e.S == "/Lbl"]
            for label in labels:
                below = descendants(label)
                assert any(e.objgen in mapped for e in below), f"{path}: an Lbl without content"
            assert all(e.objgen in reachable for e in labels)


@pytest.mark.build
def test_every_id_is_in_the_id_tree_and_every_header_resolves(built, screen_pdfs):
    """ISO 32000-1 Table 322: the /IDTree maps each /ID to its element; each td's /Headers name a th in it."""
    with_tables = 0
    for path in screen_pdfs:
        with pikepdf.open(built / path) as pdf:
            elements = reachable_struct_dicts(pdf)
            ids = {bytes(e.ID): e.objgen for e in elements if "/ID" in e}
            root = pdf.Root.StructTreeRoot
            if not ids:
                assert "/IDTree" not in root, path
                continue
            with_tables += 1
            names = list(root.IDTree.Names)
            tree = {bytes(key): element.objgen for key, element in zip(names[0::2], names[1::2], strict=True)}
            assert [bytes(k) for k in names[0::2]] == sorted(tree), f"{path}: the /IDTree's keys are not sorted"
            assert tree == ids, f"{path}: the /IDTree differs from the elements' /IDs"
            for cell in (e for e in elements if e.S == "/TD" and "/Headers" in e.get("/A", {})):
                for header in cell.A.Headers:
                    assert bytes(header) in tree, f"{path}: a td names the header {header!r}, not in the /IDTree"
    assert with_tables, "no screen PDF has a table header: the test checked nothing"
