"""What was sent out: `make-publication release NAME` writes `releases/NAME/release.json` in the project
(beside `sources/`, committed with it), holding each event's agenda as its records (`changes`) and the
SHA-256 of every file then in the output folder, which it only reads. Later builds compare each event
with the latest release that holds it (`event_changes`).

A release's date is the day it was sent (today, unless given): it is what the reader is told ("since
the printed programme of 2 May"), and the file's content, so a build reads it, never the clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .changes import Change, SessionRecord, changes, session_records
from .errors import Problem, SourceError, UsageError
from .messages import _
from .sources import Sources

RELEASES_DIR = "releases"
RELEASE_FILE = "release.json"
RELEASE_FORMAT = 1
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
NOT_SENT = (".lock", ".build-state.json", "preview")  # the build's and the preview's own, never sent out


@dataclass(frozen=True)
class Release:
    name: str
    date: dt.date
    events: dict[str, list[SessionRecord]]
    files: dict[str, str]  # output-relative path → SHA-256


def output_checksums(output: Path) -> dict[str, str]:
    """Every file of the output folder that is sent out, by its path inside it, with its SHA-256."""
    if not output.is_dir():
        return {}
    found = {}
    for path in sorted(output.rglob("*")):
        relative = path.relative_to(output)
        if path.is_symlink() or not path.is_file() or relative.parts[0] in NOT_SENT:
            continue
        found[relative.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def release_record(sources: Sources, name: str, date: dt.date, output: Path) -> dict:
    events = {
        key: session_records(workshop, sources.site.source_language)
        for key, workshop in sources.workshops_in_order()
        if workshop.agenda
    }
    files = output_checksums(output)
    return {"format": RELEASE_FORMAT, "name": name, "date": date.isoformat(), "events": events, "files": files}


def write_release(root: Path, sources: Sources, name: str, date: dt.date, output: Path) -> Path:
    """Record a release under `releases/NAME/`; a name taken or not a plain folder name is refused."""
    if not NAME.match(name):
        raise UsageError(
            _("release name {name!r}: use letters, digits, '.', '-' or '_' (e.g. 2027-05-printed)").format(name=name)
        )
    folder = root / RELEASES_DIR / name
    if folder.exists():
        raise UsageError(
            _("release {name!r} exists already ({folder}): releases are never overwritten").format(
                name=name, folder=folder
            )
        )
    data = json.dumps(release_record(sources, name, date, output), ensure_ascii=False, indent=1, sort_keys=True)
    folder.mkdir(parents=True)
    (folder / RELEASE_FILE).write_text(f"{data}\n", encoding="utf-8")
    return folder / RELEASE_FILE


def read_release(path: Path) -> Release:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Release(data["name"], dt.date.fromisoformat(data["date"]), data["events"], data["files"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        fix = _("restore it from version control: a release is written by `make-publication release`, never by hand")
        raise SourceError([Problem(path, None, "release", _("cannot be read ({exc})").format(exc=exc), fix)]) from exc


def release_files(root: Path) -> list[Path]:
    """The release files of a project, by name (what a key reads)."""
    return sorted((root / RELEASES_DIR).glob(f"*/{RELEASE_FILE}"))


def read_releases(root: Path) -> list[Release]:
    """A project's releases, oldest first (by date, then name)."""
    return sorted((read_release(path) for path in release_files(root)), key=lambda r: (r.date, r.name))


def event_changes(sources: Sources, key: str, releases: list[Release]) -> tuple[Release, list[Change]] | None:
    """The latest release holding the event, and what changed in its agenda since; None: never released."""
    holding = [release for release in releases if key in release.events]
    if not holding:
        return None
    latest = holding[-1]
    current = session_records(sources.workshops[key], sources.site.source_language)
    return latest, changes(latest.events[key], current)


def changed_events(sources: Sources) -> set[str]:
    """The events whose agenda changed since the latest release holding them (what gets an insert)."""
    releases = read_releases(sources.root.parent)
    found = {key: event_changes(sources, key, releases) for key, _workshop in sources.workshops_in_order()}
    return {key for key, said in found.items() if said is not None and said[1]}
