"""Text against the page: outside the trim or inside its safe margin, below the smallest size; pages
that end too high; running heads and feet that wrap.

The last two need the page's frame: its text area and its margin boxes (running heads and feet).
The build has them from the typesetter; a file checked on its own has them inferred (`infer_frames`):
its running heads and feet are the lines printed at the same place on two pages or more, and its
text area lies between them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..messages import Said
from ..pdfcontent import MM
from ..typeset import PageFrame
from .layout_text import Found, Line, quoted

Box = tuple[float, float, float, float]
SAME_PLACE_PT = 1.0  # a line at the same place on another page (within this) is page furniture
MARGIN_TOLERANCE_PT = 0.5  # the ink box is an estimate: text this close to a limit keeps to it
# Of the page's height, at its top and at its foot: where a file's running heads and feet are looked for.
FURNITURE_BAND = 0.08


@dataclass(frozen=True)
class Frame:
    """Where a page's text belongs, in page points: its text area and its margin boxes."""

    area: Box | None
    margin_boxes: tuple[Box, ...] = ()


def frame_on_page(frame: PageFrame, trim: Box) -> Frame:
    """The typesetter's frame (millimetres from the trim's top-left) in page points."""

    def box(x0: float, y0: float, x1: float, y1: float) -> Box:
        return trim[0] + x0 * MM, trim[3] - y1 * MM, trim[0] + x1 * MM, trim[3] - y0 * MM

    return Frame(box(*frame.area), tuple(box(*margin) for margin in frame.margin_boxes))


def _outside(trim: Box, glyph) -> float:
    """How far a glyph's core lies outside the trim (0 inside), in points."""
    return max(trim[0] - glyph.middle, glyph.middle - trim[2], trim[1] - glyph.low, glyph.high - trim[3], 0.0)


def check_trim(lines: list[Line], trim: Box, safe_mm: float, found: list[Found]) -> None:
    """Glyphs outside the trim (cut off: an error), else lines inside the safe margin (a warning)."""
    for line in lines:
        x0, y0, x1, y1 = line.box
        closest = min(x0 - trim[0], trim[2] - x1, y0 - trim[1], trim[3] - y1)
        if closest >= safe_mm * MM - MARGIN_TOLERANCE_PT:
            continue
        distances = [
            (index, _outside(trim, glyph)) for index, glyph in enumerate(line.glyphs) if glyph.characters.strip()
        ]
        lost = [index for index, distance in distances if distance > MARGIN_TOLERANCE_PT]
        if lost:
            found.append(
                Found(
                    "error",
                    "outside-trim",
                    Said(
                        "{what} is outside the trim (up to {past:.1f} mm past it): cut off",
                        what=line.what(lost),
                        past=max(d for _, d in distances) / MM,
                    ),
                    line.box,
                    line.text,
                )
            )
        else:
            found.append(
                Found(
                    "warning",
                    "safe-margin",
                    Said(
                        "{text} is {distance:.1f} mm from the trim (keep text {safe:g} mm inside it)",
                        text=quoted(line.text),
                        distance=max(closest, 0) / MM,
                        safe=safe_mm,
                    ),
                    line.box,
                    line.text,
                )
            )


def check_sizes(lines: list[Line], trim: Box, smallest: float, credits: float, band_mm: float, found) -> None:
    """Text set below the smallest size; in the band at the sheet's foot, below the credits' size.
    One finding per size and minimum, quoting the first lines set at it."""
    small: dict[tuple[float, float], list] = defaultdict(list)
    for line in lines:
        for run in line.runs:
            in_band = band_mm > 0 and run.box[3] <= trim[1] + band_mm * MM
            least = credits if in_band else smallest
            if run.size < least - 0.01 and run.text.strip():
                small[(round(run.size, 1), least)].append((line, run))
    for (size, least), places in sorted(small.items()):
        texts = list(dict.fromkeys(line.text.strip() for line, _ in places))
        shown = ", ".join(quoted(text) for text in texts[:3])
        more = Said(" and {count} more", count=len(texts) - 3) if len(texts) > 3 else ""
        line, run = places[0]
        said = Said(
            "{size:g} pt text, under the {least:g} pt minimum: {shown}{more}",
            size=size,
            least=least,
            shown=shown,
            more=more,
        )
        found.append(Found("warning", "type-size", said, run.box, line.text))


def content_bottom(lines: list[Line], paints, frame: Frame) -> float | None:
    """The lowest point of the page's content inside its text area (page points), or None for none."""
    if frame.area is None:
        return None
    x0, y0, x1, y1 = frame.area
    inside = [box for box in (line.box for line in lines) if not _in_margin_box(box, frame)]
    inside += [
        p.box for p in paints if p.box[0] >= x0 - MM and p.box[2] <= x1 + MM and p.box[1] >= y0 - MM and p.box[3] <= y1
    ]
    bottoms = [box[1] for box in inside if box[3] > y0 and box[1] < y1]
    return min(bottoms) if bottoms else None


def check_fill(lines: list[Line], paints, frame: Frame, minimum: float, found: list[Found]) -> None:
    """A page (not the last) whose content ends above `minimum` of its text area's height."""
    if frame.area is None:
        return
    x0, y0, x1, y1 = frame.area
    bottom = content_bottom(lines, paints, frame)
    filled = 0.0 if bottom is None else (y1 - max(bottom, y0)) / (y1 - y0)
    if filled < minimum:
        found.append(
            Found(
                "warning",
                "underfilled-page",
                Said(
                    "the content ends at {filled:.0%} of the text area's height "
                    "(a page before the last goes down to at least {minimum:.0%})",
                    filled=filled,
                    minimum=minimum,
                ),
                (x0, y0, x1, y1),
            )
        )


def _in_margin_box(box: Box, frame: Frame) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return any(m[0] <= cx <= m[2] and m[1] <= cy <= m[3] for m in frame.margin_boxes)


def check_running_heads(lines: list[Line], frame: Frame, found: list[Found]) -> None:
    """A margin box (running head or foot) whose text takes more than one line."""
    for margin in frame.margin_boxes:
        inside = [line for line in lines if _in_margin_box(line.box, Frame(None, (margin,)))]
        baselines = sorted({round(line.runs[0].y, 1) for line in inside}, reverse=True)
        if len(baselines) > 1:
            text = " / ".join(
                " ".join(line.text.strip() for line in inside if round(line.runs[0].y, 1) == y) for y in baselines
            )
            found.append(
                Found(
                    "warning",
                    "running-head-wraps",
                    Said(
                        "the running head or foot {text} wraps onto {count} lines",
                        text=quoted(text),
                        count=len(baselines),
                    ),
                    margin,
                    text,
                )
            )


def infer_frames(lines_by_page: list[list[Line]], trims: list[Box]) -> list[Frame]:
    """Frames of a file checked on its own: its running heads and feet are the lines found at the same
    place on two pages or more, within the outer FURNITURE_BAND of the page; the text area lies between."""
    places: dict[tuple, set[int]] = defaultdict(set)
    for page, lines in enumerate(lines_by_page):
        for line in lines:
            for place in _places(line):
                places[place].add(page)
    frames = []
    for lines, trim in zip(lines_by_page, trims, strict=True):
        band = (trim[3] - trim[1]) * FURNITURE_BAND
        furniture = [
            line.box
            for line in lines
            if any(len(places[place]) > 1 for place in _places(line))
            and (line.box[1] >= trim[3] - band or line.box[3] <= trim[1] + band)
        ]
        top = min([box[1] for box in furniture if box[1] >= trim[3] - band], default=trim[3])
        bottom = max([box[3] for box in furniture if box[3] <= trim[1] + band], default=trim[1])
        frames.append(Frame((trim[0], bottom, trim[2], top), tuple(_margin_boxes(furniture, trim, band))))
    return frames


def _places(line: Line) -> tuple[tuple, tuple]:
    """Where a line sits, to the point: its baseline with its left end, and with its right end (a
    running head keeps one of them from page to page, whatever its text: page numbers change)."""
    y = round(line.runs[0].y / SAME_PLACE_PT)
    return (y, "left", round(line.box[0] / SAME_PLACE_PT)), (y, "right", round(line.box[2] / SAME_PLACE_PT))


def _margin_boxes(furniture: list[Box], trim: Box, band: float) -> list[Box]:
    """Each running head's or foot's column across the band it is in (overlapping ones merged)."""
    columns: list[Box] = []
    for x0, _, x1, y1 in furniture:
        column = (x0, trim[1], x1, trim[1] + band) if y1 <= trim[1] + band else (x0, trim[3] - band, x1, trim[3])
        for other in [
            c for c in columns if c[0] < column[2] and column[0] < c[2] and c[1] < column[3] and column[1] < c[3]
        ]:
            columns.remove(other)
            column = (
                min(column[0], other[0]),
                min(column[1], other[1]),
                max(column[2], other[2]),
                max(column[3], other[3]),
            )
        columns.append(column)
    return columns
