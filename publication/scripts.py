"""Which language a text is written in when its letters are of a script its document's language does not
write: a Cyrillic name in an English programme is read as Bulgarian or Serbian, not as English (WCAG
3.1.2, PDF/UA-1 7.2). A script says little about Latin-script languages (Latvian "Rīga" looks like French),
so only scripts that a few languages write are told; `preflight/screen_language.py` checks the same."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

# Scripts whose letters only a few languages write (primary language subtags).
SCRIPT_LANGUAGES = {"GREEK": {"el", "grc"}, "CYRILLIC": {"ru", "bg", "uk", "sr", "mk", "be"}}
# A script's language when nothing else says it (Greek letters in a European project: Greek).
ONLY_LANGUAGE = {"GREEK": "el"}
# Words of a script with what may join them into one run ("Община Русе", "ΧΑΤΖΗΓΕΩΡΓΙΟΥ-ΚΩΝΣΤΑΝΤΙΝΙΔΗΣ").
_RUN = {
    "GREEK": re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]+(?:[\s\u00a0\-‐–’']+[\u0370-\u03ff\u1f00-\u1fff]+)*"),
    "CYRILLIC": re.compile(r"[\u0400-\u04ff]+(?:[\s\u00a0\-‐–’']+[\u0400-\u04ff]+)*"),
}


@dataclass(frozen=True)
class Written:
    """A piece of a text, and its language when it is not its document's (None: the document's)."""

    text: str
    lang: str | None = None


def script_of(text: str) -> str | None:
    """The first script of SCRIPT_LANGUAGES the text has letters of."""
    for char in text:
        if char.isalpha():
            script = unicodedata.name(char, "").split(" ")[0]
            if script in SCRIPT_LANGUAGES:
                return script
    return None


@cache
def language_of_script(script: str, country: str | None) -> str | None:
    """The official language of `country` written in `script` (Serbia's: sr), else the script's only one."""
    from babel.languages import get_official_languages

    for official in get_official_languages(country) if country else ():
        if official in SCRIPT_LANGUAGES[script]:  # 'sr', not 'sr_Latn'
            return official
    return ONLY_LANGUAGE.get(script)


def written_parts(text: str, document_lang: str, country: str | None = None) -> list[Written]:
    """`text` cut where it changes script: the runs of a script the document's language does not write,
    with the language of `country` written in it ("Община Русе (Ruse Municipality)" in an English
    programme: bg, then the rest). One part, untagged, when nothing needs saying or no language is known."""
    script = script_of(text)
    if script is None or document_lang.split("-")[0] in SCRIPT_LANGUAGES[script]:
        return [Written(text)]
    lang = language_of_script(script, country)
    if lang is None:
        return [Written(text)]
    parts, done = [], 0
    for run in _RUN[script].finditer(text):
        parts += [Written(text[done : run.start()]), Written(run[0], lang)]
        done = run.end()
    return [part for part in [*parts, Written(text[done:])] if part.text]


def language_of(text: str | None, document_lang: str, country: str | None = None) -> str | None:
    """The language to tag a whole text with (a name, an organisation), when a run of it is in another
    script than the document's; None when the document's own language will do."""
    return next((part.lang for part in written_parts(text or "", document_lang, country) if part.lang), None)
