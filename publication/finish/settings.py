"""What finishing does to a print PDF: the sources' `print:` settings and the command line's choices."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PrintFinish:
    """What finishing does to a print PDF, from the sources' `print:` settings and the command line."""

    output_condition_identifier: str
    output_condition: str
    slug_mm: float
    marks: bool = False
    output_profile: Path | None = None  # CMYK profile RGB images are converted to


def plain_text(text) -> str:
    """A neutral-or-source-language text from the sources (site settings are not translated)."""
    return next(iter(text.values())) if isinstance(text, dict) else str(text)
