"""What a page's content marks: every painting operator inside tagged content (an MCID the
structure tree reaches) or an artifact, never both, never neither (PDF/UA-1 7.1)."""

from __future__ import annotations

import functools

import pikepdf
from pikepdf import Dictionary, Name

from ..messages import N_, Said
from ..pdfcontent import MM
from ..pdfcontent.state import IDENTITY, multiply
from .report import PreflightReport

PAINTING = frozenset(("Tj", "TJ", "'", '"', "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh", "Do", "EI"))
TEXT_SHOWING = frozenset(("Tj", "TJ", "'", '"'))
NESTED = {  # a marked-content sequence opened inside one of the other kind
    "artifact": N_("artifact content inside tagged content {where}"),
    "tagged": N_("tagged content inside artifact content {where}"),
}
UNTAGGED = {  # by whether there are several
    False: N_("{count} painting operator neither tagged nor artifact: {listed}{more}"),
    True: N_("{count} painting operators neither tagged nor artifact: {listed}{more}"),
}


def where(x: float, y: float) -> Said:
    return Said("at {x:.1f} mm, {y:.1f} mm from the bottom left", x=x / MM, y=y / MM)


class _Marks:
    """The marked-content stack, the graphics state's matrix and the last point drawn."""

    def __init__(self):
        self.stack: list[str] = []  # "artifact", "tagged" or "other" for each open sequence
        self.matrices = [IDENTITY]
        self.text = IDENTITY
        self.point = (0.0, 0.0)

    def position(self, op: str) -> Said:
        x, y = (self.text[4], self.text[5]) if op in TEXT_SHOWING else self.point
        m = self.matrices[-1]
        return where(m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])

    def follow(self, operands, op: str) -> None:
        """Keep the matrices and the current point (for the finding's position) up to date."""
        if op == "q":
            self.matrices.append(self.matrices[-1])
        elif op == "Q" and len(self.matrices) > 1:
            self.matrices.pop()
        elif op == "cm":
            self.matrices[-1] = multiply(tuple(float(v) for v in operands), self.matrices[-1])
        elif op == "Tm":
            self.text = tuple(float(v) for v in operands)
        elif op == "BT":
            self.text = IDENTITY
        elif op in ("m", "l", "re") and len(operands) >= 2:
            self.point = (float(operands[0]), float(operands[1]))


def _opened(operands, op: str, reached: set[int], marks: _Marks, number: int, report: PreflightReport) -> None:
    """A BMC/BDC: artifact, tagged (and reached?) or other; artifacts and tagged content do not nest."""
    tag = operands[0] if operands else None
    properties = operands[1] if op == "BDC" and len(operands) > 1 else None
    if tag == Name.Artifact:
        kind = "artifact"
    elif isinstance(properties, Dictionary) and "/MCID" in properties:
        kind = "tagged"
        mcid = int(properties.MCID)
        if mcid not in reached:
            report.add(
                "error",
                "unreachable-content",
                Said(
                    "marked content {mcid} ({tag}) is not reachable from the structure root: tag it in the tree or "
                    "make it an artifact",
                    mcid=mcid,
                    tag=str(tag),
                ),
                number,
            )
    else:
        kind = "other"
    if kind != "other" and {"artifact", "tagged"} - {kind} & set(marks.stack):
        report.add(
            "error",
            "artifact-nesting",
            Said(NESTED[kind], where=marks.position("m")),
            number,
        )
    marks.stack.append(kind)


# A first pass reads only what marks content and what paints; positions are followed (all
# operators) only on a page that has content to report.
_MARKING_AND_PAINTING = " ".join(sorted({"BMC", "BDC", "EMC", *PAINTING} - {"EI"})) + " BI ID EI"


def check_marked_content(page: pikepdf.Page, number: int, reached: set[int], report: PreflightReport) -> None:
    """Findings for content neither tagged nor artifact, and for MCIDs the tree does not reach."""
    if _untagged(page, reached, number, report, _MARKING_AND_PAINTING):
        _untagged(page, reached, number, report, "", positions=True)


def _untagged(
    page, reached: set[int], number: int, report: PreflightReport, operators: str, positions: bool = False
) -> int:
    """One pass over the page's content: MCIDs checked as they open (first pass only), painting
    outside any tagged or artifact sequence counted, and reported with positions when asked."""
    marks, untagged = _Marks(), list[Said]()
    quiet = PreflightReport(report.path)  # the second pass meets the same MCIDs again: report them once
    for instruction in pikepdf.parse_content_stream(page, operators):
        operands, op = instruction.operands, str(instruction.operator)
        if op in ("BMC", "BDC"):
            _opened(operands, op, reached, marks, number, quiet if positions else report)
        elif op == "EMC":
            if marks.stack:
                marks.stack.pop()
        elif op in PAINTING:
            if "artifact" not in marks.stack and "tagged" not in marks.stack:
                untagged.append(Said("{operator} {where}", operator=op, where=marks.position(op)))
        else:
            marks.follow(operands, op)
    if untagged and positions:
        more = Said(" (and {count} more)", count=len(untagged) - 3) if len(untagged) > 3 else ""
        listed = functools.reduce(lambda one, other: Said("{one}; {other}", one=one, other=other), untagged[:3])
        said = Said(
            UNTAGGED[len(untagged) > 1],
            count=len(untagged),
            listed=listed,
            more=more,
        )
        report.add("error", "untagged-content", said, number)
    return len(untagged)


def mcid_position(page, mcid: int) -> Said | str:
    """Where marked content `mcid` first paints on `page` ('' if it paints nothing): for a finding
    about an element, found only then, so a clean file never pays for it."""
    marks, inside = _Marks(), 0
    for instruction in pikepdf.parse_content_stream(page):
        operands, op = instruction.operands, str(instruction.operator)
        if op in ("BMC", "BDC"):
            properties = operands[1] if op == "BDC" and len(operands) > 1 else None
            opens = inside or (isinstance(properties, Dictionary) and properties.get("/MCID") == mcid)
            inside = inside + 1 if opens else 0
        elif op == "EMC" and inside:
            inside -= 1
        elif op in PAINTING and inside:
            return Said(" {where}", where=marks.position(op))
        else:
            marks.follow(operands, op)
    return ""
