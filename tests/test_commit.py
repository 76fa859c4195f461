"""One commit, last: a build stopped at any step of its commit leaves files the next build repairs.

The commit renames, in order: PDFs and job tickets, thumbnails, calendars, language pages,
output/index.html, the manifest, the build state. Each test stops a build just after the
first rename of one kind (a failure in-process; or a real SIGKILL, after the language page),
builds again, and checks that every checksum on the download pages and in the manifest equals
its file, every link of the pages resolves, and the output is byte for byte that of a build
never stopped.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

import publication.outputs as outputs
from publication.document import DocumentMaker
from publication.state import STATE
from tests.conftest import ROOT, run_cli, unchanged_by_readers

pytestmark = pytest.mark.build  # every test here makes PDFs, or reads a fixture that does

SELECTION = ("--kind", "programme", "--lang", "el", "--jobs", "1")  # one workshop: screen and print, a ticket
WORKSHOP = "2017-05-thessaloniki"
STEPS = {  # a commit step → the first file renamed in it (thumbnails and output/index.html lie in between)
    "pdf": lambda name: name.endswith(".pdf"),
    "ticket": lambda name: name.endswith(".txt"),
    "calendar": lambda name: name.endswith(".ics"),
    "page": lambda name: name.endswith("/index.html"),
    "manifest": lambda name: name == "manifest.json",
    "state": lambda name: name == STATE,
}


class Killed(BaseException):
    """Stands for SIGKILL in-process: nothing catches it, the build stops where it is."""


def make_project(root: Path, edited: bool) -> Path:
    for name in ("sources", "layouts", "styles"):
        shutil.copytree(ROOT / name, root / name)
    for file in (root / "sources" / "workshops").glob("*.yaml"):
        if file.stem != WORKSHOP:
            file.unlink()
    if edited:  # the PDFs, the page and the calendars all change
        path = root / "sources" / "workshops" / f"{WORKSHOP}.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("Θεσσαλονίκη", "Θεσσαλονίκη (αναθεωρημένο)"), encoding="utf-8")
        assert path.read_text(encoding="utf-8") != text
        site = root / "sources" / "site.yaml"  # output/index.html too
        site.write_text(
            site.read_text(encoding="utf-8").replace("οι εκδόσεις του δικτύου", "οι εκδόσεις"), encoding="utf-8"
        )
    return root


def build(project: Path, output: Path, *args: str):
    result = run_cli("build", "--output", str(output), *SELECTION, *args, project=project)
    assert result.exit_code == 0, result.output
    return result


def files_of(output: Path) -> dict[str, bytes]:
    """Every file a reader sees (the build state aside: it holds timings)."""
    return {
        p.relative_to(output).as_posix(): p.read_bytes()
        for p in sorted(output.rglob("*"))
        if p.is_file() and p.name not in (".lock", STATE)
    }


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_consistent(output: Path) -> None:
    """Manifest and download pages agree with the files: checksums, sizes, every link."""
    entries = json.loads((output / "manifest.json").read_text(encoding="utf-8"))["files"]
    assert entries
    for entry in entries:
        assert sha(output / entry["path"]) == entry["sha256"], entry["path"]
        assert (output / entry["path"]).stat().st_size == entry["bytes"], entry["path"]
    pages = sorted(output.glob("*/index.html"))
    assert pages
    checked = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for row in re.findall(r"<tr[ >].*?</tr>", html, re.S):  # <tr role="row">: a table where its rows stack
            match = re.search(
                r'<th scope="row"[^>]*><a href="([^"]+)".*?<code class="checksum">([0-9a-f]{64})</code>', row, re.S
            )
            if match:
                assert sha(page.parent / unquote(match[1])) == match[2], (page, match[1])
                checked += 1
        for link in re.findall(r'(?:href|src)="([^"]+)"', html):
            if not urlsplit(link).scheme and not link.startswith("#"):
                assert (page.parent / unquote(urlsplit(link).path)).is_file(), (page, link)
    assert checked == sum(entry["variant"] == "print" for entry in entries) * len(pages)
    state = json.loads((output / STATE).read_text(encoding="utf-8"))
    for described in [state["site"]["files"], *(known["files"] for known in state["outputs"].values())]:
        for name, (_size, digest) in described.items():
            assert sha(output / name) == digest, name


def project_digest(root: Path) -> str:
    """What a project's documents are made from: its sources, layouts and stylesheets."""
    digest = hashlib.sha256()
    for path in sorted(p for name in ("sources", "layouts", "styles") for p in (root / name).rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def documents_typeset_once() -> Iterator[None]:
    """In-process builds of this module typeset a document once per content of its project: these
    tests are about committing files, and the same sources give the same bytes (test_reproducible), so
    a build stopped and repaired takes the documents of the first build of the same sources."""
    made: dict[tuple, object] = {}
    typeset = DocumentMaker.make

    def make(maker, publication, keep_going=True):
        key = (project_digest(maker.project.root), publication)
        if key not in made:
            made[key] = typeset(maker, publication, keep_going)
        return copy.deepcopy(made[key])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DocumentMaker, "make", make)
        yield


SESSIONS = f"el/calendar/sessions/{WORKSHOP}.ics"


@pytest.fixture(scope="module")
def builds(tmp_path_factory, documents_typeset_once) -> Iterator[dict[str, Path]]:
    """The previous output (sources A); the reference: sources B built without a stop, into an empty
    folder and (`updated`) over the previous output. They differ only in the sessions calendar, whose
    changed sessions (the edit is in the venue's address) say SEQUENCE 1 over the previous file."""
    root = tmp_path_factory.mktemp("commit")
    before, after = make_project(root / "a", edited=False), make_project(root / "b", edited=True)
    build(before, root / "previous")
    build(after, root / "reference")
    shutil.copytree(root / "previous", root / "updated")
    build(after, root / "updated")
    assert files_of(root / "previous")["manifest.json"] != files_of(root / "reference")["manifest.json"]
    fresh, updated = files_of(root / "reference"), files_of(root / "updated")
    assert {name for name in fresh if fresh[name] != updated[name]} == {SESSIONS}
    assert b"SEQUENCE:0" in fresh[SESSIONS] and b"SEQUENCE:1" in updated[SESSIONS]
    assert b"SEQUENCE:0" not in updated[SESSIONS]
    with unchanged_by_readers(root):
        yield {
            "project": after,
            "previous": root / "previous",
            "reference": root / "reference",
            "updated": root / "updated",
        }


def stop_after_first(monkeypatch, step: str) -> list[str]:
    """Make the commit stop just after renaming the first file of `step`; returns what it renamed."""
    renamed: list[str] = []
    real = outputs.rename

    def rename(temporary: Path, final: Path) -> None:
        real(temporary, final)
        renamed.append(final.as_posix())
        if STEPS[step](relative_name(final)):
            raise Killed(step)

    monkeypatch.setattr(outputs, "rename", rename)
    return renamed


def relative_name(final: Path) -> str:
    """The file's name inside the output folder (the folder holds the lock)."""
    folder = final.parent
    while not (folder / outputs.LOCK_NAME).exists():
        folder = folder.parent
    return final.relative_to(folder).as_posix()


@pytest.mark.parametrize("step", list(STEPS))
def test_a_build_stopped_at_each_commit_step_is_repaired_by_the_next(builds, tmp_path, monkeypatch, step):
    output = tmp_path / "output"
    shutil.copytree(builds["previous"], output)
    renamed = stop_after_first(monkeypatch, step)
    with pytest.raises(Killed):
        run_cli("build", "--output", str(output), *SELECTION, project=builds["project"])
    assert any(STEPS[step](relative_name(Path(name))) for name in renamed)
    monkeypatch.undo()
    build(builds["project"], output)
    assert_consistent(output)
    assert files_of(output) == files_of(builds["updated"])
    result = build(builds["project"], output)  # and now it is all current: nothing is made again
    assert "built 0, unchanged 2" in result.output and "download page" not in result.output


def test_a_real_sigkill_during_the_commit_is_repaired_by_the_next_build(builds, tmp_path):
    output = tmp_path / "output"
    shutil.copytree(builds["previous"], output)
    script = (
        "import os, signal, sys\n"
        "import publication.outputs as outputs\n"
        "real = outputs.rename\n"
        "def rename(temporary, final):\n"
        "    real(temporary, final)\n"
        "    if final.name == 'index.html' and final.parent.name == 'el':\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "outputs.rename = rename\n"
        "from publication.cli import main\n"
        "main(sys.argv[1:])\n"
    )
    killed = subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            "--project",
            str(builds["project"]),
            "build",
            "--output",
            str(output),
            *SELECTION,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=300,
    )
    assert killed.returncode == -9, killed.stderr
    assert list(output.rglob(".manifest.json.*.partial")), "the manifest was still staged when killed"
    assert files_of(output)["el/index.html"] == files_of(builds["reference"])["el/index.html"]
    build(builds["project"], output)
    assert not list(output.rglob("*.partial"))
    assert_consistent(output)
    assert files_of(output) == files_of(builds["updated"])


def build_broken_copy(builds, tmp_path, start: str, breaks) -> tuple:
    """Build a copy of the project broken by `breaks(project)` over a copy of the `start` output.

    Returns the result, the project, and whether every file (the state included) is as it was."""
    output, project = tmp_path / "output", tmp_path / "project"
    shutil.copytree(builds[start], output)
    before = {**files_of(output), STATE: (output / STATE).read_bytes()}
    shutil.copytree(builds["project"], project)
    breaks(project)
    result = run_cli("build", "--output", str(output), *SELECTION, project=project)
    intact = {**files_of(output), STATE: (output / STATE).read_bytes()} == before
    assert not list(output.rglob("*.partial"))
    return result, project, intact


def test_a_site_stylesheet_that_would_end_the_style_element_fails_before_any_pdf_is_replaced(builds, tmp_path):
    def breaks(project: Path) -> None:
        css = project / "styles" / "site.css"
        css.write_text(
            css.read_text(encoding="utf-8") + "\n/* </style><script>alert(1)</script> */\n", encoding="utf-8"
        )

    result, project, intact = build_broken_copy(builds, tmp_path, "previous", breaks)
    assert result.exit_code == 2, result.output
    css = (project / "styles" / "site.css").read_text(encoding="utf-8")
    line = css.splitlines().index("/* </style><script>alert(1)</script> */") + 1
    assert (
        f"styles/site.css:{line}: holds '</', which would end the download page's inline <style> early" in result.output
    )
    assert "fix: remove it" in result.output and "Traceback" not in result.output
    assert intact


def test_a_syntax_error_in_the_download_page_layout_fails_before_any_file_is_replaced(builds, tmp_path):
    """The download page's own layout is a layout like the others: its error is located, exit 2, nothing replaced."""

    def breaks(project: Path) -> None:
        layout = project / "layouts" / "site" / "page.html"
        layout.write_text(layout.read_text(encoding="utf-8").replace("<body>", "<body>{% if %}", 1), encoding="utf-8")

    result, project, intact = build_broken_copy(builds, tmp_path, "reference", breaks)
    assert result.exit_code == 2, result.output
    layout = (project / "layouts" / "site" / "page.html").read_text(encoding="utf-8")
    line = next(i for i, text in enumerate(layout.splitlines(), 1) if "{% if %}" in text)
    assert f"layouts/site/page.html:{line}: Jinja syntax error: Expected an expression" in result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert intact


def test_files_altered_by_hand_are_found_and_made_again(builds, tmp_path):
    """The build checks what it would call unchanged: a page, a calendar, a thumbnail, the manifest, a PDF."""
    output = tmp_path / "output"
    shutil.copytree(builds["reference"], output)
    (output / "el" / "index.html").write_text("<p>edited by hand</p>", encoding="utf-8")
    (output / "el" / "calendar" / f"{WORKSHOP}.ics").unlink()
    next(output.glob("thumbs/el/*.png")).write_bytes(b"not a PNG")
    (output / "manifest.json").write_text('{"files": []}\n', encoding="utf-8")
    pdf = next(output.glob("el/*-print.pdf"))
    pdf.write_bytes(pdf.read_bytes() + b"%")
    result = build(builds["project"], output)
    assert "built 1, unchanged 1" in result.output and "wrote the download page" in result.output
    assert_consistent(output)
    assert files_of(output) == files_of(builds["reference"])
