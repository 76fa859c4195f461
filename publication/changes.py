"""What changed in an event's agenda since a release: pure functions on plain records, no file read.

A session's record is what a partner holds in hand of it: its title (each language), day, start and
end (or when: "evening"), room and people. `session_records` makes them from the sources; a release
keeps them as JSON (`releases`); `changes` compares two lists of them.

A session is the same session when its title, as the sources write it in their language, is the
same: a title edited is a session removed and one added, the way a reader sees it. Sessions of the
same title ("Break") are paired at the same day and start first, then in agenda order. Between the same session, what moved is said in a
fixed order: to another day (`moved`, which says the new time too), else another start or end
(`retimed`), another room (`room`), other people (`people`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .model import Person, Text, Workshop

SessionRecord = dict[str, Any]  # JSON-ready: name, title, date, start, end, when, room, people
CHANGE_KINDS = ("added", "removed", "moved", "retimed", "room", "people")  # the order they are told in


@dataclass(frozen=True)
class Change:
    kind: str  # one of CHANGE_KINDS
    before: SessionRecord | None  # as released (None: added)
    after: SessionRecord | None  # as the sources say now (None: removed)

    @property
    def session(self) -> SessionRecord:
        """The record to name the session by: as it is now, else as it was."""
        return self.after or self.before or {}


def text_record(text: Text | None) -> dict[str, str] | None:
    return dict(text) if text else None


def person_record(person: Any) -> str | dict[str, str]:
    """A person as the programme names them: the name, or the older free text (each language)."""
    return person.name if isinstance(person, Person) else dict(person)


def session_records(workshop: Workshop, source_language: str) -> list[SessionRecord]:
    """Each session of an event (each of a slot's parallel sessions its own), in agenda order."""
    records = []
    for day in workshop.agenda:
        for item in day.sessions:
            held: list[Any] = list(item.parallel) or [item]  # a slot's parallel sessions, else the item
            for session in held:
                title = text_record(session.title or item.title) or {}
                name = title.get(Text.NEUTRAL) or title.get(source_language) or next(iter(title.values()), "")
                people = [session.chair] if session.chair else []
                records.append(
                    {
                        "name": name,
                        "title": title,
                        "date": day.date.isoformat(),
                        "start": f"{item.start:%H:%M}" if item.start else None,
                        "end": f"{item.end:%H:%M}" if item.end else None,
                        "when": item.when,
                        "room": text_record(session.room or session.meeting_point),
                        "people": [person_record(person) for person in [*people, *session.speakers]],
                    }
                )
    return records


def what_changed(before: SessionRecord, after: SessionRecord) -> list[str]:
    """The kinds of change between two records of the same session, in CHANGE_KINDS' order."""
    found = []
    if before["date"] != after["date"]:
        found.append("moved")
    elif (before["start"], before["end"], before["when"]) != (after["start"], after["end"], after["when"]):
        found.append("retimed")
    if before["room"] != after["room"]:
        found.append("room")
    if before["people"] != after["people"]:
        found.append("people")
    return found


def order(record: SessionRecord) -> tuple[str, str]:
    return record["date"], record["start"] or "99:99"  # an untimed item after the day's timed ones


def pairs(
    released: list[SessionRecord], current: list[SessionRecord]
) -> list[tuple[SessionRecord | None, SessionRecord | None]]:
    """(before, after) of each session: same title, day and start first, then same title in order;
    a session only released pairs with None after, one only current with None before."""
    left = list(released)
    found: list[tuple[SessionRecord | None, SessionRecord | None]] = []

    def take(record: SessionRecord, fields: tuple[str, ...]) -> SessionRecord | None:
        same = next((r for r in left if all(r[field] == record[field] for field in fields)), None)
        if same is not None:
            left.remove(same)
        return same

    unpaired = []
    for record in current:
        before = take(record, ("name", "date", "start"))
        if before is None:
            unpaired.append(record)
        else:
            found.append((before, record))
    found += [(take(record, ("name",)), record) for record in unpaired]
    return found + [(record, None) for record in left]


def changes(released: list[SessionRecord], current: list[SessionRecord]) -> list[Change]:
    """Every change from the released agenda to the current one, in the order of the sessions' days
    and times (as they are now; a removed session where it was), each session's in CHANGE_KINDS'."""
    found = []
    for before, after in pairs(released, current):
        if before is None or after is None:
            found.append(Change("added" if before is None else "removed", before, after))
        else:
            found += [Change(kind, before, after) for kind in what_changed(before, after)]
    return sorted(found, key=lambda change: (*order(change.session), CHANGE_KINDS.index(change.kind)))
