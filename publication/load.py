"""Read YAML sources into plain data, remembering the line of every value.

PyYAML accepts duplicate keys silently and applies YAML 1.1 guesses ("NO" becomes False,
"9:30" becomes 570); sources are written by people, so every scalar stays a string here and
the schema in `model/` decides its type. Reading is bounded (limits.py): the file's size, its
nesting, what its aliases repeat; an alias inside its own anchor and control characters in a
value are refused, each with its line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Location, Problem, terminal_safe
from .limits import MAX_ALIAS_VALUES, MAX_DEPTH, MAX_SOURCE_BYTES
from .messages import _
from .yaml_syntax import explain

Path_ = tuple[str | int, ...]


@dataclass
class Document:
    """One source file: its data and the line of each value, keyed by its path in the data."""

    file: Path
    data: Any
    lines: Mapping[Path_, Location] = field(default_factory=dict)  # a YAML file's lines; a sheet's cells
    warnings: list[Problem] = field(default_factory=list)  # what reading it warned of (a former spelling…)

    def line_of(self, path: Path_) -> Location | None:
        """The line of `path`, or of its closest located parent."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)

    # Where a value is, as a message names it. A document joined with a spreadsheet (sheets.py)
    # answers with the sheet's file, its cell (`Programme!C14`) and the column's name instead.
    def where(self, path: Path_) -> tuple[Path | str, Location | None]:
        """The file and line of `path`."""
        return self.file, self.line_of(path)

    def field_of(self, path: Path_) -> str:
        """The field at `path` as people read it, positions from 1: agenda[1].start (the first day's)."""
        return _dotted(tuple(path))

    def problem(self, path: Path_, message: str, fix: str = "") -> Problem:
        """A problem located at `path`: its file, line (or cell) and field."""
        file, line = self.where(path)
        return Problem(file, line, self.field_of(path), message, fix)


# C0 and C1 control characters but tab and newline: drawn as blank boxes, or read by a terminal.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Those that YAML refuses even unescaped (CR and NEL break lines) are shifted into a private-use
# plane before parsing, so that the value holding one is named with its field, not only its line.
_RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
_SHIFT = 0xF0000
_SHIFTED = re.compile(f"[{chr(_SHIFT)}-{chr(_SHIFT + 0x9F)}]")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: five times faster
_SKIP = object()  # the pending key of a mapping whose next value is dropped (a refused key)


class _Bounded(Exception):
    """A bound of limits.py was passed: reading stops at once (the problem is recorded)."""


@dataclass
class _Frame:
    """A mapping or a list being read: its value, its path, its anchor, the values inside it."""

    value: Any
    path: Path_
    anchor: str | None
    key: Any = None  # a mapping's pending key (its value comes next), or _SKIP
    size: int = 1


class _Builder:
    """Turn YAML events into data and a line table, without recursion, within the bounds.

    Events rather than a composed node tree: the tree costs five times the time and memory, and
    composing it recurses once per level of nesting.
    """

    def __init__(self, file: Path):
        self.file = file
        self.lines: dict[Path_, int] = {}
        self.problems: list[Problem] = []
        self.anchors: dict[str, tuple[Any, int]] = {}  # name → (value, its values)
        self.stack: list[_Frame] = []
        self.repeated = 0  # values that aliases repeated
        self.data: Any = None

    def refuse(self, line: int | None, path: Path_, message: str, fix: str) -> None:
        # A key may hold the control character refused: shown escaped, never sent to the terminal.
        shown = terminal_safe(_dotted(path[:12]))
        self.problems.append(Problem(self.file, line, shown + ("…" if len(path) > 12 else ""), message, fix))

    def feed(self, event: yaml.Event) -> None:
        assert event.start_mark is not None  # the parser marks every event; the stubs allow none
        line = event.start_mark.line + 1
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(self.stack) >= MAX_DEPTH:
                self.refuse(
                    line,
                    self._path(),
                    _("nests deeper than {max_depth} levels").format(max_depth=MAX_DEPTH),
                    _("write the values at fewer levels of indentation"),
                )
                raise _Bounded()
            value: dict[str, Any] | list[Any] = {} if isinstance(event, yaml.MappingStartEvent) else []
            self.stack.append(_Frame(value, self._path(), event.anchor))
            self.lines.setdefault(self.stack[-1].path, line)  # a key's line stays its value's
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            frame = self.stack.pop()
            self._place(frame.value, frame.size, frame.anchor, frame.path)
        elif isinstance(event, yaml.AliasEvent):
            assert event.anchor is not None  # an alias is its anchor's name; the stubs allow none
            self._place(*self._alias(event.anchor, line), None, self._path())
        elif isinstance(event, yaml.ScalarEvent):
            self._scalar(event, line)
        elif isinstance(event, yaml.DocumentStartEvent) and self.lines:
            self.refuse(
                line,
                (),
                _("YAML syntax error: holds more than one document (a second `---`)"),
                _("keep one document per file; remove the `---` line"),
            )
            raise _Bounded()

    def _path(self) -> Path_:
        """The path of the value that comes next."""
        if not self.stack:
            return ()
        frame = self.stack[-1]
        if isinstance(frame.value, list):
            return (*frame.path, len(frame.value))
        return (*frame.path, frame.key) if frame.key not in (None, _SKIP) else frame.path

    def _alias(self, name: str, line: int) -> tuple[Any, int]:
        if any(frame.anchor == name for frame in self.stack):
            self.refuse(
                line,
                self._path(),
                _("the alias *{name} repeats the value it is inside of (its anchor &{name})").format(name=name),
                _("write the value out instead of the alias"),
            )
            raise _Bounded()
        if name not in self.anchors:
            self.refuse(
                line,
                self._path(),
                _("YAML syntax error: the alias *{name} names no anchor &{name} above it").format(name=name),
                _("define `&name` before `*name`, or write the value out"),
            )
            raise _Bounded()
        value, size = self.anchors[name]
        self.repeated += size
        if self.repeated > MAX_ALIAS_VALUES:
            self.refuse(
                line,
                self._path(),
                _("its aliases repeat more than {max_alias_values:,} values").format(max_alias_values=MAX_ALIAS_VALUES),
                _("write the values out, or use fewer aliases (`*name`)"),
            )
            raise _Bounded()
        return value, size

    def _scalar(self, event: yaml.ScalarEvent, line: int) -> None:
        text = event.value
        frame = self.stack[-1] if self.stack else None
        keyed = frame if frame is not None and isinstance(frame.value, dict) and frame.key is None else None
        found = CONTROL.search(text) or _SHIFTED.search(text)
        if found:
            text = _SHIFTED.sub(lambda shifted: chr(ord(shifted[0]) - _SHIFT), text)
            path = (*keyed.path, text) if keyed is not None else self._path()
            self.refuse(
                line,
                path,
                _("holds the control character U+{code:04X}, which prints as nothing or a blank box").format(
                    code=ord(found[0]) % _SHIFT
                ),
                _("delete it (copying from another program can bring it in)"),
            )
        if keyed is not None:  # the scalar is the key of the mapping being read
            self._key(keyed, text, line)
            return
        # An empty plain scalar or `~`/`null` means "not given"; everything else is text.
        value = None if not event.style and text in ("", "~", "null", "Null", "NULL") else text
        self._place(value, 1, event.anchor, self._path(), line)

    def _key(self, frame: _Frame, key: str, line: int) -> None:
        path = (*frame.path, key)
        if key in frame.value:
            first = self.lines.get(path)
            self.refuse(
                line,
                path,
                _("duplicate key '{key}' (first given on line {first})").format(key=key, first=first),
                _("keep one of the two; YAML would silently drop the first"),
            )
            frame.key = _SKIP
            return
        frame.key = key
        self.lines[path] = line  # the key's line is more useful than the value's for block values

    def _place(self, value: Any, size: int, anchor: str | None, path: Path_, line: int | None = None) -> None:
        """Put a finished value into the list or mapping around it."""
        if anchor is not None:
            self.anchors[anchor] = (value, size)
        if line is not None and path not in self.lines:
            self.lines[path] = line
        if not self.stack:
            self.data = value
            return
        frame = self.stack[-1]
        frame.size += size
        if isinstance(frame.value, list):
            frame.value.append(value)
        elif frame.key is None:  # a list or a mapping given as a key
            self.refuse(
                self.lines.get(path),
                frame.path,
                _("a key must be a plain word"),
                _("write the key as text, e.g. `title:`"),
            )
            frame.key = _SKIP
        else:
            if frame.key is not _SKIP:
                frame.value[frame.key] = value
            frame.key = None


def _dotted(path: Path_) -> str:
    """Render a data path as people read it: agenda[1].sessions[2].start is the first day's second
    session. Positions count from 1, as people count, though the data's lists count from 0."""
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


dotted_path = _dotted


def load_yaml(file: Path, display_name: str | None = None) -> tuple[Document | None, list[Problem]]:
    """Parse one YAML file. Returns the document (None if unreadable) and its problems."""
    name = display_name or str(file)
    text, problems = _read_text(file, name)
    if text is None:
        return None, problems
    builder = _Builder(Path(name))
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            builder.feed(event)
    except _Bounded:
        return None, builder.problems
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(name, text, exc)]
    except yaml.reader.ReaderError as exc:  # a character YAML refuses, before any value
        line = text[: exc.position].count("\n") + 1 if isinstance(exc.position, int) else None
        return None, [
            Problem(
                name,
                line,
                "",
                _("holds the character U+{character:04X}, which YAML refuses").format(character=exc.character),
                _("delete it (copying from another program can bring it in)"),
            )
        ]
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        return None, [Problem(name, None, "", _("YAML error: {exc}").format(exc=exc), _("check the file's syntax"))]
    builder.lines.setdefault((), 1)
    return Document(Path(name), builder.data, builder.lines), builder.problems


def _read_text(file: Path, name: str) -> tuple[str | None, list[Problem]]:
    """The file's text, or None and why: unreadable, too large, not UTF-8."""
    try:
        with open(file, "rb") as stream:
            raw = stream.read(MAX_SOURCE_BYTES + 1)  # never more than the bound into memory
    except OSError as exc:
        return None, [
            Problem(
                name,
                None,
                "",
                _("cannot be read: {strerror}").format(strerror=exc.strerror),
                _("check that the file exists and is readable"),
            )
        ]
    if len(raw) > MAX_SOURCE_BYTES:
        return None, [
            Problem(
                name,
                None,
                "",
                _("is larger than the {megabytes} MB a source file may hold").format(
                    megabytes=MAX_SOURCE_BYTES // 2**20
                ),
                _("split it, or remove what it repeats"),
            )
        ]
    try:
        return _RAW_CONTROL.sub(lambda found: chr(_SHIFT + ord(found[0])), raw.decode("utf-8")), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                name,
                line,
                "",
                _("is not UTF-8 text (byte 0x{byte:02x})").format(byte=raw[exc.start]),
                _("save the file as UTF-8 in your editor"),
            )
        ]


def _syntax_problem(name: str, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    caret = ""
    if mark is not None:
        lines = text.splitlines()
        source_line = lines[mark.line] if mark.line < len(lines) else ""
        caret = f"\n    {source_line}\n    {' ' * mark.column}^"
    what, fix = exc.problem or _("is not valid YAML"), _("check indentation, colons and quotes around this line")
    if mark is not None:
        what, fix = explain(text, mark.line, mark.column, what) or (what, fix)
    return Problem(name, line, "", _("YAML syntax error: {what}{caret}").format(what=what, caret=caret), fix)
