"""The brand's fonts on the web: the @font-face rules of styles/fonts.css the download page (or a web page)
uses, pointing at copies in output/ (a web page's in its own folder)."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from .check import FONTS_CSS, families_used
from .kinds import kind_of
from .theme import Theme

FONTS_FOLDER = "fonts"  # output/fonts/: the font files the pages use, beside their licences
_FACE_RULE = re.compile(r"@font-face\s*{[^}]*}")
_FAMILY = re.compile(r"font-family\s*:\s*[\"']?([^;\"']+)")
_URL = re.compile(r"url\(\s*([\"']?)([^\"')]+)\1\s*\)")


@dataclass
class WebFonts:
    """The @font-face rules for the families the page's stylesheet names, and the files they point at."""

    rules: list[str] = field(default_factory=list)  # each url() is `fonts/<file>`, relative to output/
    files: dict[str, Path] = field(default_factory=dict)  # output-relative name → the theme's file

    def css(self, to_output: str) -> str:
        """The rules for a page `to_output` away from output/ ('' or '../'): relative URLs, so that the page
        finds its fonts from a web server and from the file system alike, and fetches nothing from outside."""
        css = "\n".join(self.rules).replace(f'url("{FONTS_FOLDER}/', f'url("{to_output}{FONTS_FOLDER}/')
        return css.replace("</", "<\\/")  # inside a <style> element: a family name cannot end it

    def contents(self) -> dict[str, bytes]:
        """The font files and their licences, as the build writes them into output/."""
        return {name: file.read_bytes() for name, file in self.files.items()}


def web_fonts(theme: Theme, stylesheet: Path) -> WebFonts:
    """The same @font-face rules (and font files) as the PDFs use, for the families `stylesheet` names."""
    fonts_css = theme.file(Path("styles") / FONTS_CSS)
    families = set(families_used([stylesheet]))
    found = WebFonts()
    for rule in _FACE_RULE.findall(re.sub(r"/\*.*?\*/", "", fonts_css.read_text(encoding="utf-8"), flags=re.S)):
        family = _FAMILY.search(rule)
        if family and family[1].strip() in families:
            found.rules.append(_URL.sub(lambda match: _relocated(theme, fonts_css, match[2], found.files), rule))
    fonts = list(found.files.values())
    for folder in sorted({file.parent for file in fonts}):
        for licence in sorted(folder.glob("LICENSE*")):  # the SIL OFL travels with the fonts it covers
            if _covers(licence, [file.name for file in fonts if file.parent == folder]):
                found.files[f"{FONTS_FOLDER}/{licence.name}"] = licence
    return found


def _covers(licence: Path, font_names: list[str]) -> bool:
    """A folder's LICENSE covers all its fonts; LICENSE-Inter.txt those whose name starts with 'Inter'."""
    family = licence.name.split(".")[0].removeprefix("LICENSE").lstrip("-_")
    return any(name.lower().startswith(family.lower()) for name in font_names)  # LICENSE-Ubuntu: ubuntu-*.woff2


def _relocated(theme: Theme, fonts_css: Path, reference: str, files: dict[str, Path]) -> str:
    """The url() of a font copied to output/fonts/, and the copy noted in `files`."""
    file = theme.winner(fonts_css.parent / reference)
    name = f"{FONTS_FOLDER}/{file.name}"
    files[name] = file
    return f'url("{name}")'


def web_page_fonts(theme: Theme, pages: list[dict]) -> dict[str, bytes]:
    """The font files of the web pages (manifest entries), in each one's own folder (`en/fonts/`): a browser
    reading a page from the file system may refuse a font from a folder above it (Firefox, `../fonts/`)."""
    files: dict[str, bytes] = {}
    fonts: dict[str, dict[str, bytes]] = {}  # each stylesheet's, read once
    for entry in pages:
        name = kind_of(entry["kind"]).stylesheet
        if name not in fonts:
            fonts[name] = web_fonts(theme, theme.file(Path("styles") / name)).contents()
        folder = posixpath.dirname(entry["path"])
        files |= {f"{folder}/{font}": data for font, data in fonts[name].items()}
    return files
