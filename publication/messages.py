"""The tool's own words to its user (errors, warnings, summaries, the preview) in English or French.

gettext through Babel: each message is marked in the code, `_("{file} is not a spreadsheet")
.format(file=…)`, or `ngettext(singular, plural, count)` for a count; its French is in
`publication/locale/fr/LC_MESSAGES/messages.po`, the one source of truth, compiled in memory the
first time a process needs it (no .mo file to keep in step). English is the messages as written.

The language: `messages:` in site.yaml, else the locale as gettext reads it (LANGUAGE, LC_ALL,
LC_MESSAGES, LANG: `fr_FR.UTF-8` is French), else English; `use_language` sets it for the process
(and the build workers it forks). The texts of the publications are not these: they come from the
project's catalogues (catalogues.py).
"""

from __future__ import annotations

import gettext
import io
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "fr")  # English, the messages as written, first
LOCALE = Path(__file__).parent / "locale"
# Where gettext looks for the user's language, in its order: the first one set decides.
ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
# For Babel's extractor and the catalogue's test: the plural helpers of errors.py take their words
# as ngettext does, singular then plural, after the count; N_ marks a constant `_()` translates later,
# Said and Counted a message told later (its first argument; Counted's first two, as ngettext's).
KEYWORDS = {
    "_": None,
    "N_": None,
    "Said": None,
    "Counted": (1, 2),
    "gettext": None,
    "ngettext": (1, 2),
    "counted": (2, 3),
    "in_number": (2, 3),
}


def catalogue_file(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "messages.po"


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The language's messages, its .po compiled once per process; English is the code's own words."""
    if language == LANGUAGES[0]:
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with catalogue_file(language).open("rb") as po:
        catalogue = read_po(po, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)  # fuzzy entries are left out: they print in English
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def language_of_environment(environ: Mapping[str, str] = os.environ) -> str:
    """The messages' language the locale asks for, as Python's gettext reads it: the first of
    ENVIRONMENT set, a list like `fr_FR.UTF-8:en`, whose first language we have wins; C or POSIX
    (or none we have) is English."""
    for name in ENVIRONMENT:
        if value := environ.get(name):
            for entry in value.split(":"):
                code = entry.split(".")[0].split("@")[0].split("_")[0].lower()
                if code in ("c", "posix"):
                    break
                if code in LANGUAGES:
                    return code
            return LANGUAGES[0]
    return LANGUAGES[0]


_current: list[str] = [LANGUAGES[0]]


def use_language(language: str | None = None) -> str:
    """Speak `language` from now on (site.yaml's `messages:`), or the locale's when None; returns it."""
    chosen = language if language in LANGUAGES else language_of_environment()
    _current[0] = chosen
    return chosen


def current_language() -> str:
    return _current[0]


def _(message: str) -> str:
    """`message` in the current language (itself when it has no translation)."""
    return translations(_current[0]).gettext(message)


def N_(message: str) -> str:
    """`message` marked for the translators but left as it is: a module's constant, which `_()`
    translates where it is used (a constant is made once, before any language is chosen)."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form for `count` in the current language (French: 0 and 1 singular; English: 1 only)."""
    return translations(_current[0]).ngettext(singular, plural, count)


class Said:
    """A message kept unworded, to be said in the language of the moment each time it is told: its
    English text (marked by the call itself, a keyword of the extractor) and its values, some of them
    Said themselves (a phrase within a phrase). `str()` is the English; `told()` the current
    language's; `as_json()` and `from_json()` are what a build state stores, so that a later run
    tells it in its own language. `Counted` is one with a count, singular and plural."""

    plural = ""

    def __init__(self, text: str, /, **values: object) -> None:
        self.text, self.values = text, values

    def _values(self, word) -> dict:
        return {name: word(v) if isinstance(v, Said) else v for name, v in self.values.items()}

    def __str__(self) -> str:
        return (self.plural if self.plural and self.values.get("count") != 1 else self.text).format(**self._values(str))

    def __repr__(self) -> str:
        return f"Said({str(self)!r})"

    def told(self) -> str:
        count = self.values.get("count")
        said = ngettext(self.text, self.plural, count) if self.plural and isinstance(count, int) else _(self.text)
        return said.format(**self._values(Said.told))

    def as_json(self) -> dict:
        kept = {"said": self.text, "values": self._values(Said.as_json)}
        return {**kept, "plural": self.plural} if self.plural else kept

    @classmethod
    def from_json(cls, data: dict) -> Said:
        values = {n: cls.from_json(v) if isinstance(v, dict) else v for n, v in data.get("values", {}).items()}
        text, plural = data["said"], data.get("plural")
        return Counted(text, plural, **values) if plural else cls(text, **values)


class Counted(Said):
    """A message with a count, as ngettext takes it: `Counted("{count} page", "{count} pages", count=3)`."""

    def __init__(self, singular: str, plural: str, /, **values: object) -> None:
        super().__init__(singular, **values)
        self.plural = plural
