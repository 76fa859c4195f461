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
    solid: bool = False  # it covers all its box, opaque: one rectangle in a rectangular clip, or an unmasked image
    thickness: float = math.inf  # the thinner of its own box and its clip (a rule is thin by one of them)


@dataclass(frozen=True)
class TextRun:
    """One text-showing operator: where it starts on the page, its size in points, its fill colour,
    and what it draws: its characters, its ink box, where each glyph ends along the baseline."""

    x: float
    y: float
    size: float
    colour: tuple  # (colour space family, values), as GraphicsState.text_colour gives it
    font: str  # BaseFont, e.g. '/ABCDEF+Inter-Bold'
    behind: int  # how many paints of the page come before it: what it may be printed on
    text: str = ""
    box: Box = (0.0, 0.0, 0.0, 0.0)  # from INK_BELOW em under the baseline to INK_ABOVE em over it
    stops: tuple = ()  # each glyph's end, in points along the baseline from (x, y)
    characters: tuple = ()  # each glyph's characters ('' for a glyph that stands for none)
    clip: Box | None = None  # the clip it was drawn in; None: the whole page
    upright: bool = True  # the baseline runs left to right on the page, the glyphs stand upright

    @property
    def width(self) -> float:
        return self.stops[-1] if self.stops else 0.0


# A glyph's ink, as a fraction of the type size from the baseline: below it the descenders, above
# it the ascenders and capitals (Inter and Noto Serif: descender 0.2–0.24, cap height 0.71–0.73).
INK_BELOW = 0.2
MAX_RULE_COORDINATES = 16  # a path of at most eight points without curves may be a rule (a line, a frame)
INK_ABOVE = 0.72


def transform(point, ctm) -> tuple[float, float]:
    x, y = point
    a, b, c, d, e, f = ctm
    return a * x + c * y + e, b * x + d * y + f


def box_of_points(coordinates, ctm) -> Box | None:
    """The page-space box around user-space coordinates (x0, y0, x1, y1, …) under a matrix."""
    if len(coordinates) < 2:
        return None
    xs, ys = coordinates[0::2], coordinates[1::2]
    left, bottom, right, top = float(min(xs)), float(min(ys)), float(max(xs)), float(max(ys))
    corners = [transform(p, ctm) for p in ((left, bottom), (left, top), (right, bottom), (right, top))]
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


def _move(walk, operands, op: str) -> None:
    """m: a new subpath (a moveto right after a moveto draws nothing: the first one goes)."""
    if walk.moved:
        del walk.path[-2:]
        walk.subpaths -= 1
    walk.path += operands  # numbers as parsed: converted once the path is painted, its extremes only
    walk.moved = True
    walk.subpaths += 1


def _add_line(walk, operands, op: str) -> None:
    walk.path += operands
    walk.moved = False


def _add_curve(walk, operands, op: str) -> None:
    """c, v, y: every coordinate of the curve (control points too: the box is generous)."""
    walk.path += operands
    walk.moved = False
    walk.curved = True


def _add_rectangle(walk, operands, op: str) -> None:
    x, y, w, h = as_numbers(operands)
    if walk.moved:
        del walk.path[-2:]
        walk.subpaths -= 1
    walk.path.extend((x, y, x + w, y + h))
    walk.subpaths += 1
    walk.moved = False


def path_is_rectangle(walk) -> bool:
    """The path is one upright rectangle on the page (`re`, or four straight sides): its box is what it covers."""
    a, b, c, d, _, _ = walk.state.ctm
    if walk.subpaths != 1 or walk.curved or (b and a) or (c and d):
        return False
    xs, ys = walk.path[0::2], walk.path[1::2]
    return (
        len(xs) <= 5
        and all(min(abs(v - min(xs)), abs(v - max(xs))) < 0.01 for v in xs)
        and all(min(abs(v - min(ys)), abs(v - max(ys))) < 0.01 for v in ys)
    )


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
    if walk.moved:  # a path ending on a moveto: that point draws nothing
        del walk.path[-2:]
        walk.subpaths -= 1
    box = box_of_points(walk.path, state.ctm)
    rectangle = path_is_rectangle(walk) if fills_it or walk.clipping else False
    straight = not walk.curved and len(walk.path) <= MAX_RULE_COORDINATES
    walk.path, walk.subpaths, walk.curved, walk.moved = [], 0, False, False
    if box is not None and fills_it:
        opaque = rectangle and state.clip_exact and state.fill_alpha >= 1 and not state.soft_mask
        record_paint(walk, "fill", box, (state.fill_space, state.fill), solid=opaque, straight=straight)
    if box is not None and strokes_it:
        width = state.line_width * scale_of(state.ctm)
        half = width / 2
        record_paint(
            walk,
            "stroke",
            (box[0] - half, box[1] - half, box[2] + half, box[3] + half),
            (state.stroke_space, state.stroke),
            width,
            straight=straight,
        )
    if walk.clipping:
        walk.clipping = False
        state.clip = intersect(box, state.clip) if box is not None else state.clip
        state.clip_exact = state.clip_exact and rectangle


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


def record_paint(
    walk, kind: str, box: Box | None, colour: tuple, width: float = 0.0, solid: bool = False, straight: bool = False
) -> None:
    """A paint, clipped by the current clip; nothing when the clip hides it all, or it has no box.

    Its thickness is its clip's, or its own box's when it is `straight` (a line, a rectangle or two):
    a country that the edge of its map cuts to a sliver is no rule.
    """
    clip = walk.state.clip
    clipped = intersect(box, clip)
    if box is not None and clipped is not None:
        values = tuple(round(v, 3) for v in colour[1])
        thickness = min(
            *((box[2] - box[0], box[3] - box[1]) if straight else (math.inf,)),
            *((clip[2] - clip[0], clip[3] - clip[1]) if clip else (math.inf,)),
        )
        walk.scan.paints.append(Paint(kind, clipped, (colour[0], values), width, solid, thickness))


def record_image_paint(walk, masked: bool = False) -> None:
    """An image fills the unit square of the current matrix; unmasked and upright, it covers its box."""
    state = walk.state
    _, b, c, _, _, _ = state.ctm
    solid = not masked and not (b or c) and state.clip_exact and state.fill_alpha >= 1 and not state.soft_mask
    record_paint(walk, "image", box_of_points((0, 0, 1, 1), state.ctm), ("image", ()), solid=solid)


def record_shading_paint(walk) -> None:
    """`sh` paints the whole clip: its extent is the clip's (unknown without one: not recorded)."""
    if walk.state.clip is not None:
        record_paint(walk, "shading", walk.state.clip, ("shading", ()))


def record_text(walk, colour, shown) -> None:
    """A text run where the text matrix puts it, at the size the font size and matrices give it;
    the text matrix then moves past it, as the operator moves it."""
    state = walk.state
    matrix = multiply(state.text_matrix, state.ctm)
    a, b, c, d, x, y = matrix
    size = state.font_size * math.hypot(c, d)
    below, above = state.rise - INK_BELOW * state.font_size, state.rise + INK_ABOVE * state.font_size
    box = box_of_points((0.0, below, shown.advance, above), matrix)
    if colour is not None and box is not None and intersect(box, state.clip) is not None:
        along = math.hypot(a, b)
        font = str(state.font.get("/BaseFont", "?")) if state.font is not None else "?"
        walk.scan.texts.append(
            TextRun(
                round(x, 2),
                round(y, 2),
                round(size, 3),
                colour,
                font,
                len(walk.scan.paints),
                "".join(shown.characters),
                box,
                tuple(stop * along for stop in shown.stops),
                tuple(shown.characters),
                state.clip,
                a > 0 and d > 0 and abs(b) < 1e-6 * a and abs(c) < 1e-6 * d,
            )
        )
    if state.render_mode % 4 in (1, 2):  # outlined text is also a stroke; its width is in user space
        record_paint(walk, "stroke", box, (state.stroke_space, state.stroke), state.line_width * scale_of(state.ctm))
    state.text_matrix = multiply((1, 0, 0, 1, shown.advance, 0), state.text_matrix)


def _set_text_state(walk, operands, op: str) -> None:
    """Tc, Tw, Tz, Ts: character and word spacing, horizontal scaling, rise."""
    value = float(operands[0])
    if op == "Tc":
        walk.state.char_spacing = value
    elif op == "Tw":
        walk.state.word_spacing = value
    elif op == "Tz":
        walk.state.scaling = value / 100
    else:
        walk.state.rise = value


GEOMETRY_HANDLERS = {
    "m": _move,
    "l": _add_line,
    **dict.fromkeys(("c", "v", "y"), _add_curve),
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
    **dict.fromkeys(("Tc", "Tw", "Tz", "Ts"), _set_text_state),
}
