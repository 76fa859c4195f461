"""Partners' and funders' logos: the credits' common height, each logo's box, and whether it prints sharp.

The credits set their marks in one row at a common height (LOGO_HEIGHT_MM, by kind): each logo's
box (an SVG's viewBox, a picture's pixels) is scaled to that height times its own `scale` (optical
balance), and no wider than MAX_LOGO_WIDTH heights. The EU emblem, drawn, is as tall as the tallest.
A picture is checked here, at its largest printed size, against `print.min_ppi`: a located error
before anything is built (the print preflight measures every placed image again).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .assets import image_problem, inside_project
from .errors import Problem
from .kinds import KIND_TABLE
from .messages import _
from .model import Logo
from .svgimage import read_svg

# The credits' common height in mm, by kind (kinds.KIND_TABLE; the poster's at A2: it scales with the sheet, as its type).
LOGO_HEIGHT_MM = MappingProxyType({kind.name: kind.logo_height_mm for kind in KIND_TABLE})
MAX_LOGO_WIDTH = 4.0  # common heights: a wider logo (a long wordmark) is set smaller, to this width
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+)")


def svg_box(attributes: dict[str, str]) -> tuple[float, float] | None:
    """An SVG's width and height in its own units: its viewBox, else its width and height."""
    view_box = attributes.get("viewBox", "").replace(",", " ").split()
    if len(view_box) == 4:
        width, height = float(view_box[2]), float(view_box[3])
    else:
        found = [_LENGTH.match(attributes.get(name, "")) for name in ("width", "height")]
        if not all(found) or "%" in attributes.get("width", "") + attributes.get("height", ""):
            return None
        width, height = (float(match[1]) for match in found)  # type: ignore[index]
    return (width, height) if width > 0 and height > 0 else None


def logo_box(path: Path) -> tuple[float, float] | None:
    """A logo's box: an SVG's (its units), a picture's pixels; None when it has none we can read."""
    try:
        if path.suffix.lower() == ".svg":
            return svg_box(read_svg(path.read_bytes()).root)
        from PIL import Image

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(path) as image:
                return float(image.width), float(image.height)
    except (OSError, ValueError, SyntaxError):
        return None


def logo_size_mm(box: tuple[float, float], height_mm: float, scale: float) -> tuple[float, float]:
    """Width and height of a logo set at the common `height_mm` times its `scale`, no wider than allowed."""
    aspect = box[0] / box[1]
    height = height_mm * scale
    width = min(aspect * height, MAX_LOGO_WIDTH * height_mm)
    return width, width / aspect


def funder_logo(funder: Any, partners: Any) -> Logo | None:
    """The funder's logo: its own, else that of the partner it names (`partner:`)."""
    if funder.logo is not None or funder.partner is None:
        return funder.logo
    return next((p.logo for p in partners.partners if p.id == funder.partner), None)


def _logos(sources: Any) -> Iterator[tuple[Any, tuple, Logo]]:
    """Every logo of the sources: (its document, its path there, the logo)."""
    network, partners = sources.documents["network.yaml"], sources.documents["partners.yaml"]
    for index, funder in enumerate(sources.network.credits.funders):
        if funder.logo is not None:
            yield network, ("credits", "funders", index, "logo"), funder.logo
    for index, partner in enumerate(sources.partners.partners):
        if partner.logo is not None:
            yield partners, ("partners", index, "logo"), partner.logo


def _logo_problem(project: Path, logo: Logo, min_ppi: float) -> tuple[str, str]:
    """What is wrong with a logo that exists and is an image (said after its path), and the fix."""
    real, _why = inside_project(project, logo.src)
    if real is None or image_problem(real, project):  # told by assets.check_source_images
        return "", ""
    box = logo_box(real)
    if box is None:
        return _("has no viewBox, nor a width and a height: its size cannot be known"), _("give the <svg> a viewBox")
    if real.suffix.lower() == ".svg":
        return "", ""
    _width_mm, height_mm = logo_size_mm(box, max(LOGO_HEIGHT_MM.values()), logo.scale)
    ppi = box[1] / (height_mm / 25.4)
    if ppi >= min_ppi:
        return "", ""
    needed = int(-(-min_ppi * height_mm // 25.4))
    return (
        _(
            "is {width:g} × {height:g} px: {ppi:.0f} ppi at its printed height of {height_mm:.1f} mm (the A2 poster's credits), under the {min_ppi:g} ppi print needs"
        ).format(width=box[0], height=box[1], ppi=ppi, height_mm=height_mm, min_ppi=min_ppi),
        _("give the logo as SVG, or as a picture at least {needed} px high").format(needed=needed),
    )


def check_logos(sources: Any) -> list[Problem]:
    """Funders' `partner:` names a partner; every logo has a box and, if a picture, prints sharp."""
    problems = []
    ids = [p.id for p in sources.partners.partners]
    network = sources.documents["network.yaml"]
    for index, funder in enumerate(sources.network.credits.funders):
        if funder.partner is not None and funder.partner not in ids:
            fix = _("use a partner id from {file}: {ids}").format(file=sources.partners_file, ids=", ".join(ids))
            message = _("'{partner}' is not a partner").format(partner=funder.partner)
            problems.append(network.problem(("credits", "funders", index, "partner"), message, fix))
    project = sources.root.parent
    for doc, path, logo in _logos(sources):
        why, fix = _logo_problem(project, logo, sources.site.print.min_ppi)
        if why:
            problems.append(doc.problem(path, _("'{src}' {why}").format(src=logo.src, why=why), fix))
    return problems
