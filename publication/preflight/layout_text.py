"""Text on the page against what else the page paints: hidden under a later paint, cut off by its
clip, or in a colour its background nearly has.

It reads the page's scan (`pdfcontent`): text runs with their glyphs' extents, and paints, in
painting order. Runs are joined into lines (a line set in several styles, an SVG label drawn glyph
by glyph). A glyph is read at its core, a short upright segment at its middle from 0.1 to 0.5 em
above the baseline: what covers the core hides the glyph, what crosses it strikes it through.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from ..messages import Said
from ..palette import contrast
from ..pdfcontent import PageScan
from .prepress import colour_label

CORE = (0.1, 0.5)  # a glyph's core, in em above the baseline
BAND = (-0.15, 0.7)  # the band a line of text takes, in em from the baseline: where lines collide
SAME_LINE_EM = 0.15  # runs whose baselines are this close are on one line
OVERLAP_EM = 0.25  # text overlapping other text by more than this, across and down, collides
HALO_EM = 0.15  # a stroke at least this wide (in em of the text on it) is a halo, a background


class Glyph(NamedTuple):
    """One drawn glyph of an upright run: its characters, its extent across, its core."""

    characters: str
    left: float
    right: float
    low: float  # its core, from `low` to `high`, at the middle of its extent
    high: float
    run: object

    @property
    def middle(self) -> float:
        return (self.left + self.right) / 2


@dataclass
class Line:
    """Consecutive runs on one baseline."""

    runs: list = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    @property
    def size(self) -> float:
        return max(run.size for run in self.runs)

    @property
    def upright(self) -> bool:
        return all(run.upright for run in self.runs)

    @cached_property
    def box(self):
        boxes = [run.box for run in self.runs]
        return min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)

    def band(self, lower: float = BAND[0], upper: float = BAND[1]):
        """The line's extent across, and from `lower` to `upper` em about its baseline."""
        x0, _, x1, _ = self.box
        y, size = self.runs[0].y, self.size
        return x0, y + lower * size, x1, y + upper * size

    @cached_property
    def glyphs(self) -> list[Glyph]:
        """Every glyph of the line's upright runs; a space is one too (it has no core to hide)."""
        glyphs = []
        for run in (run for run in self.runs if run.upright):
            low, high, start = run.y + CORE[0] * run.size, run.y + CORE[1] * run.size, 0.0
            for stop, characters in zip(run.stops, run.characters, strict=True):
                glyphs.append(Glyph(characters, run.x + start, run.x + stop, low, high, run))
                start = stop
        return glyphs

    @cached_property
    def offsets(self) -> dict[int, int]:
        """Where each upright run's glyphs start among the line's."""
        offsets, total = {}, 0
        for run in self.runs:
            if run.upright:
                offsets[id(run)], total = total, total + len(run.stops)
        return offsets

    def drawn(self, run) -> list[tuple[int, Glyph]]:
        """An upright run's drawn glyphs (not spaces), each with its index among the line's glyphs."""
        first, low, high, start = self.offsets[id(run)], run.y + CORE[0] * run.size, run.y + CORE[1] * run.size, 0.0
        drawn = []
        for index, (stop, characters) in enumerate(zip(run.stops, run.characters, strict=True)):
            if characters.strip():
                drawn.append((first + index, Glyph(characters, run.x + start, run.x + stop, low, high, run)))
            start = stop
        return drawn

    def quote(self, indices) -> str:
        """The glyphs given, as the reader sees them: '…' between those with other text between them."""
        text, previous = "", None
        for index in indices:
            between = (
                "".join(glyph.characters for glyph in self.glyphs[previous + 1 : index]) if previous is not None else ""
            )
            text += (between if not between.strip() else "…") + self.glyphs[index].characters
            previous = index
        return text

    def what(self, indices) -> Said | str:
        """'x' of 'the line', or 'the line' when all of it."""
        part, whole = quoted(self.quote(indices)), quoted(self.text)
        return whole if part == whole else Said("{part} of {whole}", part=part, whole=whole)


SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2011": "-", "\u00ad": ""})
LONGEST_QUOTE = 80


def quoted(text: str) -> str:
    """A text in quotes, its special spaces made plain, cut to LONGEST_QUOTE characters."""
    plain = " ".join(text.translate(SPACES).split())
    return f"'{plain if len(plain) <= LONGEST_QUOTE else plain[: LONGEST_QUOTE - 1] + '…'}'"


def lines_of(scan: PageScan) -> list[Line]:
    """The page's text runs joined into lines: each run continues the line before it when it starts
    where that one ends (give or take a space) on the same baseline."""
    lines: list[Line] = []
    for run in scan.texts:
        last = lines[-1].runs[-1] if lines else None
        if (
            last is not None
            and run.upright
            and last.upright
            and abs(run.y - last.y) <= SAME_LINE_EM * min(run.size, last.size)
            and -0.3 * run.size <= run.x - (last.x + last.width) <= 0.6 * run.size
        ):
            lines[-1].runs.append(run)
        else:
            lines.append(Line([run]))
    return lines


def covers(box, glyph: Glyph) -> bool:
    """Whether a box covers the glyph's core."""
    return box[0] <= glyph.middle <= box[2] and box[1] <= glyph.low and glyph.high <= box[3]


@dataclass
class Found:
    """A finding before it is reported: the check, what it says, where (page points), the text concerned."""

    severity: str
    check: str
    message: Said
    box: tuple
    text: str = ""


def _lost(line: Line, indices: list[int], why: Said) -> Found:
    return Found("error", "hidden-text", Said("{what} {why}", what=line.what(indices), why=why), line.box, line.text)


def _meets(one, other) -> bool:
    return one[0] < other[2] and other[0] < one[2] and one[1] < other[3] and other[1] < one[3]


def core_band(run) -> tuple:
    """The band of an upright run's glyph cores, from its start to its end."""
    return run.x, run.y + CORE[0] * run.size, run.x + run.width, run.y + CORE[1] * run.size


def contains(box, inner) -> bool:
    return box[0] <= inner[0] and box[1] <= inner[1] and inner[2] <= box[2] and inner[3] <= box[3]


def check_covered(scan: PageScan, line: Line, found: list[Found]) -> None:
    """Glyphs under an opaque fill or image painted after them, or outside the clip they were drawn in."""
    covered, clipped, cover = [], [], None
    for run in (run for run in line.runs if run.upright):
        later = [p for p in scan.paints[run.behind :] if p.solid and _meets(p.box, run.box)]
        cut = run.clip is not None and not contains(run.clip, core_band(run))
        for index, glyph in line.drawn(run) if later or cut else ():
            paint = next((p for p in later if covers(p.box, glyph)), None)
            if paint is not None:
                covered.append(index)
                cover = cover or paint
            if cut and not covers(run.clip, glyph):
                clipped.append(index)
    if covered and cover is not None:  # a glyph is covered by the paint found first
        what = Said("an image") if cover.kind == "image" else Said("a {colour} fill", colour=colour_label(cover.colour))
        found.append(_lost(line, covered, Said("is hidden under {what} painted after it", what=what)))
    if clipped:
        found.append(_lost(line, clipped, Said("is cut off by the edge of the area it is drawn in")))


def plain_rgb(colour) -> tuple[float, float, float] | None:
    """A flat colour as sRGB by formula (CMYK without a profile), near enough to compare lightness."""
    space, values = colour
    if len(values) == 4:
        c, m, y, k = values
        return (1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)
    if len(values) == 3 and "RGB" in space:
        return tuple(values)
    if len(values) == 1 and "Gray" in space:
        return values[0], values[0], values[0]
    return None


class Inks:
    """Flat colours as sRGB to compare them: CMYK through the file's output profile when it has one
    (a plain formula makes a red on a blue look darker than it prints), grey and RGB as they are."""

    def __init__(self, profile: bytes | None = None):
        self.transform = None
        if profile:
            from PIL import ImageCms

            cmyk = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            # Without optimising: a few colours are converted, the optimisation would cost a tenth of a second.
            self.transform = ImageCms.buildTransform(
                cmyk, ImageCms.createProfile("sRGB"), "CMYK", "RGB", flags=ImageCms.Flags.NOOPTIMIZE
            )
        self.known: dict[tuple, float | None] = {}

    def rgb(self, colour) -> tuple[float, float, float] | None:
        if self.transform is None or len(colour[1]) != 4:
            return plain_rgb(colour)
        from PIL import Image, ImageCms

        pixel = Image.new("CMYK", (1, 1), tuple(round(v * 255) for v in colour[1]))
        converted = ImageCms.applyTransform(pixel, self.transform)
        assert converted is not None  # None only for a conversion in place
        red, green, blue = converted.tobytes()
        return red / 255, green / 255, blue / 255

    def contrast(self, colour, ground) -> float | None:
        """The contrast of two flat colours (None if either is not one)."""
        if (colour, ground) not in self.known:
            ink, under = self.rgb(colour), self.rgb(ground) if ground is not None else None
            self.known[colour, ground] = contrast(ink, under) if ink is not None and under is not None else None
        return self.known[colour, ground]


PAPER = ("/DeviceGray", (1.0,))


def grounds_of(scan: PageScan, run):
    """What may lie under the run, topmost first: the paints before it that meet it (a rule or a
    border is no background; a label's halo is)."""
    return (
        paint
        for paint in reversed(scan.paints[: run.behind])
        if not (paint.kind == "stroke" and paint.width < HALO_EM * run.size) and _meets(paint.box, run.box)
    )


def ground_of(grounds: list, glyph: Glyph):
    """The flat colour under a glyph's core (the paper if nothing is painted there); None when it is an
    image, a shading or a shape whose box is all that is known of it."""
    paint = next((paint for paint in grounds if covers(paint.box, glyph)), None)
    return _colour_of_ground(paint)


def _colour_of_ground(paint):
    if paint is None:
        return PAPER
    return paint.colour if paint.solid or paint.kind == "stroke" else None


def check_contrast(scan: PageScan, line: Line, least: float, inks: Inks, found: list[Found]) -> None:
    """Glyphs whose colour is so close to the flat colour under them that they cannot be seen."""
    faint, worst = [], None
    for run in (run for run in line.runs if run.upright and plain_rgb(run.colour) is not None):
        grounds = grounds_of(scan, run)
        top = next(grounds, None)
        if top is None or contains(top.box, core_band(run)):  # one ground under the whole run: one comparison
            ground = _colour_of_ground(top)
            ratio = inks.contrast(run.colour, ground)
            under = [(index, ground) for index, _ in line.drawn(run)] if ratio is not None and ratio < least else []
        else:
            rest = [top, *grounds]
            under = [(index, ground_of(rest, glyph)) for index, glyph in line.drawn(run)]
        for index, ground in under:
            ratio = inks.contrast(run.colour, ground)
            if ratio is not None and ratio < least:
                faint.append(index)
                worst = worst or (run.colour, ground, ratio)
    if faint and worst is not None:  # the first faint glyph set worst
        colour, ground, ratio = worst
        what = Said("the paper") if ground == PAPER else colour_label(ground)
        why = Said(
            "is hidden: {colour} text on {ground}, contrast {ratio:.2f}:1 (at least {least:g}:1)",
            colour=colour_label(colour),
            ground=what,
            ratio=ratio,
            least=least,
        )
        found.append(_lost(line, faint, why))
