"""EU funding visibility on a finished PDF (`preflight --eu`, and every build of a project the EU funds):
the emblem's words in the document's language (eu_visibility's table: the Union's name before 2021,
"Co-funded by…"/"Funded by…" since), set in a permitted typeface, upright, in a permitted colour;
the emblem at least as tall as every logo image beside it in its row.

Read from the page scan `pdfcontent` makes: text runs with their font and fill colour, fills with
their colour and box. The emblem is its flag: a fill in reflex blue, 3:2. A logo image stands in the
emblem's row when their heights overlap. A vector logo (an SVG) is paths like any other drawing: the
build sizes it against the emblem beforehand (figures.credit_marks); this check sees images only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..eu_visibility import (
    COLOUR_TOLERANCE,
    ITALIC_NAMES,
    PERMITTED_COLOURS,
    PERMITTED_TYPEFACES,
    wording,
)
from ..messages import N_, Said, _
from ..pdfcontent import scan_pages
from .report import PreflightReport, heading_line, open_or_report

# Every finding this check gives (the download page's accessibility statement names them: accessibility.py).
EU_CHECKS = ("eu-statement", "eu-typeface", "eu-italic", "eu-colour", "eu-emblem", "eu-emblem-height")
FLAG_ASPECT, ASPECT_TOLERANCE = 1.5, 0.03
LEAST_FLAG_PT = 5.0  # a blue 3:2 box smaller than this is no emblem (a bullet, a rule's end)
_PLAIN = str.maketrans({"’": "'", "\u2011": "-", "\u2010": "-", "\u00ad": ""})


@dataclass
class EuReport(PreflightReport):
    """A file's EU visibility check, in the language it was checked in."""

    lang: str = ""
    heading_words: ClassVar[str] = N_("EU visibility")

    def heading(self) -> str:
        return heading_line(self.path, self.pages, f"{_(self.heading_words)} ({self.lang})")

    def as_dict(self) -> dict:
        found = {key: value for key, value in super().as_dict().items() if key not in ("pdfx", "output_intent")}
        return {**found, "eu": self.lang}


def compact(text: str) -> str:
    """Text as compared: typographic apostrophes and hyphens plain, no spaces (lines break anywhere)."""
    return "".join(text.translate(_PLAIN).split())


def occurrences(texts, words: str) -> list[list]:
    """Each place the page's runs spell `words` (across runs and lines): the runs that draw it."""
    letters, owners = [], []
    for run in texts:
        for ch in compact(run.text):
            letters.append(ch)
            owners.append(run)
    page, needle, found, start = "".join(letters), compact(words), [], 0
    while needle and (at := page.find(needle, start)) >= 0:
        found.append(list({id(run): run for run in owners[at : at + len(needle)]}.values()))
        start = at + 1
    return found


def colour_name(colour: tuple) -> str | None:
    """Which of the permitted colours a text's (space, values) is, or None."""
    values = tuple(colour[1]) if colour and len(colour) > 1 else ()
    for name, forms in PERMITTED_COLOURS.items():
        if any(
            len(form) == len(values) and all(abs(a - b) <= COLOUR_TOLERANCE for a, b in zip(form, values, strict=True))
            for form in forms
        ):
            return name
    return None


def setting_problems(runs) -> list[tuple[str, Said]]:
    """What is wrong with how the emblem's words are set: (check, message), one per kind of fault."""
    faces = list(dict.fromkeys(run.font.lstrip("/").split("+")[-1] for run in runs))
    colours = list(dict.fromkeys(run.colour for run in runs if colour_name(run.colour) is None))
    problems: list[tuple[str, Said]] = []
    foreign = [face for face in faces if not any(name.lower() in face.lower() for name in PERMITTED_TYPEFACES)]
    if foreign:
        faces_said = Said(
            "set in {faces}, not in {permitted}", faces=", ".join(foreign), permitted=", ".join(PERMITTED_TYPEFACES)
        )
        problems.append(("eu-typeface", faces_said))
    slanted = [face for face in faces if any(word in face.lower() for word in ITALIC_NAMES)]
    if slanted:
        problems.append(("eu-italic", Said("set in italics ({faces})", faces=", ".join(slanted))))
    if colours:
        said = "; ".join(" ".join(f"{v:g}" for v in colour[1]) if colour else "no colour" for colour in colours)
        problems.append(("eu-colour", Said("in {colours}, not reflex blue, black or white", colours=said)))
    return problems


def check_statement(scans, lang: str, report: PreflightReport) -> None:
    """The emblem's words somewhere in the document, set as the rules say; else what is wrong."""
    row, best = wording(lang), None
    for number, scan in enumerate(scans, start=1):
        for words in (row.co_funded, row.funded, row.union):
            for runs in occurrences(scan.texts, words):
                problems = setting_problems(runs)
                if not problems:
                    return
                best = best or (number, words, problems)
    if best is None:
        said = Said(
            "'{co_funded}', '{funded}' or '{union}'", co_funded=row.co_funded, funded=row.funded, union=row.union
        )
        report.add(
            "error",
            "eu-statement",
            Said("no EU statement in the document's language ({lang}): {said}", lang=lang, said=said),
        )
        return
    number, words, problems = best
    for check, message in problems:
        report.add(
            "error",
            check,
            Said("the EU statement '{words}': {problem}", words=words, problem=message),
            page=number,
            text=words,
        )


def is_flag(paint) -> bool:
    x0, y0, x1, y1 = paint.box
    height = y1 - y0
    return (
        paint.kind == "fill"
        and height >= LEAST_FLAG_PT
        and abs((x1 - x0) / height - FLAG_ASPECT) <= ASPECT_TOLERANCE
        and colour_name(paint.colour) == "reflex blue"
    )


def check_emblem(scans, report: PreflightReport) -> None:
    """The emblem drawn, and no logo image in its row taller than it."""
    emblems = 0
    for number, scan in enumerate(scans, start=1):
        for flag in (paint for paint in scan.paints if is_flag(paint)):
            emblems += 1
            height = flag.box[3] - flag.box[1]
            for image in (paint for paint in scan.paints if paint.kind == "image"):
                top, bottom = image.box[3], image.box[1]
                if bottom < flag.box[3] and top > flag.box[1] and top - bottom > height + 0.5:
                    message = Said(
                        "a logo beside the EU emblem is {logo:.1f} pt high, the emblem {emblem:.1f} pt",
                        logo=top - bottom,
                        emblem=height,
                    )
                    report.add("error", "eu-emblem-height", message, page=number)
    if not emblems:
        report.add("error", "eu-emblem", Said("no EU emblem (the flag, reflex blue, 3:2) on any page"))


def preflight_eu(path, page_scans=None, lang: str | None = None) -> EuReport:
    """Check one PDF (a path or a binary file) for the EU's visibility rules; every problem is a finding.
    `lang`: the document's language, else its catalogue's /Lang (else English)."""
    report = EuReport(str(path))
    if (pdf := open_or_report(path, report)) is None:
        return report
    with pdf:
        report.pages = len(pdf.pages)
        report.lang = lang or str(pdf.Root.get("/Lang", "en"))
        scans = scan_pages(pdf) if page_scans is None else page_scans
        check_statement(scans, report.lang, report)
        check_emblem(scans, report)
    return report
