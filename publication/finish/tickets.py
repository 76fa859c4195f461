"""The job ticket: what the printer needs to know about one print file, as data and as plain text."""

from __future__ import annotations

import math
from pathlib import Path

from ..errors import counted
from .settings import PrintFinish


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
        **({"draft": list(draft)} if draft else {}),
    }


def format_ticket(fields: dict) -> str:
    """The job ticket as plain text, one line per field, beside the PDF."""
    labels = [
        ("publication", "Publication"),
        ("file", "File"),
        ("trim", "Trim size"),
        ("bleed_mm", "Bleed"),
        ("pages", "Pages"),
        ("binding", "Binding"),
        ("imposition", "Imposition"),
        ("colour", "Colour"),
        ("standard", "Standard"),
        ("output_intent", "Output intent"),
        ("marks", "Marks"),
        ("media_mm", "Media size"),
        ("sha256", "SHA-256"),
    ]
    lines = ["JOB TICKET", ""]
    if fields.get("draft"):  # said first: a draft is not to be printed
        lines = [
            "JOB TICKET – DRAFT, NOT FOR PRINT",
            "",
            f"{'Status:':<15}DRAFT (PROVISOIRE / DRAFT on every page), kept draft by {', '.join(fields['draft'])}",
        ]
    for key, label in labels:
        value = fields[key]
        if key == "pages":
            value = fields["pages_note"]
        elif key == "bleed_mm":
            value = f"{value:g} mm on every side"
        elif key == "media_mm":
            value = f"{value[0]:g} × {value[1]:g} mm"
        lines.append(f"{label + ':':<15}{value}")
    return "\n".join(lines) + "\n"
