"""Glyph coverage: every character a publication sets must be in the project's own fonts.

WeasyPrint never fails on a missing glyph: it falls back to any system font that has it (a
different typeface in the middle of a line) or draws a .notdef box (engine.MISSING_GLYPHS). So before anything is
rendered, the text of each planned publication is compared with the cmaps of the fonts its
stylesheets use (the @font-face files in styles/), and each offending character is reported
with its code point, the font and the source file, line and field it comes from.
The tests inspect the finished PDFs for the same failure, after the fact (tests/pdfs.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from html import unescape
from pathlib import Path

from .assets import stylesheet_files
from .catalogues import message_folders
from .errors import Problem
from .eu_visibility import emblem_text, funder_period
from .localise import Language, Languages
from .locate import locate_character, locate_text, shown_path
from .messages import _, ngettext
from .plan import Publication
from .render import build_context, make_environment, render_html
from .scripts import Misread, misread_runs
from .sources import Sources
from .svgimage import read_svg, svg_problem
from .theme import Theme

FONTS_CSS = "fonts.css"
# Characters that are never drawn with a glyph: controls, line and paragraph separators,
# and format characters (soft hyphen, zero-width spaces and joiners, bidi marks).
_NOT_DRAWN = {"Cc", "Cf", "Zl", "Zp"}


@dataclass(frozen=True)
class Face:
    family: str
    file: Path
    codepoints: frozenset[int]

    @property
    def label(self) -> str:
        return f"{self.family} ({self.file.name})"


# --- fonts -------------------------------------------------------------------------------


@cache
def _cmap(file: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(str(file), lazy=True).getBestCmap())


def read_font_faces(theme: Theme) -> dict[str, list[Face]]:
    """The @font-face rules of styles/fonts.css: family name → its faces and their cmaps."""
    fonts_css = theme.file(Path("styles") / FONTS_CSS)
    return _read_font_faces(theme, fonts_css, fonts_css.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _read_font_faces(theme: Theme, fonts_css: Path, mtime_ns: int) -> dict[str, list[Face]]:
    """Read again when fonts.css changes (the preview runs for hours)."""
    faces: dict[str, list[Face]] = {}
    css = _without_comments(fonts_css.read_text(encoding="utf-8"))
    for rule in re.findall(r"@font-face\s*{([^}]*)}", css):
        family = re.search(r"font-family\s*:\s*[\"']?([^;\"']+)", rule)
        source = re.search(r"src\s*:\s*url\(\s*[\"']?([^\"')]+)", rule)
        if family and source:
            file = theme.winner(fonts_css.parent / source[1]).resolve()
            faces.setdefault(family[1].strip(), []).append(Face(family[1].strip(), file, _cmap(file)))
    return faces


def _without_comments(css: str) -> str:
    return re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)


# The EU emblem's words have their own stack: one typeface cut by script into several families (tokens.css).
# Each of their characters must be in one of its faces; the rest of the document is not set in them.
STATEMENT_STACK = "--font-eu-statement"


def _declarations(stylesheets: Iterable[Path]) -> tuple[str, dict[str, str]]:
    """The stylesheets' rules (comments and @font-face left out) and their custom properties."""
    css = "\n".join(_without_comments(path.read_text(encoding="utf-8")) for path in stylesheets)
    css = re.sub(r"@font-face\s*{[^}]*}", "", css)
    return css, dict(re.findall(r"(--[\w-]+)\s*:\s*([^;}]+)", css))


def statement_families(stylesheets: Iterable[Path]) -> list[str]:
    """The families of the EU emblem's words (STATEMENT_STACK), in their order."""
    return re.findall(r"[\"']([^\"']+)[\"']", _declarations(stylesheets)[1].get(STATEMENT_STACK, ""))


def families_used(stylesheets: Iterable[Path]) -> list[str]:
    """Font families named by a publication's stylesheets, custom properties resolved (the EU emblem's
    words' aside)."""
    css, variables = _declarations(stylesheets)
    statement = re.findall(r"[\"']([^\"']+)[\"']", variables.get(STATEMENT_STACK, ""))
    names: list[str] = []
    for declaration in re.findall(r"(?<![\w-])font(?:-family)?\s*:\s*([^;}]+)", css):
        declaration = re.sub(r"var\((--[\w-]+)\)", lambda m: variables.get(m[1], ""), declaration)
        names += [name for name in re.findall(r"[\"']([^\"']+)[\"']", declaration) if name not in statement]
    return list(dict.fromkeys(names))


def statement_problems(sources: Sources, language: Language, faces: list[Face]) -> list[Problem]:
    """The EU emblem's words with a character none of the statement's faces has (eu_visibility's table)."""
    problems = []
    network = sources.documents["network.yaml"]
    for index, funder in enumerate(sources.network.credits.funders):
        if funder.mark != "eu-emblem" or not faces:
            continue
        words = emblem_text(language.lang, funder_period(funder, sources.network), funder.statement)
        for ch in sorted(ch for ch in characters_drawn(words) if not any(ord(ch) in f.codepoints for f in faces)):
            message = _(
                "the EU emblem's words '{words}' draw {describe_character}, which no face of {value} has"
            ).format(words=words, describe_character=describe_character(ch), value=faces[0].family)
            fix = _("add the face of that script to styles/fonts.css and to --font-eu-statement (tokens.css)")
            problems.append(network.problem(("credits", "funders", index), message, fix))
    return problems


# --- text --------------------------------------------------------------------------------


# What never reaches the page: the head, styles, scripts, comments; then every tag. Regular
# expressions rather than an HTML parser: a programme of thousands of sessions is read in a
# tenth of the time (the layouts' HTML is autoescaped: no '>' inside an attribute value).
_NOT_PRINTED = re.compile(r"<(head|style|script|title)\b.*?</\1\s*>|<!--.*?-->", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def characters_drawn(html: str, extra: Iterable[str] = ()) -> set[str]:
    """Every character the document draws, in upper case too (labels are text-transformed)."""
    text = "".join([unescape(_TAG.sub(" ", _NOT_PRINTED.sub(" ", html))), *extra])
    drawn = set(text) | set(text.upper())
    return {ch for ch in drawn if unicodedata.category(ch) not in _NOT_DRAWN and ch not in "\n\t "}


def missing_glyphs(characters: Iterable[str], faces: list[Face]) -> dict[str, Face]:
    """Each character some face lacks, with the first face that lacks it."""
    missing = {}
    for ch in sorted(characters):
        lacking = next((face for face in faces if ord(ch) not in face.codepoints), None)
        if lacking is not None:
            missing[ch] = lacking
    return missing


# --- text drawn outside the HTML: CSS `content:`, SVG images -------------------------------

_CONTENT = re.compile(r"(?<![\w-])content\s*:\s*([^;}]+)")


def css_content(stylesheets: Iterable[Path]) -> list[tuple[Path, int, str]]:
    """The strings of every `content:` declaration, with their file and line."""
    import tinycss2

    found = []
    for path in stylesheets:
        # Comments blanked to as many line breaks, so that the lines stay the file's.
        css = re.sub(r"/\*.*?\*/", lambda m: "\n" * m[0].count("\n"), path.read_text(encoding="utf-8"), flags=re.DOTALL)
        for match in _CONTENT.finditer(css):
            strings = [token.value for token in tinycss2.parse_component_value_list(match[1]) if token.type == "string"]
            found += [(path, css.count("\n", 0, match.start()) + 1, text) for text in strings if text]
    return found


def svg_images(html: str, root: Path, stylesheets: Iterable[Path]) -> list[Path]:
    """The SVG files a publication draws: its <img>s and its stylesheets' url()s."""
    named = [root / src for src in re.findall(r"<img\b[^>]*\bsrc=\"([^\":]+\.svg)\"", html, flags=re.IGNORECASE)]
    return [path for path in dict.fromkeys([*named, *stylesheets]) if path.suffix.lower() == ".svg" and path.is_file()]


def drawn_elsewhere(
    project, html: str, stylesheets: list[Path], faces_by_family: dict[str, list[Face]], faces: list[Face]
) -> list[Problem]:
    """A `content:` character no font has; an SVG text in a font the project lacks, or lacking a glyph."""
    problems = []
    sheets = [path for path in stylesheets if path.suffix == ".css"]
    texts = [(path, line, "content", text, faces) for path, line, text in css_content(sheets)]
    for path in svg_images(html, project.root, stylesheets):
        refused = svg_problem(path, project.root)  # an image of the layouts: not checked with the sources
        if refused:
            problems.append(Problem(shown_path(project, path), None, "", refused, _("correct the SVG image")))
            continue
        for line, families, text in read_svg(path.read_bytes()).texts:
            family = families.split(",")[0].strip().strip("\"'")
            if family and family not in faces_by_family:
                problems.append(
                    Problem(
                        shown_path(project, path),
                        line,
                        "font-family",
                        _(
                            "sets '{value}' in the font '{family}', which the project does not have: another typeface would draw it"
                        ).format(value=text.strip()[:30], family=family),
                        _("use one of {faces_by_family} (styles/fonts.css)").format(
                            faces_by_family=", ".join(faces_by_family)
                        ),
                    )
                )
            texts.append((path, line, "text", text, faces_by_family.get(family) or faces))
    for path, line, field, text, checked in texts:
        for ch, face in missing_glyphs(characters_drawn("", [text]), checked).items():
            problems.append(
                Problem(
                    shown_path(project, path),
                    line,
                    field,
                    _("{character} has no glyph in the font {font}: it would be drawn as a blank box").format(
                        character=describe_character(ch), font=face.label
                    ),
                    _("replace the character, or add a font that has it to styles/fonts.css"),
                )
            )
    return problems


# --- the check ---------------------------------------------------------------------------


def describe_character(ch: str) -> str:
    name = unicodedata.name(ch, "unnamed character")
    return f"'{ch}' (U+{ord(ch):04X} {name})"


def check_rendered(
    project, sources: Sources, publications: Iterable[Publication]
) -> tuple[list[Problem], list[Problem]]:
    """What the planned publications' pages would print, checked before anything is typeset: errors
    for every character a used font cannot draw; warnings for every name read in the wrong language."""
    env = make_environment(project.theme.folders("layouts"))
    languages = Languages(sources.site.source_language, project.root, sources.network)
    problems: list[Problem] = []
    misread: list[tuple[tuple, Misread]] = []
    # Both variants draw the same characters: render each document once.
    seen = set()
    for publication in publications:
        if (publication.kind, publication.lang, publication.workshop) in seen:
            continue
        seen.add((publication.kind, publication.lang, publication.workshop))
        language = languages[publication.lang]
        html = render_html(env, publication, build_context(sources, publication, language))
        problems += glyph_problems(project, sources, publication, html, language)
        misread += misread_places(project, sources, html, language)
    return merge_problems(problems), misread_warnings(misread)


def check_glyphs(project, sources: Sources, publications: Iterable[Publication]) -> list[Problem]:
    """Problems for every character of the planned publications that a used font cannot draw."""
    return check_rendered(project, sources, publications)[0]


def misread_places(project, sources: Sources, html: str, language: Language) -> list[tuple[tuple, Misread]]:
    """Each run of Greek or Cyrillic letters of a page that nothing tags with its language, with where
    the sources write it (file, line, field)."""
    found, messages = [], message_folders(project.root)
    for run in misread_runs(html):
        where = locate_text(sources, run.text, language, messages)
        file, line, field = where or (_("(text made by the layouts)"), None, "")
        found.append(((str(file).removeprefix(f"{project.root}/"), line, field), run))
    return found


def misread_warnings(found: Iterable[tuple[tuple, Misread]]) -> list[Problem]:
    """One warning per place a name is written in letters its pages' languages do not write: a screen
    reader would read "Николай" as English, and the screen PDF fails its PDF/UA language check."""
    langs: dict[tuple, list[str]] = {}
    for place, run in found:
        langs.setdefault((*place, run.text, run.script), []).append(run.lang or "no language")
    return [
        Problem(
            file,
            line,
            field,
            _(
                "“{text}” is in {title} letters but nothing says its language: pages in {fromkeys} read it in their own, a screen reader mispronounces it, and the screen PDFs fail their language check"
            ).format(text=text, title=script.title(), fromkeys=", ".join(dict.fromkeys(read_as))),
            _(
                "give the person or partner it belongs to `language: bg` (or sr, ru, uk, el…) or `country:`; another field cannot say its language: write it in Latin letters there"
            ),
        )
        for (file, line, field, text, script), read_as in langs.items()
    ]


def glyph_problems(project, sources: Sources, publication: Publication, html: str, language: Language) -> list[Problem]:
    """The characters of one publication's HTML that a font its stylesheets use cannot draw.

    The build calls it on the HTML it is about to typeset, in the worker that typesets it.
    """
    faces_by_family = read_font_faces(project.theme)
    # The catalogue's words are drawn outside the HTML too (margin boxes: "Page 3 of 8").
    drawn = characters_drawn(html, language.words.forms())
    # Every stylesheet the publication reads, the ones it @imports included (a4.css).
    read = stylesheet_files(project.theme, publication.stylesheets)
    stylesheets = [path for path in read if path.suffix == ".css"]
    faces = [face for family in families_used(stylesheets) for face in faces_by_family.get(family, [])]
    problems = drawn_elsewhere(project, html, read, faces_by_family, faces)
    statement = [face for family in statement_families(stylesheets) for face in faces_by_family.get(family, [])]
    problems += statement_problems(sources, language, statement)
    for ch, face in missing_glyphs(drawn, faces).items():
        file, line, field = locate_character(sources, ch, language, message_folders(project.root))
        problems.append(
            Problem(
                file.removeprefix(f"{project.root}/"),
                line,
                field,
                _(
                    "{character} has no glyph in the font {font}: the {lang} {name} would fall back to another "
                    "typeface or draw a blank box"
                ).format(
                    character=describe_character(ch), font=face.label, lang=publication.lang, name=publication.name
                ),
                _("replace the character, or add a font that has it to styles/fonts.css"),
            )
        )
    return problems


def merge_problems(problems: Iterable[Problem]) -> list[Problem]:
    """One problem per character and place: the first publication found to draw it names them all."""
    merged: dict[tuple, Problem] = {}
    # ' has no glyph in the font ' in the messages' language: the character is named before it.
    words = _("{character} has no glyph in the font {font}: it would be drawn as a blank box")
    separator = words.split("{character}")[1].split("{font}")[0]
    for problem in problems:
        what = problem.message.split(separator)[0]
        merged.setdefault((str(problem.file), problem.line, problem.field, what), problem)
    return list(merged.values())


def told_drafts(drafts: list[tuple[str, list[str]]], after: bool = True) -> str:
    """The draft publications, each with the source files whose `status: draft` keeps it draft, as
    lines after a summary line (`after`) or before one; "" when there is none."""
    if not drafts:
        return ""
    head = ngettext(
        "{count} draft publication (marked PROVISOIRE / DRAFT, not ready to print until these files say "
        "`status: final`):",
        "{count} draft publications (marked PROVISOIRE / DRAFT, not ready to print until these files say "
        "`status: final`):",
        len(drafts),
    ).format(count=len(drafts))
    lines = "\n".join([head, *(f"  {name}: {', '.join(files)}" for name, files in drafts)])
    return "\n" + lines if after else lines + "\n"
