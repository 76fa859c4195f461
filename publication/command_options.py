"""Options every command takes, after its name too (--project and --debug), and the selection of
publications that build and preview share (--kind, --event, --lang, --variant, --poster-size)."""

from __future__ import annotations

import click

from . import __version__
from .messages import _
from .plan import DEFAULT_POSTER_SIZE, KINDS, POSTER_SIZES, VARIANTS
from .sources import Sources

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


def selection_options(variant_default: str = "", only: tuple[str, ...] = ()):
    """--kind, --event, --lang, --variant and --poster-size: which publications a command makes (`only`:
    those of these names, e.g. `package`'s --kind, --event and --lang)."""
    options = {
        "--kind": click.option(
            "--kind",
            "kinds",
            multiple=True,
            type=click.Choice(KINDS),
            help="Only these publications (repeatable). Default: all.",
        ),
        "--event": click.option(
            "--event",
            "events",
            multiple=True,
            metavar="KEY",
            help="Only the programmes of these events (repeatable): the name of the event's file in "
            "sources/workshops/ without its extension, e.g. --event 2017-05-thessaloniki. Default: every event.",
        ),
        "--lang": click.option(
            "--lang",
            "languages",
            multiple=True,
            metavar="CODE",
            help="Only these languages (repeatable), e.g. --lang fr. Default: all.",
        ),
        "--variant": click.option(
            "--variant",
            "variants",
            multiple=True,
            type=click.Choice(VARIANTS),
            help=f"Only this variant (repeatable). {variant_default}",
        ),
        "--poster-size": click.option(
            "--poster-size",
            default=DEFAULT_POSTER_SIZE,
            show_default=True,
            type=click.Choice(POSTER_SIZES),
            help="Sheet size of the poster; the type scales with it.",
        ),
    }
    chosen = [option for name, option in options.items() if not only or name in only]

    def decorate(command):
        for option in reversed(chosen):
            command = option(command)
        return command

    return decorate


def refuse_unknown_languages(site_languages: list[str], languages: tuple[str, ...]) -> None:
    unknown = [code for code in languages if code not in site_languages]
    if unknown:
        raise click.BadParameter(
            _("{unknown} not among the site's languages {site_languages}").format(
                unknown=", ".join(unknown), site_languages=site_languages
            ),
            param_hint="--lang",
        )


def refuse_unknown_events(sources: Sources, events: tuple[str, ...]) -> None:
    """An --event that names no event of the sources is refused before anything is rendered."""
    keys = [key for key, _workshop in sources.workshops_in_order()]
    unknown = [key for key in events if key not in keys]
    if unknown:
        raise click.BadParameter(
            _("{unknown} is not an event of sources/workshops/; the events are: {keys}").format(
                unknown=", ".join(unknown), keys=", ".join(keys)
            ),
            param_hint="--event",
        )


def version_message() -> str:
    """What --version prints: this tool's version, and the engine's, which decides how pages look."""
    import platform
    from importlib.metadata import PackageNotFoundError, version

    try:
        engine = version("weasyprint")
    except PackageNotFoundError:  # pragma: no cover - WeasyPrint is a dependency
        engine = "not installed"
    return f"make-publication {__version__} (WeasyPrint {engine}, Python {platform.python_version()})"
