"""The prepress checks of where and how a page paints: artwork short of the bleed, hairlines, small
text on several plates, small text reversed out of a multi-plate colour; subset names reused for
different font programs. They read the `Paint`s and `TextRun`s of the page's scan (`pdfcontent`).

Positions are given in millimetres from the top left corner of the TrimBox, as a printer measures.
"""

from __future__ import annotations

import functools
import hashlib
from collections import defaultdict

import pikepdf
from pikepdf import Name

from ..messages import Counted, Said
from ..pdfcontent import MM, PageScan, declared_box
from .report import PreflightReport

NEAR_TRIM_MM = 1  # artwork ending this close to the trim was meant to bleed
REACH_TOLERANCE_PT = 0.1  # rounding: artwork this close to the bleed edge reaches it
MIN_STROKE_PT = 0.25  # the thinnest line a plate holds; thinner reversed lines fill in
SMALL_TEXT_PT = 9  # text under this size must print on one plate
LARGE_REVERSED_PT = 14  # reversed text this large holds at any weight
PLATE_THRESHOLD = 0.10  # a plate above 10 % counts: below it, misregistration does not show
MAX_FINDINGS_PER_CHECK = 8  # per page and check; the rest are counted in the last one


def plates(colour) -> int | None:
    """How many plates a colour prints on above the threshold; None when unknown (images, patterns)."""
    space, values = colour
    if space in ("/DeviceCMYK", "/ICCBased") and len(values) == 4:
        return sum(v > PLATE_THRESHOLD for v in values)
    if space in ("/DeviceGray", "/CalGray") and len(values) == 1:
        return int(values[0] < 1 - PLATE_THRESHOLD)
    if space.startswith("/Separation") and len(values) == 1:
        return int(values[0] > PLATE_THRESHOLD)
    return None


def has_ink(colour) -> bool:
    """Whether a colour prints at all: paper white (0/0/0/0, grey 1, tint 0) does not."""
    space, values = colour
    if (space in ("/DeviceCMYK", "/ICCBased") and len(values) == 4) or space.startswith(("/Separation", "/DeviceN")):
        return any(v > 0 for v in values)
    if space in ("/DeviceGray", "/CalGray") and len(values) == 1:
        return values[0] < 1
    if "RGB" in space and len(values) == 3:
        return any(v < 1 for v in values)
    return True  # images, shadings, patterns: assume they print


def colour_label(colour) -> str:
    space, values = colour
    if len(values) == 4:
        return "/".join(f"{v * 100:g}" for v in values)
    return f"{space.lstrip('/')} {' '.join(f'{v:g}' for v in values)}".strip()


def is_bold(font: str) -> bool:
    """Bold, extra bold or black, from the font's name (Inter-Bold, Inter-Ultra-Bold, NotoSerif-Bold)."""
    name = font.split("+")[-1].replace("-", "").lower()
    return any(w in name for w in ("bold", "black", "heavy")) and not any(w in name for w in ("semibold", "demibold"))


class PagePlace:
    """A page's TrimBox and BleedBox, and positions on it in millimetres from the trim's top left."""

    def __init__(self, trim, bleed):
        self.trim, self.bleed = trim, bleed
        self.bleed_mm = round(
            min(trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3]) / MM, 1
        )

    def point(self, x: float, y: float) -> list[float]:
        return [round((x - self.trim[0]) / MM, 1), round((self.trim[3] - y) / MM, 1)]

    def area(self, box) -> list[float]:
        return [*self.point(box[0], box[3]), *self.point(box[2], box[1])]

    def short_sides(self, box) -> dict[str, float]:
        """Sides on which the box ends within NEAR_TRIM_MM of the trim (or past it) but short of the
        bleed edge, with how far past the trim it ends (mm, negative inside)."""
        t, b, near = self.trim, self.bleed, NEAR_TRIM_MM * MM
        x0, y0, x1, y1 = max(box[0], b[0]), max(box[1], b[1]), min(box[2], b[2]), min(box[3], b[3])
        if x0 > x1 or y0 > y1:
            return {}  # wholly outside the bleed: printer's marks, slug
        ends = {
            "left": (t[0] - x0, x0 - b[0]),
            "right": (x1 - t[2], b[2] - x1),
            "top": (y1 - t[3], b[3] - y1),
            "bottom": (t[1] - y0, y0 - b[1]),
        }
        return {
            side: round(past / MM, 2)
            for side, (past, short) in ends.items()
            if past >= -near and short > REACH_TOLERANCE_PT
        }


def _where(place: PagePlace, box) -> Said:
    x0, y0, x1, y1 = place.area(box)
    return Said("at x {x0:g}–{x1:g} mm, y {y0:g}–{y1:g} mm", x0=x0, x1=x1, y0=y0, y1=y1)


def _add_limited(report: PreflightReport, found: list, check: str, number: int) -> None:
    """At most MAX_FINDINGS_PER_CHECK findings of a check on a page; the last one counts the rest."""
    for index, (message, position) in enumerate(found[:MAX_FINDINGS_PER_CHECK]):
        if index == MAX_FINDINGS_PER_CHECK - 1 and len(found) > MAX_FINDINGS_PER_CHECK:
            more = Said(" (and {count} more like it on this page)", count=len(found) - MAX_FINDINGS_PER_CHECK)
            message = Said("{message}{more}", message=message, more=more)
        report.add("error", check, message, number, position)


def check_artwork_bleed(scan: PageScan, place: PagePlace, number: int, report: PreflightReport) -> None:
    """Artwork that ends at (or just inside) the trim but not at the bleed edge leaves a white sliver."""
    found = []
    for paint in scan.paints:
        if not has_ink(paint.colour):
            continue
        short = place.short_sides(paint.box)
        if short:
            sides = functools.reduce(
                lambda one, other: Said("{one}, {other}", one=one, other=other),
                (Said("{side} {past:+.2f} mm from the trim", side=side, past=past) for side, past in short.items()),
            )
            said = Said(
                "{kind} {colour} ends {sides}, short of the {bleed:g} mm bleed {where}: extend it to the bleed edge",
                kind=paint.kind,
                colour=colour_label(paint.colour),
                sides=sides,
                bleed=place.bleed_mm,
                where=_where(place, paint.box),
            )
            found.append((said, place.area(paint.box)))
    _add_limited(report, found, "artwork-bleed", number)


def check_hairlines(scan: PageScan, place: PagePlace, number: int, report: PreflightReport) -> None:
    """Strokes under 0.25 pt, white ones (reversed out of the background) included: one finding per width and colour."""
    groups: dict[tuple, list] = defaultdict(list)
    for paint in scan.paints:
        if paint.kind == "stroke" and paint.width < MIN_STROKE_PT - 1e-3:
            groups[(round(paint.width, 3), paint.colour)].append(paint)
    found = []
    for (width, colour), paints in sorted(groups.items(), key=lambda item: item[0][0]):
        kind = (
            Counted(
                "{count} stroke {width:g} pt wide in {colour}",
                "{count} strokes {width:g} pt wide in {colour}",
                count=len(paints),
                width=width,
                colour=colour_label(colour),
            )
            if has_ink(colour)
            else Counted(
                "{count} white (reversed) stroke {width:g} pt wide",
                "{count} white (reversed) strokes {width:g} pt wide",
                count=len(paints),
                width=width,
            )
        )
        said = Said(
            "{kind}, under {least:g} pt, first {where}: make it at least {least:g} pt",
            kind=kind,
            least=MIN_STROKE_PT,
            where=_where(place, paints[0].box),
        )
        found.append((said, place.area(paints[0].box)))
    _add_limited(report, found, "hairline", number)


def background_of(scan: PageScan, run) -> tuple | None:
    """The colour of the topmost fill painted before the run under its start (a little above the baseline)."""
    x, y = run.x + 0.5, run.y + run.size * 0.3
    for paint in reversed(scan.paints[: run.behind]):
        if paint.kind != "stroke" and paint.box[0] <= x <= paint.box[2] and paint.box[1] <= y <= paint.box[3]:
            return paint.colour
    return None


def _runs_told(runs: list, font: str, size: float, colour: tuple, place: PagePlace) -> dict:
    """What a finding about runs of one font, size and colour says of them: how many, in what, on how
    many plates, and where the first one is (mm)."""
    x, y = place.point(runs[0].x, runs[0].y)
    return {
        "count": len(runs),
        "size": size,
        "font": font.lstrip("/"),
        "colour": colour_label(colour),
        "plates": plates(colour),
        "x": x,
        "y": y,
    }


def check_small_text(scan: PageScan, place: PagePlace, number: int, report: PreflightReport) -> None:
    """Text under 9 pt on two plates or more; white text out of a multi-plate colour unless 9 pt bold or 14 pt."""
    several: dict[tuple, list] = defaultdict(list)
    reversed_out: dict[tuple, list] = defaultdict(list)
    for run in scan.texts:
        small = run.size < SMALL_TEXT_PT - 0.01
        if small and (plates(run.colour) or 0) > 1:
            several[(run.font, run.size, run.colour)].append(run)
        elif (small or not is_bold(run.font)) and run.size < LARGE_REVERSED_PT - 0.01 and not has_ink(run.colour):
            background = background_of(scan, run)
            if background is not None and (plates(background) or 0) > 1:
                reversed_out[(run.font, run.size, background)].append(run)
    found = [
        (
            Counted(
                "{count} run of {size:g} pt text ({font}) in {colour}, on {plates} plates, first at x {x:g} mm, "
                "y {y:g} mm: text under {least} pt prints on one plate (100 % K or a single ink)",
                "{count} runs of {size:g} pt text ({font}) in {colour}, on {plates} plates, first at x {x:g} mm, "
                "y {y:g} mm: text under {least} pt prints on one plate (100 % K or a single ink)",
                **_runs_told(runs, font, size, colour, place),
                least=SMALL_TEXT_PT,
            ),
            place.point(runs[0].x, runs[0].y),
        )
        for (font, size, colour), runs in sorted(several.items())
    ]
    _add_limited(report, found, "small-text-plates", number)
    found = [
        (
            Counted(
                "{count} run of white {size:g} pt text ({font}) reversed out of {colour} ({plates} plates), first at "
                "x {x:g} mm, y {y:g} mm: reversed text needs {least} pt bold (or {large} pt), or a one-plate background",
                "{count} runs of white {size:g} pt text ({font}) reversed out of {colour} ({plates} plates), first at "
                "x {x:g} mm, y {y:g} mm: reversed text needs {least} pt bold (or {large} pt), or a one-plate background",
                **_runs_told(runs, font, size, background, place),
                least=SMALL_TEXT_PT,
                large=LARGE_REVERSED_PT,
            ),
            place.point(runs[0].x, runs[0].y),
        )
        for (font, size, background), runs in sorted(reversed_out.items())
    ]
    _add_limited(report, found, "reversed-text", number)


def check_page_prepress(page: pikepdf.Page, scan: PageScan, number: int, report: PreflightReport) -> None:
    """The checks of where a page paints, against its TrimBox and BleedBox (none without them)."""
    trim, bleed = declared_box(page, "/TrimBox"), declared_box(page, "/BleedBox")
    if trim is None or bleed is None:
        return  # reported by check_boxes
    place = PagePlace(trim, bleed)
    check_artwork_bleed(scan, place, number, report)
    check_hairlines(scan, place, number, report)
    check_small_text(scan, place, number, report)


# --- font subsets -----------------------------------------------------------------------------------


def subset_programs(pdf: pikepdf.Pdf) -> dict[str, set[str]]:
    """Each subset font name ('ABCDEF+Inter-Bold') → the SHA-256 of the font programs embedded under it."""
    programs: dict[str, set[str]] = defaultdict(set)
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != Name.FontDescriptor:
            continue
        name = str(obj.get("/FontName", ""))
        program = next((obj[key] for key in ("/FontFile", "/FontFile2", "/FontFile3") if key in obj), None)
        if "+" in name and isinstance(program, pikepdf.Stream):
            programs[name.lstrip("/")].add(hashlib.sha256(program.read_bytes()).hexdigest())
    return dict(programs)


def check_subsets(report: PreflightReport) -> None:
    """One subset name for two different font programs in one file: a RIP may keep either."""
    for name, digests in sorted(report.subsets.items()):
        if len(digests) > 1:
            report.add(
                "error",
                "subset-name",
                Said(
                    "subset name {name} is used for {count} different font programs; each subset needs a name of its own",
                    name=name,
                    count=len(digests),
                ),
            )


def check_subsets_together(reports: list[PreflightReport]) -> None:
    """Across the files checked together: a subset name that stands for different font programs in
    different files is an error in each of them (a RIP that gangs the files may use the wrong glyphs)."""
    files_of: dict[str, dict[str, list[PreflightReport]]] = defaultdict(lambda: defaultdict(list))
    for report in reports:
        for name, digests in report.subsets.items():
            for digest in digests:
                files_of[name][digest].append(report)
    for name, by_program in sorted(files_of.items()):
        if len(by_program) < 2:
            continue
        involved = {id(r): r for group in by_program.values() for r in group}
        for report in involved.values():
            others = sorted({r.path for r in involved.values() if r is not report})
            report.add(
                "error",
                "subset-name",
                Said(
                    "subset name {name} stands for {count} different font programs across the files checked together "
                    "(also in {others}); each glyph set needs a name of its own",
                    name=name,
                    count=len(by_program),
                    others=", ".join(others),
                ),
            )
