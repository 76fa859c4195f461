"""The typed sources: a schema for every file in `sources/`, and validation against it."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any, Iterator, Literal, Union, get_args, get_origin

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from .errors import Problem
from .load import Document, dotted_path

# ---------------------------------------------------------------------------
# Scalar types. Every YAML scalar arrives as text (see load.py); these parse it and say
# exactly what was expected when it does not fit.

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _parse_time(value: Any) -> dt.time:
    if isinstance(value, dt.time):
        return value
    text = str(value).strip()
    match = TIME.match(text)
    if not match:
        raise ValueError(f"'{text}' is not a time like 09:00 (24-hour clock, two digits each) | fix: write the time as HH:MM, e.g. 09:30")
    return dt.time(int(match[1]), int(match[2]))


def _parse_day(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    match = DAY.match(text)
    if not match:
        raise ValueError(f"'{text}' is not a date like 2017-05-18 (year-month-day) | fix: write the date as YYYY-MM-DD")
    year, month, day = int(match[1]), int(match[2]), int(match[3])
    if not 1 <= month <= 12:
        raise ValueError(f"'{text}' has no month {month} (months go from 01 to 12) | fix: write the month as two digits from 01 to 12")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValueError(f"'{text}' does not exist: {calendar.month_name[month]} {year} has {last} days | fix: give a day that exists in that month")
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
        if not 1 <= month <= 12:
            raise ValueError(f"'{text}' has no month {month} (months go from 01 to 12) | fix: write the month as two digits from 01 to 12")
        return Month(int(match[1]), month)
    if DAY.match(text):
        return _parse_day(text)
    raise ValueError(f"'{text}' is not a date like 2017-05-18 or a month like 2017-05 | fix: write YYYY-MM-DD, or YYYY-MM when only the month is known")


def _parse_number(value: Any) -> float:
    try:
        return float(str(value).replace(",", "."))
    except ValueError:
        raise ValueError(f"'{value}' is not a number | fix: write digits, with a dot or a comma for decimals, e.g. 38.75") from None


def _parse_bool(value: Any) -> bool:
    text = str(value).strip().lower()
    if text in ("true", "yes", "on"):
        return True
    if text in ("false", "no", "off"):
        return False
    raise ValueError(f"'{value}' is not true or false | fix: write true or false")


Time = Annotated[dt.time, BeforeValidator(_parse_time)]
Day = Annotated[dt.date, BeforeValidator(_parse_day)]
DayOrMonth = Annotated[Union[dt.date, Month], BeforeValidator(_parse_day_or_month)]
Number = Annotated[float, BeforeValidator(_parse_number)]
Flag = Annotated[bool, BeforeValidator(_parse_bool)]


class Text(dict):
    """A user-facing text: one value per language, or one value for every language.

    A plain string in the sources (a name such as "Amadora") is the same in all languages and
    is stored under the key "*"; a mapping gives one translation per language code.
    """

    NEUTRAL = "*"

    @classmethod
    def parse(cls, value: Any) -> "Text":
        if isinstance(value, Text):
            return value
        if isinstance(value, str):
            if not value.strip():
                raise ValueError("is empty | fix: write the text, or remove the field")
            return cls({cls.NEUTRAL: value})
        if isinstance(value, dict):
            if not value:
                raise ValueError("has no translation; give at least the source language | fix: add `fr: …` under it")
            for code, text in value.items():
                if not LANGUAGE_CODE.match(str(code)):
                    raise ValueError(f"'{code}' is not a language code like fr, en, de, el | fix: use a two-letter ISO 639 code")
                if not isinstance(text, str) or not text.strip():
                    raise ValueError(f"the '{code}' text is empty or not text | fix: write the text after `{code}:`, or remove that line")
            return cls(value)
        raise ValueError("should be text, or one text per language (`fr: …` / `en: …`) | fix: write it as text, or as `fr: …` and `en: …` lines under it")

    @property
    def neutral(self) -> bool:
        return self.NEUTRAL in self


TextField = Annotated[Text, BeforeValidator(Text.parse)]


def _parse_cmyk(value: Any) -> tuple[float, float, float, float]:
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    if not isinstance(value, (list, tuple)) or len(value) != 4:
        raise ValueError("should be four percentages C M Y K, e.g. [100, 80, 0, 0] | fix: write four numbers in brackets")
    numbers = tuple(_parse_number(v) for v in value)
    if any(not 0 <= n <= 100 for n in numbers):
        raise ValueError("each of C M Y K is a percentage between 0 and 100 | fix: keep each number between 0 and 100")
    if sum(numbers) > 300:
        raise ValueError(f"total ink is {sum(numbers):.0f} %, above the 300 % a printer accepts | fix: lower the percentages so that C + M + Y + K is at most 300")
    return numbers  # type: ignore[return-value]


CMYK = Annotated[tuple[float, float, float, float], BeforeValidator(_parse_cmyk)]


# ---------------------------------------------------------------------------
# Records. `extra='forbid'` makes unknown keys errors; the did-you-mean comes from the
# field names (see `_suggest_field`).


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


Status = Literal["final", "draft"]


class Colour(Record):
    cmyk: CMYK
    rgb: str | None = Field(default=None, pattern=r"^#[0-9A-Fa-f]{6}$")

    @property
    def srgb(self) -> str:
        """The screen colour: declared, or derived from CMYK (naive, without a profile)."""
        if self.rgb:
            return self.rgb.upper()
        c, m, y, k = (v / 100 for v in self.cmyk)
        r, g, b = (round(255 * (1 - x) * (1 - k)) for x in (c, m, y))
        return f"#{r:02X}{g:02X}{b:02X}"


class Brand(Record):
    ink: Colour
    primary: Colour
    secondary: Colour
    accent: Colour
    muted: Colour
    tint: Colour
    paper: Colour


class PrintSettings(Record):
    bleed_mm: Number = 3
    output_profile: str
    output_condition: TextField
    output_condition_identifier: str = "FOGRA39"
    slug_mm: Number = 10
    min_ppi: Number = 300


class Site(Record):
    title: TextField
    publisher: TextField
    base_url: str = Field(pattern=r"^https?://\S+/$")
    source_language: str = "fr"
    languages: list[str] = ["fr", "en"]
    default_languages: list[str] = ["fr", "en"]
    brand: Brand
    print: PrintSettings

    @field_validator("languages", "default_languages")
    @classmethod
    def _languages_known(cls, value: list[str]) -> list[str]:
        for code in value:
            if not LANGUAGE_CODE.match(code):
                raise ValueError(f"'{code}' is not a language code like fr, en, de, el | fix: use a two-letter ISO 639 code")
        if len(set(value)) != len(value):
            raise ValueError("lists a language twice | fix: remove the second one")
        return value

    @model_validator(mode="after")
    def _source_is_published(self) -> "Site":
        if self.source_language not in self.languages:
            raise ValueError(f"source_language '{self.source_language}' must be one of languages {self.languages} | fix: add it to `languages`")
        unknown = [code for code in self.default_languages if code not in self.languages]
        if unknown:
            raise ValueError(f"default_languages {unknown} must also be listed in languages {self.languages} | fix: add them to `languages`")
        return self


class Location(Record):
    lat: Number = Field(ge=-90, le=90)
    lon: Number = Field(ge=-180, le=180)


class Image(Record):
    """A picture or logo: a file inside the project (PNG, JPEG, SVG) and its text alternative."""

    src: str = Field(min_length=1)
    alt: TextField


class Partner(Record):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    name: TextField
    short_name: TextField | None = None  # for the map's labels, where the name is long
    kind: Literal["city", "departement", "region"] = "city"
    country: str = Field(pattern=r"^[A-Z]{2}$")
    role: Literal["lead", "member"]
    location: Location
    language: str | None = Field(default=None, pattern=r"^[a-z]{2,3}$")


class Partners(Record):
    status: Status = "final"
    partners: list[Partner]

    @model_validator(mode="after")
    def _one_lead(self) -> "Partners":
        leads = [p.id for p in self.partners if p.role == "lead"]
        if len(leads) != 1:
            raise ValueError(f"exactly one partner must have role: lead (found {len(leads)}) | fix: give `role: lead` to one partner and `role: member` to the others")
        ids = [p.id for p in self.partners]
        doubles = sorted({i for i in ids if ids.count(i) > 1})
        if doubles:
            raise ValueError(f"partner id given twice: {', '.join(doubles)} | fix: give each partner its own id")
        return self


class Challenge(Record):
    title: TextField
    text: TextField


class LocalGroupMember(Record):
    name: TextField
    short: str | None = None


class LocalGroup(Record):
    title: TextField
    text: TextField
    members: list[LocalGroupMember]


class Period(Record):
    start: int
    end: int


class Contact(Record):
    name: TextField
    role: TextField
    organisation: TextField
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")
    phone: str | None = None


class Contacts(Record):
    status: Status = "final"
    contacts: list[Contact]


class Funder(Record):
    name: TextField
    mark: Literal["eu-emblem", "urbact", "partner"]


class Credits(Record):
    funding_statement: TextField
    funders: list[Funder]
    publisher: TextField
    photo_credits: TextField | None = None


class Network(Record):
    status: Status = "final"
    name: TextField
    programme: str
    kind: TextField
    period: Period
    title: TextField
    summary: TextField
    aim: TextField
    meetings: TextField
    local_group: LocalGroup
    challenges: list[Challenge] = Field(min_length=1)
    credits: Credits


class Session(Record):
    start: Time
    end: Time | None = None
    title: TextField
    kind: Literal["session", "break", "visit", "plenary", "workshop"] = "session"
    speakers: list[TextField] = []
    room: TextField | None = None
    description: TextField | None = None

    @model_validator(mode="after")
    def _ends_after_start(self) -> "Session":
        if self.end is not None and self.end <= self.start:
            raise ValueError(f"ends at {self.end:%H:%M}, not after it starts at {self.start:%H:%M} | fix: make `end` later than `start`, or remove `end`")
        return self


class AgendaDay(Record):
    date: Day
    title: TextField | None = None
    sessions: list[Session] = Field(min_length=1)


class Venue(Record):
    name: TextField
    address: TextField | None = None


class Practical(Record):
    title: TextField
    text: TextField


class Workshop(Record):
    status: Status = "final"
    title: TextField
    host: str
    dates: DayOrMonth
    end: Day | None = None
    theme: TextField | None = None
    languages: list[str] | None = None
    venue: Venue | None = None
    image: Image | None = None  # printed in the programme's header
    agenda: list[AgendaDay] = []
    practical: list[Practical] = []

    @model_validator(mode="after")
    def _dates_consistent(self) -> "Workshop":
        start = self.dates.first_day if isinstance(self.dates, Month) else self.dates
        last = self.dates.last_day if isinstance(self.dates, Month) else (self.end or self.dates)
        if self.end is not None and self.end < start:
            raise ValueError(f"ends on {self.end}, before it starts on {start} | fix: check `dates` and `end`")
        for day in self.agenda:
            if not start <= day.date <= last:
                raise ValueError(f"agenda day {day.date} lies outside the workshop's dates ({start} to {last}) | fix: check the day's date, or the workshop's `dates` and `end`")
        return self

    @property
    def first_day(self) -> dt.date:
        return self.dates.first_day if isinstance(self.dates, Month) else self.dates

    @property
    def month(self) -> Month:
        """The month the workshop starts in (the fact the source page gives)."""
        return Month(self.first_day.year, self.first_day.month)


def iter_values_of_type(value: Any, kind: type, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Every value of type `kind` inside a record (its fields, lists, nested records), with its
    path in the data, so that a finding can be located at its line."""
    if isinstance(value, kind):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from iter_values_of_type(getattr(value, name), kind, (*path, name))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from iter_values_of_type(item, kind, (*path, i))


# ---------------------------------------------------------------------------
# Validation with located, actionable messages.


def _unwrap(annotation: Any) -> list[Any]:
    """The model classes an annotation can hold (through Optional, list, Annotated)."""
    origin = get_origin(annotation)
    if origin is None:
        return [annotation]
    return [model for arg in get_args(annotation) for model in _unwrap(arg)]


def _model_at(root: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The record type found at `loc` inside `root`, following field annotations."""
    current: Any = root
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        if field is None:
            return None
        models = [m for m in _unwrap(field.annotation) if isinstance(m, type) and issubclass(m, BaseModel)]
        current = models[0] if models else None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _suggest_field(root: type[BaseModel], loc: tuple[Any, ...]) -> str:
    import difflib

    parent = _model_at(root, loc[:-1])
    if parent is None:
        return "remove it"
    names = list(parent.model_fields)
    close = difflib.get_close_matches(str(loc[-1]), names, n=1, cutoff=0.6)
    allowed = ", ".join(names)
    if close:
        return f"did you mean '{close[0]}'? (allowed here: {allowed})"
    return f"remove it; allowed here: {allowed}"


def _describe(error: dict[str, Any], root: type[BaseModel]) -> tuple[str, str]:
    """A plain-language message and fix for one pydantic error."""
    kind = error["type"]
    loc = error["loc"]
    field = str(loc[-1]) if loc else ""
    if kind == "missing":
        return "is required but missing", f"add `{field}: …` here"
    if kind == "extra_forbidden":
        return f"unknown key '{field}'", _suggest_field(root, loc)
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"'{error.get('input')}' is not allowed", f"use one of {expected}"
    if kind == "string_pattern_mismatch":
        return f"'{error.get('input')}' is not in the expected form", _pattern_hint(field)
    if kind in ("list_type", "tuple_type"):
        return "should be a list", "write one item per line, each starting with `- `"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "should be a group of fields", "indent the fields under this key"
    if kind in ("string_type",):
        return "should be text", "write it as text"
    if kind in ("int_parsing", "int_type", "float_parsing"):
        return f"'{error.get('input')}' is not a whole number", "write digits only, e.g. 2016"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"{error.get('input')} is out of range", error["msg"].lower()
    if kind == "too_short":
        return "is empty", "give at least one item"
    message, _, fix = error["msg"].removeprefix("Value error, ").partition(" | fix: ")
    return message, fix or "see the other records of this file for the expected form"


def _pattern_hint(field: str) -> str:
    hints = {
        "id": "use lower-case letters, digits and hyphens, e.g. roquetas-de-mar",
        "country": "use the two-letter ISO code in capitals, e.g. PT, DE, GR",
        "base_url": "write a full address ending in /, e.g. https://example.org/arrival-cities/",
        "email": "write an address like name@example.org",
        "rgb": "write a colour like #003399",
        "language": "use a language code like fr, en, de, el",
    }
    return hints.get(field, "see the other records of this file for the expected form")


def _data_loc(loc: tuple[Any, ...], data: Any) -> tuple[Any, ...]:
    """pydantic's error location as a path in the data: union branches and validator tags removed.

    A tag ('function-before[…]', 'Month', 'str') is dropped only where the data has no such key,
    so a user's key that happens to look like one ('A:', 'Month:') keeps its place.
    """
    path: list[Any] = []
    current = data
    for part in loc:
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
        elif isinstance(part, str) and (part[:1].isupper() or "[" in part or part in ("str", "int", "float",
                                                                                       "list", "dict", "bool")):
            continue
        else:
            current = None
        path.append(part)
    return tuple(path)


def problems_from_validation(exc: ValidationError, doc: Document, root: type[BaseModel],
                             prefix: tuple[Any, ...] = ()) -> list[Problem]:
    """Turn pydantic's errors into located problems (file, line, field, what, fix)."""
    problems = []
    for error in exc.errors():
        loc = _data_loc(error["loc"], doc.data)
        message, fix = _describe({**error, "loc": loc}, root)
        path = (*prefix, *loc)
        problems.append(Problem(doc.file, doc.line_of(path), dotted_path(path), message, fix))
    return problems


def validate(doc: Document, model: type[BaseModel]) -> tuple[BaseModel | None, list[Problem]]:
    """Validate one loaded document against its record type."""
    if not isinstance(doc.data, dict):
        return None, [Problem(doc.file, 1, "", "should hold fields (key: value lines)",
                              "see the other files in sources/ for the expected form")]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, problems_from_validation(exc, doc, model)
