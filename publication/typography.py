"""Set a text the way each language's typographers would: spaces, quotes, dashes, apostrophes.

The filter works on the text of the sources only, never on markup: the layouts escape its
result like any other value. It is idempotent (setting a set text changes nothing), leaves URLs
and e-mail addresses untouched, and keeps every no-break space an author already typed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from types import SimpleNamespace

from markupsafe import Markup

NBSP = "\u00a0"
NARROW_NBSP = "\u202f"

# Runs that must reach the page exactly as written: URLs, web and e-mail addresses. A scheme is at
# most 32 characters and the part of an address before its @ at most 64 (RFC 5321); none holds a
# space, < > or ". So each is looked for only near a `://`, `www.` or `@` of the text, in the run
# of characters holding it: the search is linear in the text (tests/test_typography.py).
_PROTECTED = re.compile(
    r"(\b[a-z][a-z0-9+.-]{0,31}+://[^\s<>\"]+|\bwww\.[^\s<>\"]+|[\w.+-]{1,64}+@[\w-]++(?:\.[\w-]++)+)", re.IGNORECASE
)
_PROTECTED_MARK = re.compile(r"://|@|www\.", re.IGNORECASE)
_PROTECTED_END = re.compile(r'[\s<>"]')
_PROTECTED_REACH = 64  # how far before its mark a protected run may start

_SPACES = re.compile(r"[ \t\r\n]{2,}|[\t\r\n]")  # a single space is left as it is: most of a text
_DIGIT = re.compile(r"\d")
_FRENCH_PUNCTUATION = re.compile("[«»;:!?]")
_ELLIPSIS = re.compile(r"\.\.\.")
# A hyphen (or two) standing alone between words is a dash: the en dash, spaced.
_SPACED_HYPHEN = re.compile(r"(?<=\S) -{1,2} (?=\S)")
# 1990-1994, 9-12, 09:00-10:30: a range of numbers or times. ISO dates (2017-05-18), chains
# of hyphenated digits (phone numbers) and compound words are left alone.
_NUMBER_RANGE = re.compile(r"(?<![\w.:/-])(\d+(?::\d\d)?) ?-{1,2} ?(\d+(?::\d\d)?)(?![\w/-]|[.:]\d)")
# 10 000, 1 250 000: the spaces inside a number never break.
_GROUPED_NUMBER = re.compile(r"\b\d{1,3}(?: \d{3})+\b")
# A number and its unit stay on one line: 25 km, 3 h, 50 %, 120 €.
_NUMBER_UNIT = re.compile(r"(\d) (%|‰|mm|cm|m|km|m²|kg|g|€|h|min|°C|Mo|Ko|Go|MB|KB|GB|ppi|pt)(?![\w²])")
# French clock times written with h: 9 h 30.
_FRENCH_HOUR = re.compile(r"(\d)[ \u00a0]h (\d\d)\b")
# Compound place names (Seine-Saint-Denis, Vitry-sur-Seine, 's-Hertogenbosch) never break at their hyphens.
_COMPOUND_NAME = re.compile(r"\b[A-ZÀ-Ý]\w*(?:-\w+)*-[A-ZÀ-Ý]\w*\b|(?<![\w’'])['’][a-z]-[A-ZÀ-Ý]\w*\b")
# A straight quote opening a word and closed at the end of a later word of the same text
# ('quoted', 'Peter's'): a pair of single quotation marks. Apostrophes inside words may come between.
_SINGLE_QUOTED = re.compile(r"(?<![\w’'])'(?=\w)((?:[^']|(?<=\w)'(?=\w))*?\w)'(?!\w)")
_APOSTROPHE = re.compile(r"(?<=\w)'")
# A straight quote opening a word that no quote closes is an elision: 's-Hertogenbosch, 't, 'til.
_LEADING_APOSTROPHE = re.compile(r"(?<![\w’])'(?=\w)")
# A pair of straight double quotes around words: opening after a space, closing before one.
_DOUBLE_QUOTES = re.compile(r'(?<![^ \t(\[])"(?=[^\s"])([^"]+?)(?<=[^\s"])"(?=[ \t.,;:!?)\]…]|$)')

# Opening and closing double quotation marks. Greek takes guillemets without spaces;
# French takes guillemets with narrow no-break spaces inside.
QUOTES = {
    "fr": ("«" + NARROW_NBSP, NARROW_NBSP + "»"),
    "en": ("\u201c", "\u201d"),
    "de": ("\u201e", "\u201c"),
    "el": ("«", "»"),
}
# Single quotation marks around a quoted text ('x'); a lone ' is an apostrophe (’).
SINGLE_QUOTES = {"en": ("\u2018", "\u2019"), "de": ("\u201a", "\u2018")}


@lru_cache(maxsize=1 << 16)  # every publication of a language sets the same texts again
def typeset_text(text: str, lang: str) -> str:
    """Apply the language's typographic conventions to a text, leaving URLs and e-mails alone."""
    # NFC: the Greek question mark (U+037E) becomes ';', as Greek typesetting expects.
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()
    parts, done = [], 0
    for protected in _protected(text):  # URLs and addresses: untouched
        parts += [_typeset_run(text[done : protected.start()], lang), protected[0]]
        done = protected.end()
    return "".join([*parts, _typeset_run(text[done:], lang)])


def _protected(text: str) -> Iterator[re.Match]:
    """What _PROTECTED finds in the text, left to right, searched only around each of its marks."""
    start = 0
    while mark := _PROTECTED_MARK.search(text, start):
        end = _PROTECTED_END.search(text, mark.end())
        stop = end.start() if end else len(text)  # no protected run goes past this
        yield from _PROTECTED.finditer(text, max(start, mark.start() - _PROTECTED_REACH), stop)
        start = stop


# Each rule is applied only when the text holds the character it needs (a long text is set once
# per language: about a second a megabyte when every rule applies, a tenth of that for plain words).
def _typeset_run(text: str, lang: str) -> str:
    # U+2010 is kept for the hyphens of line breaking, which the screen files extract as soft hyphens
    # (finish.screen.hyphenation_as_soft_hyphens): one typed in a source is the plain hyphen it looks like.
    text = text.replace("\u2010", "-")
    if "..." in text:
        text = _ELLIPSIS.sub("…", text)
    if _DIGIT.search(text):
        text = _numbers(text, lang)
    elif "-" in text:
        text = _SPACED_HYPHEN.sub(NBSP + "– ", text)  # the dash never opens a line
    if "-" in text:
        text = _COMPOUND_NAME.sub(lambda m: m[0].replace("-", "\u2011"), text)
    if "'" in text:
        single = SINGLE_QUOTES.get(lang, ("’", "’"))
        text = _SINGLE_QUOTED.sub(lambda m: f"{single[0]}{m[1]}{single[1]}", text)
        text = _APOSTROPHE.sub("’", text)
        text = _LEADING_APOSTROPHE.sub("’", text)
    if '"' in text:
        opening, closing = QUOTES.get(lang, QUOTES["en"])
        text = _DOUBLE_QUOTES.sub(lambda m: f"{opening}{m[1].strip()}{closing}", text)
    if lang == "fr" and _FRENCH_PUNCTUATION.search(text):
        text = _french_spaces(text)
    return text


def _numbers(text: str, lang: str) -> str:
    """Ranges (9–12), dashes, grouped digits and units kept with their number, French hours."""
    text = _NUMBER_RANGE.sub(r"\1–\2", text)
    text = _SPACED_HYPHEN.sub(NBSP + "– ", text)  # the dash never opens a line
    text = _GROUPED_NUMBER.sub(lambda m: m[0].replace(" ", NARROW_NBSP), text)
    text = _NUMBER_UNIT.sub(lambda m: m[1] + (NARROW_NBSP if lang == "fr" and m[2] == "%" else NBSP) + m[2], text)
    if lang == "fr":
        text = _FRENCH_HOUR.sub(rf"\1{NBSP}h{NBSP}\2", text)
    return text


# The last two words of a text, bound when together they are no longer than this: a line of one
# word alone ("network", "share.") ends no title, lead or paragraph, and no pair of long words is
# made too wide for its line (display type: 16 characters; leads 24; running text 30).
LAST_WORDS_LENGTH = 16


def keep_last_words(text: str | None, longest: int = LAST_WORDS_LENGTH) -> str | None:
    """The text with a no-break space between its last two words (texts of three words or more)."""
    if not text or text.count(" ") < 2:
        return text
    head, last = text.rsplit(" ", 1)
    before = head.rsplit(" ", 1)[-1]
    if len(before) + 1 + len(last) > longest:
        return text
    return f"{head}{NBSP}{last}"


def _french_spaces(text: str) -> str:
    """Narrow no-break spaces inside « » and before ; : ! ? (a no-break space already typed stays)."""
    text = re.sub(r"« ?(?=[^\u00a0\u202f])", "«" + NARROW_NBSP, text)
    text = re.sub(r"(?<=[^\u00a0\u202f]) ?»", NARROW_NBSP + "»", text)
    # A plain space before high punctuation becomes narrow and no-break.
    text = re.sub(r" ([;:!?])", NARROW_NBSP + r"\1", text)
    # No space at all: one is added before ; ! ? after a word, and before ':' only when a
    # space follows, so 09:30, 1:2 and anything like a URL keep their colon tight.
    text = re.sub(r"(?<=[\w»)\]…])([;!?])", NARROW_NBSP + r"\1", text)
    text = re.sub(r"(?<=[\w»)\]…]):(?=\s|$)", NARROW_NBSP + ":", text)
    return text


# --- the brochure's texts, none ending on a word alone ---------------------------------------


LEAD_LAST_WORDS = 24  # characters two bound words may take in a lead (12.5 pt, some 48 to a line)
TEXT_LAST_WORDS = 30  # in running text (10 pt, some 65 to a line)


def ending_whole(text: str | None) -> Markup | str | None:
    """Running text whose last two words are bound and never hyphenated (`last-words`): neither a
    word alone nor the end of a broken word closes the paragraph."""
    bound = keep_last_words(text, TEXT_LAST_WORDS)
    if not bound or " " not in bound:
        return bound
    head, last = bound.rsplit(" ", 1)
    return Markup('{} <span class="last-words">{}</span>').format(head, last)


def kept_whole(network: SimpleNamespace) -> SimpleNamespace:
    """The network's headings, leads and paragraphs, none ending on a word alone: the last two words
    bound, and in running text never hyphenated."""
    network.aim = keep_last_words(network.aim)
    network.title = keep_last_words(network.title, LEAD_LAST_WORDS)
    network.challenges_intro = keep_last_words(network.challenges_intro, LEAD_LAST_WORDS)
    network.summary, network.meetings = ending_whole(network.summary), ending_whole(network.meetings)
    group = network.local_group
    group.title, group.text = keep_last_words(group.title), keep_last_words(group.text, LEAD_LAST_WORDS)
    for challenge in network.challenges:
        challenge.title, challenge.text = keep_last_words(challenge.title), ending_whole(challenge.text)
    return network


def events_kept_whole(events: SimpleNamespace) -> SimpleNamespace:
    events.title, events.intro = keep_last_words(events.title), keep_last_words(events.intro, LEAD_LAST_WORDS)
    return events


# --- the page margins' texts, as CSS ---------------------------------------------------------


def _css_string(text: str) -> str:
    """Text as a CSS string, every character that could end it escaped."""
    escaped = "".join(ch if ch.isalnum() or ch in " .,:;-–/" else f"\\{ord(ch):x} " for ch in text)
    return f'"{escaped}"'


def page_margin_css(page_label: str, running_title: str) -> str:
    """Custom properties for the page margins' texts, which are data, not CSS:
    --page-label from the catalogue's 'Page {page} of {pages}' (words around the counters) and
    --running-title, the network's name in the running head or foot.
    """
    parts = []
    for i, chunk in enumerate(page_label.replace("{pages}", "\0pages\0").replace("{page}", "\0page\0").split("\0")):
        if i % 2:
            parts.append(f"counter({chunk})")
        elif chunk:
            parts.append(_css_string(chunk))
    return f":root {{ --page-label: {' '.join(parts)}; --running-title: {_css_string(running_title)}; }}"
