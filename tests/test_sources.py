"""Bad sources: each gives a clear message naming file, line and field, and exit code 2."""

from __future__ import annotations

import re

import pytest

from tests.conftest import run_cli

PROGRAMME = "sources/workshops/2017-05-thessaloniki.yaml"


def replace_in(project, relative, old, new, count=1):
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


# (what is broken, file, old text, new text, expected "file:line", expected field, words of the message)
BAD_INPUTS = [
    ("time not like 09:00", PROGRAMME, 'start: "09:30"', "start: 9h", f"{PROGRAMME}:", "agenda[0].sessions[1].start",
     "'9h' is not a time like 09:00"),
    ("unknown key with did-you-mean", PROGRAMME, "venue:", "venu:", f"{PROGRAMME}:", "venu", "did you mean 'venue'"),
    ("duplicate key", PROGRAMME, "host: thessaloniki", "host: thessaloniki\nhost: patras", f"{PROGRAMME}:", "host",
     "duplicate key 'host'"),
    ("impossible date", PROGRAMME, "date: 2017-05-17", "date: 2017-02-30", f"{PROGRAMME}:", "agenda[0].date",
     "does not exist"),
    ("missing required field", "sources/partners.yaml", "    role: lead\n", "", "sources/partners.yaml:", "partners[0].role",
     "is required"),
    ("wrong literal", "sources/partners.yaml", "role: lead", "role: leader", "sources/partners.yaml:", "partners[0].role",
     "is not allowed"),
    ("unknown host", PROGRAMME, "host: thessaloniki", "host: thesaloniki", f"{PROGRAMME}:", "host",
     "did you mean 'thessaloniki'"),
    ("end before start", PROGRAMME, 'end: "10:30"', 'end: "08:00"', f"{PROGRAMME}:", "agenda[0].sessions[1]",
     "not after it starts"),
    ("YAML syntax error", PROGRAMME, "title:\n", "title: [\n", f"{PROGRAMME}:", "", "YAML syntax error"),
    ("bad month", PROGRAMME, "dates: 2017-05", "dates: 2017-13", f"{PROGRAMME}:", "dates", "no month 13"),
    ("ink above 300 %", "sources/site.yaml", "cmyk: [100, 72, 0, 38]", "cmyk: [100, 100, 100, 38]",
     "sources/site.yaml:", "brand.primary.cmyk", "above the 300 %"),
    ("not UTF-8", PROGRAMME, "Thessalonique", "Thessalonique\udcff", f"{PROGRAMME}:", "", "is not UTF-8"),
]


@pytest.mark.parametrize("case", BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS])
def test_bad_input_is_reported_clearly(project_copy, case):
    _, relative, old, new, location, field, words = case
    if "\udcff" in new:
        path = project_copy / relative
        path.write_bytes(path.read_bytes().replace(old.encode(), old.encode() + b"\xff", 1))
    else:
        replace_in(project_copy, relative, old, new)
    for command in (["check"], ["build", "--output", str(project_copy / "output")]):
        result = run_cli(*command, project=project_copy)
        assert result.exit_code == 2, result.output
        assert location in result.output
        assert re.search(re.escape(location) + r"\d+", result.output), f"no line number in {result.output}"
        assert field in result.output
        assert words in result.output
        assert "Traceback" not in result.output
    assert not (project_copy / "output").exists(), "a failed build must not write anything"


def test_check_reports_all_problems_at_once(project_copy):
    replace_in(project_copy, PROGRAMME, 'start: "09:30"', "start: 9h")
    replace_in(project_copy, "sources/workshops/2016-09-dresden.yaml", "venue:", "venu:")
    result = run_cli("check", project=project_copy)
    assert result.exit_code == 2
    assert "2 problems in the sources" in result.output
    assert "2017-05-thessaloniki.yaml" in result.output and "2016-09-dresden.yaml" in result.output


def test_shipped_sources_are_valid():
    result = run_cli("check")
    assert result.exit_code == 0, result.output
    assert "sources are valid: 10 partners, 5 workshops" in result.output
