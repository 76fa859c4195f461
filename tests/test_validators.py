"""Independent PDF/UA-1 validators on every screen PDF the shipped sources, the examples and the stress
sources make: `page-validation`
(veraPDF's PDF/UA-1 rules) and `outloud` (PDF/UA-1 and WCAG 2.2). An error either has an entry in
validator_false_alarms.yaml, with its reason, or fails the test."""

from __future__ import annotations

import fnmatch
import json
import re
import subprocess
import sys
from pathlib import Path

import page
import pytest
import yaml

from publication.kinds import kind_of
from publication.preflight import preflight_screen_pdf
from publication.preflight.eu import preflight_eu

FALSE_ALARMS = yaml.safe_load((Path(__file__).parent / "validator_false_alarms.yaml").read_text(encoding="utf-8"))
OUTLOUD = Path(sys.executable).parent / "outloud"


@pytest.fixture(scope="module")
def screen_pdfs(built, manifest) -> list[str]:
    files = sorted(entry["path"] for entry in manifest if entry["variant"] == "screen")
    assert files, "the build wrote no screen edition"
    return files


def page_errors(built: Path, path: str) -> list[dict]:
    report = page.validate_pdf(built / path, profile=page.ValidationProfile.PDF_UA_1)
    return [
        {"tool": "page", "file": path, "rule": failure.rule_id, "evidence": failure.message}
        for failure in report.failures
    ]


def outloud_errors(built: Path, paths: list[str]) -> list[dict]:
    result = subprocess.run(
        [str(OUTLOUD), "--json", "-", "--fail-on", "never", *paths], cwd=built, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    found = []
    for checked in json.loads(result.stdout)["results"]:
        assert not checked.get("error"), f"outloud could not check {checked['path']}: {checked['error']}"
        found += [
            {
                "tool": "outloud",
                "file": checked["path"],
                "rule": finding["rule"],
                "evidence": finding.get("evidence", ""),
            }
            for finding in checked["findings"]
            if finding["severity"] == "error"
        ]
    return found


def explained_by(error: dict, alarm: dict) -> bool:
    return (
        error["tool"] == alarm["tool"]
        and error["rule"] == alarm["rule"]
        and fnmatch.fnmatch(error["file"], alarm["files"])
        and re.search(alarm["evidence"], error["evidence"]) is not None
    )


def test_every_false_alarm_says_why():
    for alarm in FALSE_ALARMS:
        assert set(alarm) == {"tool", "rule", "files", "evidence", "reason"}, alarm
        assert alarm["tool"] in {"page", "outloud"} and len(alarm["reason"]) > 40, alarm


@pytest.mark.build
def test_validators_find_no_error_on_the_screen_pdfs(built, screen_pdfs):
    errors = [error for path in screen_pdfs for error in page_errors(built, path)]
    errors += outloud_errors(built, screen_pdfs)
    unexplained = [error for error in errors if not any(explained_by(error, alarm) for alarm in FALSE_ALARMS)]
    assert not unexplained, "validator errors:\n" + "\n".join(
        json.dumps(error, ensure_ascii=False) for error in unexplained
    )
    stale = [alarm for alarm in FALSE_ALARMS if not any(explained_by(error, alarm) for error in errors)]
    assert not stale, f"false alarms no validator raises any more (remove them): {stale}"


def unexplained_errors(output: Path) -> list[dict]:
    manifest = json.loads((output / "manifest.json").read_text(encoding="utf-8"))["files"]
    pdfs = sorted(
        entry["path"] for entry in manifest if entry["variant"] == "screen" and entry["path"].endswith(".pdf")
    )
    assert pdfs, f"no screen PDF in {output}"
    errors = [error for path in pdfs for error in page_errors(output, path)] + outloud_errors(output, pdfs)
    return [error for error in errors if not any(explained_by(error, alarm) for alarm in FALSE_ALARMS)]


@pytest.mark.build
def test_validators_find_no_error_on_the_examples_and_the_stress_screen_pdfs(examples, stress_built):
    """Other projects' pages (Cyrillic names, associated partners, the condensed poster whose members run
    on as one paragraph): what the shipped sources never print."""
    unexplained = {
        str(output): errors
        for output in [*examples.values(), stress_built / "output"]
        if (errors := unexplained_errors(output))
    }
    assert not unexplained, json.dumps(unexplained, ensure_ascii=False, indent=1)


@pytest.mark.build
def test_the_builds_own_screen_and_eu_preflights_pass_the_examples(examples):
    """`preflight --screen` (structure, languages of parts, contrast) on every screen PDF of the examples
    (the forum's Cyrillic names, the conference's event kit), and `preflight --eu` on every PDF of theirs
    (2021-2027 statements; the table cards print no funder)."""
    failures = []
    for output in examples.values():
        manifests = [output / "manifest.json", output / "private" / "manifest.json"]  # the event kit's too
        entries = [e for m in manifests if m.is_file() for e in json.loads(m.read_text(encoding="utf-8"))["files"]]
        assert any(entry["path"].startswith("private/") for entry in entries) or output.parent.name != "conference"
        for entry in (entry for entry in entries if entry["path"].endswith(".pdf")):
            path = output / entry["path"]
            if entry["variant"] == "screen":
                failures += [
                    f"{entry['path']} p.{f.page}: [{f.check}] {f.message}" for f in preflight_screen_pdf(path).errors
                ]
            if kind_of(entry["kind"]).shows_funders:  # a table card prints a name, no credits
                failures += [f"{entry['path']}: {finding}" for finding in preflight_eu(path).findings]
    assert not failures, "\n".join(failures)
