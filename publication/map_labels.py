"""What the map can label: a partner's name longer than a label may be, with no shorter name to
print instead (`city`, `short_name`), is a warning; figures.map_label shortens it."""

from __future__ import annotations

from .errors import Problem
from .load import Document
from .messages import _
from .model import Partners

# A map label longer than this is shortened with an ellipsis: it would cover its neighbours.
MAP_LABEL_LENGTH = 28


def check_map_labels(partners: Partners, doc: Document) -> list[Problem]:
    """Partners whose name is too long for the map and who have no `city` or `short_name` (a warning)."""
    warnings = []
    for index, partner in enumerate(partners.partners):
        longest = max(partner.name.values(), key=len)
        if partner.short_name is None and partner.city is None and len(longest) > MAP_LABEL_LENGTH:
            path = ("partners", index, "name")
            warnings.append(
                doc.problem(
                    path,
                    _(
                        "'{longest}' is too long for a label of the map ({count} characters; it is shortened to {map_label_length})"
                    ).format(longest=longest, count=len(longest), map_label_length=MAP_LABEL_LENGTH),
                    _("add `city:` with the name of the place the map shows, per language"),
                )
            )
    return warnings
