"""The part of the map a page shows: a frame fitted to the partners, at the aspect of the page's box.

The rule, decided once here from the data:
1. the partners' bounding box (projected), grown on every side by a margin: a share of its larger
   span, and never less than MARGIN_KM (room for the marks and labels of the outermost partners);
2. grown about its centre until its area is at least MIN_SPAN_KM squared: partners clustered in one
   small region (Benelux) are shown with enough of their neighbours around them to recognise it;
3. widened or heightened to the aspect of the box the page prints it in (after setting it in the
   window that the box keeps for partners, when a page keeps part of it clear: a cover's title);
4. moved, not cut, to stay inside the data's extent.
A frame is a rectangle in the map's units (about 4 km each; see data/README.md).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from .projection import load_map_data

EARTH_RADIUS_KM = 6371.0
MARGIN_SHARE = 0.12  # of the partners' larger span, on every side
MARGIN_KM = 160.0  # the least margin: a dot and a short label beside it, at any zoom
MIN_SPAN_KM = 1300.0  # the side of the square of the least area: Benelux with Paris, London and Berlin


@dataclass(frozen=True)
class Frame:
    """A rectangle in map units (y down)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def contains(self, x: float, y: float, margin: float = 0.0) -> bool:
        return self.x0 + margin <= x <= self.x1 - margin and self.y0 + margin <= y <= self.y1 - margin

    def rounded(self) -> Frame:
        return Frame(*(round(v, 1) for v in (self.x0, self.y0, self.x1, self.y1)))


@dataclass(frozen=True)
class MapView:
    """What a page gives the map: its box at print size and the size of its labels.

    width_mm, height_mm: the box the map fills (its aspect is the frame's).
    label_pt: the labels' size in points as printed at that width (the marks follow it).
    window: the shares of the box (left, top, right, bottom) where no partner may be: a cover keeps
        its title block clear; the frame is then grown so the partners sit in the rest.
    """

    width_mm: float
    height_mm: float
    label_pt: float = 8.0
    window: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)

    @property
    def aspect(self) -> float:
        return self.width_mm / self.height_mm

    def units_per_pt(self, frame: Frame) -> float:
        """Map units in one printed point, for this box showing `frame`."""
        return frame.width / (self.width_mm * 72 / 25.4)


def km(distance: float) -> float:
    """A distance in km as map units (at the projection's centre; equal-area, so near enough)."""
    return distance * load_map_data()["projection"]["scale"] / EARTH_RADIUS_KM


def extent() -> Frame:
    projection = load_map_data()["projection"]
    return Frame(0.0, 0.0, projection["width"], projection["height"])


def europe() -> Frame:
    """The frame of the whole of Europe, Iceland to the Bosporus: a map with no partner shows it."""
    return Frame(*load_map_data()["projection"]["europe"])


def _grown(frame: Frame, aspect: float) -> Frame:
    """The frame widened or heightened about its centre to `aspect` (width ÷ height)."""
    width, height = max(frame.width, frame.height * aspect), max(frame.height, frame.width / aspect)
    cx, cy = (frame.x0 + frame.x1) / 2, (frame.y0 + frame.y1) / 2
    return Frame(cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)


def _partners_box(points: list[tuple[float, float]]) -> Frame:
    """Steps 1 and 2: the partners' box with its margin, grown to the least area."""
    xs, ys = [x for x, _ in points], [y for _, y in points]
    box = Frame(min(xs), min(ys), max(xs), max(ys))
    margin = max(MARGIN_SHARE * max(box.width, box.height), km(MARGIN_KM))
    box = Frame(box.x0 - margin, box.y0 - margin, box.x1 + margin, box.y1 + margin)
    least = km(MIN_SPAN_KM) ** 2
    if box.width * box.height < least:
        grow = math.sqrt(least / (box.width * box.height))
        cx, cy = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
        half_w, half_h = box.width * grow / 2, box.height * grow / 2
        box = Frame(cx - half_w, cy - half_h, cx + half_w, cy + half_h)
    return box


def _inside_extent(frame: Frame) -> Frame:
    """Step 4: moved inside the data's extent (shrunk about its centre only if larger than it)."""
    limit = extent()
    shrink = min(1.0, limit.width / frame.width, limit.height / frame.height)
    width, height = frame.width * shrink, frame.height * shrink
    cx, cy = (frame.x0 + frame.x1) / 2, (frame.y0 + frame.y1) / 2
    x0 = min(max(cx - width / 2, limit.x0), limit.x1 - width)
    y0 = min(max(cy - height / 2, limit.y0), limit.y1 - height)
    return Frame(x0, y0, x0 + width, y0 + height)


def fit_frame(points: Iterable[tuple[float, float]], view: MapView) -> Frame:
    """The frame a map in `view` shows around the partners at `points` (map units); see the module's rule."""
    points = list(points)
    if not points:
        return _inside_extent(_grown(europe(), view.aspect)).rounded()
    left, top, right, bottom = view.window
    inner_w, inner_h = 1 - left - right, 1 - top - bottom  # the window's share of the box
    inner = _grown(_partners_box(points), view.aspect * inner_w / inner_h)
    width, height = inner.width / inner_w, inner.height / inner_h
    x0, y0 = inner.x0 - left * width, inner.y0 - top * height
    return _inside_extent(Frame(x0, y0, x0 + width, y0 + height)).rounded()
