"""Shared fixtures: the project built once per test session, read-only; the external tools the tests use."""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from publication.cli import main
from publication.document_cache import ENVIRONMENT as DOCUMENT_CACHE
from tools.browser import find_chromium

ROOT = Path(__file__).resolve().parent.parent

# The tool's messages in English whatever the machine's locale: gettext (publication/messages.py, and
# any program the tests start) reads LANGUAGE first. The tests assert English words; those of
# tests/test_messages.py choose French where they mean to.
os.environ["LANGUAGE"] = "en"

pytest_plugins = ("tiers",)  # the tier marks kept honest: tests/tiers.py


def run_cli(*args: str, project: Path = ROOT):
    """Invoke make-publication in-process; returns Click's result (exit_code, output)."""
    return CliRunner().invoke(main, ["--project", str(project), *args], catch_exceptions=False)


# The files that take longest, handed out first: pytest-xdist gives each worker whole files in the
# collection's order (--no-loadscope-reorder), so that the two workers finish at about the same time.
# Measured with --durations; a file missing here only runs later.
LONGEST_FIRST = (
    "test_setup.py",
    "test_examples.py",
    "test_layout_preflight.py",
    "test_poster.py",
    "test_hostile_inputs.py",
    "test_incremental.py",
    "test_sheets.py",
    "test_programmes.py",
    "test_commit.py",
    "test_new.py",
    "test_print.py",
)


def pytest_collection_modifyitems(items):
    rank = {name: index for index, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: the rest keep their order


# --- Builds shared by many tests: read them, never write into them (private_copy first) -------


def tree_state(folder: Path) -> dict[str, tuple[int, int]]:
    """Each file's size and modification time: what a write into the folder changes."""
    return {
        path.relative_to(folder).as_posix(): (path.lstat().st_size, path.lstat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
    }


@contextmanager
def unchanged_by_readers(*folders: Path) -> Iterator[None]:
    """Around a shared fixture's yield: fails at its teardown if a test that read it wrote into it."""
    before = [tree_state(folder) for folder in folders]
    yield
    for folder, state in zip(folders, before, strict=True):
        after = tree_state(folder)
        changed = sorted(name for name in state.keys() | after.keys() if state.get(name) != after.get(name))
        if changed:
            pytest.fail(f"a test wrote into the shared fixture folder {folder} (private_copy it first): {changed[:10]}")


def private_copy(shared: Path, destination: Path) -> Path:
    """A shared fixture's folder copied for a test that changes it (modification times kept)."""
    shutil.copytree(shared, destination, symlinks=True)
    return destination


def made_once_per_run(request, name: str, make: Callable[[Path], None]) -> Path:
    """A folder made by `make` once per test run. Under pytest-xdist the first worker to ask makes it,
    the others wait for it and read it, and tell tests/tiers.py that it was built (elsewhere)."""
    tmp_path_factory = request.getfixturevalue("tmp_path_factory")
    if "PYTEST_XDIST_WORKER" not in os.environ:
        folder = tmp_path_factory.mktemp(name)
        make(folder)
        return folder
    run = tmp_path_factory.getbasetemp().parent  # this run's folder, above each worker's own
    folder, done = run / name, run / f"{name}.done"
    with (run / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed, or the worker dies
        if done.exists():
            request.config.pluginmanager.get_plugin("tiers").WATCH.count_renders_made_elsewhere()
        else:
            shutil.rmtree(folder, ignore_errors=True)  # left by a worker that failed
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


# --- One document cache for the run (publication/document_cache.py) --------------------------------
# The suite builds the same sources in hundreds of throw-away folders: a document another test has
# laid out (same key: same bytes read, same options, same pipeline) is taken from the run's cache
# instead of laid out again. A test that compares, times or interrupts layouts is marked
# `fresh_layout`; NO_DOCUMENT_CACHE=1 lays out every document of the run.


@pytest.fixture(scope="session", autouse=True)
def document_cache(tmp_path_factory) -> Iterator[None]:
    if os.environ.get("NO_DOCUMENT_CACHE"):
        yield
        return
    run = tmp_path_factory.getbasetemp()
    folder = (run.parent if "PYTEST_XDIST_WORKER" in os.environ else run) / "document-cache"
    before = os.environ.get(DOCUMENT_CACHE)
    os.environ[DOCUMENT_CACHE] = str(folder)  # child processes (the CLI run as a command) share it
    yield
    if before is None:
        os.environ.pop(DOCUMENT_CACHE, None)
    else:
        os.environ[DOCUMENT_CACHE] = before


@pytest.fixture(autouse=True)
def fresh_layout(request, monkeypatch) -> None:
    if request.node.get_closest_marker("fresh_layout"):
        monkeypatch.delenv(DOCUMENT_CACHE, raising=False)


def build_everything(output: Path) -> None:
    result = run_cli("build", "--output", str(output))
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="session")
def built(request) -> Iterator[Path]:
    """The output folder of one full build of the shipped sources."""
    output = made_once_per_run(request, "output", build_everything)
    with unchanged_by_readers(output):
        yield output


# The examples built in full by the `examples` fixture (examples/NAME/sources), each with `new --from`.
EXAMPLES_BUILT = ("conference", "forum")
# A warning of the layout preflight, which tests judge on their own (test_examples_have_no_layout_finding).
LAYOUT_WARNING = re.compile(r"warning: \S+\.pdf: page \d+: \[[a-z-]+\] ")


def build_examples(folder: Path) -> None:
    for name in EXAMPLES_BUILT:
        project = folder / name
        made = run_cli("new", str(project), "--from", str(ROOT / "examples" / name / "sources"))
        assert made.exit_code == 0, made.output
        checked = run_cli("check", project=project)
        assert checked.exit_code == 0 and "0 warnings" in checked.output, checked.output
        built = run_cli("build", "--jobs", "2", "--quiet", project=project)
        assert built.exit_code == 0, built.output
        told = [line for line in built.output.splitlines() if "warning" in line and not LAYOUT_WARNING.match(line)]
        assert told == [], built.output


@pytest.fixture(scope="session")
def examples(request) -> Iterator[dict[str, Path]]:
    """Each example made into an empty folder by `new --from`, then built in full (once per run, as
    `built`): its output folder."""
    folder = made_once_per_run(request, "examples", build_examples)
    with unchanged_by_readers(folder):
        yield {name: folder / name / "output" for name in EXAMPLES_BUILT}


def build_stress(folder: Path) -> None:
    """The stress sources (tests/stress.py) in folder/project: the overview, the brochure and the
    longest programme in French and English, both variants; the poster in French on screen (it takes
    three densities). What the builds said is kept in folder/build.log."""
    from tests.stress import LONG_WORKSHOP, stress_project

    project = stress_project(folder / "project")
    every_kind = ("--kind", "overview", "--kind", "brochure", "--kind", "programme", "--event", LONG_WORKSHOP)
    poster = ("--kind", "poster", "--variant", "screen")
    said = []
    for selection, languages in ((every_kind, ("--lang", "fr", "--lang", "en")), (poster, ("--lang", "fr"))):
        # On a machine shared with other work, three densities of a poster can pass 120 s of wall time.
        result = run_cli("build", *selection, *languages, "--timeout", "600", project=project)
        assert result.exit_code == 0, result.output
        said.append(result.output)
    (folder / "build.log").write_text("\n".join(said), encoding="utf-8")


@pytest.fixture(scope="session")
def stress_built(request) -> Iterator[Path]:
    """The stress project built once per run (`build_stress`): its folder, sources/ and output/ in it."""
    folder = made_once_per_run(request, "stress", build_stress)
    with unchanged_by_readers(folder):
        yield folder / "project"


@pytest.fixture(scope="session")
def manifest(built) -> list[dict]:
    return json.loads((built / "manifest.json").read_text())["files"]


@pytest.fixture(scope="session", autouse=True)
def the_checkout_is_read_only() -> Iterator[None]:
    """The checkout is the fixture every test shares: no test writes into it (copy it: project_copy)."""
    with unchanged_by_readers(*(ROOT / name for name in ("sources", "layouts", "styles", "examples", "output"))):
        yield


def copy_of_project(folder: Path) -> Path:
    """The project's sources, layouts and styles copied into `folder`."""
    for name in ("sources", "layouts", "styles"):
        shutil.copytree(ROOT / name, folder / name)
    return folder


@pytest.fixture()
def project_copy(tmp_path) -> Path:
    """A throw-away copy of the project's sources, layouts and styles, to break on purpose."""
    return copy_of_project(tmp_path)


def fail_every_preflight(monkeypatch) -> Callable:
    """DocumentMaker.preflight made to add an error ("made to fail") to every report; returns the real
    one, to put back with monkeypatch.setattr(DocumentMaker, "preflight", real)."""
    from publication.document import DocumentMaker

    real = DocumentMaker.preflight

    def fail(*args):
        report = real(*args)
        report.add("error", "test", "made to fail")
        return report

    monkeypatch.setattr(DocumentMaker, "preflight", fail)
    return real


# --- External programs: in CI a missing one fails; elsewhere its tests are skipped ------------


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require_program(name: str, path: str | None, debian_package: str) -> str:
    """The program's path. Missing, it fails the test in CI (CI=true) and skips it elsewhere."""
    if path is None:
        message = f"{name} is missing: `./install --dev` installs it (Debian's {debian_package})"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def chromium() -> str:
    """Headless Chromium, for the tests marked `browser` (and only for them: tests/tiers.py checks)."""
    return require_program("Chromium", find_chromium(), "chromium")


@pytest.fixture(scope="session")
def zbarimg() -> str:
    return require_program("zbarimg", shutil.which("zbarimg"), "zbar-tools")


@pytest.fixture(scope="session")
def pdftotext() -> str:
    return require_program("pdftotext", shutil.which("pdftotext"), "poppler-utils")


@pytest.fixture(scope="session")
def ghostscript() -> str:
    return require_program("Ghostscript (gs)", shutil.which("gs"), "ghostscript")
