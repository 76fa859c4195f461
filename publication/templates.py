"""The layouts' Jinja environment: autoescaped and strict, one per process and project's layout folders,
its compiled templates used again while their files are unchanged."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Sequence
from pathlib import Path

import jinja2


class LayoutLoader(jinja2.FileSystemLoader):
    """Jinja's loader, whose compiled templates are used again only while their file is unchanged (its
    stat, ctime included: Jinja alone compares the mtime) and still the first found: a project's own
    layout saved beside the default theme's is loaded at once."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        found = self.found(template)
        stat = _stat_of(found)  # before the file is read: a change while it is read is seen next time
        source, filename, _ = super().get_source(environment, template)
        return source, filename, lambda: self.found(template) == found and _stat_of(found) == stat

    def found(self, template: str) -> str:
        """The file the template is read from now ('' when there is none)."""
        pieces = jinja2.loaders.split_template_path(template)
        for folder in self.searchpath:
            candidate = posixpath.join(folder, *pieces)  # as Jinja joins them
            if os.path.isfile(candidate):
                return os.path.normpath(candidate)
        return ""


def _stat_of(file: str) -> tuple[int, ...]:
    try:
        stat = os.stat(file)
    except OSError:
        return ()
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


_ENVIRONMENTS: dict[tuple[str, ...], jinja2.Environment] = {}
ENVIRONMENTS_KEPT = 4  # projects whose compiled templates a process keeps (the tests make hundreds)


def make_environment(layouts: Sequence[Path]) -> jinja2.Environment:
    """Autoescaped, strict: a value missing from the context is an error, not a blank. `layouts`:
    the folders templates are looked for in, the project's before the default theme's. One per
    process and folders, so that templates compile once while unchanged (they compiled again for
    every build: 12 templates, 50 ms of each of the preview's rebuilds)."""
    folders = tuple(str(folder) for folder in layouts)
    if folders in _ENVIRONMENTS:
        _ENVIRONMENTS[folders] = _ENVIRONMENTS.pop(folders)  # the most recently used last
    else:
        while len(_ENVIRONMENTS) >= ENVIRONMENTS_KEPT:
            del _ENVIRONMENTS[next(iter(_ENVIRONMENTS))]
        _ENVIRONMENTS[folders] = jinja2.Environment(
            loader=LayoutLoader(list(folders)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
    return _ENVIRONMENTS[folders]
