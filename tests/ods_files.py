"""ODS files written as LibreOffice Calc saves them, for the tests: the `mimetype` member first and
stored, the manifest, `content.xml` with typed cells (office:value-type), a merged range as a spanned
cell and covered cells, empty cells and rows repeated, and the empty rows LibreOffice writes down to
row 1,048,576 below a sheet whose rows were formatted."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3"'
)
MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)
FORMATTED_ROWS_BELOW = (
    '<table:table-row table:number-rows-repeated="1048560"><table:table-cell table:number-columns-repeated="1024"/>'
    "</table:table-row>"
)


def cell(value: Any, span: tuple[int, int] = (1, 1)) -> str:
    """One cell as Calc writes it: its type, its value, its text as paragraphs."""
    spans = f' table:number-rows-spanned="{span[0]}" table:number-columns-spanned="{span[1]}"' if span != (1, 1) else ""
    if value is None:
        return f"<table:table-cell{spans}/>"
    if isinstance(value, bool):
        typed = f'office:value-type="boolean" office:boolean-value="{str(value).lower()}"'
    elif isinstance(value, (int, float)):
        typed = f'office:value-type="float" office:value="{value}"'
    elif isinstance(value, dt.date):
        typed = f'office:value-type="date" office:date-value="{value.isoformat()}"'
    elif isinstance(value, dt.time):
        typed = f'office:value-type="time" office:time-value="PT{value.hour:02d}H{value.minute:02d}M00S"'
    else:
        typed = 'office:value-type="string"'
    paragraphs = "".join(f"<text:p>{_spaces(line)}</text:p>" for line in str(value).split("\n"))
    return f"<table:table-cell {typed}{spans}>{paragraphs}</table:table-cell>"


def _spaces(line: str) -> str:
    """Calc writes a run of spaces after the first as <text:s text:c="n"/>."""
    out, run = [], 0
    for char in line + "\0":
        if char == " ":
            run += 1
            continue
        if run:
            out.append(" " + (f'<text:s text:c="{run - 1}"/>' if run > 1 else ""))
            run = 0
        out.append(escape(char) if char != "\0" else "")
    return "".join(out)


def content(sheets: dict[str, str]) -> bytes:
    """content.xml holding these sheets (name → the XML of its rows)."""
    tables = "".join(
        f'<table:table table:name={quoteattr(name)}><table:table-column table:number-columns-repeated="1024"/>'
        f"{rows}</table:table>"
        for name, rows in sheets.items()
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {NAMESPACES}><office:body>'
        f"<office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"
    ).encode()


def rows_xml(header: list, rows: list[list], merged: dict[tuple[int, int], tuple[int, int]] | None = None) -> str:
    """The rows' XML; `merged` maps (row, column) of a range's first cell (from 0, the header row 0)
    to its (rows, columns), the cells it covers written as covered cells."""
    merged = merged or {}
    covered = {(r + dr, c + dc) for (r, c), (h, w) in merged.items() for dr in range(h) for dc in range(w) if dr or dc}
    out = []
    for r, values in enumerate([header, *rows]):
        cells = [
            "<table:covered-table-cell/>" if (r, c) in covered else cell(v, merged.get((r, c), (1, 1)))
            for c, v in enumerate(values)
        ]
        out.append(
            f'<table:table-row>{"".join(cells)}<table:table-cell table:number-columns-repeated="1000"/>'
            "</table:table-row>"
        )
    return "".join(out) + FORMATTED_ROWS_BELOW


def ods_bytes(
    content_xml: bytes, extra: dict[str, bytes] | None = None, mimetype: bytes | None = None, manifest: str = MANIFEST
) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), mimetype or b"application/vnd.oasis.opendocument.spreadsheet"
        )  # stored, first: how ODF files say what they are
        archive.writestr("content.xml", content_xml, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        for name, data in (extra or {}).items():
            archive.writestr(name, data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def write_ods(path: Path, header: list, rows: list[list], sheet: str = "Programme", merged=None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(ods_bytes(content({sheet: rows_xml(header, rows, merged)})))
