"""Where a page's content paints: the extent of every fill, stroke, image and shading, stroke widths,
and each text run's size, position and colour, all in page space (points).

The walk in `scan` calls these handlers for path construction, painting, clipping and the text
matrix. They record plain data (`Paint`, `TextRun`) in the page's scan, in painting order, so that
preflight can tell artwork that stops short of the bleed, hairlines, small text on several plates
and white text reversed out of a colour, without parsing the content a second time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .state import IDENTITY, as_numbers, multiply

Box = tuple[float, float, float, float]
NOWHERE: Box = (math.inf, math.inf, -math.inf, -math.inf)  # a clip that hides everything


@dataclass(frozen=True)
class Paint:
    """Something painted: its kind, its extent on the page (clipped), its colour, a stroke's width."""

    kind: str  # "fill", "stroke", "image" or "shading"
    box: Box
    colour: tuple  # (colour space family, values); ("image", ()) for an image
    width: float = 0.0  # of a stroke, in points on the page


@dataclass(frozen=True)
class TextRun:
    """One text-showing operator: where it starts on the page, its size in points, its fill colour."""

    x: float
    y: float
    size: float
    colour: tuple  # (colour space family, values), as GraphicsState.text_colour gives it
    font: str  # BaseFont, e.g. '/ABCDEF+Inter-Bold'
    behind: int  # how many paints of the page come before it: what it may be printed on


def transform(point, ctm) -> tuple[float, float]:
    x, y = point
    a, b, c, d, e, f = ctm
    return a * x + c * y + e, b * x + d * y + f


def box_of_points(coordinates, ctm) -> Box | None:
    """The page-space box around user-space coordinates (x0, y0, x1, y1, …) under a matrix."""
    if len(coordinates) < 2:
        return None
    xs, ys = coordinates[0::2], coordinates[1::2]
    corners = [
        transform(p, ctm) for p in ((min(xs), min(ys)), (min(xs), max(ys)), (max(xs), min(ys)), (max(xs), max(ys)))
    ]
    return (
        min(p[0] for p in corners),
        min(p[1] for p in corners),
        max(p[0] for p in corners),
        max(p[1] for p in corners),
    )


def intersect(box: Box | None, clip: Box | None) -> Box | None:
    """Two boxes' common part; None when they do not meet. A missing clip clips nothing."""
    if box is None or clip is None:
        return box
    x0, y0, x1, y1 = max(box[0], clip[0]), max(box[1], clip[1]), min(box[2], clip[2]), min(box[3], clip[3])
    return (x0, y0, x1, y1) if x0 <= x1 and y0 <= y1 else None


def scale_of(ctm) -> float:
    """How long a user-space unit is on the page: the geometric mean of the matrix's two axes."""
    a, b, c, d, _, _ = ctm
    return math.sqrt(abs(a * d - b * c))


# --- handlers, called by the walk in `scan` with (walk, operands, operator) ----------------------


def _add_points(walk, operands, op: str) -> None:
    """m, l, c, v, y: every coordinate of the path (control points too: the box is generous)."""
    walk.path.extend(as_numbers(operands))


def _add_rectangle(walk, operands, op: str) -> None:
    x, y, w, h = as_numbers(operands)
    walk.path.extend((x, y, x + w, y + h))


def _clip(walk, operands, op: str) -> None:
    walk.clipping = True  # applies when the path is ended, by the next painting operator


PAINTS = {
    "f": (True, False),
    "F": (True, False),
    "f*": (True, False),
    "S": (False, True),
    "s": (False, True),
    "B": (True, True),
    "B*": (True, True),
    "b": (True, True),
    "b*": (True, True),
    "n": (False, False),
}


def _paint_path(walk, operands, op: str) -> None:
    """End the path: record its fill and stroke, then apply a pending clip."""
    state, fills_it, strokes_it = walk.state, *PAINTS[op]
    box = box_of_points(walk.path, state.ctm)
    walk.path = []
    if box is not None and fills_it:
        record_paint(walk, "fill", box, (state.fill_space, state.fill))
    if box is not None and strokes_it:
        width = state.line_width * scale_of(state.ctm)
        half = width / 2
        record_paint(
            walk,
            "stroke",
            (box[0] - half, box[1] - half, box[2] + half, box[3] + half),
            (state.stroke_space, state.stroke),
            width,
        )
    if walk.clipping:
        walk.clipping = False
        state.clip = intersect(box, state.clip) if box is not None else state.clip


def _set_line_width(walk, operands, op: str) -> None:
    walk.state.line_width = float(operands[0])


def _begin_text(walk, operands, op: str) -> None:
    walk.state.text_matrix = walk.state.line_matrix = IDENTITY


def _set_text_matrix(walk, operands, op: str) -> None:
    walk.state.text_matrix = walk.state.line_matrix = as_numbers(operands)


def _move_text(walk, operands, op: str) -> None:
    """Td, TD (which also sets the leading), and T* (down by the leading)."""
    tx, ty = as_numbers(operands) if operands else (0.0, -walk.state.leading)
    if op == "TD":
        walk.state.leading = -ty
    walk.state.text_matrix = walk.state.line_matrix = multiply((1, 0, 0, 1, tx, ty), walk.state.line_matrix)


def _set_leading(walk, operands, op: str) -> None:
    walk.state.leading = float(operands[0])


def next_line(walk) -> None:
    """' and " move to the next line before they show their text."""
    _move_text(walk, (), "T*")


def record_paint(walk, kind: str, box: Box | None, colour: tuple, width: float = 0.0) -> None:
    """A paint, clipped by the current clip; nothing when the clip hides it all, or it has no box."""
    clipped = intersect(box, walk.state.clip)
    if clipped is not None:
        walk.scan.paints.append(Paint(kind, clipped, (colour[0], tuple(round(v, 3) for v in colour[1])), width))


def record_image_paint(walk) -> None:
    """An image fills the unit square of the current matrix."""
    record_paint(walk, "image", box_of_points((0, 0, 1, 1), walk.state.ctm), ("image", ()))


def record_shading_paint(walk) -> None:
    """`sh` paints the whole clip: its extent is the clip's (unknown without one: not recorded)."""
    if walk.state.clip is not None:
        record_paint(walk, "shading", walk.state.clip, ("shading", ()))


def record_text(walk, colour) -> None:
    """A text run where the text matrix puts it, at the size the font size and matrices give it."""
    state = walk.state
    matrix = multiply(state.text_matrix, state.ctm)
    x, y = matrix[4], matrix[5]
    size = state.font_size * math.hypot(matrix[2], matrix[3])
    font = str(state.font.get("/BaseFont", "?")) if state.font is not None else "?"
    if colour is not None and intersect((x, y, x, y), state.clip) is not None:
        walk.scan.texts.append(TextRun(round(x, 2), round(y, 2), round(size, 3), colour, font, len(walk.scan.paints)))
    if state.render_mode % 4 in (1, 2):  # outlined text is also a stroke; its width is in user space
        record_paint(
            walk,
            "stroke",
            (x, y, x + size / 2, y + size / 2),
            (state.stroke_space, state.stroke),
            state.line_width * scale_of(state.ctm),
        )


GEOMETRY_HANDLERS = {
    **dict.fromkeys(("m", "l", "c", "v", "y"), _add_points),
    "re": _add_rectangle,
    "W": _clip,
    "W*": _clip,
    **dict.fromkeys(PAINTS, _paint_path),
    "w": _set_line_width,
    "BT": _begin_text,
    "Tm": _set_text_matrix,
    "Td": _move_text,
    "TD": _move_text,
    "T*": _move_text,
    "TL": _set_leading,
}
