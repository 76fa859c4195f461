"""The output folder is the build's own: checked before anything is written into it or deleted from it.

A build writes only into a folder it created, or one that carries its marks (its state, its lock):
never into a folder of someone else's files (`--output ~/Documents` would replace its index.html),
never through a symbolic link (to sources/, or anywhere), never into the project's sources, layouts
or styles. It deletes only what it recorded as its own: the files its state lists, and the staged
files a killed build left, which each build notes in its lock file before writing them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath

from .errors import UsageError
from .messages import _
from .state import STATE

LOCK_NAME = ".lock"
PROJECT_FOLDERS = ("sources", "layouts", "styles")  # what a build reads: never an output folder
STAGED = "staged "  # a line of the lock file: a file this build is about to stage
STAGED_NAME = re.compile(r"\..+\.[A-Za-z0-9_]{8}\.partial")  # what tempfile.mkstemp makes of ".NAME." ".partial"


def place_in_project(root: Path, output: Path) -> str | None:
    """Where `output` lies if it is the project, holds it, or lies in the folders a build reads; else None."""
    root, output = root.resolve(), output.resolve()
    inside = [name for name in PROJECT_FOLDERS if output.is_relative_to(root / name)]
    if inside:
        return f"inside {inside[0]}/"
    if output == root:
        return _("the project folder")
    return _("a folder holding the project") if root.is_relative_to(output) else None


def refuse_output_in_project(root: Path, output: Path) -> None:
    """The output may not be the project, hold it, or lie in the folders a build reads: it would write over them."""
    where = place_in_project(root, output)
    if where is not None:
        root, output = root.resolve(), output.resolve()
        raise UsageError(
            _(
                "--output {output} is {where}: a build there would write over or delete the project's own files\n    fix: leave --output out (it builds into output/), or choose a folder outside {folders}, e.g. --output {example}"
            ).format(
                output=output, where=where, folders=", ".join(n + "/" for n in PROJECT_FOLDERS), example=root / "output"
            )
        )


def output_folder(root: Path, output: str | None) -> Path:
    """The folder `--output` names (output/ without it), refused if it lies in the project's own folders.
    Made absolute, not resolved: an --output that is a symbolic link stays one, for refuse_foreign_output."""
    if not output:
        return root / "output"
    refuse_output_in_project(root, Path(output))
    return Path(os.path.abspath(output))


def refuse_foreign_output(root: Path | None, output: Path) -> None:
    """Before the build writes anything: the output folder is not a link, not in the project `root`'s
    own folders (when given), and, if it exists, a build's own."""
    if output.is_symlink():
        target = Path(os.readlink(output))
        resolved = (output.parent / target).resolve()
        instead = (
            _(", or name the folder itself: --output {resolved}").format(resolved=resolved)
            if root is None or place_in_project(root, resolved) is None
            else _(" (it points {place_in_project}, which the build reads)").format(
                place_in_project=place_in_project(root, resolved)
            )
        )
        raise UsageError(
            _(
                "{output} is a symbolic link (to {target}): the build writes only into a folder of its own, never through a link; nothing was written\n    fix: remove the link (`rm {output}`) and build again{instead}"
            ).format(output=output, target=target, instead=instead)
        )
    if root is not None:
        refuse_output_in_project(root, output)
    if output.is_dir() and not own_folder(output):
        raise UsageError(
            _(
                "{output} holds files no build wrote (it has no {state}): a build would replace or delete them; nothing was written\n    fix: build into a new or empty folder (--output FOLDER), or move those files away"
            ).format(output=output, state=STATE)
        )


def own_folder(folder: Path) -> bool:
    """A build's own: it carries a build's state, or holds nothing but a lock and folders of a build's own
    (an output folder a failed first build left, or one holding only the preview's)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:  # unreadable: the lock's open will say so
        return True
    if any(entry.name == STATE for entry in entries):  # what is there is checked when written (outputs)
        return True
    return all(
        entry.name == LOCK_NAME or (entry.is_dir(follow_symlinks=False) and own_folder(Path(entry.path)))
        for entry in entries
    )


def linked_folder(output: Path, path: Path) -> Path | None:
    """The first folder between `output` and `path` that is a symbolic link (writing there would write
    where it points), or None."""
    folder = output
    for part in path.relative_to(output).parts[:-1]:
        folder = folder / part
        if folder.is_symlink():
            return folder
    return None


def refuse_linked_folder(output: Path, path: Path) -> None:
    linked = linked_folder(output, path)
    if linked is not None:
        raise UsageError(
            _(
                "{linked} is a symbolic link: the build writes only into folders of its own, never through a link; the previous outputs were left as they were\n    fix: remove the link (`rm {linked}`), then build again"
            ).format(linked=linked)
        )


def staged_line(output: Path, temporary: Path) -> str:
    """The lock file's note of a file about to be staged."""
    return f"{STAGED}{temporary.relative_to(output).as_posix()}\n"


def remove_noted_leftovers(output: Path, noted: str) -> list[Path]:
    """Delete the staged files a killed build noted in its lock file (`noted`, the file's previous
    text) and left behind: each a hidden `.partial` file inside the folder, reached without a link."""
    removed = []
    for line in noted.splitlines():
        relative = PurePosixPath(line.removeprefix(STAGED))
        if not line.startswith(STAGED) or relative.is_absolute() or ".." in relative.parts:
            continue
        path = output.joinpath(*relative.parts)
        if STAGED_NAME.fullmatch(path.name) and linked_folder(output, path) is None and _regular(path):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _regular(path: Path) -> bool:
    try:
        return path.is_file() and not path.is_symlink()
    except OSError:
        return False
