"""Which language a text is written in when its letters are of a script its document's language does not
write: a Cyrillic name in an English programme is read as Bulgarian or Serbian, not as English (WCAG
3.1.2, PDF/UA-1 7.2). A script says little about Latin-script languages (Latvian "Rīga" looks like French),
so only scripts that a few languages write are told; `preflight/screen_language.py` checks the same."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser

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


def writes(lang: str, script: str) -> bool:
    """Whether a language (a tag such as "sr" or "bg-BG") is written in the script."""
    return lang.split("-")[0].lower() in SCRIPT_LANGUAGES[script]


def runs_of(text: str, script: str) -> list[str]:
    """The runs of a script's words in a text ("Община Русе" in "Община Русе (Ruse Municipality)")."""
    return _RUN[script].findall(text)


def written_parts(
    text: str, document_lang: str, country: str | None = None, language: str | None = None
) -> list[Written]:
    """`text` cut where it changes script: the runs of a script the document's language does not write,
    with their language: `language` when it writes that script, else the language of `country` written
    in it ("Община Русе (Ruse Municipality)" in an English programme: bg, then the rest). One part,
    untagged, when nothing needs saying or no language is known (`make-publication check` warns)."""
    script = script_of(text)
    if script is None or writes(document_lang, script):
        return [Written(text)]
    lang = language if language and writes(language, script) else language_of_script(script, country)
    if lang is None:
        return [Written(text)]
    parts, done = [], 0
    for run in _RUN[script].finditer(text):
        parts += [Written(text[done : run.start()]), Written(run[0], lang)]
        done = run.end()
    return [part for part in [*parts, Written(text[done:])] if part.text]


def language_of(
    text: str | None, document_lang: str, country: str | None = None, language: str | None = None
) -> str | None:
    """The language to tag a whole text with (a name, an organisation), when a run of it is in another
    script than the document's; None when the document's own language will do."""
    parts = written_parts(text or "", document_lang, country, language)
    return next((part.lang for part in parts if part.lang), None)


@dataclass(frozen=True)
class Misread:
    """A run of letters that its element's language does not write: read aloud in the wrong language."""

    text: str
    script: str
    lang: str


class _LanguageWalk(HTMLParser):
    """The text of an HTML page (and its images' alternative texts) with the language each is in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.langs: list[tuple[str, str]] = []  # (element, its language), innermost last
        self.misread: list[Misread] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        found = dict(attrs)
        lang = found.get("lang") or (self.langs[-1][1] if self.langs else "")
        if tag == "img" and found.get("alt"):
            self.handle_text(found["alt"], lang)
        if tag not in _VOID:
            self.langs.append((tag, lang))

    def handle_endtag(self, tag: str) -> None:
        while self.langs and self.langs.pop()[0] != tag:
            pass  # an element left open inside (a <p> ended by its parent's end)

    def handle_data(self, data: str) -> None:
        if self.langs and not any(tag in _UNREAD for tag, _ in self.langs):
            self.handle_text(data, self.langs[-1][1])

    def handle_text(self, text: str, lang: str) -> None:
        for script in SCRIPT_LANGUAGES:
            if not writes(lang, script):
                self.misread += [Misread(run, script, lang) for run in runs_of(text, script)]


# Text no reader reads as the page's: the head's (the PDF's metadata), a style's, and an inline drawing's
# (a map's labels: its figure's alternative text names them, in the page's language).
_UNREAD = {"head", "style", "script", "svg"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def misread_runs(html: str) -> list[Misread]:
    """Each run of Greek or Cyrillic letters of a page that its element's language does not write
    (a name whose language nothing in the sources says), in the order of the page, each once."""
    walk = _LanguageWalk()
    walk.feed(html)
    walk.close()
    return list(dict.fromkeys(walk.misread))
