"""`make-publication new DIR`: a minimal project, ready to build.

The sources are example data (`status: draft`) from `data/new/`, or a copy of another project's.
A new project has no layouts or styles of its own: it prints with the default theme (see
`theme`) until it overrides a file, or, with `--with-theme`, holds a copy of the whole theme to
customise.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .errors import UsageError
from .theme import FOLDERS as THEME_FOLDERS
from .theme import default_theme_root

STARTER = Path(__file__).parent / "data" / "new"
# What a project's repository keeps out: what a build writes (and can write again).
GITIGNORE = """# Written by make-publication: made again by every build.
output/
"""


def refuse_target(target: Path) -> None:
    """A new project goes into a new or empty folder: nothing of the user's is overwritten."""
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} is a file, not a folder\n    fix: give the path of a new folder")
    if target.is_dir() and any(target.iterdir()):
        raise UsageError(
            f"{target} already exists and is not empty\n    fix: give the path of a new folder (or of an empty one)"
        )


def new_project(target: Path, sources: Path | None = None, with_theme: bool = False) -> None:
    """Write the starter sources (or copy `sources`, e.g. an example's) and a .gitignore; with
    `with_theme`, also the default theme's layouts and styles, to customise."""
    refuse_target(target)
    if sources is not None and not (sources / "site.yaml").is_file():
        raise UsageError(
            f"{sources} holds no site.yaml: it is not a sources folder\n"
            f"    fix: give a project's sources/ folder, e.g. examples/forum/sources"
        )
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(sources or STARTER / "sources", target / "sources")
    (target / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    if with_theme:
        default = default_theme_root()
        for name in THEME_FOLDERS:
            shutil.copytree(default / name, target / name, ignore=shutil.ignore_patterns("__pycache__", ".*"))


def export_agenda_sheet(project, workshop: str, fmt: str, output: Path | None = None) -> str:
    """Write a workshop's agenda as a sheet (sources/agenda/WORKSHOP.xlsx unless `output`); what to do next."""
    from .outputs import write_atomically
    from .sheets.export import to_csv, to_xlsx
    from .sources import languages_of, read_sources

    sources = read_sources(project.sources)
    if workshop not in sources.workshops:
        known = ", ".join(sorted(sources.workshops))
        raise UsageError(
            f"no workshop '{workshop}' in {project.sources / 'workshops'}\n"
            f"    fix: give the name of its file without .yaml, one of: {known}"
        )
    target = output or project.sources / "agenda" / f"{workshop}.{fmt}"
    if output is None and target.exists():
        raise UsageError(f"{target} already exists\n    fix: remove it, or write elsewhere with --output FILE")
    days = sources.documents[workshop].data.get("agenda") or []
    languages = tuple(languages_of(sources, workshop))
    write_atomically(target, to_xlsx(days, languages) if fmt == "xlsx" else to_csv(days, languages))
    inside = target.resolve().is_relative_to(project.sources.resolve())
    named = target.resolve().relative_to(project.sources.resolve()).as_posix() if inside else f"agenda/{target.name}"
    return (
        f"wrote the agenda of {workshop} ({sum(len(d.get('sessions') or []) for d in days)} items) to {target}\n"
        f"next: edit it{'' if inside else f', move it to sources/{named}'}, then write `agenda: {named}` in "
        f"sources/workshops/{workshop}.yaml instead of the list"
    )
