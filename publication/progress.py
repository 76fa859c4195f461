"""Show a build as it goes: a bar on a terminal, one line per file otherwise, nothing with --quiet."""

from __future__ import annotations

from pathlib import Path

import click

from .errors import counted, terminal_safe
from .localise import format_size
from .messages import _, current_language, ngettext
from .plan import Publication
from .publish import BuildReport, Progress, Written


class LineProgress(Progress):
    """One line per file written, failed or removed: for logs and CI."""

    def __init__(self, output: Path, debug: bool = False) -> None:
        self.output = output
        self.debug = debug

    def echo(self, line: str, err: bool = False) -> None:
        click.echo(line, err=err)

    def start(self, to_build: int, unchanged: int) -> None:
        pass

    def written(self, written: Written) -> None:
        # a web page has no pages
        pages = _("{pages} p., ").format(pages=written.pages) if written.publication.kind_record.typeset else ""
        size = format_size(written.size_in_bytes, current_language())
        self.echo(
            _("wrote {file}  ({pages}{size}, {seconds:.1f} s)").format(
                file=self.shown(file_name(written)), pages=pages, size=size, seconds=written.seconds
            )
        )

    def failed(self, publication: Publication, error: str) -> None:
        message = error if self.debug else (error.splitlines() or [""])[0]
        self.echo(
            _("failed {file}: {message}").format(
                file=self.shown(publication.relative_path), message=terminal_safe(message)
            ),
            err=True,
        )

    def removed(self, relative_path: str) -> None:
        self.echo(_("removed {file} (no longer built)").format(file=self.shown(relative_path)))

    def finish(self) -> None:
        pass

    def shown(self, relative_path: str) -> str:
        """The path as people find it: under the output folder's name; a control character in it escaped."""
        return terminal_safe(f"{self.output.name}/{relative_path}", one_line=True)


class BarProgress(LineProgress):
    """A progress bar on a terminal; the lines scroll above it."""

    def start(self, to_build: int, unchanged: int) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Bar

        self.bar = Bar(
            TextColumn(_("building")),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn(_("({count} unchanged)").format(count=unchanged)),
            transient=True,
        )
        self.task = self.bar.add_task("build", total=to_build)
        self.bar.start()

    def echo(self, line: str, err: bool = False) -> None:
        self.bar.console.print(line, markup=False, highlight=False)

    def written(self, written: Written) -> None:
        super().written(written)
        if "imposed" not in written.extra:  # one step per publication, not per file
            self.bar.advance(self.task)

    def failed(self, publication: Publication, error: str) -> None:
        super().failed(publication, error)
        self.bar.advance(self.task)

    def finish(self) -> None:
        if hasattr(self, "bar"):
            self.bar.stop()


class QuietProgress(LineProgress):
    """--quiet: failures only."""

    def written(self, written: Written) -> None:
        pass

    def removed(self, relative_path: str) -> None:
        pass


def file_name(written: Written) -> str:
    """The file written, inside the output folder: a publication's imposed spreads are a file of their own."""
    return f"{Path(written.publication.relative_path).parent.as_posix()}/{written.path.name}"


def make_progress(output: Path, quiet: bool, debug: bool) -> LineProgress:
    if quiet:
        return QuietProgress(output, debug)
    if click.get_text_stream("stdout").isatty():
        return BarProgress(output, debug)
    return LineProgress(output, debug)


def summarise(report: BuildReport, jobs: int) -> str:
    """The last line of a build: what happened, how long it took."""
    removed = _(", removed {count}").format(count=len(report.removed)) if report.removed else ""
    from .preflight import ScreenReport  # here: the progress bar needs no PDF library

    screen = sum(1 for r in report.preflight if isinstance(r, ScreenReport))
    printed = len(report.preflight) - screen
    preflight = (
        ngettext("; {count} print PDF passed preflight", "; {count} print PDFs passed preflight", printed)
        if printed
        else ""
    )
    preflight += (
        ngettext(
            "; {screen} screen PDF passed the PDF/UA checks", "; {screen} screen PDFs passed the PDF/UA checks", screen
        )
        if screen
        else ""
    )
    built = len({written.publication for written in report.written})
    from .check import told_drafts  # the draft publications first, each with the files that keep it draft

    return told_drafts(report.drafts, after=False) + _(
        "built {built}, unchanged {unchanged}, failed {failed}{removed} in {seconds:.1f} s ({jobs}){preflight}"
    ).format(
        built=built,
        unchanged=len(report.unchanged),
        failed=len(report.failed),
        removed=removed,
        seconds=report.seconds,
        jobs=counted(jobs, "job", "jobs"),
        preflight=preflight.format(count=printed, screen=screen),
    )


def strict_failures(report: BuildReport) -> str:
    """What --strict fails a build on, counted ("" for nothing): publications over their page budget,
    layout warnings."""
    counts = {
        ngettext(
            "{count} publication over its page budget",
            "{count} publications over their page budget",
            len(report.warnings),
        ): report.warnings,
        ngettext(
            "{count} layout warning", "{count} layout warnings", len(report.layout_warnings)
        ): report.layout_warnings,
    }
    return ", ".join(words.format(count=len(found)) for words, found in counts.items() if found)
