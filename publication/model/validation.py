"""Validation with located, actionable messages.

pydantic reports an error as a type, a location and a message; people need the file, the line,
the field, what is wrong and how to fix it. This module makes the one from the other, with a
did-you-mean for unknown keys taken from the field names of the record at that place.
"""

from __future__ import annotations

import difflib
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from ..errors import Problem
from ..load import Document
from ..messages import _


def _unwrap(annotation: Any) -> list[Any]:
    """The model classes an annotation can hold (through Optional, list, Annotated)."""
    origin = get_origin(annotation)
    if origin is None:
        return [annotation]
    return [model for arg in get_args(annotation) for model in _unwrap(arg)]


def _model_at(root: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The record type found at `loc` inside `root`, following field annotations."""
    current: Any = root
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        if field is None:
            return None
        models = [m for m in _unwrap(field.annotation) if isinstance(m, type) and issubclass(m, BaseModel)]
        current = models[0] if models else None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _suggest_field(root: type[BaseModel], loc: tuple[Any, ...]) -> str:
    parent = _model_at(root, loc[:-1])
    if parent is None:
        return _("remove it")
    names = list(parent.model_fields)
    close = difflib.get_close_matches(str(loc[-1]), names, n=1, cutoff=0.6)
    allowed = ", ".join(names)
    if close:
        return _("did you mean '{suggestion}'? (allowed here: {allowed})").format(suggestion=close[0], allowed=allowed)
    return _("remove it; allowed here: {allowed}").format(allowed=allowed)


def _describe(error: dict[str, Any], root: type[BaseModel]) -> tuple[str, str]:
    """A plain-language message and fix for one pydantic error."""
    kind = error["type"]
    loc = error["loc"]
    field = str(loc[-1]) if loc else ""
    if kind == "missing":
        return _("is required but missing"), _("add `{field}: …` here").format(field=field)
    if kind == "extra_forbidden":
        return _("unknown key '{field}'").format(field=field), _suggest_field(root, loc)
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return _("'{value}' is not allowed").format(value=error.get("input")), _("use one of {expected}").format(
            expected=expected
        )
    if kind == "string_pattern_mismatch":
        return _("'{value}' is not in the expected form").format(value=error.get("input")), _pattern_hint(field)
    if kind in ("list_type", "tuple_type"):
        return _("should be a list"), _("write one item per line, each starting with `- `")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return _("should be a group of fields"), _("indent the fields under this key")
    if kind in ("string_type",):
        return _("should be text"), _("write it as text")
    if kind in ("int_parsing", "int_type", "float_parsing"):
        return _("'{value}' is not a whole number").format(value=error.get("input")), _("write digits only, e.g. 2016")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return _("{value} is out of range").format(value=error.get("input")), _range_fix(kind, error.get("ctx", {}))
    if kind == "too_short":
        return _("is empty"), _("give at least one item")
    message, _bar, fix = error["msg"].removeprefix("Value error, ").partition(" | fix: ")
    return message, fix or _("see the other records of this file for the expected form")


def _range_fix(kind: str, bounds: dict[str, Any]) -> str:
    """How to bring a number within its bounds, in the messages' language."""
    fixes = {
        "greater_than_equal": ("ge", _("write a number of at least {limit}")),
        "less_than_equal": ("le", _("write a number of at most {limit}")),
        "greater_than": ("gt", _("write a number over {limit}")),
        "less_than": ("lt", _("write a number under {limit}")),
    }
    key, fix = fixes[kind]
    return fix.format(limit=bounds.get(key, "?"))


def _pattern_hint(field: str) -> str:
    hints = {
        "id": _("use lower-case letters, digits and hyphens, e.g. roquetas-de-mar"),
        "country": _("use the two-letter ISO code in capitals, e.g. PT, DE, GR"),
        "base_url": _("write a full address ending in /, e.g. https://example.org/our-network/"),
        "email": _("write an address like name@example.org"),
        "rgb": _("write a colour like #003399"),
        "language": _("use a language code like fr, en, de, el"),
    }
    return hints.get(field, _("see the other records of this file for the expected form"))


def _data_loc(loc: tuple[Any, ...], data: Any) -> tuple[Any, ...]:
    """pydantic's error location as a path in the data: union branches and validator tags removed.

    A tag ('function-before[…]', 'Month', 'str') is dropped only where the data has no such key,
    so a user's key that happens to look like one ('A:', 'Month:') keeps its place.
    """
    path: list[Any] = []
    current = data
    for part in loc:
        if (isinstance(current, dict) and part in current) or (
            isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        ):
            current = current[part]
        elif isinstance(part, str) and (
            part[:1].isupper() or "[" in part or part in ("str", "int", "float", "list", "dict", "bool")
        ):
            continue
        else:
            current = None
        path.append(part)
    return tuple(path)


def problems_from_validation(
    exc: ValidationError, doc: Document, root: type[BaseModel], prefix: tuple[Any, ...] = ()
) -> list[Problem]:
    """Turn pydantic's errors into located problems (file, line, field, what, fix)."""
    problems = []
    for error in exc.errors():
        loc = _data_loc(error["loc"], doc.data)
        message, fix = _describe({**error, "loc": loc}, root)
        path = (*prefix, *loc)
        problems.append(doc.problem(path, message, fix))
    return problems


def validate(doc: Document, model: type[BaseModel]) -> tuple[BaseModel | None, list[Problem]]:
    """Validate one loaded document against its record type."""
    if not isinstance(doc.data, dict):
        return None, [
            Problem(
                doc.file,
                1,
                "",
                _("should hold fields (key: value lines)"),
                _("see the other files in sources/ for the expected form"),
            )
        ]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, problems_from_validation(exc, doc, model)
