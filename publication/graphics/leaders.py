"""Leader lines: where a city's name goes when no spot beside its mark is clear.

A cartographer's callout: the name moves out into free space, at the end of a thin line drawn from
the mark's edge. The spots are tried in a fixed order (the nearest first, then across, then
diagonally, then straight up or down), so the placement stays deterministic; labels.py chooses
among them with the spots beside the marks, none over another label, leader or mark.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

# Directions in degrees, y down (negative: up), in order of preference: across first (a name
# reads along its line), then the diagonals, then up and down.
LEADER_DIRECTIONS = (0, 180, -30, 30, -150, 150, -60, 60, -120, 120, -90, 90)
# The leader's length beyond the mark's edge, in em of the labels: short first.
LEADER_LENGTHS_EM = (1.5, 2.5, 4.0)
LEADER_GAP_EM = 0.15  # between the mark's edge and the line, and between the line and the name
LEADER_EM = 0.06  # the line's width: 0.48 pt at 8 pt labels, above the plates' 0.25 pt


class Rectangle(Protocol):
    """An axis-aligned box (labels.Box): what a leader must not run through."""

    @property
    def x0(self) -> float: ...
    @property
    def y0(self) -> float: ...
    @property
    def x1(self) -> float: ...
    @property
    def y1(self) -> float: ...


@dataclass(frozen=True)
class Segment:
    """A straight line from (x0, y0) to (x1, y1), in viewBox units."""

    x0: float
    y0: float
    x1: float
    y1: float

    def meets(self, box: Rectangle) -> bool:
        """Whether any part of the segment lies inside the box (Liang-Barsky clipping)."""
        dx, dy = self.x1 - self.x0, self.y1 - self.y0
        low, high = 0.0, 1.0
        for p, q in ((-dx, self.x0 - box.x0), (dx, box.x1 - self.x0), (-dy, self.y0 - box.y0), (dy, box.y1 - self.y0)):
            if p == 0:
                if q < 0:
                    return False
                continue
            t = q / p
            if p < 0:
                low = max(low, t)
            else:
                high = min(high, t)
            if low > high:
                return False
        return True

    def crosses(self, other: Segment) -> bool:
        """Whether two segments intersect (touching ends included)."""

        def side(ax: float, ay: float, bx: float, by: float, cx: float, cy: float) -> float:
            return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)

        d1 = side(other.x0, other.y0, other.x1, other.y1, self.x0, self.y0)
        d2 = side(other.x0, other.y0, other.x1, other.y1, self.x1, self.y1)
        d3 = side(self.x0, self.y0, self.x1, self.y1, other.x0, other.y0)
        d4 = side(self.x0, self.y0, self.x1, self.y1, other.x1, other.y1)
        return d1 * d2 <= 0 and d3 * d4 <= 0


@dataclass(frozen=True)
class LeaderSpot:
    """A label at the end of a leader: the line, then the text's x, baseline and text-anchor."""

    line: Segment
    x: float
    baseline: float
    anchor: str


def leader_spots(cx: float, cy: float, reach: float, font_size: float) -> list[LeaderSpot]:
    """Every leader spot around a mark centred at (cx, cy) reaching `reach`, best first."""
    gap = LEADER_GAP_EM * font_size
    spots = []
    for length in LEADER_LENGTHS_EM:
        for degrees in LEADER_DIRECTIONS:
            ux, uy = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
            start = reach + gap
            end = reach + length * font_size
            line = Segment(cx + start * ux, cy + start * uy, cx + end * ux, cy + end * uy)
            spots.append(_label_at(line, ux, uy, gap, font_size))
    return spots


def _label_at(line: Segment, ux: float, uy: float, gap: float, font_size: float) -> LeaderSpot:
    """The name beyond the line's end: beside it (its capitals centred on it) when the line runs
    across or diagonally, above or below it, centred, when it runs up or down."""
    if ux > 0.2:
        return LeaderSpot(line, line.x1 + gap, line.y1 + 0.3 * font_size, "start")
    if ux < -0.2:
        return LeaderSpot(line, line.x1 - gap, line.y1 + 0.3 * font_size, "end")
    if uy < 0:
        return LeaderSpot(line, line.x1, line.y1 - gap - 0.25 * font_size, "middle")
    return LeaderSpot(line, line.x1, line.y1 + gap + 0.8 * font_size, "middle")
