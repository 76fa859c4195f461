"""What the last builds left in the output folder: each publication's key, files and manifest entries.

The state is committed last, after every file it describes: whatever stops a build, it never
claims a file that is not there. It is also checked when read: every file it calls unchanged
is hashed again, and a damaged state is ignored (everything is built again), never trusted.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import MappingProxyType

from .keys import STATE_FORMAT
from .kinds import KIND_TABLE
from .messages import _
from .plan import DENSITIES, PRIVATE_FOLDER, SETTINGS_OF_VARIANT, Publication

STATE = ".build-state.json"
# First-build estimates of the relative cost of each kind, to start the longest renders first.
KIND_COST = MappingProxyType({kind.name: kind.cost for kind in KIND_TABLE})
_SHA256 = re.compile(r"[0-9a-f]{64}")


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def described(files: dict[str, bytes]) -> dict[str, list]:
    """What the state keeps of files: name → [size, SHA-256]."""
    return {name: [len(data), hashlib.sha256(data).hexdigest()] for name, data in sorted(files.items())}


def files_intact(output: Path, files: dict[str, list]) -> bool:
    """Every file is there, with the size and checksum the state recorded."""
    for name, (size, sha256) in files.items():
        path = output / name
        if not path.is_file() or path.stat().st_size != size or file_digest(path) != sha256:
            return False
    return True


@dataclass
class BuildState:
    """For each publication built: its key, every file it wrote (with checksums), its manifest entries;
    and the download pages, calendars and thumbnails last written, with their key."""

    outputs: dict[str, dict] = field(default_factory=dict)
    site: dict = field(default_factory=lambda: {"key": "", "files": {}})
    warning: str = ""  # why the state read was ignored, in part or whole

    def is_current(self, output: Path, publication: Publication, key: str) -> bool:
        """Same key, and every file (PDF, imposed PDF, tickets) is still the one we wrote."""
        known = self.outputs.get(publication.relative_path)
        if not known:
            return False
        return known["key"] == key and self.files_intact(output, publication.relative_path)

    def files_intact(self, output: Path, relative_path: str) -> bool:
        return files_intact(output, self.outputs[relative_path]["files"])

    def site_is_current(self, output: Path, key: str) -> bool:
        """The download pages, calendars and thumbnails of this key, every one of them as written."""
        return bool(self.site["files"]) and self.site["key"] == key and files_intact(output, self.site["files"])

    def record_site(self, key: str, files: dict[str, bytes]) -> list[str]:
        """Remember the site's files; returns those it wrote last time and no longer does."""
        previous = set(self.site["files"])
        self.site = {"key": key, "files": described(files)}
        return sorted(previous - set(files))

    def record(
        self, relative_path: str, key: str, files: dict[str, bytes], entries: list[dict], seconds: float
    ) -> list[str]:
        """Remember what a publication wrote; returns the files it wrote last time and no longer does."""
        previous = set(self.outputs.get(relative_path, {}).get("files", {}))
        self.outputs[relative_path] = {
            "key": key,
            "seconds": round(seconds, 3),
            "entries": entries,
            "files": described(files),
        }
        return sorted(previous - set(files))

    def forget(self, relative_path: str) -> None:
        """Drop a publication: its files, if any, are built again next time."""
        self.outputs.pop(relative_path, None)

    def seconds_of(self, publication: Publication) -> float:
        known = self.outputs.get(publication.relative_path)
        return known["seconds"] if known else publication.kind_record.cost

    def entries(self, private: bool = False) -> list[dict]:
        """The manifest's entries: the public files' (manifest.json, the site's), or the private kinds' files'
        (output/private/manifest.json): nothing private reaches a page, a thumbnail or a calendar."""
        return [
            entry
            for _path, known in sorted(self.outputs.items())
            for entry in known["entries"]
            if entry["path"].startswith(f"{PRIVATE_FOLDER}/") == private
        ]


def load_state(output: Path) -> BuildState:
    """The state of the last build. An older state means: build everything; a damaged one too, with a warning."""
    path = output / STATE
    if not path.exists():
        return BuildState()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return damaged(path, _("it cannot be read ({exc})").format(exc=exc))
    if not isinstance(data, dict):
        return damaged(path, _("it is not a JSON object"))
    if data.get("format") != STATE_FORMAT:
        return BuildState()  # written by another version of the pipeline
    outputs = data.get("outputs")
    outputs = outputs if isinstance(outputs, dict) else {}
    kept = {name: record for name, record in outputs.items() if valid_record(name, record)}
    state = BuildState(kept, data["site"] if valid_site(data.get("site")) else BuildState().site)
    if len(kept) != len(outputs) or not isinstance(data.get("outputs"), dict):
        wrong = sorted(set(map(str, outputs)) - set(kept)) or ["outputs"]
        state.warning = damaged(
            path,
            _("{wrong}{value} has the wrong shape").format(
                wrong=", ".join(wrong[:3]), value=" …" if len(wrong) > 3 else ""
            ),
        ).warning
    return state


def damaged(path: Path, what: str) -> BuildState:
    return BuildState(
        warning=_(
            "{path}: {what}; it is ignored and what it described is built again\n    fix: nothing to do (this build writes a new one); do not edit {state}"
        ).format(path=path, what=what, state=STATE)
    )


def safe_name(name) -> bool:
    """A path inside the output folder: relative, no `..`, nothing a hand-edited state could aim elsewhere."""
    if not isinstance(name, str) or not name or "\\" in name or "\0" in name:
        return False
    path = PurePosixPath(name)
    return not path.is_absolute() and all(part not in ("..", ".", "") for part in name.split("/"))


def valid_files(files) -> bool:
    return isinstance(files, dict) and all(
        safe_name(name)
        and isinstance(value, list)
        and len(value) == 2
        and type(value[0]) is int
        and value[0] >= 0
        and isinstance(value[1], str)
        and _SHA256.fullmatch(value[1])
        for name, value in files.items()
    )


def valid_entry(entry, files: dict) -> bool:
    """A manifest entry of one of the record's files, as this pipeline writes them."""
    return (
        isinstance(entry, dict)
        and safe_name(entry.get("path"))
        and entry["path"] in files
        and entry.get("sha256") == files[entry["path"]][1]
        and entry.get("bytes") == files[entry["path"]][0]
        and entry.get("variant") in SETTINGS_OF_VARIANT
        and type(entry.get("pages")) is int
        and all(isinstance(entry.get(name), str) for name in ("kind", "language"))
        and isinstance(entry.get("workshop"), (str, type(None)))
        and entry.get("density", DENSITIES[0]) in DENSITIES
        and type(entry.get("notes_pages", 0)) is int
        and isinstance(entry.get("trim_mm"), list)
        and all(isinstance(side, (int, float)) for side in entry["trim_mm"])
    )


def valid_record(name, record) -> bool:
    if not (
        safe_name(name)
        and isinstance(record, dict)
        and isinstance(record.get("key"), str)
        and valid_files(record.get("files"))
        and isinstance(record.get("entries"), list)
    ):
        return False
    seconds = record.get("seconds")
    return (
        isinstance(seconds, (int, float))
        and math.isfinite(seconds)
        and seconds >= 0
        and all(valid_entry(entry, record["files"]) for entry in record["entries"])
    )


def valid_site(site) -> bool:
    return isinstance(site, dict) and isinstance(site.get("key"), str) and valid_files(site.get("files"))


def state_bytes(state: BuildState) -> bytes:
    return (
        json.dumps(
            {"format": STATE_FORMAT, "site": state.site, "outputs": dict(sorted(state.outputs.items()))},
            indent=1,
            ensure_ascii=False,
        )
        + "\n"
    ).encode()


def forget_missing(output: Path, state: BuildState, keep: set[str]) -> None:
    """Drop from the state (and so from the manifest) publications whose files someone deleted or changed.

    `keep`: the publications this build just wrote (their files are staged, not yet in place).
    """
    for relative_path in sorted(set(state.outputs) - keep):
        if not state.files_intact(output, relative_path):
            state.forget(relative_path)


def orphans(state: BuildState, planned_paths: set[str]) -> list[tuple[str, list[str]]]:
    """The publications we built that the sources no longer ask for (a deleted workshop…), with their files."""
    return [
        (relative_path, sorted(state.outputs[relative_path]["files"]))
        for relative_path in sorted(set(state.outputs) - planned_paths)
    ]
