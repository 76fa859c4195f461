"""One preview session: serve, build, then rebuild on every change until Ctrl-C or `kill`."""

from __future__ import annotations

import signal
import threading
import traceback
import webbrowser

import click

from ..errors import terminal_safe
from ..messages import _
from ..plan import BuildOptions, Project
from .rebuild import WATCHED, Echo, display_path, rebuild, watch_sources
from .server import HOST, start_server
from .state import PreviewState


def _stop_on_signals() -> None:
    """Ctrl-C and `kill` stop the preview alike: server closed, port freed.

    SIGINT is set explicitly: a shell starting us in the background leaves it ignored.
    """

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, interrupt)


def watch_or_say_why_not(
    project: Project, changed: threading.Event, stop: threading.Event, echo: Echo, debug: bool = False
) -> None:
    """Watch the sources; if watching fails (too many files for inotify, a folder removed), say so in one line."""
    try:
        watch_sources(project, changed, stop, echo)
    except Exception as exc:  # the server keeps serving the last build; only the rebuilds stop
        echo(
            terminal_safe(
                _(
                    "the preview stopped watching for changes: {error}; restart it to rebuild on changes "
                    "(--debug shows the details)"
                ).format(error=f"{type(exc).__name__}: {exc}"),
                one_line=True,
            )
        )
        if debug:
            echo("".join(traceback.format_exception(exc)))


def run_preview(
    project: Project,
    options: BuildOptions,
    port: int = 8000,
    open_browser: bool = False,
    echo: Echo = click.echo,
    debug: bool = False,
) -> None:
    """Serve, build, then rebuild on every change until Ctrl-C."""
    state = PreviewState(project.root.name)  # the network's name once the sources are read
    server = start_server(state, port, debug)
    url = f"http://{HOST}:{server.server_port}/"
    changed, stop = threading.Event(), threading.Event()
    watcher = threading.Thread(
        target=watch_or_say_why_not, args=(project, changed, stop, echo, debug), name="preview-watcher", daemon=True
    )
    try:
        _stop_on_signals()
        watcher.start()
        echo(
            _("preview on {url}  (building into {output}/; watching {folders}; Ctrl-C to stop)").format(
                url=url,
                output=display_path(project.output, project.root),
                folders=", ".join(n + "/" for n in WATCHED),
            )
        )
        if open_browser:
            webbrowser.open(url)
        changed.set()
        while True:
            if changed.wait(timeout=0.5):
                changed.clear()
                rebuild(project, options, state, changed, echo, debug)
    except KeyboardInterrupt:
        echo(_("preview stopped"))
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
        watcher.join(timeout=5)
