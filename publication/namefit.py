"""A person's name set as large as its length allows in a fixed box (a badge, a table card): the
size and the lines decided here, from the widths of the face the stylesheet sets it in, never by
the layout. Lines break only between words or after a hyphen (Fernández-/Villaverde), never inside
a word; a name that fits at no size down to the smallest is the caller's error to name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

NAME_FACE = "fonts/Inter-Bold.otf"  # in styles/: the face the kit's stylesheets set names in (700)
LEADING = 1.08  # line height as a multiple of the size, as the stylesheets set `.fitted-name`
SAFETY = 1.03  # the widths without kerning, plus 3 %: WeasyPrint's line (kerned) is never longer
STEP_PT = 0.5
GIVEN_SHARE = 0.8  # the given name at this share of the family name's size, above it
MOST_LINES = 4  # of one part of a name (Fernández-/Villaverde y/Santibáñez-/Echevarría at 24 pt)
BREAK = re.compile(r"(?<=[-‐‑])|\s+")  # after a hyphen (kept) or at spaces (dropped)


@dataclass(frozen=True)
class NameBox:
    """Where a name is set: width and height in mm, the smallest and largest family-name size."""

    width_mm: float
    height_mm: float
    smallest_pt: float
    largest_pt: float


@dataclass(frozen=True)
class FittedName:
    """A name as it is set: each part's lines and the family name's size (the given name smaller)."""

    given: tuple[str, ...]
    family: tuple[str, ...]
    size_pt: float

    @property
    def given_pt(self) -> float:
        return round(self.size_pt * GIVEN_SHARE, 1)


@cache
def _advances(font_file: Path) -> tuple[dict[int, int], float, int]:
    """The face's advance widths by code point, its em, and the width of a missing glyph."""
    font = TTFont(font_file, lazy=True)
    cmap, metrics = font.getBestCmap(), font["hmtx"].metrics
    widths = {code: metrics[name][0] for code, name in cmap.items()}
    em = font["head"].unitsPerEm
    return widths, float(em), max(widths.values())


def text_width_pt(text: str, size_pt: float, font_file: Path) -> float:
    widths, em, widest = _advances(font_file)
    return sum(widths.get(ord(ch), widest) for ch in text) * size_pt / em * SAFETY


def broken_lines(text: str, size_pt: float, width_pt: float, font_file: Path) -> tuple[str, ...] | None:
    """`text` in the fewest lines no wider than `width_pt`, breaking at spaces and after hyphens
    (greedy, as a line breaker does); None if one word alone is wider."""
    pieces = [piece for piece in BREAK.split(text.strip()) if piece]
    lines: list[str] = []
    for piece in pieces:
        if text_width_pt(piece, size_pt, font_file) > width_pt:
            return None
        joined = f"{lines[-1]}{'' if lines[-1].endswith(('-', '‐', '‑')) else ' '}{piece}" if lines else piece
        if lines and text_width_pt(joined, size_pt, font_file) <= width_pt:
            lines[-1] = joined
        else:
            lines.append(piece)
    return tuple(lines)


def fit_name(given: str, family: str, box: NameBox, font_file: Path) -> FittedName | None:
    """The name in the fewest lines it fits in, at the largest size that keeps it to them: a name shrinks
    before it wraps (Pierre-Emmanuel DUBOIS-LAMBERT on two lines at 30 pt, not four at 40), and wraps
    only between words or after a hyphen. None if it fits at no size down to the box's smallest."""
    for most_lines in range(1, MOST_LINES + 1):
        size = box.largest_pt
        while size >= box.smallest_pt:
            fitted = _fitted(given, family, size, box, font_file)
            if fitted is not None and max(len(fitted.given), len(fitted.family)) <= most_lines:
                return fitted
            size -= STEP_PT
    return None


def _fitted(given: str, family: str, size: float, box: NameBox, font_file: Path) -> FittedName | None:
    """The name broken to the box's width at `size`, if it fits the box's height."""
    width_pt, height_pt = box.width_mm * 72 / 25.4, box.height_mm * 72 / 25.4
    given_lines = broken_lines(given, size * GIVEN_SHARE, width_pt, font_file) if given else ()
    family_lines = broken_lines(family, size, width_pt, font_file) if family else ()
    if given_lines is None or family_lines is None:
        return None
    height = (len(given_lines) * GIVEN_SHARE + len(family_lines)) * size * LEADING
    return FittedName(given_lines, family_lines, size) if height <= height_pt else None
