"""The preview's builds: one build into the preview folder, its failures told, and the watcher that asks for the next."""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

import click
import jinja2

from ..errors import Problem, SourceError, counted, problems_heading, terminal_safe
from ..localise import Languages
from ..messages import _
from ..plan import BuildOptions, Project, Publication, plan_publications
from ..publish import Written, build
from ..sources import Sources, read_sources
from .state import PreviewState
from .viewer import Document, describe_document

WATCHED = ("sources", "layouts", "styles")  # sources/ holds the sheets too (sources/agenda/*.xlsx)
OFFICE_LOCKS = (".~lock.", "~$")
# How the watcher groups the events of one save: it hands them over once STEP_MS pass without another
# (watchfiles' default, 50 ms, waits two steps: 100 ms of every rebuild), or after DEBOUNCE_MS at most.
# An editor's save (a write, or a temporary file renamed) takes well under a millisecond; a save seen
# half-way only starts a build that the rest of it supersedes (rebuild).
STEP_MS = 10
DEBOUNCE_MS = 400

Echo = Callable[[str], None]


class BuildSuperseded(Exception):
    """The sources changed again while building: stop and start over with the new ones."""


def display_path(path: Path, root: Path) -> str:
    """`path` relative to the project's root when it lies inside, as the user would type it."""
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


def describe_failure(exc: Exception, root: Path) -> tuple[str, str, list[Problem]]:
    """(stage, heading, problems) for a failed build, located in the project's files when possible."""
    if isinstance(exc, SourceError):
        return "sources", problems_heading(len(exc.problems)), exc.problems
    if isinstance(exc, jinja2.TemplateSyntaxError):
        file = display_path(Path(exc.filename or exc.name or "layouts"), root)
        return (
            "render",
            _("A layout could not be read:"),
            [Problem(file, exc.lineno, "", exc.message or str(exc), _("correct the Jinja syntax at that line"))],
        )
    if isinstance(exc, click.ClickException):
        return "render", _("Rendering failed:"), [Problem("", None, "", exc.format_message())]
    # Where in our layouts or styles it happened: Jinja rewrites tracebacks to template lines.
    file, line = "", None
    for frame, frame_line in traceback.walk_tb(exc.__traceback__):
        candidate = Path(frame.f_code.co_filename)
        if candidate.is_relative_to(root):
            file, line = display_path(candidate, root), frame_line
    fix = _("check the layout at that line") if file else _("run with --debug to see where it failed")
    return "render", _("Rendering failed:"), [Problem(file, line, "", f"{type(exc).__name__}: {exc}", fix)]


def rebuild(
    project: Project,
    options: BuildOptions,
    state: PreviewState,
    changed: threading.Event,
    echo: Echo,
    debug: bool = False,
) -> None:
    """One build into the preview folder; problems go to the terminal and the browser alike."""
    started = time.perf_counter()
    state.start_build()
    try:
        sources = _read_sources_and_warn(project, state, echo)
        describe = describer(project, sources)
        count = _build_and_show(project, options, sources, describe, state, changed, echo)
        planned = plan_publications(sources, options)
        adopt_unchanged(project, planned, state, describe)
    except BuildSuperseded:
        echo(_("sources changed again: starting over"))
        state.stop_build()
        return
    except Exception as exc:  # a user's mistake or a failed render: report it, keep serving
        if changed.is_set():  # read half-way through a save, perhaps: the next build tells
            echo(_("sources changed again: starting over"))
            state.stop_build()
        else:
            _report_failure(exc, project.root, state, echo, debug)
        return
    state.succeed({p.relative_path.removesuffix(".pdf") for p in planned})
    echo(
        _("rebuilt {files} in {seconds:.1f} s — {publications} in the preview").format(
            files=counted(count, "file", "files"),
            seconds=time.perf_counter() - started,
            publications=counted(len(planned), "publication", "publications"),
        )
    )


def _read_sources_and_warn(project: Project, state: PreviewState, echo: Echo) -> Sources:
    """Read and check the sources; their warnings go to the terminal only when they changed."""
    sources = read_sources(project.sources)
    if [str(w) for w in sources.warnings] != [str(w) for w in state.warnings]:
        for warning in sources.warnings:
            echo(f"warning: {warning}")
    state.sources_valid(sources.warnings, next(iter(sources.network.name.values())))
    return sources


def _build_and_show(
    project: Project,
    options: BuildOptions,
    sources: Sources,
    describe: Describe,
    state: PreviewState,
    changed: threading.Event,
    echo: Echo,
) -> int:
    """Run the build, showing every file as soon as it is written; the number of files written."""
    count = 0

    def record(written: Written) -> None:
        nonlocal count
        relative = written.path.relative_to(project.output).as_posix()
        state.put(describe(written.publication, relative, written.read_bytes()))  # still staged
        count += 1
        echo(
            _("wrote {file}  ({pages} p., {seconds:.1f} s)").format(
                file=terminal_safe(relative, one_line=True), pages=written.pages, seconds=written.seconds
            )
        )
        if changed.is_set():
            raise BuildSuperseded

    # The sources just read (not read twice), the document the user looks at made first, and no download
    # page, calendars or thumbnails, which the preview does not show (they took 0.2 s of a rebuild of
    # one programme, 1.1 s of one in the preview of everything, and the next save waited for them).
    viewed = state.looked_at_last()
    first = f"{viewed}.pdf" if viewed else ""
    build(project, options, on_written=record, sources=sources, first=first, site=False)
    return count


def _report_failure(exc: Exception, root: Path, state: PreviewState, echo: Echo, debug: bool) -> None:
    stage, heading, problems = describe_failure(exc, root)
    echo(_("Error: {message}").format(message="\n".join([heading, *(str(p) for p in problems)])))
    if debug and not isinstance(exc, click.ClickException):
        echo("".join(traceback.format_exception(exc)))
    state.fail(stage, heading, problems)


def adopt_unchanged(project: Project, planned: list[Publication], state: PreviewState, describe: Describe) -> None:
    """Show planned files the build did not rewrite (an incremental build skips unchanged ones)."""
    for publication in planned:
        key = publication.relative_path.removesuffix(".pdf")
        path = project.output / publication.relative_path
        if state.document(key) is None and path.is_file():
            state.put(describe(publication, publication.relative_path, path.read_bytes()))


# A built PDF as the preview shows it: the publication, its path in the output folder, its bytes.
Describe = Callable[[Publication, str, bytes], Document]


def describer(project: Project, sources: Sources) -> Describe:
    """`describe_document` with each publication's card heading, the languages read once per rebuild."""
    languages = Languages(sources.site.source_language, project.root, sources.network)
    return lambda publication, path, pdf: describe_document(
        publication, path, pdf, card_heading(sources, languages, publication)
    )


def card_heading(sources: Sources, languages: Languages, publication: Publication) -> str:
    """What the preview calls a publication, in its own language, as the download page does: its kind
    ('Affiche'), and for an event's publication the event's title ('Programme — Atelier de lancement à
    Dresde'), never its file's name."""
    language = languages[publication.lang]
    kind = language.site_words(publication.kind_record.label_word)
    if not publication.workshop:
        return kind
    return f"{kind} — {language.text(sources.workshops[publication.workshop].title)}"


def watch_sources(project: Project, changed: threading.Event, stop: threading.Event, echo: Echo) -> None:
    """Set `changed` whenever a file under sources/, layouts/ or styles/ changes, until `stop`."""
    import watchfiles

    folders = [project.root / name for name in WATCHED if (project.root / name).is_dir()]
    default = watchfiles.DefaultFilter()
    # An office program keeps a lock file beside an open sheet (.~lock.x.xlsx#, ~$x.xlsx): not a change.
    keep = lambda change, path: not Path(path).name.startswith(OFFICE_LOCKS) and default(change, path)  # noqa: E731
    for changes in watchfiles.watch(
        *folders, watch_filter=keep, stop_event=stop, raise_interrupt=False, debounce=DEBOUNCE_MS, step=STEP_MS
    ):
        paths = {Path(path) for _change, path in changes}
        # An editor's (or sed's) temporary file comes and goes within one batch: name what remains.
        shown = {path for path in paths if path.exists()} or paths
        echo(
            terminal_safe(
                f"changed: {', '.join(sorted(display_path(path, project.root) for path in shown))}", one_line=True
            )
        )
        changed.set()
