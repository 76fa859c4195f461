"""The PDFs do not depend on the machine: its fonts, time zone or locale change no byte."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.build  # every test here makes PDFs, or reads a fixture that does

# Fontconfig with no font folder at all: only the project's @font-face files can be used.
NO_SYSTEM_FONTS = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""
# One programme is enough: what a machine could change (dates, fonts, scripts: Greek in el) is in each.
SELECTION = ("--kind", "brochure", "--kind", "programme", "--kind", "poster", "--event", "2017-05-thessaloniki")
SELECTION += ("--lang", "fr", "--lang", "el")


@pytest.mark.fresh_layout
def test_no_system_font_other_time_zone_and_locale_give_the_same_bytes(built, tmp_path):
    config = tmp_path / "fonts.conf"
    config.write_text(NO_SYSTEM_FONTS.format(cache=tmp_path / "fontconfig-cache"), encoding="utf-8")
    env = {
        **os.environ,
        "FONTCONFIG_FILE": str(config),
        "TZ": "Pacific/Kiritimati",
        "LC_ALL": "C",
        "LANG": "tr_TR.UTF-8",
        "LANGUAGE": "tr",
    }
    env.pop("SOURCE_DATE_EPOCH", None)
    output = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "make_publication.py"),
            "--project",
            str(ROOT),
            "build",
            *SELECTION,
            "--output",
            str(output),
            "--quiet",
            "--jobs",
            "2",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    pdfs = sorted(path.relative_to(output) for path in output.rglob("*.pdf"))
    assert len(pdfs) == 2 * (3 + 1)  # fr: brochure, poster, Thessaloniki's programme; el: the programme; × 2 variants
    differing = [str(path) for path in pdfs if (output / path).read_bytes() != (built / path).read_bytes()]
    assert differing == []
