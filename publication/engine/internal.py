"""One entry of engine.INTERNALS: something the project relies on that WeasyPrint does not promise."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Internal:
    """One thing the project relies on that WeasyPrint does not promise."""

    name: str  # what, as WeasyPrint's source names it
    kind: str  # "private", "output", "behaviour" or "limitation" (see the module's docstring)
    why: str  # what the project does with it
    where: tuple[str, ...]  # the code that relies on it: dotted names, or files for the stylesheets
    canary: str  # the test that checks it, in tests/test_engine.py
