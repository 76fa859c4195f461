"""Check that a build is reproducible: build the same publications again elsewhere and compare."""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

import click

from .errors import RenderError, counted
from .messages import _
from .plan import BuildOptions, Project
from .publish import build


def rebuild_and_compare(project: Project, options: BuildOptions) -> list[str]:
    """Build `options` again into a temporary folder; the PDFs that differ from `project.output`."""
    with tempfile.TemporaryDirectory(prefix="reproducible-") as folder:
        again = dataclasses.replace(project, output=Path(folder))
        report = build(again, options)
        names = [w.path.relative_to(again.output).as_posix() for w in report.written]
        return [name for name in names if (project.output / name).read_bytes() != (again.output / name).read_bytes()]


def check_reproducibility(project: Project, options: BuildOptions, count: int) -> None:
    """--verify: the same bytes from a second build for every file, or a RenderError naming those that differ."""
    differing = rebuild_and_compare(project, options)
    if differing:
        raise RenderError(
            _("not reproducible: two builds differ in {files}: {names}").format(
                files=counted(len(differing), "file", "files"), names=", ".join(differing)
            )
        )
    click.echo(
        _("reproducible: a second build gave the same bytes for {files}").format(files=counted(count, "file", "files"))
    )
