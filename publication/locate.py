"""Where a printed text comes from: the source field (file, line, field) or catalogue entry that holds
it, so that a finding on a page (a missing glyph, a misread name, a hidden line) names what to fix."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from .catalogues import catalogue_document, entry_forms, message_folders
from .errors import Location
from .load import dotted_path
from .localise import Language
from .messages import _
from .model.record import iter_values_of_type
from .sources import SOURCE_FILES, Sources, iter_texts


def printed_texts(
    sources: Sources, language: Language, messages: Sequence[Path]
) -> Iterator[tuple[str, Location | None, str, str]]:
    """Every text a publication may print, with where it is written: (file, line, field, text), the
    source records first, then the language's catalogue."""
    records = {**{name: getattr(sources, name.removesuffix(".yaml")) for name in SOURCE_FILES}, **sources.workshops}
    for key, record in records.items():
        doc = sources.documents[key]
        for path, text in iter_texts(record):
            file, line = doc.where(path)
            yield str(file), line, doc.field_of(path), language.text(text) or ""
        for path, plain in iter_values_of_type(record, str):  # one text for every language: a speaker's name
            file, line = doc.where(path)
            yield str(file), line, doc.field_of(path), plain
    for listed in sources.participants.values():  # the event kit's names, at their cells or lines
        for i, person in enumerate(listed.record.participants):
            for field in ("name", "given", "family", "organisation"):
                file, line = listed.document.where(("participants", i, field))
                yield (
                    str(file),
                    line,
                    listed.document.field_of(("participants", i, field)),
                    getattr(person, field) or "",
                )
    document = catalogue_document(messages, language.lang)
    if document is not None and isinstance(document.data, dict):
        for key, entry in document.data.items():
            for path, form in entry_forms(key, entry):
                yield str(document.file), document.line_of(path), dotted_path(path), str(form)


def locate_character(
    sources: Sources, ch: str, language: Language, messages: Sequence[Path]
) -> tuple[str, Location | None, str]:
    """Where a character comes from: a source field in this language, or a catalogue entry."""
    for file, line, field, text in printed_texts(sources, language, messages):
        if ch in text or ch in text.upper():
            return file, line, field
    return _("(text made by the layouts or by Babel: dates, country names)"), None, ""


# Spaces and hyphens as typography sets them, made plain to compare a printed line with its source.
_PLAIN = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2011": "-", "\u00ad": "", "’": "'"})
LEAST_LOCATED = 4  # a shorter text is found in too many places to name one


def comparable(text: str) -> str:
    return " ".join(text.translate(_PLAIN).split()).casefold()


def locate_text(
    sources: Sources, printed: str, language: Language, messages: Sequence[Path]
) -> tuple[str, Location | None, str] | None:
    """Where a printed line comes from (file, line, field): a source text or catalogue entry that is
    all of it, else the first it is part of; None when it is too short to tell or made by the layouts."""
    needle = comparable(printed).rstrip("-\u2010")
    if len(needle) < LEAST_LOCATED:
        return None
    part_of = None
    for file, line, field, text in printed_texts(sources, language, messages):
        shown = comparable(text)
        if shown == needle:
            return file, line, field
        if needle in shown:
            part_of = part_of or (file, line, field)
    return part_of


def shown_path(project, path: Path) -> str:
    """A file as messages name it: inside the project, from its folder; else as the theme names it."""
    root = project.root.resolve()
    return (
        path.resolve().relative_to(root).as_posix()
        if path.resolve().is_relative_to(root)
        else project.theme.shown(path)
    )


def locate_findings(report, sources: Sources, language: Language, project) -> None:
    """Name the source of each finding's text (a preflight's), where a source field or catalogue entry holds it."""
    for finding in report.findings:
        if not finding.text:
            continue
        where = locate_text(sources, finding.text, language, message_folders(project.root))
        if where is not None:
            file, line, field = where
            finding.source = f"{shown_path(project, Path(file))}{f':{line}' if line else ''} ({field})"
