"""The changes since a release (`changes`) as a reader is told them, in a language: one line each
("New time: “Opening”, 9 June 2027, 09:30–11:00 (was 9 June 2027, 09:15–10:45)"), the words from the
layouts' catalogue (`change_<kind>`), dates and times the language's way."""

from __future__ import annotations

import datetime as dt

from .changes import Change, SessionRecord
from .localise import Language, format_clock, format_day, join_list
from .model import Text


def when_label(language: Language, record: SessionRecord) -> str:
    """'9 June 2027, 09:30–11:00'; an untimed item: '9 June 2027, Evening'."""
    day = format_day(dt.date.fromisoformat(record["date"]), language.lang)
    if record["start"] is None:
        when = record["when"].replace("-", "_")
        return f"{day}, {language.words(f'when_{when}')}"
    start, end = (
        format_clock(dt.time.fromisoformat(record[at]), language.lang) for at in ("start", "end") if record[at]
    )
    return f"{day}, {start}–{end}" if record["end"] else f"{day}, {start}"


def place_label(language: Language, record: SessionRecord) -> str:
    return language.text(Text(record["room"])) if record["room"] else language.words("change_no_room")


def people_label(language: Language, record: SessionRecord) -> str:
    names = [person if isinstance(person, str) else language.text(Text(person)) for person in record["people"]]
    return join_list(names, language.lang) or language.words("change_nobody")


LABELS = {"added": when_label, "removed": when_label, "moved": when_label, "retimed": when_label}
LABELS |= {"room": place_label, "people": people_label}  # what each kind of change says, now and before


def change_line(language: Language, change: Change) -> str:
    """One change in the language's words: the session's title, what it is now and what it was."""
    label = LABELS[change.kind]
    values = {"title": language.text(Text(change.session["title"])), "place": place_label(language, change.session)}
    values["when"] = when_label(language, change.session)
    values["people"] = people_label(language, change.session)
    values["was"] = label(language, change.before) if change.before and change.after else ""
    return language.words(f"change_{change.kind}", **values)


def change_lines(language: Language, changes: list[Change]) -> list[str]:
    return [change_line(language, change) for change in changes]
