"""Where the cities' names go on a map, in three steps, each only when the one before finds no choice
where nothing clashes (no label over another, over a leader or over a mark, all inside the frame):

1. every name beside its mark (labels sit to the right unless something is in the way);
2. some names in free space at the end of a leader line (leaders.py), ranked after every spot
   beside a mark: a map whose names all fit beside their marks keeps them there;
3. some cities numbered beside their mark, their names listed in a key in a corner of the map, as
   cartographers do on a crowded map: as few numbers as the search can, numbered from the top of
   the map down.

Only when even the key finds no corner clear do labels overlap, as few as a greedy pass finds (the
layout preflight then fails the document: text lost is never written).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TypedDict

from .cities import City
from .labels import (
    ASCENT_EM,
    CHAR_WIDTH_EM,
    DESCENT_EM,
    Box,
    Label,
    best_layout,
    forced_option,
    label_options,
    leader_options,
    least_overlapping,
    mark_box,
)

KEY_CORNERS = ("bottom-left", "bottom-right", "top-left", "top-right")  # in order of preference
KEY_PADDING_EM = 0.45  # inside the key's box, around its lines
KEY_LINE_EM = 1.3  # from one line of the key to the next
KEY_NUMBER_GAP = "\u2002"  # an en space between a number and its name


@dataclass(frozen=True)
class MapKey:
    """The key of the numbered cities: its box and its lines ('1 Name'), each line's baseline."""

    box: Box
    entries: tuple[str, ...]
    x: float
    baselines: tuple[float, ...]


class Sizes(TypedDict):
    """What every spot of a map's labels is measured with (viewBox units)."""

    font_size: float
    dot_radius: float
    frame: Box


@dataclass(frozen=True)
class Placement:
    labels: list[Label]
    key: MapKey | None = None


def place_labels(cities: list[City], *, font_size: float, dot_radius: float, frame: Box) -> Placement:
    """One label per city (its name, or its number in the key), in the first of the three steps that
    finds a clean choice (module docstring)."""
    marks = [mark_box(c, dot_radius) for c in cities]
    sizes = Sizes(font_size=font_size, dot_radius=dot_radius, frame=frame)
    beside = [label_options(city, **sizes, blocked=_others(marks, i)) for i, city in enumerate(cities)]
    apart = [leader_options(city, **sizes, blocked=_others(marks, i)) for i, city in enumerate(cities)]
    for options in (beside, [near + far for near, far in zip(beside, apart, strict=True)]):
        chosen = best_layout(options) if all(options) else None
        if chosen is not None:
            return Placement([chosen[i] for i in range(len(cities))])
    keyed = _numbered(cities, marks, [near + far for near, far in zip(beside, apart, strict=True)], sizes)
    if keyed is not None:
        return keyed
    options = [
        near + far or forced_option(city, font_size, dot_radius, frame)
        for near, far, city in zip(beside, apart, cities, strict=True)
    ]
    chosen = least_overlapping(options)
    return Placement([chosen[i] for i in range(len(cities))])


def _others(marks: list[Box], index: int) -> list[Box]:
    return [mark for i, mark in enumerate(marks) if i != index]


def _numbered(
    cities: list[City], marks: list[Box], named: list[list[tuple[int, Label]]], sizes: Sizes
) -> Placement | None:
    """Step 3: for each corner in turn, a key sized for the lines it may need (the longest name, as
    many lines as the last search numbered) kept clear, the search run with a number as each city's
    last options, until the key holds every number the search gave, or the corner is given up."""
    longest = max(len(city.label) for city in cities)
    for corner in KEY_CORNERS:
        lines = 1
        while lines <= len(cities):
            area = _key_box(corner, lines, longest, sizes["font_size"], sizes["frame"])
            if any(mark.overlaps(area) for mark in marks):
                break
            options = [
                [(rank, label) for rank, label in names if not label.reach().overlaps(area)]
                + label_options(city, **sizes, blocked=[*_others(marks, i), area], numbered=True)
                for i, (city, names) in enumerate(zip(cities, named, strict=True))
            ]
            chosen = best_layout(options) if all(options) else None
            if chosen is None:
                break
            count = sum(label.keyed is not None for label in chosen.values())
            if count <= lines:
                return _with_key(cities, chosen, corner, sizes["font_size"], sizes["frame"])
            lines = count
    return None


def _key_box(corner: str, lines: int, longest: int, font_size: float, frame: Box) -> Box:
    """The box a key of `lines` lines, none longer than `longest` characters, takes in `corner`."""
    padding = KEY_PADDING_EM * font_size
    width = (longest + len(str(lines)) + 1) * CHAR_WIDTH_EM * font_size + 2 * padding
    height = (lines - 1) * KEY_LINE_EM * font_size + (ASCENT_EM + DESCENT_EM) * font_size + 2 * padding
    x0 = frame.x0 if corner.endswith("left") else frame.x1 - width
    y0 = frame.y0 if corner.startswith("top") else frame.y1 - height
    return Box(x0, y0, x0 + width, y0 + height)


def _with_key(cities: list[City], chosen: dict[int, Label], corner: str, font_size: float, frame: Box) -> Placement:
    """The numbers given from the top of the map down (then from the left), and the key listing them,
    in its corner, as large as its lines."""
    keyed = sorted((i for i, label in chosen.items() if label.keyed), key=lambda i: (cities[i].y, cities[i].x))
    labels = dict(chosen)
    entries = []
    for number, index in enumerate(keyed, start=1):
        labels[index] = replace(chosen[index], text=str(number))
        entries.append(f"{number}{KEY_NUMBER_GAP}{chosen[index].keyed}")
    longest = max(len(entry) for entry in entries)
    box = _key_box(corner, len(entries), longest - len(str(len(entries))) - 1, font_size, frame)
    padding = KEY_PADDING_EM * font_size
    first = box.y0 + padding + ASCENT_EM * font_size
    baselines = tuple(first + line * KEY_LINE_EM * font_size for line in range(len(entries)))
    key = MapKey(box, tuple(entries), box.x0 + padding, baselines)
    return Placement([labels[i] for i in range(len(cities))], key)
