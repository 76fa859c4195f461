"""Spellings the sources of the previous release used, read for one more release with a warning that
names the new one: a team's sources keep building after an upgrade, and say what to change.

Each entry is dropped in the release after UNTIL (tests/test_transitions.py builds a copy of the
previous release's sources, taken from the history, with every warning it gives).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .load import Document, Path_
from .messages import _
from .theme import theme_of

UNTIL = "0.3.0"  # the first release that no longer reads them
ANY = "*"  # any index of a list (or key of a mapping) in a path
# (source file, path of the value, its former spelling, its spelling now)
RENAMED_VALUES = [
    ("network.yaml", ("credits", "funders", ANY, "mark"), "urbact", "wordmark"),  # the mark of any funder's name
]
# Files of the default theme renamed (source file, path, former name, name now): the former name is read
# as the new one only where the project has no file of that name of its own.
RENAMED_FILES = [
    ("site.yaml", ("print", "output_profile"), "styles/icc/ArrivalCities-FOGRA39L.icc", "styles/icc/FOGRA39L.icc"),
]


def read_former_spellings(doc: Document, name: str, project: Path) -> None:
    """Replace, in the data of the source file `name`, each former spelling by the current one, with a
    warning at its place (doc.warnings)."""
    for file, pattern, former, current in RENAMED_VALUES + RENAMED_FILES:
        if file != name:
            continue
        is_file = (file, pattern, former, current) in RENAMED_FILES
        for path, container, key in _places(doc.data, pattern):
            if container[key] != former or (is_file and theme_of(project).file(former).exists()):
                continue
            container[key] = current
            what = _("the former name of the default theme's") if is_file else _("the former spelling of")
            doc.warnings.append(
                doc.problem(
                    path,
                    _("'{former}' is {what} '{current}', read as '{current}' until make-publication {until}").format(
                        former=former, what=what, current=current, until=UNTIL
                    ),
                    _("write '{current}'").format(current=current),
                )
            )


def _places(data: Any, pattern: tuple[str, ...], path: Path_ = ()) -> Iterator[tuple[Path_, Any, Any]]:
    """(path, the list or mapping holding the value, its key) for each value the pattern names."""
    if not pattern:
        return
    head, rest = pattern[0], pattern[1:]
    if isinstance(data, dict):
        keys = list(data) if head == ANY else [head] if head in data else []
    elif isinstance(data, list) and head == ANY:
        keys = list(range(len(data)))
    else:
        keys = []
    for key in keys:
        if rest:
            yield from _places(data[key], rest, (*path, key))
        elif isinstance(data[key], str):
            yield (*path, key), data, key
