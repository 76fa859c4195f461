"""The language of a text in another script than its document's (publication/scripts.py)."""

from __future__ import annotations

from publication.scripts import Written, written_parts


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
