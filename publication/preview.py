"""Live preview: build, serve every page as an image on 127.0.0.1, rebuild on change, reload the browser."""

from __future__ import annotations

import errno
import hashlib
import io
import json
import signal
import socket
import threading
import time
import traceback
import webbrowser
from collections import OrderedDict
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, unquote, urlsplit

import click
import jinja2

from .errors import Problem, SourceError, UsageError
from .plan import KINDS, BuildOptions, Project, Publication, plan_publications
from .publish import Written, build
from .sources import read_sources

HOST = "127.0.0.1"  # never another interface: the preview shows unpublished drafts
WATCHED = ("sources", "layouts", "styles")
ZOOMS = (25, 50, 75, 100, 150, 200)
DEFAULT_ZOOM = 75
CSS_PX_PER_PT = 96 / 72
MAX_SCALE = 8.0  # pixels per PDF point; bounds the memory one request can ask for
POLL_MS = 500
ASSETS = Path(__file__).parent / "data" / "preview"

Echo = Callable[[str], None]


class BuildSuperseded(Exception):
    """The sources changed again while building: stop and start over with the new ones."""


# --- What the viewer shows -------------------------------------------------------------------

@dataclass(frozen=True)
class Box:
    """A PDF page box, in percent of the rendered page, from its top-left corner."""

    left: float
    top: float
    width: float
    height: float

    def css(self) -> str:
        return f"left:{self.left:.3f}%;top:{self.top:.3f}%;width:{self.width:.3f}%;height:{self.height:.3f}%"


@dataclass(frozen=True)
class Page:
    width_pt: float  # the rendered area (the crop box): trim + bleed (+ slug) in print
    height_pt: float
    trim: Box
    bleed: Box | None  # None when the PDF has no bleed (screen variant)
    text: str


@dataclass(frozen=True)
class Document:
    """One built PDF as the viewer knows it; `pdf` is kept so a page and its sha never disagree."""

    publication: Publication
    path: str  # relative to the output folder, e.g. "fr/programme-2017-01-vantaa-screen.pdf"
    sha256: str
    pdf: bytes = field(repr=False)
    pages: tuple[Page, ...]

    @property
    def key(self) -> str:
        return self.path.removesuffix(".pdf")

    @property
    def facing(self) -> bool:
        """A brochure is read as spreads; everything else page by page."""
        return self.publication.kind == "brochure"

    @property
    def title(self) -> str:
        pub = self.publication
        name = f"Programme {pub.workshop}" if pub.kind == "programme" else pub.kind.capitalize()
        return f"{name} · {pub.lang} · {pub.variant} · {pub.trim_name}"


_PDFIUM = threading.Lock()  # PDFium is not thread-safe; the server answers requests in threads


def _relative_box(box: tuple[float, ...], crop: tuple[float, ...]) -> Box:
    width, height = crop[2] - crop[0], crop[3] - crop[1]
    return Box(100 * (box[0] - crop[0]) / width, 100 * (crop[3] - box[3]) / height,
               100 * (box[2] - box[0]) / width, 100 * (box[3] - box[1]) / height)


def describe_document(publication: Publication, path: str, pdf: bytes) -> Document:
    """Read each page's size, trim and bleed boxes and text from a built PDF."""
    import pypdfium2 as pdfium

    pages = []
    with _PDFIUM:
        document = pdfium.PdfDocument(pdf)
        try:
            for page in document:
                crop, trim, bleed = page.get_cropbox(), page.get_trimbox(), page.get_bleedbox()
                textpage = page.get_textpage()
                text = textpage.get_text_range().replace("\r\n", "\n")
                textpage.close()
                pages.append(Page(crop[2] - crop[0], crop[3] - crop[1], _relative_box(trim, crop),
                                  _relative_box(bleed, crop) if bleed != trim else None, text))
                page.close()
        finally:
            document.close()
    return Document(publication, path, hashlib.sha256(pdf).hexdigest(), pdf, tuple(pages))


def spreads_of(document: Document) -> list[list[int | None]]:
    """Page numbers as rows: a brochure opens on page 1 alone (right), then 2–3, 4–5…"""
    count = len(document.pages)
    if not document.facing:
        return [[number] for number in range(1, count + 1)]
    rows: list[list[int | None]] = [[None, 1]]
    for left in range(2, count + 1, 2):
        rows.append([left, left + 1 if left + 1 <= count else None])
    return rows


class PageImages:
    """PNG renderings of pages, cached by (PDF sha, page, scale); the least recently used go first."""

    def __init__(self, capacity: int = 240):
        self.capacity = capacity
        self._cache: OrderedDict[tuple[str, int, float], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def png(self, document: Document, number: int, scale: float) -> bytes:
        key = (document.sha256, number, scale)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        data = rasterise_page(document.pdf, number, scale)
        with self._lock:
            self._cache[key] = data
            while len(self._cache) > self.capacity:
                self._cache.popitem(last=False)
        return data


def rasterise_page(pdf: bytes, number: int, scale: float) -> bytes:
    """Page `number` (from 1) as PNG at `scale` pixels per point."""
    import pypdfium2 as pdfium

    with _PDFIUM:
        document = pdfium.PdfDocument(pdf)
        try:
            image = document[number - 1].render(scale=scale).to_pil()
        finally:
            document.close()
    stream = io.BytesIO()
    image.save(stream, "PNG", compress_level=1)  # speed over size: it only travels over loopback
    return stream.getvalue()


# --- The state the server shows, the builder changes ------------------------------------------

def _problem_dict(problem: Problem) -> dict:
    return {"where": f"{problem.file}:{problem.line}" if problem.line else str(problem.file),
            "field": problem.field, "message": problem.message, "fix": problem.fix, "text": str(problem)}


class PreviewState:
    """The last good documents, the current problems and an epoch that changes with either."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.epoch = 0
        self.building = False
        self.stage = ""  # where the current problems come from: "sources" or "render"
        self.heading = ""
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.documents: dict[str, Document] = {}

    def status(self) -> dict:
        with self._lock:
            return {
                "epoch": self.epoch,
                "building": self.building,
                "heading": self.heading,
                "problems": [_problem_dict(p) for p in self.problems],
                "warnings": [str(w) for w in self.warnings],
                "documents": {key: doc.sha256 for key, doc in self.documents.items()},
            }

    def document(self, key: str) -> Document | None:
        with self._lock:
            return self.documents.get(key)

    def listing(self) -> list[Document]:
        order = {kind: i for i, kind in enumerate(KINDS)}
        with self._lock:
            documents = list(self.documents.values())
        return sorted(documents, key=lambda d: (d.publication.lang, order[d.publication.kind],
                                                d.publication.workshop or "", d.publication.variant))

    def _change(self, **values) -> None:
        with self._lock:
            for name, value in values.items():
                setattr(self, name, value)
            self.epoch += 1

    def start_build(self) -> None:
        self._change(building=True)

    def sources_valid(self, warnings: list[Problem]) -> None:
        """Clear source problems at once; render problems wait for a build that succeeds."""
        with self._lock:
            clear = self.stage == "sources"
        self._change(warnings=list(warnings), **({"stage": "", "heading": "", "problems": []} if clear else {}))

    def put(self, document: Document) -> None:
        with self._lock:
            self.documents[document.key] = document
            self.epoch += 1

    def succeed(self, keep: set[str]) -> None:
        with self._lock:
            self.documents = {key: doc for key, doc in self.documents.items() if key in keep}
        self._change(building=False, stage="", heading="", problems=[])

    def fail(self, stage: str, heading: str, problems: list[Problem]) -> None:
        self._change(building=False, stage=stage, heading=heading, problems=list(problems))

    def stop_build(self) -> None:
        self._change(building=False)


# --- Build ---------------------------------------------------------------------------------------

def describe_failure(exc: Exception, root: Path) -> tuple[str, str, list[Problem]]:
    """(stage, heading, problems) for a failed build, located in the project's files when possible."""
    if isinstance(exc, SourceError):
        count = len(exc.problems)
        return "sources", f"{count} problem{'s' if count != 1 else ''} in the sources:", exc.problems
    if isinstance(exc, jinja2.TemplateSyntaxError):
        file = _display_path(Path(exc.filename or exc.name or "layouts"), root)
        return "render", "A layout could not be read:", [
            Problem(file, exc.lineno, "", exc.message or str(exc), "correct the Jinja syntax at that line")]
    if isinstance(exc, click.ClickException):
        return "render", "Rendering failed:", [Problem("", None, "", exc.format_message())]
    # Where in our layouts or styles it happened: Jinja rewrites tracebacks to template lines.
    file, line = "", None
    for frame, frame_line in traceback.walk_tb(exc.__traceback__):
        candidate = Path(frame.f_code.co_filename)
        if candidate.is_relative_to(root):
            file, line = _display_path(candidate, root), frame_line
    fix = "check the layout at that line" if file else "run with --debug to see where it failed"
    return "render", "Rendering failed:", [Problem(file, line, "", f"{type(exc).__name__}: {exc}", fix)]


def _display_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


def rebuild(project: Project, options: BuildOptions, state: PreviewState, changed: threading.Event,
            echo: Echo, debug: bool = False) -> None:
    """One build into the preview folder; problems go to the terminal and the browser alike."""
    started = time.perf_counter()
    state.start_build()
    try:
        sources = read_sources(project.sources)
        if [str(w) for w in sources.warnings] != [str(w) for w in state.warnings]:
            for warning in sources.warnings:
                echo(f"warning: {warning}")
        state.sources_valid(sources.warnings)
        count = 0

        def record(written: Written) -> None:
            nonlocal count
            relative = written.path.relative_to(project.output).as_posix()
            state.put(describe_document(written.publication, relative, written.read_bytes()))  # still staged
            count += 1
            echo(f"wrote {relative}  ({written.pages} p., {written.seconds:.1f} s)")
            if changed.is_set():
                raise BuildSuperseded

        build(project, options, on_written=record)
        planned = plan_publications(sources, options)
        adopt_unchanged(project, planned, state)
    except BuildSuperseded:
        echo("sources changed again: starting over")
        state.stop_build()
        return
    except Exception as exc:  # a user's mistake or a failed render: report it, keep serving
        stage, heading, problems = describe_failure(exc, project.root)
        echo("Error: " + "\n".join([heading, *(str(p) for p in problems)]))
        if debug and not isinstance(exc, click.ClickException):
            echo("".join(traceback.format_exception(exc)))
        state.fail(stage, heading, problems)
        return
    state.succeed({p.relative_path.removesuffix(".pdf") for p in planned})
    echo(f"rebuilt {count} file{'s' if count != 1 else ''} in {time.perf_counter() - started:.1f} s"
         f" — {len(planned)} publication{'s' if len(planned) != 1 else ''} in the preview")


def adopt_unchanged(project: Project, planned: list[Publication], state: PreviewState) -> None:
    """Show planned files the build did not rewrite (an incremental build skips unchanged ones)."""
    for publication in planned:
        key = publication.relative_path.removesuffix(".pdf")
        path = project.output / publication.relative_path
        if state.document(key) is None and path.is_file():
            state.put(describe_document(publication, publication.relative_path, path.read_bytes()))


# --- Serve ---------------------------------------------------------------------------------------

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
            status_json=json.dumps(state).replace("</", "<\\/"), poll_ms=POLL_MS, **context)
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


# --- Watch ---------------------------------------------------------------------------------------

def watch_sources(project: Project, changed: threading.Event, stop: threading.Event, echo: Echo) -> None:
    """Set `changed` whenever a file under sources/, layouts/ or styles/ changes, until `stop`."""
    import watchfiles

    folders = [project.root / name for name in WATCHED if (project.root / name).is_dir()]
    for changes in watchfiles.watch(*folders, stop_event=stop, raise_interrupt=False, debounce=400):
        paths = {Path(path) for _, path in changes}
        # An editor's (or sed's) temporary file comes and goes within one batch: name what remains.
        shown = {path for path in paths if path.exists()} or paths
        echo(f"changed: {', '.join(sorted(_display_path(path, project.root) for path in shown))}")
        changed.set()


def _stop_on_signals() -> None:
    """Ctrl-C and `kill` stop the preview alike: server closed, port freed.

    SIGINT is set explicitly: a shell starting us in the background leaves it ignored.
    """
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, interrupt)


def check_languages(project: Project, languages: tuple[str, ...]) -> None:
    """Refuse an unknown --lang now; invalid sources are left for the preview to show."""
    try:
        site_languages = read_sources(project.sources).site.languages
    except SourceError:
        return
    unknown = [code for code in languages if code not in site_languages]
    if unknown:
        raise click.BadParameter(f"{', '.join(unknown)} not among the site's languages {site_languages}",
                                 param_hint="--lang")


def run_preview(project: Project, options: BuildOptions, port: int = 8000, open_browser: bool = False,
                echo: Echo = click.echo, debug: bool = False) -> None:
    """Serve, build, then rebuild on every change until Ctrl-C."""
    check_languages(project, options.languages)
    state = PreviewState()
    server = start_server(state, port)
    url = f"http://{HOST}:{server.server_port}/"
    changed, stop = threading.Event(), threading.Event()
    watcher = threading.Thread(target=watch_sources, args=(project, changed, stop, echo),
                               name="preview-watcher", daemon=True)
    try:
        _stop_on_signals()
        watcher.start()
        echo(f"preview on {url}  (building into {_display_path(project.output, project.root)}/; "
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
