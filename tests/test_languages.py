"""Languages: every language has its catalogues, counts take CLDR's plural forms, French writes "1er"."""

from __future__ import annotations

import shutil

import pytest

from publication.localise import Messages
from tests.conftest import ROOT, run_cli, unchanged_by_readers
from tests.pdfs import flat_text

SITE, DRESDEN = "sources/site.yaml", "sources/workshops/2016-09-dresden.yaml"
MESSAGES = [ROOT / "layouts" / "messages"]  # a search path: the project's catalogues (here, the default theme's)


def replace_in(project, relative, old, new):
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(project, relative, text) -> int:
    lines = (project / relative).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if text in line)


def add_italian(project) -> None:
    replace_in(project, SITE, "languages: [fr, en, de, el]", "languages: [fr, en, de, el, it]")
    replace_in(project, DRESDEN, "languages: [de]", "languages: [de, it]")


# --- a language without a catalogue ---------------------------------------------------------


def test_language_without_catalogue_is_an_error_at_check_and_build(project_copy):
    add_italian(project_copy)
    site_line, dresden_line = line_of(project_copy, SITE, "languages: ["), line_of(project_copy, DRESDEN, "languages:")
    for command in (["check"], ["build", "--output", str(project_copy / "output")]):
        result = run_cli(*command, project=project_copy)
        assert result.exit_code == 2, result.output
        assert (
            f"{SITE}:{site_line}: languages[5] no message catalogue for 'it' (layouts/messages/it.yaml is missing)"
            in result.output
        )
        assert f"{DRESDEN}:{dresden_line}: languages[2] no message catalogue for 'it'" in result.output
        assert "fix: copy layouts/messages/en.yaml to layouts/messages/it.yaml and translate it" in result.output
        assert (
            "fix: copy layouts/messages/site/en.yaml to layouts/messages/site/it.yaml and translate it" in result.output
        )
        assert "4 problems in the sources" in result.output
        assert "Traceback" not in result.output
    assert not (project_copy / "output").exists()


def copy_catalogues(project, lang, without: str) -> None:
    """Catalogues for `lang`: the English ones, less the entry `without`."""
    for folder in ("", "site/"):
        shutil.copy(project / f"layouts/messages/{folder}en.yaml", project / f"layouts/messages/{folder}{lang}.yaml")
    path = project / "layouts/messages/it.yaml"
    path.write_text(
        "".join(
            line
            for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
            if not line.startswith(f"{without}:")
        ),
        encoding="utf-8",
    )


def test_catalogue_missing_entries_is_a_warning_and_an_error_with_strict(project_copy):
    add_italian(project_copy)
    copy_catalogues(project_copy, "it", without="venue")
    expected = (
        "layouts/messages/it.yaml: has no entry venue (layouts/messages/fr.yaml has them): "
        "the fr words are printed instead\n    fix: add venue to layouts/messages/it.yaml"
    )
    result = run_cli("check", project=project_copy)
    assert result.exit_code == 0, result.output
    assert f"warning: {expected}" in result.output
    for command in (["check", "--strict"], ["build", "--strict", "--output", str(project_copy / "output")]):
        result = run_cli(*command, project=project_copy)
        assert result.exit_code == 2, result.output
        assert expected in result.output.split("problems in the sources:")[1]
    assert not (project_copy / "output").exists()


def test_source_catalogue_missing_an_entry_is_an_error(project_copy):
    replace_in(project_copy, "layouts/messages/fr.yaml", "venue: Lieu\n", "")
    result = run_cli("check", project=project_copy)
    assert result.exit_code == 2, result.output
    assert (
        "layouts/messages/fr.yaml: has no entry venue (layouts/messages/en.yaml has them), "
        "and there is no other language to fall back to"
    ) in result.output


@pytest.mark.parametrize(
    "old, new, field, message",
    [
        (
            '  one: "{count} pays européen"',
            '  single: "{count} pays européen"',
            "european_countries.single",
            "'single' is not a CLDR plural category",
        ),
        ('  other: "{count} pays européens"', '  many: "{count} pays"', "european_countries", "has no 'other' form"),
    ],
)
def test_bad_plural_entry_is_located(project_copy, old, new, field, message):
    replace_in(project_copy, "layouts/messages/fr.yaml", old, new)
    line = line_of(project_copy, "layouts/messages/fr.yaml", new.strip() if "single" in new else "european_countries:")
    result = run_cli("check", project=project_copy)
    assert result.exit_code == 2, result.output
    assert f"layouts/messages/fr.yaml:{line}: {field} {message}" in result.output


# --- plurals -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lang, count, expected",
    [
        ("fr", 0, "0 pays européen"),
        ("fr", 1, "1 pays européen"),
        ("fr", 5, "5 pays européens"),
        ("en", 0, "0 European countries"),
        ("en", 1, "1 European country"),
        ("en", 2, "2 European countries"),
        ("de", 1, "1 europäischen Land"),
        ("de", 3, "3 europäischen Ländern"),
        ("el", 1, "1 ευρωπαϊκή χώρα"),
        ("el", 4, "4 ευρωπαϊκές χώρες"),
    ],
)
def test_counts_take_the_languages_plural_forms(lang, count, expected):
    assert Messages(MESSAGES, lang, "fr")("european_countries", count=count) == expected


def test_plural_entry_without_count_takes_the_other_form():
    assert Messages(MESSAGES, "en", "fr")("figure_partners") == "partners"


def test_glyph_check_reads_every_plural_form(project_copy):
    """The shipped network has ten partners: the 'one' form is never printed, but is checked."""
    replace_in(project_copy, "layouts/messages/el.yaml", '  one: "εταίρος"', '  one: "\u9f8d"')
    line = line_of(project_copy, "layouts/messages/el.yaml", "\u9f8d")
    result = run_cli("check", project=project_copy)
    assert result.exit_code == 2, result.output
    assert f"layouts/messages/el.yaml:{line}: figure_partners.one '龍' (U+9F8D" in result.output


# --- one workshop, on the first of a month: the real output ---------------------------------------


@pytest.fixture(scope="module")
def one_workshop(tmp_path_factory):
    """The shipped project with only its last workshop, moved to 1–2 December 2017, built."""
    project = tmp_path_factory.mktemp("one-workshop")
    for name in ("sources", "layouts", "styles"):
        shutil.copytree(ROOT / name, project / name)
    for file in (project / "sources/workshops").glob("*.yaml"):
        if file.stem != "2018-01-val-de-marne":
            file.unlink()
    path = project / "sources/workshops/2018-01-val-de-marne.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("2018-01-18", "2017-12-01").replace("2018-01-19", "2017-12-02"),
        encoding="utf-8",
    )
    output = project / "output"
    result = run_cli(
        "build",
        "--kind",
        "overview",
        "--kind",
        "programme",
        "--kind",
        "brochure",
        "--lang",
        "fr",
        "--lang",
        "en",
        "--variant",
        "screen",
        "--output",
        str(output),
        project=project,
    )
    assert result.exit_code == 0, result.output
    with unchanged_by_readers(project):
        yield output


@pytest.mark.build
@pytest.mark.parametrize(
    "lang, said, not_said",
    [
        ("fr", "1 atelier transnational, 2016–2018", "1 ateliers"),
        ("en", "1 transnational workshop, 2016–2018", "1 transnational workshops"),
    ],
)
def test_overview_of_one_workshop_says_it_in_the_singular(one_workshop, lang, said, not_said):
    text = flat_text(one_workshop / lang / "overview-screen.pdf")
    assert said in text and not_said not in text


@pytest.mark.build
def test_brochure_counts_in_the_singular_and_plural(one_workshop):
    text = flat_text(one_workshop / "fr" / "brochure-screen.pdf")
    assert "10 partenaires 8 pays 1 atelier transnational URBACT" in text  # the key figures
    assert "10 partenaires dans 8 pays européens" in text


@pytest.mark.build
def test_french_writes_the_first_of_the_month_1er(one_workshop):
    fr = flat_text(one_workshop / "fr" / "programme-2018-01-val-de-marne-screen.pdf")
    assert "1er–2 décembre 2017" in fr
    assert "Vendredi 1er décembre 2017" in fr
    en = flat_text(one_workshop / "en" / "programme-2018-01-val-de-marne-screen.pdf")
    assert "1–2 December 2017" in en and "1er" not in en


def test_a_name_in_markup_keeps_its_element_inside_the_typeset_words():
    from markupsafe import Markup

    legend = Messages(MESSAGES, "fr", "fr")("map_key_lead", lead=Markup('<span class="name">Amadora &amp; Co</span>'))
    assert isinstance(legend, Markup)
    assert legend == 'Chef de file\u202f: <span class="name">Amadora &amp; Co</span>'
