"""One document, one line of stages: render → check glyphs → typeset → finish → preflight.

`DocumentMaker.make` is all a build (or a worker of its pool) calls to make one publication's
files in memory; writing them is the build's business (publish.py), never this module's.
"""

from __future__ import annotations

import hashlib
import io
import time
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path

from .booklet import Booklet, Measured, fits, fits_as_is, plans
from .check import glyph_problems
from .drafts import draft_sources
from .errors import RenderError, SourceError, counted, failure_text
from .finish import (
    PrintFinish,
    finish_print,
    finish_screen,
    impose_print,
    imposed_path,
    plain_text,
    ticket_fields,
    ticket_path,
    ticket_text,
)
from .limits import collected_once, time_limit
from .localise import Languages
from .locate import locate_findings
from .measure import measure_layout
from .messages import _
from .pagination import paginate
from .plan import DENSITIES, BuildOptions, Project, Publication
from .preflight import (
    PreflightOptions,
    PreflightReport,
    format_report,
    preflight_eu,
    preflight_layout,
    preflight_pdf,
    preflight_screen_pdf,
    rules_for,
    stored,
    told,
)
from .render import build_context, make_environment, render_html
from .sources import Sources
from .typeset import ContentLost, Typeset, content_lost_message, fits_budget, loses_content, typeset_document
from .webpage import web_page_context


@dataclass
class DocumentFile:
    """One file of a publication: the PDF, or the print brochure's imposed spreads.

    `ticket`: the job ticket of a print file (its text beside the PDF, its fields in the manifest).
    """

    name: str  # path inside the output folder
    data: bytes
    pages: int
    imposed: bool = False
    ticket: tuple[str, bytes, dict] | None = None  # (path inside the output folder, text, manifest fields)
    layout_warnings: list[dict] = field(default_factory=list)  # the layout preflight's, unworded (report.stored)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class MadeDocument:
    """One publication made, or why it could not be."""

    publication: Publication
    files: list[DocumentFile] = field(default_factory=list)
    preflight: list[PreflightReport] = field(default_factory=list)  # one per file, in `files` order
    layout: list[PreflightReport] = field(default_factory=list)  # the layout preflight of each file but spreads
    problems: list = field(default_factory=list)  # mistakes in the sources: the build fails, writes nothing
    error: str | None = None  # an unexpected failure of this one document
    seconds: float = 0.0
    density: str = DENSITIES[0]  # the loosest level whose pages fit the budget (else the densest)
    notes_pages: int = 0  # ruled pages that pad a booklet to its multiple


class LostText(RenderError):
    """The layout preflight found text lost (hidden, colliding, outside the trim): the document fails,
    and none of its files is written. The first line names the first error; the reports follow."""

    def __init__(self, failed: list[PreflightReport]):
        first, count = failed[0].errors[0], sum(len(report.errors) for report in failed)
        super().__init__(
            _("layout preflight: {errors}, text lost; nothing written (the previous files stay): {first}").format(
                errors=counted(count, "error", "errors"), first=told(first)
            )
            + "\n"
            + "\n".join(format_report(report) for report in failed)
        )


MOST_TRIES = 3  # plans of a brochure laid out after the first measure, at most


class DocumentMaker:
    """Makes documents for one build: the sources, options and languages it shares between them."""

    checks_layout = True  # the layout preflight of every file (the benchmark turns it off to measure it)

    def __init__(self, project: Project, sources: Sources, options: BuildOptions):
        self.project, self.sources, self.options = project, sources, options
        self.environment = make_environment(project.theme.folders("layouts"))  # templates compile once per process
        self.languages = Languages(sources.site.source_language, project.root, sources.network)
        settings = sources.site.print
        self.finish = PrintFinish(
            settings.output_condition_identifier,
            plain_text(settings.output_condition),
            settings.slug_mm,
            options.marks,
            project.theme.file(settings.output_profile),
        )

    def make(self, publication: Publication, keep_going: bool = True) -> MadeDocument:
        """Every stage for one publication, within the time limit; failures are returned, not raised.

        Without `keep_going`, an unexpected failure is raised (the preview wants it at once).
        """
        began = time.perf_counter()
        made = MadeDocument(publication)
        try:
            with time_limit(self.options.timeout, publication.relative_path), collected_once():
                self._make(made)
        except SourceError as exc:  # a resource the sandbox refused
            made.problems = exc.problems
        except LostText as exc:  # the layout preflight's errors: what they say is all there is to tell
            if not keep_going:
                raise
            made.error, made.files = exc.message, []
        except Exception as exc:  # reported per file; the other files still build
            if not keep_going:
                raise
            made.error = failure_text(exc)
        made.seconds = time.perf_counter() - began
        return made

    def _make(self, made: MadeDocument) -> None:
        publication = made.publication
        language = self.languages[publication.lang]
        context = build_context(self.sources, publication, language)
        if not publication.kind_record.typeset:
            context.update(web_page_context(self.project, self.sources, publication, context["credit_marks"]))
        html = render_html(self.environment, publication, context)
        made.problems = glyph_problems(self.project, self.sources, publication, html, language)
        if made.problems:  # nothing is typeset from sources with a mistake
            return
        if not publication.kind_record.typeset:  # a web page: the browser lays it out, as rendered
            made.files = [DocumentFile(publication.relative_path, html.encode(), 1)]
            return
        typeset = self.typeset(made, context)
        if publication.settings.for_press:
            made.files = self.print_files(publication, typeset.pdf, typeset.pages)
            made.preflight = [self.preflight(publication, file) for file in made.files]
        else:
            screen = finish_screen(typeset.pdf, scan=self.checks_layout)
            made.files = [DocumentFile(publication.relative_path, screen, typeset.pages)]
            made.preflight = [self.screen_preflight(made.files[0], language)]
        funders = self.sources.network.credits.funders
        if publication.kind_record.shows_funders and any(funder.mark == "eu-emblem" for funder in funders):
            self.check_eu(made)
        if self.checks_layout:
            self.check_layout(made, typeset.frames, language)
        for file in made.files:  # read by the preflights: let the scans go with them (the build keeps the bytes)
            file.data = bytes(file.data)

    def typeset(self, made: MadeDocument, context: dict) -> Typeset:
        """The PDF at the loosest density level that fits the publication's page budget and leaves
        no page to the closing block alone (else the loosest that fits, else the densest); a booklet's
        pages as planned (typeset_booklet). At each level, the pagination decides where a
        programme's parallel slots break (pagination.py); only the layout kept is written."""
        publication = made.publication
        if publication.saddle_stitched:
            return self.typeset_booklet(made, context)
        budget = publication.page_budget
        tried = []
        for density in DENSITIES:
            typeset = self._paginated(publication, {**context, "density": density, "padding_pages": 0})
            tried.append((density, typeset))
            if fits_budget(budget, typeset):
                break
        else:  # no level fits whole: the loosest that keeps its content and budget beats the densest
            kept = [(d, t) for d, t in tried if budget.fits(t.pages) and not loses_content(budget, t)]
            density, typeset = (kept or tried[-1:])[0]
        if loses_content(budget, typeset):
            raise ContentLost(content_lost_message(publication, typeset, density))
        made.density, made.notes_pages = density, budget.padding(typeset.pages)
        if made.notes_pages:
            typeset = self._paginated(publication, {**context, "density": density, "padding_pages": made.notes_pages})
        return typeset

    def _paginated(self, publication: Publication, context: dict) -> Typeset:
        typeset, _breaks = paginate(lambda breaks: self._typeset(publication, {**context, "page_breaks": breaks}))
        return typeset

    def typeset_booklet(self, made: MadeDocument, context: dict) -> Typeset:
        """A brochure typeset once with each block opening a page and measured; then the plans
        (booklet.plans) laid out in turn until one gives the pages it expects, filled (at most
        MOST_TRIES); failing that, the first measure padded with notes pages to a multiple of four."""
        publication = made.publication

        def laid_out(booklet: Booklet) -> tuple[Typeset, Measured]:
            typeset = self._typeset(publication, {**context, "density": booklet.density, "booklet": booklet})
            return typeset, measure_layout(typeset.document, booklet.density)

        first, measured = laid_out(Booklet())
        chosen = (first, Booklet(inside_pages=len(measured.fills) - 2)) if fits_as_is(measured) else None
        tried = plans(measured, lambda density: laid_out(Booklet(density=density))[1])
        for booklet in islice(tried, MOST_TRIES) if chosen is None else ():
            typeset, real = laid_out(booklet)
            if fits(booklet, real):
                chosen = (typeset, booklet)
                break
        if chosen is None:
            padding = publication.page_budget.padding(first.pages)
            padded = Booklet(notes_pages=padding)
            chosen = (laid_out(padded)[0] if padding else first, padded)
        made.density, made.notes_pages = chosen[1].density, chosen[1].notes_pages
        return chosen[0]  # written when its PDF is first asked for

    def _typeset(self, publication: Publication, context: dict) -> Typeset:
        return typeset_document(
            render_html(self.environment, publication, context),
            publication,
            self.sources.site,
            self.project.root,
            self.sources.documents.values(),
        )

    def print_files(self, publication: Publication, pdf: bytes, pages: int) -> list[DocumentFile]:
        """The finished print PDF, and its imposed spreads when asked, each with its job ticket."""
        # scan=True: finishing keeps its parse of each page's content for preflight (one parse, not two).
        kind = publication.kind_record  # its `grid`: several pages to a printer's sheet (badges), cut apart at marks
        finished = finish_print(pdf, self.finish, scan=True, grid=kind.grid)
        files = [
            DocumentFile(publication.relative_path, finished, -(-pages // kind.per_sheet), imposed=kind.per_sheet > 1)
        ]
        if self.options.imposes(publication):
            # The spreads are imposed from unmarked pages: without --marks, the file just finished is those.
            unmarked = files[0].data if not self.finish.marks else finish_print(pdf, replace(self.finish, marks=False))
            spreads = impose_print(bytes(unmarked), self.finish, scan=True)
            files.append(
                DocumentFile(
                    imposed_path(Path(publication.relative_path)).as_posix(), spreads, pages // 2, imposed=True
                )
            )
        for file in files:
            file.ticket = self.job_ticket(publication, file)
        return files

    def job_ticket(self, publication: Publication, file: DocumentFile) -> tuple[str, bytes, dict]:
        """The ticket text beside a print file, and what the manifest records of it."""
        settings = self.sources.site.print
        name = f"{publication.kind} {publication.workshop}" if publication.workshop else publication.kind
        fields = ticket_fields(
            title=f"{plain_text(self.sources.network.name)} {name} ({publication.lang})",
            file=Path(file.name).name,
            trim_name=publication.trim_name,
            trim_mm=publication.trim_mm,
            bleed_mm=settings.bleed_mm,
            pages=file.pages,
            saddle_stitched=publication.saddle_stitched,
            finish=self.finish,
            profile=Path(settings.output_profile).name,
            sha256=file.sha256,
            imposed=file.imposed,
            grid=publication.kind_record.grid,
            draft=draft_sources(self.sources, publication.kind, publication.workshop),
        )
        ticket = ticket_path(Path(file.name)).as_posix()
        imposition = "saddle" if publication.saddle_stitched else "grid"
        return (
            ticket,
            ticket_text(fields, self.languages, self.sources, publication),  # the first language's, then English
            {"ticket": ticket, "print": fields} | ({"imposed": imposition} if file.imposed else {}),
        )

    def preflight(self, publication: Publication, file: DocumentFile) -> PreflightReport:
        """The printer's checks on one print file, before it is written; the build fails on any error."""
        settings = self.sources.site.print
        report = preflight_pdf(
            io.BytesIO(file.data),
            PreflightOptions(
                bleed_mm=settings.bleed_mm,
                min_ppi=settings.min_ppi,
                allow_low_res=self.options.allow_low_res,
                booklet=publication.saddle_stitched and not file.imposed,
            ),
            page_scans=getattr(file.data, "page_scans", None),
        )
        report.path = str(self.project.output / file.name)  # where it will be, not the bytes it was read from
        return report

    def check_eu(self, made: MadeDocument) -> None:
        """The EU's visibility rules on each file of a project the EU funds (spreads aside: the same pages),
        in the publication's language; the findings join the file's preflight, whose errors fail it."""
        lang = made.publication.lang
        for file, report in ((f, r) for f, r in zip(made.files, made.preflight, strict=True) if not f.imposed):
            report.findings += preflight_eu(
                io.BytesIO(file.data), getattr(file.data, "page_scans", None), lang
            ).findings

    def check_layout(self, made: MadeDocument, frames, language) -> None:
        """The layout preflight of each file (spreads aside: the same pages): text lost (hidden, colliding,
        outside the trim) fails the document, and nothing of it is written; the rest are its warnings."""
        publication = made.publication
        rules = rules_for(publication.kind, publication.trim_mm[0])
        checked_as = f"{publication.kind} {publication.trim_name}"
        for file in (file for file in made.files if not file.imposed):
            data = file.data
            report = preflight_layout(data, rules, getattr(data, "page_scans", None), frames, checked_as)
            report.path = str(self.project.output / file.name)
            locate_findings(report, self.sources, language, self.project)
            file.layout_warnings = [stored(finding) for finding in report.warnings]
            made.layout.append(report)
        failed = [report for report in made.layout if report.errors]
        if failed:
            raise LostText(failed)

    def screen_preflight(self, file: DocumentFile, language) -> PreflightReport:
        """The PDF/UA checks on a screen file, each text's language among them, a finding's text located
        in the sources (contrast is the tests' and `preflight --screen`'s: the styles set it)."""
        report = preflight_screen_pdf(io.BytesIO(file.data), contrast=False)
        report.path = str(self.project.output / file.name)
        locate_findings(report, self.sources, language, self.project)
        return report
