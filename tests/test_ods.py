"""ODS sheets (publication/sheets/ods.py): a sheet saved by LibreOffice Calc reads as the same
sheet saved as XLSX, located at its cells; a damaged file, or one past a bound (zip bombs, repeated
rows and cells, merged ranges, elements, text), is one problem naming the bound, found in bounded
time and memory; `check` names the cell of a mistake as for XLSX."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import resource
import zipfile
from pathlib import Path

import pytest

from publication.sheets import read_table
from publication.sheets.agenda import agenda_from_table
from tests.conftest import run_cli
from tests.ods_files import FORMATTED_ROWS_BELOW, MANIFEST, cell, content, ods_bytes, rows_xml, write_ods
from tests.test_sheets import HEADER, ROWS, VANTAA, name_sheet, write_sheet

ODS = "sources/agenda/case.ods"


def test_an_ods_saved_by_calc_reads_as_the_same_xlsx(tmp_path):
    """A day's date merged down its rows (covered cells below it), 1,048,560 formatted empty rows
    below the table, a text on two lines and with two spaces, dates and times as typed values."""
    rows = [list(row) for row in ROWS]
    rows[1][6] = "Anna KOSKI; maire;  Ville de Vantaa; FI\nJohn SMITH"
    rows[1][7] = "Anna KOSKI; mayor; City of Vantaa; FI\nJohn SMITH"
    write_ods(tmp_path / "a.ods", HEADER, rows, merged={(1, 0): (5, 1)})
    write_sheet(tmp_path / "a.xlsx", HEADER, rows)
    assert b'number-rows-repeated="1048560"' in zipfile.ZipFile(tmp_path / "a.ods").read("content.xml")
    table = read_table(tmp_path / "a.ods", "a.ods")
    assert table.problems == [] and len(table.rows) == 5
    assert [c.value for c in table.rows[0][:3]] == [dt.date(2017, 1, 25), dt.time(9, 0), dt.time(9, 30)]
    from_ods, problems = agenda_from_table(table)
    from_xlsx, _ = agenda_from_table(read_table(tmp_path / "a.xlsx", "a.xlsx"))
    assert problems == [] and from_ods.data == from_xlsx.data
    assert table.rows[1][6].value == "Anna KOSKI; maire;  Ville de Vantaa; FI\nJohn SMITH"
    assert from_ods.data[0]["sessions"][1]["speakers"][1] == {"fr": "John SMITH", "en": "John SMITH"}  # per column
    assert from_ods.lines[(0, "sessions", 1, "start")] == "Programme!B3"


def test_the_sheet_named_after_the_hash_and_a_missing_one(tmp_path):
    first, second = rows_xml(["date"], [["x"]]), rows_xml(HEADER, ROWS)
    (tmp_path / "b.ods").write_bytes(ods_bytes(content({"Notes": first, "Agenda": second})))
    assert read_table(tmp_path / "b.ods", "b.ods", "Agenda").header[0].ref == "Agenda!A1"
    assert read_table(tmp_path / "b.ods", "b.ods").header[0].ref == "Notes!A1"
    problem = read_table(tmp_path / "b.ods", "b.ods", "Programme").problems[0]
    assert (problem.message, problem.fix) == (
        "has no sheet named 'Programme'",
        "name one of its sheets after #: Notes, Agenda",
    )


def test_check_names_the_cell_of_a_mistake_in_an_ods(project_copy):
    rows = [list(row) for row in ROWS]
    rows[1][1] = "9h"
    write_ods(project_copy / ODS, HEADER, rows)
    name_sheet(project_copy, VANTAA, "agenda", "agenda/case.ods")
    result = run_cli("check", project=project_copy)
    assert result.exit_code == 2, result.output
    assert f"{ODS}:Programme!B3: start '9h' is not a time like 09:00" in result.output
    assert "Traceback" not in result.output


def _rows(*rows: str) -> bytes:
    return ods_bytes(content({"Programme": "".join(rows) + FORMATTED_ROWS_BELOW}))


def _value_row(cells: str, repeat: int = 1) -> str:
    return f'<table:table-row table:number-rows-repeated="{repeat}">{cells}</table:table-row>'


HEAD = _value_row(cell("date") + cell("title_fr"))
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
    b"<office:document-content>&lol2;</office:document-content>"
)


def _members(count: int) -> bytes:
    return ods_bytes(content({"Programme": HEAD}), {f"Pictures/{n}.png": b"" for n in range(count)})


def _padded(megabytes: int) -> bytes:
    """content.xml declaring `megabytes` of spaces: a few kilobytes deflated."""
    body = content({"Programme": HEAD}).replace(b"<office:body>", b"<office:body>" + b" " * (megabytes << 20))
    return ods_bytes(body)


def _elements(count: int) -> bytes:
    spans = "<text:span/>" * count
    return _rows(
        HEAD, _value_row(f'<table:table-cell office:value-type="string"><text:p>x{spans}</text:p></table:table-cell>')
    )


# (case, the file's bytes, what the one problem says)
BAD_ODS = [
    ("not a zip", lambda: b"PK\x03\x04 damaged", "is not a readable ODS spreadsheet (it is damaged: not a zip archive"),
    (
        "a text document renamed",
        lambda: ods_bytes(content({}), mimetype=b"application/vnd.oasis.opendocument.text"),
        "is not an ODS spreadsheet (a text document or another file renamed .ods?)",
    ),
    (
        "password",
        lambda: ods_bytes(
            content({}),
            manifest=MANIFEST.replace("</manifest:manifest>", "<manifest:encryption-data/></manifest:manifest>"),
        ),
        "is password-protected",
    ),
    ("zip bomb", lambda: _padded(44), "unpacks to 46 MB, more than the 40 MB a sheet may hold"),
    ("members", lambda: _members(1000), "holds 1,003 files inside, more than the 1000 a sheet may"),
    ("entities", lambda: ods_bytes(LAUGHS), "content.xml declares a DOCTYPE, which no spreadsheet program writes"),
    (
        "a value below the rows",
        lambda: _rows(HEAD, '<table:table-row table:number-rows-repeated="5000"/>', _value_row(cell("x"))),
        "has more than the 5000 rows a sheet may have (row 5,002 holds a value)",
    ),
    (
        "a row repeated a million times",
        lambda: _rows(HEAD, _value_row(cell("2017-01-25") + cell("Accueil"), 1_000_000)),
        "has more than the 5000 rows a sheet may have (row 1,000,001 holds a value)",
    ),
    (
        "a value right of the columns",
        lambda: _rows(HEAD, _value_row('<table:table-cell table:number-columns-repeated="16000"/>' + cell("x"))),
        "has more than the 100 columns a sheet may have (column 16,001 holds a value)",
    ),
    (
        "a cell repeated across every column",
        lambda: _rows(
            HEAD,
            _value_row(
                '<table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/>'
            ),
        ),
        "has more than the 100 columns a sheet may have (column 16,384 holds a value)",
    ),
    (
        "a merged range down the sheet",
        lambda: _rows(HEAD, _value_row(cell("x", (1_048_575, 1)))),
        "merges the cells A2:A1048576, beyond the 5000 rows and 100 columns a sheet may have",
    ),
    (
        "many merged ranges",
        lambda: _rows(HEAD, _value_row(cell("x", (1, 100)), 2100)),
        "merges more than 200,000 cells",
    ),
    pytest.param(
        "elements",
        lambda: _elements(1_000_001),
        "holds more than 1,000,000 XML elements, more than a sheet needs",
        marks=pytest.mark.slow,  # a million elements through expat: 2 to 6 s on a shared machine
    ),
    (
        "spaces",
        lambda: _rows(
            HEAD,
            _value_row(
                cell("x")[: -len("</text:p></table:table-cell>")]
                + '<text:s text:c="999999999"/></text:p></table:table-cell>'
            ),
        ),
        "holds more than 5 million characters of text in its cells",
    ),
]


HEADROOM = 256 * 2**20  # bytes of address space the reading may add to the process
CPU_SECONDS = 20  # of CPU time, whatever the load of the machine (the bombs take under 3 s)


def read_bounded(path: Path) -> tuple[list, float]:
    """read_table in a child process whose address space may grow by HEADROOM only and whose CPU
    time is limited: its problems' (message, fix) and the CPU seconds it used, or what stopped it."""
    readable, writable = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child
        try:
            os.close(readable)
            used = int(Path("/proc/self/statm").read_text().split()[0]) * os.sysconf("SC_PAGE_SIZE")
            resource.setrlimit(resource.RLIMIT_AS, (used + HEADROOM, used + HEADROOM))
            resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS + 1))
            table = read_table(path, ODS)
            usage = resource.getrusage(resource.RUSAGE_SELF)
            answer = ([(p.message, p.fix, p.file) for p in table.problems], usage.ru_utime + usage.ru_stime)
        except BaseException as exc:  # a MemoryError is what the test is about
            answer = ([(f"stopped: {type(exc).__name__}", "", "")], -1.0)
        with os.fdopen(writable, "wb") as out:
            pickle.dump(answer, out)
        os._exit(0)
    os.close(writable)
    with os.fdopen(readable, "rb") as stream:
        data = stream.read()
    os.waitpid(child, 0)
    return pickle.loads(data) if data else ([("stopped: killed (CPU time)", "", "")], -1.0)


@pytest.mark.parametrize("case, make, expected", BAD_ODS, ids=[getattr(c, "values", c)[0] for c in BAD_ODS])
def test_a_bad_ods_is_one_problem_in_bounded_time_and_memory(tmp_path, case, make, expected):
    path = tmp_path / "case.ods"
    path.write_bytes(make())
    problems, seconds = read_bounded(path)
    assert len(problems) == 1, problems
    message, fix, file = problems[0]
    assert expected in message and fix and file == ODS, problems
    assert 0 <= seconds < CPU_SECONDS


@pytest.mark.slow
def test_a_sheet_at_the_bounds_is_read_whole(tmp_path):
    """At the bounds themselves (5000 rows, 100 columns) the sheet is read, not refused."""
    gap = '<table:table-cell table:number-columns-repeated="98"/>'
    path = tmp_path / "big.ods"
    path.write_bytes(
        _rows(_value_row(cell("date") + gap + cell("title_fr")), _value_row(cell("x") + gap + cell(1), 4999))
    )
    table = read_table(path, "big.ods")
    assert table.problems == [] and len(table.rows) == 4999 and table.rows[-1][99].ref == "Programme!CV5000"
