"""Text that overlaps other text, and rules that run through text.

Two lines collide when the bands their letters take (from 0.15 em under the baseline to 0.7 em over
it) overlap, across and down, by more than a quarter of an em; runs on one baseline (kerning, a
word in another style) touch without colliding, unless they print over each other. A rule is a
fill or a stroke thinner than the core of the letters it meets (0.4 em) and five times as long as
thick: one that crosses a glyph's core strikes the glyph through.
"""

from __future__ import annotations

import math

from ..messages import Said
from .layout_text import CORE as CORE_EM
from .layout_text import OVERLAP_EM, SAME_LINE_EM, Found, Glyph, Line, quoted
from .prepress import colour_label

DUPLICATE_PT = 0.5  # the same text this close to itself is drawn twice on purpose (a halo, a fake bold)
RULE_LENGTH = 5  # a rule is at least this many times as long as it is thick


def _overlap(one, other) -> tuple[float, float]:
    return min(one[2], other[2]) - max(one[0], other[0]), min(one[3], other[3]) - max(one[1], other[1])


def _duplicates(one: Line, other: Line) -> bool:
    first, second = one.runs[0], other.runs[0]
    return one.text == other.text and abs(first.x - second.x) < DUPLICATE_PT and abs(first.y - second.y) < DUPLICATE_PT


def colliding(one: Line, other: Line) -> tuple | None:
    """The box where two upright lines collide, or None."""
    a, b = one.band(), other.band()
    across, down = _overlap(a, b)
    size = min(one.size, other.size)
    if across <= OVERLAP_EM * size or down <= 0 or _duplicates(one, other):
        return None
    same_line = abs(one.runs[0].y - other.runs[0].y) <= SAME_LINE_EM * size
    if not same_line and down <= OVERLAP_EM * size:
        return None
    return max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])


def check_collisions(lines: list[Line], found: list[Found]) -> None:
    """Every pair of upright lines whose bands overlap (a sweep down the page: only neighbours are compared)."""
    upright = sorted(((line.band(), line) for line in lines if line.upright), key=lambda entry: entry[0][1])
    for index, (band, line) in enumerate(upright):
        for other_band, other in upright[index + 1 :]:
            if other_band[1] >= band[3]:
                break
            where = colliding(line, other)
            if where is not None:
                found.append(
                    Found(
                        "error",
                        "text-collision",
                        Said(
                            "{one} and {other} print over each other", one=quoted(line.text), other=quoted(other.text)
                        ),
                        where,
                        line.text,
                    )
                )


def rule_direction(paint, thickest: float) -> str | None:
    """'across' or 'down' for a fill or stroke that is a rule for text whose core is `thickest` tall."""
    if paint.kind not in ("fill", "stroke") or paint.thickness >= thickest:
        return None  # not a rule, or thin only where a large shape meets the edge of its clip
    width, height = paint.box[2] - paint.box[0], paint.box[3] - paint.box[1]
    if height < thickest and width >= RULE_LENGTH * height:
        return "across"
    if width < thickest and height >= RULE_LENGTH * width:
        return "down"
    return None


def crosses(rule, direction: str, glyph: Glyph) -> bool:
    """Whether a rule crosses a glyph's core (across: through its middle; down: between its sides)."""
    x0, y0, x1, y1 = rule
    if direction == "across":
        return x0 <= glyph.middle <= x1 and y0 < glyph.high and y1 > glyph.low
    return glyph.left < (x0 + x1) / 2 < glyph.right and y0 <= glyph.low and y1 >= glyph.high


def rules_of(scan) -> list:
    """The page's paints that may be rules for some text: fills and strokes thin by their own box or
    their clip, and five times as long as thick."""
    return [
        paint
        for paint in scan.paints
        if paint.kind in ("fill", "stroke")
        and paint.thickness != math.inf
        and max(paint.box[2] - paint.box[0], paint.box[3] - paint.box[1])
        >= RULE_LENGTH * min(paint.box[2] - paint.box[0], paint.box[3] - paint.box[1])
    ]


def check_rules(rules: list, line: Line, found: list[Found]) -> None:
    """The first rule (of `rules_of`) that crosses the core of the line's glyphs, painted before it or after."""
    x0, y0, x1, y1 = line.box
    for paint in rules:
        box = paint.box
        if box[0] >= x1 or box[2] <= x0 or box[1] >= y1 or box[3] <= y0:
            continue
        direction = rule_direction(paint, (CORE_EM[1] - CORE_EM[0]) * line.size)
        crossed = [
            index
            for index, glyph in enumerate(line.glyphs)
            if direction and glyph.characters.strip() and crosses(box, direction, glyph)
        ]
        if crossed:
            thickness = min(box[2] - box[0], box[3] - box[1])
            found.append(
                Found(
                    "warning",
                    "rule-through-text",
                    Said(
                        "a {thickness:.1f} pt {colour} rule runs through {what}",
                        thickness=thickness,
                        colour=colour_label(paint.colour),
                        what=line.what(crossed),
                    ),
                    line.box,
                    line.text,
                )
            )
            return
