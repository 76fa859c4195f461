"""The pipeline: plan the publications, render and typeset each, write the files and the manifest."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

from . import incremental
from .check import merge_problems
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
    preflight: list = field(default_factory=list)  # one PreflightReport per print PDF written
    unchanged: list[Publication] = field(default_factory=list)
    failed: list[tuple[Publication, str]] = field(default_factory=list)  # and the error
    removed: list[str] = field(default_factory=list)  # files whose sources are gone
    seconds: float = 0.0


class Progress:
    """What build() tells as it goes; the command line shows it, tests ignore it."""

    def start(self, to_build: int, unchanged: int) -> None: ...
    def written(self, written: Written) -> None: ...
    def failed(self, publication: Publication, error: str) -> None: ...
    def removed(self, relative_path: str) -> None: ...


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


@lru_cache(maxsize=None)
def environment_of(layouts: Path):
    """One Jinja environment per process: templates compile once (and reload when they change)."""
    return make_environment(layouts)


def make_publication(project: Project, sources: Sources, publication: Publication,
                     timeout: float | None = DEFAULT_TIMEOUT, html: str | None = None) -> tuple[bytes, int]:
    """Render one publication to PDF; the brochure is padded to a multiple of four pages.

    `html`: the publication's HTML when already rendered (the build renders it to check its glyphs).
    """
    from .typeset import typeset_pdf

    env = environment_of(project.layouts)
    documents = sources.documents.values()
    with time_limit(timeout, publication.relative_path):
        if html is None:
            html = render_html(env, publication, build_context(sources, publication, project.layouts))
        pdf, pages = typeset_pdf(html, publication, sources.site, project.root, documents)
        if publication.kind == "brochure" and pages % 4:
            padding = -pages % 4
            context = build_context(sources, publication, project.layouts, padding_pages=padding)
            pdf, pages = typeset_pdf(render_html(env, publication, context), publication, sources.site,
                                     project.root, documents)
    return pdf, pages


def manifest_bytes(entries: Iterable[dict]) -> bytes:
    entries = sorted(entries, key=lambda e: e["path"])
    return (json.dumps({"files": entries}, indent=2, ensure_ascii=False) + "\n").encode()


def stage_if_changed(staging, path: Path, data: bytes) -> None:
    """Stage `data` for `path` unless the file already holds it: a build with nothing to do writes nothing."""
    if not (path.is_file() and path.read_bytes() == data):
        staging.write(path, data)


def build(project: Project, options: BuildOptions,
          on_written: Callable[[Written], None] = lambda w: None, progress: Progress = Progress(),
          jobs: int = 1, force: bool = False, sources: Sources | None = None,
          keep_going: bool = False) -> BuildReport:
    """Read the sources, make the planned publications whose inputs changed, write them and the manifest.

    Every file is staged and committed together at the end, with the manifest and the build
    state. A problem in the sources (a missing glyph, a refused resource) fails the build and
    writes nothing. A failed render raises, unless `keep_going`: then it is reported, the other
    files are still committed, and the failed one keeps its previous file.
    """
    from .reproducible import source_date

    started = time.perf_counter()
    sources = sources or read_sources(project.sources)
    source_date(sources)  # a wrong SOURCE_DATE_EPOCH fails here, once, not in every worker
    plan = plan_publications(sources, options)
    state = incremental.load_state(project.output)
    keys = incremental.KeyMaker(project.root, project.layouts, sources, options)
    key_of = {publication: keys.key(publication) for publication in plan}
    report = BuildReport()
    todo = []
    for publication in plan:
        if not force and state.is_current(project.output, publication, key_of[publication]):
            report.unchanged.append(publication)
        else:
            todo.append(publication)
    todo.sort(key=lambda publication: -state.seconds_of(publication))  # longest first: the pool ends together
    progress.start(len(todo), len(report.unchanged))
    with incremental.Renderer(project, sources, options, jobs, keep_going) as renderer:
        # First every document's HTML and its glyphs, on every core: a mistake in the sources
        # fails the build before anything is typeset or written.
        checked, problems = [], []
        for result in renderer.check(todo):
            problems += result.problems
            if result.error:
                report.failed.append((result.publication, result.error))
                progress.failed(result.publication, result.error)
            elif not problems:
                checked.append(result)
        if problems:
            raise SourceError(merge_problems(sorted_problems(problems)))
        order = {publication: number for number, publication in enumerate(todo)}
        checked.sort(key=lambda result: order[result.publication])
        # Locked, and staged: nothing replaces the previous outputs until every file is made.
        with staged_output(project.output) as staging:
            stale = write_rendered(project, sources, options, renderer.render(checked), staging, state, key_of,
                                   report, progress, on_written)
            everything = {p.relative_path for p in plan_publications(sources, BuildOptions(poster_size=options.poster_size))}
            gone = incremental.orphans(state, everything)
            for relative_path, _ in gone:
                state.forget(relative_path)
            incremental.forget_missing(project.output, state, {p.relative_path for p in plan})
            site = not report.failed and (force or not (project.output / "index.html").is_file()
                                          or incremental.site_key(keys, project.root, state.entries()) != state.site)
            if site:
                state.site = incremental.site_key(keys, project.root, state.entries())
            stage_if_changed(staging, project.output / incremental.STATE, incremental.state_bytes(state))
            stage_if_changed(staging, project.output / MANIFEST, manifest_bytes(state.entries()))  # renamed last
            staging.commit()  # the PDFs, tickets, state and manifest, all together; the lock is still held
            for name in sorted({*stale, *(file for _, files in gone for file in files)}):
                (project.output / name).unlink(missing_ok=True)
                report.removed.append(name)
                progress.removed(name)
            if site:
                from .site import publish_site  # the calendars and the download page, from the manifest

                report.site = publish_site(project, sources, [entry["language"] for entry in state.entries()])
    report.seconds = time.perf_counter() - started
    failed = [r for r in report.preflight if r.errors]
    if failed:
        raise_preflight_failure(project, failed)
    return report


def sorted_problems(problems: list) -> list:
    """Problems in a stable order whatever the order the workers finished in."""
    return sorted(problems, key=lambda p: (str(p.file), p.line or 0, p.field, p.message))


def write_rendered(project: Project, sources: Sources, options: BuildOptions, renders, staging,
                   state, key_of: dict, report: BuildReport, progress: Progress,
                   on_written: Callable[[Written], None]) -> list[str]:
    """Stage each rendered publication's files and tickets as they come; returns the files they no longer write.

    A resource refused by the sandbox fails the build (SourceError: nothing is committed). A failed
    render keeps its previous files and state entry (an older key: it is tried again next time).
    """
    stale: list[str] = []
    problems: list = []
    for rendered in renders:
        publication = rendered.publication
        problems += rendered.problems
        if rendered.error:
            report.failed.append((publication, rendered.error))
            progress.failed(publication, rendered.error)
        if problems or rendered.error:
            continue
        files: dict[str, bytes] = {}

        def stage(path: Path, data: bytes) -> Path:
            files[path.relative_to(project.output).as_posix()] = data
            return staging.write(path, data)

        entries = []
        for name, data, pages, imposed in rendered.files:
            written = write_output(project, sources, options, publication, name, data, pages, imposed,
                                   rendered.seconds, stage)
            entries.append(written.manifest_entry(project.output))
            report.written.append(written)
            progress.written(written)
            on_written(written)
        report.preflight += rendered.preflight
        # A file that failed preflight is written, to inspect, and listed; no key: it is built again next time.
        passed = not any(r.errors for r in rendered.preflight)
        stale += state.record(publication.relative_path, key_of[publication] if passed else "", files, entries,
                              rendered.seconds)
    if problems:
        raise SourceError(merge_problems(sorted_problems(problems)))
    return stale


def write_output(project: Project, sources: Sources, options: BuildOptions, publication: Publication, name: str,
                 data: bytes, pages: int, imposed: bool, seconds: float,
                 write: Callable[[Path, bytes], Path | None]) -> Written:
    """Stage one file of a publication (and its job ticket in print); what the manifest records of it."""
    path = project.output / name
    staged = write(path, data)
    sha = hashlib.sha256(data).hexdigest()
    extra = {}
    if publication.variant == "print":
        extra = write_job_ticket(project, sources, publication, path, pages, print_finish(project, sources, options),
                                 sha, imposed, write)
    return Written(publication, path, pages, len(data), sha, seconds, extra, staged=staged)


def raise_preflight_failure(project: Project, failed: list) -> None:
    """Every print PDF that failed preflight, with its errors: the build fails, the files stay to inspect."""
    from .errors import RenderError
    from .preflight import format_report

    count = sum(len(r.errors) for r in failed)
    text = "\n".join(format_report(r) for r in failed)
    raise RenderError(f"preflight found {count} error(s) in {len(failed)} print PDF(s):\n{text}\n"
                      "fix the sources or styles; `make-publication preflight FILE.pdf --verbose` shows details")


def print_finish(project: Project, sources: Sources, options: BuildOptions):
    """How print files are finished: the sources' `print:` settings and the command line's marks."""
    from .finish import PrintFinish

    settings = sources.site.print
    return PrintFinish(settings.output_condition_identifier, _plain_text(settings.output_condition),
                       settings.slug_mm, options.marks, project.root / settings.output_profile)


def make_print_files(project: Project, sources: Sources, publication: Publication, pdf: bytes, pages: int,
                     options: BuildOptions) -> list[tuple[str, bytes, int, bool]]:
    """The finished print PDF and its imposed spreads if asked: (path in the output folder, bytes, pages, imposed)."""
    from dataclasses import replace

    from .finish import finish_print, impose_print, imposed_path

    finish = print_finish(project, sources, options)
    # scan=True: the bytes carry each page's content scan, so preflight_print_file parses nothing again.
    files = [(publication.relative_path, finish_print(pdf, finish, scan=True), pages, False)]
    if options.impose == "saddle" and publication.kind == "brochure":
        spreads = impose_print(finish_print(pdf, replace(finish, marks=False)), finish, scan=True)
        files.append((imposed_path(Path(publication.relative_path)).as_posix(), spreads, pages // 2, True))
    return files


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


def preflight_print_file(sources: Sources, publication: Publication, name: str, data: bytes, imposed: bool,
                         options: BuildOptions):
    """Preflight one print file before it is written; the build fails on any error."""
    import io

    from .preflight import PreflightOptions, preflight_pdf

    settings = sources.site.print
    booklet = publication.kind == "brochure" and not imposed
    report = preflight_pdf(io.BytesIO(data), PreflightOptions(
        bleed_mm=settings.bleed_mm, min_ppi=settings.min_ppi, allow_low_res=options.allow_low_res,
        booklet=booklet), page_scans=getattr(data, "page_scans", None))  # scanned by make_print_files
    report.path = name  # where it will be, not the bytes it was read from
    return report
