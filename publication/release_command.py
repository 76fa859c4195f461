"""`make-publication release NAME`: records what was sent out in releases/NAME/ (`releases`); later
builds list what changed since. A command of its own module, registered by `cli`."""

from __future__ import annotations

from pathlib import Path

import click

from .command_options import common_options
from .errors import terminal_safe
from .messages import _
from .ownership import output_folder
from .plan import Project


@click.command()
@common_options
@click.argument("name")
@click.option("--date", "sent", type=click.DateTime(["%Y-%m-%d"]), help="The day it was sent out. Default: today.")
@click.option("--output", type=click.Path(file_okay=False), help="The output folder sent out. Default: output/.")
@click.pass_obj
def release(obj, name: str, sent, output) -> None:
    """Record what was sent out (each event's agenda, each output file's checksum) in releases/NAME/;
    later builds list what changed since."""
    import datetime as dt

    from .releases import write_release
    from .sources import read_sources

    root = Path(obj["root"]).resolve()
    project = Project(root, output_folder(root, output))
    sources = read_sources(project.sources)
    day = sent.date() if sent else dt.datetime.now(dt.UTC).date()
    path = write_release(project.root, sources, name, day, project.output)
    click.echo(
        _("release {name} of {day} recorded in {file}").format(
            name=name,
            day=day.isoformat(),
            file=terminal_safe(str(path.relative_to(project.root)), one_line=True),
        )
    )
