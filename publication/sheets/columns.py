"""What a sheet's columns are: header names matched without case or accents (`TITLE_FR`,
`Meeting point`), in English or as the message catalogues name them in the team's languages
(`Début`, `Titre (FR)`: headers.py), one problem naming the unknown ones with a did-you-mean over
both, and each cell's value as the sources' text (dates as 2017-05-18, times as 09:30), so that the
schema checks a sheet as it checks YAML.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Any

from ..errors import Problem
from ..messages import _
from .table import Cell, Table, from_serial

LANGUAGE_SUFFIX = re.compile(r"^(.+)_([a-z]{2,3})$")
NUMBERED = re.compile(r"^(speaker)_?(\d+)$")  # separate speaker columns: speaker_1, Speaker 2…
DMY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")  # 18/05/2017, as European spreadsheets show dates
ISO_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T]00:00(?::00)?)?$")
CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::00)?$")


def normalise(header: str) -> str:
    """'Meeting point' → meeting_point, 'Titre (FR)' → titre_fr, 'Durée' → duree, 'Αίθουσα' → αιθουσα."""
    letters = "".join(c for c in unicodedata.normalize("NFKD", str(header)) if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", "_", letters.casefold()).strip("_")


@dataclass(frozen=True)
class Column:
    cell: Cell  # the header cell
    name: str  # the header as written
    base: str  # what it holds: title, start, speakers…
    lang: str | None  # title_fr → fr; None for every language
    order: int = 0  # speaker_2 → 2; 0 for `speakers`


@dataclass(frozen=True)
class Spec:
    """The columns one kind of sheet knows: which may be given per language, which hold dates, times."""

    known: tuple[str, ...]
    per_language: frozenset[str]
    dates: frozenset[str] = frozenset()
    times: frozenset[str] = frozenset()
    required: tuple[str, ...] = ()
    # Other names of the columns, from the catalogues: normalised name → (column, the name as written).
    names: dict[str, tuple[str, str, bool]] = field(default_factory=dict, compare=False, hash=False)

    def named(self, names: dict[str, tuple[str, str, bool]] | None) -> Spec:
        """This spec, also knowing the catalogues' names of its columns."""
        return replace(self, names={k: v for k, v in (names or {}).items() if v[0] in self.known})

    def base_of(self, key: str) -> str | None:
        """The column a normalised header names: its English name, or one of the catalogues'."""
        return key if key in self.known else self.names.get(key, (None, "", False))[0]


def parse_header(table: Table, spec: Spec) -> tuple[list[Column | None], list[Problem]]:
    """The header's columns (None for an empty header cell), and a problem for each unknown or repeated one."""
    columns: list[Column | None] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, str | None, int], Column] = {}
    unknown: list[tuple[Cell, str]] = []
    for cell in table.header:
        name = "" if cell.value is None else str(cell.value).strip()
        column = _column(cell, name, spec) if name else None
        if name and column is None:
            unknown.append((cell, name))
        elif column is not None and (column.base, column.lang, column.order) in seen:
            first = seen[(column.base, column.lang, column.order)]
            problems.append(
                Problem(
                    table.file,
                    cell.ref,
                    "",
                    _("column '{name}' is given twice (first in {first})").format(name=name, first=first.cell.ref),
                    _("keep one of the two columns"),
                )
            )
            column = None
        elif column is not None:
            seen[(column.base, column.lang, column.order)] = column
        columns.append(column)
    if unknown and any(columns):
        problems.insert(0, _unknown(table, unknown, spec))
    if table.header and not any(columns):  # a title above the table, or a sheet of something else
        written = next((str(c.value).strip() for c in table.header if c.value is not None), "")
        return columns, [
            Problem(
                table.file,
                table.header[0].ref,
                "",
                _("the first row holds no column name (it reads '{text}')").format(text=written[:40]),
                _(
                    "make the first row the column names ({columns}…): delete the rows above the table, or name "
                    "the right worksheet after # in the YAML"
                ).format(columns=", ".join(spec.known[:5])),
            )
        ]
    for required in spec.required:
        if not any(c and c.base == required for c in columns):
            start = table.header[0].ref if table.header else None
            problems.append(
                Problem(
                    table.file,
                    start,
                    "",
                    _("has no '{required}' column").format(required=required),
                    _("add a column headed '{required}'{others}").format(
                        required=required, others=_also(spec, required)
                    ),
                )
            )
    return columns, problems


def _column(cell: Cell, name: str, spec: Spec) -> Column | None:
    key = normalise(name)
    base = spec.base_of(key)
    if base:
        return Column(cell, name, base, None)
    numbered = NUMBERED.match(key)
    if numbered and "speakers" in spec.known:
        return Column(cell, name, "speakers", None, int(numbered[2]))
    match = LANGUAGE_SUFFIX.match(key)
    base = spec.base_of(match[1]) if match else None
    if match and base in spec.per_language:
        return Column(cell, name, str(base), match[2])
    numbered = NUMBERED.match(match[1]) if match else None
    if match and numbered and "speakers" in spec.known:
        return Column(cell, name, "speakers", match[2], int(numbered[2]))
    return None


def _unknown(table: Table, unknown: list[tuple[Cell, str]], spec: Spec) -> Problem:
    """One problem for every unknown column of the header, each with its did-you-mean; the names
    the sheet may use listed once."""
    if len(unknown) == 1:
        (cell, name), guess = unknown[0], _did_you_mean(unknown[0][1], spec)
        fix = _("{guess} If not, rename or delete it").format(guess=guess) if guess else _("rename or delete it")
        return Problem(
            table.file,
            cell.ref,
            "",
            _("unknown column '{name}'").format(name=name),
            _("{fix}; {columns}").format(fix=fix, columns=allowed(spec)),
        )
    said = []
    for cell, name in unknown:
        guess = _did_you_mean(name, spec)
        said.append(f"'{name}' ({cell.ref.rpartition('!')[2]}{': ' + guess if guess else ''})")
    return Problem(
        table.file,
        unknown[0][0].ref,
        "",
        _("{count} unknown columns: {columns}").format(count=len(unknown), columns=", ".join(said)),
        _("rename or delete them; {columns}").format(columns=allowed(spec)),
    )


def _also(spec: Spec, base: str) -> str:
    """' (or Date, Jour)': the catalogues' names of a column."""
    names = sorted({written for b, written, _first in spec.names.values() if b == base and normalise(written) != base})
    return _(" (or {names})").format(names=", ".join(names)) if names else ""


def _did_you_mean(name: str, spec: Spec) -> str:
    """ "did you mean 'Titre FR'?" over the English names and the catalogues', with the language kept."""
    key = normalise(name)
    match = LANGUAGE_SUFFIX.match(key)
    stem, lang = (match[1], match[2]) if match else (key, None)
    if match and stem in spec.known and stem not in spec.per_language:
        return _("'{stem}' is the same in every language: head the column '{stem}'.").format(stem=stem)
    written = {k: v[1] for k, v in spec.names.items()} | {k: k for k in spec.known}
    for candidate, language in ([(stem, lang)] if lang else []) + [(key, None)]:
        close = difflib.get_close_matches(candidate, written, n=1, cutoff=0.6)
        if close and language and spec.base_of(close[0]) in spec.per_language:
            english = close[0] in spec.known
            suffix = f"_{language}" if english else f" {language.upper()}"
            return _("did you mean '{suggestion}'?").format(suggestion=f"{written[close[0]]}{suffix}")
        if close and not language:
            return _("did you mean '{suggestion}'?").format(suggestion=written[close[0]])
    return ""


def allowed(spec: Spec) -> str:
    """The columns a sheet may have, each with its names in the catalogues: said once per problem."""
    others: dict[str, list[str]] = {}
    for key, (base, written, first) in spec.names.items():
        if first and key != base and written not in others.setdefault(base, []):
            others[base].append(written)
    listed = [f"{base} ({', '.join(others[base])})" if others.get(base) else base for base in spec.known]
    translated = ", ".join(sorted(spec.per_language & set(spec.known)))
    return _("the columns are: {columns}; {translated} may be given per language (Titre FR, title_en)").format(
        columns=_("; ").join(listed), translated=translated
    )


def as_text(value: Any) -> str:
    """A cell's value as the sources write it: text stripped, 2016.0 as 2016, line breaks as \\n."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:  # 1e300 stays 1e+300, not 301 digits
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def as_day(value: Any, epoch: Any) -> str:
    """A date cell (a date, an Excel serial number, or text) as 2017-05-18; other text as it is (a
    number no date can be, 20160921, stays that number: the schema names it at its cell)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = from_serial(value, epoch) or value
    if isinstance(value, (dt.datetime, dt.date)):
        return (value.date() if isinstance(value, dt.datetime) else value).isoformat()
    text = as_text(value)
    if match := DMY.match(text):
        return f"{match[3]}-{int(match[2]):02d}-{int(match[1]):02d}"
    if match := ISO_DAY.match(text):
        return match[1]
    return text


def as_clock(value: Any) -> str:
    """A time cell (a time, a fraction of a day, or text like 9:30) as 09:30; other text as it is."""
    if isinstance(value, dt.datetime):
        value = value.time()
    if isinstance(value, dt.timedelta):  # a duration ([h]:mm) within a day is a time of day
        minutes = round(value.total_seconds() / 60)
        if not 0 <= minutes < 24 * 60:
            return f"{'-' if minutes < 0 else ''}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
        value = dt.time(minutes // 60, minutes % 60)
    if isinstance(value, float) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        value = dt.time(minutes // 60 % 24, minutes % 60)
    if isinstance(value, dt.time):
        return f"{value.hour:02d}:{value.minute:02d}"
    text = as_text(value)
    if match := CLOCK.match(text):
        return f"{int(match[1]):02d}:{match[2]}"
    return text


def cell_text(column: Column, cell: Cell, spec: Spec, epoch: Any) -> str:
    """The text of a cell, read the way its column wants."""
    if column.base in spec.dates:
        return as_day(cell.value, epoch)
    if column.base in spec.times:
        return as_clock(cell.value)
    return as_text(cell.value)
