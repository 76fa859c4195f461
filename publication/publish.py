"""The pipeline: plan the publications, render and typeset each, write the files and the manifest."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .check import check_glyphs
from .errors import SourceError
from .limits import DEFAULT_TIMEOUT, time_limit
from .outputs import staged_output
from .render import KINDS, VARIANTS, Publication, build_context, make_environment, render_html
from .sources import Sources, languages_of, read_sources

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Project:
    """Where things are: the project folder and its conventional sub-folders."""

    root: Path
    output: Path

    @property
    def sources(self) -> Path:
        return self.root / "sources"

    @property
    def layouts(self) -> Path:
        return self.root / "layouts"


@dataclass(frozen=True)
class BuildOptions:
    kinds: tuple[str, ...] = KINDS
    languages: tuple[str, ...] = ()  # empty: every language each publication is published in
    variants: tuple[str, ...] = VARIANTS
    poster_size: str = "A2"
    marks: bool = False  # crop marks in a slug around print pages
    impose: str | None = None  # "saddle": also write the brochure as printer's spreads
    allow_low_res: bool = False  # a print image below min_ppi is a warning, not an error
    timeout: float | None = DEFAULT_TIMEOUT  # seconds per document; None: no limit


@dataclass
class Written:
    """One file the build wrote, as the manifest records it."""

    publication: Publication
    path: Path
    pages: int
    bytes: int
    sha256: str
    seconds: float
    extra: dict = field(default_factory=dict)  # print: job ticket path and fields, imposition
    staged: Path | None = None  # where the bytes are until the build commits them to `path`

    def read_bytes(self) -> bytes:
        """The PDF, whether still staged (during the build) or already in place."""
        if self.staged is not None and self.staged.exists():
            return self.staged.read_bytes()
        return self.path.read_bytes()

    def manifest_entry(self, output: Path) -> dict:
        pub = self.publication
        width, height = pub.trim_mm
        return {
            "kind": pub.kind,
            "workshop": pub.workshop,
            "language": pub.lang,
            "variant": pub.variant,
            "path": self.path.relative_to(output).as_posix(),
            "pages": self.pages,
            "trim_mm": [width, height],
            "size": pub.trim_name,
            "bytes": self.bytes,
            "sha256": self.sha256,
            **self.extra,
        }


@dataclass
class BuildReport:
    written: list[Written] = field(default_factory=list)
    site: list[Path] = field(default_factory=list)  # calendars, download pages, thumbnails
    preflight: list = field(default_factory=list)  # one PreflightReport per print PDF
    seconds: float = 0.0


def plan_publications(sources: Sources, options: BuildOptions) -> list[Publication]:
    """Every document the options ask for, in a stable order."""
    plan = []
    for kind in KINDS:
        if kind not in options.kinds:
            continue
        workshops = [key for key, _ in sources.workshops_in_order()] if kind == "programme" else [None]
        for workshop in workshops:
            languages = languages_of(sources, workshop) if workshop else sources.site.default_languages
            for lang in languages:
                if options.languages and lang not in options.languages:
                    continue
                for variant in options.variants:
                    size = options.poster_size if kind == "poster" else None
                    plan.append(Publication(kind, lang, variant, workshop, size))
    return plan


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)  # mkstemp makes it 0600: a web server serving output/ could not read it
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def make_publication(project: Project, sources: Sources, publication: Publication,
                     timeout: float | None = DEFAULT_TIMEOUT) -> tuple[bytes, int]:
    """Render one publication to PDF; the brochure is padded to a multiple of four pages."""
    from .typeset import typeset_pdf

    env = make_environment(project.layouts)
    documents = sources.documents.values()
    with time_limit(timeout, publication.relative_path):
        context = build_context(sources, publication, project.layouts)
        pdf, pages = typeset_pdf(render_html(env, publication, context), publication, sources.site, project.root,
                                 documents)
        if publication.kind == "brochure" and pages % 4:
            padding = -pages % 4
            context = build_context(sources, publication, project.layouts, padding_pages=padding)
            pdf, pages = typeset_pdf(render_html(env, publication, context), publication, sources.site,
                                     project.root, documents)
    return pdf, pages


def write_manifest(project: Project, written: Iterable[Written],
                   write: Callable[[Path, bytes], None] = write_atomically) -> Path:
    entries = sorted((w.manifest_entry(project.output) for w in written), key=lambda e: e["path"])
    path = project.output / MANIFEST
    write(path, (json.dumps({"files": entries}, indent=2, ensure_ascii=False) + "\n").encode())
    return path


def build(project: Project, options: BuildOptions,
          on_written: Callable[[Written], None] = lambda w: None) -> BuildReport:
    """Read the sources, make every planned publication, write the files and the manifest."""
    started = time.perf_counter()
    sources = read_sources(project.sources)
    plan = plan_publications(sources, options)
    problems = check_glyphs(project, sources, plan)  # before anything is written
    if problems:
        raise SourceError(problems)
    report = BuildReport()
    # Locked, and staged: nothing replaces the previous outputs until every file is made.
    with staged_output(project.output) as staging:
        for publication in plan:
            began = time.perf_counter()
            pdf, pages = make_publication(project, sources, publication, options.timeout)
            path = project.output / publication.relative_path
            if publication.variant == "print":
                files = write_print_files(project, sources, publication, pdf, pages, options, began, staging.write)
            else:
                staged = staging.write(path, pdf)
                files = [Written(publication, path, pages, len(pdf), hashlib.sha256(pdf).hexdigest(),
                                 time.perf_counter() - began, staged=staged)]
            for written in files:
                report.written.append(written)
                on_written(written)
        write_manifest(project, report.written, staging.write)  # staged last, renamed last
        staging.commit()  # the PDFs, tickets and the manifest, all together; the lock is still held
        from .site import publish_site  # the calendars and the download page, from the manifest

        report.site = publish_site(project, sources, [w.publication.lang for w in report.written])
        report.preflight = preflight_print_files(sources, report.written, options)
    report.seconds = time.perf_counter() - started
    failed = [r for r in report.preflight if r.errors]
    if failed:
        raise_preflight_failure(project, failed)
    return report


def raise_preflight_failure(project: Project, failed: list) -> None:
    """Every print PDF that failed preflight, with its errors: the build fails, the files stay to inspect."""
    from .errors import RenderError
    from .preflight import format_report

    count = sum(len(r.errors) for r in failed)
    text = "\n".join(format_report(r) for r in failed)
    raise RenderError(f"preflight found {count} error(s) in {len(failed)} print PDF(s):\n{text}\n"
                      "fix the sources or styles; `make-publication preflight FILE.pdf --verbose` shows details")


def write_print_files(project: Project, sources: Sources, publication: Publication, pdf: bytes, pages: int,
                      options: BuildOptions, began: float,
                      write: Callable[[Path, bytes], Path | None] = write_atomically) -> list[Written]:
    """The finished print PDF, its imposed spreads if asked, and a job ticket beside each."""
    from dataclasses import replace

    from .finish import PrintFinish, finish_print, impose_print, imposed_path

    settings = sources.site.print
    finish = PrintFinish(settings.output_condition_identifier, _plain_text(settings.output_condition),
                         settings.slug_mm, options.marks, project.root / settings.output_profile)
    files = [(project.output / publication.relative_path, finish_print(pdf, finish), pages, False)]
    if options.impose == "saddle" and publication.kind == "brochure":
        spreads = impose_print(finish_print(pdf, replace(finish, marks=False)), finish)
        files.append((imposed_path(files[0][0]), spreads, pages // 2, True))
    written = []
    for path, data, count, imposed in files:
        staged = write(path, data)
        sha = hashlib.sha256(data).hexdigest()
        extra = write_job_ticket(project, sources, publication, path, count, finish, sha, imposed, write)
        written.append(Written(publication, path, count, len(data), sha, time.perf_counter() - began, extra,
                               staged=staged))
    return written


def _plain_text(text) -> str:
    """A neutral-or-source-language text from the sources (site settings are not translated)."""
    return next(iter(text.values())) if isinstance(text, dict) else str(text)


def write_job_ticket(project: Project, sources: Sources, publication: Publication, path: Path, pages: int,
                     finish, sha256: str, imposed: bool,
                     write: Callable[[Path, bytes], Path | None] = write_atomically) -> dict:
    """Write the ticket text beside the PDF; return what the manifest records of it."""
    from .finish import format_ticket, ticket_fields, ticket_path

    name = f"{publication.kind} {publication.workshop}" if publication.workshop else publication.kind
    fields = ticket_fields(
        title=f"Arrival Cities {name} ({publication.lang})", file=path.name, trim_name=publication.trim_name,
        trim_mm=publication.trim_mm, bleed_mm=sources.site.print.bleed_mm, pages=pages, kind=publication.kind,
        finish=finish, profile=Path(sources.site.print.output_profile).name, sha256=sha256, imposed=imposed)
    ticket = ticket_path(path)
    write(ticket, format_ticket(fields).encode())
    extra = {"ticket": ticket.relative_to(project.output).as_posix(), "print": fields}
    if imposed:
        extra["imposed"] = "saddle"
    return extra


def preflight_print_files(sources: Sources, written: list[Written], options: BuildOptions) -> list:
    """Preflight every print PDF the build wrote; the caller fails the build on any error."""
    from .preflight import PreflightOptions, preflight_pdf

    settings = sources.site.print
    reports = []
    for file in written:
        if file.publication.variant != "print":
            continue
        booklet = file.publication.kind == "brochure" and "imposed" not in file.extra
        reports.append(preflight_pdf(file.path, PreflightOptions(
            bleed_mm=settings.bleed_mm, min_ppi=settings.min_ppi, allow_low_res=options.allow_low_res,
            booklet=booklet)))
    return reports
