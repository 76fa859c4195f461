"""A label's candidate spots and the choice among them: estimated label boxes, the spots beside a
city's mark or at the end of a leader line, and the search for a choice where no two clash
(placement.py decides which spots a map offers)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .cities import LABEL_POSITIONS, City, mark_radius
from .leaders import Segment, leader_spots


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
    leader: Segment | None = None  # the line from the mark to a label set apart from it
    keyed: str | None = None  # a number's label: the whole label it stands for, in the map's key

    def clashes(self, other: Label) -> bool:
        """Whether two cities' labels touch: their boxes, or a leader through a box or another leader."""
        if self.box.overlaps(other.box):
            return True
        if self.leader is not None and (
            self.leader.meets(other.box) or (other.leader is not None and self.leader.crosses(other.leader))
        ):
            return True
        return other.leader is not None and other.leader.meets(self.box)

    def reach(self) -> Box:
        """The box that holds the label and its leader."""
        if self.leader is None:
            return self.box
        line = self.leader
        return Box(
            min(self.box.x0, line.x0, line.x1),
            min(self.box.y0, line.y0, line.y1),
            max(self.box.x1, line.x0, line.x1),
            max(self.box.y1, line.y0, line.y1),
        )


def mark_box(city: City, dot_radius: float) -> Box:
    r = mark_radius(city, dot_radius)
    return Box(city.x - r, city.y - r, city.x + r, city.y + r)


def with_padding(box: Box, font_size: float) -> Box:
    """The label's box with the breathing space kept around it."""
    padding = 0.12 * font_size
    return Box(box.x0 - padding, box.y0 - padding, box.x1 + padding, box.y1 + padding)


def label_options(
    city: City, *, font_size: float, dot_radius: float, frame: Box, blocked: list[Box], numbered: bool = False
) -> list[tuple[int, Label]]:
    """(rank, label) for every clear position beside the city's mark, best first; boxes include padding.
    `numbered`: the label is the city's number in the map's key (its box holds two digits), ranked
    after every spot of its name."""
    text = NUMBER_PLACEHOLDER if numbered else city.label
    gap = mark_radius(city, dot_radius) + 0.2 * font_size
    choices = []
    for rank, position in enumerate(LABEL_POSITIONS, start=NUMBER_RANK if numbered else 0):
        x, y, anchor = _label_anchor(position, city.x, city.y, gap, font_size)
        box = label_box(text, x, y, anchor, font_size)
        padded = with_padding(box, font_size)
        if box.inside(frame) and not any(padded.overlaps(b) for b in blocked):
            local, keyed = (None, city.label) if numbered else (city.local, None)
            choices.append((rank, Label(text, x, y, anchor, padded, local, keyed=keyed)))
    return choices


# A leader's first spot ranks as far after the last spot beside a mark as that is after the first:
# moving one or two neighbours to another side is better than a line across the map.
LEADER_RANK = 2 * len(LABEL_POSITIONS)
# A number with the name in the map's key ranks after three leaders at their worst: the key is the
# last resort (leaders.py has 36 spots).
NUMBER_RANK = 10 * LEADER_RANK
NUMBER_PLACEHOLDER = "00"  # the box a number takes, whichever it gets (up to 99)


def leader_options(
    city: City, *, font_size: float, dot_radius: float, frame: Box, blocked: list[Box]
) -> list[tuple[int, Label]]:
    """(rank, label) for every clear spot at the end of a leader line, ranked after those beside the mark:
    the label and its line inside the frame, clear of the other marks."""
    choices = []
    spots = leader_spots(city.x, city.y, mark_radius(city, dot_radius), font_size)
    for rank, spot in enumerate(spots, start=LEADER_RANK):
        box = label_box(city.label, spot.x, spot.baseline, spot.anchor, font_size)
        padded = with_padding(box, font_size)
        if box.inside(frame) and not any(padded.overlaps(b) or spot.line.meets(b) for b in blocked):
            choices.append((rank, Label(city.label, spot.x, spot.baseline, spot.anchor, padded, city.local, spot.line)))
    return choices


def forced_option(city: City, font_size: float, dot_radius: float, frame: Box) -> list[tuple[int, Label]]:
    """Nowhere clean: the name kept at the first spot beside its mark that stays on the map (not clipped)."""
    gap = mark_radius(city, dot_radius) + 0.2 * font_size
    spots = [_label_anchor(position, city.x, city.y, gap, font_size) for position in LABEL_POSITIONS]
    inside = [spot for spot in spots if label_box(city.label, *spot, font_size).inside(frame)]
    x, y, anchor = (inside or spots)[0]
    return [(0, Label(city.label, x, y, anchor, label_box(city.label, x, y, anchor, font_size), city.local))]


def best_layout(options: list[list[tuple[int, Label]]], max_steps: int = 20_000) -> dict[int, Label] | None:
    """The choice of one option per city with no two clashing and the lowest total rank; None if the
    search finds none within `max_steps` (a count, not a time: the result stays deterministic).

    A branch-and-bound search with forward checking: each choice strikes out the options it clashes
    with (bit sets), the city with the fewest options left is placed next, and a branch stops as soon
    as a city has none left or its cost, with the least each city left still adds, cannot beat the best."""
    flat = [(city, rank, label) for city, choices in enumerate(options) for rank, label in choices]
    clashing = _clashing(flat)
    of_city = [[g for g, (city, _, _) in enumerate(flat) if city == index] for index in range(len(options))]
    best: dict[str, Any] = {"cost": math.inf, "picked": None}
    steps = 0

    def search(left: list[int], alive: int, cost: int, picked: list[int]) -> None:
        nonlocal steps
        steps += 1
        if steps > max_steps or cost >= best["cost"]:
            return
        if not left:
            best["cost"], best["picked"] = cost, list(picked)
            return
        remaining = {city: [g for g in of_city[city] if alive >> g & 1] for city in left}
        if any(not found for found in remaining.values()):
            return
        if cost + sum(flat[found[0]][1] for found in remaining.values()) >= best["cost"]:
            return
        city = min(left, key=lambda c: (len(remaining[c]), c))
        rest = [c for c in left if c != city]
        for g in remaining[city]:
            search(rest, alive & ~clashing[g], cost + flat[g][1], [*picked, g])

    search(list(range(len(options))), (1 << len(flat)) - 1, 0, [])
    return None if best["picked"] is None else {flat[g][0]: flat[g][2] for g in best["picked"]}


def _clashing(flat: list[tuple[int, int, Label]]) -> list[int]:
    """For each option, the bit set of the other cities' options it clashes with."""
    clashing = [0] * len(flat)
    reach = [label.reach() for _, _, label in flat]
    for a, (city_a, _, label_a) in enumerate(flat):
        for b in range(a + 1, len(flat)):
            city_b, _, label_b = flat[b]
            if city_a != city_b and reach[a].overlaps(reach[b]) and label_a.clashes(label_b):
                clashing[a] |= 1 << b
                clashing[b] |= 1 << a
    return clashing


def least_overlapping(options: list[list[tuple[int, Label]]]) -> dict[int, Label]:
    """Each city in turn (the most constrained first) takes the option that clashes with the fewest labels
    already placed, the better ranked among equals: a map too small for its labels loses as few as it can."""
    chosen: dict[int, Label] = {}
    for index in sorted(range(len(options)), key=lambda i: len(options[i])):
        _clashes, _rank, label = min(
            (sum(label.clashes(other) for other in chosen.values()), rank, label) for rank, label in options[index]
        )
        chosen[index] = label
    return chosen
