"""SVG images, read before WeasyPrint reads them: what they refer to, and the text they set.

WeasyPrint draws a blank image, exit 0, for an SVG it cannot read (engine.UNREADABLE_SVG) or that refers to what the
sandbox refuses; and an XML entity can read another file. So every SVG image the sources or
the stylesheets name is parsed here first, with expat: a DOCTYPE or an entity is refused, a
malformed file is reported at its line, and every reference is checked (the image's own
`#ids`, data: URIs, and files inside the project, never for `<use>`). Each refusal names the
reference and its line in the SVG; the caller names the place that uses the image.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from dataclasses import dataclass, field
from pathlib import Path

from .messages import _
from .theme import theme_of

_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)|@import\s+['"]([^'"]+)""")
_FONT_FAMILY = re.compile(r"font-family\s*:\s*([^;]+)")
TEXT_ELEMENTS = {"text", "tspan", "textPath"}


@dataclass
class SvgImage:
    references: list[tuple[int, str, str]] = field(default_factory=list)  # (line, element, reference)
    texts: list[tuple[int, str, str]] = field(default_factory=list)  # (line, font families as written, text)
    root: dict[str, str] = field(default_factory=dict)  # the <svg> element's attributes (viewBox, width, height)


class _Refused(ValueError):
    pass


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


class _Reader:
    """expat's handlers: elements, their inherited font-family, references, texts."""

    def __init__(self) -> None:
        self.image = SvgImage()
        self.parser = xml.parsers.expat.ParserCreate(namespace_separator="}")
        self.parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.families: list[str] = []  # the font-family of each open element, inherited
        self.elements: list[str] = []
        parser = self.parser
        parser.StartDoctypeDeclHandler = self.refuse(_("declares a DOCTYPE, whose entities can read other files"))
        parser.EntityDeclHandler = self.refuse(_("declares an XML entity, which can read other files"))
        parser.ExternalEntityRefHandler = self.refuse(_("refers to an external XML entity"))
        parser.StartElementHandler, parser.EndElementHandler = self.start, self.end
        parser.CharacterDataHandler = self.text

    def refuse(self, what: str):
        def handler(*args):
            raise _Refused(f"line {self.parser.CurrentLineNumber}: {what}")

        return handler

    def start(self, name: str, attributes: dict[str, str]) -> None:
        tag, line = _local(name), self.parser.CurrentLineNumber
        if not self.elements and tag != "svg":
            raise _Refused(_("line {line}: its root element is <{tag}>, not <svg>").format(line=line, tag=tag))
        if not self.elements:
            self.image.root = {_local(key): value for key, value in attributes.items()}
        family = attributes.get("font-family") or next(iter(_FONT_FAMILY.findall(attributes.get("style", ""))), "")
        self.families.append(family.strip() or (self.families[-1] if self.families else ""))
        self.elements.append(tag)
        for attribute, value in attributes.items():
            if _local(attribute) == "href":
                self.image.references.append((line, tag, value.strip()))
            self.urls(line, tag, value)

    def urls(self, line: int, tag: str, css: str) -> None:
        self.image.references += [(line, tag, url.strip()) for found in _CSS_URL.findall(css) for url in found if url]

    def text(self, data: str) -> None:
        if self.elements and self.elements[-1] in TEXT_ELEMENTS and data.strip():
            self.image.texts.append((self.parser.CurrentLineNumber, self.families[-1], data))
        elif self.elements and self.elements[-1] == "style":
            self.urls(self.parser.CurrentLineNumber, "style", data)

    def end(self, name: str) -> None:
        self.elements.pop()
        self.families.pop()


def read_svg(raw: bytes) -> SvgImage:
    """The references and texts of an SVG file; ValueError saying why it cannot be used, at its line."""
    reader = _Reader()
    try:
        reader.parser.Parse(raw, True)
    except xml.parsers.expat.ExpatError as exc:
        raise ValueError(
            _("line {lineno}: is not well-formed XML ({errorstring})").format(
                lineno=exc.lineno, errorstring=xml.parsers.expat.ErrorString(exc.code)
            )
        ) from None
    return reader.image


def reference_problem(reference: str, element: str, svg: Path, project: Path) -> str:
    """Why an SVG image may not use `reference`, or ''."""
    if reference.startswith("#") or reference.lower().startswith("data:"):
        return ""
    if element == "use":
        return _("an SVG <use> may only name an element of the same image (#id)")
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", reference) or reference.startswith("/"):
        return _(
            "a build reads no address outside the project; copy the file into the project and refer to it relative to the SVG"
        )
    theme = theme_of(project)
    target = theme.winner(svg.parent / reference.split("#")[0]).resolve()
    if not theme.allows(target):
        return _("it leads outside the project folder")
    return "" if target.is_file() else _("it does not exist")


def svg_problem(path: Path, project: Path) -> str:
    """Why an SVG file cannot be printed (said after its name), or ''."""
    try:
        image = read_svg(path.read_bytes())
    except ValueError as exc:
        return _("cannot be used as an SVG image: {exc}").format(exc=exc)
    for line, element, reference in image.references:
        why = reference_problem(reference, element, path, project)
        if why:
            return _("refers to '{reference}' (<{element}>, its line {line}), which is refused: {why}").format(
                reference=reference, element=element, line=line, why=why
            )
    return ""


def files_referenced(files: list[Path], project: Path) -> list[Path]:
    """`files` and, of the SVG images among them, the files inside the project they refer to."""
    found = list(files)
    for path in files:
        if path.suffix.lower() != ".svg" or not path.is_file():
            continue
        try:
            references = read_svg(path.read_bytes()).references
        except ValueError:  # the check reports it
            continue
        for _source, element, reference in references:
            if not reference_problem(reference, element, path, project) and not reference.startswith(("#", "data:")):
                found.append(theme_of(project).winner(path.parent / reference.split("#")[0]).resolve())
    return list(dict.fromkeys(found))


# --- an SVG image as a print file draws it: its colours in CMYK ------------------------------------

# A colour given to a property in an attribute (fill="#e5007d"), a style attribute or a <style>
# block (fill: rgb(229, 0, 125)); `fill-opacity`, `background-color` and the like are not matched.
_COLOUR_PROPERTY = re.compile(
    r"""(?<![\w-])(fill|stroke|stop-color|flood-color|lighting-color|color)(\s*=\s*["']\s*|\s*:\s*)([^;"'}<>!]+)"""
)
NEUTRAL_SPREAD = 6  # of 255: channels this close make a grey, printed on the black plate alone
_KEPT = {"none", "currentcolor", "inherit", "transparent", "context-fill", "context-stroke", ""}
_ROOT = re.compile(r"<svg\b([^>]*)>")


def _srgb_transform(profile: Path):
    from PIL import ImageCms

    srgb, cmyk = ImageCms.createProfile("sRGB"), ImageCms.getOpenProfile(str(profile))
    return ImageCms.buildTransform(srgb, cmyk, "RGB", "CMYK", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)


def device_cmyk(colour: str, transform) -> str | None:
    """A CSS colour as `device-cmyk()` through the output profile (greys and near-blacks on the black
    plate alone, as a press expects of black text and rules, never a four-colour black); None if it
    is not a colour Pillow knows."""
    from PIL import Image, ImageColor

    try:
        rgba = ImageColor.getrgb(colour.strip())
    except ValueError:
        return None
    red, green, blue = rgba[:3]
    alpha = f" / {rgba[3] / 255:.3g}" if len(rgba) == 4 and rgba[3] < 255 else ""
    if max(red, green, blue) - min(red, green, blue) <= NEUTRAL_SPREAD:  # a grey, or a black drawn #1d1d1b
        grey = (red + green + blue) / 3
        return f"device-cmyk(0 0 0 {1 - grey / 255:.3g}{alpha})"
    from PIL import ImageCms

    converted = ImageCms.applyTransform(Image.new("RGB", (1, 1), (red, green, blue)), transform)
    assert converted is not None  # applyTransform returns None only when it works in place
    pixel = converted.getpixel((0, 0))
    assert isinstance(pixel, tuple)  # a CMYK image's pixel is a tuple of four channels
    c, m, y, k = (value / 255 for value in pixel)
    return f"device-cmyk({c:.3g} {m:.3g} {y:.3g} {k:.3g}{alpha})"


def print_colours(raw: bytes, profile: Path) -> bytes:
    """An SVG image with every colour it gives in CMYK, and black for what it leaves to the default:
    WeasyPrint would draw its sRGB colours (and the default black) as RGB, which a PDF/X print file
    may not hold. Gradients' stops are converted too; colours it cannot read stay as written."""
    transform = _srgb_transform(profile)

    def converted(match: re.Match) -> str:
        value = match[3].strip()
        if value.lower() in _KEPT or value.lower().startswith(("url(", "var(", "device-cmyk(")):
            return match[0]
        return f"{match[1]}{match[2]}{device_cmyk(value, transform) or value}"

    try:
        text = _COLOUR_PROPERTY.sub(converted, raw.decode("utf-8"))
    except UnicodeDecodeError:  # not UTF-8: drawn as it is (and the print preflight tells its RGB)
        return raw
    root = _ROOT.search(text)
    if root is not None and not re.search(r"\sfill\s*=", root[1]):  # the default black, on the black plate
        text = f'{text[: root.start()]}<svg fill="device-cmyk(0 0 0 1)"{text[root.start() + 4 :]}'
    return text.encode("utf-8")
