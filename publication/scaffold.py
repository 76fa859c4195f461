"""`make-publication new DIR`: a minimal project, ready to build.

The sources are example data (`status: draft`) from `data/new/`, or a copy of another project's.
A new project has no layouts or styles of its own: it prints with the default theme (see
`theme`) until it overrides a file, or, with `--with-theme`, holds a copy of the whole theme to
customise.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

from .errors import UsageError, counted
from .messages import _
from .theme import FOLDERS as THEME_FOLDERS
from .theme import default_theme_root

STARTER = Path(__file__).parent / "data" / "new"
# What a project's repository keeps out: what a build writes (and can write again).
GITIGNORE = """# Written by make-publication: made again by every build; .cache/ holds the preview's files.
output/
.cache/
# Personal data: the participant lists and what is made of them (badges, attendance sheets…),
# never committed, never published (output/ above holds output/private/; said again so that it stays).
sources/private/
output/private/
"""


def refuse_target(target: Path) -> None:
    """A new project goes into a new or empty folder: nothing of the user's is overwritten."""
    if target.is_symlink():
        raise UsageError(
            _("{target} is a symbolic link\n    fix: give the path of a new folder (or of an empty one)").format(
                target=target
            )
        )
    if target.exists() and not target.is_dir():
        raise UsageError(
            _("{target} is a file, not a folder\n    fix: give the path of a new folder").format(target=target)
        )
    if target.is_dir() and any(target.iterdir()):
        raise UsageError(
            _(
                "{target} already exists and is not empty\n    fix: give the path of a new folder (or of an empty one)"
            ).format(target=target)
        )


def new_project(target: Path, sources: Path | None = None, with_theme: bool = False) -> list[str]:
    """Write the starter sources (or copy `sources`, e.g. an example's) and a .gitignore; with
    `with_theme`, also the default theme's layouts and styles, to customise; and the agenda templates
    (`write_agenda_templates`), whose names it returns. Everything is checked first and written beside
    the target, then moved into place: all of it, or nothing."""
    refuse_target(target)
    if sources is not None and not (sources / "site.yaml").is_file():
        raise UsageError(
            _(
                "{sources} holds no site.yaml: it is not a sources folder\n    fix: give a project's sources/ folder, e.g. examples/forum/sources"
            ).format(sources=sources)
        )
    if sources is not None:
        refuse_uncopyable(sources)
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.new-"))
    try:
        shutil.copytree(sources or STARTER / "sources", building / "sources")
        (building / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
        templates = write_agenda_templates(building)
        if with_theme:
            default = default_theme_root()
            for name in THEME_FOLDERS:
                shutil.copytree(default / name, building / name, ignore=shutil.ignore_patterns("__pycache__", ".*"))
        _move_into_place(building, target)
    except OSError as exc:
        raise UsageError(
            _(
                "cannot write the new project in {target}: {value}; nothing was written\n    fix: check that the folder can be written to, with room on its disk"
            ).format(target=target, value=exc.strerror or exc)
        ) from None
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return templates


def write_agenda_templates(project: Path) -> list[str]:
    """The agenda templates (`sources/agenda/exemple.xlsx` and `.ods` in a French project), headed in
    the project's first language; a file of that name the copied sources already hold is kept.
    Returns the names written, relative to sources/."""
    from .sheets.headers import site_languages
    from .sheets.template import agenda_templates

    languages = site_languages(project / "sources") or ["en"]
    written = []
    for name, data in agenda_templates(project, languages).items():
        path = project / "sources" / name
        if path.exists() or path.is_symlink():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(name)
    return written


def templates_said(names: list[str]) -> str:
    """What `new` says of the templates it wrote (nothing when it kept the sources' own)."""
    listed = _(" and ").join(f"sources/{name}" for name in names)
    return _("; agenda templates to fill in: {files}").format(files=listed) if names else ""


def _move_into_place(building: Path, target: Path) -> None:
    """The new project, made in `building`, becomes `target` (a new folder, or an empty one)."""
    if not target.exists():
        building.rename(target)
        return
    for entry in sorted(building.iterdir()):
        entry.rename(target / entry.name)


def refuse_uncopyable(sources: Path) -> None:
    """Before anything is copied: no link leaving the sources or leading nowhere, nothing but files and
    folders (a named pipe would stop the copy half-way; a link's target copied as a plain file would
    hide from the new project's own check where that file came from)."""
    root = sources.resolve()
    for folder, folders, files in os.walk(sources):
        for name in sorted(folders + files):
            path = Path(folder, name)
            why = _uncopyable(path, root)
            if why:
                raise UsageError(
                    _(
                        "{path} {why}; nothing was written\n    fix: replace it with the file itself (or remove it), then run `new` again"
                    ).format(path=path, why=why)
                )


def _uncopyable(path: Path, root: Path) -> str:
    if path.is_symlink():
        target = path.resolve()
        if not target.exists():
            return _("is a symbolic link to {readlink}, which does not exist").format(readlink=os.readlink(path))
        if not target.is_relative_to(root):
            return _(
                "is a symbolic link to {target}, outside the sources: the copy would hide where it comes from"
            ).format(target=target)
        return ""
    mode = path.lstat().st_mode
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return _("is not a regular file (a named pipe, socket or device)")
    return ""


def export_agenda_sheet(project, workshop: str, fmt: str, output: Path | None = None) -> str:
    """Write a workshop's agenda as a sheet (sources/agenda/WORKSHOP.xlsx unless `output`); what to do next."""
    from .outputs import write_atomically
    from .sheets.export import to_csv, to_xlsx
    from .sources import languages_of, read_sources

    sources = read_sources(project.sources)
    if workshop not in sources.workshops:
        known = ", ".join(sorted(sources.workshops))
        raise UsageError(
            _(
                "no workshop '{workshop}' in {value}\n    fix: give the name of its file without .yaml, one of: {known}"
            ).format(workshop=workshop, value=project.sources / "workshops", known=known)
        )
    target = output or project.sources / "agenda" / f"{workshop}.{fmt}"
    if output is None and target.exists():
        raise UsageError(
            _("{target} already exists\n    fix: remove it, or write elsewhere with --output FILE").format(
                target=target
            )
        )
    refuse_export_target(project, sources, target, fmt)
    days = sources.documents[workshop].data.get("agenda") or []
    languages = tuple(languages_of(sources, workshop))
    try:
        write_atomically(target, to_xlsx(days, languages) if fmt == "xlsx" else to_csv(days, languages))
    except OSError as exc:
        raise UsageError(
            _(
                "cannot write {target}: {value}; nothing was written\n    fix: check that its folder exists and can be written to, or write elsewhere with --output FILE"
            ).format(target=target, value=exc.strerror or exc)
        ) from None
    inside = target.resolve().is_relative_to(project.sources.resolve())
    named = target.resolve().relative_to(project.sources.resolve()).as_posix() if inside else f"agenda/{target.name}"
    return (
        _("wrote the agenda of {workshop} ({items}) to {target}").format(
            workshop=workshop,
            items=counted(sum(len(d.get("sessions") or []) for d in days), "item", "items"),
            target=target,
        )
        + "\n"
        + _(
            "next: edit it{move}, then write `agenda: {named}` in sources/workshops/{workshop}.yaml instead of the list"
        ).format(
            move="" if inside else _(", move it to sources/{named}").format(named=named), named=named, workshop=workshop
        )
    )


def refuse_export_target(project, sources, target: Path, fmt: str) -> None:
    """The sheet never replaces what the project reads (a source, a sheet a source names, a layout,
    a stylesheet, a catalogue) nor a file of another kind: refused before anything is written."""
    from .sheets import files_read

    real = target.resolve()
    read = {path.resolve() for doc in sources.documents.values() for path in files_read(doc)}
    theme = [name for name in THEME_FOLDERS if real.is_relative_to((project.root / name).resolve())]
    why = ""
    if target.suffix.lower() != f".{fmt}":
        why = _("is not a .{fmt} file: export-agenda --format {fmt} writes a {upper} sheet").format(
            fmt=fmt, upper=fmt.upper()
        )
    elif theme:
        why = _("is inside {theme}/, which the build reads").format(theme=theme[0])
    elif real in read:
        why = _("is a sheet the sources read: the export would replace it")
    elif target.is_symlink() or (target.exists() and not target.is_file()):
        why = _("is not a plain file (a folder, a link, a named pipe)")
    elif target.exists() and not _is_a(fmt, target):
        why = _("is not a {upper} sheet: the export would replace it").format(upper=fmt.upper())
    if why:
        raise UsageError(
            _(
                "--output {target} {why}; nothing was written\n    fix: write to a new file named like {value}, e.g. --output {value2}"
            ).format(
                target=target,
                why=why,
                value=target.with_suffix("." + fmt).name,
                value2=project.sources / "agenda" / target.with_suffix("." + fmt).name,
            )
        )


def _is_a(fmt: str, path: Path) -> bool:
    """Whether an existing file is a sheet of this format (an earlier export), which may be replaced."""
    import zipfile

    with open(path, "rb") as stream:
        head = stream.read(64 * 1024)
    if fmt == "xlsx":
        return zipfile.is_zipfile(path)
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start > len(head) - 4  # a character cut by the 64 KB read
    return b"\0" not in head
