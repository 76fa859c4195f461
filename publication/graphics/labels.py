"""Where the cities' names go: estimated label boxes and an overlap-free choice of sides."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .cities import LABEL_POSITIONS, City, mark_radius


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in viewBox units."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1

    def inside(self, other: Box) -> bool:
        return self.x0 >= other.x0 and self.y0 >= other.y0 and self.x1 <= other.x1 and self.y1 <= other.y1


# Glyph boxes are estimated, not measured (the SVG is laid out by WeasyPrint later): 0.6 em per
# character is wider than Inter/Noto's average, so estimated boxes contain the real ones.
CHAR_WIDTH_EM = 0.6
ASCENT_EM = 0.8  # above the baseline: capitals and accents
DESCENT_EM = 0.25  # below: descenders


def label_box(text: str, x: float, baseline: float, anchor: str, font_size: float) -> Box:
    """The estimated ink box of a one-line label."""
    width = len(text) * CHAR_WIDTH_EM * font_size
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return Box(left, baseline - ASCENT_EM * font_size, left + width, baseline + DESCENT_EM * font_size)


def _label_anchor(position: str, cx: float, cy: float, gap: float, font_size: float) -> tuple[float, float, str]:
    """Text x, baseline y and text-anchor for a label at `position` around the dot at (cx, cy)."""
    diagonal = gap * 0.7
    centred = cy + 0.3 * font_size  # baseline that centres capitals on the dot
    above = cy - diagonal - DESCENT_EM * font_size * 0.5
    below = cy + diagonal + ASCENT_EM * font_size * 0.8
    return {
        "e": (cx + gap, centred, "start"),
        "w": (cx - gap, centred, "end"),
        "ne": (cx + diagonal, above, "start"),
        "nw": (cx - diagonal, above, "end"),
        "se": (cx + diagonal, below, "start"),
        "sw": (cx - diagonal, below, "end"),
        "n": (cx, cy - gap - DESCENT_EM * font_size, "middle"),
        "s": (cx, cy + gap + ASCENT_EM * font_size, "middle"),
    }[position]


@dataclass(frozen=True)
class Label:
    text: str  # the whole label: the name, and the local name after a space
    x: float
    y: float
    anchor: str
    box: Box
    local: str | None = None  # its last part, the local name, when there is one


def place_labels(cities: list[City], *, font_size: float, dot_radius: float, frame: Box) -> list[Label]:
    """One label per city, none overlapping another label, a city mark or an obstacle, all inside `frame`.

    Each city gets the positions around its mark that are clear of the frame edge, the other
    marks; a small branch-and-bound search then picks one per city so that no
    two labels touch, minimising the sum of position ranks (labels sit to the right unless
    something is in the way). Partners close together (Patras/Thessaloniki, Vantaa/Riga,
    Oldenburg/Dresden) are what makes the search necessary.
    """
    marks = [_mark_box(c, dot_radius) for c in cities]
    options = []
    for index, city in enumerate(cities):
        blocked = [m for i, m in enumerate(marks) if i != index]
        options.append(_label_options(city, font_size=font_size, dot_radius=dot_radius, frame=frame, blocked=blocked))
    chosen = _best_layout(options)
    return [chosen[i] for i in range(len(cities))]


def _mark_box(city: City, dot_radius: float) -> Box:
    r = mark_radius(city, dot_radius)
    return Box(city.x - r, city.y - r, city.x + r, city.y + r)


def _label_options(
    city: City, *, font_size: float, dot_radius: float, frame: Box, blocked: list[Box]
) -> list[tuple[int, Label]]:
    """(rank, label) for every clear position around the city, best first; boxes include padding."""
    positions = LABEL_POSITIONS
    gap = mark_radius(city, dot_radius) + 0.2 * font_size
    padding = 0.12 * font_size
    choices = []
    for rank, position in enumerate(positions):
        x, y, anchor = _label_anchor(position, city.x, city.y, gap, font_size)
        box = label_box(city.label, x, y, anchor, font_size)
        padded = Box(box.x0 - padding, box.y0 - padding, box.x1 + padding, box.y1 + padding)
        if box.inside(frame) and not any(padded.overlaps(b) for b in blocked):
            choices.append((rank, Label(city.label, x, y, anchor, padded, city.local)))
    if not choices:  # nowhere clean: keep the name, at the first spot that stays on the map (not clipped)
        spots = [_label_anchor(position, city.x, city.y, gap, font_size) for position in positions]
        inside = [spot for spot in spots if label_box(city.label, *spot, font_size).inside(frame)]
        x, y, anchor = (inside or spots)[0]
        box = label_box(city.label, x, y, anchor, font_size)
        choices = [(0, Label(city.label, x, y, anchor, box, city.local))]
    return choices


def _best_layout(options: list[list[tuple[int, Label]]], max_steps: int = 50_000) -> dict[int, Label]:
    """The overlap-free choice of one option per city with the lowest total rank."""
    # Most constrained cities first: the search then fails early and prunes well.
    order = sorted(range(len(options)), key=lambda i: len(options[i]))
    best: dict[str, Any] = {"cost": math.inf, "labels": None}
    chosen: dict[int, Label] = {}
    steps = 0

    def search(depth: int, cost: int) -> None:
        nonlocal steps
        steps += 1
        if cost >= best["cost"] or steps > max_steps:
            return
        if depth == len(order):
            best["cost"], best["labels"] = cost, dict(chosen)
            return
        index = order[depth]
        for rank, label in options[index]:
            if not any(label.box.overlaps(other.box) for other in chosen.values()):
                chosen[index] = label
                search(depth + 1, cost + rank)
                del chosen[index]

    search(0, 0)
    if best["labels"] is None:  # no overlap-free layout exists: as few overlaps as a greedy pass finds
        return _least_overlapping(options, order)
    return best["labels"]


def _least_overlapping(options: list[list[tuple[int, Label]]], order: list[int]) -> dict[int, Label]:
    """Each city in turn (the most constrained first) takes the option that overlaps the fewest labels
    already placed, the better ranked among equals: a map too small for its labels loses as few as it can."""
    chosen: dict[int, Label] = {}
    for index in order:
        _overlaps, _rank, label = min(
            (sum(label.box.overlaps(other.box) for other in chosen.values()), rank, label)
            for rank, label in options[index]
        )
        chosen[index] = label
    return chosen
