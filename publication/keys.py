"""What each output depends on: a key that hashes every byte and option it reads."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from .assets import source_file, stylesheet_files
from .catalogues import MESSAGES, find_catalogue, message_folders
from .errors import SourceError
from .finish import ticket_languages
from .model import Image, iter_values_of_type
from .participants import PRIVATE_DIR
from .plan import BuildOptions, Publication
from .releases import release_files
from .render import template_problem
from .sheets import files_read
from .sources import SOURCE_FILES, WORKSHOPS_DIR, Sources
from .svgimage import files_referenced
from .theme import theme_of

STATE_FORMAT = 2  # 2: every file of a publication (PDF, imposed PDF, job tickets), print options
PACKAGE = Path(__file__).resolve().parent
# Environment variables that change the bytes of a PDF: they belong to every key.
KEYED_ENVIRONMENT = ("SOURCE_DATE_EPOCH",)


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
    if publication.workshop is not None:  # a programme, the one kind made for each workshop
        shared = [source_file(root, name) for name in ("site.yaml", "network.yaml", "partners.yaml")]
        files, read = shared + workshop_files(root, publication.workshop), ["partners.yaml", publication.workshop]
    else:
        listed = sorted((root / WORKSHOPS_DIR).glob("*.y*ml")) if reads_details else []
        files = [source_file(root, name) for name in SOURCE_FILES] + listed
        read = [*SOURCE_FILES, *(sources.workshops if reads_details else ())]
    # The sheets these files name (an agenda or the partner list in XLSX or CSV) are read too.
    files += [sheet for name in read for sheet in files_read(sources.documents.get(name))]
    if publication.kind_record.lists_changes:  # what changed since the releases: it reads them
        files += release_files(root.parent)
    if publication.kind_record.private and publication.workshop in sources.participants:  # its event's list only
        files += sources.participants[publication.workshop].files
    return files


def listed_workshop(workshop) -> str:
    """What a listing of the workshops can print of one: its record without the details."""
    return json.dumps(workshop.model_dump(exclude=set(DETAILS)), sort_keys=True, default=str, ensure_ascii=False)


def workshop_files(root: Path, key: str) -> list[Path]:
    return sorted(file for file in (root / WORKSHOPS_DIR).glob("*.y*ml") if file.stem == key)


def _found_template(layouts: Sequence[Path], name: str) -> Path:
    """The file Jinja loads for `name`: the first folder's that has it (else where it is missing)."""
    return next((folder / name for folder in layouts if (folder / name).is_file()), layouts[0] / name)


def _stat_of(file: Path) -> tuple[int, ...]:
    try:
        stat = file.stat()
    except OSError:
        return ()
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


# What scan_templates found for a layout, with each template's file and stat: parsing them all again
# was most of a key's time (20 ms each build; the preview makes one on every change). Used again
# only while every name finds the same file, unchanged (a ctime no program can set back), and no
# project file has come to override a default one. It says which files a key hashes: their bytes
# are still read and hashed for every key.
_SCANNED: dict[tuple[tuple[Path, ...], str], tuple[tuple, tuple[tuple[Path, ...], frozenset[str]]]] = {}


def scan_templates(layouts: Sequence[Path], name: str) -> tuple[tuple[Path, ...], frozenset[str]]:
    """A layout and every template it extends or includes, recursively (the files Jinja finds in
    `layouts`, the project's before the default theme's); and the attributes they read."""
    key = (tuple(layouts), name)
    if key in _SCANNED:
        seen, scanned = _SCANNED[key]
        if all(_found_template(layouts, found) == file and _stat_of(file) == stat for found, file, stat in seen):
            return scanned
    scanned, seen = _scan_templates(layouts, name)
    _SCANNED[key] = (seen, scanned)
    return scanned


def _scan_templates(layouts: Sequence[Path], name: str) -> tuple[tuple[tuple[Path, ...], frozenset[str]], tuple]:
    """scan_templates's answer, and each template's name, file and stat as it was read."""
    import jinja2
    import jinja2.meta
    from jinja2 import nodes

    env = jinja2.Environment()
    seen: dict[str, Path] = {}
    stats: dict[str, tuple[int, ...]] = {}
    attributes: set[str] = set()
    pending = [name]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        file = _found_template(layouts, current)
        seen[current] = file
        stats[current] = _stat_of(file)  # before reading: a change while reading is seen next time
        try:
            parsed = env.parse(file.read_text(encoding="utf-8"), current, str(file))
        except jinja2.TemplateSyntaxError as exc:
            raise SourceError([template_problem(exc, layouts[0], current)]) from None
        pending += [found for found in jinja2.meta.find_referenced_templates(parsed) if found]
        attributes |= {node.attr for node in parsed.find_all(nodes.Getattr)}
        attributes |= {
            node.arg.value
            for node in parsed.find_all(nodes.Getitem)
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str)
        }
    scanned = (tuple(seen[found] for found in sorted(seen)), frozenset(attributes))
    return scanned, tuple((found, seen[found], stats[found]) for found in sorted(seen))


@cache
def pipeline_fingerprint() -> str:
    """The pipeline's version: its own code and data, and the versions of what renders."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256()
    for file in sorted(PACKAGE.rglob("*")):
        if file.is_file() and file.suffix in (".py", ".json", ".yaml") and "__pycache__" not in file.parts:
            digest.update(file.relative_to(PACKAGE).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    for name in (
        "weasyprint",
        "pydyf",
        "tinycss2",
        "cssselect2",
        "fonttools",
        "jinja2",
        "babel",
        "segno",
        "openpyxl",
    ):  # it reads the sheets an agenda or partner list may be
        try:
            digest.update(f"{name}={version(name)}\0".encode())
        except PackageNotFoundError:
            digest.update(f"{name}=?\0".encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


class KeyMaker:
    """Computes output keys for one build; every file is read and hashed once per build."""

    def __init__(self, project_root: Path, sources: Sources, options: BuildOptions = BuildOptions()) -> None:
        self.root = project_root.resolve()
        self.theme = theme_of(self.root)
        self.options = options
        self.sources = sources
        self._hashes: dict[Path, str] = {}
        self._templates: dict[str, tuple[tuple[Path, ...], frozenset[str]]] = {}
        self._styles: dict[tuple[str, str], list[Path]] = {}

    def key(self, publication: Publication) -> str:
        """A hash of everything the output depends on: files, options, environment, pipeline."""
        files = {self._name_of(path): self._hash(path) for path in self.files(publication)}
        listed = {}
        if publication.workshop is None and not self.reads_details(publication):  # a listing of every event
            listed = {
                key: hashlib.sha256(listed_workshop(workshop).encode()).hexdigest()
                for key, workshop in sorted(self.sources.workshops.items())
            }
        described = {
            "format": STATE_FORMAT,
            "pipeline": pipeline_fingerprint(),
            "publication": [
                publication.kind,
                publication.lang,
                publication.variant,
                publication.workshop,
                publication.trim_name,
                publication.day,
                publication.part,
            ],
            "environment": {name: os.environ.get(name) for name in KEYED_ENVIRONMENT},
            "files": dict(sorted(files.items())),
            "workshops listed": listed,
            "print options": self.options.print_options(publication),
        }
        return hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()

    def files(self, publication: Publication) -> list[Path]:
        """Every file whose bytes can change the publication's PDF (the package's own code aside)."""
        return [
            *source_files(self.sources, publication, self.reads_details(publication)),
            *self.layout_files(publication),
            *self.stylesheet_files(publication),
            *self.image_files(publication),
        ]

    def image_files(self, publication: Publication) -> list[Path]:
        """The images named in the records the publication reads (a listing: every workshop's),
        and what those SVG images refer to: replacing a file at the same path changes the key."""
        sources = self.sources
        records = [sources.site, sources.network, sources.partners, sources.contacts]
        records += (
            [sources.workshops[publication.workshop]] if publication.workshop else list(sources.workshops.values())
        )
        images = [self.root / image.src for record in records for _, image in iter_values_of_type(record, Image)]
        return files_referenced(images, self.root)

    def reads_details(self, publication: Publication) -> bool:
        """Whether the publication's layouts print a workshop's agenda or practical information."""
        return bool(self._scan(publication)[1] & DETAILS)

    def _scan(self, publication: Publication) -> tuple[tuple[Path, ...], frozenset[str]]:
        name = publication.layout
        if name not in self._templates:
            self._templates[name] = scan_templates(self.theme.folders("layouts"), name)
        return self._templates[name]

    def layout_files(self, publication: Publication) -> list[Path]:
        """The publication's layout, every template it extends or includes, its message catalogues."""
        languages = sorted({self.sources.site.source_language, publication.lang})
        catalogues = [find_catalogue(message_folders(self.root), lang) for lang in languages]
        if publication.settings.for_press:  # its job ticket's words: the site catalogues' (finish.tickets)
            site = message_folders(self.root, MESSAGES / "site")
            languages = ticket_languages(self.sources.site.source_language)
            catalogues += [find_catalogue(site, lang) for lang in languages]
        return [*self._scan(publication)[0], *(file for file in catalogues if file.is_file())]

    def stylesheet_files(self, publication: Publication) -> list[Path]:
        """The stylesheets, what they import or point at (fonts, images), the ICC profile in print."""
        cached = (publication.kind, publication.variant)
        if cached not in self._styles:
            files = files_referenced(stylesheet_files(self.theme, publication.stylesheets), self.root)
            if publication.settings.for_press:
                files.append(self.theme.file(self.sources.site.print.output_profile).resolve())
            self._styles[cached] = list(dict.fromkeys(files))
        return self._styles[cached]

    def _hash(self, path: Path) -> str:
        if path not in self._hashes:
            self._hashes[path] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"
        return self._hashes[path]

    def _name_of(self, path: Path) -> str:
        """Names relative to the project (or the default theme): a copy of the project, or another
        installation of the tool, has the same keys."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return self.theme.shown(path.resolve())


def site_key(keys: KeyMaker, project_root: Path, entries: list[dict]) -> str:
    """The download page and calendars read the manifest, the date and any file of the project but the outputs."""
    theme = theme_of(project_root)
    sources = project_root / "sources"
    files = [
        # Not sources/private/ (the participant lists): no public file reads them.
        *sorted(file for file in sources.rglob("*") if file.is_file() and sources / PRIVATE_DIR not in file.parents),
        *theme.files("layouts"),
        *theme.files("styles"),
    ]
    described = {
        "pipeline": pipeline_fingerprint(),
        "manifest": entries,
        "environment": {name: os.environ.get(name) for name in KEYED_ENVIRONMENT},
        "files": {keys._name_of(file): keys._hash(file) for file in files},
    }
    return hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()
