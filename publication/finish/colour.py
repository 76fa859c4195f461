"""Colour in a print file: plain DeviceCMYK operators, RGB images converted through the output profile."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
from pikepdf import Array, Name

from ..pdfcontent import DEVICE_COLOUR_OPERATORS, ParsedStreams, form_and_pattern_streams

# The operators that save, restore or set a colour; every other one is copied as it is. Most of a
# page is path construction (the map's borders): skipping those without a look is most of the speed.
_COLOUR_STATE = frozenset({"q", "Q", "cs", "CS", "k", "K", "rg", "RG", "g", "G", "scn", "sc", "SCN", "SC"})
_CMYK_FILL, _CMYK_STROKE = pikepdf.Operator("k"), pikepdf.Operator("K")


def plain_cmyk_operators(instructions) -> list:
    """Rewrite `/DeviceCMYK cs c m y k scn` as `c m y k k` (and the stroking pair as `K`).

    WeasyPrint 70 writes every device-cmyk() colour through a colour-space switch; prepress
    tools and our tests look for the plain DeviceCMYK operators, which mean exactly the same
    (engine.DEVICE_CMYK_OPERATORS).
    `k` also selects DeviceCMYK, and `/DeviceCMYK cs` sets the colour to black (0 0 0 1).
    """
    fill, stroke = "/DeviceGray", "/DeviceGray"  # initial colour spaces of a content stream
    saved: list[tuple[str, str]] = []
    # As (operands, operator) pairs: pikepdf writes pairs with its own number format ("49", not the
    # "49." an instruction object keeps), which is the format of every file made so far.
    result = [(instruction.operands, instruction.operator) for instruction in instructions]
    for index, op in enumerate([str(operator) for _, operator in result]):
        if op not in _COLOUR_STATE:
            continue
        operands, fills = result[index][0], op[0].islower()
        if op == "q":
            saved.append((fill, stroke))
        elif op == "Q":
            if saved:
                fill, stroke = saved.pop()
        elif op in ("cs", "CS"):
            fill, stroke = (str(operands[0]), stroke) if fills else (fill, str(operands[0]))
            if str(operands[0]) == "/DeviceCMYK":
                result[index] = ([0, 0, 0, 1], _CMYK_FILL if fills else _CMYK_STROKE)
        elif op in ("k", "K", "rg", "RG", "g", "G"):
            space = DEVICE_COLOUR_OPERATORS[op.lower()]
            fill, stroke = (space, stroke) if fills else (fill, space)
        elif len(operands) == 4 and (fill if fills else stroke) == "/DeviceCMYK":  # scn, sc, SCN, SC
            result[index] = (operands, _CMYK_FILL if fills else _CMYK_STROKE)
    return result


def normalise_colour_operators(pdf: pikepdf.Pdf, streams: ParsedStreams | None = None) -> None:
    """Plain CMYK operators in every page and in every form or pattern that selects DeviceCMYK.

    `streams` keeps what was parsed and written, for a preflight of the same open document.
    """
    streams = streams if streams is not None else ParsedStreams()
    for page in pdf.pages:
        page.contents_coalesce()
        contents = page.obj.Contents
        assert isinstance(contents, pikepdf.Stream)  # one stream, once coalesced; pikepdf types it Object
        streams.rewrite(contents, plain_cmyk_operators(streams.instructions(contents)))
    for stream in form_and_pattern_streams(pdf):
        # A stream that never selects DeviceCMYK has nothing to rewrite (its scn keep their own
        # space); most of the map's and emblem's forms: parsing them is most of the finishing time.
        if b"/DeviceCMYK" not in stream.read_bytes():
            continue
        streams.rewrite(stream, plain_cmyk_operators(streams.instructions(stream)))


def _is_rgb_image(image) -> bool:
    space = image.get("/ColorSpace")
    if space == Name.DeviceRGB:
        return True
    return (
        isinstance(space, Array) and len(space) == 2 and space[0] == Name.ICCBased and int(space[1].get("/N", 0)) == 3
    )


def convert_rgb_images(pdf: pikepdf.Pdf, profile: Path) -> int:
    """Convert every RGB image to CMYK through the output profile (sRGB assumed); returns how many.

    WeasyPrint embeds photographs as they come, in RGB (engine.RGB_IMAGES); a PDF/X file for a
    CMYK press must not.
    Soft masks (transparency) stay as they are: they are greyscale.
    """
    from PIL import ImageCms

    srgb = ImageCms.createProfile("sRGB")
    cmyk = ImageCms.getOpenProfile(str(profile))
    transform = ImageCms.buildTransform(
        srgb, cmyk, "RGB", "CMYK", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC
    )
    images = [
        obj
        for obj in list(pdf.objects)
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == Name.Image and _is_rgb_image(obj)
    ]
    for image in images:
        _write_cmyk_image(
            image, ImageCms.applyTransform(pikepdf.PdfImage(image).as_pil_image().convert("RGB"), transform)
        )
    return len(images)


def _write_cmyk_image(image: pikepdf.Stream, picture) -> None:
    """Replace an image stream's pixels by a CMYK picture, as a JPEG."""
    data = io.BytesIO()
    picture.save(data, format="JPEG", quality=92)
    image.write(data.getvalue(), filter=Name.DCTDecode)
    image.ColorSpace = Name.DeviceCMYK
    image.BitsPerComponent = 8
    # Adobe-style CMYK JPEGs store inverted values; this Decode reads them back right.
    image.Decode = Array([1, 0, 1, 0, 1, 0, 1, 0])
    for key in ("/DecodeParms", "/SMaskInData"):
        if key in image:
            del image[key]
