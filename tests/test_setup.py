"""The README's quick start, verbatim, on a fresh copy of the project, as a new user runs it.

The test copies the files git tracks (what a clone holds, with the working tree's changes) and runs
the README's own first command in a shell, in a new terminal (no environment active) whose `python3`,
like Debian's under PEP 668, refuses `pip install` outside a virtual environment: `./install` makes
.venv with `python3 -m venv` and installs with the pip that venv bundles, never upgraded. It then
installs the package itself (`pip install .`), moves the checkout away, and makes and builds a new
project with what was installed: the wheel carries the default theme. (CI runs the other way in,
`./install` in an active virtual environment, on every run.)
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, private_copy

INSTALL_TIMEOUT = 900  # seconds: a first install downloads the locked packages


def quick_start_commands() -> list[str]:
    """The README's quick-start commands, as written (comments aside)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "the README's quick start has no ```sh block"
    return [line.split("#", 1)[0].strip() for line in block[1].splitlines() if line.split("#", 1)[0].strip()]


def test_the_quick_start_is_two_commands_build_then_test():
    build, test = quick_start_commands()
    assert build == "./install && .venv/bin/make-publication build"
    assert test == "./install --dev && .venv/bin/python -m pytest"


def fresh_copy(target: Path) -> Path:
    """The files git tracks or would (not ignored), as a clone would have them once committed."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def user_environment(**extra: str) -> dict[str, str]:
    """A new terminal's environment: no virtual environment active, none of ours on PATH."""
    env = {name: value for name, value in os.environ.items() if name not in ("VIRTUAL_ENV", "PYTHONPATH")}
    ours = {str(Path(sys.prefix) / "bin"), str(ROOT / ".venv" / "bin")}
    env["PATH"] = os.pathsep.join(part for part in env["PATH"].split(os.pathsep) if part not in ours)
    return {**env, **extra}


def run(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    done = subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=INSTALL_TIMEOUT
    )
    assert done.returncode == 0, (
        f"`{command}` failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    )
    return done


def python_refusing_pip_install(folder: Path) -> Path:
    """A `python3` like Debian's under PEP 668: `pip install` outside a virtual environment is refused."""
    folder.mkdir()
    real = shutil.which("python3", path=user_environment()["PATH"])
    (folder / "python3").write_text(
        "#!/bin/sh\n"
        "# A system Python under PEP 668: pip refuses to install outside a virtual environment.\n"
        'case " $* " in *" -m pip install "*)\n'
        '  echo "error: externally-managed-environment" >&2; exit 1;;\n'
        "esac\n"
        f'exec "{real}" "$@"\n'
    )
    (folder / "python3").chmod(0o755)
    return folder


@pytest.mark.fresh_layout
@pytest.mark.build  # slow too, but `slow` is for tests that are neither build nor browser
def test_the_quick_start_works_verbatim_in_a_new_terminal(tmp_path, built):
    """In a new terminal (no environment active) whose `python3` refuses `pip install` (PEP 668), the
    README's first command makes .venv with `python3 -m venv`, installs with the pip that venv bundles
    (never upgraded) and builds. The build starts from the session's build of the same sources (as a
    user's second run does): the new environment finds every output current by its keys, which cover
    the code and every package version, and renders nothing again. What it renders, it renders below.
    One install serves both cases: the two used to take a fresh environment each (90 s apiece)."""
    project = fresh_copy(tmp_path / "project")
    private_copy(built, project / "output")
    refusing = python_refusing_pip_install(tmp_path / "bin")
    env = user_environment(PATH=f"{refusing}{os.pathsep}{user_environment()['PATH']}")
    bundled_pip = run("python3 -m ensurepip --version", project, env).stdout.split()[1]

    done = run(quick_start_commands()[0], project, env)

    assert "making a virtual environment in .venv" in done.stdout
    assert "run it as .venv/bin/make-publication" in done.stdout
    venv = project / ".venv"
    assert run(f"{venv}/bin/python -m pip --version", project, env).stdout.split()[1] == bundled_pip
    assert re.search(r"built 0, unchanged \d+, failed 0", done.stdout), done.stdout[-2000:]
    files = json.loads((project / "output" / "manifest.json").read_text())["files"]
    assert len([entry for entry in files if entry["path"].endswith(".pdf")]) >= 38

    # `pip install .`, then the checkout gone: the installed tool makes and builds a project alone.
    run(f"{venv}/bin/python -m pip install --quiet --no-deps --no-build-isolation .", project, env)
    moved = tmp_path / "moved-away"
    moved.mkdir()
    for entry in project.iterdir():  # the checkout gone, but its .venv (a venv cannot move)
        if entry.name != ".venv":
            entry.rename(moved / entry.name)
    tool = venv / "bin" / "make-publication"
    version = run(f"{tool} --version", tmp_path, env).stdout
    assert re.match(r"make-publication \d+\.\d+\.\d+ \(WeasyPrint 70\.", version), version
    run(f"{tool} new other-project", tmp_path, env)
    # The French messages come with it (publication/locale/, package data).
    french = run(f"{tool} --project other-project check", tmp_path, {**env, "LANGUAGE": "fr"}).stdout
    assert french.startswith("les sources sont valides : 1 partenaire, 1 atelier"), french
    run(f"{tool} --project other-project build --kind programme --lang fr --quiet", tmp_path, env)
    assert sorted(p.name for p in (tmp_path / "other-project" / "output" / "fr").glob("*.pdf")) == [
        "programme-2026-05-example-city-print.pdf",
        "programme-2026-05-example-city-screen.pdf",
    ]


def test_the_changelog_describes_this_version():
    from publication import __version__

    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$", changelog, re.M)
    assert releases and releases[0] == __version__, (releases[:1], __version__)
