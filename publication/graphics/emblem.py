"""The EU emblem (the European flag) as an <svg>, built from its geometric definition."""

from __future__ import annotations

import math
import re

from .svg import SVG_NS, Palette, accessible_name, num, resolve_palette


def star_points(cx: float, cy: float, outer: float) -> list[tuple[float, float]]:
    """The 10 vertices of an upright five-pointed star: the points lie on a circle of radius
    `outer`, the notches on the circle where the pentagram's edges cross (outer·cos72°/cos36°)."""
    inner = outer * math.cos(math.radians(72)) / math.cos(math.radians(36))
    points = []
    for i in range(10):
        angle = math.radians(-90 + 36 * i)  # first point straight up (y grows downwards)
        radius = outer if i % 2 == 0 else inner
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def emblem_star_centres(cx: float, cy: float, radius: float) -> list[tuple[float, float]]:
    """Twelve positions like the hours on a clock face, starting at twelve o'clock."""
    return [
        (cx + radius * math.sin(math.radians(30 * hour)), cy - radius * math.cos(math.radians(30 * hour)))
        for hour in range(12)
    ]


def _split_length(length: str) -> tuple[float, str]:
    match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*([a-z%]*)\s*", length)
    if not match:
        raise ValueError(f"emblem height {length!r} is not a CSS length like '12mm'")
    return float(match[1]), match[2]


def draw_eu_emblem(height: str | None = "10mm", *, palette: Palette = "screen", title: str | None = None) -> str:
    """The EU flag as an <svg>, built from its geometric definition.

    Flag 3:2; twelve upright five-pointed stars centred on a circle of radius h/3 around the
    flag's centre, each star's points on a circle of radius h/18. The user space is 270 × 180
    (h = 180), so those radii are 60 and 10. `height` is a CSS length for the width/height
    attributes (the width follows at 3:2); None leaves the size to the page CSS.
    Colours: palette keys `flag` and `star` (classes `eu-flag`, `eu-star`); "print" gives the
    official CMYK 100/80/0/0 and 0/0/100/0 as device-cmyk.
    """
    colours = resolve_palette(palette)
    h = 180.0
    w = h * 3 / 2
    cx, cy = w / 2, h / 2
    size = ""
    if height is not None:
        value, unit = _split_length(height)
        size = f' width="{num(value * 1.5)}{unit}" height="{num(value)}{unit}"'
    stars = []
    for sx, sy in emblem_star_centres(cx, cy, h / 3):
        points = " ".join(f"{x:.3f},{y:.3f}" for x, y in star_points(sx, sy, h / 18))
        stars.append(f'<polygon class="eu-star" points="{points}"/>')
    aria, title_element = accessible_name(title)
    return (
        f'<svg xmlns="{SVG_NS}" class="eu-emblem-svg" viewBox="0 0 {num(w)} {num(h)}"{size}{aria}>{title_element}'
        f"<style>.eu-flag{{fill:{colours['flag']}}}.eu-star{{fill:{colours['star']}}}</style>"
        f'<rect class="eu-flag" x="0" y="0" width="{num(w)}" height="{num(h)}"/>' + "".join(stars) + "</svg>"
    )
