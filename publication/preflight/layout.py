"""The layout preflight: on a document's own PDF geometry, text that is lost (hidden, colliding, outside
the trim) and text that is badly placed (rules through it, in the safe margin, too small, on a page
that ends too high, in a running head that wraps).

Lost content is an error: the build does not commit the document. The rest are warnings (errors
with `--strict`). The thresholds of each kind of publication are in one table, `LAYOUT_RULES`.
Positions are in millimetres from the trim's top-left corner; each finding quotes its text.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from types import MappingProxyType

from ..errors import counted
from ..kinds import FALLBACK_KIND, KIND_TABLE, LayoutRules, kind_of
from ..messages import Said, _
from ..pdfcontent import MM, PageScan, box_of, scan_pages, without_cycle_collection
from ..plan import PAGE_SIZES_MM
from ..typeset import PageFrame
from .layout_overlap import check_collisions, check_rules, rules_of
from .layout_page import Frame, check_fill, check_running_heads, check_sizes, check_trim, frame_on_page, infer_frames
from .layout_text import Found, Inks, check_contrast, check_covered, lines_of
from .prepress import MAX_FINDINGS_PER_CHECK, PagePlace
from .report import PreflightReport, open_or_report

# Each kind's thresholds are its `layout_rules` (kinds.KIND_TABLE), at the kind's own size; the poster's at
# A2, scaled with the sheet's width (A3 = A2/√2, A1 = A2·√2).
LAYOUT_RULES = MappingProxyType({kind.name: kind.layout_rules for kind in KIND_TABLE})
# A sheet made for several kinds is checked as the fallback kind if it is one of them, else as the first.
# A sheet is one of the kinds typeset on a sheet (a web page has none).
CHECKED_AS_ORDER = (FALLBACK_KIND, *(kind for kind in KIND_TABLE if kind.typeset and kind is not FALLBACK_KIND))


def rules_for(kind: str, width_mm: float) -> LayoutRules:
    """The rules of a kind of publication at its trim width."""
    record = kind_of(kind)
    reference = PAGE_SIZES_MM[record.trim][0]
    return record.layout_rules.scaled(width_mm / reference) if record.root_pt is not None else record.layout_rules


def rules_for_sheet(width_mm: float, height_mm: float) -> tuple[str, LayoutRules]:
    """A file checked on its own: the kind its trim size is made for, either way up, and that kind's
    rules (a brochure's spread of two A5 pages is A4, whose rules are A5's); any other size as A4."""
    short, long = sorted((width_mm, height_mm))
    for name, (width, height) in PAGE_SIZES_MM.items():
        kinds = [kind.name for kind in CHECKED_AS_ORDER if kind.trim == name or name in kind.sizes]
        if kinds and abs(short - width) <= 2 and abs(long - height) <= 2:
            return f"{kinds[0]} {name}", rules_for(kinds[0], width)
    return f"{width_mm:.0f} × {height_mm:.0f} mm, checked as a {FALLBACK_KIND.name}", FALLBACK_KIND.layout_rules


def page_findings(
    scan: PageScan, lines, trim, rules: LayoutRules, frame: Frame | None, inks: Inks, last: bool
) -> list[Found]:
    """Every finding of one page, in the checks' order."""
    found: list[Found] = []
    for line in lines:
        check_covered(scan, line, found)
        check_contrast(scan, line, rules.least_contrast, inks, found)
    check_collisions(lines, found)
    check_trim(lines, trim, rules.safe_margin_mm, found)
    rules_on_page = rules_of(scan)
    for line in lines:
        check_rules(rules_on_page, line, found)
    check_sizes(lines, trim, rules.smallest_pt, rules.credits_pt, rules.credits_band_mm, found)
    if frame is not None:
        if not last:
            check_fill(lines, scan.paints, frame, rules.least_filled, found)
        check_running_heads(lines, frame, found)
    return found


def report_found(found: list[Found], place: PagePlace, number: int, report: PreflightReport) -> None:
    """At most MAX_FINDINGS_PER_CHECK findings of a check on a page, the last one counting the rest."""
    by_check: dict[str, list[Found]] = {}
    for item in found:
        by_check.setdefault(item.check, []).append(item)
    for items in by_check.values():
        for index, item in enumerate(items[:MAX_FINDINGS_PER_CHECK]):
            more: Said | str = ""
            if index == MAX_FINDINGS_PER_CHECK - 1 and len(items) > MAX_FINDINGS_PER_CHECK:
                more = Said(" (and {count} more like it on this page)", count=len(items) - MAX_FINDINGS_PER_CHECK)
            x0, y0, x1, y1 = place.area(item.box)
            message = Said(
                "{message}{more}, at x {x0:g}–{x1:g} mm, y {y0:g}–{y1:g} mm",
                message=item.message,
                more=more,
                x0=x0,
                x1=x1,
                y0=y0,
                y1=y1,
            )
            report.add(item.severity, item.check, message, number, [x0, y0, x1, y1], item.text.strip() or None)


def check_layout(
    pdf,
    rules: LayoutRules,
    report: PreflightReport,
    page_scans: Sequence[PageScan] | None = None,
    frames: Sequence[PageFrame] | None = None,
) -> None:
    """Check every page of an open PDF; without `frames` (the typesetter's), they are inferred."""
    scans = scan_pages(pdf) if page_scans is None else page_scans
    trims = [box_of(page, "/TrimBox") for page in pdf.pages]
    lines = [lines_of(scan) for scan in scans]
    inks = inks_of(pdf)
    if frames is None:
        on_page = infer_frames(lines, trims)
    elif len(frames) != len(scans):
        raise ValueError(f"{len(frames)} page frames for a PDF of {len(scans)} pages")
    else:
        on_page = [frame_on_page(frame, trim) for frame, trim in zip(frames, trims, strict=True)]
    for number, (scan, trim) in enumerate(zip(scans, trims, strict=True), start=1):
        last = number == len(scans)
        found = page_findings(scan, lines[number - 1], trim, rules, on_page[number - 1], inks, last)
        report_found(found, PagePlace(trim, trim), number, report)


_INKS: dict[tuple, Inks] = {}  # per printing condition: its profile read once per process


def inks_of(pdf) -> Inks:
    """The colours of a file as its output intent's ICC profile prints them (plain formulas without one)."""
    for intent in pdf.Root.get("/OutputIntents", []):
        profile = intent.get("/DestOutputProfile")
        if profile is not None:
            key = (str(intent.get("/OutputConditionIdentifier", "")), int(profile.get("/Length", 0)))
            if key not in _INKS:
                _INKS[key] = Inks(profile.read_bytes())
            return _INKS[key]
    return Inks()


class LayoutReport(PreflightReport):
    """A file's layout preflight (`preflight --layout`): its findings, under the kind its size is checked as."""

    checked_as: str = ""

    def heading(self) -> str:
        checked = _(", checked as {kind}").format(kind=self.checked_as) if self.checked_as else ""
        return _("{file}: {pages}, layout{checked}").format(
            file=self.path, pages=counted(self.pages, "page", "pages"), checked=checked
        )

    def as_dict(self) -> dict:
        found = {key: value for key, value in super().as_dict().items() if key not in ("pdfx", "output_intent")}
        return {**found, "layout": self.checked_as or None}


def preflight_layout(
    path,
    rules: LayoutRules | None = None,
    page_scans: Sequence[PageScan] | None = None,
    frames: Sequence[PageFrame] | None = None,
    checked_as: str = "",
) -> LayoutReport:
    """The layout preflight of one PDF (a path, or its bytes); every problem is a finding.

    Without `rules`, those of the kind its trim size is made for; without `page_scans` (finishing's),
    its pages are scanned here; without `frames` (the typesetter's), they are inferred from the file.
    """
    report = LayoutReport(str(path) if not isinstance(path, bytes) else "(in memory)")
    report.checked_as = checked_as
    if (pdf := open_or_report(io.BytesIO(path) if isinstance(path, bytes) else path, report)) is None:
        return report
    with pdf:
        report.pages = len(pdf.pages)
        if report.pages == 0:
            return report
        if rules is None:
            trim = box_of(pdf.pages[0], "/TrimBox")
            report.checked_as, rules = rules_for_sheet((trim[2] - trim[0]) / MM, (trim[3] - trim[1]) / MM)
        with without_cycle_collection():  # many small objects, no cycle (see scan_pages)
            check_layout(pdf, rules, report, page_scans, frames)
    return report
