"""The character set of a CSV file: UTF-8 (with or without a byte-order mark), else Windows-1252.

Excel in a French locale saves "CSV (séparateur : point-virgule)" in Windows-1252, the Windows
code page for Western European languages; LibreOffice and "CSV UTF-8" save UTF-8. Bytes that are
not valid UTF-8 are almost never UTF-8 text, so reading them as Windows-1252 is right for what
French, English, German or Spanish Excel writes; the warning says so, in case the file came from
elsewhere (a Greek or Cyrillic code page would read as Western letters).
"""

from __future__ import annotations

from ..errors import Problem
from ..messages import _

FALLBACK = "cp1252"
FALLBACK_NAME = "Windows-1252"


def save_as_utf8() -> str:
    return _('save it again as "CSV UTF-8" (Excel) or with the character set UTF-8 (LibreOffice)')


def decode_csv(raw: bytes, display: str) -> tuple[str | None, Problem | None]:
    """The file's text and, when it was not UTF-8, a warning naming the character set it was read in;
    (None, the problem) when it is neither UTF-8 nor Windows-1252."""
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        first_wrong = exc.start
    try:
        text = raw.decode(FALLBACK)
    except UnicodeDecodeError as exc:  # five bytes (0x81, 0x8d, 0x8f, 0x90, 0x9d) are no Windows-1252 character
        return None, Problem(
            display,
            None,
            "",
            _("is neither UTF-8 nor {fallback_name} text (byte 0x{raw:02x} on line {line})").format(
                fallback_name=FALLBACK_NAME, raw=raw[exc.start], line=_line(raw, exc.start)
            ),
            save_as_utf8(),
        )
    return text, Problem(
        display,
        None,
        "",
        _(
            "is not UTF-8 text (byte 0x{raw:02x} on line {line}): read as {fallback_name}, the character set Excel uses for CSV in Western European languages"
        ).format(raw=raw[first_wrong], line=_line(raw, first_wrong), fallback_name=FALLBACK_NAME),
        _("check its accented letters in the PDFs; to be sure, {save_as_utf8}").format(save_as_utf8=save_as_utf8()),
    )


def _line(raw: bytes, offset: int) -> int:
    return raw[:offset].count(b"\n") + 1
