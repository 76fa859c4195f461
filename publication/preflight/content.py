"""What a page's content uses, turned into findings: colour, ink, text black, images, fonts, glyphs."""

from __future__ import annotations

from ..errors import counted
from ..pdfcontent import MAX_TOTAL_INK, PageScan, is_rgb
from .report import PreflightOptions, PreflightReport

# Colour spaces a CMYK print file may use without comment.
EXPECTED_SPACES = (
    "/DeviceCMYK",
    "/ICCBased",
    "/DeviceGray",
    "/Pattern",
    "/Separation",
)  # Separation: registration marks


def report_page(scan: PageScan, number: int, options: PreflightOptions, report: PreflightReport) -> None:
    """Turn what a page uses into findings."""
    report_colour(scan, number, report)
    report_text_colours(scan, number, report)
    report_images(scan, number, options, report)
    for name, embedded in sorted(scan.fonts.items()):
        if not embedded:
            report.add("error", "fonts", f"font {name} is not embedded", number)
    for name, count in sorted(scan.missing_glyphs.items()):
        report.add("error", "glyphs", f"{counted(count, 'missing glyph')} (.notdef) in font {name}", number)


def report_colour(scan: PageScan, number: int, report: PreflightReport) -> None:
    """RGB is an error, unusual spaces are noted, flat colours over the ink limit are errors."""
    rgb = sorted(family for family in scan.spaces if is_rgb(family))
    if rgb:
        report.add(
            "error",
            "colour",
            f"RGB colour in a print file: {', '.join(rgb)} "
            f"({sum(scan.spaces[f] for f in rgb)} uses); convert it to CMYK",
            number,
        )
    others = sorted(f for f in scan.spaces if f not in EXPECTED_SPACES and not is_rgb(f))
    if others:
        report.add("info", "colour", f"other colour spaces: {', '.join(others)}", number)
    for ink in sorted(scan.heavy_ink):
        report.add(
            "error",
            "ink",
            f"flat colour {'/'.join(map(str, ink))} has {sum(ink)} % total ink (at most {MAX_TOTAL_INK * 100:.0f} %)",
            number,
        )


def _cmyk_label(values) -> str:
    return "/".join(f"{v * 100:g}" for v in values)


def report_text_colours(scan: PageScan, number: int, report: PreflightReport) -> None:
    """Text belongs in 0/0/0/100: four-colour black and RGB are errors, other colours are noted."""
    for (space, values), runs in sorted(scan.text_colours.items()):
        if space == "/DeviceCMYK" and values == (0, 0, 0, 1):
            continue
        if space == "/DeviceCMYK" and len(values) == 4 and values[3] >= 0.8 and sum(values[:3]) > 0:
            report.add(
                "error",
                "text-black",
                f"text in four-colour black {_cmyk_label(values)} ({counted(runs, 'run')}); set it in 0/0/0/100",
                number,
            )
        elif is_rgb(space):
            report.add(
                "error",
                "text-black",
                f"text in RGB {' '.join(f'{v:g}' for v in values)} ({counted(runs, 'run')}), not 100 % K",
                number,
            )
        else:
            label = _cmyk_label(values) if len(values) == 4 else f"{space} {' '.join(f'{v:g}' for v in values)}"
            report.add("info", "text-colour", f"text not in pure K: {label} ({counted(runs, 'run')})", number)


def report_images(scan: PageScan, number: int, options: PreflightOptions, report: PreflightReport) -> None:
    """RGB images are errors; so are images below the resolution asked for (warnings if allowed)."""
    for name, width, height, ppi, family in scan.images:
        if is_rgb(family):
            report.add(
                "error",
                "images",
                f"image {name} ({width}×{height} px) is in RGB ({family}); convert it to CMYK with the output profile",
                number,
            )
        if ppi < options.min_ppi:
            severity = "warning" if options.allow_low_res else "error"
            report.add(
                severity,
                "images",
                f"image {name} ({width}×{height} px) is {ppi} ppi at its placed size; {options.min_ppi:g} ppi needed",
                number,
            )
