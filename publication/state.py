"""What the last builds left in the output folder: each publication's key, files and manifest entries."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from .keys import STATE_FORMAT
from .plan import Publication

STATE = ".build-state.json"
# First-build estimates of the relative cost of each kind, to start the longest renders first.
KIND_COST = {"poster": 4.0, "brochure": 3.0, "overview": 2.0, "programme": 1.0}


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class BuildState:
    """For each publication built: its key, every file it wrote (with checksums), its manifest entries."""

    outputs: dict[str, dict] = field(default_factory=dict)
    site: str = ""  # the key of the download page and calendars last written

    def is_current(self, output: Path, publication: Publication, key: str) -> bool:
        """Same key, and every file (PDF, imposed PDF, tickets) is still the one we wrote."""
        known = self.outputs.get(publication.relative_path)
        return bool(known) and known["key"] == key and self.files_intact(output, publication.relative_path)

    def files_intact(self, output: Path, relative_path: str) -> bool:
        for name, (size, sha256) in self.outputs[relative_path]["files"].items():
            path = output / name
            if not path.is_file() or path.stat().st_size != size or file_digest(path) != sha256:
                return False
        return True

    def record(self, relative_path: str, key: str, files: dict[str, bytes], entries: list[dict],
               seconds: float) -> list[str]:
        """Remember what a publication wrote; returns the files it wrote last time and no longer does."""
        previous = set(self.outputs.get(relative_path, {}).get("files", {}))
        self.outputs[relative_path] = {
            "key": key, "seconds": round(seconds, 3), "entries": entries,
            "files": {name: [len(data), hashlib.sha256(data).hexdigest()] for name, data in sorted(files.items())}}
        return sorted(previous - set(files))

    def forget(self, relative_path: str) -> None:
        """Drop a publication: its files, if any, are built again next time."""
        self.outputs.pop(relative_path, None)

    def seconds_of(self, publication: Publication) -> float:
        known = self.outputs.get(publication.relative_path)
        return known["seconds"] if known else KIND_COST[publication.kind]

    def entries(self) -> list[dict]:
        return [entry for _, known in sorted(self.outputs.items()) for entry in known["entries"]]


def load_state(output: Path) -> BuildState:
    """The state of the last build; an unreadable or older state means: build everything."""
    try:
        data = json.loads((output / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return BuildState()
    if not isinstance(data, dict) or data.get("format") != STATE_FORMAT:
        return BuildState()
    return BuildState(dict(data.get("outputs", {})), str(data.get("site", "")))


def state_bytes(state: BuildState) -> bytes:
    return (json.dumps({"format": STATE_FORMAT, "site": state.site, "outputs": dict(sorted(state.outputs.items()))},
                       indent=1, ensure_ascii=False) + "\n").encode()


def forget_missing(output: Path, state: BuildState, keep: set[str]) -> None:
    """Drop from the state (and so from the manifest) publications whose files someone deleted or changed.

    `keep`: the publications this build just wrote or checked.
    """
    for relative_path in sorted(set(state.outputs) - keep):
        if not state.files_intact(output, relative_path):
            state.forget(relative_path)


def orphans(state: BuildState, planned_paths: set[str]) -> list[tuple[str, list[str]]]:
    """The publications we built that the sources no longer ask for (a deleted workshop…), with their files."""
    return [(relative_path, sorted(state.outputs[relative_path]["files"]))
            for relative_path in sorted(set(state.outputs) - planned_paths)]


