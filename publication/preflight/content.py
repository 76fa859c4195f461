"""What a page's content uses, turned into findings: colour, ink, text black, images, fonts, glyphs."""

from __future__ import annotations

from ..messages import Counted, Said
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
            report.add("error", "fonts", Said("font {font} is not embedded", font=name), number)
    for name, count in sorted(scan.missing_glyphs.items()):
        said = Counted(
            "{count} missing glyph (.notdef) in font {font}",
            "{count} missing glyphs (.notdef) in font {font}",
            count=count,
            font=name,
        )
        report.add("error", "glyphs", said, number)


def report_colour(scan: PageScan, number: int, report: PreflightReport) -> None:
    """RGB is an error, unusual spaces are noted, flat colours over the ink limit are errors."""
    rgb = sorted(family for family in scan.spaces if is_rgb(family))
    if rgb:
        report.add(
            "error",
            "colour",
            Said(
                "RGB colour in a print file: {spaces} ({uses} uses); convert it to CMYK",
                spaces=", ".join(rgb),
                uses=sum(scan.spaces[f] for f in rgb),
            ),
            number,
        )
    others = sorted(f for f in scan.spaces if f not in EXPECTED_SPACES and not is_rgb(f))
    if others:
        report.add("info", "colour", Said("other colour spaces: {spaces}", spaces=", ".join(others)), number)
    for ink in sorted(scan.heavy_ink):
        report.add(
            "error",
            "ink",
            Said(
                "flat colour {colour} has {total} % total ink (at most {most:.0f} %)",
                colour="/".join(map(str, ink)),
                total=sum(ink),
                most=MAX_TOTAL_INK * 100,
            ),
            number,
        )


def _runs(count: int) -> Counted:
    return Counted("{count} run", "{count} runs", count=count)


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
                Said(
                    "text in four-colour black {colour} ({runs}); set it in 0/0/0/100",
                    colour=_cmyk_label(values),
                    runs=_runs(runs),
                ),
                number,
            )
        elif is_rgb(space):
            report.add(
                "error",
                "text-black",
                Said(
                    "text in RGB {colour} ({runs}), not 100 % K",
                    colour=" ".join(f"{v:g}" for v in values),
                    runs=_runs(runs),
                ),
                number,
            )
        else:
            label = _cmyk_label(values) if len(values) == 4 else f"{space} {' '.join(f'{v:g}' for v in values)}"
            report.add(
                "info",
                "text-colour",
                Said("text not in pure K: {colour} ({runs})", colour=label, runs=_runs(runs)),
                number,
            )


def report_images(scan: PageScan, number: int, options: PreflightOptions, report: PreflightReport) -> None:
    """RGB images are errors; so are images below the resolution asked for (warnings if allowed)."""
    for name, width, height, ppi, family in scan.images:
        if is_rgb(family):
            report.add(
                "error",
                "images",
                Said(
                    "image {image} ({width}×{height} px) is in RGB ({space}); convert it to CMYK with the output profile",
                    image=name,
                    width=width,
                    height=height,
                    space=family,
                ),
                number,
            )
        if ppi < options.min_ppi:
            severity = "warning" if options.allow_low_res else "error"
            report.add(
                severity,
                "images",
                Said(
                    "image {image} ({width}×{height} px) is {ppi} ppi at its placed size; {needed:g} ppi needed",
                    image=name,
                    width=width,
                    height=height,
                    ppi=ppi,
                    needed=options.min_ppi,
                ),
                number,
            )
