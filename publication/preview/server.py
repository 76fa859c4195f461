"""The preview's HTTP server on 127.0.0.1: the routes, their parameters and answers."""

from __future__ import annotations

import errno
import json
import socket
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import jinja2

from ..errors import UsageError
from .state import PreviewState
from .viewer import PageImages, spreads_of

HOST = "127.0.0.1"  # never another interface: the preview shows unpublished drafts
ZOOMS = (25, 50, 75, 100, 150, 200)
DEFAULT_ZOOM = 75
CSS_PX_PER_PT = 96 / 72
MAX_SCALE = 8.0  # pixels per PDF point; bounds the memory one request can ask for
POLL_MS = 500
ASSETS = Path(__file__).parent.parent / "data" / "preview"


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, state: PreviewState):
        super().__init__(address, PreviewHandler)
        self.state = state
        self.images = PageImages()
        self.templates = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ASSETS)), autoescape=True,
                                            undefined=jinja2.StrictUndefined, trim_blocks=True,
                                            lstrip_blocks=True)


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        url = urlsplit(self.path)
        route, query = unquote(url.path), parse_qs(url.query)
        try:
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
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser went away (a reload): nothing to answer

    def _send_viewer(self, key: str, query: dict) -> None:
        document = self.server.state.document(key)
        if document is None:
            self._send_page("missing.html", key=key, status=HTTPStatus.NOT_FOUND)
            return
        zoom = _number(query, "zoom", DEFAULT_ZOOM)
        zoom = zoom if zoom in ZOOMS else DEFAULT_ZOOM
        self._send_page("viewer.html", document=document, spreads=spreads_of(document), zoom=int(zoom),
                        zooms=ZOOMS, scale=round(CSS_PX_PER_PT * zoom / 100, 4))

    def _send_page_image(self, rest: str, query: dict) -> None:
        key, _, name = rest.rpartition("/")
        document = self.server.state.document(key)
        number = int(name.removesuffix(".png")) if name.removesuffix(".png").isdigit() else 0
        scale = min(max(_number(query, "scale", CSS_PX_PER_PT), 0.05), MAX_SCALE)
        if document is None or not 1 <= number <= len(document.pages):
            self._send_error(HTTPStatus.NOT_FOUND)
            return
        # Asked for by sha (`v=`): an image of that exact build may be cached by the browser for good.
        cache = "max-age=31536000, immutable" if query.get("v") == [document.sha256] else "no-store"
        self._send(self.server.images.png(document, number, round(scale, 4)), "image/png", cache)

    def _send_pdf(self, path: str) -> None:
        document = self.server.state.document(path.removesuffix(".pdf"))
        if document is None:
            self._send_error(HTTPStatus.NOT_FOUND)
            return
        self._send(document.pdf, "application/pdf")

    def _send_page(self, template: str, status: HTTPStatus = HTTPStatus.OK, **context) -> None:
        state = self.server.state.status()
        html = self.server.templates.get_template(template).render(
            status_json=json.dumps(state).replace("</", "<\\/"), poll_ms=POLL_MS, project_name=state["name"], **context)
        self._send(html.encode(), "text/html; charset=utf-8", status=status)

    def _send_error(self, status: HTTPStatus) -> None:
        self._send(f"{status.value} {status.phrase}\n".encode(), "text/plain; charset=utf-8", status=status)

    def _send(self, body: bytes, content_type: str, cache: str = "no-store",
              status: HTTPStatus = HTTPStatus.OK) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass  # the terminal tells about builds; a line per image request would bury them


def _number(query: dict, name: str, default: float) -> float:
    try:
        return float(query[name][0])
    except (KeyError, ValueError):
        return default


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


def start_server(state: PreviewState, port: int) -> PreviewServer:
    """Listen on 127.0.0.1:port and serve from a thread; a busy port is the user's to change."""
    try:
        server = PreviewServer((HOST, port), state)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            suggestion = free_port_near(port)
            raise UsageError(f"port {port} on {HOST} is already in use (another preview, or another server)\n"
                             f"    fix: stop that server, or choose another port: --port {suggestion or 'NUMBER'}")
        if exc.errno == errno.EACCES:
            raise UsageError(f"port {port} needs administrator rights\n    fix: choose a port above 1023, "
                             f"e.g. --port 8000")
        raise
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, name="preview-server",
                     daemon=True).start()
    return server
