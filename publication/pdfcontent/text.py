"""What a text-showing operator draws: its glyphs' widths and characters, from the font's widths and ToUnicode map.

A font is read once per open document (`ParsedStreams.font`): its code length (two bytes for a
Type0 font, one otherwise), each code's advance in glyph space and the characters it stands for.
`measure` then walks a Tj/TJ operand into glyph stops along the baseline (text space) and the
characters drawn, as the PDF's text state (character and word spacing, horizontal scaling) moves them.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass, field
from itertools import accumulate

import pikepdf
from pikepdf import Name

_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.DOTALL)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.DOTALL)
_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")
_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f\s]*>|\[[^\]]*\])")
MAX_RANGE = 65536  # a bfrange wider than a two-byte code space is not a real one


@dataclass
class FontMetrics:
    """A font as text measuring needs it: code length, advances (glyph space, 1000 per em), characters,
    and the codes it draws as .notdef (a character it does not have)."""

    two_byte: bool
    widths: dict[int, float] = field(default_factory=dict)  # by CID (Type0) or by code
    default_width: float = 1000.0
    scale: float = 0.001  # glyph space to text space: 1/1000, or a Type3 font's FontMatrix
    characters: dict[int, str] = field(default_factory=dict)
    cids: dict[int, int] | None = None  # a Type0 font's embedded CMap: code → CID (None: the code is the CID)
    notdef: frozenset[int] = frozenset()

    def codes(self, data: bytes) -> tuple[int, ...] | bytes:
        if self.two_byte:
            return struct.unpack(f">{len(data) // 2}H", data[: len(data) // 2 * 2])
        return data

    def character(self, code: int) -> str:
        known = self.characters.get(code)
        if known is not None:
            return known
        return chr(code) if not self.two_byte and 32 <= code < 127 else "\ufffd"


def font_metrics(font) -> FontMetrics:
    """Read a font dictionary: Type0 (CID widths /W, /DW) or simple (/FirstChar, /Widths), and its ToUnicode."""
    if font is None:
        return FontMetrics(two_byte=False, default_width=500.0)
    if font.get("/Subtype") == Name.Type0:
        metrics = FontMetrics(two_byte=True)
        descendants = font.get("/DescendantFonts", [])
        if len(descendants):
            metrics.default_width = float(descendants[0].get("/DW", 1000))
            metrics.widths = cid_widths(descendants[0].get("/W", []))
        encoding = font.get("/Encoding")
        if isinstance(encoding, pikepdf.Stream):
            metrics.cids = embedded_cmap(encoding.read_bytes())
        metrics.notdef = notdef_codes(metrics.cids, str(encoding))
    else:
        metrics = FontMetrics(two_byte=False, default_width=500.0)
        first = int(font.get("/FirstChar", 0))
        metrics.widths = {first + i: float(w) for i, w in enumerate(font.get("/Widths", []))}
        if font.get("/Subtype") == Name.Type3 and "/FontMatrix" in font:
            metrics.scale = float(font.FontMatrix[0])
    unicode = font.get("/ToUnicode")
    if isinstance(unicode, pikepdf.Stream):
        metrics.characters = to_unicode(unicode.read_bytes())
    return metrics


# An embedded CMap's single codes and ranges, each with the CID it starts at (PDF 1.7, 9.7.5).
_CID_CHARS = re.compile(rb"begincidchar(.*?)endcidchar", re.DOTALL)
_CID_CHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*(\d+)")
_CID_RANGES = re.compile(rb"begincidrange(.*?)endcidrange", re.DOTALL)
_CID_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\d+)")


def embedded_cmap(cmap: bytes) -> dict[int, int]:
    """A Type0 font's embedded encoding CMap (WeasyPrint's WP-Encod-0): code → CID."""
    cids: dict[int, int] = {}
    for block in _CID_RANGES.findall(cmap):
        for low, high, cid in _CID_RANGE.findall(block):
            first, last = int(low, 16), min(int(high, 16), int(low, 16) + MAX_RANGE)
            cids.update((code, int(cid) + code - first) for code in range(first, last + 1))
    for block in _CID_CHARS.findall(cmap):
        cids.update((int(code, 16), int(cid)) for code, cid in _CID_CHAR.findall(block))
    return cids


def notdef_codes(cids: dict[int, int] | None, encoding: str) -> frozenset[int]:
    """The two-byte codes a Type0 font draws as CID 0, .notdef: 0 in Identity-H, and those its embedded
    CMap sends there (how WeasyPrint draws a character the font lacks, see engine.MISSING_GLYPHS)."""
    if cids is not None:
        return frozenset(code for code, cid in cids.items() if cid == 0)
    return frozenset({0}) if encoding == "/Identity-H" else frozenset()


def cid_widths(array) -> dict[int, float]:
    """A CIDFont's /W: `c [w1 w2 …]` (consecutive codes) and `c_first c_last w` (a range)."""
    widths: dict[int, float] = {}
    items = list(array)
    i = 0
    while i < len(items) - 1:
        first = int(items[i])
        if isinstance(items[i + 1], pikepdf.Array):
            widths.update((first + n, float(w)) for n, w in enumerate(items[i + 1]))
            i += 2
        elif i + 2 < len(items):
            last, width = int(items[i + 1]), float(items[i + 2])
            widths.update((code, width) for code in range(first, min(last, first + MAX_RANGE) + 1))
            i += 3
        else:
            break
    return widths


def _utf16(hex_digits: bytes) -> str:
    digits = b"".join(hex_digits.split())
    try:
        return bytes.fromhex(digits.decode()).decode("utf-16-be")
    except (ValueError, UnicodeDecodeError):
        return "\ufffd"


def to_unicode(cmap: bytes) -> dict[int, str]:
    """A ToUnicode CMap's bfchar and bfrange entries: code → characters."""
    characters: dict[int, str] = {}
    for block in _BFCHAR.findall(cmap):
        pairs = _HEX.findall(block)
        for source, target in zip(pairs[0::2], pairs[1::2], strict=False):
            characters[int(b"".join(source.split()) or b"0", 16)] = _utf16(target)
    for block in _BFRANGE.findall(cmap):
        for low, high, target in _RANGE.findall(block):
            first, last = int(low, 16), min(int(high, 16), int(low, 16) + MAX_RANGE)
            if target.startswith(b"["):
                for code, each in zip(range(first, last + 1), _HEX.findall(target), strict=False):
                    characters[code] = _utf16(each)
                continue
            start = _utf16(target[1:-1])
            if start and start != "\ufffd":
                head, tail = start[:-1], ord(start[-1])
                for offset in range(last - first + 1):
                    characters[first + offset] = head + chr(min(tail + offset, 0x10FFFF))
    return characters


@dataclass
class Shown:
    """One text-showing operator measured: glyph ends along the baseline and the characters of each."""

    advance: float = 0.0  # in text space, before the text matrix: where the next glyph starts
    stops: list = field(default_factory=list)  # each glyph's end, in text space
    characters: list = field(default_factory=list)  # each glyph's characters ('' for none)
    notdef: int = 0  # glyph code 0 (.notdef) of a two-byte font: a character the font lacks


def measure(metrics: FontMetrics, pieces, size: float, char_spacing: float, word_spacing: float, scaling: float):
    """Walk the strings and adjustments of one Tj/TJ (`pieces`: bytes and numbers) into a `Shown`.

    WeasyPrint writes a TJ adjustment after nearly every glyph: the strings are joined and measured in
    one go, each adjustment added to the advance of the glyph after it.
    """
    strings, moves, glyphs, unit = [], [], 0, 2 if metrics.two_byte else 1
    for piece in pieces:
        if piece.__class__ is bytes:
            strings.append(piece)
            glyphs += len(piece) // unit
        else:
            moves.append((glyphs, -piece / 1000 * size * scaling))
    codes = metrics.codes(b"".join(strings))
    widths, default, characters = metrics.widths, metrics.default_width, metrics.characters
    per_unit, spacing = metrics.scale * size * scaling, char_spacing * scaling
    cids = metrics.cids
    advances = [widths.get(cids.get(code, 0) if cids else code, default) * per_unit + spacing for code in codes]
    if word_spacing and not metrics.two_byte:
        advances = [a + (word_spacing * scaling if c == 32 else 0.0) for a, c in zip(advances, codes, strict=True)]
    start = trailing = 0.0
    for index, move in moves:
        if index == 0:
            start += move
        elif index < len(advances):
            advances[index] += move
        else:
            trailing += move
    shown = Shown()
    shown.stops = list(accumulate(advances, initial=start))[1:]
    shown.advance = (shown.stops[-1] if shown.stops else start) + trailing
    shown.characters = [characters[code] if code in characters else metrics.character(code) for code in codes]
    shown.notdef = sum(codes.count(code) for code in metrics.notdef)
    return shown


def pieces_of(operands, op: str) -> list:
    """The strings (as bytes) and TJ adjustments (as numbers) an operator shows."""
    if op == "TJ":
        return [bytes(item) if isinstance(item, pikepdf.String) else float(item) for item in operands[0]]
    if op in ("Tj", "'"):
        return [bytes(operands[0])]
    if op == '"':
        return [bytes(operands[2])]
    return []
