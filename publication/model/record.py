"""What every record of the sources shares: the base class, the status, pictures, a walker.

`extra='forbid'` makes an unknown key an error, and validation.py turns it into a did-you-mean
from the record's field names. Records are frozen: the stages after `sources` only read them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .values import TextField


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


# A draft's documents carry a draft mark on every page (see render.py and partials/draft_mark.html).
Status = Literal["final", "draft"]


class Image(Record):
    """A picture or logo: a file inside the project (PNG, JPEG, SVG) and its text alternative."""

    src: str = Field(min_length=1)
    alt: TextField


def iter_values_of_type(value: Any, kind: type, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Every value of type `kind` inside a record (its fields, lists, nested records), with its
    path in the data, so that a finding can be located at its line."""
    if isinstance(value, kind):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from iter_values_of_type(getattr(value, name), kind, (*path, name))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from iter_values_of_type(item, kind, (*path, i))
