"""What every drawing shares: the palettes and their safety checks, the accessible name, numbers.

How colours reach the SVG (checked with WeasyPrint 70, see tests/test_graphics.py and
engine.SVG_OWN_DOCUMENT, engine.DEVICE_CMYK_OPERATORS):
- WeasyPrint renders an inline <svg> as a separate SVG document: the HTML document's CSS does
  NOT reach the shapes inside it (a `.map-land {fill: …}` rule in the page stylesheet is
  ignored, and `currentColor` does not inherit the page's `color` either), and a shape left
  without a fill is painted black in RGB (`0 0 0 rg`), which a print preflight rejects.
- A <style> element *inside* the <svg>, and presentation attributes, do work, and
  `device-cmyk(c m y k)` there is written to the PDF as DeviceCMYK (`/DeviceCMYK cs … scn`,
  the same operators WeasyPrint uses for device-cmyk HTML text), never as `rg`/`RG`.
So each drawing takes a `palette` ("screen", "print" or a complete dict of colour strings, see
palette_for) and writes it into an embedded <style> keyed on the CSS classes it uses. Every
painted element gets its colour from that style, so a device-cmyk palette yields a CMYK-only
drawing. Alpha works too (`device-cmyk(0 0 0 0 / 0.2)`), e.g. for a quiet map on a cover.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape

# Colours per variant. "print" is all device-cmyk: text 100 % K, total ink ≤ 300 %; the EU
# blue and yellow are the emblem's official CMYK 100/80/0/0 and 0/0/100/0 (sRGB #003399, #FFCC00).
PALETTES: dict[str, dict[str, str]] = {
    "screen": {
        "sea": "#e9f0f7",
        "land": "#d9dde2",
        "land_partner": "#aec3e3",
        "border": "#ffffff",
        "city": "#003399",
        "city_lead": "#d4004f",
        "city_outline": "#ffffff",
        "label": "#1a1a1a",
        "label_local": "#55595f",
        "label_halo": "#ffffff",
        "flag": "#003399",
        "star": "#ffcc00",
        "qr_dark": "#000000",
        "qr_light": "#ffffff",
    },
    "print": {
        "sea": "device-cmyk(0.08 0.02 0 0)",
        "land": "device-cmyk(0 0 0 0.15)",
        "land_partner": "device-cmyk(0.32 0.16 0 0)",
        "border": "device-cmyk(0 0 0 0)",
        "city": "device-cmyk(1 0.8 0 0)",
        "city_lead": "device-cmyk(0 1 0.6 0)",
        "city_outline": "device-cmyk(0 0 0 0)",
        "label": "device-cmyk(0 0 0 1)",
        "label_local": "device-cmyk(0 0 0 0.7)",
        "label_halo": "device-cmyk(0 0 0 0)",
        "flag": "device-cmyk(1 0.8 0 0)",
        "star": "device-cmyk(0 0 1 0)",
        "qr_dark": "device-cmyk(0 0 0 1)",
        "qr_light": "device-cmyk(0 0 0 0)",
    },
}

# Colour strings and font lists go into a <style>: refuse anything that could close the rule or the element.
_SAFE_COLOUR = re.compile(r"^[#a-zA-Z0-9 .,%()/+-]+$")
_SAFE_FONT_FAMILY = re.compile(r"^[\w ,'\"-]+$")

SVG_NS = "http://www.w3.org/2000/svg"

Palette = str | Mapping[str, str]


def palette_for(variant: str, **overrides: str) -> dict[str, str]:
    """A complete palette: the variant's colours ("screen" or "print") with some replaced,
    e.g. palette_for("print", sea="none", land="device-cmyk(0.9 0.6 0 0.2)") for a cover."""
    if variant not in PALETTES:
        raise ValueError(f"unknown palette {variant!r}: use one of {sorted(PALETTES)}")
    return _checked({**PALETTES[variant], **overrides})


def resolve_palette(palette: Palette) -> dict[str, str]:
    """The colour table to draw with, from a variant name or a complete dict.

    A dict must give every key: filling gaps from a default would slip sRGB colours into a
    print file unnoticed (use palette_for() to change only some colours).
    """
    if isinstance(palette, str):
        return palette_for(palette)
    missing = set(PALETTES["screen"]) - set(palette)
    if missing:
        raise ValueError(
            f"palette is missing {sorted(missing)}: build it with "
            f"graphics.palette_for('print' or 'screen', **the_colours_to_change)"
        )
    return _checked(dict(palette))


def _checked(colours: dict[str, str]) -> dict[str, str]:
    unknown = set(colours) - set(PALETTES["screen"])
    if unknown:
        raise ValueError(f"unknown palette keys {sorted(unknown)}: valid keys are {sorted(PALETTES['screen'])}")
    for key, value in colours.items():
        if not _SAFE_COLOUR.match(value):
            raise ValueError(f"palette[{key!r}] = {value!r} is not a plain CSS colour")
    return colours


def checked_font_family(font_family: str) -> str:
    """The font-family list itself, once it is known to be safe inside a <style>."""
    if not _SAFE_FONT_FAMILY.match(font_family):
        raise ValueError(f"font_family {font_family!r} is not a plain CSS font-family list")
    return font_family


def accessible_name(title: str | None) -> tuple[str, str]:
    """The <svg>'s attributes and first child for its accessible name, or hidden when untitled.

    Both are needed: browsers read role/aria-label, while WeasyPrint 70 takes a tagged PDF's
    /Alt for an inline <svg> (a /Figure) only from its <title> child and ignores ARIA (engine.SVG_TITLES).
    """
    if not title:
        return ' aria-hidden="true"', ""
    return f' role="img" aria-label="{escape(title)}"', f"<title>{escape(title, quote=False)}</title>"


def num(value: float) -> str:
    """Short decimal for SVG attributes: 2 places, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
