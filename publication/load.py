"""Read YAML sources into plain data, remembering the line of every value.

PyYAML accepts duplicate keys silently and applies YAML 1.1 guesses ("NO" becomes False,
"9:30" becomes 570); sources are written by people, so every scalar stays a string here and
the schema in `model.py` decides its type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem

Path_ = tuple[str | int, ...]


@dataclass
class Document:
    """One source file: its data and the line of each value, keyed by its path in the data."""

    file: Path
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int | None:
        """The line of `path`, or of its closest located parent."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)

    # Where a value is, as a message names it. A document joined with a spreadsheet (sheets.py)
    # answers with the sheet's file, its cell (`Programme!C14`) and the column's name instead.
    def where(self, path: Path_) -> tuple[Path | str, int | str | None]:
        """The file and line of `path`."""
        return self.file, self.line_of(path)

    def field_of(self, path: Path_) -> str:
        """The field at `path` as people read it: agenda[1].start."""
        return _dotted(tuple(path))

    def problem(self, path: Path_, message: str, fix: str = "") -> Problem:
        """A problem located at `path`: its file, line (or cell) and field."""
        file, line = self.where(path)
        return Problem(file, line, self.field_of(path), message, fix)


class _Composer:
    """Turn a composed YAML node tree into data and a line table."""

    def __init__(self, file: Path):
        self.file = file
        self.lines: dict[Path_, int] = {}
        self.problems: list[Problem] = []

    def build(self, node: yaml.Node | None, path: Path_ = ()) -> Any:
        if node is None:
            return None
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(
                    Problem(self.file, key_node.start_mark.line + 1, _dotted(path),
                            "a key must be a plain word", "write the key as text, e.g. `title:`")
                )
                continue
            key = key_node.value
            if key in result:
                first = self.lines.get((*path, key))
                self.problems.append(
                    Problem(self.file, key_node.start_mark.line + 1, _dotted((*path, key)),
                            f"duplicate key '{key}' (first given on line {first})",
                            "keep one of the two; YAML would silently drop the first")
                )
                continue
            self.lines[(*path, key)] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, (*path, key))
            # The key's line is more useful than the value's for block values.
            self.lines[(*path, key)] = key_node.start_mark.line + 1
        return result

    @staticmethod
    def _scalar(node: yaml.ScalarNode) -> Any:
        # An empty plain scalar or `~`/`null` means "not given"; everything else is text.
        if node.style is None and node.value in ("", "~", "null", "Null", "NULL"):
            return None
        return node.value


def _dotted(path: Path_) -> str:
    """Render a data path as people read it: agenda[1].start."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


dotted_path = _dotted


def load_yaml(file: Path, display_name: str | None = None) -> tuple[Document | None, list[Problem]]:
    """Parse one YAML file. Returns the document (None if unreadable) and its problems."""
    name = display_name or str(file)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        return None, [Problem(name, None, "", f"cannot be read: {exc.strerror}",
                              "check that the file exists and is readable")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(name, line, "", f"is not UTF-8 text (byte 0x{raw[exc.start]:02x})",
                              "save the file as UTF-8 in your editor")]
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        caret = ""
        if mark is not None:
            source_line = text.splitlines()[mark.line] if mark.line < len(text.splitlines()) else ""
            caret = f"\n    {source_line}\n    {' ' * mark.column}^"
        what = exc.problem or "is not valid YAML"
        return None, [Problem(name, line, "", f"YAML syntax error: {what}{caret}",
                              "check indentation, colons and quotes around this line")]
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        return None, [Problem(name, None, "", f"YAML error: {exc}", "check the file's syntax")]
    composer = _Composer(Path(name))
    data = composer.build(node)
    composer.lines.setdefault((), 1)
    return Document(Path(name), data, composer.lines), composer.problems
