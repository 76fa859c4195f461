"""Hostile or broken input on the output side: options, environment, the output folder, the preview.

Each case of BAD_OUTPUTS breaks one thing in a copy of a built project, runs the command, and
asserts the exit code, the exact message (the file or option, what is wrong, the fix), that no
traceback is shown, and that the previous outputs are byte for byte as they were.
"""

from __future__ import annotations

import errno
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

import publication.outputs as outputs
from publication.state import STATE
from tests.conftest import ROOT, run_cli
from tests.test_commit import assert_consistent

SMALL = ("--kind", "programme", "--lang", "el", "--variant", "screen")  # one document, the quickest
PDF = "el/programme-2017-05-thessaloniki-screen.pdf"


@dataclass
class Case:
    id: str
    args: tuple[str, ...]  # after `--project P`; OUT stands for the output folder
    code: int
    messages: tuple[str, ...]  # each must appear in the output (OUT and P replaced)
    breaks: Callable[[Path, Path], None] = lambda project, output: None
    env: dict = field(default_factory=dict)
    patch: Callable[[pytest.MonkeyPatch], None] | None = None
    intact: bool = True  # the previous outputs are still all there, unchanged


def build_args(*extra: str) -> tuple[str, ...]:
    return ("build", "--output", "OUT", *SMALL, *extra)


def write(relative: str, text: str) -> Callable[[Path, Path], None]:
    return lambda project, output: (output / relative).write_text(text, encoding="utf-8")


def folder_at(relative: str) -> Callable[[Path, Path], None]:
    def make(project: Path, output: Path) -> None:
        path = output / relative
        if path.exists():
            path.unlink()
        path.mkdir()
    return make


def edit_state(change: Callable[[dict], None]) -> Callable[[Path, Path], None]:
    def breaks(project: Path, output: Path) -> None:
        state = json.loads((output / STATE).read_text(encoding="utf-8"))
        change(state)
        (output / STATE).write_text(json.dumps(state), encoding="utf-8")
    return breaks


def failing(name: str, error: int):
    """Replace one of outputs' writers by one the system refuses with `error`."""
    def patch(monkeypatch: pytest.MonkeyPatch) -> None:
        def refuse(*args, **kwargs):
            raise OSError(error, os.strerror(error))
        monkeypatch.setattr(outputs, name, refuse) if hasattr(outputs, name) else monkeypatch.setattr(
            outputs.tempfile, name, refuse)
    return patch


def aim_outside(project: Path, output: Path) -> None:
    """A hand-edited state naming a file outside the output folder: it must never be deleted."""
    (project / "victim.txt").write_text("keep me\n", encoding="utf-8")
    edit_state(lambda state: state["outputs"][PDF]["files"].update({"../victim.txt": [8, "0" * 64]}))(project, output)


def fifo_in_workshops(project: Path, output: Path) -> None:
    os.mkfifo(project / "sources" / "workshops" / "2019-01-pipe.yaml")


def escape_in_a_key(project: Path, output: Path) -> None:
    path = project / "sources" / "workshops" / "2017-05-thessaloniki.yaml"
    path.write_text(path.read_text(encoding="utf-8") + '"ti\\e[2Jtle": x\n', encoding="utf-8")


def escape_in_a_file_name(project: Path, output: Path) -> None:
    workshops = project / "sources" / "workshops"
    shutil.copy(workshops / "2017-05-thessaloniki.yaml", workshops / "2019-05-a\x1b[2Jb.yaml")


FIX_TIMEOUT = "is not a number of seconds from 0 (no limit) to 86400; e.g. --timeout 300"
FIX_EPOCH = "fix: set it to e.g. $(git log -1 --format=%ct), or unset it"
FIX_IN_THE_WAY = "fix: move it away (e.g. `mv OUT/{0} OUT/{0}.old`), then build again"
DAMAGED = "fix: nothing to do (this build writes a new one); do not edit .build-state.json"

BAD_OUTPUTS = [
    Case("timeout-nan", build_args("--timeout", "nan"), 2, (f"Invalid value for '--timeout': 'nan' {FIX_TIMEOUT}",)),
    Case("timeout-inf", build_args("--timeout", "inf"), 2, (f"Invalid value for '--timeout': 'inf' {FIX_TIMEOUT}",)),
    Case("timeout-negative", build_args("--timeout=-5"), 2, (f"Invalid value for '--timeout': '-5' {FIX_TIMEOUT}",)),
    Case("timeout-huge", build_args("--timeout", "1e300"), 2, (f"Invalid value for '--timeout': '1e300' {FIX_TIMEOUT}",)),
    Case("epoch-exponent", build_args(), 2, ("SOURCE_DATE_EPOCH='1e17' is not a whole number of seconds since "
                                             "1970-01-01 (digits 0-9 only)", FIX_EPOCH),
         env={"SOURCE_DATE_EPOCH": "1e17"}),
    Case("epoch-superscript", build_args(), 2, ("SOURCE_DATE_EPOCH='²' is not a whole number of seconds", FIX_EPOCH),
         env={"SOURCE_DATE_EPOCH": "²"}),
    Case("epoch-after-9999", build_args(), 2, ("SOURCE_DATE_EPOCH=100000000000000000 is after the year 9999, "
                                               "the last a PDF date can carry", FIX_EPOCH),
         env={"SOURCE_DATE_EPOCH": "100000000000000000"}),
    Case("output-in-layouts", ("build", "--output", "P/layouts/site", *SMALL), 2,
         ("--output P/layouts/site is inside layouts/: a build there would write over or delete the project's own "
          "files", "fix: leave --output out (it builds into output/)")),
    Case("output-is-sources", ("build", "--output", "P/sources", *SMALL), 2, ("--output P/sources is inside sources/",)),
    Case("output-in-styles", ("build", "--output", "P/styles/fonts/x", *SMALL), 2, ("--output P/styles/fonts/x is inside styles/",)),
    Case("output-is-the-project", ("build", "--output", "P", *SMALL), 2, ("--output P is the project folder",)),
    Case("preview-output-in-sources", ("preview", "--output", "P/sources/x"), 2, ("--output P/sources/x is inside sources/",)),
    Case("state-not-json", build_args(), 0, ("warning: OUT/.build-state.json: it cannot be read (Expecting value: "
                                             "line 1 column 1 (char 0)); it is ignored and what it described is "
                                             "built again", DAMAGED, "built 1, unchanged 0"),
         breaks=write(STATE, "not json{"), intact=False),
    Case("state-a-list", build_args(), 0, ("warning: OUT/.build-state.json: it is not a JSON object", DAMAGED),
         breaks=write(STATE, "[1, 2]"), intact=False),
    Case("state-wrong-shape", build_args(), 0, (f"warning: OUT/.build-state.json: {PDF} has the wrong shape", DAMAGED),
         breaks=edit_state(lambda s: s["outputs"][PDF].update(seconds="soon")), intact=False),
    Case("state-names-a-file-outside", build_args(), 0, (f"warning: OUT/.build-state.json: {PDF} has the wrong shape",),
         breaks=aim_outside, intact=False),
    Case("manifest-a-folder", build_args("--force"), 2,
         ("OUT/manifest.json is a folder, where the build writes a file; nothing was written",
          FIX_IN_THE_WAY.format("manifest.json")), breaks=folder_at("manifest.json")),
    Case("state-a-folder", build_args("--force"), 2, ("OUT/.build-state.json is a folder, where the build writes a file",),
         breaks=folder_at(STATE)),
    Case("index-a-folder", build_args("--force"), 2, ("OUT/index.html is a folder, where the build writes a file",),
         breaks=folder_at("index.html")),
    Case("pdf-a-folder", ("build", "--output", "OUT", "--kind", "programme", "--lang", "el", "--force"), 2,
         (f"OUT/{PDF.replace('screen', 'print')} is a folder, where the build writes a file; nothing was written",),
         breaks=folder_at(PDF.replace("screen", "print"))),
    Case("lock-a-folder", build_args(), 2, ("OUT/.lock is a folder, where the build writes a file",
                                            FIX_IN_THE_WAY.format(".lock")), breaks=folder_at(".lock")),
    Case("output-under-a-file", ("build", "--output", "P/output/manifest.json/out", *SMALL), 2,
         ("cannot write OUT/manifest.json/out/.lock: a folder or file is in the way; the previous outputs were "
          "left as they were", "fix: remove or rename what is in the way")),
    Case("output-unwritable", build_args("--force"), 2,
         (f"cannot write OUT/{PDF}: permission denied; the previous outputs were left as they were",
          "fix: make OUT/el writable, or build into another folder with --output"), patch=failing("mkstemp", errno.EACCES)),
    Case("disk-full", build_args("--force"), 2,
         (f"cannot write OUT/{PDF}: the disk is full; the previous outputs were left as they were",
          "fix: free some space on the disk holding OUT/el (or build elsewhere with --output), then build again"),
         patch=failing("write_all", errno.ENOSPC)),
    Case("read-only-file-system", build_args("--force"), 2, (f"cannot write OUT/{PDF}: the file system is read-only",),
         patch=failing("write_all", errno.EROFS)),
    Case("fifo-in-workshops", ("check",), 2, ("sources/workshops/2019-01-pipe.yaml: is not a regular file (a folder, "
                                              "named pipe or device)", "fix: replace it with a YAML file, or remove it"),
         breaks=fifo_in_workshops),
    Case("escape-in-a-key", ("check",), 2, ("sources/workshops/2017-05-thessaloniki.yaml:",
                                            " ti\\x1b[2Jtle unknown key 'ti\\x1b[2Jtle'"), breaks=escape_in_a_key),
    Case("escape-in-a-file-name", ("list",), 0, ("el/programme-2019-05-a\\x1b[2Jb-screen.pdf",),
         breaks=escape_in_a_file_name),
    Case("no-sources-folder", ("check",), 2, ("is not a folder", "fix: run the command from the project folder, "
                                              "or pass --project FOLDER"),
         breaks=lambda project, output: shutil.rmtree(project / "sources")),
]


@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> Path:
    """A project whose output holds one built programme (all its files: PDF, thumbnail, pages, calendars)."""
    root = tmp_path_factory.mktemp("hostile")
    for name in ("sources", "layouts", "styles"):
        shutil.copytree(ROOT / name, root / name)
    result = run_cli("build", "--output", str(root / "output"), *SMALL, project=root)
    assert result.exit_code == 0, result.output
    return root


def files_of(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*"))
            if p.is_file() and p.name != ".lock"}


@pytest.mark.parametrize("case", BAD_OUTPUTS, ids=[case.id for case in BAD_OUTPUTS])
def test_bad_output_side_input_is_a_clear_error(case: Case, previous, tmp_path, monkeypatch):
    project, output = tmp_path / "project", tmp_path / "project" / "output"
    shutil.copytree(previous, project, symlinks=True)
    before = files_of(output)
    case.breaks(project, output)
    for name, value in case.env.items():
        monkeypatch.setenv(name, value)
    if case.patch:
        case.patch(monkeypatch)
    args = [arg.replace("OUT", str(output)).replace("P", str(project)) if arg in ("OUT", "P") or arg.startswith("P/")
            else arg for arg in case.args]
    result = run_cli(*args, project=project)
    shown = result.output.replace(str(output), "OUT").replace(str(project), "P")
    assert result.exit_code == case.code, shown
    for message in case.messages:
        assert message in shown
    assert "Traceback" not in shown and "internal error" not in shown and "\x1b" not in shown
    assert not list(output.rglob("*.partial")) and not list(output.rglob("*.tmp"))
    if case.intact:
        assert {k: v for k, v in files_of(output).items() if k != STATE} == \
            {k: v for k, v in before.items() if k != STATE and (output / k).is_file()}
    if case.code == 0 and case.args[0] == "build":
        assert_consistent(output)
        assert json.loads((output / STATE).read_text())["format"] == 2
        assert not (project / "victim.txt").exists() or (project / "victim.txt").read_text() == "keep me\n"
