"""The command line: --project and --debug are accepted before the command and after it."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from publication.cli import main
from publication.errors import counted
from publication.preflight.report import PreflightReport
from publication.preflight.screen import ScreenReport
from publication.progress import strict_failures, summarise
from publication.publish import BuildReport
from tests.conftest import ROOT


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_takes_project_and_debug_after_its_name(command):
    names = {option for param in main.commands[command].params for option in param.opts}
    assert {"--project", "--debug"} <= names


@pytest.mark.build
@pytest.mark.parametrize("position", ["before", "after"])
def test_project_before_or_after_the_command(project_copy, tmp_path_factory, position):
    """`make-publication --project DIR list` and `make-publication list --project DIR` are the same."""
    project = ["--project", str(project_copy)]
    before, after = (project, []) if position == "before" else ([], project)
    listed = invoke(*before, "list", *after)
    assert listed.exit_code == 0, listed.output
    assert "fr/brochure-print.pdf" in listed.output

    checked = invoke(*before, "check", *after)
    assert checked.exit_code == 0, checked.output
    assert checked.output.startswith("sources are valid:")

    output = tmp_path_factory.mktemp("out")
    built = invoke(
        *before,
        "build",
        "--kind",
        "overview",
        "--lang",
        "fr",
        "--variant",
        "screen",
        "--output",
        str(output),
        "--quiet",
        *after,
    )
    assert built.exit_code == 0, built.output
    assert [entry["path"] for entry in json.loads((output / "manifest.json").read_text())["files"]] == [
        "fr/overview-screen.pdf"
    ]


def test_project_after_the_command_wins(project_copy):
    """The folder named after the command is the one used, not the one before it."""
    (project_copy / "sources" / "network.yaml").write_text("not: [valid", encoding="utf-8")
    result = invoke("--project", str(ROOT), "check", "--project", str(project_copy))
    assert result.exit_code == 2
    assert "sources/network.yaml" in result.output


def test_debug_after_the_command_shows_the_traceback(project_copy, monkeypatch):
    import publication.sources

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(publication.sources, "read_sources", broken)
    plain = invoke("--project", str(project_copy), "check")
    assert plain.exit_code == 1 and "internal error: RuntimeError: boom" in plain.output
    with pytest.raises(RuntimeError, match="boom"):
        invoke("check", "--project", str(project_copy), "--debug")


def test_a_reader_that_stops_early_ends_the_listing_quietly():
    """`make-publication list | head -1`: no 'internal error', no traceback (Click's quiet exit 1).

    The pipe's reading end is closed before the command starts, so its first write fails
    (the race of a real `| head` made certain)."""
    import os
    import subprocess
    import sys

    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "publication.cli", "list"],
            cwd=ROOT,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    finally:
        os.close(write_end)
    assert done.returncode == 1
    assert done.stderr == ""


def test_an_unknown_event_is_refused_naming_the_events(tmp_path):
    """`--event` takes the key of an event (its file's name); a wrong one is refused before anything is
    rendered, with the keys to choose from."""
    result = invoke("--project", str(ROOT), "build", "--event", "2017-05-salonique", "--output", str(tmp_path / "out"))
    assert result.exit_code == 2 and not (tmp_path / "out").exists()
    assert "Invalid value for --event: 2017-05-salonique is not an event of sources/workshops/" in result.output
    assert "2017-05-thessaloniki" in result.output


@pytest.mark.parametrize(
    ("count", "words", "said"),
    [
        (1, ("workshop",), "1 workshop"),
        (0, ("workshop",), "0 workshops"),
        (2, ("screen PDF",), "2 screen PDFs"),
        (
            1,
            ("publication over its page budget", "publications over their page budget"),
            "1 publication over its page budget",
        ),
        (
            3,
            ("publication over its page budget", "publications over their page budget"),
            "3 publications over their page budget",
        ),
    ],
)
def test_a_count_takes_the_singular_for_one_only(count, words, said):
    assert counted(count, *words) == said


def test_the_build_summary_and_strict_say_one_in_the_singular():
    """Issue 23: "1 screen PDFs", "1 print PDFs passed preflight" are gone; two are plural."""
    one = BuildReport(preflight=[PreflightReport("a-print.pdf"), ScreenReport("a-screen.pdf")], seconds=1.0)
    said = summarise(one, jobs=1)
    assert said.endswith("(1 job); 1 print PDF passed preflight; 1 screen PDF passed the PDF/UA checks"), said
    two = BuildReport(preflight=[PreflightReport("p"), PreflightReport("q"), ScreenReport("s"), ScreenReport("t")])
    said = summarise(two, jobs=2)
    assert said.endswith("(2 jobs); 2 print PDFs passed preflight; 2 screen PDFs passed the PDF/UA checks"), said
    unmet = strict_failures(BuildReport(warnings=["brochure"], layout_warnings=["a", "b"]))
    assert unmet == "1 publication over its page budget, 2 layout warnings"


def test_no_message_counts_with_an_ad_hoc_plural():
    """Every count the build, `check` and the preflight tell goes through `errors.counted`: no "(s)"
    and no `'s' if n != 1` in the pipeline's code (a comment may name them)."""
    ad_hoc = re.compile(r"""\w\(s\)|'s' if |"s" if """)
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted((ROOT / "publication").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ad_hoc.search(line.split("#")[0]) and '"""' not in line and path.name != "errors.py"
    ]
    assert not found, found
