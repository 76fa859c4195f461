"""site.yaml: the publisher, the languages, the brand's colours and the print settings."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, field_validator, model_validator

from ..load import load_yaml
from ..messages import LANGUAGES, _
from .record import Record
from .values import CMYK, Flag, Number, TextField, require_language_code


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


MIN_BLEED_MM, MAX_BLEED_MM = 1, 10
# Crop marks (--marks) start 1 mm beyond the bleed, run 3 to 5 mm, and stop 1 mm short of the sheet's edge.
MIN_SLUG_MM = 5


class PrintSettings(Record):
    bleed_mm: Number = 3
    output_profile: str
    output_condition: TextField
    output_condition_identifier: str = "FOGRA39"
    slug_mm: Number = Field(10, le=50)  # the room for crop marks beyond the bleed
    min_ppi: Number = Field(300, gt=0, le=2400)

    @field_validator("bleed_mm")
    @classmethod
    def _bleed_in_range(cls, value: float) -> float:
        # Printers ask for 2 to 5 mm; none (or a negative one) leaves white edges, over 10 mm is a typo.
        if not MIN_BLEED_MM <= value <= MAX_BLEED_MM:
            raise ValueError(
                _(
                    "{value:g} mm is not a bleed: it must be between {min_bleed_mm:g} and {max_bleed_mm:g} mm | fix: write the printer's bleed, usually 3"
                ).format(value=value, min_bleed_mm=MIN_BLEED_MM, max_bleed_mm=MAX_BLEED_MM)
            )
        return value

    @field_validator("slug_mm")
    @classmethod
    def _room_for_marks(cls, value: float) -> float:
        if value < MIN_SLUG_MM:
            raise ValueError(
                _(
                    "{value:g} mm is too narrow for crop marks (--marks): they need at least {min_slug_mm} mm beyond the bleed | fix: write the printer's slug, usually 10"
                ).format(value=value, min_slug_mm=MIN_SLUG_MM)
            )
        return value


class MapSettings(Record):
    """How the maps name the partners."""

    # Each place's local name after its name where they differ ("Thessalonique Θεσσαλονίκη"): the
    # name under the partner's `language` in `city:` (or short_name, name).
    local_names: Flag = False


class Site(Record):
    title: TextField
    publisher: TextField
    base_url: str = Field(pattern=r"^https?://\S+/$")
    source_language: str = "fr"
    languages: list[str] = Field(default_factory=lambda: ["fr", "en"])
    default_languages: list[str] = Field(default_factory=lambda: ["fr", "en"])
    brand: Brand
    print: PrintSettings
    # Labels of event kinds the message catalogues do not name: {summer-school: {fr: …, en: …}}.
    event_kinds: dict[str, TextField] = Field(default_factory=dict)
    map: MapSettings = Field(default_factory=MapSettings)
    # The language of this tool's messages (errors, warnings, summaries, the preview), over the locale's.
    messages: Literal["en", "fr"] | None = None

    @field_validator("base_url")
    @classmethod
    def _an_address(cls, value: str) -> str:
        """An address the calendars and QR codes can use: its host a name or an IP address (`[TBD]` is neither)."""
        try:
            parts = urlsplit(value)
            host, _port = parts.hostname or "", parts.port  # a port out of range raises too
            host.encode("idna")
            valid = bool(re.fullmatch(r"[\w.-]+|[0-9a-fA-F:.]+", host)) and ".." not in host
        except (ValueError, UnicodeError):
            valid = False
        if not valid:
            raise ValueError(
                _(
                    "'{value}' is not a web address: its host is not a name like example.org | fix: write the address the download page will have, e.g. https://example.org/our-network/"
                ).format(value=value)
            )
        return value

    @field_validator("languages", "default_languages")
    @classmethod
    def _languages_known(cls, value: list[str]) -> list[str]:
        for code in value:
            require_language_code(code)
        if len(set(value)) != len(value):
            raise ValueError(_("lists a language twice | fix: remove the second one"))
        return value

    @model_validator(mode="after")
    def _source_is_published(self) -> Site:
        if self.source_language not in self.languages:
            raise ValueError(
                _("source_language '{code}' must be one of languages {languages} | fix: add it to `languages`").format(
                    code=self.source_language, languages=self.languages
                )
            )
        unknown = [code for code in self.default_languages if code not in self.languages]
        if unknown:
            raise ValueError(
                _(
                    "default_languages {unknown} must also be listed in languages {languages} | fix: add them to `languages`"
                ).format(unknown=unknown, languages=self.languages)
            )
        return self


def messages_setting(site_file: Path) -> str | None:
    """site.yaml's `messages:` (the language of this tool's messages), read before anything is
    checked so that every problem is said in it; None when the file or the setting is missing or not
    one of messages.LANGUAGES (the validation of site.yaml then says so)."""
    if not site_file.is_file():
        return None
    doc, _problems = load_yaml(site_file)
    data = doc.data if doc is not None else None
    setting = data.get("messages") if isinstance(data, dict) else None
    return setting if setting in LANGUAGES else None
