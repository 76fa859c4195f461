"""Font subset names derived from what the subset holds.

WeasyPrint names each subset after the font file alone ('LNXIQZ+Inter' in every document), so
the French and the Greek programmes carry two different glyph sets under one name: a RIP that
gangs or merges files may keep one and lose the other's glyphs. Here the six letters are made
from a hash of the embedded font program: the same glyphs give the same program and the same name
(the bytes stay reproducible), different glyphs a different name (engine.SUBSET_NAMES).
"""

from __future__ import annotations

import hashlib
import string

import pikepdf
from pikepdf import Name

FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def subset_tag(program: bytes, name: str) -> str:
    """Six capital letters from the font program's hash (and its name): ABCDEF as PDF asks for."""
    number = int.from_bytes(hashlib.sha256(name.encode() + b"\0" + program).digest()[:8], "big")
    letters = []
    for _ in range(6):
        number, index = divmod(number, 26)
        letters.append(string.ascii_uppercase[index])
    return "".join(letters)


def _renamed(descriptor) -> str | None:
    """The descriptor's FontName with a tag from its program, or None (not a subset, or not embedded)."""
    name = str(descriptor.get("/FontName", "")).lstrip("/")
    tag, plus, base = name.partition("+")
    program = next((descriptor[key] for key in FONT_FILES if key in descriptor), None)
    if not plus or len(tag) != 6 or not isinstance(program, pikepdf.Stream):
        return None
    return f"{subset_tag(program.read_bytes(), base)}+{base}"


def _with_tag(base_font, new_name: str) -> Name:
    """BaseFont 'OLDTAG+Inter' or 'OLDTAG+Inter-Identity-H' with the new tag, its suffix kept."""
    old = str(base_font).lstrip("/")
    return Name("/" + new_name.partition("+")[0] + "+" + old.partition("+")[2])


def name_subsets_by_program(pdf: pikepdf.Pdf) -> None:
    """Rename every subset font (Type0 and its CIDFont, simple fonts, their descriptors) after its program."""
    for font in [obj for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == Name.Font]:
        target = font.DescendantFonts[0] if font.get("/Subtype") == Name.Type0 and "/DescendantFonts" in font else font
        descriptor = target.get("/FontDescriptor")
        new_name = _renamed(descriptor) if descriptor is not None else None
        if new_name is None:
            continue
        for named in {font.objgen: font, target.objgen: target}.values():
            if "+" in str(named.get("/BaseFont", "")):
                named.BaseFont = _with_tag(named.BaseFont, new_name)
    for descriptor in [
        obj for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == Name.FontDescriptor
    ]:
        new_name = _renamed(descriptor)
        if new_name is not None:
            descriptor.FontName = Name("/" + new_name)
