"""The output folder: interrupted, failed or concurrent builds never leave a broken or half-written file."""

from __future__ import annotations

import hashlib
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from publication.state import STATE
from tests.conftest import ROOT, run_cli

pytestmark = pytest.mark.build  # every test here makes PDFs, or reads a fixture that does

SMALL = ("--kind", "programme", "--lang", "el", "--variant", "screen")  # one document, the quickest
PROGRAMME = "sources/workshops/2017-05-thessaloniki.yaml"


def snapshot(output: Path) -> dict[str, bytes]:
    return {
        p.relative_to(output).as_posix(): p.read_bytes()
        for p in sorted(output.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def assert_manifest_consistent(output: Path) -> list[dict]:
    entries = json.loads((output / "manifest.json").read_text(encoding="utf-8"))["files"]
    for entry in entries:
        assert hashlib.sha256((output / entry["path"]).read_bytes()).hexdigest() == entry["sha256"], entry["path"]
    return entries


def start_build(project: Path, output: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "make_publication.py"),
            "--project",
            str(project),
            "build",
            "--output",
            str(output),
            *args,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(condition, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() is None, f"the build ended too early: {process.communicate()}"
        assert time.monotonic() < deadline, "timed out waiting for the build"
        time.sleep(0.02)


@pytest.fixture()
def previous_build(project_copy) -> tuple[Path, Path, dict[str, bytes]]:
    """A project with a good output of SMALL, then sources edited so that a new build would differ."""
    output = project_copy / "output"
    assert run_cli("build", "--output", str(output), *SMALL, project=project_copy).exit_code == 0
    before = snapshot(output)
    assert {"manifest.json", "el/programme-2017-05-thessaloniki-screen.pdf"} <= set(before)
    path = project_copy / PROGRAMME
    path.write_text(
        path.read_text(encoding="utf-8").replace("Thessalonique\n", "Thessalonique (révisé)\n", 1), encoding="utf-8"
    )
    return project_copy, output, before


@pytest.mark.fresh_layout
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_an_interrupted_build_leaves_the_previous_output_intact(previous_build, stop):
    project, output, before = previous_build
    # More documents than before, so the build is surely still typesetting when stopped.
    build = start_build(project, output, "--kind", "programme", "--lang", "el", "--lang", "en")
    wait_for(lambda: any(output.rglob("*.partial")), build)  # the first new file is staged
    build.send_signal(stop)
    _, errors = build.communicate(timeout=60)
    assert build.returncode == 130, errors
    assert "interrupted: the output folder was left as it was" in errors
    assert "Traceback" not in errors
    assert snapshot(output) == before, "the previous PDFs and manifest must be byte-identical"
    assert_manifest_consistent(output)


@pytest.mark.fresh_layout
def test_a_killed_build_leaves_the_previous_output_and_the_next_build_cleans_up(previous_build):
    project, output, before = previous_build
    build = start_build(project, output, "--kind", "programme", "--lang", "el", "--lang", "en")
    wait_for(lambda: any(output.rglob("*.partial")), build)
    build.kill()  # SIGKILL: no handler runs
    build.communicate(timeout=60)
    leftovers = list(output.rglob("*.partial"))
    assert leftovers, "a killed process cannot clean up after itself"
    assert {k: v for k, v in snapshot(output).items() if not k.endswith(".partial")} == before
    assert_manifest_consistent(output)
    # The kernel released the lock with the process; the next build removes what it left.
    result = run_cli("build", "--output", str(output), *SMALL, project=project)
    assert result.exit_code == 0, result.output
    assert not list(output.rglob("*.partial"))
    assert_manifest_consistent(output)


@pytest.mark.fresh_layout  # the first build must still be running when the second starts
def test_two_builds_at_once_the_second_is_refused(project_copy):
    output = project_copy / "output"
    first = start_build(project_copy, output, *SMALL)
    wait_for(lambda: (output / ".lock").is_file() and "pid" in (output / ".lock").read_text(), first)
    second = run_cli("build", "--output", str(output), *SMALL, project=project_copy)
    assert second.exit_code == 2
    assert f"is being written by another build (pid {first.pid})" in second.output
    assert "--output" in second.output
    _, errors = first.communicate(timeout=120)
    assert first.returncode == 0, errors
    entries = assert_manifest_consistent(output)
    assert len(entries) == 1


@pytest.mark.fresh_layout
def test_a_document_over_the_time_limit_fails_cleanly(previous_build):
    project, output, before = previous_build
    result = run_cli("build", "--output", str(output), *SMALL, "--timeout", "0.05", project=project)
    assert result.exit_code == 1, result.output
    assert "el/programme-2017-05-thessaloniki-screen.pdf took longer than 0.05 s" in result.output
    assert "--timeout" in result.output and "Traceback" not in result.output
    # Every file as it was; the state may now know that the download page is current for the new sources.
    assert {k: v for k, v in snapshot(output).items() if k != STATE} == {k: v for k, v in before.items() if k != STATE}
