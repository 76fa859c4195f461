"""The tool's messages in English and French (publication/messages.py, issue: French messages under
LANG=fr_FR.UTF-8).

The catalogue is in step with the code (Babel's extractor over the package: every message has its
French, not fuzzy, with the same {placeholders}, and none is obsolete); each kind of message is
said in both languages by the command line, as the team runs it, for a table of mistakes in the
sources; the locale and site.yaml's `messages:` choose; the preview's pages speak French.
"""

from __future__ import annotations

import json
import re
import shutil
import string
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from publication import messages
from publication.cli import main
from publication.messages import _, catalogue_file, language_of_environment, ngettext, use_language
from tools.messages import extracted, read_catalogue

FRENCH = {"LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "fr_FR.UTF-8"}
ENGLISH = {"LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8"}
WORKSHOP = "sources/workshops/2026-05-example-city.yaml"
FIX = " | fix: "  # in a validator's ValueError (model/validation.py)
FIX_LINE, FIX_LINE_FR = "\n    fix: ", "\n    correction : "  # a usage error's fix, on its own line


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    """A test that speaks French leaves the process in the environment's language (English here)."""
    yield
    use_language()


# --- The catalogue ------------------------------------------------------------------------------


def placeholders(text: str) -> list[tuple[str, str, str]]:
    """Each {field!conversion:spec} of a str.format text, sorted."""
    return sorted(
        (field, spec or "", conversion or "")
        for _literal, field, spec, conversion in string.Formatter().parse(text)
        if field is not None
    )


def forms(entry) -> tuple[str, ...]:
    return (entry,) if isinstance(entry, str) else tuple(entry)


def test_the_french_catalogue_holds_every_message_of_the_code_and_no_other():
    code = {message.id if isinstance(message.id, str) else tuple(message.id) for message in extracted() if message.id}
    french = read_catalogue("fr")
    listed = {message.id if isinstance(message.id, str) else tuple(message.id) for message in french if message.id}
    assert sorted(map(str, code - listed)) == [], "new messages: run `.venv/bin/python -m tools.messages`"
    assert sorted(map(str, listed - code)) == [], "obsolete messages: run `.venv/bin/python -m tools.messages`"
    assert not french.obsolete
    assert len(code) > 150  # the extractor found the package's messages (not an empty run)


def test_every_message_has_its_french_with_the_same_placeholders():
    untranslated, fuzzy, mismatched = [], [], []
    for message in read_catalogue("fr"):
        if not message.id:
            continue
        if message.fuzzy:
            fuzzy.append(message.id)
        if not all(forms(message.string)):
            untranslated.append(message.id)
            continue
        wanted = [placeholders(text) for text in forms(message.id)]
        for translated in forms(message.string):
            # A validator's message and fix, which validation.py tells apart at " | fix: ", stay two.
            if (
                placeholders(translated) not in wanted
                or translated.count(FIX) != forms(message.id)[0].count(FIX)
                or translated.count(FIX_LINE_FR) != forms(message.id)[0].count(FIX_LINE)
            ):
                mismatched.append((message.id, translated))
    assert (untranslated, fuzzy, mismatched) == ([], [], [])


def typographic_faults(text: str) -> list[str]:
    """The French rules the catalogue keeps: an apostrophe is ’ (a straight ' only quotes a value),
    and a space before : ; ? ! (a plain one: the terminal needs no non-breaking space). Code in
    backquotes and the words of a YAML line are left alone."""
    prose = re.sub(r" \| fix: |`[^`]*`|\{[^}]*\}|'[^']*'|https?://\S+|\b[a-z_]+: [a-z]+\b", "", text)
    faults = [f"straight apostrophe in {word!r}" for word in re.findall(r"\w'\w+", prose)]
    marks = re.findall(r"(?:^|[^\s\d])([:;?!])(?=\s|$)", prose)  # at the start: after the text before it
    return faults + [f"no space before {mark!r}" for mark in marks]


def test_the_french_follows_one_typographic_rule():
    faults = {
        translated: found
        for message in read_catalogue("fr")
        if message.id
        for translated in forms(message.string)
        if (found := typographic_faults(translated))
    }
    assert faults == {}


def test_the_rule_finds_what_it_is_for():
    assert typographic_faults("l'alias a échoué: voyez") == [
        'straight apostrophe in "l\'alias"',
        "no space before ':'",
    ]
    assert typographic_faults("ajoutez `fr: …` ici ; voyez '{value}' : rien") == []


def test_the_catalogue_is_compiled_in_memory_with_french_plurals():
    assert catalogue_file("fr").is_file() and not list(catalogue_file("fr").parent.glob("*.mo"))
    use_language("fr")
    assert _("Error: {message}") == "Erreur : {message}"
    one, many = "{count} problem in the sources:", "{count} problems in the sources:"
    assert [ngettext(one, many, n).format(count=n) for n in (0, 1, 2)] == [
        "0 problème dans les sources :",
        "1 problème dans les sources :",
        "2 problèmes dans les sources :",
    ]
    use_language("en")
    assert [ngettext(one, many, n).format(count=n) for n in (0, 1, 2)] == [
        "0 problems in the sources:",
        "1 problem in the sources:",
        "2 problems in the sources:",
    ]
    with catalogue_file("fr").open("rb") as po:
        assert read_po(po).plural_forms == "nplurals=2; plural=(n > 1);"


@pytest.mark.parametrize(
    ("environment", "language"),
    [
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "fr_BE.UTF-8"}, "fr"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({}, "en"),
        ({"LC_ALL": "fr_FR.UTF-8", "LANG": "C"}, "fr"),
        ({"LC_MESSAGES": "fr_CA.UTF-8", "LANG": "en_GB.UTF-8"}, "fr"),
        ({"LANGUAGE": "de:fr", "LANG": "C"}, "fr"),  # the first of the list we have
        ({"LANGUAGE": "en", "LC_ALL": "fr_FR.UTF-8"}, "en"),  # LANGUAGE first, as gettext reads them
        ({"LC_ALL": "C", "LANG": "fr_FR.UTF-8"}, "en"),  # the first set decides
        ({"LANGUAGE": "POSIX:fr"}, "en"),
    ],
)
def test_the_locale_chooses_as_gettext_does(environment, language):
    assert language_of_environment(environment) == language


# --- The command line in both languages ---------------------------------------------------------


@pytest.fixture(scope="module")
def starter(tmp_path_factory) -> Path:
    """A project as `new` makes it: valid, one partner, one workshop, every file `status: draft`."""
    folder = tmp_path_factory.mktemp("messages") / "starter"
    assert CliRunner().invoke(main, ["new", str(folder)], env=ENGLISH).exit_code == 0
    return folder


def run(project: Path, environment: dict, *args: str):
    return CliRunner().invoke(main, ["--project", str(project), *(args or ("check",))], env=environment)


def edit(project: Path, name: str, old: str, new: str) -> None:
    file = project / name
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def a_tab(project):
    edit(project, WORKSHOP, "  en: Kick-off workshop", "\ten: Kick-off workshop")


def french_colon(project):
    edit(project, WORKSHOP, 'fr: "État des lieux : ce que chaque ville fait déjà"', "fr: État des lieux : la suite")


def duplicate_key(project):
    edit(project, WORKSHOP, "dates: 2026-05-12\n", "dates: 2026-05-12\nhost: example-city\n")


def misspelt_key(project):
    edit(project, WORKSHOP, "theme:", "thme:")


def unknown_partner(project):
    edit(project, WORKSHOP, "host: example-city", "host: nowhere")


def wrong_indentation(project):
    edit(project, WORKSHOP, "  en: Kick-off workshop", "   en: Kick-off workshop")


def not_a_number(project):
    edit(project, "sources/site.yaml", "bleed_mm: 3", "bleed_mm: three")


def bad_sheet_header(project):
    text = (project / WORKSHOP).read_text(encoding="utf-8")
    start, end = text.index("agenda:\n"), text.index("practical:\n")
    (project / WORKSHOP).write_text(text[:start] + "agenda: agenda/days.csv\n" + text[end:], encoding="utf-8")
    sheet = "date,start,end,title,bogus\n2026-05-12,09:30,10:00,Accueil,x\n"
    (project / "sources" / "agenda" / "days.csv").write_text(sheet, encoding="utf-8")


def not_utf8(project):
    (project / "sources" / "contacts.yaml").write_bytes("title: Café\n".encode("cp1252"))


# Each row: a mistake, then what the French and the English say of it (exit code 2, nothing built).
MISTAKES = [
    (
        a_tab,
        (
            "2026-05-example-city.yaml:6: erreur de syntaxe YAML : une tabulation en colonne 1\n",
            "    correction : remplacez la tabulation par des espaces (YAML n’indente qu’avec des espaces",
        ),
        (
            "2026-05-example-city.yaml:6: YAML syntax error: a tab at column 1\n",
            "    fix: replace the tab with spaces (YAML indents with spaces only",
        ),
    ),
    (
        french_colon,
        "le texte contient ' : ', que YAML lit comme le début d’une nouvelle clé",
        "the text holds ' : ', which YAML reads as the start of a new key",
    ),
    (
        duplicate_key,
        "host clé 'host' en double (donnée d’abord à la ligne 7)\n    correction : gardez l’une des deux",
        "host duplicate key 'host' (first given on line 7)\n    fix: keep one of the two",
    ),
    (
        misspelt_key,
        "thme clé 'thme' inconnue\n    correction : vouliez-vous dire 'theme' ? (permis ici : status, kind,",
        "thme unknown key 'thme'\n    fix: did you mean 'theme'? (allowed here: status, kind,",
    ),
    (
        unknown_partner,
        "host 'nowhere' n’est pas un partenaire\n    correction : utilisez un identifiant de partenaire de "
        "partners.yaml : example-city",
        "host 'nowhere' is not a partner\n    fix: use a partner id from partners.yaml: example-city",
    ),
    (
        wrong_indentation,
        "mauvaise indentation : la ligne commence en colonne 4",
        "wrong indentation: the line starts at column 4",
    ),
    (
        not_a_number,
        "print.bleed_mm 'three' n’est pas un nombre\n    correction : écrivez des chiffres, avec un point ou une virgule",
        "print.bleed_mm 'three' is not a number\n    fix: write digits, with a dot or a comma for decimals",
    ),
    (
        bad_sheet_header,
        "days.csv:E1: colonne 'bogus' inconnue\n    correction : renommez-la ou supprimez-la ; les colonnes sont : "
        "date ; day_title (Titre du jour) ; start (Début)",
        "days.csv:E1: unknown column 'bogus'\n    fix: rename or delete it; the columns are: date; day_title (Titre "
        "du jour); start (Début)",
    ),
    (
        not_utf8,
        "n’est pas du texte UTF-8 (octet 0xe9)\n    correction : enregistrez le fichier en UTF-8 dans votre éditeur",
        "is not UTF-8 text (byte 0xe9)\n    fix: save the file as UTF-8 in your editor",
    ),
]


@pytest.mark.parametrize(("mistake", "french", "english"), MISTAKES, ids=[row[0].__name__ for row in MISTAKES])
def test_each_mistake_is_said_in_french_and_in_english(starter, tmp_path, mistake, french, english):
    project = shutil.copytree(starter, tmp_path / "project")
    mistake(project)
    said = {}
    for language, environment in (("fr", FRENCH), ("en", ENGLISH)):
        result = run(project, environment)
        assert result.exit_code == 2, result.output
        said[language] = result.stderr
    assert said["fr"].startswith("Erreur : 1 problème dans les sources :\n"), said["fr"]
    assert all(fragment in said["fr"] for fragment in fragments(french)), said["fr"]
    assert said["en"].startswith("Error: 1 problem in the sources:\n"), said["en"]
    assert all(fragment in said["en"] for fragment in fragments(english)), said["en"]
    assert not (project / "output").exists()


def fragments(said: str | tuple[str, ...]) -> tuple[str, ...]:
    return (said,) if isinstance(said, str) else said


def overlapping_sessions(project):
    edit(project, WORKSHOP, '      - start: "10:00"', '      - start: "09:45"')


def written_once(project):
    edit(project, WORKSHOP, "title:\n  fr: Atelier de lancement\n  en: Kick-off workshop\n", "title: Atelier\n")


# Each row: a warning, then its French and English lines (the sources stay valid: exit code 0).
WARNINGS = [
    (
        overlapping_sessions,
        "attention : sources/workshops/2026-05-example-city.yaml:26: agenda[1].sessions[2].start commence à "
        "09:45, avant la fin de la séance 1 à 10:00",
        "warning: sources/workshops/2026-05-example-city.yaml:26: agenda[1].sessions[2].start starts at 09:45, "
        "before session 1 ends at 10:00",
    ),
    (
        written_once,
        "title est écrit une seule fois, pour toutes les langues : les publications en en l’impriment sans "
        "traduction\n    correction : écrivez-le par langue : des lignes `fr: …` et `en: …` en dessous\n",
        "title is written once, for every language: the en publications print it untranslated\n"
        "    fix: write it per language: `fr: …` and `en: …` lines under it\n",
    ),
]


@pytest.mark.parametrize(("mistake", "french", "english"), WARNINGS, ids=[row[0].__name__ for row in WARNINGS])
def test_each_warning_is_said_in_french_and_in_english(starter, tmp_path, mistake, french, english):
    project = shutil.copytree(starter, tmp_path / "project")
    mistake(project)
    french_run, english_run = run(project, FRENCH), run(project, ENGLISH)
    assert (french_run.exit_code, english_run.exit_code) == (0, 0), french_run.output + english_run.output
    assert french in french_run.stderr
    assert english in english_run.stderr
    assert "les sources sont valides : 1 partenaire, 1 atelier, 1 avertissement" in french_run.stdout
    assert "sources are valid: 1 partner, 1 workshop, 1 warning" in english_run.stdout


def test_the_missing_translations_table_in_both_languages(starter, tmp_path):
    project = shutil.copytree(starter, tmp_path / "project")
    written_once(project)
    french, english = run(project, FRENCH).stderr, run(project, ENGLISH).stderr
    assert (
        "traductions manquantes (la langue source est imprimée à la place ; --strict en fait des erreurs) :\n"
        "  en 1: sources/workshops/2026-05-example-city.yaml:4 title" in french
    )
    assert (
        "missing translations (the source language is printed instead; --strict makes them errors):\n"
        "  en 1: sources/workshops/2026-05-example-city.yaml:4 title" in english
    )


def test_the_summary_of_a_successful_check_in_both_languages(starter):
    french, english = run(starter, FRENCH), run(starter, ENGLISH)
    assert (french.exit_code, english.exit_code) == (0, 0)
    assert french.stdout.startswith(
        "les sources sont valides : 1 partenaire, 1 atelier, 0 avertissement\n"
        "5 publications provisoires (marquées PROVISOIRE / DRAFT, pas prêtes à imprimer tant que ces fichiers "
        "ne disent pas `status: final`) :\n  brochure: sources/network.yaml"
    )
    assert english.stdout.startswith(
        "sources are valid: 1 partner, 1 workshop, 0 warnings\n"
        "5 draft publications (marked PROVISOIRE / DRAFT, not ready to print until these files say "
        "`status: final`):\n  brochure: sources/network.yaml"
    )


@pytest.mark.parametrize(
    ("setting", "environment", "said"),
    [
        ("messages: fr\n", ENGLISH, "Erreur : 1 problème dans les sources :\n"),
        ("messages: en\n", FRENCH, "Error: 1 problem in the sources:\n"),
        ("", FRENCH, "Erreur : 1 problème dans les sources :\n"),
        ("", ENGLISH, "Error: 1 problem in the sources:\n"),
    ],
)
def test_site_yaml_chooses_over_the_locale(starter, tmp_path, setting, environment, said):
    project = shutil.copytree(starter, tmp_path / "project")
    (project / "sources" / "site.yaml").write_text(
        (project / "sources" / "site.yaml").read_text(encoding="utf-8") + setting, encoding="utf-8"
    )
    unknown_partner(project)
    result = run(project, environment)
    assert result.exit_code == 2 and result.stderr.startswith(said), result.stderr


def test_a_messages_setting_we_do_not_have_is_a_located_problem(starter, tmp_path):
    project = shutil.copytree(starter, tmp_path / "project")
    site = project / "sources" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "messages: de\n", encoding="utf-8")
    line = len(site.read_text(encoding="utf-8").splitlines())
    result = run(project, FRENCH)
    assert result.exit_code == 2
    assert f"sources/site.yaml:{line}: messages 'de' n’est pas permis\n    correction : utilisez l’une des valeurs" in (
        result.stderr
    )


def test_a_usage_error_in_french(starter):
    result = run(starter, FRENCH, "build", "--kind", "poster", "--impose", "saddle", "--variant", "screen", "-n")
    assert result.exit_code == 2 and "Erreur : Option '-n' inconnue.\n" in result.stderr  # Click's words too
    result = run(starter, FRENCH, "preflight", "--screen", "--layout", str(starter / "sources" / "site.yaml"))
    assert result.exit_code == 2
    assert "--screen, --layout et --eu sont des contrôles différents : lancez l’un, puis l’autre" in result.stderr


# Click's own words (engine.CLICK_WORDS), as the command line says them: (arguments, French, English).
CLICK_MISTAKES = [
    (
        ("--lnag", "fr"),
        "Utilisation : make-publication [OPTIONS] COMMAND [ARGS]...\n"
        "Essayez 'make-publication --help' pour l’aide.\n\nErreur : Option '--lnag' inconnue.\n",
        "Usage: make-publication [OPTIONS] COMMAND [ARGS]...\n"
        "Try 'make-publication --help' for help.\n\nError: No such option '--lnag'.\n",
    ),
    (
        ("build", "--kindd", "poster"),
        "Utilisation : make-publication build [OPTIONS]\nEssayez 'make-publication build --help' pour l’aide.\n\n"
        "Erreur : Option '--kindd' inconnue. Vouliez-vous dire '--kind' ?\n",
        "Usage: make-publication build [OPTIONS]\nTry 'make-publication build --help' for help.\n\n"
        "Error: No such option '--kindd'. Did you mean '--kind'?\n",
    ),
    (
        ("preflight",),
        "Utilisation : make-publication preflight [OPTIONS] FILES...\n"
        "Essayez 'make-publication preflight --help' pour l’aide.\n\nErreur : Il manque l’argument 'FILES...'.\n",
        "Usage: make-publication preflight [OPTIONS] FILES...\n"
        "Try 'make-publication preflight --help' for help.\n\nError: Missing argument 'FILES...'.\n",
    ),
    (
        ("build", "--jobs", "0"),
        "Erreur : Valeur incorrecte pour '--jobs' / '-j' : 0 n’est pas dans l’intervalle x>=1.\n",
        "Error: Invalid value for '--jobs' / '-j': 0 is not in the range x>=1.\n",
    ),
    (
        ("build", "--impose", "fold"),
        "Erreur : Valeur incorrecte pour '--impose' : 'fold' n’est pas 'saddle'.\n",
        "Error: Invalid value for '--impose': 'fold' is not 'saddle'.\n",
    ),
    (
        ("check", "extra"),
        "Erreur : Argument en trop (extra)\n",
        "Error: Got unexpected extra argument (extra)\n",
    ),
    (
        ("build", "--output"),
        "Erreur : L’option '--output' demande une valeur.\n",
        "Error: Option '--output' requires an argument.\n",
    ),
]


def said(project: Path, environment: dict, *args: str):
    """The command line run as its users call it (Click names the program in its usage line)."""
    return CliRunner().invoke(main, ["--project", str(project), *args], env=environment, prog_name="make-publication")


@pytest.mark.parametrize(("arguments", "french", "english"), CLICK_MISTAKES, ids=lambda value: str(value)[:20])
def test_clicks_own_words_in_french_and_in_english(starter, arguments, french, english):
    french_run, english_run = said(starter, FRENCH, *arguments), said(starter, ENGLISH, *arguments)
    assert (french_run.exit_code, english_run.exit_code) == (2, 2)
    assert french_run.stderr.endswith(french), french_run.stderr
    assert english_run.stderr.endswith(english), english_run.stderr


def test_clicks_words_follow_site_yaml_over_the_locale(starter, tmp_path):
    """An error Click finds after site.yaml is read (the command's own checks) speaks site.yaml's language."""
    project = shutil.copytree(starter, tmp_path / "project")
    site = project / "sources" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "messages: fr\n", encoding="utf-8")
    result = said(project, ENGLISH, "build", "--event", "nowhere")
    assert result.exit_code == 2
    assert result.stderr.startswith("Utilisation : make-publication build [OPTIONS]\nEssayez"), result.stderr
    assert "\nErreur : Valeur incorrecte pour --event : nowhere n’est pas un événement de" in result.stderr


def test_the_help_headings_in_french_and_in_english(starter):
    french, english = said(starter, FRENCH, "--help").stdout, said(starter, ENGLISH, "--help").stdout
    assert french.startswith("Utilisation : make-publication [OPTIONS] COMMAND [ARGS]...\n")
    assert "\nOptions:\n" in french and "\nCommandes:\n" in french and "[par défaut : .]" in french
    assert "Project folder holding sources/" in french  # the options' own help stays English
    assert english.startswith("Usage: make-publication [OPTIONS] COMMAND [ARGS]...\n")
    assert "\nOptions:\n" in english and "\nCommands:\n" in english and "[default: .]" in english


def test_new_speaks_french(tmp_path):
    result = CliRunner().invoke(main, ["new", str(tmp_path / "nouveau")], env=FRENCH)
    assert result.exit_code == 0
    assert result.stdout.startswith(f"nouveau projet écrit dans {tmp_path / 'nouveau'} : sources/ (données d’exemple")
    assert f"ensuite : modifiez {tmp_path / 'nouveau' / 'sources'}, puis make-publication" in result.stdout


# --- The preview's pages ------------------------------------------------------------------------


@pytest.fixture
def preview_server():
    from publication.preview import PreviewState, start_server
    from publication.sources import read_sources
    from tests.conftest import ROOT

    state = PreviewState("Arrival Cities")
    state.sources_valid(read_sources(ROOT / "sources").warnings, "Arrival Cities")
    server = start_server(state, 0)
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def page(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_the_preview_pages_in_french(preview_server):
    use_language("fr")
    status, index = page(preview_server + "/")
    assert status == 200
    assert '<html lang="fr">' in index
    assert "<title>Publications — aperçu de Arrival Cities</title>" in index
    assert "Pas encore de pages : la première construction est en cours, ou elle a échoué (voir ci-dessus)." in index
    assert ">connexion…</span>" in index and 'aria-label="Avertissements"' in index
    words = json.loads(re.search(r'<script type="application/json" id="preview-words">(.*?)</script>', index, re.S)[1])
    assert words["fix"] == "correction : {fix}" and words["ok"] == "à jour"
    assert words["goes_away"] == "Ce message disparaît de lui-même une fois le fichier corrigé et enregistré."
    status, missing = page(preview_server + "/view/fr/nothing-here")
    assert status == 404
    assert "fr/nothing-here n’est pas (encore) dans l’aperçu" in missing and "Toutes les publications" in missing
    state = json.loads(page(preview_server + "/status.json")[1])
    count = len(state["warnings"])
    assert state["warnings_label"] == f"{count} avertissement{'s' if count > 1 else ''}"
    assert all(not warning.startswith("warning") for warning in state["warnings"])


def test_the_preview_pages_in_english(preview_server):
    use_language("en")
    status, index = page(preview_server + "/")
    assert status == 200
    assert '<html lang="en">' in index and "<title>Publications — Arrival Cities preview</title>" in index
    assert "No pages yet: the first build is running, or it failed (see above)." in index
    words = json.loads(re.search(r'<script type="application/json" id="preview-words">(.*?)</script>', index, re.S)[1])
    assert words["fix"] == "fix: {fix}" and words["building"] == "rebuilding…"


def test_a_preview_card_names_the_publication_in_its_language_and_its_details_in_the_messages():
    """A card says what the publication is, as the download page does (the kind, the event's title in
    the publication's language), never its file's name; its language, variant and sheet follow the
    messages' language."""
    from publication.localise import Languages
    from publication.plan import Publication
    from publication.preview.rebuild import card_heading
    from publication.preview.viewer import Document
    from publication.sources import read_sources
    from tests.conftest import ROOT

    sources = read_sources(ROOT / "sources")
    languages = Languages(sources.site.source_language, ROOT, sources.network)
    programme = Publication("programme", "fr", "screen", workshop="2016-09-dresden")
    heading = card_heading(sources, languages, programme)
    assert heading == "Programme — Atelier de lancement à Dresde"
    assert card_heading(sources, languages, Publication("programme", "en", "print", workshop="2016-09-dresden")) == (
        "Programme — Kick-off workshop in Dresden"
    )
    assert card_heading(sources, languages, Publication("poster", "fr", "screen")) == "Affiche"
    card = Document(programme, "fr/programme-2016-09-dresden-screen.pdf", "0", b"", (), heading)
    use_language("fr")
    assert (card.title, card.details) == (heading, "fr · écran · A4")
    use_language("en")
    assert card.details == "fr · screen · A4"
    assert Document(programme, "fr/x.pdf", "0", b"", ()).title == "Programme 2016-09-dresden"  # no heading given


def test_the_preview_script_writes_only_the_pages_words():
    script = (Path(messages.__file__).parent / "data" / "preview" / "preview.js").read_text(encoding="utf-8")
    assert not re.search(r'"(warning|fix): "|"(up to date|rebuilding…|preview stopped)"|" warning"', script)


def test_no_module_that_speaks_hides_its_translator():
    """`_` assigned anywhere in a module that imports messages._ (`host, _ = …`) would make it a local
    name there: the function's messages fail (UnboundLocalError) instead of being said."""
    import ast

    package = Path(messages.__file__).parent
    hidden = []
    for file in sorted(package.rglob("*.py")):
        tree = ast.parse(file.read_text(encoding="utf-8"))
        imports = any(
            isinstance(node, ast.ImportFrom)
            and (node.module or "").endswith("messages")
            and "_" in [a.name for a in node.names]
            for node in ast.walk(tree)
        )
        stores = [
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store)
        ]
        if imports and stores:
            hidden.append(f"{file.relative_to(package)}:{stores}")
    assert hidden == []


def test_an_internal_error_in_french(starter, monkeypatch):
    import publication.sources

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(publication.sources, "read_sources", broken)
    result = run(starter, FRENCH)
    assert result.exit_code == 1
    assert result.stderr == "Erreur : erreur interne : RuntimeError: boom (relancez avec --debug pour le détail)\n"
