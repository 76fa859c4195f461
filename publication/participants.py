"""The participant lists: `sources/private/<event>.participants.yaml`, one per event (the event is
a workshop file's stem), whose `participants:` is a list or names a sheet (XLSX, ODS, CSV) inside
`sources/private/`. Read and checked here, kept apart from the public sources: only the kinds
whose record is `private` read them (kinds.py), and their files go to `output/private/`.

A duplicate name is a warning naming both places; a day outside the event's dates, an event
that does not exist, a sheet outside the private folder are problems.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .assets import display_name
from .errors import Problem
from .load import Document, load_yaml
from .messages import _
from .model import Participants, Workshop, validate
from .sheets import files_read, join_sheet

PRIVATE_DIR = "private"  # inside sources/ and inside the output folder: never published
SUFFIX = ".participants"  # private/2027-06-tampere.participants.yaml
LIST_KEY = "participants"


@dataclass(frozen=True)
class ParticipantList:
    """One event's participants, validated, and the document that locates each of them."""

    event: str
    record: Participants
    document: Document
    file: Path

    @property
    def files(self) -> list[Path]:
        """What its documents read: the YAML file, and the sheet it names."""
        return [self.file, *files_read(self.document)]


def participant_files(sources_root: Path) -> list[Path]:
    return sorted((sources_root / PRIVATE_DIR).glob(f"*{SUFFIX}.y*ml"))


def event_of(file: Path) -> str:
    return file.name.rsplit(SUFFIX, 1)[0]


def read_participant_lists(
    root: Path, workshops: dict[str, Workshop], problems: list[Problem]
) -> tuple[dict[str, ParticipantList], list[Problem]]:
    """Every event's list, by event, and their warnings; their problems added to `problems`."""
    lists: dict[str, ParticipantList] = {}
    warnings: list[Problem] = []
    for file in participant_files(root):
        doc, found = load_yaml(file, display_name(root, file))
        if doc is None or found:
            problems += found
            continue
        if (sheet := _sheet_outside(doc, root)) is not None:
            problems.append(sheet)
            continue
        doc, found = join_sheet(doc, LIST_KEY, root)
        record, invalid = validate(doc, Participants)
        problems += found + invalid
        event = event_of(file)
        if event not in workshops:
            problems.append(
                doc.problem(
                    (), _("names no event: there is no workshops/{event}.yaml").format(event=event), _fix(workshops)
                )
            )
            continue
        if isinstance(record, Participants) and not found:
            problems += days_outside(doc, record, workshops[event])
            warnings += duplicate_names(doc, record)
            lists[event] = ParticipantList(event, record, doc, file)
    return lists, warnings


def _fix(workshops: dict[str, Workshop]) -> str:
    named = ", ".join(f"{key}{SUFFIX}.yaml" for key in sorted(workshops)[:3])
    return _("name the file after a workshop's file, e.g. {named}").format(named=named)


def _sheet_outside(doc: Document, root: Path) -> Problem | None:
    """A sheet of personal data must stay in the private folder, which is never published nor committed."""
    given = doc.data.get(LIST_KEY) if isinstance(doc.data, dict) else None
    if not isinstance(given, str):
        return None
    file = (root / given.partition("#")[0]).resolve()
    if file.is_relative_to((root / PRIVATE_DIR).resolve()):
        return None
    return doc.problem(
        (LIST_KEY,),
        _("'{given}' lies outside sources/{private_dir}/: a participant list holds personal data").format(
            given=given, private_dir=PRIVATE_DIR
        ),
        _(
            "move the sheet into sources/{private_dir}/ and write its path from sources/, e.g. {private_dir}/list.xlsx"
        ).format(private_dir=PRIVATE_DIR),
    )


def days_outside(doc: Document, record: Participants, workshop: Workshop) -> list[Problem]:
    """Each day a participant attends outside the event's dates, at the day (its line or cell)."""
    first, last = workshop.first_day, workshop.last_day
    return [
        doc.problem(
            (LIST_KEY, i, "days"),
            _("{day} lies outside the event's dates ({first} to {last})").format(day=day, first=first, last=last),
            _("check the date, or leave the cell empty for every day"),
        )
        for i, participant in enumerate(record.participants)
        for day in participant.days or ()
        if not first <= day <= last
    ]


def duplicate_names(doc: Document, record: Participants) -> list[Problem]:
    """A name given twice (a warning: two people may share one), naming both places."""
    first_at: dict[str, int] = {}
    warnings = []
    for i, participant in enumerate(record.participants):
        key = participant.name_key
        if key not in first_at:
            first_at[key] = i
            continue
        file, where = doc.where((LIST_KEY, first_at[key]))
        shown = f"{file}:{where}" if where is not None else str(file)
        warnings.append(
            doc.problem(
                (LIST_KEY, i),
                _("'{full_name}' is given twice (also at {shown})").format(
                    full_name=participant.full_name, shown=shown
                ),
                _("remove one of the two, or tell the two people apart (a middle name)"),
            )
        )
    return warnings
