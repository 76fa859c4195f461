"""The test tiers kept honest: a test's marks must say whether it makes PDFs, starts Chromium or is slow.

`build`: the test, or a fixture it uses, lays out a document with WeasyPrint (in this process, in a
forked build worker, or in a child process running the CLI's build or preview). `browser`: it uses
the `chromium` fixture, the one way the tests start Chromium. `slow`: neither, but over SLOW_SECONDS.
What a test did is watched, not guessed from its source: WeasyPrint's `HTML.render` is counted (one
byte per document in a file, so that forked workers count too) and processes started are seen through
Python's audit hook. A passing test whose marks disagree with what it did fails with what to change.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SLOW_SECONDS = 5.0
TIERS = ("build", "browser", "slow")
CHROMIUM_NAMES = {"chromium", "chromium-browser", "google-chrome"}
CLI_BUILDS = {"build", "preview"}  # the commands that lay documents out
SHELLS = {"bash", "sh", "dash"}
SHELL_BUILD = re.compile(r"make[-_]publication\S*( [^&|;]*)? (build|preview)\b")
ACTIVITY = pytest.StashKey["Activity"]()


@dataclass
class Activity:
    """What a test (its set-up and its call) did."""

    renders: int = 0
    commands: list[list[str]] = field(default_factory=list)

    def builds(self) -> bool:
        return bool(self.renders) or any(starts_a_build(command) for command in self.commands)

    def browses(self) -> bool:
        return any(Path(command[0]).name in CHROMIUM_NAMES for command in self.commands if command)


def starts_a_build(command: list[str]) -> bool:
    """The command line interface's build or preview: `make-publication …`, `python … --project DIR …`,
    or either in a shell's command string (`bash -c "./install && .venv/bin/make-publication build"`)."""
    program = Path(command[0]).name if command else ""
    if program in SHELLS and "-c" in command[:-1]:
        return bool(SHELL_BUILD.search(command[command.index("-c") + 1]))
    cli = program.startswith("make-publication") or ("python" in program and "--project" in command)
    return cli and bool(CLI_BUILDS & set(command))


class Watch:
    """Counts WeasyPrint layouts and records the processes started, for the whole test session."""

    def __init__(self):
        descriptor, name = tempfile.mkstemp(prefix="publication-test-renders-")
        os.close(descriptor)
        self.tally = Path(name)
        self.commands: list[list[str]] = []
        self.rendering_fixtures: set[object] = set()  # FixtureDefs whose set-up made a PDF

    def install(self) -> None:
        import weasyprint

        real_render = weasyprint.HTML.render
        tally = self.tally

        def render(*args, **kwargs):
            with tally.open("ab") as file:  # forked workers append to the same file
                file.write(b".")
            return real_render(*args, **kwargs)

        weasyprint.HTML.render = render
        # A document taken from the run's cache (tests/conftest.py, document_cache) stands for its layout.
        from publication.document_cache import DocumentCache

        real_load = DocumentCache.load

        def load(cache, key, publication):
            found = real_load(cache, key, publication)
            if found is not None:
                with tally.open("ab") as file:
                    file.write(b".")
            return found

        DocumentCache.load = load  # type: ignore[method-assign]
        sys.addaudithook(self.audit)

    def count_renders_made_elsewhere(self) -> None:
        """A fixture that reads what another pytest-xdist worker built says so: it is still a build."""
        with self.tally.open("ab") as file:
            file.write(b".")

    def audit(self, event: str, args: tuple) -> None:
        if event == "subprocess.Popen":
            command = args[1]
            self.commands.append([command] if isinstance(command, (str, bytes)) else [str(part) for part in command])

    def now(self) -> tuple[int, int]:
        return self.tally.stat().st_size, len(self.commands)

    def since(self, mark: tuple[int, int]) -> Activity:
        return Activity(self.tally.stat().st_size - mark[0], self.commands[mark[1] :])


WATCH = Watch()


def pytest_configure(config):
    WATCH.install()


def pytest_unconfigure(config):
    WATCH.tally.unlink(missing_ok=True)


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request):
    mark = WATCH.now()
    try:
        return (yield)
    finally:
        if WATCH.since(mark).builds():
            WATCH.rendering_fixtures.add(fixturedef)


@contextmanager
def watched(item):
    """Adds what the phase did to the item's activity."""
    mark = WATCH.now()
    try:
        yield
    finally:
        done = WATCH.since(mark)
        activity = item.stash.setdefault(ACTIVITY, Activity())
        activity.renders += done.renders
        activity.commands += done.commands


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    with watched(item):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    with watched(item):
        return (yield)


def uses_a_rendering_fixture(item) -> str | None:
    for name, definitions in item._fixtureinfo.name2fixturedefs.items():
        if any(definition in WATCH.rendering_fixtures for definition in definitions):
            return name
    return None


def disagreements(item) -> list[str]:
    """What the item's marks get wrong about what it did; empty when they are right."""
    activity = item.stash.get(ACTIVITY, Activity())
    marked = {name for name in TIERS if item.get_closest_marker(name)}
    fixture = uses_a_rendering_fixture(item)
    builds = activity.builds() or fixture is not None
    problems = []
    if builds and "build" not in marked:
        how = f"its fixture '{fixture}'" if fixture and not activity.builds() else "it"
        problems.append(f"{how} made PDFs (WeasyPrint or the CLI's build): mark it `build`")
    if "build" in marked and not builds:
        problems.append("it is marked `build` but neither it nor its fixtures made a PDF: drop the mark")
    uses_chromium = "chromium" in item.fixturenames
    if activity.browses() and not uses_chromium:
        problems.append("it starts Chromium without the `chromium` fixture (tests/conftest.py): use the fixture")
    if uses_chromium != ("browser" in marked):
        problems.append("the `browser` mark goes with the `chromium` fixture, and only with it")
    if "slow" in marked and marked & {"build", "browser"}:
        problems.append("`slow` is for tests that are neither `build` nor `browser`: drop it")
    return problems


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    report.tier_marks = sorted(name for name in TIERS if item.get_closest_marker(name))  # for the summary
    if report.when == "call" and report.passed and (problems := disagreements(item)):
        report.outcome = "failed"
        report.longrepr = "tier marks (tests/tiers.py): " + "; ".join(problems)
    return report


SLOW_UNMARKED: list[tuple[float, str]] = []


def pytest_runtest_logreport(report):
    """Also where pytest-xdist's reports arrive, so the summary below sees every worker's tests."""
    if report.when == "call" and report.duration > SLOW_SECONDS and not getattr(report, "tier_marks", True):
        SLOW_UNMARKED.append((report.duration, report.nodeid))


def pytest_terminal_summary(terminalreporter):
    """Unmarked tests over SLOW_SECONDS: candidates for `slow` (a loaded machine makes any test slower)."""
    if SLOW_UNMARKED:
        terminalreporter.section(f"tests over {SLOW_SECONDS:.0f} s that are not marked build, browser or slow")
        for seconds, nodeid in sorted(SLOW_UNMARKED, reverse=True):
            terminalreporter.write_line(f"{seconds:6.1f} s  {nodeid}")
