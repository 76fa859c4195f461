"""The language of a text in another script than its document's (publication/scripts.py)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from publication.scripts import Misread, Written, misread_runs, written_parts

FORUM = ROOT / "examples" / "forum"
BULGARIAN_SPEAKER = "                country: BG\n"  # Николай ТОДОРОВ's, in the forum's agenda


def test_a_run_in_another_script_takes_the_language_its_country_writes_in_it():
    assert written_parts("Община Русе (Ruse Municipality), Projects", "en", "BG") == [
        Written("Община Русе", "bg"),
        Written(" (Ruse Municipality), Projects"),
    ]
    assert written_parts("Весна ЈОВАНОВИЋ", "fr", "RS") == [Written("Весна ЈОВАНОВИЋ", "sr")]  # not sr_Latn
    assert written_parts("Οδυσσέας ΧΑΤΖΗΓΕΩΡΓΙΟΥ-ΚΩΝΣΤΑΝΤΙΝΙΔΗΣ", "en", None) == [
        Written("Οδυσσέας ΧΑΤΖΗΓΕΩΡΓΙΟΥ-ΚΩΝΣΤΑΝΤΙΝΙΔΗΣ", "el")  # Greek letters: Greek, whatever the country
    ]


def test_nothing_is_said_in_the_documents_own_script_or_when_no_language_is_known():
    assert written_parts("Николай ТОДОРОВ", "bg", "BG") == [Written("Николай ТОДОРОВ")]
    assert written_parts("Rīga, Latvija", "fr", "LV") == [Written("Rīga, Latvija")]  # Latin: not told
    assert written_parts("Николай ТОДОРОВ", "en", None) == [Written("Николай ТОДОРОВ")]  # which Cyrillic language?
    assert written_parts("Николай ТОДОРОВ", "en", "FR") == [Written("Николай ТОДОРОВ")]


def test_a_persons_language_says_which_cyrillic_language_where_the_country_does_not():
    assert written_parts("Николай ТОДОРОВ", "en", "FR", "bg") == [Written("Николай ТОДОРОВ", "bg")]
    # A language that does not write the script says nothing about it: the country's still does.
    assert written_parts("Весна ЈОВАНОВИЋ", "en", "RS", "fr") == [Written("Весна ЈОВАНОВИЋ", "sr")]


def test_the_runs_a_page_has_read_in_a_language_that_does_not_write_them():
    html = (
        '<html lang="en"><head><title>Ж</title><meta name="keywords" content="Ж"><style>p::before { content: "Ж" }</style></head><body>'
        "<figure><svg><text>Пловдив</text></svg><figcaption>Map</figcaption></figure>"
        "<p>Николай ТОДОРОВ<br>Urban planner</p>"
        '<p lang="bg">Община Русе<img alt="Русе"></p>'
        '<img alt="Map: Novi Sad (Нови Сад)">'
        '<p>Οδυσσέας <span lang="el">Παπαδόπουλος</span></p>'
        "<p>Николай ТОДОРОВ</p></body></html>"
    )
    # Each once, in the page's order; the bg paragraph and its image are read right; head and drawing unread.
    assert misread_runs(html) == [
        Misread("Николай ТОДОРОВ", "CYRILLIC", "en"),
        Misread("Нови Сад", "CYRILLIC", "en"),
        Misread("Οδυσσέας", "GREEK", "en"),
    ]
    assert misread_runs('<html lang="ru"><p>Николай</p></html>') == []


def _forum_without_the_speakers_country(tmp_path: Path) -> Path:
    shutil.copytree(FORUM / "sources", tmp_path / "sources")
    (agenda,) = (tmp_path / "sources" / "workshops").glob("*.yaml")
    text = agenda.read_text(encoding="utf-8")
    at = text.index("Николай ТОДОРОВ")
    assert text.index(BULGARIAN_SPEAKER, at) - at < 400  # his country, not the next speaker's
    agenda.write_text(text[:at] + text[at:].replace(BULGARIAN_SPEAKER, "", 1), encoding="utf-8")
    return tmp_path


def test_check_warns_at_a_cyrillic_name_whose_language_nothing_says(tmp_path):
    project = _forum_without_the_speakers_country(tmp_path)
    result = run_cli("check", project=project)
    assert result.exit_code == 0, result.output
    warnings = re.findall(r"warning: (\S+): (\S+) “(.+?)” is in Cyrillic letters", result.output)
    where = "sources/workshops/2027-09-novi-sad-forum.yaml:"
    assert [(file.split(":")[0] + ":", field.split(".")[-1], text) for file, field, text in warnings] == [
        (where, "name", "Николай ТОДОРОВ"),
        (where, "organisation", "Община Русе"),
    ]
    assert "pages in fr, en read it in their own" in result.output
    assert run_cli("check", "--strict", project=project).exit_code == 2


@pytest.mark.build
def test_the_build_fails_a_screen_pdf_that_reads_a_name_in_the_wrong_language_and_passes_it_told(tmp_path):
    project = _forum_without_the_speakers_country(tmp_path)
    only = ("--kind", "programme", "--lang", "en", "--variant", "screen")
    failed = run_cli("build", *only, project=project)
    assert failed.exit_code != 0
    assert re.search(
        r"\[element-language\] 'Николай ТОДОРОВ' is in Cyrillic letters but read as 'en'.*"
        r"\(sources/workshops/2027-09-novi-sad-forum\.yaml:\d+ \(agenda\[\d\]\.sessions.*speakers\[\d\]\.name\)\)",
        failed.output,
    ), failed.output
    assert "'Община Русе' is in Cyrillic letters" in failed.output
    agenda = next((project / "sources" / "workshops").glob("*.yaml"))
    text = agenda.read_text(encoding="utf-8")
    at = text.index("Николай ТОДОРОВ")
    agenda.write_text(
        text[:at]
        + text[at:].replace(
            "              - name: Ștefania", "                language: bg\n              - name: Ștefania", 1
        ),
        encoding="utf-8",
    )
    told = run_cli("build", *only, project=project)
    assert told.exit_code == 0, told.output
    assert "1 screen PDF passed the PDF/UA checks" in told.output
