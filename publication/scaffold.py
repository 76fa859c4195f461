"""`make-publication new DIR`: a minimal project for another network, ready to build.

The sources are example data (`status: draft`) from `data/new/`; the layouts and styles are
copied from the project this package lives in, so the new project prints like this one.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .errors import UsageError

STARTER = Path(__file__).parent / "data" / "new"
HOME = Path(__file__).resolve().parent.parent  # the checkout this package lives in
COPIED = ("layouts", "styles")


def refuse_target(target: Path) -> None:
    """A new project goes into a new or empty folder: nothing of the user's is overwritten."""
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} is a file, not a folder\n    fix: give the path of a new folder")
    if target.is_dir() and any(target.iterdir()):
        raise UsageError(f"{target} already exists and is not empty\n"
                         f"    fix: give the path of a new folder (or of an empty one)")


def new_project(target: Path, home: Path = HOME, sources: Path | None = None) -> None:
    """Write the starter sources (or copy `sources`, e.g. an example's) and the layouts and styles of `home`."""
    refuse_target(target)
    if sources is not None and not (sources / "site.yaml").is_file():
        raise UsageError(f"{sources} holds no site.yaml: it is not a sources folder\n"
                         f"    fix: give a project's sources/ folder, e.g. examples/forum/sources")
    missing = [name for name in COPIED if not (home / name).is_dir()]
    if missing:
        raise UsageError(f"{home} has no {' or '.join(name + '/' for name in missing)} to copy\n"
                         f"    fix: run make-publication from a checkout of the project (pip install -e .)")
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(sources or STARTER / "sources", target / "sources")
    for name in COPIED:
        shutil.copytree(home / name, target / name, ignore=shutil.ignore_patterns("__pycache__", ".*"))
