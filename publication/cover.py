"""Where the brochure cover's map lies: over the whole sheet, bleed included, so that the map runs off
every edge (no coast cut by a straight line inside the page), and placed, as large as its frame
allows, to show the partners' countries below the title block and above the publisher's line.

The cover's map draws no city marks: the map of Europe is wider than an A5 page is high, so marks
from Portugal to Finland could not all stay clear of the trim and the title."""

from __future__ import annotations

import re

# Where the partners are shown on the cover, as insets from the trim (mm): left, top, right, bottom.
PARTNERS_WINDOW_MM = (16.0, 100.0, 16.0, 30.0)
MOST_ZOOM = 2.5  # at most this many times the scale that just covers the sheet
MARK_MARGIN = 12.0  # map units around the outermost partners

_VIEWBOX = re.compile(r'viewBox="([-\d.]+) ([-\d.]+) ([\d.]+) ([\d.]+)"')


def _span(values: list[float], default: tuple[float, float]) -> tuple[float, float]:
    return (min(values) - MARK_MARGIN, max(values) + MARK_MARGIN) if values else default


def cover_map_box(svg: str, centres: list[tuple[float, float]], trim_mm: tuple[float, float], bleed_mm: float) -> str:
    """The map's box in the cover (which spans the bleed) as CSS: its position and size in mm.
    `centres`: the partners in the drawing's units (its viewBox)."""
    found = _VIEWBOX.search(svg)
    if found is None:
        return ""
    vx, vy, vw, vh = (float(v) for v in found.groups())
    sheet_w, sheet_h = trim_mm[0] + 2 * bleed_mm, trim_mm[1] + 2 * bleed_mm
    left_in, top_in, right_in, bottom_in = PARTNERS_WINDOW_MM
    x0, y0 = bleed_mm + left_in, bleed_mm + top_in
    x1, y1 = bleed_mm + trim_mm[0] - right_in, bleed_mm + trim_mm[1] - bottom_in
    u0, u1 = _span([x for x, _ in centres], (vx, vx + vw))
    v0, v1 = _span([y for _, y in centres], (vy, vy + vh))
    covering = max(sheet_w / vw, sheet_h / vh)  # mm per map unit that just covers the sheet
    fitting = min((x1 - x0) / (u1 - u0), (y1 - y0) / (v1 - v0))
    scale = min(max(fitting, covering), covering * MOST_ZOOM)
    width, height = vw * scale, vh * scale
    # The partners centred in their window, the map then moved as little as keeps the sheet covered.
    left = (x0 + x1) / 2 - scale * ((u0 + u1) / 2 - vx)
    top = (y0 + y1) / 2 - scale * ((v0 + v1) / 2 - vy)
    left = min(0.0, max(sheet_w - width, left))
    top = min(0.0, max(sheet_h - height, top))
    return f"left: {left:.2f}mm; top: {top:.2f}mm; width: {width:.2f}mm; height: {height:.2f}mm"
