"""The download page's accessibility statement, as public bodies publish one under the EU Web
Accessibility Directive ((EU) 2016/2102): its conformance status, what every build checks on each screen
PDF and with what, the known limitations, and whom to ask for an accessible alternative; in the page's
language (the site catalogues' `a11y_…` entries).

What it says it checks is the build's own: each group names the findings of the preflight it covers
(preflight/screen*.py, the structural checks document.DocumentMaker runs on every screen file before it
is written, and preflight/eu.py); tests/test_site.py fails if a finding those modules give is in no group.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from . import __version__
from .localise import Language
from .preflight.eu import EU_CHECKS
from .sources import Sources

# Catalogue entry → the preflight findings whose absence it states.
BUILD_CHECKS = MappingProxyType(
    {
        "a11y_check_structure": (
            "tagged", "pdfua-identifier", "title", "untagged-content", "unreachable-content", "artifact-nesting",
            "heading-order", "tab-order",
        ),
        "a11y_check_text": ("document-language", "element-language", "tounicode"),
        "a11y_check_alternatives": ("figure-alt", "link-alt", "link-tagged"),
        "a11y_check_tables": ("th-scope",),
        "a11y_check_eu": EU_CHECKS,
    }
)  # fmt: skip
# What the checks do not cover, said as they are.
KNOWN_LIMITATIONS = ("a11y_limit_print", "a11y_limit_tests", "a11y_limit_audit")


def accessibility_statement(sources: Sources, language: Language, entries: list[dict[str, Any]]) -> dict[str, Any]:
    """What the page's accessibility section says in this language, from the screen files it lists."""
    words = language.site_words
    screen = [entry for entry in entries if entry.get("variant") == "screen"]
    contacts = sources.contacts.contacts
    funded = any(funder.mark == "eu-emblem" for funder in sources.network.credits.funders)
    return {
        "status": words("a11y_status", count=len(screen)),
        "checks_title": words("a11y_checks_title", version=__version__),
        "checks": [words(key) for key in BUILD_CHECKS if funded or key != "a11y_check_eu"],
        "limits": [words(key) for key in KNOWN_LIMITATIONS],
        "email": contacts[0].email if contacts else None,
    }
