"""A preflight's options, its findings and its report, and the report as text."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ..errors import counted


@dataclass(frozen=True)
class PreflightOptions:
    bleed_mm: float = 3
    min_ppi: float = 300
    allow_low_res: bool = False  # a low-resolution image is then a warning, not an error
    booklet: bool = False  # the page count must be a multiple of 4 (saddle stitch)


@dataclass
class Finding:
    severity: str  # "error", "warning" or "info"
    check: str
    message: str
    page: int | None = None  # 1-based; None for the whole document
    position: list | None = None  # mm from the trim's top left: [x, y] or [x0, y0, x1, y1]
    text: str | None = None  # the text concerned (layout findings)
    source: str | None = None  # where that text comes from: 'sources/network.yaml:3 (name.fr)'


@dataclass
class PreflightReport:
    path: str
    pages: int = 0
    pdfx: str | None = None
    output_intent: str | None = None
    findings: list[Finding] = field(default_factory=list)
    subsets: dict = field(default_factory=dict)  # subset font name → SHA-256s of its programs (not reported)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def add(
        self,
        severity: str,
        check: str,
        message: str,
        page: int | None = None,
        position: list | None = None,
        text: str | None = None,
    ) -> None:
        self.findings.append(Finding(severity, check, message, page, position, text))

    def heading(self) -> str:
        """The report's first line: the file, and what it was checked for."""
        identity = self.pdfx or "not PDF/X"
        intent = f"output intent {self.output_intent}" if self.output_intent else "no output intent"
        return f"{self.path}: {counted(self.pages, 'page')}, {identity}, {intent}"

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "pages": self.pages,
            "pdfx": self.pdfx,
            "output_intent": self.output_intent,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "findings": [asdict(f) for f in self.findings],
        }


def open_or_report(path, report: PreflightReport):
    """The PDF at `path` opened with pikepdf, or None with the reason in `report`."""
    import pikepdf

    try:
        return pikepdf.open(path)
    except (pikepdf.PdfError, OSError) as exc:
        report.add("error", "file", f"cannot be read as PDF: {exc}")
        return None


def told(finding) -> str:
    """A finding as the build tells it: page, check, message, source."""
    return f"page {finding.page}: [{finding.check}] {finding.message}" + (
        f" ({finding.source})" if finding.source else ""
    )


def format_report(report: PreflightReport, verbose: bool = False) -> str:
    """Human-readable: a heading line per file, then one line per finding (info only when verbose)."""
    lines = [report.heading()]
    for finding in report.findings:
        if finding.severity == "info" and not verbose:
            continue
        where = f"page {finding.page}: " if finding.page else ""
        source = f" ({finding.source})" if finding.source else ""
        lines.append(f"  {finding.severity}: {where}[{finding.check}] {finding.message}{source}")
    verdict = "FAILED" if report.errors else "passed"
    lines.append(f"  {verdict}: {counted(len(report.errors), 'error')}, {counted(len(report.warnings), 'warning')}")
    return "\n".join(lines)
