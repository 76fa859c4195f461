"""Zip-based sheets (XLSX, and OpenDocument's ODS when it comes), opened without unpacking them first.

The central directory is checked before any member is read: how many members, how they are
compressed (stored or deflated, as spreadsheet programs write them), and the sizes they declare.
A member is then read as a stream, counted against what it declared and against the sheet's
bounds as it comes: a damaged member is found when it is read, never by unpacking everything
first. XML members are parsed with expat as they stream; a DOCTYPE (entities) is refused.
"""

from __future__ import annotations

import io
import xml.parsers.expat
import zipfile
import zlib
from collections.abc import Callable, Iterator

from .bounds import KEEP_ONLY, MAX_MEMBERS, MAX_UNZIPPED_BYTES, Bounds, Refused, damaged

CHUNK = 64 * 1024
COMPRESSIONS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}

StartHandler = Callable[[str, dict[str, str]], None]


def unsupported_zip_feature(where: str, exc: NotImplementedError, kind: str) -> Refused:
    """zipfile's NotImplementedError: a feature it lacks (patched data, a later zip version), which no
    spreadsheet program writes: the file is damaged or was not saved by one."""
    return damaged(f"{where} uses a zip feature spreadsheet programs do not use ({exc})", kind=kind)


class Archive:
    """The members of a zip-based sheet, within the bounds; `kind` names the format in messages."""

    def __init__(self, raw: bytes, bounds: Bounds, kind: str = "XLSX workbook"):
        self.bounds, self.kind = bounds, kind
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(raw))
            members = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise damaged(f"not a zip archive: {exc}", kind=kind) from None
        except NotImplementedError as exc:
            raise unsupported_zip_feature("the archive", exc, kind) from None
        if len(members) > MAX_MEMBERS:
            raise Refused(f"holds {len(members):,} files inside, more than the {MAX_MEMBERS} a sheet may", KEEP_ONLY)
        declared = sum(info.file_size for info in members)
        if declared > MAX_UNZIPPED_BYTES:
            raise Refused(
                f"unpacks to {declared / 1e6:,.0f} MB, more than the {MAX_UNZIPPED_BYTES // 2**20} MB a sheet may hold",
                KEEP_ONLY,
            )
        for info in members:
            if info.compress_type not in COMPRESSIONS:
                raise damaged(f"{info.filename} is compressed in a way spreadsheet programs do not use", kind=kind)
            if info.flag_bits & 0x1:
                raise Refused("is password-protected (encrypted)", "remove the password, and save it again")
        self.members = {info.filename: info for info in members}

    def __contains__(self, name: str) -> bool:
        return name in self.members

    def chunks(self, name: str) -> Iterator[bytes]:
        """The member's bytes as they unpack, each chunk counted; a damaged member raises Refused."""
        info = self.members.get(name)
        if info is None:
            raise damaged(f"{name} is missing", kind=self.kind)
        read = 0
        try:
            with self.zip.open(info) as stream:
                while chunk := stream.read(CHUNK):
                    read += len(chunk)
                    self.bounds.unpacked(len(chunk))
                    if read > info.file_size:
                        raise damaged(f"{name} holds more than the size it declares", kind=self.kind)
                    yield chunk
        except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
            raise damaged(f"{name}: {exc}", kind=self.kind) from None
        except NotImplementedError as exc:
            raise unsupported_zip_feature(name, exc, self.kind) from None

    def parse(self, name: str, start: StartHandler, end: Callable[[str], None], text: Callable[[str], None]) -> None:
        """Stream the XML member through expat: `start(local name, attributes)`, `end(local name)`,
        `text(characters)`; every element counted against the bounds."""
        parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
        parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.buffer_text = True

        def refuse(*args) -> None:
            raise damaged(f"{name} declares a DOCTYPE, which no spreadsheet program writes", kind=self.kind)

        def started(tag: str, attributes: dict[str, str]) -> None:
            self.bounds.element()
            start(tag.rsplit(" ", 1)[-1], {key.rsplit(" ", 1)[-1]: value for key, value in attributes.items()})

        parser.StartDoctypeDeclHandler = parser.EntityDeclHandler = refuse
        parser.StartElementHandler = started
        parser.EndElementHandler = lambda tag: end(tag.rsplit(" ", 1)[-1])
        parser.CharacterDataHandler = text
        try:
            for chunk in self.chunks(name):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except xml.parsers.expat.ExpatError as exc:
            raise damaged(f"{name} is not well-formed XML ({exc})", kind=self.kind) from None
