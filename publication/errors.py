"""User-facing problems: each names the file, the line, the field, what is wrong and the fix."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click


@dataclass(frozen=True)
class Problem:
    """One problem found in the sources, located as precisely as we can."""

    file: Path | str
    line: int | None
    field: str
    message: str
    fix: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else f"{self.file}"
        field = f" {self.field}" if self.field else ""
        text = f"{where}:{field} {self.message}"
        if self.fix:
            text += f"\n    fix: {self.fix}"
        return text


class SourceError(click.ClickException):
    """The sources hold one or more problems; nothing was built. Exit code 2."""

    exit_code = 2

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        heading = f"{count} problem{'s' if count != 1 else ''} in the sources:"
        super().__init__("\n".join([heading, *(str(p) for p in self.problems)]))


class RenderError(click.ClickException):
    """A document failed to render although its sources were valid. Exit code 1."""

    exit_code = 1


class UsageError(click.ClickException):
    """The command line asked for something that cannot be done. Exit code 2."""

    exit_code = 2
