"""The message catalogues of layouts/messages/: read with the line of every entry, and checked.

A catalogue holds the layouts' interface words in one language: `key: text`, or for a text that
takes a count, one text per CLDR plural category (`cycle: {one: …, other: …}`; localise picks
the category with Babel). The publications' words are in `messages/<code>.yaml`, the download
page's and the calendars' in `messages/site/<code>.yaml`. Every language of the site needs both;
a catalogue that lacks entries another one has falls back to the source language's words.
"""

from __future__ import annotations

import string
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import Problem, SourceError
from .load import Document, dotted_path, load_yaml
from .messages import _
from .sheets.headers import PREFIX as COLUMN_NAMES
from .theme import theme_of

MESSAGES = Path("layouts") / "messages"
# The publications' words, then the download page's and the calendars'.
FOLDERS = (MESSAGES, MESSAGES / "site")
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
Entry = str | dict[str, str]


def catalogue_file(folder: Path, lang: str) -> Path:
    return Path(folder) / f"{lang}.yaml"


def message_folders(project: Path, folder: Path = MESSAGES) -> tuple[Path, ...]:
    """Where a catalogue of `folder` is looked for: the project's, then the default theme's."""
    return tuple(root / folder for root in theme_of(project).roots)


def find_catalogue(folders: Sequence[Path], lang: str) -> Path:
    """The first of `folders` that has the language's catalogue (the first's path when none has)."""
    files = [catalogue_file(folder, lang) for folder in folders]
    return next((file for file in files if file.is_file()), files[0])


def read_catalogue(folders: Sequence[Path], lang: str) -> dict[str, Entry]:
    """A catalogue's entries ({} when it does not exist), read again when its file changes."""
    document = catalogue_document(folders, lang)
    return document.data if document is not None and isinstance(document.data, dict) else {}


def catalogue_document(folders: Sequence[Path], lang: str, shown: str | None = None) -> Document | None:
    """The catalogue as a located document, or None when it does not exist or cannot be read."""
    file = find_catalogue(folders, lang)
    try:
        stamp = file.stat().st_mtime_ns
    except OSError:
        return None
    return _load(str(file), stamp, shown or str(file))[0]


@lru_cache(maxsize=64)  # the preview runs for hours: a changed file has a new stamp
def _load(file: str, mtime_ns: int, shown: str) -> tuple[Document | None, tuple[Problem, ...]]:
    document, problems = load_yaml(Path(file), shown)
    return document, tuple(problems)


def entry_forms(key: str, entry: Any) -> Iterator[tuple[tuple, str]]:
    """Every text of an entry with its path: the entry itself, or each of its plural forms."""
    if isinstance(entry, dict):
        for category, text in entry.items():
            yield (key, category), text
    else:
        yield (key,), entry


def fill(folders: Sequence[Path], langs: tuple[str, ...], key: str, template: str, values: dict[str, Any]) -> str:
    """An entry's text with its placeholders filled; one the layouts do not give is a SourceError
    located in the catalogue of `langs` (the language, then its fallback) that holds the entry."""
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError) as exc:
        parts = Path(folders[0]).parts  # shown from layouts/, as the check shows it
        shown = Path(*parts[len(parts) - 1 - parts[::-1].index("layouts") :]) if "layouts" in parts else folders[0]
        documents = [catalogue_document(folders, lang, str(catalogue_file(shown, lang))) for lang in langs]
        document = next((doc for doc in documents if doc is not None and key in (doc.data or {})), None)
        where = (document.file, document.line_of((key,))) if document else (catalogue_file(shown, langs[0]), None)
        given = ", ".join(f"{{{name}}}" for name in values) or "none"
        raise SourceError(
            [
                Problem(
                    *where,
                    key,
                    _("cannot be filled: {value} {exc} (the layouts give {given})").format(
                        value=type(exc).__name__, exc=exc, given=given
                    ),
                    _("correct the placeholder's spelling, or write a brace as {{ or }}"),
                )
            ]
        ) from exc


# --- the check -----------------------------------------------------------------------------


def check_catalogues(
    project: Path, languages: list[str], source_language: str, uses: list[tuple[Document, tuple, str]]
) -> tuple[list[Problem], list[Problem]]:
    """Problems and warnings of the catalogues that the site's languages need.

    `uses` are the places that name a language: (source document, path of the code, code).
    """
    problems: list[Problem] = []
    warnings: list[Problem] = []
    for folder in FOLDERS:
        found = {}
        for lang in dict.fromkeys(languages):
            document, read = _located(project, folder, lang)
            if document is None and not read:
                problems += [
                    _no_catalogue(project, folder, doc, path, code, source_language)
                    for doc, path, code in uses
                    if code == lang
                ]
            problems += read + (_entry_problems(document) if document is not None else [])
            if document is not None and isinstance(document.data, dict):
                found[lang] = document
        problems += _placeholder_problems(found)
        missing = _missing_entries(found, source_language)
        problems += [p for lang, p in missing if lang == source_language]
        warnings += [p for lang, p in missing if lang != source_language]
    return problems, warnings


def _located(project: Path, folder: Path, lang: str) -> tuple[Document | None, list[Problem]]:
    file = find_catalogue(message_folders(project, folder), lang)
    if not file.is_file():
        return None, []
    document, problems = _load(str(file), file.stat().st_mtime_ns, str(catalogue_file(folder, lang)))
    return (None if problems else document), list(problems)


def _no_catalogue(project: Path, folder: Path, doc: Document, path: tuple, code: str, source_language: str) -> Problem:
    folders = message_folders(project, folder)
    model = next((lang for lang in ("en", source_language) if find_catalogue(folders, lang).is_file()), source_language)
    wanted = catalogue_file(folder, code)
    where = _("the download page and calendars") if folder != MESSAGES else "the publications"
    theme = theme_of(project)
    return Problem(
        doc.file,
        doc.line_of(path),
        dotted_path(path),
        _(
            "no message catalogue for '{code}' ({wanted} is missing): {where} would print {source_language} words around {code} texts"
        ).format(code=code, wanted=wanted, where=where, source_language=source_language),
        _("copy {shown} to {wanted} and translate it").format(
            shown=theme.shown(find_catalogue(folders, model)), wanted=wanted
        ),
    )


def _entry_problems(document: Document) -> list[Problem]:
    """Each entry is a text, or one text per CLDR plural category, `other` among them."""
    if not isinstance(document.data, dict):
        return [
            Problem(
                document.file,
                1,
                "",
                _("should hold entries (key: text lines)"),
                _("see layouts/messages/en.yaml for the expected form"),
            )
        ]
    problems = []
    for key, entry in document.data.items():
        at = lambda path: (document.file, document.line_of(path), dotted_path(path))  # noqa: E731
        if isinstance(entry, dict):
            unknown = [c for c in entry if c not in PLURAL_CATEGORIES]
            problems += [
                Problem(
                    *at((key, c)),
                    _("'{category}' is not a CLDR plural category").format(category=c),
                    f"use {', '.join(PLURAL_CATEGORIES)}",
                )
                for c in unknown
            ]
            if "other" not in entry:
                problems.append(
                    Problem(
                        *at((key,)), _("has no 'other' form, the one every language uses"), _("add `other: …` under it")
                    )
                )
        forms = entry_forms(key, entry)
        problems += [
            Problem(*at(path), _("should be a text"), _("write it as text, in quotes if it holds a colon"))
            for path, text in forms
            if not isinstance(text, str)
        ]
    return problems


def placeholders(text: str) -> set[str]:
    """The `{name}`s of a text; ValueError when its braces do not pair (`{{` writes a brace)."""
    return {name for _text, name, _spec, _conversion in string.Formatter().parse(text) if name is not None}


def _entry_placeholders(document: Document) -> tuple[dict[str, set[str]], list[Problem]]:
    """Each entry's placeholders (of all its forms), and the texts whose braces do not pair."""
    found: dict[str, set[str]] = {}
    problems = []
    for key, entry in document.data.items():
        for path, text in entry_forms(key, entry):
            try:
                found.setdefault(key, set()).update(placeholders(text) if isinstance(text, str) else ())
            except ValueError as exc:
                problems.append(
                    Problem(
                        document.file,
                        document.line_of(path),
                        dotted_path(path),
                        _("has a brace that does not pair ({exc})").format(exc=exc),
                        _("write a placeholder as {name}, and a brace itself as {{ or }}"),
                    )
                )
    return found, problems


def _placeholder_problems(found: dict[str, Document]) -> list[Problem]:
    """A `{name}` that no other catalogue's same entry has is a typo: the layouts fill only the others'."""
    named = {lang: _entry_placeholders(document) for lang, document in found.items()}
    problems = [problem for _entries, brace_problems in named.values() for problem in brace_problems]
    for lang, (entries, _problems) in named.items():
        document = found[lang]
        for key, names in entries.items():
            others = [other[0][key] for other_lang, other in named.items() if other_lang != lang and key in other[0]]
            if not others:
                continue
            for name in sorted(names - set().union(*others)):
                known = ", ".join(f"{{{n}}}" for n in sorted(set().union(*others))) or "none"
                problems.append(
                    Problem(
                        document.file,
                        document.line_of((key,)),
                        key,
                        _(
                            "has the placeholder {{{name}}}, which the layouts do not fill (the other catalogues use: {known})"
                        ).format(name=name, known=known),
                        _("correct its spelling, or remove it"),
                    )
                )
    return problems


def _column_name(key: object) -> bool:
    return isinstance(key, str) and key.startswith(COLUMN_NAMES)


def _missing_entries(found: dict[str, Document], source_language: str) -> list[tuple[str, Problem]]:
    """Each catalogue that lacks entries another one has: (its language, the problem)."""
    everywhere: dict[str, str] = {}  # each key and a catalogue that has it, the source language's first
    for lang in sorted(found, key=lambda lang: lang != source_language):
        # A sheet's column names are optional in every language: the English field names always work.
        everywhere.update({key: lang for key in found[lang].data if key not in everywhere and not _column_name(key)})
    missing = []
    for lang, document in found.items():
        keys = [key for key in everywhere if key not in document.data]
        if not keys:
            continue
        names = ", ".join(keys)
        others = ", ".join(sorted({str(found[everywhere[key]].file) for key in keys}))
        if lang == source_language:
            message = _(
                "has no entry {names} ({others} has them), and there is no other language to fall back to"
            ).format(names=names, others=others)
        else:
            message = _(
                "has no entry {names} ({others} has them): the {source_language} words are printed instead"
            ).format(names=names, others=others, source_language=source_language)
        missing.append(
            (
                lang,
                Problem(
                    document.file, None, "", message, _("add {names} to {file}").format(names=names, file=document.file)
                ),
            )
        )
    return missing
