"""The printers' table of the download page: one row per print file, named by kind, part and language
("Brochure — printer's spreads, French", "Poster A2, French"), never by the publication's subtitle, so
that no two rows share a name; its trim said in the page's words."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .finish import file_part, file_title
from .localise import Language, Messages
from .sources import Sources


def printer_rows(groups: list, sources: Sources, language: Language) -> list:
    """One row (a site `Group` with one edition) per print file of `groups`, the page language's first,
    a publication's pages before its printer's spreads (the file most printers are sent)."""
    rows = []
    for group in groups:
        event = language.text(sources.workshops[group.key[1]].title) if group.key[1] else None
        for edition in sorted([group.main, *group.others], key=lambda edition: bool(edition.entry.get("imposed"))):
            fields = {**edition.entry, **edition.entry.get("print", {})}
            edition.trim = printer_trim(fields, language.site_words)
            title = file_title(language.site_words, group.kind, event, fields, edition.language)
            rows.append(replace(group, title=title, subtitle="", main=edition, others=[]))
    return sorted(rows, key=lambda row: row.main.lang != language.lang)


def printer_trim(fields: dict[str, Any], words: Messages) -> str:
    """A print file's trim in the page's words: its pages' size, spreads of two, or sheets of several."""
    width, height = (f"{v:g}" for v in fields.get("trim_mm", [0, 0]))
    size, part = fields.get("trim_name", fields.get("size", "")), file_part(fields)
    columns, rows = fields.get("grid", (1, 1))
    key = f"printer_trim_{part}" if part in ("spreads", "grid") else "printer_trim_pages"
    return words(key, size=size, width=width, height=height, count=columns * rows)
