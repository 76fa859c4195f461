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

from ..messages import _
from .bounds import KEEP_ONLY, MAX_MEMBERS, MAX_UNZIPPED_BYTES, Bounds, Refused, damaged

CHUNK = 64 * 1024
COMPRESSIONS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}

StartHandler = Callable[[str, dict[str, str]], None]


def unsupported_zip_feature(where: str, exc: NotImplementedError, kind: str) -> Refused:
    """zipfile's NotImplementedError: a feature it lacks (patched data, a later zip version), which no
    spreadsheet program writes: the file is damaged or was not saved by one."""
    return damaged(
        _("{where} uses a zip feature spreadsheet programs do not use ({exc})").format(where=where, exc=exc), kind=kind
    )


class Archive:
    """The members of a zip-based sheet, within the bounds; `kind` names the format in messages."""

    def __init__(self, raw: bytes, bounds: Bounds, kind: str = "XLSX workbook"):
        self.bounds, self.kind = bounds, kind
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(raw))
            members = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise damaged(_("not a zip archive: {exc}").format(exc=exc), kind=kind) from None
        except NotImplementedError as exc:
            raise unsupported_zip_feature("the archive", exc, kind) from None
        if len(members) > MAX_MEMBERS:
            raise Refused(
                _("holds {count:,} files inside, more than the {max_members} a sheet may").format(
                    count=len(members), max_members=MAX_MEMBERS
                ),
                KEEP_ONLY,
            )
        declared = sum(info.file_size for info in members)
        if declared > MAX_UNZIPPED_BYTES:
            raise Refused(
                _("unpacks to {value:,.0f} MB, more than the {value2} MB a sheet may hold").format(
                    value=declared / 1e6, value2=MAX_UNZIPPED_BYTES // 2**20
                ),
                KEEP_ONLY,
            )
        for info in members:
            if info.compress_type not in COMPRESSIONS:
                raise damaged(
                    _("{filename} is compressed in a way spreadsheet programs do not use").format(
                        filename=info.filename
                    ),
                    kind=kind,
                )
            if info.flag_bits & 0x1:
                raise Refused(_("is password-protected (encrypted)"), _("remove the password, and save it again"))
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
                        raise damaged(
                            _("{name} holds more than the size it declares").format(name=name), kind=self.kind
                        )
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
            raise damaged(
                _("{name} declares a DOCTYPE, which no spreadsheet program writes").format(name=name), kind=self.kind
            )

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
            raise damaged(
                _("{name} is not well-formed XML ({exc})").format(name=name, exc=exc), kind=self.kind
            ) from None
