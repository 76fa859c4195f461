"""Each content stream of an open document parsed once, whoever asks: finishing, then preflight."""

from __future__ import annotations

import pikepdf
from pikepdf import Name


class ParsedStreams:
    """The instructions of each content stream of one open document, parsed the first time asked.

    Finishing rewrites the streams that select DeviceCMYK and keeps what it wrote; preflight then
    walks every page and each form as often as it is drawn. Asking here, both together parse each
    stream once. Valid while the document is open: the instructions hold its objects.
    """

    def __init__(self) -> None:
        self._parsed: dict[tuple[int, int], list] = {}

    def instructions(self, stream: pikepdf.Stream) -> list:
        key = stream.objgen
        if key == (0, 0):  # a direct stream has no identity to remember it by
            return pikepdf.parse_content_stream(stream)
        if key not in self._parsed:
            self._parsed[key] = pikepdf.parse_content_stream(stream)
        return self._parsed[key]

    def rewrite(self, stream: pikepdf.Stream, instructions: list) -> None:
        """Write new instructions into the stream; later readers get them without parsing."""
        stream.write(pikepdf.unparse_content_stream(instructions))
        if stream.objgen != (0, 0):
            self._parsed[stream.objgen] = instructions

    def page_instructions(self, page: pikepdf.Page) -> list:
        """A page's content, its streams one after the other (as a reader concatenates them)."""
        contents = page.obj.get("/Contents")
        if isinstance(contents, pikepdf.Stream):
            return self.instructions(contents)
        if isinstance(contents, pikepdf.Array):
            streams = [s for s in contents if isinstance(s, pikepdf.Stream)]
            if len(streams) == len(contents):
                return [instruction for stream in streams for instruction in self.instructions(stream)]
        return pikepdf.parse_content_stream(page)  # no content, or a malformed one: as pikepdf reads it


def form_and_pattern_streams(pdf: pikepdf.Pdf):
    """Every content stream of the file that is not a page's: form XObjects and tiling patterns."""
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and (obj.get("/Subtype") == Name.Form or obj.get("/PatternType") == 1):
            yield obj
