"""The pipeline: plan the publications, render and typeset each, write the files and the manifest."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .check import check_glyphs
from .errors import SourceError
from .render import KINDS, VARIANTS, Publication, build_context, make_environment, render_html
from .sources import Sources, languages_of, read_sources

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Project:
    """Where things are: the project folder and its conventional sub-folders."""

    root: Path
    output: Path

    @property
    def sources(self) -> Path:
        return self.root / "sources"

    @property
    def layouts(self) -> Path:
        return self.root / "layouts"


@dataclass(frozen=True)
class BuildOptions:
    kinds: tuple[str, ...] = KINDS
    languages: tuple[str, ...] = ()  # empty: every language each publication is published in
    variants: tuple[str, ...] = VARIANTS
    poster_size: str = "A2"


@dataclass
class Written:
    """One file the build wrote, as the manifest records it."""

    publication: Publication
    path: Path
    pages: int
    bytes: int
    sha256: str
    seconds: float

    def manifest_entry(self, output: Path) -> dict:
        pub = self.publication
        width, height = pub.trim_mm
        return {
            "kind": pub.kind,
            "workshop": pub.workshop,
            "language": pub.lang,
            "variant": pub.variant,
            "path": self.path.relative_to(output).as_posix(),
            "pages": self.pages,
            "trim_mm": [width, height],
            "size": pub.trim_name,
            "bytes": self.bytes,
            "sha256": self.sha256,
        }


@dataclass
class BuildReport:
    written: list[Written] = field(default_factory=list)
    site: list[Path] = field(default_factory=list)  # calendars, download pages, thumbnails
    seconds: float = 0.0


def plan_publications(sources: Sources, options: BuildOptions) -> list[Publication]:
    """Every document the options ask for, in a stable order."""
    plan = []
    for kind in KINDS:
        if kind not in options.kinds:
            continue
        workshops = [key for key, _ in sources.workshops_in_order()] if kind == "programme" else [None]
        for workshop in workshops:
            languages = languages_of(sources, workshop) if workshop else sources.site.default_languages
            for lang in languages:
                if options.languages and lang not in options.languages:
                    continue
                for variant in options.variants:
                    size = options.poster_size if kind == "poster" else None
                    plan.append(Publication(kind, lang, variant, workshop, size))
    return plan


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)  # mkstemp makes it 0600: a web server serving output/ could not read it
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def make_publication(project: Project, sources: Sources, publication: Publication) -> tuple[bytes, int]:
    """Render one publication to PDF; the brochure is padded to a multiple of four pages."""
    from .typeset import typeset_pdf

    env = make_environment(project.layouts)
    context = build_context(sources, publication, project.layouts)
    pdf, pages = typeset_pdf(render_html(env, publication, context), publication, sources.site, project.root)
    if publication.kind == "brochure" and pages % 4:
        padding = -pages % 4
        context = build_context(sources, publication, project.layouts, padding_pages=padding)
        pdf, pages = typeset_pdf(render_html(env, publication, context), publication, sources.site, project.root)
    return pdf, pages


def write_manifest(project: Project, written: Iterable[Written]) -> Path:
    entries = sorted((w.manifest_entry(project.output) for w in written), key=lambda e: e["path"])
    path = project.output / MANIFEST
    write_atomically(path, (json.dumps({"files": entries}, indent=2, ensure_ascii=False) + "\n").encode())
    return path


def build(project: Project, options: BuildOptions,
          on_written: Callable[[Written], None] = lambda w: None) -> BuildReport:
    """Read the sources, make every planned publication, write the files and the manifest."""
    started = time.perf_counter()
    sources = read_sources(project.sources)
    plan = plan_publications(sources, options)
    problems = check_glyphs(project, sources, plan)  # before anything is written
    if problems:
        raise SourceError(problems)
    report = BuildReport()
    for publication in plan:
        began = time.perf_counter()
        pdf, pages = make_publication(project, sources, publication)
        path = project.output / publication.relative_path
        write_atomically(path, pdf)
        written = Written(publication, path, pages, len(pdf), hashlib.sha256(pdf).hexdigest(),
                          time.perf_counter() - began)
        report.written.append(written)
        on_written(written)
    write_manifest(project, report.written)
    from .site import publish_site  # the calendars and the download page, from the manifest

    report.site = publish_site(project, sources, [w.publication.lang for w in report.written])
    report.seconds = time.perf_counter() - started
    return report
