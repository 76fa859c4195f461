"""The preview's HTTP server on 127.0.0.1: the routes, their parameters and answers."""

from __future__ import annotations

import errno
import json
import math
import re
import socket
import threading
import traceback
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import click

from ..errors import UsageError, terminal_safe
from ..messages import _
from .state import PreviewState
from .viewer import PageImages, bounded_scale, spreads_of
from .words import page_templates, script_words

HOST = "127.0.0.1"  # never another interface: the preview shows unpublished drafts
ZOOMS = (25, 50, 75, 100, 150, 200)
DEFAULT_ZOOM = 75
CSS_PX_PER_PT = 96 / 72
MAX_SCALE = 8.0  # pixels per PDF point; bounds the memory one request can ask for
POLL_MS = 500
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")  # the Host headers answered, with the server's port
PAGE_NAME = re.compile(r"[0-9]{1,6}\.png")  # ASCII digits only: '²'.isdigit() is true, int('²') fails
NUMBER = re.compile(r"[+-]?[0-9]{1,6}(\.[0-9]{1,6})?")
ASSETS = Path(__file__).parent.parent / "data" / "preview"
# What connections may hold: one left open and silent is closed after IDLE_SECONDS; at most
# CONNECTIONS are answered at once (a thread each), the next wait in the listening queue for a
# free one, and are closed if none frees within IDLE_SECONDS.
IDLE_SECONDS = 30
CONNECTIONS = 32


class BadRequest(Exception):
    """A parameter the preview cannot use (`scale=nan`, page `²`): answered 400, with what is wrong."""


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # a viewer asks for every page at once: connections wait, never refused

    def __init__(self, address, state: PreviewState, debug: bool = False):
        super().__init__(address, PreviewHandler)
        self.slots = threading.BoundedSemaphore(CONNECTIONS)
        self.state = state
        self.debug = debug
        port = self.server_address[1]
        # Against DNS rebinding: a page of another site, its name pointed at 127.0.0.1, sends its own Host.
        self.hosts = {f"{name}:{port}" for name in LOOPBACK_NAMES} | (set(LOOPBACK_NAMES) if port == 80 else set())
        self.images = PageImages()
        self.templates = page_templates(ASSETS)

    def process_request(self, request, client_address) -> None:
        """A thread for the connection when one of the CONNECTIONS is free (waiting at most IDLE_SECONDS)."""
        if not self.slots.acquire(timeout=IDLE_SECONDS):
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def handle_error(self, request, client_address) -> None:
        """A request that broke the handler: a traceback with --debug only (the terminal is for builds)."""
        if self.debug:
            super().handle_error(request, client_address)


def report(server: PreviewServer, path: str, exc: Exception) -> None:
    """One line in the terminal for a request that could not be answered; the traceback with --debug."""
    click.echo(terminal_safe(f"preview: could not answer {path}: {type(exc).__name__}: {exc}"), err=True)
    if server.debug:
        click.echo("".join(traceback.format_exception(exc)), err=True)


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"
    timeout = IDLE_SECONDS  # a connection silent this long is closed (socketserver's setup sets it)

    def setup(self) -> None:
        super().setup()
        # Each answer goes out at once: headers and body are two writes, and Nagle's algorithm would hold
        # the second until the browser's delayed acknowledgement of the first (40 ms a request).
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:
        try:
            if (self.headers.get("Host") or "").lower() not in self.server.hosts:
                self._send_error(HTTPStatus.MISDIRECTED_REQUEST, "only http://127.0.0.1 or localhost is served")
            else:
                self._answer()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser went away (a reload): nothing to answer
        except BadRequest as exc:
            self._send_error(HTTPStatus.BAD_REQUEST, str(exc))
        except Exception as exc:  # a bug of ours: say so in one line, keep serving
            report(self.server, self.path, exc)
            self._send_error(HTTPStatus.INTERNAL_SERVER_ERROR)

    def _answer(self) -> None:
        url = urlsplit(self.path)
        route, query = unquote(url.path), parse_qs(url.query, keep_blank_values=True)
        if route == "/":
            self._send_page("index.html", documents=self.server.state.listing())
        elif route == "/status.json":
            self._send(json.dumps(self.server.state.status()).encode(), "application/json")
        elif route in ("/preview.css", "/preview.js"):
            kind = "text/css" if route.endswith(".css") else "text/javascript"
            self._send((ASSETS / route[1:]).read_bytes(), f"{kind}; charset=utf-8")
        elif route.startswith("/view/"):
            self._send_viewer(route.removeprefix("/view/"), query)
        elif route.startswith("/page/"):
            self._send_page_image(route.removeprefix("/page/"), query)
        elif route.startswith("/pdf/"):
            self._send_pdf(route.removeprefix("/pdf/"))
        else:
            self._send_error(HTTPStatus.NOT_FOUND)

    def _send_viewer(self, key: str, query: dict) -> None:
        document = self.server.state.looked_at(key)
        if document is None:
            self._send_page("missing.html", key=key, status=HTTPStatus.NOT_FOUND)
            return
        zoom = _number(query, "zoom", DEFAULT_ZOOM)
        zoom = zoom if zoom in ZOOMS else DEFAULT_ZOOM
        self._send_page(
            "viewer.html",
            document=document,
            spreads=spreads_of(document),
            zoom=int(zoom),
            zooms=ZOOMS,
            scale=round(CSS_PX_PER_PT * zoom / 100, 4),
        )

    def _send_page_image(self, rest: str, query: dict) -> None:
        key, _slash, name = rest.rpartition("/")
        if not PAGE_NAME.fullmatch(name):
            raise BadRequest(f"{name!r} is not a page: ask for /page/<document>/<number>.png, e.g. 1.png")
        document = self.server.state.document(key)  # the index asks for every first page: not looked at
        number = int(name.removesuffix(".png"))
        scale = min(max(_number(query, "scale", CSS_PX_PER_PT), 0.05), MAX_SCALE)
        if document is None or not 1 <= number <= len(document.pages):
            self._send_error(HTTPStatus.NOT_FOUND)
            return
        scale = bounded_scale(document.pages[number - 1], scale)
        # Asked for by sha (`v=`): an image of that exact build may be cached by the browser for good.
        cache = "max-age=31536000, immutable" if query.get("v") == [document.sha256] else "no-store"
        self._send(self.server.images.png(document, number, scale), "image/png", cache)

    def _send_pdf(self, path: str) -> None:
        document = self.server.state.looked_at(path.removesuffix(".pdf"))
        if document is None:
            self._send_error(HTTPStatus.NOT_FOUND)
            return
        self._send(document.pdf, "application/pdf")

    def _send_page(self, template: str, status: HTTPStatus = HTTPStatus.OK, **context) -> None:
        state = self.server.state.status()
        html = self.server.templates.get_template(template).render(
            status_json=json.dumps(state).replace("</", "<\\/"),
            words_json=json.dumps(script_words()).replace("</", "<\\/"),
            poll_ms=POLL_MS,
            project_name=state["name"],
            **context,
        )
        self._send(html.encode(), "text/html; charset=utf-8", status=status)

    def _send_error(self, status: HTTPStatus, why: str = "") -> None:
        text = f"{status.value} {status.phrase}{': ' + why if why else ''}\n"
        self._send(text.encode(), "text/plain; charset=utf-8", status=status)

    def _send(
        self, body: bytes, content_type: str, cache: str = "no-store", status: HTTPStatus = HTTPStatus.OK
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        pass  # the terminal tells about builds; a line per image request would bury them


def _number(query: dict, name: str, default: float) -> float:
    """A query parameter's finite number (its default when absent); anything else is a bad request."""
    if name not in query:
        return default
    text = query[name][0]
    try:
        value = float(text) if NUMBER.fullmatch(text) else math.nan
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise BadRequest(f"{name}={text!r} is not a number; e.g. {name}={default:g}")
    return value


def free_port_near(port: int) -> int:
    """A port above `port` nobody listens on, to suggest; 0 when none is found nearby."""
    for candidate in range(port + 1, min(port + 50, 65536)):
        with socket.socket() as probe:
            try:
                probe.bind((HOST, candidate))
                return candidate
            except OSError:
                continue
    return 0


def start_server(state: PreviewState, port: int, debug: bool = False) -> PreviewServer:
    """Listen on 127.0.0.1:port and serve from a thread; a busy port is the user's to change."""
    try:
        server = PreviewServer((HOST, port), state, debug)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            suggestion = free_port_near(port)
            raise UsageError(
                _("port {port} on {host} is already in use (another preview, or another server)").format(
                    port=port, host=HOST
                )
                + "\n    "
                + _("fix: {fix}").format(
                    fix=_("stop that server, or choose another port: --port {port}").format(port=suggestion or "NUMBER")
                )
            ) from exc
        if exc.errno == errno.EACCES:
            raise UsageError(
                _("port {port} needs administrator rights").format(port=port)
                + "\n    "
                + _("fix: {fix}").format(fix=_("choose a port above 1023, e.g. --port 8000"))
            ) from exc
        raise
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.2}, name="preview-server", daemon=True
    ).start()
    return server
