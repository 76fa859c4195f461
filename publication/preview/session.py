"""One preview session: serve, build, then rebuild on every change until Ctrl-C or `kill`."""

from __future__ import annotations

import signal
import threading
import webbrowser

import click

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


def run_preview(project: Project, options: BuildOptions, port: int = 8000, open_browser: bool = False,
                echo: Echo = click.echo, debug: bool = False) -> None:
    """Serve, build, then rebuild on every change until Ctrl-C."""
    state = PreviewState(project.root.name)  # the network's name once the sources are read
    server = start_server(state, port, debug)
    url = f"http://{HOST}:{server.server_port}/"
    changed, stop = threading.Event(), threading.Event()
    watcher = threading.Thread(target=watch_sources, args=(project, changed, stop, echo),
                               name="preview-watcher", daemon=True)
    try:
        _stop_on_signals()
        watcher.start()
        echo(f"preview on {url}  (building into {display_path(project.output, project.root)}/; "
             f"watching {', '.join(n + '/' for n in WATCHED)}; Ctrl-C to stop)")
        if open_browser:
            webbrowser.open(url)
        changed.set()
        while True:
            if changed.wait(timeout=0.5):
                changed.clear()
                rebuild(project, options, state, changed, echo, debug)
    except KeyboardInterrupt:
        echo("preview stopped")
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
        watcher.join(timeout=5)
