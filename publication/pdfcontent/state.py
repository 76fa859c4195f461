"""The graphics state a content walk follows: matrix, fill and stroke colours, text render mode, font."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pikepdf

IDENTITY: tuple[float, ...] = (1, 0, 0, 1, 0, 0)


def as_numbers(values) -> tuple[float, ...]:
    return tuple(map(float, values))


def numbers_of(operands) -> tuple[float, ...]:
    """The numeric operands (a pattern colour also names its pattern)."""
    return tuple(float(v) for v in operands if isinstance(v, (int, float, Decimal)))


def multiply(m, n) -> tuple[float, ...]:
    """m then n, as PDF concatenates matrices (`m cm` with n the current CTM)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


@dataclass
class GraphicsState:
    ctm: tuple[float, ...] = IDENTITY
    fill_space: str = "/DeviceGray"
    fill: tuple[float, ...] = (0.0,)
    stroke_space: str = "/DeviceGray"
    stroke: tuple[float, ...] = (0.0,)
    render_mode: int = 0  # Tr: 0 fill, 1 stroke, 2 both, 3 invisible (+4: also clip)
    font: pikepdf.Object | None = None
    font_size: float = 0.0
    line_width: float = 1.0
    clip: tuple | None = None  # page-space box of the clipping path; None: the whole page
    clip_exact: bool = True  # the clip is its box (rectangles only), not a shape inside it
    fill_alpha: float = 1.0  # ExtGState /ca
    soft_mask: bool = False  # ExtGState /SMask: what is painted shows through a mask
    text_matrix: tuple[float, ...] = IDENTITY
    line_matrix: tuple[float, ...] = IDENTITY
    leading: float = 0.0
    char_spacing: float = 0.0  # Tc, in unscaled text space units
    word_spacing: float = 0.0  # Tw
    scaling: float = 1.0  # Tz / 100
    rise: float = 0.0  # Ts

    def copy(self) -> GraphicsState:
        return GraphicsState(**vars(self))

    def space_of(self, fill: bool) -> str:
        return self.fill_space if fill else self.stroke_space

    def paint(self, fill: bool, space: str, colour: tuple[float, ...]) -> None:
        """Set the fill (or stroke) colour space and colour."""
        if fill:
            self.fill_space, self.fill = space, colour
        else:
            self.stroke_space, self.stroke = space, colour

    def text_colour(self):
        """The colour text is painted in, or None for invisible text (mode 3, OCR layers)."""
        mode = self.render_mode % 4
        if mode == 3:
            return None
        if mode == 1:
            return self.stroke_space, tuple(round(v, 3) for v in self.stroke)
        return self.fill_space, tuple(round(v, 3) for v in self.fill)
