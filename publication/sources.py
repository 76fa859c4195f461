"""Load and validate the whole `sources/` folder, reporting every problem at once."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .agenda_dates import days_outside_the_dates, month_only_days, overlapping_sessions
from .assets import (
    check_profile,
    check_source_files,
    check_source_images,
    check_stylesheets,
    display_name,
    renamed_twice,
    source_file,
)
from .catalogues import check_catalogues
from .errors import MissingTranslation, Problem, SourceError
from .eu_visibility import check_eu_funders
from .load import Document, load_yaml
from .logos import check_logos
from .map_labels import check_map_labels
from .messages import _, use_language
from .model import (
    Contacts,
    Network,
    Partners,
    Site,
    Text,
    Workshop,
    event_zone_name,
    iter_values_of_type,
    messages_setting,
    validate,
    zone_fix,
)
from .model.values import WRITTEN_ONCE_FIELDS, written_once_field
from .participants import ParticipantList, read_participant_lists
from .sandbox import links_leaving
from .sheets import files_read, join_sheet
from .theme import theme_of
from .transitions import read_former_spellings

SOURCE_FILES: dict[str, type[BaseModel]] = {
    "site.yaml": Site,
    "network.yaml": Network,
    "partners.yaml": Partners,
    "contacts.yaml": Contacts,
}
WORKSHOPS_DIR = "workshops"
# The list a file may give as a spreadsheet instead (`agenda: agenda/x.xlsx`, relative to sources/).
SHEET_KEYS: dict[type[BaseModel], str] = {Workshop: "agenda", Partners: "partners"}


@dataclass
class Sources:
    """Everything the publications say, validated, with where each record came from."""

    root: Path
    site: Site
    network: Network
    partners: Partners
    contacts: Contacts
    workshops: dict[str, Workshop]
    documents: dict[str, Document]
    warnings: list[Problem] = field(default_factory=list)
    # sources/private/: each event's participants (personal data), read only by the private kinds.
    participants: dict[str, ParticipantList] = field(default_factory=dict)

    @property
    def partners_file(self) -> str:
        """Where the partners' ids are written, as messages name it: partners.yaml, or the sheet it reads
        (`partners: partners.csv`), from sources/."""
        sheets, root = files_read(self.documents.get("partners.yaml")), self.root.resolve()
        if sheets and (sheet := sheets[0].resolve()).is_relative_to(root):
            return sheet.relative_to(root).as_posix()
        return "partners.yaml"

    def partner(self, partner_id: str):
        return next(p for p in self.partners.partners if p.id == partner_id)

    def host_of(self, workshop: Workshop):
        """Who hosts an event: a partner (by its id), or a place of its own (a `Place`)."""
        return self.partner(workshop.host) if isinstance(workshop.host, str) else workshop.host

    def workshops_in_order(self) -> list[tuple[str, Workshop]]:
        return sorted(self.workshops.items(), key=lambda item: item[1].first_day)


def _load_and_validate(root: Path, file: Path, model: type[BaseModel]):
    if file.exists() and not file.is_file():  # reading a named pipe would wait forever
        return (
            None,
            None,
            [
                Problem(
                    display_name(root, file),
                    None,
                    "",
                    _("is not a regular file (a folder, named pipe or device)"),
                    _("replace it with a YAML file, or remove it"),
                )
            ],
        )
    doc, problems = load_yaml(file, display_name(root, file))
    if doc is None or problems:
        return doc, None, problems
    read_former_spellings(doc, file.name, root.parent)
    if model in SHEET_KEYS:  # the sheet's own problems, then the schema's, all at once
        doc, problems = join_sheet(doc, SHEET_KEYS[model], root)
    record, found = validate(doc, model)
    return doc, None if problems else record, problems + found


def read_sources(root: Path) -> Sources:
    """Read and check every source file; raise SourceError listing all problems."""
    root = Path(root)
    documents: dict[str, Document] = {}
    records: dict[str, Any] = {}
    refuse_unreadable(root)
    use_language(messages_setting(source_file(root, "site.yaml")))  # else the locale's, for all that follows
    files = sorted((root / WORKSHOPS_DIR).glob("*.y*ml"))
    problems = check_source_files(root, [source_file(root, name) for name in SOURCE_FILES], files)  # before reading any
    for name, model in SOURCE_FILES.items():
        doc, record, found = _load_and_validate(root, source_file(root, name), model)
        problems += found
        if doc is not None:
            documents[name] = doc
        records[name] = record
    workshops = _read_workshops(root, files, documents, problems)
    if problems or any(r is None for r in records.values()):
        raise SourceError(problems)
    sources = Sources(
        root,
        records["site.yaml"],
        records["network.yaml"],
        records["partners.yaml"],
        records["contacts.yaml"],
        workshops,
        documents,
    )
    sources.participants, private_warnings = read_participant_lists(root, workshops, problems)
    catalogue_problems, catalogue_warnings = check_languages_catalogues(sources)
    problems += check_references(sources) + check_text_languages(sources) + catalogue_problems
    if problems:
        raise SourceError(problems)
    sources.warnings = (
        [warning for doc in documents.values() for warning in doc.warnings]
        + catalogue_warnings
        + check_translations(sources)
        + [
            warning
            for key, event in sources.workshops.items()
            for warning in month_only_days(documents[key], event) + overlapping_sessions(documents[key], event)
        ]
        + check_map_labels(sources.partners, sources.documents["partners.yaml"])
        + private_warnings
    )
    return sources


def refuse_unreadable(root: Path) -> None:
    """The sources' folder before any file is read: a folder, no link leading out of the project, no
    source file under both its names."""
    if not root.is_dir():
        raise SourceError(
            [
                Problem(
                    str(root),
                    None,
                    "",
                    _("is not a folder"),
                    _("run the command from the project folder, or pass --project FOLDER"),
                )
            ]
        )
    if links_leaving(root.parent):
        raise SourceError(links_leaving(root.parent))
    if renamed_twice(root):
        raise SourceError(renamed_twice(root))


def _read_workshops(
    root: Path, files: list[Path], documents: dict[str, Document], problems: list[Problem]
) -> dict[str, Workshop]:
    """The workshops, one per file name (a second file of the same stem is a problem already)."""
    workshops: dict[str, Workshop] = {}
    for file in files:
        if file.stem in documents:
            continue
        doc, record, found = _load_and_validate(root, file, Workshop)
        problems += found
        if doc is not None:
            documents[file.stem] = doc
        if record is not None:
            workshops[file.stem] = record
    if not files:  # a file that fails is reported as itself, not as a missing workshop
        problems.append(
            Problem(
                display_name(root, root / WORKSHOPS_DIR),
                None,
                "",
                _("holds no workshop"),
                _("add one YAML file per workshop, e.g. workshops/2016-09-dresden.yaml"),
            )
        )
    return workshops


def check_languages_catalogues(sources: Sources) -> tuple[list[Problem], list[Problem]]:
    """Every language of the site has its message catalogues (problems located where it is named)."""
    site = sources.site
    uses = [(sources.documents["site.yaml"], ("languages", i), code) for i, code in enumerate(site.languages)]
    uses += [
        (sources.documents[key], ("languages", i), code)
        for key, workshop in sources.workshops.items()
        for i, code in enumerate(workshop.languages or [])
        if code in site.languages
    ]
    return check_catalogues(sources.root.parent, site.languages, site.source_language, uses)


def check_references(sources: Sources) -> list[Problem]:
    """Cross-file checks: hosts are partners, languages are declared, profiles exist."""
    problems = []
    partner_ids = [p.id for p in sources.partners.partners]
    site_doc = sources.documents["site.yaml"]
    for key, workshop in sources.workshops.items():
        doc = sources.documents[key]
        if isinstance(workshop.host, str) and workshop.host not in partner_ids:
            close = difflib.get_close_matches(workshop.host, partner_ids, n=1)
            fix = (
                _("did you mean '{suggestion}'?").format(suggestion=close[0])
                if close
                else _("use a partner id from {file}: {ids}").format(
                    file=sources.partners_file, ids=", ".join(partner_ids)
                )
            )
            problems.append(
                Problem(
                    doc.file,
                    doc.line_of(("host",)),
                    "host",
                    _("'{host}' is not a partner").format(host=workshop.host),
                    fix,
                )
            )
        for i, code in enumerate(workshop.languages or []):
            if code not in sources.site.languages:
                problems.append(
                    doc.problem(
                        ("languages", i),
                        _("'{code}' is not one of the site's languages {languages}").format(
                            code=code, languages=sources.site.languages
                        ),
                        _("add it to `languages` in site.yaml, or remove it here"),
                    )
                )
        problems += days_outside_the_dates(doc, workshop)
        known_host = not isinstance(workshop.host, str) or workshop.host in partner_ids
        country = sources.host_of(workshop).country if known_host else None
        if country and workshop.timed and not event_zone_name(workshop.time_zone, country):
            problem = _("is in {country}, which has no default time zone for the agenda's times").format(
                country=country
            )
            problems.append(doc.problem(("host",), problem, zone_fix(country)))
    project = sources.root.parent
    problems += check_profile(
        project, sources.site.print.output_profile, site_doc.file, site_doc.line_of(("print", "output_profile"))
    )
    logos = {"network.yaml": sources.network, "partners.yaml": sources.partners}  # logos: a picture each
    problems += check_source_images(project, {**sources.workshops, **logos}, sources.documents)
    problems += check_logos(sources) + check_eu_funders(sources)
    problems += check_stylesheets(project)
    if not problems and theme_of(project).file(sources.site.print.output_profile).read_bytes()[16:20] != b"CMYK":
        # The ICC header's data colour space: a PDF/X output intent needs 4 components.
        problems.append(
            Problem(
                site_doc.file,
                site_doc.line_of(("print", "output_profile")),
                "print.output_profile",
                _("'{profile}' is not a CMYK profile (a PDF/X output intent needs 4 components)").format(
                    profile=sources.site.print.output_profile
                ),
                _("use the printer's CMYK output profile, e.g. a FOGRA39 or FOGRA51 profile"),
            )
        )
    return problems


def language_code_problem(code: str) -> tuple[str, str]:
    """What is wrong with a language code and how to fix it, or ('', '') for a real ISO 639 code."""
    from babel import Locale
    from babel.languages import get_official_languages

    if code in Locale("en").languages:
        return "", ""
    official = get_official_languages(code.upper()) if len(code) == 2 else ()
    if official:  # 'gr', 'cz', 'dk': country codes written for languages
        return (
            _("'{code}' is not a language code (it is the country code of {country})").format(
                code=code, country=code.upper()
            ),
            _("write '{language}', the code of its language").format(language=official[0]),
        )
    return _("'{code}' is not a known language code").format(code=code), _("use an ISO 639 code such as fr, en, de, el")


def check_text_languages(sources: Sources) -> list[Problem]:
    """Language codes must be real: a translation under 'gr:' instead of 'el:' would be lost."""
    problems = []
    for key, record in _records(sources).items():
        doc = sources.documents[key]
        for path, text in iter_texts(record):
            for code in text:
                message, fix = language_code_problem(code) if code != Text.NEUTRAL else ("", "")
                if message:
                    problems.append(doc.problem((*path, code), message, fix))
    site_doc = sources.documents["site.yaml"]
    for name in ("languages", "default_languages"):
        for i, code in enumerate(getattr(sources.site, name)):
            message, fix = language_code_problem(code)
            if message:
                problems.append(site_doc.problem((name, i), message, fix))
    partners_doc = sources.documents["partners.yaml"]
    for i, partner in enumerate(sources.partners.partners):
        message, fix = language_code_problem(partner.language) if partner.language else ("", "")
        if message:
            problems.append(partners_doc.problem(("partners", i, "language"), message, fix))
    return problems


def _records(sources: Sources) -> dict[str, Any]:
    return {**{name: getattr(sources, name.removesuffix(".yaml")) for name in SOURCE_FILES}, **sources.workshops}


def iter_texts(value: Any) -> Iterator[tuple[tuple, Text]]:
    """Every translatable text inside a record, with its path in the data."""
    return iter_values_of_type(value, Text)


def languages_of(sources: Sources, key: str | None) -> list[str]:
    """The languages a source file's texts are published in (None: a document of no one workshop)."""
    workshop = sources.workshops.get(key) if key is not None else None
    if workshop is not None and workshop.languages:
        return list(dict.fromkeys([*sources.site.default_languages, *workshop.languages]))
    return list(sources.site.default_languages)


# Shared texts that a workshop's programme prints too, so they are published in every language
# of every programme: the credits, the publisher (the PDFs' author), the partners' names, and
# the network's aim and kind (the PDFs' description and keywords).
PRINTED_BY_PROGRAMMES = {
    "network.yaml": ("credits", "aim", "kind"),
    "site.yaml": ("publisher",),
    "partners.yaml": ("partners",),
}


def all_languages_published(sources: Sources) -> list[str]:
    extra = [code for workshop in sources.workshops.values() for code in workshop.languages or []]
    return list(dict.fromkeys([*sources.site.default_languages, *extra]))


def check_translations(sources: Sources) -> list[Problem]:
    """Every text that will print untranslated in a language it is published in: given per language
    but missing one, or written once (for every language) where the field is not a name or a code."""
    records = _records(sources)
    everywhere = all_languages_published(sources)
    source_language = sources.site.source_language
    warnings: list[Problem] = []
    for key, record in records.items():
        doc = sources.documents[key]
        for path, text in iter_texts(record):
            wanted = everywhere if path[0] in PRINTED_BY_PROGRAMMES.get(key, ()) else languages_of(sources, key)
            if text.neutral:
                untranslated = tuple(code for code in wanted if code != source_language)
                if len(wanted) < 2 or not untranslated or written_once_field(path) in WRITTEN_ONCE_FIELDS:
                    continue
                message = _(
                    "is written once, for every language: the {languages} publications print it untranslated"
                ).format(languages=", ".join(untranslated))
                lines = [f"`{code}: …`" for code in wanted]
                fix = _("write it per language: {lines} and {last} lines under it").format(
                    lines=", ".join(lines[:-1]), last=lines[-1]
                )
                warnings.append(MissingTranslation.of(doc.problem(path, message, fix), untranslated))
                continue
            for code in wanted:
                if code not in text:
                    problem = doc.problem(
                        path,
                        _("has no '{code}' translation").format(code=code),
                        _("add `{code}: …` under it").format(code=code),
                    )
                    warnings.append(MissingTranslation.of(problem, (code,)))
    return warnings
