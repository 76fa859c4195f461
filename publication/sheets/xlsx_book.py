"""The parts of an XLSX workbook a worksheet is read with, each streamed within the bounds: which
worksheets it has (and which are hidden), its date system, the cell formats that show a number as
a date, time or duration, and its shared texts."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..messages import _
from .archive import Archive
from .bounds import MAX_MEMBERS, Bounds, Refused, damaged
from .table import MAC_EPOCH, WINDOWS_EPOCH

ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")  # how XLSX writes a character XML cannot hold: _x001B_
TRUE = ("1", "true")


def unescaped(text: str) -> str:
    return ESCAPED.sub(lambda m: chr(int(m[1], 16)), text)


@dataclass
class Workbook:
    sheets: list[tuple[str, bool, str]]  # (title, visible, member) of each worksheet, in order
    epoch: Any = WINDOWS_EPOCH
    styles: str = ""  # the members holding the cell formats and the shared texts, if any
    strings: str = ""


def _elements(archive: Archive, member: str, wanted: set[str]) -> list[tuple[str, dict[str, str]]]:
    """The elements named `wanted` of a small XML member (a list of relationships, of sheets)."""
    found: list[tuple[str, dict[str, str]]] = []

    def start(tag: str, attributes: dict[str, str]) -> None:
        if tag in wanted:
            found.append((tag, attributes))
            if len(found) > MAX_MEMBERS:
                raise Refused(
                    _("names more than {max_members} sheets or parts").format(max_members=MAX_MEMBERS),
                    _("keep only the programme in this file"),
                )

    archive.parse(member, start, lambda tag: None, lambda text: None)
    return found


def _targets(archive: Archive, part: str) -> dict[str, tuple[str, str]]:
    """A part's relationships: id → (type's last word, member), the member's path resolved."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels not in archive:
        return {}
    found = {}
    for _element, a in _elements(archive, rels, {"Relationship"}):
        target = a.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        found[a.get("Id", "")] = (a.get("Type", "").rsplit("/", 1)[-1], path)
    return found


def workbook(archive: Archive) -> Workbook:
    main = next((path for kind, path in _targets(archive, "").values() if kind == "officeDocument"), "xl/workbook.xml")
    if main not in archive:
        raise damaged(_("it holds no workbook"))
    targets = _targets(archive, main)
    book = Workbook([])
    for tag, a in _elements(archive, main, {"sheet", "workbookPr"}):
        if tag == "workbookPr":
            book.epoch = MAC_EPOCH if a.get("date1904", "").lower() in TRUE else WINDOWS_EPOCH
            continue
        kind, member = targets.get(a.get("id", ""), ("", ""))
        if kind == "worksheet" and member in archive:
            book.sheets.append((a.get("name", ""), a.get("state", "visible") == "visible", member))
    kinds = {kind: member for kind, member in targets.values() if member in archive}
    book.styles, book.strings = kinds.get("styles", ""), kinds.get("sharedStrings", "")
    return book


def chosen(book: Workbook, name: str) -> tuple[str, str]:
    """The worksheet named `name`, or the first visible one: (title, member)."""
    chosen = [s for s in book.sheets if s[0] == name] if name else [s for s in book.sheets if s[1]]
    if not chosen:
        names = ", ".join(title for title, _path, _state in book.sheets) or _("none")
        raise Refused(
            _("has no worksheet named '{name}'").format(name=name) if name else _("holds no visible worksheet"),
            _("name one of its sheets after #: {names}").format(names=names),
        )
    return chosen[0][0], chosen[0][2]


def formats(archive: Archive, member: str, bounds: Bounds) -> tuple[set[int], set[int]]:
    """The cell formats (by index) that show a number as a date or time, and those showing a duration."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

    codes, formats, within = dict(BUILTIN_FORMATS), [], []

    def start(tag: str, a: dict[str, str]) -> None:
        bounds.style()
        within.append(tag)
        if tag == "numFmt":
            codes[whole_number(a.get("numFmtId"))] = a.get("formatCode", "")
        elif tag == "xf" and "cellXfs" in within:
            formats.append(whole_number(a.get("numFmtId")))

    def end(tag: str) -> None:
        within.pop()

    if member:
        archive.parse(member, start, end, lambda text: None)
    shown = [codes.get(number, "") for number in formats]
    dates = {index for index, code in enumerate(shown) if is_date_format(code)}
    return dates, {index for index, code in enumerate(shown) if is_timedelta_format(code)}


def whole_number(text: str | None) -> int:
    """A count or an index written in the file (-1 if it is none)."""
    return int(text) if text and text.isascii() and text.isdigit() and len(text) < 10 else -1


def strings_of(archive: Archive, member: str, bounds: Bounds) -> list[str]:
    """The workbook's shared texts, each as its runs read together (phonetic guides left out)."""
    strings: list[str] = []

    def done(text: str) -> None:
        bounds.string()
        strings.append(text)

    reader = TextReader("si", done)
    if member:
        archive.parse(member, reader.start, reader.end, reader.text)
    return strings


class TextReader:
    """The text of each `outer` element (`si` of the shared texts, `is` of a cell): its `t` elements,
    outside `rPh` (phonetic guides), with the _xHHHH_ escapes read."""

    def __init__(self, outer: str, done: Callable[[str], None]) -> None:
        self.outer, self.done = outer, done
        self.parts: list[str] | None = None
        self.keep = False
        self.phonetic = 0

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        if tag == self.outer:
            self.parts = []
        self.phonetic += tag == "rPh"
        self.keep = tag == "t" and self.parts is not None and not self.phonetic

    def end(self, tag: str) -> None:
        self.keep = False
        self.phonetic -= tag == "rPh"
        if tag == self.outer and self.parts is not None:
            self.done(unescaped("".join(self.parts)))
            self.parts = None

    def text(self, data: str) -> None:
        if self.keep and self.parts is not None:
            self.parts.append(data)
