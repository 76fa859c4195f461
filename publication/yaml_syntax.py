"""What a YAML syntax error most likely is, in a writer's words, with its fix: a text holding ' : '
(French spacing before a colon) or ': ', which YAML takes for a new key; a tab, which YAML refuses
in indentation; a line indented unlike the lines it belongs with, and the column it should start at.
"""

from __future__ import annotations

import re

from .messages import _

KEY = re.compile(r"^(\s*(?:-\s+)*)([^\s#'\"\[{][^:#]*?|\"[^\"]*\"|'[^']*'):(?:\s|$)")  # `  - fr:` `title:`


def explain(text: str, line: int, column: int, problem: str) -> tuple[str, str] | None:
    """(what is wrong, how to fix it) for the error YAML reports at `line`, `column` (from 0), or
    None when it is none of the mistakes this knows."""
    lines = text.splitlines()
    source = lines[line] if 0 <= line < len(lines) else ""
    tab = _tab_column(source, column)
    if tab is not None:
        return (
            _("a tab at column {column}").format(column=tab + 1),
            _("replace the tab with spaces (YAML indents with spaces only, two per level)"),
        )
    key = KEY.match(source)
    if key and "mapping values" in problem and column > key.end() - 1:
        value = source[key.end() :].strip()
        quoted = value.replace("\\", "\\\\").replace('"', '\\"')
        said = "' : '" if " : " in value else "': '"
        return (
            _("the text holds {colon}, which YAML reads as the start of a new key").format(colon=said),
            _("put the whole text in double quotes: {line}").format(line=f'{source[: key.end()].strip()} "{quoted}"'),
        )
    return _indentation(lines, line)


def _tab_column(source: str, column: int) -> int | None:
    """Where a tab is that YAML stumbled on: in the indentation, or where it stopped."""
    indentation = source[: len(source) - len(source.lstrip(" \t"))]
    if "\t" in indentation:
        return indentation.index("\t")
    return column if column < len(source) and source[column] == "\t" else None


def _indentation(lines: list[str], line: int) -> tuple[str, str] | None:
    """A line whose indentation matches none of the keys above it that it may belong with."""
    if not 0 <= line < len(lines) or not lines[line].strip():
        return None
    own = _indent(lines[line])
    candidates = _enclosing(lines, line)
    if not candidates or own in {indent for indent, _number, _name in candidates}:
        return None
    ranked = sorted(candidates, key=lambda c: abs(c[0] - own))[:2]
    options = [
        _("at column {column}, like '{key}' on line {line}").format(column=indent + 1, key=name, line=number + 1)
        for indent, number, name in ranked
    ]
    return (
        _("wrong indentation: the line starts at column {column}, lined up with no key above it").format(
            column=own + 1
        ),
        _("start it {places}: the keys of one level start at the same column (spaces only)").format(
            places=_(", or ").join(options)
        ),
    )


def _enclosing(lines: list[str], line: int) -> list[tuple[int, int, str]]:
    """The columns a line may start at: the keys above it it may be a sibling of, from the nearest up
    to the left margin (each level once), and under a key that opens a block, one level deeper."""
    found: list[tuple[int, int, str]] = []
    smallest = None
    for number in range(line - 1, -1, -1):
        key = KEY.match(lines[number])
        if not key or (smallest is not None and _indent(lines[number]) >= smallest):
            continue
        column, name = len(key[1]), key[2].strip("\"'")  # the key's own column, after any `- `
        if not found and not lines[number][key.end() :].strip():
            found.append((column + 2, number, name))  # a block opens under it
        if column not in {indent for indent, _number, _name in found}:
            found.append((column, number, name))
        smallest = _indent(lines[number])
        if smallest == 0:
            break
    return found


def _indent(source: str) -> int:
    return len(source) - len(source.lstrip(" "))
