"""The event kit's context: what badges, table cards, attendance sheets and room signs print of an
event's participant list (sources/private/) and agenda, in one language. Each part is a function
that render.py makes on first use, so a kind's layout computes only what it reads.

Names are set by namefit (size and lines decided here, from the face's widths); a name too long for
its box at the smallest size is a SourceError naming its cell or line.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from .catalogues import find_catalogue, message_folders
from .errors import SourceError
from .localise import Language, country_name
from .messages import _
from .model import ROLES, Participant
from .namefit import NAME_FACE, NameBox, fit_name
from .participants import LIST_KEY, ParticipantList
from .plan import Publication
from .scripts import language_of
from .sources import Sources
from .theme import theme_of
from .timetable import day_label, time_label

ENGLISH = "en"  # an attendance sheet's second language, for the programme's controls
# The signature columns of a day's sheet, by the participant list's `attendance` (catalogue keys).
SIGNATURE_COLUMNS = {
    "day": ("attendance_signature",),
    "half-day": ("attendance_signature_morning", "attendance_signature_afternoon"),
}
WALK_IN_ROWS = 8  # empty rows at the end of a day's sheet, for people who came unannounced
# The totals by country side by side in this many columns: twenty countries in a third of a page, not a page.
TOTALS_COLUMNS = 3


class Made:
    """A value made on first use, read as the value (its attributes, its items, its length)."""

    def __init__(self, make: Callable[[], Any]) -> None:
        self._make, self._made = make, None

    def value(self) -> Any:
        if self._made is None:
            self._made = self._make()
        return self._made

    def __getattr__(self, name: str) -> Any:
        return getattr(self.value(), name)

    def __iter__(self):
        return iter(self.value())

    def __len__(self) -> int:
        return len(self.value())


def kit_context(sources: Sources, publication: Publication, language: Language) -> dict[str, Any]:
    """`kit`: what the kit's layouts may read, each part made when first read; nothing for a public kind."""
    if not publication.kind_record.private:
        return {}
    parts = {name: Made(make) for name, make in kit_parts(sources, publication, language).items()}
    box = publication.kind_record.name_box
    named = SimpleNamespace(width_mm=box[0], height_mm=box[1]) if box else None  # the layout's name box, as fitted
    return {"kit": SimpleNamespace(box=named, **parts)}


def kit_parts(sources: Sources, publication: Publication, language: Language) -> dict[str, Callable[[], Any]]:
    """`badges`, `table_cards`, `attendance` (the day's sheet), `room_signs`; none for a publication of
    no event with a participant list."""
    participants = sources.participants.get(publication.workshop or "")
    if participants is None:
        return {}
    return {
        "badges": lambda: [
            badge_view(sources, publication, language, participants, i) for i in _everyone(participants, publication)
        ],
        "table_cards": lambda: [
            badge_view(sources, publication, language, participants, i)
            for i in _everyone(participants, publication)
            if ROLES[participants.record.participants[i].role].table_card
        ],
        "attendance": lambda: attendance_view(sources, publication, language, participants),
        "room_signs": lambda: room_sign_views(sources, publication, language),
    }


def _everyone(participants: ParticipantList, publication: Publication) -> list[int]:
    """The participants' indexes in alphabetical order of family name (badges are laid out so): all of
    them, or those of the publication's part of a long list (kinds.Kind.people_per_document)."""
    people = participants.record.participants
    ordered = sorted(range(len(people)), key=lambda i: people[i].sort_key)
    return in_part(ordered, publication)[0]


def in_part(ordered: list, publication: Publication) -> tuple[list, int]:
    """What of a long list a publication's part holds (kinds.Kind.people_per_document), and how many of it
    come before: the whole list, from 0, for a publication not in parts."""
    size = publication.kind_record.people_per_document
    if publication.part is None or size is None:
        return ordered, 0
    first = (publication.part - 1) * size
    return ordered[first:][:size], first


def badge_view(
    sources: Sources, publication: Publication, language: Language, participants: ParticipantList, index: int
) -> SimpleNamespace:
    """One person as a badge or table card prints them: the name fitted, organisation, country, role."""
    person = participants.record.participants[index]
    given, family = person.given_and_family
    box = publication.kind_record.name_box
    fitted = None
    if box is not None:
        face = theme_of(sources.root.parent).file(f"styles/{NAME_FACE}")
        fitted = fit_name(given, family, NameBox(*box), face)
        if fitted is None:
            raise SourceError([_too_long(participants, index, person, box)])
    role = ROLES[person.role]
    colours = publication.settings
    return SimpleNamespace(
        name=person.full_name,
        fitted=fitted,
        organisation=person.organisation,
        # A name or an organisation in another script than the document's, read in its language.
        name_lang=language_of(person.full_name, language.lang, person.country),
        organisation_lang=language_of(person.organisation, language.lang, person.country),
        country=country_name(person.country, language.lang) if person.country else None,
        role=person.role,
        role_word=language.words(f"participant_role_{person.role}"),
        # The role in the person's own language too (its `language`), where the catalogues have it.
        own_role=_own_word(sources, language, person.language, f"participant_role_{person.role}"),
        language=person.language,
        band=f"device-cmyk({' '.join(f'{v / 100:g}' for v in role.cmyk)})" if colours.cmyk else role.srgb,
        ink=("device-cmyk(0 0 0 1)" if role.ink_srgb == "#000000" else "device-cmyk(0 0 0 0)")
        if colours.cmyk
        else role.ink_srgb,
    )


@cache
def _catalogued(project: Path, lang: str) -> bool:
    return find_catalogue(message_folders(project), lang).is_file()


def _own_word(sources: Sources, language: Language, lang: str | None, key: str) -> str | None:
    """A catalogue's word in another language than the document's, if there is a catalogue of it."""
    if lang is None or lang == language.lang or not _catalogued(sources.root.parent, lang):
        return None
    return _language(sources.root.parent, sources.site.source_language, lang).words(key)


@cache
def _language(project: Path, source_language: str, lang: str) -> Language:
    return Language(lang, source_language, message_folders(project))


def _too_long(participants: ParticipantList, index: int, person: Participant, box) -> Any:
    field = "name" if person.name is not None else "family"
    return participants.document.problem(
        (LIST_KEY, index, field),
        _("'{name}' does not fit a {width:g} × {height:g} mm name box even at {size:g} pt").format(
            name=person.full_name, width=box[0], height=box[1], size=box[2]
        ),
        _("shorten it as the person agrees (a second given name as an initial), or give `given` and `family` apart"),
    )


def attendance_view(
    sources: Sources, publication: Publication, language: Language, participants: ParticipantList
) -> SimpleNamespace:
    """A day's attendance sheet: the day, the people expected that day alphabetically, the empty rows
    for walk-ins, the totals by country; each heading in the language and in English."""
    day = dt.date.fromisoformat(publication.day) if publication.day else None
    everyone = sorted(participants.record.expected(publication.day), key=lambda p: p.sort_key)
    # A part of a long day (kinds.Kind.people_per_document): its rows numbered on; the walk-ins and the
    # day's totals close the last part.
    people, first = in_part(everyone, publication)
    last = first + len(people) == len(everyone)
    english = _language(sources.root.parent, sources.site.source_language, ENGLISH)
    both = lambda key: _both(language, english, key)  # noqa: E731
    country_of = lambda p: country_name(p.country, language.lang) if p.country else ""  # noqa: E731
    rows = [
        SimpleNamespace(
            number=n,
            name=p.full_name,
            organisation=p.organisation or "",
            name_lang=language_of(p.full_name, language.lang, p.country),
            organisation_lang=language_of(p.organisation, language.lang, p.country),
            country=country_of(p),
        )
        for n, p in enumerate(people, first + 1)
    ]
    countries = Counter(country_of(p) or "–" for p in everyone) if last else Counter()
    totals = sorted(countries.items(), key=lambda item: (-item[1], item[0]))
    depth = -(-len(totals) // TOTALS_COLUMNS)  # rows of the totals' table, read down each column
    return SimpleNamespace(
        day_label=day_label(language, sources.workshops[publication.workshop or ""], day) if day else "",
        rows=rows,
        walk_ins=list(range(len(everyone) + 1, len(everyone) + 1 + WALK_IN_ROWS)) if last else [],
        totals=totals,
        totals_rows=[totals[row::depth] for row in range(depth)],
        total=len(everyone),
        attendance=participants.record.attendance,
        signatures=[both(key) for key in SIGNATURE_COLUMNS[participants.record.attendance]],
        columns=4 + len(SIGNATURE_COLUMNS[participants.record.attendance]),  # the walk-ins' heading spans them all
        words=SimpleNamespace(
            **{key: both(f"attendance_{key}") for key in ("title", "name", "organisation", "country", "signature")},
            **{key: both(f"attendance_{key}") for key in ("walk_ins", "totals", "total", "expected", "number")},
        ),
    )


def _both(language: Language, english: Language, key: str) -> SimpleNamespace:
    """A heading in the sheet's language, and in English beneath it unless the same."""
    own, other = language.words(key), english.words(key)
    return SimpleNamespace(own=own, english=other if other != own else None)


def room_sign_views(sources: Sources, publication: Publication, language: Language) -> list[SimpleNamespace]:
    """One sign per room and day of the event's agenda: the room, the day, its sessions' times and titles."""
    workshop = sources.workshops[publication.workshop or ""]
    signs = []
    for day in workshop.agenda:
        rooms: dict[str, list[SimpleNamespace]] = {}
        for item in day.sessions:
            for session in [item, *item.parallel]:
                room = language.text(session.room) if session.room else None
                if room and session.title:
                    rooms.setdefault(room, []).append(
                        SimpleNamespace(time=time_label(language, item), title=language.text(session.title))
                    )
        signs += [
            SimpleNamespace(room=room, day_label=day_label(language, workshop, day.date), sessions=sessions)
            for room, sessions in rooms.items()
        ]
    return signs
