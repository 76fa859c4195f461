"""The job ticket: what the printer needs to know about one print file, as data and as plain text."""

from __future__ import annotations

import math
from pathlib import Path

from ..errors import counted
from ..localise import language_name
from .settings import PrintFinish, plain_text


def ticket_path(path: Path) -> Path:
    return path.with_suffix(".txt")  # the download page links a ticket found there


def binding_of(saddle_stitched: bool, pages: int) -> str:
    if saddle_stitched:
        return f"saddle stitch: {counted(pages // 4, 'sheet')} folded and nested, two staples on the spine"
    if pages == 1:
        return "none: single sheet, one side"
    if pages == 2:
        return "none: single sheet, both sides"
    return f"none: {math.ceil(pages / 2)} loose sheets, both sides"


def ticket_fields(
    *,
    title: str,
    file: str,
    trim_name: str,
    trim_mm,
    bleed_mm: float,
    pages: int,
    saddle_stitched: bool,
    finish: PrintFinish,
    profile: str,
    sha256: str,
    imposed: bool = False,
    grid: tuple[int, int] = (1, 1),
    draft: list[str] | None = None,
) -> dict:
    """What the printer needs to know about one print file, as the manifest records it."""
    if grid != (1, 1):
        return grid_ticket_fields(
            title, file, trim_name, trim_mm, bleed_mm, pages, finish, profile, sha256, grid, draft
        )
    width, height = trim_mm
    sheet = (2 * width, height) if imposed else (width, height)  # the file's TrimBox
    media = [v + 2 * bleed_mm + (2 * finish.slug_mm if finish.marks else 0) for v in sheet]
    size = f"{trim_name} spread" if imposed else trim_name
    trim = (
        f"{sheet[0]:g} × {sheet[1]:g} mm spreads of two {trim_name} pages ({width:g} × {height:g} mm)"
        if imposed
        else f"{trim_name}, {width:g} × {height:g} mm"
    )
    return {
        "publication": title,
        "file": file,
        "trim": trim,
        "trim_mm": list(sheet),
        "size": size,
        "bleed_mm": bleed_mm,
        "pages": pages,
        "pages_note": f"{pages} spreads = {2 * pages} booklet pages" if imposed else f"{pages}",
        "binding": binding_of(saddle_stitched, pages * (2 if imposed else 1)),
        "imposition": f"saddle-stitch printer's spreads (2 pages per side, TrimBox {sheet[0]:g} × {sheet[1]:g} mm)"
        if imposed
        else "none (single pages)",
        "colour": "CMYK only (DeviceCMYK), body text 100 % K, total ink ≤ 300 %",
        "standard": "PDF/X-4",
        "output_intent": f"{finish.output_condition_identifier}: {finish.output_condition} (profile {profile})",
        "marks": (
            f"crop marks 0.25 pt in registration colour (every plate), in a {finish.slug_mm:g} mm slug "
            "outside the bleed" + (", dashed fold marks at the spine" if imposed else "")
        )
        if finish.marks
        else "none",
        "media_mm": [round(v, 2) for v in media],
        "sha256": sha256,
        # What the ticket's words are made from in each language (format_ticket).
        "trim_name": trim_name,
        "page_mm": [width, height],
        "saddle_stitched": saddle_stitched,
        "slug_mm": finish.slug_mm if finish.marks else 0,
        **({"imposition_kind": "saddle"} if imposed else {}),
        # The source files that keep it draft (PROVISOIRE / DRAFT on every page); a final file has none.
        **({"draft": list(draft)} if draft else {}),
    }


def grid_ticket_fields(title, file, trim_name, trim_mm, bleed_mm, pages, finish, profile, sha256, grid, draft) -> dict:
    """The ticket of sheets of several pages set edge to edge (badges, four A6 to an A4), cut apart."""
    (width, height), (columns, rows) = trim_mm, grid
    sheet = (columns * width, rows * height)
    media = [v + 2 * bleed_mm + 2 * finish.slug_mm for v in sheet]
    return {
        "publication": title,
        "file": file,
        "trim": f"{sheet[0]:g} × {sheet[1]:g} mm sheets of {columns * rows} {trim_name} pages ({width:g} × {height:g} mm)",
        "trim_mm": list(sheet),
        "size": f"{trim_name} {columns * rows}-up",
        "bleed_mm": bleed_mm,
        "pages": pages,
        "pages_note": f"{pages} sheets of {columns * rows} (the last may have empty places)",
        "binding": f"none: cut each sheet into {columns * rows} {trim_name} pieces at the crop marks",
        "imposition": f"{columns} × {rows} {trim_name} pages edge to edge, each clipped at its trim",
        "colour": "CMYK only (DeviceCMYK), body text 100 % K, total ink ≤ 300 %",
        "standard": "PDF/X-4",
        "output_intent": f"{finish.output_condition_identifier}: {finish.output_condition} (profile {profile})",
        "marks": f"crop marks 0.25 pt in registration colour at the sheet's edges and at every cut, in a {finish.slug_mm:g} mm slug",
        "media_mm": [round(v, 2) for v in media],
        "sha256": sha256,
        "trim_name": trim_name,
        "page_mm": [width, height],
        "grid": [columns, rows],
        "slug_mm": finish.slug_mm,
        "imposition_kind": "grid",
        **({"draft": list(draft)} if draft else {}),
    }


# The ticket's lines in order: the manifest's field, the catalogue's label (layouts/messages/site/).
TICKET_LINES = (
    ("publication", "ticket_publication"),
    ("file", "ticket_file"),
    ("trim", "ticket_trim"),
    ("bleed_mm", "ticket_bleed"),
    ("pages", "ticket_pages"),
    ("binding", "ticket_binding"),
    ("imposition", "ticket_imposition"),
    ("colour", "ticket_colour"),
    ("standard", "ticket_standard"),
    ("output_intent", "ticket_output_intent"),
    ("marks", "ticket_marks"),
    ("media_mm", "ticket_media"),
    ("sha256", "ticket_sha256"),
)


def ticket_languages(first: str) -> list[str]:
    """The ticket's languages: the project's first, the one its team and printer read, then English,
    the trade's common one (once when they are the same)."""
    return list(dict.fromkeys((first, "en")))


def file_part(fields: dict) -> str:
    """What a print file holds, as its name on the printers' table says: printer's spreads of a
    saddle-stitched booklet, sheets of several pages to cut apart, a single sheet, or pages."""
    if "saddle" in (fields.get("imposition_kind"), fields.get("imposed")) or str(fields.get("size", "")).endswith(
        " spread"
    ):
        return "spreads"
    if "grid" in (fields.get("imposition_kind"), fields.get("imposed")) or str(fields.get("size", "")).endswith("-up"):
        return "grid"
    return "sheet" if fields.get("pages") == 1 else "pages"


def file_title(say, kind: str, event: str | None, fields: dict, language: str) -> str:
    """A print file's name by kind, part and language ("Brochure — printer's spreads, French",
    "Poster A2, French"): the printers' table's and the ticket's, never the publication's subtitle."""
    if event:
        kind = say("printer_kind_event", kind=kind, event=event)
    columns, rows = fields.get("grid", (1, 1))
    size = fields.get("trim_name", fields.get("size", ""))
    return say(f"printer_file_{file_part(fields)}", kind=kind, size=size, count=columns * rows, language=language)


def ticket_text(fields: dict, languages, sources, publication) -> bytes:
    """The ticket's text in the ticket's languages (`languages`, the build's `Languages`): the file named
    by the network, its kind, the event's title for an event's publication, its part and language."""
    record = sources.workshops[publication.workshop] if publication.workshop else None
    network = plain_text(sources.network.name)
    each = [languages[lang] for lang in ticket_languages(sources.site.source_language)]
    titles = [
        f"{network} · "
        + file_title(
            language.site_words,
            language.site_words(publication.kind_record.label_word),
            language.text(record.title) if record else None,
            fields,
            language_name(publication.lang, language.lang),
        )
        for language in each
    ]
    return format_ticket(fields, [language.site_words for language in each], titles).encode()


def format_ticket(fields: dict, words: list, publication: list[str] | None = None) -> str:
    """The job ticket as plain text beside the PDF: each line's label in every language of `words`
    (Messages, the first language's first), its value in each language on lines of its own when
    they differ; `publication`: the file's name on the printers' table, in each language."""
    values = [
        ticket_values(fields, say, name) for say, name in zip(words, publication or [""] * len(words), strict=True)
    ]
    labels = [" / ".join(dict.fromkeys(say(label) for say in words)) for _, label in TICKET_LINES]
    status = " / ".join(dict.fromkeys(say("ticket_status") for say in words))
    width = max(len(label) for label in [*labels, status]) + 2
    heading = "ticket_heading_draft" if fields.get("draft") else "ticket_heading"
    lines = [" / ".join(dict.fromkeys(say(heading) for say in words)), ""]
    rows = list(zip(labels, zip(*values, strict=True), strict=True))
    if fields.get("draft"):  # said first: a draft is not to be printed
        files = ", ".join(fields["draft"])
        rows.insert(0, (status, tuple(say("ticket_status_draft", files=files) for say in words)))
    for label, texts in rows:
        for number, text in enumerate(dict.fromkeys(texts)):
            lines.append(f"{(label + ':') if number == 0 else '':<{width}}{text}")
    return "\n".join(lines) + "\n"


def ticket_values(fields: dict, say, publication: str) -> list[str]:
    """Each of TICKET_LINES' values in one language (`say`, its Messages), from the manifest's fields."""
    number = lambda value: f"{value:g}"  # noqa: E731 (3.0 mm is "3 mm")
    width, height = (number(v) for v in fields.get("page_mm", fields["trim_mm"]))
    sheet_width, sheet_height = (number(v) for v in fields["trim_mm"])
    size, part, pages = fields.get("trim_name", fields["size"]), file_part(fields), fields["pages"]
    columns, rows = fields.get("grid", (1, 1))
    sizes = {"size": size, "width": width, "height": height, "sheet_width": sheet_width, "sheet_height": sheet_height}
    if part == "spreads":
        trim, pages_text = (
            say("ticket_trim_spreads", **sizes),
            say("ticket_pages_spreads", count=pages, booklet=2 * pages),
        )
        imposition = say("ticket_imposition_saddle", **sizes)
    elif part == "grid":
        trim = say("ticket_trim_grid", count=columns * rows, **sizes)
        pages_text = say("ticket_pages_grid", count=pages, per_sheet=columns * rows)
        imposition = say("ticket_imposition_grid", columns=columns, rows=rows, size=size)
    else:
        trim, pages_text, imposition = say("ticket_trim_pages", **sizes), str(pages), say("ticket_imposition_none")
    media = fields["media_mm"]
    return [
        publication or fields["publication"],
        fields["file"],
        trim,
        say("ticket_bleed_value", bleed=number(fields["bleed_mm"])),
        pages_text,
        binding_words(fields, say, part, size),
        imposition,
        say("ticket_colour_value"),
        fields["standard"],
        fields["output_intent"],
        marks_words(fields, say, part),
        f"{number(media[0])} × {number(media[1])} mm",
        fields["sha256"],
    ]


def binding_words(fields: dict, say, part: str, size: str) -> str:
    """How the printed sheets are finished, in one language."""
    if part == "grid":
        columns, rows = fields.get("grid", (1, 1))
        return say("ticket_binding_grid", count=columns * rows, size=size)
    pages = fields["pages"] * (2 if part == "spreads" else 1)
    if fields.get("saddle_stitched") or part == "spreads":
        return say("ticket_binding_saddle", count=pages // 4)
    if pages <= 2:
        return say("ticket_binding_one_side" if pages == 1 else "ticket_binding_both_sides")
    return say("ticket_binding_loose", count=math.ceil(pages / 2))


def marks_words(fields: dict, say, part: str) -> str:
    """The marks outside the trim, in one language; none without --marks (a grid always has them)."""
    slug = f"{fields.get('slug_mm', 0):g}".replace(".", "," if say.lang != "en" else ".")
    if part == "grid":
        return say("ticket_marks_grid", slug=slug)
    if not fields.get("slug_mm"):
        return say("ticket_marks_none")
    return say("ticket_marks_crop_fold" if part == "spreads" else "ticket_marks_crop", slug=slug)
