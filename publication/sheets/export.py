"""A YAML agenda written as a sheet (`make-publication export-agenda`), for a team to start from:
the columns the agenda uses, one row per item (a parallel session on its own row, kind
`parallel`), real dates and times, widths to fit, the header row frozen; the same bytes each time.
Reading the sheet back gives the same agenda (tests/test_sheets.py builds both and compares PDFs).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from typing import Any

from .agenda import PARALLEL
from .table import FORMULA_START

SHEET_TITLE = "Programme"
TEXTS = ("day_title", "track", "title", "description", "room", "meeting_point")
PEOPLE = ("chair", "speakers")
ORDER = (
    "date",
    "day_title",
    "start",
    "end",
    "when",
    "kind",
    "code",
    "track",
    "title",
    "description",
    "chair",
    "chair_role",
    "speakers",
    "room",
    "meeting_point",
)
ALWAYS = ("date", "start", "end", "kind", "title")  # the columns a team fills in first, even if empty here

FIXED_TIME = dt.datetime(2000, 1, 1)  # written as the workbook's dates and the archive's: same bytes each time


def languages_of(rows: list[dict]) -> list[str]:
    """Every language code of the rows' texts, in the order they first appear."""
    found: dict[str, None] = {}
    for row in rows:
        texts = [row.get(base) for base in TEXTS]
        for person in (p for base in PEOPLE for p in _people(row.get(base))):
            named = isinstance(person, dict) and "name" in person
            texts += [person.get("role"), person.get("organisation")] if named else [person]
        for text in texts:
            if isinstance(text, dict):
                found.update(dict.fromkeys(text))
    return list(found)


def agenda_rows(days: list[dict]) -> list[dict[str, Any]]:
    """One dict per row: a day's items, each followed by its parallel sessions."""
    rows = []
    for day in days:
        first = True
        for item in day.get("sessions") or []:
            row = {key: item.get(key) for key in ORDER if key in item and key != "parallel"}
            row["date"] = day["date"]
            if first and day.get("title") is not None:
                row["day_title"] = day["title"]
            first = False
            rows.append(row)
            for session in item.get("parallel") or []:
                rows.append(
                    {
                        **{key: session.get(key) for key in ORDER if key in session},
                        "date": day["date"],
                        "kind": PARALLEL,
                    }
                )
    return rows


def _person_line(person: Any, lang: str | None) -> str:
    """`Name; role; organisation; country` in one language, or the free text as it is."""
    if not isinstance(person, dict) or "name" not in person:
        return _in(person, lang)
    parts = [
        person["name"],
        _in(person.get("role"), lang),
        _in(person.get("organisation"), lang),
        person.get("country") or "",
    ]
    while len(parts) > 2 and not parts[-1]:
        parts.pop()
    return "; ".join(parts).rstrip()


def _in(text: Any, lang: str | None) -> str:
    """A text in one language: the text for every language, or that language's (None: the neutral one)."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    return text.get(lang, "") if lang else ""


def columns_of(rows: list[dict], languages: list[str]) -> list[tuple[str, str, str | None]]:
    """(header, base, language) for each column the rows use, in the usual order."""
    per_language_people = any(
        isinstance(part, dict) and "name" not in part
        for row in rows
        for base in PEOPLE
        for person in _people(row.get(base))
        for part in (
            [person]
            if not isinstance(person, dict) or "name" not in person
            else [person.get("role"), person.get("organisation")]
        )
    )
    columns: list[tuple[str, str, str | None]] = []
    for base in ORDER:
        values = [row.get(base) for row in rows if row.get(base) is not None]
        if base in PEOPLE and values:
            columns += (
                [(f"{base}_{lang}", base, lang) for lang in languages] if per_language_people else [(base, base, None)]
            )
        elif base in TEXTS or base == "title":
            if any(isinstance(v, str) for v in values):
                columns.append((base, base, None))
            if any(isinstance(v, dict) for v in values) or (base in ALWAYS and not values):
                columns += [(f"{base}_{lang}", base, lang) for lang in languages]
        elif values or base in ALWAYS:
            columns.append((base, base, None))
    return columns


def _people(value: Any) -> list[Any]:
    return value if isinstance(value, list) else ([] if value is None else [value])


def cell_value(row: dict, base: str, lang: str | None) -> Any:
    value = row.get(base)
    if base in PEOPLE:
        return "\n".join(_person_line(person, lang) for person in _people(value)) or None
    if isinstance(value, dict):
        return value.get(lang) if lang else None
    if lang is not None:  # a per-language column, for a row whose text is the same in all
        return None
    return value


def table_of(days: list[dict], languages: tuple[str, ...] = ()) -> tuple[list[str], list[list[Any]]]:
    """The header and the rows of the agenda's sheet, as text; an agenda with no text in any language
    (an empty one) gets the columns of `languages`, the ones it is published in."""
    rows = agenda_rows(days)
    columns = columns_of(rows, languages_of(rows) or list(languages))
    return [header for header, _, _ in columns], [
        [cell_value(row, base, lang) for _, base, lang in columns] for row in rows
    ]


def to_csv(days: list[dict], languages: tuple[str, ...] = ()) -> bytes:
    """The agenda as CSV: UTF-8 with a byte-order mark (so Excel reads the accents), `,` between cells."""
    header, rows = table_of(days, languages)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([["" if v is None else as_csv_text(v) for v in row] for row in rows])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def as_csv_text(value: Any) -> Any:
    """A text a spreadsheet would take for a formula, after an apostrophe (csvfile.as_read removes it)."""
    return f"'{value}" if isinstance(value, str) and FORMULA_START.match(value) else value


def to_xlsx(days: list[dict], languages: tuple[str, ...] = ()) -> bytes:
    """The agenda as an Excel workbook: real dates and times, wrapped text, widths to fit, header frozen."""
    import openpyxl
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    header, rows = table_of(days, languages)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_typed(name, value) for name, value in zip(header, row, strict=True)])
    for cells in sheet.iter_rows(min_row=2, max_col=len(header)):
        for cell, name in zip(cells, header, strict=True):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, even if it starts with `=`: openpyxl would write it as a formula
            if name == "date":
                cell.number_format = "yyyy-mm-dd"
            elif name in ("start", "end"):
                cell.number_format = "hh:mm"
    for index, width in enumerate(_widths(header, rows), 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    return fixed_archive(book, "make-publication export-agenda")


def _widths(header: list[str], rows: list[list[Any]]) -> list[int]:
    """Each column as wide as its longest line, within 8 and 60 characters."""
    return [
        min(
            max(max([len(name)] + [len(line) for row in rows if row[i] for line in str(row[i]).split("\n")]) + 2, 8), 60
        )
        for i, name in enumerate(header)
    ]


def _typed(name: str, value: Any) -> Any:
    """Dates and times as the spreadsheet's own, so that it sorts and shows them as such."""
    if value is None:
        return None
    if name == "date":
        return dt.date.fromisoformat(value)
    if name in ("start", "end"):
        return dt.time.fromisoformat(value)
    return value


def fixed_archive(book: Any, creator: str) -> bytes:
    """The workbook saved as a zip with fixed dates on its members and as the workbook's last
    change: openpyxl stamps both with the clock when it saves."""
    book.properties.created = book.properties.modified = FIXED_TIME
    book.properties.creator = creator
    saved = io.BytesIO()
    book.save(saved)
    data = saved.getvalue()
    out = io.BytesIO()
    modified = f"{FIXED_TIME:%Y-%m-%dT%H:%M:%SZ}</dcterms:modified>".encode()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"[0-9T:Z-]+</dcterms:modified>", modified, content)
            target.writestr(member, content)
    return out.getvalue()
