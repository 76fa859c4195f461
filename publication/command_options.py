"""Options every command takes, after its name too: --project and --debug."""

from __future__ import annotations

import click

PROJECT_HELP = "Project folder holding sources/, layouts/ and styles/."
DEBUG_HELP = "Show Python tracebacks for internal errors."


def _remember(ctx: click.Context, param: click.Parameter, value):
    """Keep --project/--debug given after the command; they win over those given before it."""
    if value is not None:
        ctx.ensure_object(dict)[param.name] = value


def common_options(command):
    """--project and --debug after the command name too (`make-publication build --project DIR`)."""
    command = click.option(
        "--debug", is_flag=True, default=None, expose_value=False, callback=_remember, help=DEBUG_HELP
    )(command)
    return click.option(
        "--project",
        "root",
        default=None,
        type=click.Path(file_okay=False),
        expose_value=False,
        callback=_remember,
        help=PROJECT_HELP,
    )(command)
