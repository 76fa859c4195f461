"""The values inside the sources: times, days, months, numbers, flags, texts, CMYK colours.

Every YAML scalar arrives as text (see load.py). Each parser here turns it into its type or
raises a ValueError saying what was expected; the part after " | fix: " is the fix that
validation.py shows. Records declare fields with the `Annotated` types (Time, Day, TextField…).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BeforeValidator

from ..messages import _, current_language

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _matched(pattern: re.Pattern[str], value: Any, refusal: str) -> re.Match[str]:
    """The match of the value's text, or a ValueError quoting it: the refusal, its {text} filled in."""
    text = str(value).strip()
    match = pattern.match(text)
    if not match:
        raise ValueError(refusal.format(text=text))
    return match


def _require_month(text: str, month: int) -> None:
    if not 1 <= month <= 12:
        raise ValueError(
            _(
                "'{text}' has no month {month} (months go from 01 to 12) | fix: write the month as two digits from 01 to 12"
            ).format(text=text, month=month)
        )


def require_language_code(code: Any) -> None:
    """Raise unless `code` has the form of a language code; sources.py checks that it exists."""
    if not LANGUAGE_CODE.match(str(code)):
        raise ValueError(
            _("'{code}' is not a language code like fr, en, de, el | fix: use a two-letter ISO 639 code").format(
                code=code
            )
        )


def _parse_time(value: Any) -> dt.time:
    if isinstance(value, dt.time):
        return value
    match = _matched(
        TIME,
        value,
        _(
            "'{text}' is not a time like 09:00 (24-hour clock, two digits each) | fix: write the time as HH:MM, e.g. 09:30"
        ),
    )
    return dt.time(int(match[1]), int(match[2]))


def month_name(month: int) -> str:
    """The month's name in the messages' language ('February', 'février')."""
    from babel.dates import get_month_names

    return str(get_month_names("wide", locale=current_language())[month])


def _parse_day(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    match = _matched(
        DAY, value, _("'{text}' is not a date like 2017-05-18 (year-month-day) | fix: write the date as YYYY-MM-DD")
    )
    text = match.string
    year, month, day = int(match[1]), int(match[2]), int(match[3])
    _require_month(text, month)
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValueError(
            _(
                "'{text}' does not exist: {month} {year} has {last} days | fix: give a day that exists in that month"
            ).format(text=text, month=month_name(month), year=year, last=last)
        )
    return dt.date(year, month, day)


@dataclass(frozen=True, order=True)
class Month:
    """A date known only to the month ("2016-09")."""

    year: int
    month: int

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def _parse_day_or_month(value: Any) -> dt.date | Month:
    if isinstance(value, (dt.date, Month)):
        return value
    text = str(value).strip()
    match = MONTH.match(text)
    if match:
        month = int(match[2])
        _require_month(text, month)
        return Month(int(match[1]), month)
    if DAY.match(text):
        return _parse_day(text)
    raise ValueError(
        _(
            "'{text}' is not a date like 2017-05-18 or a month like 2017-05 | fix: write YYYY-MM-DD, or YYYY-MM when only the month is known"
        ).format(text=text)
    )


def _parse_number(value: Any) -> float:
    try:
        number = float(str(value).replace(",", "."))
        if not math.isfinite(number):  # 'nan', 'inf': float() reads them, nothing can be measured with them
            raise ValueError()
        return number
    except ValueError:
        raise ValueError(
            _("'{value}' is not a number | fix: write digits, with a dot or a comma for decimals, e.g. 38.75").format(
                value=value
            )
        ) from None


def _parse_bool(value: Any) -> bool:
    text = str(value).strip().lower()
    if text in ("true", "yes", "on"):
        return True
    if text in ("false", "no", "off"):
        return False
    raise ValueError(_("'{value}' is not true or false | fix: write true or false").format(value=value))


Time = Annotated[dt.time, BeforeValidator(_parse_time)]
Day = Annotated[dt.date, BeforeValidator(_parse_day)]
DayOrMonth = Annotated[dt.date | Month, BeforeValidator(_parse_day_or_month)]
Number = Annotated[float, BeforeValidator(_parse_number)]
Flag = Annotated[bool, BeforeValidator(_parse_bool)]


class Text(dict):
    """A user-facing text: one value per language, or one value for every language.

    A plain string in the sources (a name such as "Riga") is the same in all languages and
    is stored under the key "*"; a mapping gives one translation per language code.
    """

    NEUTRAL = "*"

    @classmethod
    def parse(cls, value: Any) -> Text:
        if isinstance(value, Text):
            return value
        if isinstance(value, str):
            if not value.strip():
                raise ValueError(_("is empty | fix: write the text, or remove the field"))
            return cls({cls.NEUTRAL: value})
        if isinstance(value, dict):
            if not value:
                raise ValueError(_("has no translation; give at least the source language | fix: add `fr: …` under it"))
            for code, text in value.items():
                require_language_code(code)
                if not isinstance(text, str) or not text.strip():
                    raise ValueError(
                        _(
                            "the '{code}' text is empty or not text | fix: write the text after `{code}:`, or remove that line"
                        ).format(code=code)
                    )
            return cls(value)
        raise ValueError(
            _(
                "should be text, or one text per language (`fr: …` / `en: …`) | fix: write it as text, or as `fr: …` and `en: …` lines under it"
            )
        )

    @property
    def neutral(self) -> bool:
        return self.NEUTRAL in self


TextField = Annotated[Text, BeforeValidator(Text.parse)]


def _parse_cmyk(value: Any) -> tuple[float, float, float, float]:
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    if not isinstance(value, (list, tuple)) or len(value) != 4:
        raise ValueError(
            _("should be four percentages C M Y K, e.g. [100, 80, 0, 0] | fix: write four numbers in brackets")
        )
    numbers = tuple(_parse_number(v) for v in value)
    if any(not 0 <= n <= 100 for n in numbers):
        raise ValueError(
            _("each of C M Y K is a percentage between 0 and 100 | fix: keep each number between 0 and 100")
        )
    if sum(numbers) > 300:
        raise ValueError(
            _(
                "total ink is {total:.0f} %, above the 300 % a printer accepts | fix: lower the percentages so that C + M + Y + K is at most 300"
            ).format(total=sum(numbers))
        )
    return numbers  # type: ignore[return-value]


CMYK = Annotated[tuple[float, float, float, float], BeforeValidator(_parse_cmyk)]


# Fields whose text, written once (a plain string, stored under "*"), is rightly the same in every
# language: proper nouns and codes, which a reader looks for as written on the door, the letter or
# the badge. Any other text written once in a project of several languages prints untranslated in
# the others, so it is a warning. Decided from the shipped sources and examples/:
WRITTEN_ONCE_FIELDS = {
    "name": "a partner's, venue's, funder's, network's or person's own name (Rathaus Dresden, URBACT)",
    "short_name": "a partner's name, shortened for the map (Ústí)",
    "city": "a place name; one spelled differently per language can still be given per language",
    "address": "a postal address, written as the post delivers it",
    "organisation": "an organisation's official name (Stadt Ulm, Abteilung Stadtplanung)",
    "room": "a room's name or number as signposted in the venue (A1, Salle Rabelais)",
    "speakers": "a speaker given as plain text is a person's name",
    "output_condition": "the print standard named to the printer (FOGRA39), which no reader sees",
}


def written_once_field(path: tuple) -> str:
    """The field a text is the value of: the last name in its path (`speakers` for speakers[2])."""
    return next((step for step in reversed(path) if isinstance(step, str)), "")
