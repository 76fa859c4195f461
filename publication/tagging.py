"""What WeasyPrint 70's tagging leaves out of the structure tree, taken from the HTML as it tags.

WeasyPrint builds each structure element from a layout box (`weasyprint.pdf.tags._build_box_tree`)
but ignores the HTML's `scope` on table headers, `lang` on elements and `aria-hidden`. The
wrapper below sees each box with the element it made and adds what the HTML says:

- `scope="col"|"row"` on a `th` → `/A << /O /Table /Scope /Column|/Row >>` (PDF/UA 7.5);
- `lang` on any element below the root → its `/Lang` (WCAG 3.1.2, language of parts);
- `aria-hidden="true"` → the element is marked DECORATIVE, and `finish.screen` turns its content
  into an artifact and takes it out of the tree (PDF 1.7 has no Artifact structure element).

It is installed once per process (`install()`), before the first tagged PDF is written; print
files are not tagged, so their bytes do not change.
"""

from __future__ import annotations

DECORATIVE = "PubDecorative"  # a private key `finish.screen` removes with the element it marks
SCOPES = {"col": "/Column", "colgroup": "/Column", "row": "/Row", "rowgroup": "/Row"}

_installed = False


def _annotate(element, box) -> None:
    """Add to one structure element what its box's HTML element says."""
    import pydyf

    html = box.element
    if html is None or not hasattr(html, "get"):
        return
    tag = str(element.get("S", ""))
    if tag == "/TH" and html.get("scope") in SCOPES:
        element["A"]["Scope"] = SCOPES[html.get("scope")]
    if html.get("lang"):
        element["Lang"] = pydyf.String(html.get("lang"))
    if html.get("aria-hidden") == "true":
        element[DECORATIVE] = "true"


def install() -> None:
    """Wrap WeasyPrint's structure builder (its recursion calls the module's name, so every box passes here)."""
    global _installed
    if _installed:
        return
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout.absolute import AbsolutePlaceholder
    from weasyprint.pdf import tags

    build = tags._build_box_tree

    def build_with_html(box, parent, *args):
        inner = box._box if isinstance(box, AbsolutePlaceholder) else box
        # html, body and pages pass their children's elements up: those carry their own attributes.
        own = not (isinstance(inner, boxes.PageBox) or inner.element_tag in ("html", "body"))
        for element in build(box, parent, *args):
            if own:
                _annotate(element, inner)
            yield element

    tags._build_box_tree = build_with_html
    _installed = True
