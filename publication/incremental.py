"""Incremental, parallel builds: a key per output from everything it reads; only changed keys are rendered."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from .render import Publication
from .sources import SOURCE_FILES, WORKSHOPS_DIR, Sources

STATE = ".build-state.json"
STATE_FORMAT = 2  # 2: every file of a publication (PDF, imposed PDF, job tickets), print options
PACKAGE = Path(__file__).resolve().parent
# Environment variables that change the bytes of a PDF: they belong to every key.
KEYED_ENVIRONMENT = ("SOURCE_DATE_EPOCH",)
# First-build estimates of the relative cost of each kind, to start the longest renders first.
KIND_COST = {"poster": 4.0, "brochure": 3.0, "overview": 2.0, "programme": 1.0}
CSS_REFERENCE = re.compile(r"""@import\s+(?:url\()?\s*["']?([^"')\s;]+)|url\(\s*["']?([^"')]+?)["']?\s*\)""")


def default_jobs() -> int:
    """Every CPU this process may use."""
    counter = getattr(os, "process_cpu_count", None) or os.cpu_count
    return counter() or 1


# --- what an output depends on ---------------------------------------------------------


# What a publication listing every workshop (brochure, poster, overview) prints of each: not the
# agenda, nor the practical information. Editing a session re-renders its programmes only.
DETAILS = frozenset({"agenda", "practical"})


def source_files(sources: Sources, publication: Publication, reads_details: bool = True) -> list[Path]:
    """The source files a publication reads.

    A programme reads the shared settings, the network (titles, credits), the partners (its
    host) and its own workshop, never the other workshops. The other publications read every
    source file, but of the workshops only what `listed_workshop` keeps, unless their layouts
    read the details (`reads_details`): then the workshop files themselves.
    """
    root = sources.root
    if publication.kind == "programme":
        shared = [root / name for name in ("site.yaml", "network.yaml", "partners.yaml")]
        return shared + workshop_files(root, publication.workshop)
    listed = sorted((root / WORKSHOPS_DIR).glob("*.y*ml")) if reads_details else []
    return [root / name for name in SOURCE_FILES] + listed


def listed_workshop(workshop) -> str:
    """What a listing of the workshops can print of one: its record without the details."""
    return json.dumps(workshop.model_dump(exclude=set(DETAILS)), sort_keys=True, default=str, ensure_ascii=False)


def workshop_files(root: Path, key: str) -> list[Path]:
    return sorted(file for file in (root / WORKSHOPS_DIR).glob("*.y*ml") if file.stem == key)


def scan_templates(layouts: Path, name: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """A layout and every template it extends or includes, recursively; and the attributes they read."""
    import jinja2
    import jinja2.meta
    from jinja2 import nodes

    env = jinja2.Environment()
    seen: list[str] = []
    attributes: set[str] = set()
    pending = [name]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.append(current)
        parsed = env.parse((layouts / current).read_text(encoding="utf-8"))
        pending += [found for found in jinja2.meta.find_referenced_templates(parsed) if found]
        attributes |= {node.attr for node in parsed.find_all(nodes.Getattr)}
        attributes |= {node.arg.value for node in parsed.find_all(nodes.Getitem)
                       if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str)}
    return tuple(sorted(seen)), frozenset(attributes)


def stylesheet_files(project_root: Path, publication: Publication, sources: Sources) -> list[Path]:
    """The stylesheets, what they import or point at (fonts, images), and the ICC profile in print."""
    from .typeset import stylesheet_paths

    files: list[Path] = []
    pending = list(stylesheet_paths(project_root, publication))
    while pending:
        css = pending.pop(0)
        if css in files:
            continue
        files.append(css)
        for imported, url in CSS_REFERENCE.findall(css.read_text(encoding="utf-8")):
            reference = imported or url
            if reference.startswith(("data:", "http:", "https:", "#")):
                continue
            target = (css.parent / reference.split("#")[0]).resolve()
            if target.is_file():
                (pending if target.suffix == ".css" else files).append(target)
    if publication.variant == "print":
        files.append((project_root / sources.site.print.output_profile).resolve())
    return list(dict.fromkeys(files))


@lru_cache(maxsize=None)
def pipeline_fingerprint() -> str:
    """The pipeline's version: its own code and data, and the versions of what renders."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256()
    for file in sorted(PACKAGE.rglob("*")):
        if file.is_file() and file.suffix in (".py", ".json", ".yaml") and "__pycache__" not in file.parts:
            digest.update(file.relative_to(PACKAGE).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    for name in ("weasyprint", "pydyf", "tinycss2", "cssselect2", "fonttools", "jinja2", "babel", "segno"):
        try:
            digest.update(f"{name}={version(name)}\0".encode())
        except PackageNotFoundError:
            digest.update(f"{name}=?\0".encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


class KeyMaker:
    """Computes output keys for one build; every file is read and hashed once per build."""

    def __init__(self, project_root: Path, layouts: Path, sources: Sources, options=None) -> None:
        self.root = project_root.resolve()
        self.options = options
        self.layouts = layouts
        self.sources = sources
        self._hashes: dict[Path, str] = {}
        self._templates: dict[str, tuple[tuple[str, ...], frozenset[str]]] = {}
        self._styles: dict[tuple[str, str], list[Path]] = {}

    def key(self, publication: Publication) -> str:
        """A hash of everything the output depends on: files, options, environment, pipeline."""
        files = {self._name_of(path): self._hash(path) for path in self.files(publication)}
        listed = {}
        if publication.kind != "programme" and not self.reads_details(publication):
            listed = {key: hashlib.sha256(listed_workshop(workshop).encode()).hexdigest()
                      for key, workshop in sorted(self.sources.workshops.items())}
        described = {
            "format": STATE_FORMAT,
            "pipeline": pipeline_fingerprint(),
            "publication": [publication.kind, publication.lang, publication.variant, publication.workshop,
                            publication.trim_name],
            "environment": {name: os.environ.get(name) for name in KEYED_ENVIRONMENT},
            "files": dict(sorted(files.items())),
            "workshops listed": listed,
            "print options": self.print_options(publication),
        }
        return hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()

    def print_options(self, publication: Publication) -> dict:
        """The command-line options that change a print publication's files (none change a screen one)."""
        if publication.variant != "print" or self.options is None:
            return {}
        return {"marks": self.options.marks, "allow_low_res": self.options.allow_low_res,
                "impose": self.options.impose if publication.kind == "brochure" else None}

    def files(self, publication: Publication) -> list[Path]:
        """Every file whose bytes can change the publication's PDF (the package's own code aside)."""
        return [*source_files(self.sources, publication, self.reads_details(publication)),
                *self.layout_files(publication), *self.stylesheet_files(publication)]

    def reads_details(self, publication: Publication) -> bool:
        """Whether the publication's layouts print a workshop's agenda or practical information."""
        return bool(self._scan(publication)[1] & DETAILS)

    def _scan(self, publication: Publication) -> tuple[tuple[str, ...], frozenset[str]]:
        name = f"{publication.kind}.html"
        if name not in self._templates:
            self._templates[name] = scan_templates(self.layouts, name)
        return self._templates[name]

    def layout_files(self, publication: Publication) -> list[Path]:
        """The publication's layout, every template it extends or includes, its message catalogues."""
        languages = sorted({self.sources.site.source_language, publication.lang})
        catalogues = [self.layouts / "messages" / f"{lang}.yaml" for lang in languages]
        return [self.layouts / found for found in self._scan(publication)[0]] + [f for f in catalogues if f.is_file()]

    def stylesheet_files(self, publication: Publication) -> list[Path]:
        """The stylesheets, what they import or point at (fonts, images), the ICC profile in print."""
        cached = (publication.kind, publication.variant)
        if cached not in self._styles:
            self._styles[cached] = stylesheet_files(self.root, publication, self.sources)
        return self._styles[cached]

    def _hash(self, path: Path) -> str:
        if path not in self._hashes:
            self._hashes[path] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"
        return self._hashes[path]

    def _name_of(self, path: Path) -> str:
        """Names relative to the project: a copy of the project has the same keys."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


# --- what the last builds left in the output folder -------------------------------------------


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class BuildState:
    """For each publication built: its key, every file it wrote (with checksums), its manifest entries."""

    outputs: dict[str, dict] = field(default_factory=dict)
    site: str = ""  # the key of the download page and calendars last written

    def is_current(self, output: Path, publication: Publication, key: str) -> bool:
        """Same key, and every file (PDF, imposed PDF, tickets) is still the one we wrote."""
        known = self.outputs.get(publication.relative_path)
        return bool(known) and known["key"] == key and self.files_intact(output, publication.relative_path)

    def files_intact(self, output: Path, relative_path: str) -> bool:
        for name, (size, sha256) in self.outputs[relative_path]["files"].items():
            path = output / name
            if not path.is_file() or path.stat().st_size != size or file_digest(path) != sha256:
                return False
        return True

    def record(self, relative_path: str, key: str, files: dict[str, bytes], entries: list[dict],
               seconds: float) -> list[str]:
        """Remember what a publication wrote; returns the files it wrote last time and no longer does."""
        previous = set(self.outputs.get(relative_path, {}).get("files", {}))
        self.outputs[relative_path] = {
            "key": key, "seconds": round(seconds, 3), "entries": entries,
            "files": {name: [len(data), hashlib.sha256(data).hexdigest()] for name, data in sorted(files.items())}}
        return sorted(previous - set(files))

    def forget(self, relative_path: str) -> None:
        """Drop a publication: its files, if any, are built again next time."""
        self.outputs.pop(relative_path, None)

    def seconds_of(self, publication: Publication) -> float:
        known = self.outputs.get(publication.relative_path)
        return known["seconds"] if known else KIND_COST[publication.kind]

    def entries(self) -> list[dict]:
        return [entry for _, known in sorted(self.outputs.items()) for entry in known["entries"]]


def load_state(output: Path) -> BuildState:
    """The state of the last build; an unreadable or older state means: build everything."""
    try:
        data = json.loads((output / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return BuildState()
    if not isinstance(data, dict) or data.get("format") != STATE_FORMAT:
        return BuildState()
    return BuildState(dict(data.get("outputs", {})), str(data.get("site", "")))


def state_bytes(state: BuildState) -> bytes:
    return (json.dumps({"format": STATE_FORMAT, "site": state.site, "outputs": dict(sorted(state.outputs.items()))},
                       indent=1, ensure_ascii=False) + "\n").encode()


def site_key(keys: KeyMaker, project_root: Path, entries: list[dict]) -> str:
    """The download page and calendars read the manifest, the date and any file of the project but the outputs."""
    files = sorted(file for folder in ("sources", "layouts", "styles") for file in (project_root / folder).rglob("*")
                   if file.is_file())
    described = {"pipeline": pipeline_fingerprint(), "manifest": entries,
                 "environment": {name: os.environ.get(name) for name in KEYED_ENVIRONMENT},
                 "files": {keys._name_of(file): keys._hash(file) for file in files}}
    return hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()


def forget_missing(output: Path, state: BuildState, keep: set[str]) -> None:
    """Drop from the state (and so from the manifest) publications whose files someone deleted or changed.

    `keep`: the publications this build just wrote or checked.
    """
    for relative_path in sorted(set(state.outputs) - keep):
        if not state.files_intact(output, relative_path):
            state.forget(relative_path)


def orphans(state: BuildState, planned_paths: set[str]) -> list[tuple[str, list[str]]]:
    """The publications we built that the sources no longer ask for (a deleted workshop…), with their files."""
    return [(relative_path, sorted(state.outputs[relative_path]["files"]))
            for relative_path in sorted(set(state.outputs) - planned_paths)]


# --- rendering, in this process or in a pool of processes -------------------------------------


@dataclass
class Checked:
    """One publication's HTML, checked before anything is typeset (glyphs); or why it cannot be made."""

    publication: Publication
    html: str = ""
    problems: list = field(default_factory=list)  # mistakes in the sources: the build fails, writes nothing
    error: str | None = None  # an unexpected failure of this one document
    seconds: float = 0.0


@dataclass
class Rendered:
    """One publication typeset, finished and preflighted by a worker (or failed); the parent writes its files.

    `files`: (path inside the output folder, bytes, pages, imposed).
    """

    publication: Publication
    files: list[tuple[str, bytes, int, bool]] = field(default_factory=list)
    preflight: list = field(default_factory=list)  # one PreflightReport per print file, in `files` order
    seconds: float = 0.0
    problems: list = field(default_factory=list)  # a resource refused by the sandbox
    error: str | None = None


_worker: dict = {}


def _start_worker(project, options) -> None:
    """Each worker reads the sources once (a forked worker inherits the parent's copy), and dies with the parent."""
    import signal

    _die_with_parent()
    # The parent turns Ctrl-C and SIGTERM into a clean stop, and ends its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _worker["options"] = options
    if _worker.get("root") != project.root:
        from .sources import read_sources

        _worker.update(root=project.root, project=project, sources=read_sources(project.sources))


def _die_with_parent() -> None:
    """Linux: a worker of a killed build (SIGKILL) ends too, and so lets go of the output folder's lock."""
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: a killed build's workers end with their document
        return
    if os.getppid() == 1:  # the parent died before prctl
        os._exit(1)


def _failure(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}\n{''.join(traceback.format_exception(exc))}"


def check_output(publication: Publication, keep_going: bool = True) -> Checked:
    """The publication's HTML and the characters no font of it can draw (in this process)."""
    from .check import glyph_problems
    from .limits import time_limit
    from .publish import environment_of
    from .render import build_context, render_html

    project, sources, options = _worker["project"], _worker["sources"], _worker["options"]
    began = time.perf_counter()
    checked = Checked(publication)
    try:
        with time_limit(options.timeout, publication.relative_path):
            context = build_context(sources, publication, project.layouts)
            checked.html = render_html(environment_of(project.layouts), publication, context)
            checked.problems = glyph_problems(project, sources, publication, checked.html, context)
    except Exception as exc:
        if not keep_going:
            raise
        checked.error = _failure(exc)
    checked.seconds = time.perf_counter() - began
    return checked


def render_output(publication: Publication, html: str, keep_going: bool = True, seconds: float = 0.0) -> Rendered:
    """Typeset, finish and preflight one publication from its checked HTML (in this process).

    With `keep_going`, an unexpected failure is returned, not raised. `seconds`: the time its
    check took, added to the time it is reported to have taken.
    """
    from .errors import SourceError
    from .publish import make_print_files, make_publication, preflight_print_file

    project, sources, options = _worker["project"], _worker["sources"], _worker["options"]
    began = time.perf_counter()
    rendered = Rendered(publication)
    try:
        pdf, pages = make_publication(project, sources, publication, options.timeout, html)
        if publication.variant == "print":
            rendered.files = make_print_files(project, sources, publication, pdf, pages, options)
            rendered.preflight = [preflight_print_file(sources, publication, str(project.output / name), data,
                                                       imposed, options)
                                  for name, data, _, imposed in rendered.files]
        else:
            rendered.files = [(publication.relative_path, pdf, pages, False)]
    except SourceError as exc:
        rendered.problems = exc.problems
    except Exception as exc:  # reported per file; the other files still build
        if not keep_going:
            raise
        rendered.error = _failure(exc)
    rendered.seconds = seconds + time.perf_counter() - began
    return rendered


class Renderer:
    """Runs check_output and render_output here (`jobs` 1) or on a pool of `jobs` forked processes."""

    def __init__(self, project, sources: Sources, options, jobs: int, keep_going: bool = True) -> None:
        self.project, self.sources, self.options = project, sources, options
        self.jobs, self.keep_going = jobs, keep_going
        self.pool = None

    def __enter__(self) -> "Renderer":
        _worker.update(root=self.project.root, project=self.project, sources=self.sources, options=self.options)
        return self

    def __exit__(self, *failure) -> None:
        if self.pool is None:
            return
        if failure[0] is not None:
            # Interrupted, or the caller stopped (the preview's sources changed): end the workers now
            # rather than wait for the documents they are typesetting.
            for process in list((getattr(self.pool, "_processes", None) or {}).values()):
                process.terminate()
            self.pool.shutdown(wait=True, cancel_futures=True)
        else:
            self.pool.shutdown(wait=True)

    def check(self, publications: list[Publication]) -> Iterator[Checked]:
        return self._run(check_output, [(p, self.keep_going) for p in publications])

    def render(self, checked: list[Checked]) -> Iterator[Rendered]:
        return self._run(render_output, [(c.publication, c.html, self.keep_going, c.seconds) for c in checked])

    def _run(self, function, calls: list[tuple]) -> Iterator:
        """Each call's result, as they finish."""
        if self.jobs == 1 or len(calls) <= 1:
            for args in calls:
                yield function(*args)
            return
        pool = self._pool()
        for future in as_completed([pool.submit(function, *args) for args in calls]):
            yield future.result()

    def _pool(self):
        if self.pool is None:
            import multiprocessing

            # fork: workers inherit the imported modules and the sources already read.
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else None)
            self.pool = ProcessPoolExecutor(self.jobs, mp_context=context, initializer=_start_worker,
                                            initargs=(self.project, self.options))
        return self.pool
