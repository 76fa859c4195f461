"""The screen palette, derived from the brand: WCAG 2.2 contrast, and each text colour darkened
just enough to read at AA on every background the brand gives (the paper and the tint).

Print keeps the brand's CMYK as declared; only the sRGB of the screen editions (and the download
page) changes. The derivation keeps each colour's hue and saturation and lowers its lightness in
small steps, so the screen orange is the brand's orange, darker, not another colour.
"""

from __future__ import annotations

import colorsys
from functools import lru_cache

from .model import Brand

TEXT_CONTRAST = 4.5  # WCAG 2.2 AA, 1.4.3: body text (3:1 is enough at 18 pt, or 14 pt bold)
LARGE_TEXT_CONTRAST = 3.0
BACKGROUNDS = ("paper", "tint")  # the brand's colours that text sits on
_STEP = 0.005  # lightness step of the derivation (HLS)


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG relative luminance of an sRGB colour given as three floats in 0…1."""
    r, g, b = (_linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: tuple[float, float, float], other: tuple[float, float, float]) -> float:
    """WCAG contrast ratio of two sRGB colours (1…21)."""
    a, b = sorted((luminance(one), luminance(other)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def rgb_of(hex_colour: str) -> tuple[float, float, float]:
    red, green, blue = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return red, green, blue


def hex_of(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02X}" for c in rgb)


def _shifted(hue: float, lightness: float, saturation: float, grounds, ratio: float, step: float) -> str | None:
    """The first colour from `lightness` in steps of `step` that reaches `ratio` on every ground."""
    while 0 <= lightness <= 1:
        candidate = hex_of(colorsys.hls_to_rgb(hue, lightness, saturation))
        if all(contrast(rgb_of(candidate), ground) >= ratio for ground in grounds):
            return candidate
        lightness += step
    return None


@lru_cache(maxsize=256)  # every document of a build derives the same few colours
def readable(hex_colour: str, backgrounds: tuple[str, ...], ratio: float = TEXT_CONTRAST) -> str:
    """`hex_colour`, darkened (on light grounds) or lightened (on dark ones) until it reaches
    `ratio` against each of `backgrounds`; the smaller change if both would do."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*rgb_of(hex_colour))
    grounds = [rgb_of(b) for b in backgrounds]
    found = [
        c
        for c in (
            _shifted(hue, lightness, saturation, grounds, ratio, -_STEP),
            _shifted(hue, lightness, saturation, grounds, ratio, _STEP),
        )
        if c is not None
    ]
    if not found:
        return "#000000" if luminance(grounds[0]) > 0.18 else "#FFFFFF"
    return min(found, key=lambda c: abs(colorsys.rgb_to_hls(*rgb_of(c))[1] - lightness))


def screen_brand(brand: Brand, on: tuple[str, ...] = BACKGROUNDS) -> Brand:
    """The brand for the screen: every colour that is not one of the grounds `on` (the brand's
    backgrounds by default, or e.g. ("primary",) for text on the deep blue) readable on all of them."""
    grounds = tuple(getattr(brand, name).srgb for name in on)
    changed = {}
    for name in type(brand).model_fields:
        colour = getattr(brand, name)
        derived = readable(colour.srgb, grounds)
        if name not in on and derived != colour.srgb:
            changed[name] = colour.model_copy(update={"rgb": derived})
    return brand.model_copy(update=changed)
