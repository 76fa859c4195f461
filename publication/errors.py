"""User-facing problems: each names the file, the line, the field, what is wrong and the fix."""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import NewType

import click

from .messages import _, ngettext

# What a terminal would obey rather than show: C0 controls (tab and newline aside), DEL, C1, and the
# bidirectional overrides that reorder what follows them.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_IN_A_NAME = re.compile(f"[\t\n{_UNSAFE.pattern[1:-1]}]")


def terminal_safe(text: object, one_line: bool = False) -> str:
    """`text` with every control character written as an escape (`\\x1b`): a file or key name that holds
    one reaches the terminal as text, never as a colour, a cursor move or an erased line."""
    pattern = _UNSAFE_IN_A_NAME if one_line else _UNSAFE
    return pattern.sub(
        lambda match: f"\\x{ord(match[0]):02x}" if ord(match[0]) < 0x100 else f"\\u{ord(match[0]):04x}", str(text)
    )


# A value quoted in a message ('…') longer than this is shown by its start: a megabyte typed where a
# time was expected is named, not printed whole.
QUOTED_CHARACTERS = 80
_LONG_QUOTE = re.compile(f"'([^']{{{QUOTED_CHARACTERS + 1},}})'")


def shorten_quotes(message: str) -> str:
    """The message with each quoted value over QUOTED_CHARACTERS cut, saying how long it was."""
    return _LONG_QUOTE.sub(
        lambda m: _("'{start}…' ({count:,} characters)").format(start=m[1][:QUOTED_CHARACTERS], count=len(m[1])),
        message,
    )


def in_number(count: int, singular: str, plural: str = "") -> str:
    """The word for `count` of a thing in the messages' language (ngettext): 'workshop' for 1,
    'workshops' for 0 or 2 in English, 'atelier' for 0 or 1 in French. The plural is the singular and
    an s unless given ('is', 'are'); give it, and the words are extracted for the translators (a call
    without it stays English). Every count the build, `check` and the preflight tell goes through
    here (or `counted`): no '(s)', no '1 workshops'."""
    return ngettext(singular, plural or singular + "s", count)


def counted(count: int, singular: str, plural: str = "") -> str:
    """'1 workshop', '3 workshops', '0 warnings': the count and its word."""
    return f"{count} {in_number(count, singular, plural)}"


# A spreadsheet's cell as the program names it: `Programme!C14` (`C14` in a CSV). A str when the
# program runs; its own type to mypy, so that a cell is never taken for a line, nor the reverse.
CellRef = NewType("CellRef", str)
# Where in its file a value or a problem is: a line (from 1) of a YAML, template, style or SVG
# file, or a cell of a spreadsheet. Messages write either after the file: `x.yaml:31`, `x.xlsx:Programme!E3`.
Location = int | CellRef


def location_order(location: Location | None) -> tuple[bool, int, str]:
    """A sort key for places in one file: the whole file first, then its lines in order, then its
    cells by name (a sheet's problems are at cells or at no place, and None and a str never compare)."""
    if isinstance(location, str):
        return True, 0, location
    return False, location or 0, ""


@dataclass(frozen=True)
class Problem:
    """One problem found in the sources, located as precisely as we can."""

    file: Path | str
    line: Location | None  # a line, or a sheet's cell; None: the whole file
    field: str
    message: str
    fix: str = ""

    def __str__(self) -> str:
        file = terminal_safe(self.file, one_line=True)
        where = f"{file}:{self.line}" if self.line else file
        field = f" {terminal_safe(self.field, one_line=True)}" if self.field else ""
        text = f"{where}:{field} {terminal_safe(shorten_quotes(self.message))}"
        if self.fix:
            text += "\n    " + _("fix: {fix}").format(fix=terminal_safe(self.fix))
        return text


@dataclass(frozen=True)
class MissingTranslation(Problem):
    """A text that prints untranslated in `languages`: one warning where it is, and one entry per
    language in the table of missing translations that `check` and the build end with."""

    languages: tuple[str, ...] = ()

    @classmethod
    def of(cls, problem: Problem, languages: tuple[str, ...]) -> MissingTranslation:
        return cls(problem.file, problem.line, problem.field, problem.message, problem.fix, languages)


class SafeMessage(click.ClickException):
    """A ClickException whose message reaches the terminal escaped (see terminal_safe), after
    "Error:" in the messages' language."""

    def format_message(self) -> str:
        return terminal_safe(super().format_message())

    def show(self, file=None) -> None:
        click.echo(_("Error: {message}").format(message=self.format_message()), file=file, err=file is None)


class SourceError(SafeMessage):
    """The sources hold one or more problems; nothing was built. Exit code 2."""

    exit_code = 2

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        heading = problems_heading(len(self.problems))
        super().__init__("\n".join([heading, *(str(p) for p in self.problems)]))


def problems_heading(count: int) -> str:
    """The line above the problems of the sources: '3 problems in the sources:'."""
    return ngettext("{count} problem in the sources:", "{count} problems in the sources:", count).format(count=count)


class RenderError(SafeMessage):
    """A document failed to render although its sources were valid. Exit code 1."""

    exit_code = 1


class UsageError(SafeMessage):
    """The command line asked for something that cannot be done. Exit code 2."""

    exit_code = 2


def failure_text(exc: BaseException) -> str:
    """An unexpected failure's first line for the log, the traceback after it for --debug."""
    return f"{type(exc).__name__}: {exc}\n{''.join(traceback.format_exception(exc))}"


# The table names this many places per language, then how many more: a line a reader can take in.
TABLE_PLACES = 5


def missing_translations_table(warnings: list[Problem]) -> str:
    """One line per language: how many texts print untranslated in it, and the first few places;
    '' when none does. `check` and the build end with it, after the warnings themselves."""
    by_language: dict[str, list[str]] = {}
    for warning in warnings:
        if isinstance(warning, MissingTranslation):
            where = f"{warning.file}:{warning.line}" if warning.line else str(warning.file)
            for code in warning.languages:
                by_language.setdefault(code, []).append(f"{where} {warning.field}".rstrip())
    if not by_language:
        return ""
    lines = [_("missing translations (the source language is printed instead; --strict makes them errors):")]
    for code, places in by_language.items():
        more = _(", and {count} more").format(count=len(places) - TABLE_PLACES) if len(places) > TABLE_PLACES else ""
        lines.append(f"  {code} {len(places)}: {', '.join(places[:TABLE_PLACES])}{more}")
    return "\n".join(lines)


def tell_warnings(warnings) -> None:
    """Each warning on its own line (or lines, with its fix), on the error stream."""
    for warning in warnings:
        click.echo(warning_line(warning), err=True)


def warning_line(warning: object) -> str:
    """'warning: …' in the messages' language, control characters escaped."""
    return _("warning: {warning}").format(warning=terminal_safe(warning))


def tell_missing_translations(warnings: list[Problem]) -> None:
    """The table of missing translations per language, after every warning (sources.check_translations)."""
    if table := missing_translations_table(warnings):
        click.echo(terminal_safe(table), err=True)
