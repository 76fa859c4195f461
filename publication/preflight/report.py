"""A preflight's options, its findings and its report, and the report as text."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ..errors import counted
from ..messages import N_, Said, _


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
    # The message unworded, said in the language of the run that tells it (`message` is its English).
    said: Said | None = field(default=None, repr=False, compare=False)

    def told(self) -> str:
        """The message in the messages' language of the moment."""
        return self.said.told() if self.said is not None else self.message


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
        message: str | Said,
        page: int | None = None,
        position: list | None = None,
        text: str | None = None,
    ) -> None:
        said = message if isinstance(message, Said) else Said(message)
        self.findings.append(Finding(severity, check, str(said), page, position, text, said=said))

    def heading(self) -> str:
        """The report's first line: the file, and what it was checked for."""
        identity = self.pdfx or _("not PDF/X")
        intent = _("output intent {intent}") if self.output_intent else _("no output intent")
        return heading_line(self.path, self.pages, f"{identity}, {intent.format(intent=self.output_intent)}")

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "pages": self.pages,
            "pdfx": self.pdfx,
            "output_intent": self.output_intent,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "findings": [{key: value for key, value in asdict(f).items() if key != "said"} for f in self.findings],
        }


def heading_line(path: str, pages: int, what: str) -> str:
    """A report's first line: the file, its pages, what it was checked for."""
    return _("{file}: {pages}, {what}").format(file=path, pages=counted(pages, "page", "pages"), what=what)


def open_or_report(path, report: PreflightReport):
    """The PDF at `path` opened with pikepdf, or None with the reason in `report`."""
    import pikepdf

    try:
        return pikepdf.open(path)
    except (pikepdf.PdfError, OSError) as exc:
        report.add("error", "file", Said("cannot be read as PDF: {error}", error=str(exc)))
        return None


def told(finding) -> str:
    """A finding as the build tells it: page, check, message, source (in the messages' language)."""
    return Said(
        "page {page}: [{check}] {message}", page=finding.page, check=finding.check, message=finding.told()
    ).told() + (f" ({finding.source})" if finding.source else "")


def stored(finding: Finding) -> dict:
    """A finding as a build state keeps it, to be told again in the language of a later run (retold)."""
    said = finding.said or Said(finding.message)
    return {"page": finding.page, "check": finding.check, "said": said.as_json(), "source": finding.source}


def retold(kept: dict | str) -> str:
    """A finding a build state kept (stored), told in the messages' language; an older state's text as it is."""
    if not isinstance(kept, dict) or not isinstance(kept.get("said"), dict):
        return str(kept)
    finding = Finding("warning", kept["check"], "", kept["page"], source=kept.get("source"))
    finding.said = Said.from_json(kept["said"])
    return told(finding)


# A finding's line in a report, by its severity.
FINDING_LINES = {
    "error": N_("  error: {where}[{check}] {message}{source}"),
    "warning": N_("  warning: {where}[{check}] {message}{source}"),
    "info": N_("  info: {where}[{check}] {message}{source}"),
}


def format_report(report: PreflightReport, verbose: bool = False) -> str:
    """Human-readable: a heading line per file, then one line per finding (info only when verbose)."""
    lines = [report.heading()]
    for finding in report.findings:
        if finding.severity == "info" and not verbose:
            continue
        where = _("page {page}: ").format(page=finding.page) if finding.page else ""
        source = f" ({finding.source})" if finding.source else ""
        line = _(FINDING_LINES.get(finding.severity, "  {severity}: {where}[{check}] {message}{source}"))
        said = finding.told()
        lines.append(
            line.format(severity=finding.severity, where=where, check=finding.check, message=said, source=source)
        )
    verdict = _("FAILED: {errors}, {warnings}") if report.errors else _("passed: {errors}, {warnings}")
    errors, warnings = (
        counted(len(report.errors), "error", "errors"),
        counted(len(report.warnings), "warning", "warnings"),
    )
    lines.append("  " + verdict.format(errors=errors, warnings=warnings))
    return "\n".join(lines)
