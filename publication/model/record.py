"""What every record of the sources shares: the base class, the status, pictures, a walker.

`extra='forbid'` makes an unknown key an error, and validation.py turns it into a did-you-mean
from the record's field names. Records are frozen: the stages after `sources` only read them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .values import Number, TextField


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


# A draft's documents carry a draft mark on every page (see render.py and partials/draft_mark.html).
Status = Literal["final", "draft"]


class Image(Record):
    """A picture or logo: a file inside the project (PNG, JPEG, SVG) and its text alternative."""

    src: str = Field(min_length=1)
    alt: TextField


class Logo(Image):
    """A partner's or funder's logo: `logo: images/urbact.svg`, or with `src`, `alt` (else the name)
    and `scale`, the share of the credits' common height it takes (optical balance: a round logo
    may need 1.15, a heavy one 0.9)."""

    alt: TextField | None = None  # type: ignore[assignment]
    scale: Number = Field(1.0, ge=0.5, le=1.5)

    @model_validator(mode="before")
    @classmethod
    def _path_alone(cls, value: Any) -> Any:
        return {"src": value} if isinstance(value, str) else value


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
