"""The `make-publication` command line: thin Click commands over the pipeline."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

import click

from .command_options import (
    DEBUG_HELP,
    PROJECT_HELP,
    common_options,
    refuse_unknown_events,
    refuse_unknown_languages,
    selection_options,
    version_message,
)
from .engine import speak_click
from .errors import (
    Problem,
    RenderError,
    SafeMessage,
    SourceError,
    UsageError,
    counted,
    tell_missing_translations,
    tell_warnings,
    terminal_safe,
    warning_line,
)
from .limits import Seconds
from .messages import _, ngettext, use_language
from .package import package
from .plan import (
    KINDS,
    PDF_KINDS,
    PREVIEW_FOLDER,
    PREVIEW_VARIANTS,
    VARIANTS,
    BuildOptions,
    Project,
    plan_publications,
)
from .release_command import release


def _project(root: str, output: str | None) -> Project:
    from .ownership import output_folder

    root_path = Path(root).resolve()
    return Project(root_path, output_folder(root_path, output))


class DebuggableGroup(click.Group):
    """Shows a traceback only with --debug; a user's mistake gets its message alone. Speaks the locale's
    language from the start: Click's own words too (`Usage:`, `No such option`), engine.CLICK_WORDS."""

    def make_context(self, *args, **kwargs) -> click.Context:
        use_language()  # the locale's, until a project's site.yaml says otherwise (sources.read_sources)
        speak_click(_, ngettext)
        return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, BrokenPipeError):
            raise  # a closed pipe is the reader's choice (`list | head`): Click ends quietly, exit 1
        except KeyboardInterrupt:  # Ctrl-C or SIGTERM: staged files are already removed
            click.echo(
                _(
                    "interrupted: the output folder was left as it was (new files replace old ones only all "
                    "together, at the end)"
                ),
                err=True,
            )
            raise click.exceptions.Exit(130) from None  # an interruption, not an error to trace back
        except Exception as exc:  # an unexpected failure: say so, keep the trace for --debug
            if (ctx.obj or {}).get("debug"):
                raise
            raise SafeMessage(  # "Error:" in the messages' language, the text escaped
                _("internal error: {error} (run with --debug for details)").format(error=f"{type(exc).__name__}: {exc}")
            ) from exc


def show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """--version: the versions, then exit before any command runs."""
    if value:
        click.echo(version_message())
        ctx.exit()


@click.group(cls=DebuggableGroup)
@click.option(
    "--version",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=show_version,
    help="Show the versions of this tool and of WeasyPrint, and exit.",
)
@click.option("--project", "root", default=".", show_default=True, type=click.Path(file_okay=False), help=PROJECT_HELP)
@click.option("--debug", is_flag=True, help=DEBUG_HELP)
@click.pass_context
def main(ctx: click.Context, root: str, debug: bool) -> None:
    """Build a European project's publications (brochure, poster, overview, programmes, event kit) from sources/."""
    ctx.obj = {"root": root, "debug": debug}


@main.command()
@common_options
@selection_options(variant_default="Default: screen and print.")
@click.option("--output", type=click.Path(file_okay=False), help="Output folder. Default: output/.")
@click.option("--strict", is_flag=True, help="Treat warnings (missing translations…) as errors.")
@click.option("--marks", is_flag=True, help="Print PDFs: crop marks in a slug outside the bleed (print.slug_mm).")
@click.option(
    "--impose",
    type=click.Choice(("saddle",)),
    help="Also write the print brochure as printer's spreads for saddle stitching (*-imposed.pdf).",
)
@click.option("--allow-low-res", is_flag=True, help="Print images below print.min_ppi are warnings, not errors.")
@click.option(
    "--timeout",
    default=120.0,
    show_default=True,
    type=Seconds(),
    help="Seconds allowed to typeset one document (0: no limit).",
)
@click.option(
    "--check-reproducible",
    is_flag=True,
    help="Build twice (the second time into a temporary folder) and fail if any PDF differs.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Render this many documents at once. Default: the number of CPUs.",
)
@click.option("--force", is_flag=True, help="Render every file, even those whose inputs did not change.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but warnings and failures.")
@click.pass_obj
def build(
    obj,
    kinds,
    events,
    languages,
    variants,
    poster_size,
    output,
    strict,
    marks,
    impose,
    allow_low_res,
    timeout,
    check_reproducible,
    jobs,
    force,
    quiet,
) -> None:
    """Build every publication (or those selected) into output/; only what changed is rendered."""
    from .pool import default_jobs
    from .progress import make_progress
    from .publish import build as run_build

    project = _project(obj["root"], output)
    sources = read_checked_sources(project, languages, strict)
    refuse_unknown_events(sources, events)
    options = BuildOptions(
        kinds=tuple(kinds) or KINDS,
        languages=tuple(languages),
        events=tuple(events),
        variants=tuple(variants) or VARIANTS,
        poster_size=poster_size,
        marks=marks,
        impose=impose,
        allow_low_res=allow_low_res,
        timeout=timeout or None,
    )
    if impose and not options.makes_print_booklet():
        click.echo(
            warning_line(_("--impose saddle applies to the print brochure, which this build does not make")), err=True
        )
    jobs = jobs or default_jobs()
    progress = make_progress(project.output, quiet, obj["debug"])
    try:
        report = run_build(
            project, options, progress=progress, jobs=jobs, force=force, sources=sources, keep_going=True
        )
    finally:
        progress.finish()
    tell_build(project, report, jobs, quiet, obj["debug"], strict, sources.warnings)
    if check_reproducible:
        from .verify import check_reproducibility

        check_reproducibility(project, options, len(report.written))


def read_checked_sources(project: Project, languages: tuple[str, ...], strict: bool):
    """The sources, with their warnings shown; --lang must name languages of the site."""
    from .sources import read_sources

    sources = read_sources(project.sources)
    refuse_unknown_languages(sources.site.languages, languages)
    tell_warnings(sources.warnings)
    if strict and sources.warnings:
        raise SourceError(list(sources.warnings))
    return sources


def tell_build(
    project: Project,
    report,
    jobs: int,
    quiet: bool,
    debug: bool,
    strict: bool = False,
    source_warnings: list[Problem] | None = None,
) -> None:
    """The build's last lines: the download page, preflight and page-budget warnings, the table of
    missing translations (the sources' warnings were shown before the build, far up), the summary,
    the failures; with `strict`, a publication over its page budget fails the build (exit 2)."""
    from .progress import strict_failures, summarise

    if report.site and not quiet:
        count = len(report.site) - 1
        click.echo(
            ngettext(
                "wrote the download page {page} and {count} file it links",
                "wrote the download page {page} and {count} files it links",
                count,
            ).format(page=project.output / "index.html", count=count)
        )
    for preflight in report.preflight:
        for finding in preflight.warnings:
            where = _("{file}: page {page}:").format(file=preflight.path, page=finding.page)
            click.echo(warning_line(f"{where} [{finding.check}] {finding.told()}"), err=True)
    tell_warnings(report.warnings + report.layout_warnings)
    tell_missing_translations(source_warnings or [])
    if not quiet:
        click.echo(summarise(report, jobs))
    if report.failed:
        failed = ", ".join(p.relative_path for p, _error in report.failed)
        raise RenderError(
            ngettext("{count} file failed: {files}", "{count} files failed: {files}", len(report.failed)).format(
                count=len(report.failed), files=failed
            )
            + ("" if debug else " " + _("(run with --debug for details)"))
        )
    if strict and (unmet := strict_failures(report)):
        raise UsageError(f"--strict: {unmet}")


@main.command()
@common_options
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the reports as JSON (one object per file).")
@click.option("--booklet", is_flag=True, help="The file is a saddle-stitched booklet: pages must be a multiple of 4.")
@click.option(
    "--bleed-mm",
    default=3.0,
    show_default=True,
    type=click.FloatRange(0, 10, min_open=True),
    help="Bleed needed on every side (a file with none is always an error).",
)
@click.option("--min-ppi", default=300.0, show_default=True, type=float, help="Lowest image resolution at placed size.")
@click.option("--allow-low-res", is_flag=True, help="Images below --min-ppi are warnings, not errors.")
@click.option("--verbose", is_flag=True, help="Also list informative findings (text colours, colour spaces).")
@click.option(
    "--screen",
    is_flag=True,
    help="Check for the screen instead: PDF/UA-1 (Matterhorn Protocol) and WCAG 2.2 AA contrast on the rendered pages.",
)
@click.option(
    "--layout",
    is_flag=True,
    help="Check the layout instead: hidden, colliding or cut-off text, rules through text, safe margin, type "
    "size, page fill, running heads (thresholds of the kind the trim size is made for).",
)
@click.option(
    "--eu",
    is_flag=True,
    help="Check the EU's visibility rules instead: the emblem, its words in the document's language in a "
    "permitted typeface and colour, not italic, the emblem as tall as the logos beside it.",
)
def preflight(files, as_json, booklet, bleed_mm, min_ppi, allow_low_res, verbose, screen, layout, eu) -> None:
    """Check PDFs for print (ours or a partner's), with --screen for accessibility, with --layout for lost or
    badly placed text, with --eu for the EU funding's visibility; exit 1 if any has an error."""
    import json

    from .preflight import PreflightOptions, format_any_report, preflight_any

    if screen + layout + eu > 1:
        raise click.UsageError(_("--screen, --layout and --eu are different checks: run one, then the other"))
    options = PreflightOptions(bleed_mm=bleed_mm, min_ppi=min_ppi, allow_low_res=allow_low_res, booklet=booklet)
    reports = preflight_any(files, options, "screen" if screen else "layout" if layout else "eu" if eu else "print")
    shown = [format_any_report(r, verbose) for r in reports]
    click.echo(
        json.dumps([r.as_dict() for r in reports], indent=2, ensure_ascii=False) if as_json else "\n".join(shown)
    )
    if any(r.errors for r in reports):
        raise click.exceptions.Exit(1)


@main.command()
@common_options
@click.option("--strict", is_flag=True, help="Treat warnings (missing translations…) as errors.")
@click.pass_obj
def check(obj, strict) -> None:
    """Validate sources/ and report every problem at once (nothing is built)."""
    from .check import check_rendered, told_drafts
    from .drafts import draft_publications
    from .graphics.cities import cities_outside_the_map

    project = _project(obj["root"], None)
    sources = read_checked_sources(project, (), strict)
    plan = plan_publications(sources, BuildOptions())
    problems = cities_outside_the_map(sources)  # no page is rendered from a misplaced city
    problems, warnings = (problems, []) if problems else check_rendered(project, sources, plan)
    tell_warnings(warnings)
    if problems or (strict and warnings):
        raise SourceError(problems + warnings)
    tell_missing_translations(sources.warnings)
    click.echo(
        _("sources are valid: {partners}, {workshops}, {warnings}").format(
            partners=counted(len(sources.partners.partners), "partner", "partners"),
            workshops=counted(len(sources.workshops), "workshop", "workshops"),
            warnings=counted(len(sources.warnings) + len(warnings), "warning", "warnings"),
        )
        + told_drafts(draft_publications(sources, plan))
    )


@main.command()
@common_options
@selection_options(variant_default="Default: screen, the quickest to build.")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port on 127.0.0.1 to serve the preview on.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in the default web browser.")
@click.option(
    "--output",
    type=click.Path(file_okay=False),
    help="Folder to build into. Default: .cache/preview/ (output/ holds only what may be published).",
)
@click.pass_obj
def preview(obj, kinds, events, languages, variants, poster_size, port, open_browser, output) -> None:
    """Build, show the pages in a browser, and rebuild them whenever sources/, layouts/ or styles/ change."""
    from .preview import run_preview
    from .sources import read_sources

    project = _project(obj["root"], output or str(Path(obj["root"]) / PREVIEW_FOLDER))
    if kinds and not set(kinds) & set(PDF_KINDS):  # it shows PDF pages; a web page opens in any browser
        raise click.BadParameter(
            "the preview shows PDFs: build a web page and open it in a browser", param_hint="--kind"
        )
    options = BuildOptions(
        kinds=tuple(kind for kind in kinds if kind in PDF_KINDS) or PDF_KINDS,
        languages=tuple(languages),
        events=tuple(events),
        variants=tuple(variants) or PREVIEW_VARIANTS,
        poster_size=poster_size,
    )
    with suppress(
        SourceError
    ):  # refuse an unknown --lang or --event now; invalid sources are left for the preview to show
        sources = read_sources(project.sources)
        refuse_unknown_languages(sources.site.languages, languages)
        refuse_unknown_events(sources, events)
    run_preview(project, options, port=port, open_browser=open_browser, debug=obj["debug"])


@main.command(name="list")
@common_options
@click.pass_obj
def list_publications(obj) -> None:
    """List the files a build would write."""
    from .sources import read_sources

    project = _project(obj["root"], None)
    for publication in plan_publications(read_sources(project.sources), BuildOptions()):
        click.echo(
            f"{terminal_safe(publication.relative_path, one_line=True)}  {publication.kind} {publication.trim_name} {publication.lang} {publication.variant}"
        )


@main.command()
@common_options
@click.argument("folder", type=click.Path())
@click.option(
    "--from",
    "sources",
    type=click.Path(exists=True, file_okay=False),
    help="Copy these sources instead of the starter ones (e.g. examples/forum/sources).",
)
@click.option(
    "--with-theme",
    is_flag=True,
    help="Also copy the default theme's layouts/ and styles/ into the project, to customise them.",
)
def new(folder, sources, with_theme) -> None:
    """Write a new project in FOLDER: example sources (status: draft) and a .gitignore; it prints
    with the default theme unless --with-theme copies the theme into it to customise."""
    from .scaffold import new_project, templates_said

    target = Path(folder)
    sheets = templates_said(new_project(target, sources=Path(sources) if sources else None, with_theme=with_theme))
    theme = _("layouts/ and styles/ (the default theme, to customise)") if with_theme else _("the default theme")
    click.echo(
        _(
            "wrote a new project in {target}: sources/ ({sources}) and .gitignore; it prints with {theme}{sheets}"
        ).format(target=target, sources=sources or _("example data, status: draft"), theme=theme, sheets=sheets)
        + "\n"
        + _("next: edit {sources}, then make-publication --project {target} build").format(
            sources=target / "sources", target=target
        )
    )


@main.command(name="export-agenda")
@common_options
@click.argument("workshop")
@click.option("--format", "fmt", type=click.Choice(("xlsx", "csv")), default="xlsx", show_default=True)
@click.option(
    "--output", type=click.Path(dir_okay=False), help="File to write. Default: sources/agenda/WORKSHOP.FORMAT."
)
@click.pass_obj
def export_agenda(obj, workshop, fmt, output) -> None:
    """Write WORKSHOP's agenda as a spreadsheet, to edit and name in its YAML (`agenda: agenda/FILE`)."""
    from .scaffold import export_agenda_sheet

    click.echo(export_agenda_sheet(_project(obj["root"], None), workshop, fmt, Path(output) if output else None))


def run() -> None:
    """Console-script entry point."""
    main(prog_name="make-publication")


if __name__ == "__main__":  # pragma: no cover
    run()


main.add_command(release)  # `release NAME`: what was sent out (publication/release_command.py)
main.add_command(package)  # `package`: the print files, tickets and checksums in a zip (publication/package.py)
