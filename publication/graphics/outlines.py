"""A label's glyphs as one SVG path (fontTools): the halo drawn as a shape, not as text.

WeasyPrint draws SVG text letter by letter (engine.SVG_LETTERS); a halo drawn as a second text under each label made
every name extract twice (and PDFium, meeting the same letters twice, dropped some: "Mes ine").
As an outline the halo is no text at all: a text extractor finds each name once.
"""

from __future__ import annotations

from functools import lru_cache

from .svg import num

ANCHOR_SHIFT = {"start": 0.0, "middle": 0.5, "end": 1.0}  # of the label's width, leftwards


@lru_cache(maxsize=4)
def _font(path: str):
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True)
    return font.getGlyphSet(), font.getBestCmap(), font["head"].unitsPerEm


def outline_path(text: str, x: float, y: float, anchor: str, font_size: float, font_file: str) -> str:
    """The path data of `text` set at (x, baseline y) with `text-anchor` `anchor`, glyph after glyph
    at their advance widths (as WeasyPrint places SVG letters: no kerning)."""
    from fontTools.pens.svgPathPen import SVGPathPen
    from fontTools.pens.transformPen import TransformPen

    glyphs, cmap, units = _font(font_file)
    scale = font_size / units
    names = [cmap.get(ord(char), ".notdef") for char in text]
    left = x - ANCHOR_SHIFT[anchor] * sum(glyphs[name].width for name in names) * scale
    pen = SVGPathPen(glyphs, ntos=num)
    for name in names:
        glyphs[name].draw(TransformPen(pen, (scale, 0, 0, -scale, left, y)))
        left += glyphs[name].width * scale
    return pen.getCommands()
