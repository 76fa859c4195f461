"""Random spreadsheets, valid, damaged and oversized, read as an agenda and as a partner list: every
outcome is a table or located problems, never an exception (issue 22: no internal error for a file).

The bounds are made small for these tests, so that an oversized file is a few kilobytes and each
example takes milliseconds; the real bounds are exercised by test_hostile_inputs.py's bombs.
"""

from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from pathlib import Path
from unittest import mock
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import publication.sheets.bounds as bounds
from publication.errors import Problem
from publication.sheets import read_table
from publication.sheets.agenda import agenda_from_table
from publication.sheets.partners import partners_from_table
from tests.sheet_bombs import MAIN, workbook, worksheet

SMALL_BOUNDS = {
    "MAX_ROWS": 20,
    "MAX_COLUMNS": 8,
    "MAX_CELLS": 80,
    "MAX_MERGED_CELLS": 60,
    "MAX_STYLES": 12,
    "MAX_STRINGS": 12,
    "MAX_XML_ELEMENTS": 600,
    "MAX_TEXT_CHARACTERS": 3000,
    "MAX_CELL_CHARACTERS": 200,
}
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
COLUMNS = ["date", "start", "end", "kind", "title", "title_fr", "speakers", "room", "id", "name", "city", "Titel"]

texts = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["2017-01-25", "25/01/2017", "09:00", "9h", "parallel", "break", "A; b; c; FI", "=A1+1", "+33 1"]),
    st.text(alphabet="ab\x1b\x00\x07\r\n;", max_size=8),
    st.integers(0, 300).map(lambda n: "x" * n),
)
numbers = st.one_of(
    st.integers(-(10**9), 10**9),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([20160921, 3e6, 1e300, -0.5, 42760.375, 0.999999]),
)
FORMATS = ["General", "yyyy-mm-dd", "hh:mm", "[h]:mm", "d/m/yyyy h:mm", "0.00", "@", "[$-F400]h:mm:ss AM/PM"]


@st.composite
def cell_xml(draw, row: int, column: int) -> str:
    odd = draw(st.integers(0, 40)) == 0  # rarely: a cell name no program writes (the sheet is then damaged)
    name = (
        draw(st.sampled_from(["ZZZZ99999999", "A0", "B"]))
        if odd
        else draw(st.sampled_from([f"{chr(65 + column)}{row}", ""]))
    )
    ref = f' r="{name}"' if name else ""
    style = draw(st.sampled_from(["", ' s="0"', ' s="1"', ' s="2"', ' s="99"', ' s="-1"']))
    kind = draw(st.sampled_from(["inline", "number", "shared", "bool", "error", "formula", "empty"]))
    if kind == "inline":
        text = draw(texts).replace("\x1b", "_x001B_").replace("\x00", "_x0000_").replace("\x07", "_x0007_")
        return f'<c{ref} t="inlineStr"><is><t>{escape(text.replace(chr(13), ""))}</t></is></c>'
    if kind == "number":
        return f"<c{ref}{style}><v>{draw(numbers)}</v></c>"
    if kind == "shared":
        return f'<c{ref} t="s"><v>{draw(st.sampled_from(["0", "1", "5", "-1", "x", "99999999999"]))}</v></c>'
    if kind == "bool":
        return f'<c{ref} t="b"><v>{draw(st.sampled_from(["0", "1", "2", ""]))}</v></c>'
    if kind == "error":
        return f'<c{ref} t="e"><v>#REF!</v></c>'
    if kind == "formula":
        return f"<c{ref}><f>B2+1</f></c>"
    return f"<c{ref}{style}/>"


@st.composite
def sheet_xml(draw) -> str:
    rows = []
    for number in range(1, draw(st.integers(0, 14)) + 1):
        hidden = ' hidden="1"' if draw(st.integers(0, 6)) == 0 else ""
        width = draw(st.integers(0, 7))
        rows.append(f'<row r="{number}"{hidden}>' + "".join(draw(cell_xml(number, c)) for c in range(width)) + "</row>")
    merges = draw(
        st.lists(st.sampled_from(["A2:A4", "B1:C1", "A1:XFD1048576", "A1", "C3:A1", "Z", "A2:B30"]), max_size=3)
    )
    after = f'<mergeCells count="{len(merges)}">' + "".join(f"<mergeCell ref={quoteattr(m)}/>" for m in merges)
    return worksheet("".join(rows), after=after + "</mergeCells>" if merges else "")


@st.composite
def xlsx_files(draw) -> bytes:
    header = "".join(f'<c t="inlineStr"><is><t>{name}</t></is></c>' for name in draw(st.permutations(COLUMNS))[:6])
    sheets = [
        (f"S{i}", draw(st.sampled_from(["visible", "hidden", "veryHidden"])), draw(sheet_xml())) for i in range(3)
    ]
    first_name, first_state, first = sheets[0]
    sheets[0] = (first_name, first_state, first.replace("<sheetData>", f'<sheetData><row r="1">{header}</row>', 1))
    count = draw(st.integers(0, 14))
    codes = draw(st.lists(st.sampled_from(FORMATS), min_size=1, max_size=3))
    styles = (
        f'<styleSheet xmlns="{MAIN}"><numFmts>'
        + "".join(f'<numFmt numFmtId="{164 + i}" formatCode={quoteattr(code)}/>' for i, code in enumerate(codes))
        + "</numFmts><cellXfs>"
        + "".join(f'<xf numFmtId="{draw(st.sampled_from([0, 14, 20, 46, 164, 165, 999]))}"/>' for _ in range(count))
        + "</cellXfs></styleSheet>"
    )
    strings = f'<sst xmlns="{MAIN}">' + "".join(
        f"<si><t>{escape(draw(texts))}</t></si>" for _ in range(draw(st.integers(0, 16)))
    )
    raw = workbook(sheets=draw(st.permutations(sheets)), styles=styles, strings=strings + "</sst>")
    return draw(damaged(raw))


@st.composite
def damaged(draw, raw: bytes) -> bytes:
    """The file as written, cut short, or with some bytes changed (the zip's CRC then catches most)."""
    how = draw(st.sampled_from(["intact", "intact", "cut", "flipped"]))
    event(f"file {how}")
    if how == "cut":
        return raw[: draw(st.integers(0, len(raw)))]
    if how == "flipped":
        changed = bytearray(raw)
        for _ in range(draw(st.integers(1, 4))):
            changed[draw(st.integers(0, len(raw) - 1))] = draw(st.integers(0, 255))
        return bytes(changed)
    return raw


@st.composite
def csv_files(draw) -> bytes:
    grid = draw(st.lists(st.lists(texts, max_size=10), max_size=24))
    header = draw(st.permutations(COLUMNS))[: draw(st.integers(0, 8))]
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=draw(st.sampled_from([",", ";", "\t"]))).writerows([header, *grid])
    encoded = draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1"]))
    raw = out.getvalue().encode(encoded, "replace")
    return draw(damaged(raw) | st.binary(max_size=200))


def read_both_ways(raw: bytes, suffix: str, sheet: str) -> None:
    """The file read as an agenda and as a partner list; whatever it holds, problems come back located."""
    with tempfile.TemporaryDirectory() as folder, mock.patch.multiple(bounds, **SMALL_BOUNDS):
        path = Path(folder) / f"random{suffix}"
        path.write_bytes(raw)
        table = read_table(path, f"sources/agenda/random{suffix}", sheet)
        for problem in table.problems + table.warnings:
            assert isinstance(problem, Problem) and str(problem)
        refused = table.problems and not table.rows and not table.header
        event(f"refused: {table.problems[0].message[:30]}" if refused else "read")
        for interpret in (agenda_from_table, partners_from_table):
            _, problems = interpret(table)
            assert all(isinstance(problem, Problem) and str(problem) for problem in problems)


@pytest.mark.slow  # a hundred workbooks written and read: about 10 s
@SETTINGS
@given(xlsx_files(), st.sampled_from(["", "S0", "S1", "S2", "Nope"]))
def test_random_workbooks_give_problems_never_an_exception(raw, sheet):
    read_both_ways(raw, ".xlsx", sheet)


# Found by the test above: zip features Python's zipfile cannot read (NotImplementedError), each set in a
# header field (signature, offset, bits): a member flagged "compressed patched data" (flag bit 5), a
# central directory that asks for zip version 10.5 to extract.
ZIP_FEATURES = {
    "patched data": ((b"PK\x03\x04", 6, 0x20), (b"PK\x01\x02", 8, 0x20)),
    "zip version 10.5": ((b"PK\x01\x02", 6, 105),),
}


@pytest.mark.parametrize("feature", ZIP_FEATURES)
def test_zip_features_no_spreadsheet_uses_are_a_damaged_workbook(tmp_path, feature):
    raw = bytearray(workbook())
    for signature, offset, bits in ZIP_FEATURES[feature]:
        start = raw.find(signature)
        while start != -1:
            raw[start + offset] |= bits
            start = raw.find(signature, start + 4)
    path = tmp_path / "odd.xlsx"
    path.write_bytes(bytes(raw))
    table = read_table(path, "sources/agenda/odd.xlsx", "")
    assert "zip feature spreadsheet programs do not use" in str(table.problems[0]), table.problems


@SETTINGS
@given(csv_files())
def test_random_csv_files_give_problems_never_an_exception(raw):
    read_both_ways(raw, ".csv", "")


def test_an_oversized_workbook_is_refused_by_the_small_bounds():
    """The small bounds are the ones read: a sheet of 30 rows passes MAX_ROWS = 20 (so the fuzzing
    above reaches the refusals too)."""
    rows = "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>x</t></is></c></row>' for n in range(1, 31))
    with tempfile.TemporaryDirectory() as folder, mock.patch.multiple(bounds, **SMALL_BOUNDS):
        path = Path(folder) / "big.xlsx"
        with zipfile.ZipFile(io.BytesIO(workbook(worksheet(rows)))) as archive:
            assert "xl/worksheets/sheet1.xml" in archive.namelist()
        path.write_bytes(workbook(worksheet(rows)))
        table = read_table(path, "big.xlsx")
    assert [problem.message for problem in table.problems] == [
        "has more than the 20 rows a sheet may have (row 21 holds a value)"
    ]
