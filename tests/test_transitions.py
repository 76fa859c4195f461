"""The sources of the previous release still build: former spellings are read as the current ones for
one more release, each with a warning that names the new spelling (publication/transitions.py)."""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli

# The last commit of 2026-11-25: the sources a team kept from the release before 0.1.0's renames
# (credits.funders[].mark: urbact, print.output_profile: styles/icc/ArrivalCities-FOGRA39L.icc).
PREVIOUS_RELEASE = "52b3b5cb3a63f2d3ee4d13e8d3c9b138442258a8"
WARNINGS = (
    "warning: sources/network.yaml:133: credits.funders[2].mark 'urbact' is the former spelling of 'wordmark', "
    "read as 'wordmark' until make-publication 0.3.0\n    fix: write 'wordmark'",
    "warning: sources/site.yaml:37: print.output_profile 'styles/icc/ArrivalCities-FOGRA39L.icc' is the former "
    "name of the default theme's 'styles/icc/FOGRA39L.icc', read as 'styles/icc/FOGRA39L.icc' until "
    "make-publication 0.3.0\n    fix: write 'styles/icc/FOGRA39L.icc'",
)


def previous_release(target: Path) -> Path:
    """A project holding the previous release's shipped sources, read from the repository's history
    (a project made then had its own copy of the sources only: it prints with the default theme)."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", PREVIOUS_RELEASE, "sources"], capture_output=True, check=False
    )
    assert archive.returncode == 0, (
        f"the previous release's sources are read from git history ({PREVIOUS_RELEASE[:7]}): "
        f"{archive.stderr.decode()} (a shallow clone lacks it: fetch the whole history)"
    )
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    return target


@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> Path:
    return previous_release(tmp_path_factory.mktemp("previous-release"))


def test_the_previous_releases_sources_check_with_a_warning_for_each_former_spelling(previous):
    assert "mark: urbact" in (previous / "sources/network.yaml").read_text(encoding="utf-8")
    result = run_cli("check", project=previous)
    assert result.exit_code == 0, result.output
    for warning in WARNINGS:
        assert warning in result.output
    # …and one for each of its four month-only events whose agendas date their days (agenda_dates)
    assert result.output.count("the event's date is a month") == 4
    assert "sources are valid: 10 partners, 5 workshops, 6 warnings" in result.output
    strict = run_cli("check", "--strict", project=previous)
    assert strict.exit_code == 2 and "6 problems in the sources" in strict.output


@pytest.mark.build
def test_the_previous_releases_sources_build(previous, tmp_path):
    """The brochure prints the funders' marks (the former `urbact` as the wordmark) in print, with
    the output intent of the profile named by its former name."""
    from tests.pdfs import flat_text

    output = tmp_path / "output"
    result = run_cli(
        "build", "--kind", "brochure", "--lang", "en", "--output", str(output), "--jobs", "1", project=previous
    )
    assert result.exit_code == 0, result.output
    assert all(warning in result.output for warning in WARNINGS)
    for variant in ("print", "screen"):
        assert "URBACT" in flat_text(output / f"en/brochure-{variant}.pdf")
