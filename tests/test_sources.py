"""Bad sources: each gives a clear message naming file, line and field, and exit code 2."""

from __future__ import annotations

import re

import pytest

from tests.conftest import run_cli

PROGRAMME = "sources/workshops/2017-05-thessaloniki.yaml"
SITE, NETWORK, PARTNERS, CONTACTS = (f"sources/{name}.yaml" for name in ("site", "network", "partners", "contacts"))
IMAGE = "image:\n  src: {}\n  alt: Thessaloniki\nvenue:\n"


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
    # Language codes.
    ("country code written for a language", PROGRAMME, "  en: Transnational workshop in Thessaloniki",
     "  gr: Μεταναστευτικό εργαστήριο", f"{PROGRAMME}:", "title.gr", "it is the country code of GR"),
    ("unknown language code in a text", PROGRAMME, "  en: Housing and the reception of asylum seekers",
     "  en: Housing\n  xq: Wohnen", f"{PROGRAMME}:", "theme.xq", "'xq' is not a known language code"),
    ("unknown key at the top of a file", NETWORK, "period:", "summary_extra: x\nperiod:", f"{NETWORK}:",
     "summary_extra", "unknown key 'summary_extra'"),
    ("workshop language not published", PROGRAMME, "languages: [el]", "languages: [es]", f"{PROGRAMME}:",
     "languages[0]", "'es' is not one of the site's languages"),
    ("site language that is no language", SITE, "languages: [fr, en, de, el]", "languages: [fr, en, de, el, xq]",
     f"{SITE}:", "languages[4]", "'xq' is not a known language code"),
    ("partner language in a wrong form", PARTNERS, "language: pt", "language: portuguese", f"{PARTNERS}:",
     "partners[0].language", "is not in the expected form"),
    # Wrong types.
    ("list where text is expected", PROGRAMME, "host: thessaloniki", "host: [thessaloniki]", f"{PROGRAMME}:",
     "host", "should be text"),
    ("text where a list is expected", PROGRAMME, "languages: [el]", "languages: el", f"{PROGRAMME}:",
     "languages", "should be a list"),
    ("text where a group is expected", PROGRAMME, "venue:\n", "venue: the town hall\nvenue_old:\n", f"{PROGRAMME}:",
     "venue", "should be a group of fields"),
    ("word where a number is expected", PARTNERS, "lat: 38.7538", "lat: north", f"{PARTNERS}:",
     "partners[0].location.lat", "'north' is not a number"),
    ("latitude out of range", PARTNERS, "lat: 38.7538", "lat: 138.7538", f"{PARTNERS}:",
     "partners[0].location.lat", "is out of range"),
    ("year that is not a number", NETWORK, "period: {start: 2016", "period: {start: twenty16", f"{NETWORK}:",
     "period.start", "'twenty16' is not a whole number"),
    ("e-mail address without @", CONTACTS, "email: europe@valdemarne.fr", "email: europe.valdemarne.fr",
     f"{CONTACTS}:", "contacts[0].email", "is not in the expected form"),
    ("empty text", PROGRAMME, "  en: Transnational workshop in Thessaloniki", '  en: ""', f"{PROGRAMME}:",
     "title", "the 'en' text is empty"),
    ("missing host", PROGRAMME, "host: thessaloniki\n", "", f"{PROGRAMME}:", "host", "is required but missing"),
    ("tab in the indentation", PROGRAMME, "venue:\n  name:", "venue:\n\tname:", f"{PROGRAMME}:", "",
     "YAML syntax error"),
    # Images, fonts and the ICC profile.
    ("image that does not exist", PROGRAMME, "venue:\n", IMAGE.format("sources/images/missing.png"),
     f"{PROGRAMME}:", "image.src", "'sources/images/missing.png' does not exist"),
    ("image that is not an image", PROGRAMME, "venue:\n", IMAGE.format("sources/site.yaml"),
     f"{PROGRAMME}:", "image.src", "is not an image"),
    ("image at an absolute path", PROGRAMME, "venue:\n", IMAGE.format("/etc/hostname"),
     f"{PROGRAMME}:", "image.src", "is not a path inside the project"),
    ("image outside the project", PROGRAMME, "venue:\n", IMAGE.format("../../outside.png"),
     f"{PROGRAMME}:", "image.src", "leads outside the project folder"),
    ("image on the network", PROGRAMME, "venue:\n", IMAGE.format("https://example.org/photo.jpg"),
     f"{PROGRAMME}:", "image.src", "is not a path inside the project"),
    ("image without alt text", PROGRAMME, "venue:\n", "image:\n  src: styles/icc/x.png\nvenue:\n",
     f"{PROGRAMME}:", "image.alt", "is required but missing"),
    ("ICC profile that does not exist", SITE, "output_profile: styles/icc/FOGRA39L.icc",
     "output_profile: styles/icc/missing.icc", f"{SITE}:", "print.output_profile", "does not exist"),
    ("ICC profile that is not one", SITE, "output_profile: styles/icc/FOGRA39L.icc",
     "output_profile: styles/base.css", f"{SITE}:", "print.output_profile", "is not an ICC profile"),
    ("font that does not exist", "styles/fonts.css", "fonts/Inter-Regular.otf", "fonts/Inter-Regullar.otf",
     "styles/fonts.css:", "@font-face src", "'fonts/Inter-Regullar.otf' does not exist"),
    ("font that is not a font", "styles/fonts.css", "fonts/Inter-Regular.otf", "fonts/LICENSE-Inter.txt",
     "styles/fonts.css:", "@font-face src", "is not a font file"),
    ("stylesheet image on the network", "styles/base.css", "\n", "\nbody { background: url(https://example.org/a.png); }\n",
     "styles/base.css:", "url()", "is not a path inside the project"),
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
        assert "fix: " in result.output, "every message says how to fix it"
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
