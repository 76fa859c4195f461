"""What WeasyPrint 70's tagging leaves out of the structure tree, taken from the HTML as it tags.

WeasyPrint builds each structure element from a layout box but ignores the HTML's `scope` on table
headers, `lang` on elements and `aria-hidden`. `engine.wrap_structure_builder` hands each element
here with the HTML element that made it, and this module adds what the HTML says:

- `scope="col"|"row"` on a `th` → `/A << /O /Table /Scope /Column|/Row >>` (PDF/UA 7.5);
- `lang` on any element below the root → its `/Lang` (WCAG 3.1.2, language of parts);
- `aria-hidden="true"` → the element is marked DECORATIVE, and `finish.screen` turns its content
  into an artifact and takes it out of the tree (PDF 1.7 has no Artifact structure element);
- `dt` and `dd` → marked with DEFINITION (/Term or /Description): WeasyPrint tags each as a list
  item of its own (engine.DEFINITION_ITEMS), and `finish.lists` makes each pair one `LI` > `Lbl` + `LBody`.

It is installed once per process (`install()`), before the first tagged PDF is written; print
files are not tagged, so their bytes do not change.
"""

from __future__ import annotations

from .engine import pdf_text, wrap_structure_builder

DECORATIVE = "PubDecorative"  # a private key `finish.screen` removes with the element it marks
DEFINITION = "PubDefinition"  # a private key `finish.lists` reads and removes: /Term (dt) or /Description (dd)
DEFINITION_PARTS = {"dt": "/Term", "dd": "/Description"}  # written as PDF names
SCOPES = {"col": "/Column", "colgroup": "/Column", "row": "/Row", "rowgroup": "/Row"}

_installed = False


def _annotate(element, html) -> None:
    """Add to one structure element what its HTML element says."""
    if html is None or not hasattr(html, "get"):
        return
    tag = str(element.get("S", ""))
    if tag == "/TH" and html.get("scope") in SCOPES:
        element["A"]["Scope"] = SCOPES[html.get("scope")]
    if html.get("lang"):
        element["Lang"] = pdf_text(html.get("lang"))
    if html.get("aria-hidden") == "true":
        element[DECORATIVE] = "true"
    if html.tag in DEFINITION_PARTS:
        element[DEFINITION] = DEFINITION_PARTS[html.tag]


def install() -> None:
    """Have WeasyPrint's structure builder annotate every element it makes (once per process)."""
    global _installed
    if _installed:
        return
    wrap_structure_builder(_annotate)
    _installed = True
