"""Hostile workbooks, written member by member (no spreadsheet library): what a host's agenda could
be made of to stall `check`. Each function returns the bytes of a small .xlsx file; the tests
(test_sheets.py) and the benchmark (benchmarks/run.py, section k) read them with the bounds on.
"""

from __future__ import annotations

import io
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>date</t></is></c><c r="B1" t="inlineStr"><is><t>title</t></is></c></row>'
)
DAY_ROW = '<row r="2"><c r="A2" t="inlineStr"><is><t>2017-01-25</t></is></c><c r="B2" t="inlineStr"><is><t>Accueil</t></is></c></row>'


def worksheet(rows: str = HEADER_ROW + DAY_ROW, after: str = "", before: str = "") -> str:
    return f'<worksheet xmlns="{MAIN}">{before}<sheetData>{rows}</sheetData>{after}</worksheet>'


def workbook(
    sheet: str | None = None,
    styles: str | None = None,
    strings: str | None = None,
    sheets: list[tuple[str, str, str]] | None = None,
    extra: dict[str, bytes | str] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """An XLSX of the given parts: `sheets` as (name, state, XML), or one visible `sheet` named Programme."""
    sheets = sheets or [("Programme", "visible", sheet or worksheet())]
    listed = "".join(
        f'<sheet name="{name}" sheetId="{i + 1}" state="{state}" r:id="rId{i + 1}"/>'
        for i, (name, state, _) in enumerate(sheets)
    )
    rels = "".join(
        f'<Relationship Id="rId{i + 1}" Type="{DOC}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
        for i in range(len(sheets))
    )
    members: dict[str, bytes | str] = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "_rels/.rels": f'<Relationships xmlns="{RELS}"><Relationship Id="r1" '
        f'Type="{DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets>{listed}</sheets></workbook>',
    }
    if styles is not None:
        rels += f'<Relationship Id="rS" Type="{DOC}/styles" Target="styles.xml"/>'
        members["xl/styles.xml"] = styles
    if strings is not None:
        rels += f'<Relationship Id="rT" Type="{DOC}/sharedStrings" Target="sharedStrings.xml"/>'
        members["xl/sharedStrings.xml"] = strings
    members["xl/_rels/workbook.xml.rels"] = f'<Relationships xmlns="{RELS}">{rels}</Relationships>'
    members.update({f"xl/worksheets/sheet{i + 1}.xml": xml for i, (_, _, xml) in enumerate(sheets)})
    members.update(extra or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def merged_everything() -> bytes:
    """A few kilobytes whose sheet merges every cell Excel has: A1:XFD1048576."""
    return workbook(worksheet(after='<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'))


def many_formats(count: int = 1_000_000) -> bytes:
    """A million cell formats in a few kilobytes of zip."""
    xfs = "<xf/>" * count
    return workbook(styles=f'<styleSheet xmlns="{MAIN}"><cellXfs count="{count}">{xfs}</cellXfs></styleSheet>')


def declared_bzip2(members: int = 2000, declared: int = 67_000_000) -> bytes:
    """Many bzip2 members, each declaring 67 MB (134 GB in all): the central directory lies."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_BZIP2) as archive:
        for index in range(members):
            archive.writestr(f"xl/media/image{index}.bin", bytes(64))
    raw = bytearray(out.getvalue())
    start = raw.rfind(b"PK\x05\x06")
    offset = int.from_bytes(raw[start + 16 : start + 20], "little")
    for _ in range(members):  # each central directory entry: its uncompressed size at +24
        raw[offset + 24 : offset + 28] = declared.to_bytes(4, "little")
        name_length, extra, comment = (int.from_bytes(raw[offset + k : offset + k + 2], "little") for k in (28, 30, 32))
        offset += 46 + name_length + extra + comment
    return bytes(raw)


def lying_member(size: int = 30_000_000) -> bytes:
    """A sheet member that declares a few hundred bytes and unpacks to `size` (zeros after its XML)."""
    raw = bytearray(workbook(worksheet() + " " * size))
    start = raw.rfind(b"PK\x05\x06")
    offset = int.from_bytes(raw[start + 16 : start + 20], "little")
    while raw[offset : offset + 4] == b"PK\x01\x02":
        name_length, extra, comment = (int.from_bytes(raw[offset + k : offset + k + 2], "little") for k in (28, 30, 32))
        if raw[offset + 46 : offset + 46 + name_length].endswith(b"sheet1.xml"):
            raw[offset + 24 : offset + 28] = (400).to_bytes(4, "little")
        offset += 46 + name_length + extra + comment
    return bytes(raw)


def many_cells(count: int = 1_000_000) -> bytes:
    """A million formatted, empty cells, one per row: a sheet styled far below its table."""
    rows = '<row><c s="1"/></row>' * count
    return workbook(worksheet(HEADER_ROW + DAY_ROW + rows))


def many_strings(count: int = 1_000_000) -> bytes:
    return workbook(strings=f'<sst xmlns="{MAIN}">' + "<si><t>x</t></si>" * count + "</sst>")


def long_cell(characters: int = 1_000_000) -> bytes:
    """A title cell of a million characters (the file, zipped, is a few kilobytes)."""
    row = f'<row r="2"><c r="A2" t="inlineStr"><is><t>2017-01-25</t></is></c><c r="B2" t="inlineStr"><is><t>{"x" * characters}</t></is></c></row>'
    return workbook(worksheet(HEADER_ROW + row))


def many_elements(count: int = 3_000_000) -> bytes:
    """Elements no reader needs (a million column widths), the sheet itself small."""
    return workbook(worksheet(before="<cols>" + "<col/>" * count + "</cols>"))


def deep_text(count: int = 5_000) -> bytes:
    """Many cells each naming the same long shared text: the whole is more text than a source may hold."""
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="s"><v>1</v></c><c r="B{r}" t="s"><v>0</v></c></row>' for r in range(2, count)
    )
    strings = f'<sst xmlns="{MAIN}"><si><t>{"y" * 30_000}</t></si><si><t>2017-01-25</t></si></sst>'
    return workbook(worksheet(HEADER_ROW + rows), strings=strings)


BOMBS = {
    "merged A1:XFD1048576": merged_everything,
    "a million cell formats": many_formats,
    "2,000 bzip2 members declaring 134 GB": declared_bzip2,
    "a member lying about its size": lying_member,
    "a million formatted empty cells": many_cells,
    "a million shared texts": many_strings,
    "a cell of a million characters": long_cell,
    "three million unneeded elements": many_elements,
    "5,000 cells of 30,000 characters": deep_text,
}
