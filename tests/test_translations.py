"""A missing translation: `check` locates it, `build` falls back with a warning, `--strict` fails."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from tests.conftest import run_cli

WORKSHOP = "sources/workshops/2017-05-thessaloniki.yaml"
MISSING = "          el: Διάλειμμα\n"  # the Greek title of the first break (agenda[0].sessions[2])
WARNING = "agenda[1].sessions[3].title has no 'el' translation"


def remove_greek_break(project) -> int:
    """Remove one Greek text; return the line of its `title:` key, where the warning points."""
    path = project / WORKSHOP
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = lines.index(MISSING)
    del lines[index]
    path.write_text("".join(lines), encoding="utf-8")
    title = max(i for i in range(index) if lines[i].strip() == "title:")
    return title + 1


def pdf_text(path) -> str:
    document = pdfium.PdfDocument(str(path))
    return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))


def test_shipped_sources_have_every_translation():
    result = run_cli("check")
    assert result.exit_code == 0, result.output
    assert "has no '" not in result.output
    assert "0 warnings" in result.output


def test_check_lists_missing_translation_with_file_and_line(project_copy):
    line = remove_greek_break(project_copy)
    result = run_cli("check", project=project_copy)
    assert result.exit_code == 0, result.output
    assert f"warning: {WORKSHOP}:{line}: {WARNING}" in result.output
    assert "fix: add `el: …` under it" in result.output
    assert "1 warning" in result.output


@pytest.mark.build
def test_build_falls_back_to_source_language_with_a_warning(project_copy):
    line = remove_greek_break(project_copy)
    output = project_copy / "output"
    result = run_cli(
        "build",
        "--kind",
        "programme",
        "--lang",
        "el",
        "--variant",
        "screen",
        "--output",
        str(output),
        project=project_copy,
    )
    assert result.exit_code == 0, result.output
    assert f"{WORKSHOP}:{line}: {WARNING}" in result.output
    text = pdf_text(output / "el" / "programme-2017-05-thessaloniki-screen.pdf")
    assert "Pause" in text  # the French source text stands in for the missing Greek
    assert "Αίθουσα ολομέλειας" in text  # the other texts stay Greek


def test_strict_build_fails_on_missing_translation(project_copy):
    line = remove_greek_break(project_copy)
    output = project_copy / "output"
    result = run_cli(
        "build", "--strict", "--kind", "programme", "--lang", "el", "--output", str(output), project=project_copy
    )
    assert result.exit_code == 2, result.output
    assert f"{WORKSHOP}:{line}: {WARNING}" in result.output
    assert "Traceback" not in result.output
    assert not output.exists(), "a strict build that fails must write nothing"


THESSALONIKI_TITLE = (
    "title:\n"
    "  fr: Atelier transnational à Thessalonique\n"
    "  en: Transnational workshop in Thessaloniki\n"
    "  el: Διακρατικό εργαστήριο στη Θεσσαλονίκη\n"
)
WRITTEN_ONCE = "title: Séminaire de lancement à Thessalonique\n"  # line 4, where the title was


def write_title_once(project) -> None:
    path = project / WORKSHOP
    text = path.read_text(encoding="utf-8")
    assert THESSALONIKI_TITLE in text
    path.write_text(text.replace(THESSALONIKI_TITLE, WRITTEN_ONCE), encoding="utf-8")


def test_a_title_written_once_is_a_warning_naming_the_untranslated_languages(project_copy):
    """The issue's defect: a French title written once printed in the English programme with no warning.
    The event is published in fr, en (every publication) and el (its own): en and el print it untranslated."""
    write_title_once(project_copy)
    result = run_cli("check", project=project_copy)
    assert result.exit_code == 0, result.output
    assert (
        f"warning: {WORKSHOP}:4: title is written once, for every language: the en, el publications print it "
        "untranslated\n    fix: write it per language: `fr: …`, `en: …` and `el: …` lines under it"
    ) in result.output
    assert "1 warning" in result.output


def test_check_ends_with_one_table_of_missing_translations_per_language(project_copy):
    write_title_once(project_copy)
    line = remove_greek_break(project_copy)
    result = run_cli("check", project=project_copy)
    assert result.exit_code == 0, result.output
    table = result.output[result.output.index("missing translations") :].splitlines()
    assert table[1:3] == [
        f"  en 1: {WORKSHOP}:4 title",
        f"  el 2: {WORKSHOP}:4 title, {WORKSHOP}:{line} agenda[1].sessions[3].title",
    ]
    assert table[3].startswith("sources are valid:") and "2 warnings" in table[3]  # the table comes last


def test_strict_check_fails_on_a_text_written_once(project_copy):
    write_title_once(project_copy)
    result = run_cli("check", "--strict", project=project_copy)
    assert result.exit_code == 2, result.output
    assert f"{WORKSHOP}:4: title is written once, for every language" in result.output


def test_names_rooms_and_addresses_written_once_are_no_warning(project_copy):
    """Proper nouns are the same in every language (sources.WRITTEN_ONCE_FIELDS): no warning."""
    path = project_copy / WORKSHOP
    text = path.read_text(encoding="utf-8")
    room = "        room:\n          fr: Salle plénière\n          en: Plenary room\n          el: Αίθουσα ολομέλειας\n"
    assert room in text
    text = text.replace(room, "        room: Salle Aristote\n")
    path.write_text(text, encoding="utf-8")
    partners = project_copy / "sources/partners.yaml"
    names = partners.read_text(encoding="utf-8")
    assert "    name: Amadora\n" in names  # a partner's name, written once, already in the shipped sources
    result = run_cli("check", project=project_copy)
    assert result.exit_code == 0, result.output
    assert "0 warnings" in result.output
    assert "missing translations" not in result.output


def test_the_table_counts_every_language_a_text_misses():
    from publication.errors import TABLE_PLACES, MissingTranslation, missing_translations_table

    assert missing_translations_table([]) == ""
    warnings = [MissingTranslation("a.yaml", n, "title", "m", "", ("de", "el")) for n in range(1, TABLE_PLACES + 3)]
    lines = missing_translations_table(warnings).splitlines()
    assert [line.split(":")[0] for line in lines[1:]] == ["  de 7", "  el 7"]
    assert lines[1].endswith("a.yaml:5 title, and 2 more")


@pytest.mark.build
def test_build_ends_with_the_table_of_missing_translations(project_copy):
    write_title_once(project_copy)
    output = project_copy / "output"
    result = run_cli(
        "build",
        *("--kind", "programme", "--event", "2017-05-thessaloniki", "--lang", "en", "--variant", "screen"),
        *("--output", str(output)),
        project=project_copy,
    )
    assert result.exit_code == 0, result.output
    said = result.output.splitlines()
    table = said.index("missing translations (the source language is printed instead; --strict makes them errors):")
    assert said[table + 1 : table + 3] == [f"  en 1: {WORKSHOP}:4 title", f"  el 1: {WORKSHOP}:4 title"]
    assert table > max(i for i, line in enumerate(said) if line.startswith("wrote "))  # after the build's own lines
    text = pdf_text(output / "en" / "programme-2017-05-thessaloniki-screen.pdf")
    assert "Séminaire de lancement à Thessalonique" in text  # printed untranslated, as the warning said
