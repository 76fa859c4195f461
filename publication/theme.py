"""Where layouts and styles come from: the project's own files over the default theme, file by file.

The default theme is the checkout's `layouts/` and `styles/`, which the wheel carries as
`publication/theme/` (see pyproject.toml). A project may hold none of them, some, or all: each
file the project has wins over the default one of the same name, wherever it is referred to from
(a default stylesheet importing `tokens.css` gets the project's `tokens.css` if there is one), as
MkDocs' `custom_dir` does. A checkout is its own project: there the two are the same folders.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
PACKAGED = PACKAGE / "theme"  # in an installed wheel
CHECKOUT = PACKAGE.parent  # in a checkout (editable install): the folders the wheel's copy is made from
FOLDERS = ("layouts", "styles")  # what a theme holds; `sources/` is always the project's own


def default_theme_root() -> Path:
    """The folder that holds the default theme's `layouts/` and `styles/`."""
    return PACKAGED if (PACKAGED / "layouts").is_dir() else CHECKOUT


@dataclass(frozen=True)
class Theme:
    """A project's layouts and styles: its own files first, then the default theme's."""

    project: Path  # the project folder (resolved)
    default: Path  # the folder holding the default theme's layouts/ and styles/ (resolved)

    @property
    def roots(self) -> tuple[Path, ...]:
        """Where theme files are looked for, the project first."""
        return (self.project,) if self.default == self.project else (self.project, self.default)

    def file(self, relative: str | Path) -> Path:
        """The file that wins for `layouts/…` or `styles/…` (the project's when it has one); the
        project's path when neither has it, so that a message names the file to create."""
        own = self.project / relative
        if own.exists() or not Path(relative).parts or Path(relative).parts[0] not in FOLDERS:
            return own
        default = self.default / relative
        return default if default.exists() else own

    def folders(self, name: str) -> list[Path]:
        """The `layouts/` (or `styles/`) folders to search, the project's first: Jinja's search path."""
        return [root / name for root in self.roots if (root / name).is_dir()] or [self.project / name]

    def files(self, name: str) -> list[Path]:
        """Every file that wins under `layouts/` (or `styles/`), in the order of their names."""
        found: dict[Path, Path] = {}
        for folder in reversed(self.folders(name)):  # the project's last: it wins
            for file in folder.rglob("*"):
                if file.is_file() and "__pycache__" not in file.parts:
                    found[file.relative_to(folder)] = file
        return [found[relative] for relative in sorted(found)]

    def winner(self, path: Path) -> Path:
        """For a path inside either theme's folders (where a stylesheet's relative reference
        lands), the file that wins; any other path as it is."""
        relative = self.relative(path)
        return self.file(relative) if relative is not None else path

    def relative(self, path: Path) -> Path | None:
        """`layouts/…` or `styles/…` for a path inside either theme's folders; None otherwise."""
        absolute = Path(path).absolute()
        for root in self.roots:
            for name in FOLDERS:
                if absolute.is_relative_to(root / name):
                    return absolute.relative_to(root)
        return None

    def is_default(self, path: Path) -> bool:
        """Whether `path` is inside the default theme's folders, not the project's."""
        absolute = Path(path).absolute()
        return self.default != self.project and any(absolute.is_relative_to(self.default / name) for name in FOLDERS)

    def allows(self, real: Path) -> bool:
        """Whether a build may read `real` (symbolic links resolved): inside the project, or one of
        the default theme's files."""
        return real.is_relative_to(self.project) or self.is_default(real)

    def shown(self, path: Path) -> str:
        """How a message names a theme file: `styles/x.css`, with '(default theme)' when it is not the project's."""
        relative = self.relative(path)
        if relative is None:
            return str(path)
        return relative.as_posix() + (" (default theme)" if self.is_default(path) else "")


@cache
def theme_of(project: Path) -> Theme:
    """The theme of the project in `project` (made once per process and project)."""
    return Theme(Path(project).resolve(), default_theme_root().resolve())
