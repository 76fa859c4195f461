"""The agenda templates `make-publication new` writes (`sources/agenda/exemple.xlsx` and `.ods` in a
French project): the agenda sheet's columns headed in the project's first language as the catalogues
name them (`Début`, `Titre (FR)`: the names headers.py reads back), one example row, nothing else.

Both files are the same bytes each time (fixed dates inside the archives and in the workbook), and
the sheet reader reads them back as an agenda of one day, one session (tests/test_new.py).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from ..load import load_yaml
from ..theme import theme_of
from .export import FIXED_TIME, SHEET_TITLE, fixed_archive
from .headers import PREFIX

# The template's columns, in order; True: one column per language of the project ("Titre (FR)").
COLUMNS: tuple[tuple[str, bool], ...] = (("date", False), ("start", False), ("end", False), ("kind", False))
# Speakers too: a role written once would print untranslated in the other languages (a warning).
COLUMNS += (("title", True), ("speakers", True), ("room", True))
# The example row: a date and times the reader takes as such; its texts are the catalogues' `template_…`.
EXAMPLE_DAY, EXAMPLE_START, EXAMPLE_END, EXAMPLE_KIND = dt.date(2026, 5, 12), dt.time(9, 30), dt.time(10, 30), "session"
TEXT_KEYS = {"title": "template_title", "room": "template_room", "speakers": "template_speaker"}
FILE_KEY = "template_file"  # the templates' file name, in the first language: exemple, example, Beispiel…
ENGLISH = {FILE_KEY: "example", "template_title": "Opening", "template_room": "Room 1"}
ENGLISH["template_speaker"] = "First name LAST NAME; role; organisation; FR"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


@dataclass(frozen=True)
class Template:
    """What a language's catalogue says of the template: its file name, each column's header, the texts."""

    file_stem: str
    headers: dict[str, str]  # column → its first name in the catalogue (column_title: Titre, Intitulé → Titre)
    words: dict[str, str]  # template_title, template_room, template_speaker


def catalogue_words(project: Path, lang: str) -> dict[str, str]:
    """The catalogue of `lang` in the project's theme (its own over the default's), as plain texts;
    empty when it cannot be read (the catalogue check names why)."""
    files = [f for f in theme_of(project).files("layouts/messages") if f.parent.name == "messages" and f.stem == lang]
    doc, problems = load_yaml(files[0]) if files else (None, [])
    if doc is None or problems or not isinstance(doc.data, dict):
        return {}
    return {str(k): v for k, v in doc.data.items() if isinstance(v, str)}


def template_of(project: Path, lang: str) -> Template:
    """The template in `lang`, English where its catalogue has no word (a header falls back to the
    column's English name, which the reader always takes)."""
    own, english = catalogue_words(project, lang), catalogue_words(project, "en")
    word = lambda key: own.get(key) or english.get(key) or ENGLISH[key]  # noqa: E731
    headers = {base: (own.get(PREFIX + base) or base).split(",")[0].strip() or base for base, _ in COLUMNS}
    return Template(word(FILE_KEY), headers, {key: word(key) for key in TEXT_KEYS.values()})


def _same_person(first: str, own: str) -> str:
    """The example speaker in one language's column: the first language's name and country, which
    the reader requires to be the same in every column, with this language's role and organisation."""
    first_parts, own_parts = first.split(";"), own.split(";")
    if len(first_parts) != 4 or len(own_parts) != 4:  # a catalogue's own shape: the first language's line
        return first
    return ";".join([first_parts[0], own_parts[1], own_parts[2], first_parts[3]])


def template_table(templates: dict[str, Template]) -> tuple[list[str], list[Any]]:
    """The header row (in the first language's words) and the example row: a per-language column once
    per language of the project, `Titre (FR)`, `Titre (EN)`, each with that language's example text."""
    first = next(iter(templates.values()))
    header: list[str] = []
    row: list[Any] = []
    values = {"date": EXAMPLE_DAY, "start": EXAMPLE_START, "end": EXAMPLE_END, "kind": EXAMPLE_KIND}
    for base, per_language in COLUMNS:
        name = first.headers[base]
        if per_language:
            header += [f"{name} ({code.upper()})" for code in templates]
            words = [template.words[TEXT_KEYS[base]] for template in templates.values()]
            row += [_same_person(words[0], own) for own in words] if base == "speakers" else words
        else:
            header.append(name)
            row.append(values.get(base) or first.words[TEXT_KEYS[base]])
    return header, row


def template_xlsx(header: list[str], row: list[Any]) -> bytes:
    """The template as an Excel workbook: header bold and frozen, the date and times as the sheet's own."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    sheet.append(header)
    sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cell in sheet[2]:
        if isinstance(cell.value, dt.date):
            cell.number_format = "yyyy-mm-dd"
        elif isinstance(cell.value, dt.time):
            cell.number_format = "hh:mm"
    for index, name in enumerate(header, 1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(name) + 2, len(str(row[index - 1])) + 2)
    sheet.freeze_panes = "A2"
    return fixed_archive(book, "make-publication new")


ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" office:version="1.3"'
)
# The date shown as 2026-05-12 and the times as 09:30, as the XLSX shows them; the header bold.
ODS_STYLES = (
    '<number:date-style style:name="N1"><number:year number:style="long"/><number:text>-</number:text>'
    '<number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/>'
    "</number:date-style>"
    '<number:time-style style:name="N2"><number:hours number:style="long"/><number:text>:</number:text>'
    '<number:minutes number:style="long"/></number:time-style>'
    '<style:style style:name="date" style:family="table-cell" style:data-style-name="N1"/>'
    '<style:style style:name="time" style:family="table-cell" style:data-style-name="N2"/>'
    '<style:style style:name="header" style:family="table-cell"><style:text-properties fo:font-weight="bold"/>'
    "</style:style>"
)
ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def ods_cell(value: object, header: bool = False) -> str:
    """One cell as LibreOffice writes it: typed (a date, a time, a text), its text as a paragraph."""
    if isinstance(value, dt.date):
        typed, shown = f'table:style-name="date" office:value-type="date" office:date-value="{value}"', f"{value}"
    elif isinstance(value, dt.time):
        typed = f'table:style-name="time" office:value-type="time" office:time-value="PT{value:%H}H{value:%M}M00S"'
        shown = f"{value:%H:%M}"
    else:
        style = 'table:style-name="header" ' if header else ""
        typed, shown = f'{style}office:value-type="string"', str(value)
    return f"<table:table-cell {typed}><text:p>{escape(shown)}</text:p></table:table-cell>"


def template_ods(header: list[str], row: list[Any]) -> bytes:
    """The template as a LibreOffice sheet: the `mimetype` member first and stored (how ODF files say
    what they are), then the manifest and the content, every member dated FIXED_TIME."""
    rows = "".join(
        f"<table:table-row>{''.join(ods_cell(value, header=r == 0) for value in values)}</table:table-row>"
        for r, values in enumerate((header, row))
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {ODS_NAMESPACES}>'
        f"<office:automatic-styles>{ODS_STYLES}</office:automatic-styles><office:body><office:spreadsheet>"
        f'<table:table table:name={quoteattr(SHEET_TITLE)}><table:table-column table:number-columns-repeated="{len(header)}"/>'
        f"{rows}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    stamp = FIXED_TIME.timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype", stamp), ODS_MIMETYPE, zipfile.ZIP_STORED)
        archive.writestr(zipfile.ZipInfo("META-INF/manifest.xml", stamp), ODS_MANIFEST, zipfile.ZIP_DEFLATED)
        archive.writestr(zipfile.ZipInfo("content.xml", stamp), content.encode(), zipfile.ZIP_DEFLATED)
    return out.getvalue()


def agenda_templates(project: Path, languages: list[str]) -> dict[str, bytes]:
    """The templates in the project's first language: `agenda/<file name>.xlsx` and `.ods` → bytes."""
    templates = {code: template_of(project, code) for code in dict.fromkeys(languages)}
    header, row = template_table(templates)
    stem = f"agenda/{templates[languages[0]].file_stem}"
    return {f"{stem}.xlsx": template_xlsx(header, row), f"{stem}.ods": template_ods(header, row)}
