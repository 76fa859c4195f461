"""The translators' tool for the tool's own messages (publication/messages.py).

    .venv/bin/python -m tools.messages          # extract the marked messages, update the .po files
    .venv/bin/python -m tools.messages --check  # exit 1 if a .po is not up to date (what the tests check)

Extraction is Babel's, over the package: `_()`, `ngettext()` and the plural helpers `counted()` and
`in_number()` (given their plural) in the Python modules, and `_()` in the preview's Jinja pages
(publication/data/preview/*.html); and Click's own words (`_()`, `ngettext()`) from the modules of the
installed click package a user of the command line can meet (engine.CLICK_MODULES), which the command
line has Click say through publication.messages (engine.CLICK_WORDS). Updating keeps every translation whose message is unchanged,
adds the new messages untranslated, marks the close ones fuzzy (Babel's matching: check them and
remove the `#, fuzzy` line) and drops the messages no longer in the code. Then translate the empty
`msgstr`s; tests/test_messages.py fails until every message has its French.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "publication"
sys.path.insert(0, str(ROOT))
from publication.engine import CLICK_MODULES  # noqa: E402
from publication.messages import KEYWORDS, LANGUAGES, catalogue_file  # noqa: E402

METHODS = [
    ("locale/**", "ignore"),
    ("theme/**", "ignore"),  # the default theme's layouts: the publications' words, from YAML catalogues
    ("**.py", "python"),
    ("data/preview/**.html", "jinja2.ext:babel_extract"),
]
OPTIONS = {"data/preview/**.html": {"extensions": "jinja2.ext.i18n"}}
CLICK_METHODS = [*((f"{name}.py", "python") for name in CLICK_MODULES), ("**", "ignore")]
CLICK_KEYWORDS = {"_": None, "ngettext": (1, 2)}
TRANSLATED = [code for code in LANGUAGES if code != "en"]


def extracted() -> Catalog:
    """Every message the package marks, with where it is (file and line)."""
    catalogue = Catalog(project="make-publication", msgid_bugs_address="", charset="utf-8", fuzzy=False)
    for file, line, message, comments, context in extract_from_dir(
        PACKAGE, METHODS, OPTIONS, KEYWORDS, comment_tags=("TRANSLATORS:",), strip_comment_tags=True
    ):
        catalogue.add(message, None, [(f"publication/{file}", line)], auto_comments=comments, context=context)
    import click

    for file, line, message, comments, context in extract_from_dir(
        Path(click.__file__).parent, CLICK_METHODS, {}, CLICK_KEYWORDS
    ):
        catalogue.add(message, None, [(f"click/{file}", line)], auto_comments=comments, context=context)
    return catalogue


def read_catalogue(language: str) -> Catalog:
    with catalogue_file(language).open("rb") as po:
        return read_po(po, locale=language)


def updated(language: str, template: Catalog) -> Catalog:
    """The language's catalogue brought in step with the code: its translations kept, obsolete ones dropped."""
    catalogue = read_catalogue(language) if catalogue_file(language).exists() else Catalog(locale=language)
    dates = catalogue.creation_date, catalogue.revision_date  # kept: a catalogue in step is left as it is
    catalogue.update(template, no_fuzzy_matching=False, update_header_comment=False)
    catalogue.obsolete.clear()
    catalogue.creation_date, catalogue.revision_date = dates
    catalogue.fuzzy = False
    catalogue.project, catalogue.msgid_bugs_address = "make-publication", ""
    catalogue.last_translator = catalogue.language_team = "the make-publication team"
    return catalogue


def written(catalogue: Catalog) -> bytes:
    out = io.BytesIO()
    # Sorted by message, each with its files but not their lines: a catalogue in step stays the same
    # bytes while the code around its messages moves.
    write_po(out, catalogue, width=100, sort_output=True, include_previous=False, include_lineno=False)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a catalogue is out of date")
    args = parser.parse_args(argv)
    template = extracted()
    stale = []
    for language in TRANSLATED:
        file = catalogue_file(language)
        new = written(updated(language, template))
        if not file.exists() or file.read_bytes() != new:
            stale.append(file)
            if not args.check:
                file.parent.mkdir(parents=True, exist_ok=True)
                file.write_bytes(new)
    for file in stale:
        print(f"{'out of date' if args.check else 'updated'}: {file.relative_to(ROOT)}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
