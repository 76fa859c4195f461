"""Turn validated sources into one language: translations, typography and Babel formatting."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any, overload

from babel import Locale
from babel.dates import format_date, format_skeleton, format_time
from babel.lists import format_list
from babel.units import format_unit
from markupsafe import Markup, escape
from pydantic import BaseModel

from .catalogues import entry_forms, fill, message_folders, read_catalogue
from .kinds import kind_of
from .messages import _
from .model import Month, Network, Text
from .typography import typeset_text
from .wording import catalogue_keys

# --- Babel formatting ------------------------------------------------------------------


# The network is European: English is formatted the British way ("18–19 January 2018").
FORMATTING_LOCALE = {"en": "en_GB"}


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(FORMATTING_LOCALE.get(lang, lang))


def format_size(size_in_bytes: int, lang: str) -> str:
    """A file's size as the download page and the build's log both say it: '230 kB', '230 ko' (the
    same number in each language), '1.5 MB'. Decimal units, 1 kB = 1,000 bytes, as file managers and
    CLDR's digital units count (Babel writes the unit); whole kB (at least 1), then MB with one decimal
    from 1,000 kB on, so that 999,600 bytes is '1.0 MB', not '1,000 kB'."""
    locale = FORMATTING_LOCALE.get(lang, lang)
    kilobytes = max(1, round(size_in_bytes / 1000))
    if kilobytes < 1000:
        return format_unit(kilobytes, "digital-kilobyte", length="short", locale=locale)
    return format_unit(size_in_bytes / 1_000_000, "digital-megabyte", length="short", locale=locale, format="#,##0.0")


# How a language writes the first day of a month where CLDR writes the number: French "1er".
FIRST_OF_MONTH = {"fr": "1er"}
_QUOTED = re.compile(r"('[^']*')")
_DAY_FIELD = re.compile(r"(?<!d)d(?!d)")


def _date(value: dt.date, pattern: str, lang: str) -> str:
    """A date in a CLDR pattern, its day written the language's way when it is the first."""
    first = FIRST_OF_MONTH.get(lang)
    if first and value.day == 1:  # the day field outside quoted literals becomes the literal
        parts = _QUOTED.split(pattern)
        pattern = "".join(part if i % 2 else _DAY_FIELD.sub(f"'{first}'", part) for i, part in enumerate(parts))
    return format_date(value, pattern, locale=_locale(lang))


def format_day(value: dt.date, lang: str) -> str:
    return _date(value, _locale(lang).date_formats["long"].pattern, lang)


def format_weekday(value: dt.date, lang: str) -> str:
    """A day heading with the weekday and the month in full: 'Jeudi 18 janvier 2018'.

    French writes weekdays in lower case, but a heading starts with a capital.
    """
    label = _date(value, _locale(lang).date_formats["full"].pattern, lang)
    return label[:1].upper() + label[1:]


def format_month(value: Month, lang: str) -> str:
    return format_skeleton("yMMMM", value.first_day, locale=_locale(lang))


def format_dates(start: dt.date | Month, end: dt.date | None, lang: str) -> str:
    """A workshop's dates: '18–19 janvier 2018', 'January 2017' for a month-only date."""
    if isinstance(start, Month):
        return format_month(start, lang)
    if end is None or end == start:
        return format_day(start, lang)
    return _format_long_interval(start, end, lang)


# The dash between the two ends of a range is ours, not CLDR's: its spacing has changed between
# CLDR versions (Babel 2.19 spaces the en_GB "18 – 19"). Days of one month: unspaced
# ("18–19 janvier 2018"); across months or years: thin spaces ("31 January – 1 February 2018").
DAY_RANGE_DASH = "\u2013"
LONG_RANGE_DASH = "\u2009\u2013\u2009"
_CLDR_DASH = re.compile(r"[\s\u2009\u202f]*[\u2013\u2014-][\s\u2009\u202f]*$")


def _format_long_interval(start: dt.date, end: dt.date, lang: str) -> str:
    """CLDR's interval pattern for day–month–year, with the month written in full and our dash.

    Babel's skeleton matching falls back to abbreviated months ("janv."), which a programme's
    title should not use; CLDR has no full-month interval, so its yMMMd pattern is widened.
    CLDR decides the order of the fields and which are repeated; the dash and its spacing are ours.
    """
    locale = _locale(lang)
    formats = locale.interval_formats.get("yMMMd", {})
    field = "y" if start.year != end.year else "M" if start.month != end.month else "d"
    parts = formats.get(field)
    dash = DAY_RANGE_DASH if field == "d" else LONG_RANGE_DASH
    if not parts or not _CLDR_DASH.search(parts[0]):
        return _date(start, "d MMMM y", lang) + LONG_RANGE_DASH + _date(end, "d MMMM y", lang)
    first = _CLDR_DASH.sub("", parts[0])
    widen = lambda pattern: re.sub(r"(?<![ML])(MMM|LLL)(?![ML])", r"\1M", pattern).replace("LLLM", "LLLL")  # noqa: E731
    return _date(start, widen(first), lang) + dash + _date(end, widen(parts[1]), lang)


def format_clock(value: dt.time, lang: str) -> str:
    """24-hour times in every language (the programme's agendas)."""
    return format_time(value, "HH:mm", locale=_locale(lang))


def country_name(code: str, lang: str) -> str:
    return _locale(lang).territories.get(code, code)


def language_name(code: str, lang: str) -> str:
    return _locale(lang).languages.get(code, code)


def join_list(items: list[str], lang: str) -> str:
    return format_list(list(items), locale=_locale(lang)) if items else ""


# --- interface words -------------------------------------------------------------------


class Messages:
    """The layouts' interface words in one language, falling back to the source language.

    An entry that takes a count may give one text per CLDR plural category; the count picks it
    with the language's plural rules ("1 atelier", "0 atelier", "2 ateliers"; "1 workshop").
    """

    def __init__(self, folders: Sequence[Path], lang: str, source_language: str, renames: dict[str, str] | None = None):
        self.lang = lang
        self.renames = renames or {}  # word → the entry the project's kind reads (publication/wording.py)
        self.words = {**read_catalogue(folders, source_language), **read_catalogue(folders, lang)}
        self._fill = lambda key, template, values: fill(folders, (lang, source_language), key, template, values)

    def __call__(self, key: str, **values: Any) -> str:
        template = self.template(key, values.get("count"))
        marked = {name: value for name, value in values.items() if isinstance(value, Markup)}
        if not marked:
            return typeset_text(self._fill(key, template, values), self.lang)
        # A value in markup (a name in its <span class="name">) goes into the set, escaped words.
        slots = {name: chr(0xE000 + i) for i, name in enumerate(marked)}  # private-use characters
        text = escape(typeset_text(self._fill(key, template, {**values, **slots}), self.lang))
        for name, slot in slots.items():
            text = text.replace(slot, marked[name])
        return text

    def template(self, key: str, count: Any = None) -> str:
        """An entry's text; of a plural entry, the form of the count's CLDR category ('other' without one)."""
        entry = self.words.get(self.renames.get(key, key))
        if entry is None:
            raise KeyError(_("interface word '{key}' is missing from the message catalogue").format(key=key))
        if isinstance(entry, dict):
            category = _locale(self.lang).plural_form(count) if isinstance(count, (int, float)) else "other"
            entry = entry.get(category, entry["other"])
        return entry

    def forms(self) -> list[str]:
        """Every text of every entry, each plural form included (the glyph check reads them all)."""
        return [text for key, entry in self.words.items() for _form, text in entry_forms(key, entry)]


def kind_title(language, network, kind: str) -> str:
    """What a publication of a kind is called: by the network.yaml field its kind is `titled_by` when
    the sources give it (the brochure by the network's subtitle, the overview by the name of its
    series of events), else by the catalogue's `title_<kind>`."""
    record = kind_of(kind)
    if record.titled_by == "series":
        return event_words(language, network, 0).series
    if record.titled_by and getattr(network, record.titled_by, None):
        return language.text(getattr(network, record.titled_by))
    return language.words(record.title_word)


def event_words(language, network, count: int) -> SimpleNamespace:
    """The network's words for its events (network.yaml `events:`), else the catalogue's generic
    ones; `counted`: the noun after `count` of them, by the language's plural rule."""
    own = network.events
    if own is None:
        words = language.words
        title, series, one, other = (words(f"events_{name}") for name in ("title", "series", "one", "other"))
        intro = None
    else:
        title, series, one, other, intro = (
            language.text(getattr(own, name)) for name in ("title", "series", "one", "other", "intro")
        )
    counted = one if _locale(language.lang).plural_form(count) == "one" else other
    return SimpleNamespace(title=title, series=series, intro=intro, counted=counted)


# --- localised view of the sources ---------------------------------------------------


class Localiser:
    """Picks the text of one language from the sources and sets it typographically."""

    def __init__(self, lang: str, source_language: str):
        self.lang = lang
        self.source_language = source_language

    @overload
    def text(self, value: Text) -> str: ...
    @overload
    def text(self, value: None) -> None: ...
    def text(self, value: Text | None) -> str | None:
        """The text in this language (else the source language's, else any), typeset; None for no text."""
        if value is None:
            return None
        if Text.NEUTRAL in value:
            chosen = value[Text.NEUTRAL]
        else:
            chosen = value.get(self.lang) or value.get(self.source_language) or next(iter(value.values()))
        return typeset_text(chosen, self.lang)

    def native(self, value: Text | None, lang: str | None) -> str | None:
        """A name as written in its own language (Rīga, Θεσσαλονίκη), when it differs here."""
        if value is None or not lang or value.neutral or lang not in value:
            return None
        own = typeset_text(value[lang], lang)
        return own if own != self.text(value) else None

    def place(self, names: Sequence[Text | None], lang: str | None) -> tuple[str, str | None]:
        """A place's name here, and its local name (in its own language `lang`) when that differs.

        `names` are the texts that may name it, best first (a partner's city, short name, name).
        Here means this language, else the source language, else the local name, each looked for
        in every text before the next: Λάρισα is printed in a French text only when the sources give
        the place no French or source-language name."""
        texts = [text for text in names if text]
        codes = (self.lang, self.source_language, lang or "")
        chosen = next(
            (t.get(code) or t.get(Text.NEUTRAL) for code in codes for t in texts if code in t or t.neutral), None
        )
        name = typeset_text(chosen or next(iter(texts[0].values())), self.lang)
        own = next((typeset_text(t[lang], lang) for t in texts if lang and lang in t), None)
        return name, own if own != name else None

    def view(self, value: Any) -> Any:
        """A plain, read-only copy of a record with every Text resolved to this language."""
        if isinstance(value, Text):
            return self.text(value)
        if isinstance(value, BaseModel):
            return SimpleNamespace(**{name: self.view(getattr(value, name)) for name in type(value).model_fields})
        if isinstance(value, (list, tuple)):
            return [self.view(item) for item in value]
        return value


# --- one language, made once ---------------------------------------------------------------


class Language:
    """The sources seen in one language: their texts, the layouts' words and the download page's.

    Made once per language and process (see `Languages`) and shared by the layouts' context,
    the glyph check, the calendars and the download page.
    """

    def __init__(
        self, lang: str, source_language: str, messages: Sequence[Path], renames: dict[str, str] | None = None
    ):
        self.lang = lang
        self.texts = Localiser(lang, source_language)
        self.words = Messages(messages, lang, source_language, renames)
        # The download page and calendars have words of their own (messages/site/), over the publications'.
        self.site_words = Messages(messages, lang, source_language, renames)
        self.site_words.words.update(Messages([folder / "site" for folder in messages], lang, source_language).words)

    @overload
    def text(self, value: Text) -> str: ...
    @overload
    def text(self, value: None) -> None: ...
    def text(self, value: Text | None) -> str | None:
        return self.texts.text(value)


class Languages:
    """Every language of one build, each made on first use."""

    def __init__(self, source_language: str, project: Path, network: Network | None = None):
        self.source_language = source_language
        # The words the project's kind reads (a network of cities: the catalogues' own).
        self.renames = catalogue_keys(network.project_kind, network.partner_kind) if network else {}
        self.messages = message_folders(project)  # the project's layouts/messages/, then the default theme's
        self._made: dict[str, Language] = {}

    def __getitem__(self, lang: str) -> Language:
        if lang not in self._made:
            self._made[lang] = Language(lang, self.source_language, self.messages, self.renames)
        return self._made[lang]
