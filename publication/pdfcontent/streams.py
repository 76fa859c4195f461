"""Each content stream of an open document parsed once, whoever asks: finishing, then preflight."""

from __future__ import annotations

import pikepdf
from pikepdf import Name

from .text import FontMetrics, font_metrics


def _operations(instructions) -> list[tuple]:
    """Instructions as (operands, operator name) pairs: what a walk reads, quick to unpack (an
    instruction object unpacks ten times slower than its attributes read)."""
    return [
        (item[0], str(item[1])) if isinstance(item, tuple) else (item.operands, str(item.operator))
        for item in instructions
    ]


class ParsedStreams:
    """The instructions of each content stream of one open document, parsed the first time asked.

    Finishing rewrites the streams that select DeviceCMYK and keeps what it wrote; preflight then
    walks every page and each form as often as it is drawn. Asking here, both together parse each
    stream once. Valid while the document is open: the instructions hold its objects.
    """

    def __init__(self) -> None:
        self._parsed: dict[tuple[int, int], list] = {}
        self._operations: dict[tuple[int, int], list] = {}
        self._fonts: dict[tuple[int, int], FontMetrics] = {}

    def font(self, font) -> FontMetrics:
        """A font's widths and characters, read the first time one of its texts is measured."""
        key = font.objgen if font is not None else (0, 0)
        if key == (0, 0):
            return font_metrics(font)
        if key not in self._fonts:
            self._fonts[key] = font_metrics(font)
        return self._fonts[key]

    def instructions(self, stream: pikepdf.Stream) -> list:
        key = stream.objgen
        if key == (0, 0):  # a direct stream has no identity to remember it by
            return pikepdf.parse_content_stream(stream)
        if key not in self._parsed:
            self._parsed[key] = pikepdf.parse_content_stream(stream)
        return self._parsed[key]

    def operations(self, stream: pikepdf.Stream) -> list[tuple]:
        """The stream's instructions as (operands, operator name) pairs, for a walk."""
        key = stream.objgen
        if key == (0, 0):
            return _operations(self.instructions(stream))
        if key not in self._operations:
            self._operations[key] = _operations(self.instructions(stream))
        return self._operations[key]

    def rewrite(self, stream: pikepdf.Stream, instructions: list) -> None:
        """Write new instructions into the stream; later readers get them without parsing."""
        stream.write(pikepdf.unparse_content_stream(instructions))
        if stream.objgen != (0, 0):
            self._parsed[stream.objgen] = instructions
            self._operations.pop(stream.objgen, None)

    def page_operations(self, page: pikepdf.Page) -> list[tuple]:
        """A page's content, its streams one after the other (as a reader concatenates them)."""
        contents = page.obj.get("/Contents")
        if isinstance(contents, pikepdf.Stream):
            return self.operations(contents)
        if isinstance(contents, pikepdf.Array):
            streams = [s for s in contents if isinstance(s, pikepdf.Stream)]
            if len(streams) == len(contents):
                return [operation for stream in streams for operation in self.operations(stream)]
        return _operations(pikepdf.parse_content_stream(page))  # no content, or a malformed one: as pikepdf reads it


def form_and_pattern_streams(pdf: pikepdf.Pdf):
    """Every content stream of the file that is not a page's: form XObjects and tiling patterns."""
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and (obj.get("/Subtype") == Name.Form or obj.get("/PatternType") == 1):
            yield obj
