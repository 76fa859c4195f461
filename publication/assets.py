"""Files the publications use besides the YAML: images named in the sources, fonts and images in styles/, the ICC profile."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .errors import Location, Problem, SourceError, terminal_safe
from .limits import MAX_IMAGE_PIXELS, MAX_TOTAL_SOURCE_BYTES
from .load import dotted_path
from .messages import _
from .model import Image, iter_values_of_type
from .svgimage import svg_problem
from .theme import Theme, theme_of

FONT_SIGNATURES = (b"OTTO", b"\x00\x01\x00\x00", b"true", b"wOFF", b"wOF2", b"ttcf")
FONT_SUFFIXES = (".otf", ".ttf", ".woff", ".woff2", ".ttc")
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


def inside_project(project: Path, relative: str) -> tuple[Path | None, str]:
    """The real file a project-relative path names, or None and why it cannot be used."""
    if relative.startswith("/") or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", relative):
        return None, (
            _(
                "'{relative}' is not a path inside the project; write it relative to the project folder, e.g. sources/images/dresden.jpg"
            ).format(relative=relative)
        )
    theme = theme_of(project)
    real = theme.file(relative).resolve()  # a layouts/ or styles/ file the project lacks: the default theme's
    if not theme.allows(real):
        return None, _("'{relative}' leads outside the project folder; copy the file into the project").format(
            relative=relative
        )
    if not real.is_file():
        return None, _("'{relative}' does not exist").format(relative=relative)
    return real, ""


def display_name(root: Path, file: Path) -> str:
    """The path people see in messages: relative to the project when possible."""
    try:
        return str(file.relative_to(root.parent))
    except ValueError:
        return str(file)


# A workshop's file name is its programmes' file names and addresses: short, nothing a link reads
# otherwise. A file system takes names of 255 bytes; the longest the build makes of a workshop's name
# is its programme staged before it is renamed: `.programme-NAME-screen.pdf.12345678.partial`.
STEM_LENGTH = 100
NAME_BYTES = 255
STEM_BYTES = NAME_BYTES - len(".programme--screen.pdf.12345678.partial")
STEM_CHARACTER = re.compile(r"[^\w.-]")


def stem_problem(stem: str) -> str:
    """Why a workshop's file name cannot name its outputs, or ''."""
    if len(stem) > STEM_LENGTH:
        return _(
            "has a name of {count} characters, more than the {stem_length} its programmes' file names allow"
        ).format(count=len(stem), stem_length=STEM_LENGTH)
    if len(stem.encode("utf-8")) > STEM_BYTES:
        return _(
            "has a name of {count} bytes in UTF-8 ({count2} characters), more than the {stem_bytes} its programmes' file names allow (a file system takes {name_bytes})"
        ).format(count=len(stem.encode("utf-8")), count2=len(stem), stem_bytes=STEM_BYTES, name_bytes=NAME_BYTES)
    bad = STEM_CHARACTER.search(stem)
    return (
        _("has '{character}' in its name, which its programmes' links cannot hold").format(
            character=terminal_safe(bad[0])
        )
        if bad
        else ""
    )


# network.yaml may be called project.yaml (a project that is no network): the same schema, one of the two.
RENAMED_SOURCE_FILES = {"network.yaml": "project.yaml"}


def source_file(root: Path, name: str) -> Path:
    """The file a source of SOURCE_FILES is read from: `project.yaml` for `network.yaml` when only it exists."""
    renamed = RENAMED_SOURCE_FILES.get(name)
    if renamed and (root / renamed).exists() and not (root / name).exists():
        return root / renamed
    return root / name


def renamed_twice(root: Path) -> list[Problem]:
    """Both network.yaml and project.yaml: which one the build reads would be a guess."""
    return [
        Problem(
            display_name(root, root / renamed),
            None,
            "",
            _("is there beside {name}: both say what the project is").format(name=name),
            _("keep one of the two: rename or remove {name} or {renamed}").format(name=name, renamed=renamed),
        )
        for name, renamed in RENAMED_SOURCE_FILES.items()
        if (root / name).exists() and (root / renamed).exists()
    ]


def check_source_files(root: Path, shared: list[Path], workshops: list[Path]) -> list[Problem]:
    """Raise if the files together pass the size bound; workshop file names usable, one per stem."""
    sizes = {file: file.stat().st_size for file in [*shared, *workshops] if file.is_file()}
    if sum(sizes.values()) > MAX_TOTAL_SOURCE_BYTES:
        largest = ", ".join(file.name for file in sorted(sizes, key=lambda file: sizes[file], reverse=True)[:3])
        raise SourceError(
            [
                Problem(
                    display_name(root, root),
                    None,
                    "",
                    _("holds more than the {value} MB of sources a build reads (the largest: {largest})").format(
                        value=MAX_TOTAL_SOURCE_BYTES // 2**20, largest=largest
                    ),
                    _("remove what the files repeat, or move old workshops out"),
                )
            ]
        )
    problems: list[Problem] = []
    first: dict[str, Path] = {}  # stem → the first file of that stem
    for file in workshops:
        shown = terminal_safe(display_name(root, file))
        if stem_problem(file.stem):
            problems.append(
                Problem(
                    shown,
                    1,
                    "",
                    stem_problem(file.stem),
                    _("rename it like 2016-09-dresden.yaml, with letters, digits, '-', '_' and '.'"),
                )
            )
        elif file.stem in first:
            problems.append(
                Problem(
                    shown,
                    1,
                    "",
                    _("has the same name as {file}: both would be the workshop {workshop}").format(
                        file=display_name(root, first[file.stem]), workshop=file.stem
                    ),
                    _("keep one of the two files"),
                )
            )
        first.setdefault(file.stem, file)
    return problems


def _head(path: Path, size: int) -> bytes:
    with open(path, "rb") as stream:
        return stream.read(size)


def image_problem(path: Path, project: Path) -> str:
    """Why `path` is not an image we can print, or '' when it is one."""
    if path.suffix.lower() == ".svg":
        return svg_problem(path, project)
    from PIL import Image as PillowImage
    from PIL import UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PillowImage.DecompressionBombWarning)  # answered below
            with PillowImage.open(path) as image:  # reads the header only
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    return _(
                        "declares {width:,} × {height:,} pixels, more than the {max_image_pixels:,} a build decodes"
                    ).format(width=width, height=height, max_image_pixels=MAX_IMAGE_PIXELS)
                image.verify()
    except PillowImage.DecompressionBombError as exc:  # Pillow's own guard, at twice its limit
        found = re.search(r"\d+", str(exc))  # Pillow's message says how many
        pixels = f"{int(found[0]):,}" if found else "too many"
        return _("declares {pixels} pixels, more than the {max_image_pixels:,} a build decodes").format(
            pixels=pixels, max_image_pixels=MAX_IMAGE_PIXELS
        )
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        return _("is not an image Pillow can read ({value})").format(value=type(exc).__name__)
    return ""


# What font_problem last found of each file, with the stat it had: the fonts are read (their character
# maps decoded, 60 ms for the shipped ones) once per process while they do not change, not on every
# read of the sources (the preview reads them on every change). A file written again changes its
# ctime, which no program can set back.
_FONT_VERDICTS: dict[str, tuple[tuple[int, ...], str]] = {}


def font_problem(path: Path) -> str:
    """Why `path` is not a font file, or '' when it is one."""
    try:
        stat = path.stat()
    except OSError:
        return _font_problem(path)
    seen = (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
    known = _FONT_VERDICTS.get(str(path))
    if known is None or known[0] != seen:
        known = _FONT_VERDICTS[str(path)] = (seen, _font_problem(path))
    return known[1]


def _font_problem(path: Path) -> str:
    if _head(path, 4) not in FONT_SIGNATURES:
        return _("is not a font file (OpenType, TrueType or WOFF)")
    from fontTools.ttLib import TTFont

    try:  # what the glyph check and WeasyPrint read of it: the tables, the character map
        with TTFont(str(path), lazy=True, fontNumber=0) as font:
            font.getBestCmap()
            font["head"], font["maxp"]
    except Exception as exc:
        return _("is a damaged font file: fontTools cannot read it ({value})").format(value=type(exc).__name__)
    return ""


def check_source_images(project: Path, records: dict[str, Any], documents: dict[str, Any]) -> list[Problem]:
    """Every `image:`/`logo:` of the sources exists inside the project and is an image."""
    problems = []
    for key, record in records.items():
        doc = documents[key]
        for path, image in iter_values_of_type(record, Image):
            src_path = (*path, "src")
            if src_path not in doc.lines:  # `logo: images/x.svg`, the path alone: the field is `logo`
                src_path = path
            real, why = inside_project(project, image.src)
            if real is not None:  # else `why` says why there is no file
                why = image_problem(real, project)
            if why:
                shown = why if why.startswith("'") else f"'{image.src}' {why}"
                problems.append(
                    Problem(
                        doc.file,
                        doc.line_of(src_path),
                        dotted_path(src_path),
                        shown,
                        _(
                            "correct the image, or give the path of a PNG, JPEG or SVG file inside the project, relative to the project folder"
                        ),
                    )
                )
    return problems


def check_profile(project: Path, relative: str, file: Path, line: Location | None) -> list[Problem]:
    """The output profile exists inside the project and is an ICC profile."""
    real, why = inside_project(project, relative)
    if real is not None and _head(real, 40)[36:40] != b"acsp":  # the ICC header's signature
        why = _("'{relative}' is not an ICC profile").format(relative=relative)
    if not why:
        return []
    return [
        Problem(
            file,
            line,
            "print.output_profile",
            why,
            _("give the path of a CMYK ICC profile relative to the project folder, e.g. styles/icc/FOGRA39L.icc"),
        )
    ]


def check_stylesheets(project: Path) -> list[Problem]:
    """Every url() in styles/*.css names a file inside the project; fonts are fonts, images images,
    imported stylesheets are stylesheets."""
    problems = []
    theme = theme_of(project)
    for css in (file for file in theme.files("styles") if file.suffix == ".css"):  # the imported ones too
        shown = theme.shown(css)
        folder = theme.relative(css.parent) or Path("styles")
        for number, line in enumerate(css.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            for match in _CSS_URL.finditer(line):
                target = match[2].strip()
                if target.startswith(("data:", "#")):
                    continue
                relative = (
                    (folder / target).as_posix() if "://" not in target and not target.startswith("/") else target
                )
                real, why = inside_project(project, relative)
                if real is not None and "@import" in line:
                    why = (
                        ""
                        if real.suffix.lower() == ".css"
                        else _("'{target}' is not a stylesheet (.css)").format(target=target)
                    )
                elif real is not None:
                    is_font = real.suffix.lower() in FONT_SUFFIXES or "@font-face" in line
                    why = font_problem(real) if is_font else image_problem(real, project)
                    why = f"'{target}' {why}" if why else ""
                elif why.endswith(_("does not exist")):
                    why = _("'{target}' does not exist").format(target=target)
                if why:
                    field = "@font-face src" if "@font-face" in line else "@import" if "@import" in line else "url()"
                    problems.append(
                        Problem(
                            shown,
                            number,
                            field,
                            why,
                            _("refer to a file inside the project, relative to this stylesheet"),
                        )
                    )
    return problems


# --- what a publication's stylesheets read -------------------------------------------------

CSS_REFERENCE = re.compile(r"""@import\s+(?:url\()?\s*["']?([^"')\s;]+)|url\(\s*["']?([^"')]+?)["']?\s*\)""")


def stylesheet_paths(theme: Theme, names: Iterable[str]) -> list[Path]:
    """The stylesheets a publication names (see plan.Publication.stylesheets), in cascade order."""
    return [theme.file(Path("styles") / name) for name in names]


def stylesheet_files(theme: Theme, names: Iterable[str]) -> list[Path]:
    """The stylesheets, what they @import (followed), and the fonts and images they point at."""
    files: list[Path] = []
    pending = stylesheet_paths(theme, names)
    while pending:
        css = pending.pop(0)
        if css in files:
            continue
        files.append(css)
        for imported, url in CSS_REFERENCE.findall(css.read_text(encoding="utf-8")):
            reference = imported or url
            if reference.startswith(("data:", "http:", "https:", "#")):
                continue
            target = theme.winner(css.parent / reference.split("#")[0]).resolve()
            if target.is_file():
                (pending if target.suffix == ".css" else files).append(target)
    return list(dict.fromkeys(files))
