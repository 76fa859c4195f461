"""Read a spreadsheet file into a `Table`: its header row and its rows of cells, each cell knowing
where it is (`Programme!C14`, or `C14` in a CSV). Nothing here knows what the columns mean.

One reader per format (`READERS`, by the file's suffix), each streaming its file within the bounds
of bounds.py: CSV (csvfile.py: UTF-8, or Windows-1252 with a warning), XLSX (xlsx.py) and ODS
(ods.py, which joins READERS). A reader for another format is a function
`(bytes, name shown in messages, worksheet named after # or "") → Table` added to READERS.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..messages import _
from .bounds import MAX_FILE_BYTES, Refused
from .csvfile import read_csv
from .table import Cell, Table, column_letter, make_table, refused_table
from .xlsx import read_xlsx

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an old .xls, or an encrypted (password) workbook
READERS: dict[str, Callable[[bytes, str, str], Table]] = {".csv": read_csv, ".xlsx": read_xlsx}

__all__ = ["READERS", "Cell", "Table", "column_letter", "make_table", "read_table"]


def read_table(path: Path, display: str, sheet: str = "") -> Table:
    """The sheet at `path` (the worksheet named `sheet`, or the first visible one), or a Table holding its problem."""
    try:
        with open(path, "rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)  # never more than the bound into memory
    except OSError as exc:
        return refused_table(
            display,
            Refused(
                _("cannot be read: {strerror}").format(strerror=exc.strerror),
                _("check that the file exists and is readable"),
            ),
        )
    if len(raw) > MAX_FILE_BYTES:
        size = path.stat().st_size
        return refused_table(
            display,
            Refused(
                _("is {value:.1f} MB, more than the {value2} MB a sheet may be").format(
                    value=size / 1e6, value2=MAX_FILE_BYTES // 2**20
                ),
                _("keep only the programme (or the partner list) in this file; remove pictures and other sheets"),
            ),
        )
    if raw.startswith(OLE2):
        return refused_table(
            display,
            Refused(
                _("is password-protected (encrypted), or an old Excel 97-2003 workbook renamed {suffix}").format(
                    suffix=path.suffix.lower()
                ),
                _("open it, remove the password (File > Info > Protect Workbook), and save it as .xlsx"),
            ),
        )
    return READERS[path.suffix.lower()](raw, display, sheet)
