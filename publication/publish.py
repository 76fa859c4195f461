"""build(): the whole line, top to bottom.

plan → read and check sources → keys → documents (on the pool) → download page and calendars →
manifest → state, all staged, then committed together. Each step is one function of this module
or a call into the stage that owns it; no stage module imports this one.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .check import merge_problems
from .document import MadeDocument
from .document_cache import made_or_cached
from .drafts import draft_publications
from .errors import RenderError, SourceError, counted, location_order
from .graphics.cities import cities_outside_the_map
from .keys import KeyMaker, site_key
from .messages import _
from .outputs import Staging, refuse_non_files, staged_output
from .ownership import linked_folder
from .plan import DENSITIES, PRIVATE_FOLDER, BuildOptions, Project, Publication, budget_warning, plan_publications
from .pool import DocumentPool
from .preflight import format_any_report, retold
from .reproducible import source_date
from .site import site_files
from .sources import Sources, read_sources
from .state import STATE, BuildState, forget_missing, load_state, orphans, state_bytes

MANIFEST = "manifest.json"


@dataclass
class Written:
    """One file the build wrote, as the manifest records it."""

    publication: Publication
    path: Path
    pages: int
    size_in_bytes: int  # not `bytes`, which would hide the type from the methods below
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
        sheet = self.extra.get("print", {})  # a print file's own TrimBox: two pages wide when imposed
        # A web page has no sheet: no trim, no size.
        trim = list(sheet.get("trim_mm", pub.trim_mm)) if pub.kind_record.typeset else []
        return {
            "kind": pub.kind,
            "workshop": pub.workshop,
            "language": pub.lang,
            "variant": pub.variant,
            "path": self.path.relative_to(output).as_posix(),
            "pages": self.pages,
            "trim_mm": trim,
            "size": sheet.get("size", pub.trim_name),
            "bytes": self.size_in_bytes,
            "sha256": self.sha256,
            **self.extra,
        }


@dataclass
class BuildReport:
    written: list[Written] = field(default_factory=list)
    site: list[Path] = field(default_factory=list)  # calendars, download pages, thumbnails
    preflight: list = field(default_factory=list)  # one PreflightReport per PDF written (print, screen)
    unchanged: list[Publication] = field(default_factory=list)
    failed: list[tuple[Publication, str]] = field(default_factory=list)  # and the error
    removed: list[str] = field(default_factory=list)  # files whose sources are gone
    warnings: list[str] = field(default_factory=list)  # publications over their page budget
    layout_warnings: list[str] = field(default_factory=list)  # the layout preflight's, of every planned file
    drafts: list[tuple[str, list[str]]] = field(default_factory=list)  # draft publications, the files that keep them
    seconds: float = 0.0


class Progress:
    """What build() tells as it goes; the command line shows it, tests ignore it."""

    def start(self, to_build: int, unchanged: int) -> None: ...
    def written(self, written: Written) -> None: ...
    def failed(self, publication: Publication, error: str) -> None: ...
    def removed(self, relative_path: str) -> None: ...


SILENT = Progress()  # tells nothing: the default of build(), which keeps no state in it


@dataclass
class Build:
    """One build's inputs and what it has done so far."""

    project: Project
    options: BuildOptions
    sources: Sources
    progress: Progress
    on_written: Callable[[Written], None]
    report: BuildReport = field(default_factory=BuildReport)


def build(
    project: Project,
    options: BuildOptions,
    on_written: Callable[[Written], None] = lambda w: None,
    progress: Progress = SILENT,
    jobs: int = 1,
    force: bool = False,
    sources: Sources | None = None,
    keep_going: bool = False,
    first: str = "",
    site: bool = True,
) -> BuildReport:
    """Read the sources, make the planned publications whose inputs changed, write them and the manifest.

    Every file (PDFs, tickets, thumbnails, calendars, download pages) is staged and committed
    together at the end, the manifest and then the build state last. A problem in the sources (a
    missing glyph, a refused resource) fails the build and writes nothing. A failed render raises,
    unless `keep_going`: then it is reported, the other files are still committed, and the failed
    one keeps its previous file. The publication whose relative path is `first` (the one the preview
    shows), if it is to be made, is made before the others. Without `site`, the download pages,
    calendars and thumbnails are left as they are (the preview, which shows the PDFs alone).
    """
    started = time.perf_counter()
    sources = sources or read_sources(project.sources)
    source_date(sources)  # a wrong SOURCE_DATE_EPOCH fails here, once, not in every worker
    if outside := cities_outside_the_map(sources):  # before any rendering, as `check` finds them
        raise SourceError(outside)
    plan = plan_publications(sources, options)
    run = Build(project, options, sources, progress, on_written, BuildReport(drafts=draft_publications(sources, plan)))
    keys = KeyMaker(project.root, sources, options)
    key_of = {publication: keys.key(publication) for publication in plan}
    # Locked, and staged: nothing replaces the previous outputs until every file is made.
    with staged_output(project.output, project.root) as staging:
        refuse_non_files([project.output / name for name in (MANIFEST, STATE, "index.html")])
        state = load_state(project.output)  # under the lock: no other build can commit meanwhile
        run.report.warnings += [state.warning] if state.warning else []
        todo = outdated(run, plan, state, key_of, force, first)
        progress.start(len(todo), len(run.report.unchanged))
        with DocumentPool(project, sources, options, jobs, keep_going) as pool:
            stale = stage_documents(run, made_or_cached(pool.make, todo, key_of), staging, state, key_of)
        gone = forget_unplanned(run, plan, state)
        run.report.warnings += budget_warnings(plan, state)
        run.report.layout_warnings = layout_warnings(plan, state)
        stale += stage_site(run, keys, state, staging, force) if site else []
        # Renamed in the order staged, the state last: stopped half-way, it still describes the previous
        # files, and the next build makes again those that differ (pages and manifest with them).
        stage_manifests(project.output, state, staging)
        staging.write_if_changed(project.output / STATE, state_bytes(state))
        staging.commit()
        remove_files(run, sorted({*stale, *(file for _path, files in gone for file in files)}))
    run.report.seconds = time.perf_counter() - started
    raise_if_preflight_failed(run.report)
    return run.report


def stage_site(run: Build, keys: KeyMaker, state: BuildState, staging: Staging, force: bool) -> list[str]:
    """Stage the calendars, thumbnails and download pages unless those of the manifest are all in place,
    as written; returns the site's files no longer written (a deleted workshop's calendar)."""
    output = run.project.output
    current = site_key(keys, run.project.root, state.entries())
    if not force and state.site_is_current(output, current):
        return []
    files = site_files(run.project, run.sources, state.entries(), lambda path: staging.current(output / path))
    for name, data in files.items():
        staging.write_if_changed(output / name, data)
    run.report.site = [output / name for name in files]
    return state.record_site(current, files)


def outdated(
    run: Build, plan: list[Publication], state: BuildState, key_of: dict, force: bool, first: str = ""
) -> list[Publication]:
    """The publications to make, `first` (a relative path) first, then the longest first (the pool ends
    together); the others are unchanged."""
    todo = []
    for publication in plan:
        if not force and state.is_current(run.project.output, publication, key_of[publication]):
            run.report.unchanged.append(publication)
        else:
            todo.append(publication)
    return sorted(todo, key=lambda publication: (publication.relative_path != first, -state.seconds_of(publication)))


def stage_documents(
    run: Build, made: Iterable[MadeDocument], staging: Staging, state: BuildState, key_of: dict
) -> list[str]:
    """Stage each document's files and tickets as they come; returns the files they no longer write.

    A mistake in the sources (a missing glyph, a refused resource) fails the build: SourceError,
    nothing is committed. A failed document keeps its previous files and state entry (an older
    key: it is tried again next time).
    """
    stale: list[str] = []
    problems: list = []
    for document in made:
        problems += document.problems
        if document.error:
            run.report.failed.append((document.publication, document.error))
            run.progress.failed(document.publication, document.error)
        if problems or document.error:
            continue
        files, entries = stage_files(run, document, staging)
        run.report.preflight += document.preflight
        # A file that failed preflight is written, to inspect, and listed; no key: it is built again next time.
        passed = not any(r.errors for r in document.preflight)
        stale += state.record(
            document.publication.relative_path,
            key_of[document.publication] if passed else "",
            files,
            entries,
            document.seconds,
        )
    if problems:
        raise SourceError(merge_problems(sorted_problems(problems)))
    return stale


def stage_files(run: Build, document: MadeDocument, staging: Staging) -> tuple[dict[str, bytes], list[dict]]:
    """Stage one document's files (and print tickets); what the state and the manifest record of them."""
    output = run.project.output
    files: dict[str, bytes] = {}
    entries = []
    for file in document.files:
        files[file.name] = file.data
        staged = staging.write(output / file.name, file.data)
        extra: dict[str, Any] = {"density": document.density}
        if file.layout_warnings:  # told again by every build while they last, as budget warnings are
            extra["layout_warnings"] = file.layout_warnings
        if document.publication.saddle_stitched:
            extra["notes_pages"] = document.notes_pages
        if file.ticket:
            ticket_name, text, ticket_extra = file.ticket
            extra.update(ticket_extra)
            files[ticket_name] = text
            staging.write(output / ticket_name, text)
        written = Written(
            document.publication,
            output / file.name,
            file.pages,
            len(file.data),
            file.sha256,
            document.seconds,
            extra,
            staged=staged,
        )
        entries.append(written.manifest_entry(output))
        run.report.written.append(written)
        run.progress.written(written)
        run.on_written(written)
    return files, entries


def budget_warnings(plan: list[Publication], state: BuildState) -> list[str]:
    """Every planned publication over its page budget even at the densest level, made now or before."""
    warnings = []
    for publication in plan:
        known = state.outputs.get(publication.relative_path, {"entries": []})
        for entry in (e for e in known["entries"] if e["path"] == publication.relative_path):
            warning = budget_warning(
                publication, entry["pages"] - entry.get("notes_pages", 0), entry.get("density", DENSITIES[0])
            )
            warnings += [warning] if warning else []
    return warnings


def layout_warnings(plan: list[Publication], state: BuildState) -> list[str]:
    """The layout preflight's warnings of every planned publication's files, made now or before, said in
    this run's language (the state keeps them unworded: preflight.stored)."""
    warnings = []
    for publication in plan:
        for entry in state.outputs.get(publication.relative_path, {"entries": []})["entries"]:
            warnings += [f"{entry['path']}: {retold(warning)}" for warning in entry.get("layout_warnings", [])]
    return warnings


def forget_unplanned(run: Build, plan: list[Publication], state: BuildState) -> list[tuple[str, list[str]]]:
    """Forget the publications the sources no longer ask for, and those whose files someone removed.

    Returns the former, with their files (to delete once the build has committed).
    """
    everything = {
        p.relative_path for p in plan_publications(run.sources, BuildOptions(poster_size=run.options.poster_size))
    }
    gone = orphans(state, everything)
    for relative_path, _entry in gone:
        state.forget(relative_path)
    # Those written now are staged; every other one is checked, a failed render's previous files included.
    forget_missing(run.project.output, state, {written.publication.relative_path for written in run.report.written})
    return gone


def remove_files(run: Build, names: list[str]) -> None:
    """Delete files the state recorded and no publication writes any more (never through a link)."""
    for name in names:
        if linked_folder(run.project.output, run.project.output / name) is not None:
            continue
        try:
            (run.project.output / name).unlink(missing_ok=True)
        except OSError:  # a file left over is harmless: no manifest or page lists it
            continue
        run.report.removed.append(name)
        run.progress.removed(name)


def stage_manifests(output: Path, state: BuildState, staging: Staging) -> None:
    """The manifest of the public files; the private kinds' in output/private/ (once there are any)."""
    staging.write_if_changed(output / MANIFEST, manifest_bytes(state.entries()))
    if state.entries(private=True) or (output / PRIVATE_FOLDER / MANIFEST).exists():
        staging.write_if_changed(output / PRIVATE_FOLDER / MANIFEST, manifest_bytes(state.entries(private=True)))


def manifest_bytes(entries: Iterable[dict]) -> bytes:
    entries = sorted(entries, key=lambda e: e["path"])
    return (json.dumps({"files": entries}, indent=2, ensure_ascii=False) + "\n").encode()


def sorted_problems(problems: list) -> list:
    """Problems in a stable order whatever the order the workers finished in."""
    return sorted(problems, key=lambda p: (str(p.file), location_order(p.line), p.field, p.message))


def raise_if_preflight_failed(report: BuildReport) -> None:
    """Every PDF that failed preflight (print, or the screen files' structural checks), with its errors:
    the build fails, the files stay to inspect."""
    failed = [r for r in report.preflight if r.errors]
    if not failed:
        return
    text = "\n".join(format_any_report(r) for r in failed)
    raise RenderError(
        _(
            "preflight found {errors} in {pdfs}:\n{text}\nfix the sources or styles; `make-publication preflight [--screen] FILE.pdf --verbose` shows details"
        ).format(
            errors=counted(sum(len(r.errors) for r in failed), "error", "errors"),
            pdfs=counted(len(failed), "PDF", "PDFs"),
            text=text,
        )
    )
