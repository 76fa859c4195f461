"""Reproducible PDFs: dates from SOURCE_DATE_EPOCH or the sources, identifiers from the content."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import uuid

from .engine import set_xmp_document_id
from .errors import UsageError
from .messages import _

LAST_EPOCH = 253402300799  # 9999-12-31 23:59:59 UTC: PDF and iCalendar dates have four-digit years


def source_date(sources) -> dt.datetime:
    """The date written into every PDF and calendar: SOURCE_DATE_EPOCH when set, else one from the sources.

    Never the clock, nor the files' modification times: an edit would change the date inside
    every PDF while the outputs an incremental build leaves alone kept the old one, and a fresh
    checkout (new times) would not give the same bytes. Without SOURCE_DATE_EPOCH the date is
    1 January of the network's first year, from the sources' content; releases can set
    SOURCE_DATE_EPOCH, e.g. to the last commit's time: `git log -1 --format=%ct`.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value:
        return dt.datetime.fromtimestamp(epoch_seconds(value), dt.UTC)
    return dt.datetime(sources.network.period.start, 1, 1, tzinfo=dt.UTC)


def epoch_seconds(value: str) -> int:
    """SOURCE_DATE_EPOCH as the reproducible-builds convention has it: ASCII digits, a date PDFs can carry."""
    fix = _("set it to e.g. $(git log -1 --format=%ct), or unset it")
    # isdigit() alone takes '²' or Arabic-Indic digits; int() of those fails or means something else.
    if not (value.isascii() and value.isdigit()):
        raise UsageError(
            _(
                "SOURCE_DATE_EPOCH={value!r} is not a number of seconds since 1970-01-01 (whole, in digits 0-9)\n    fix: {fix}"
            ).format(value=value, fix=fix)
        )
    if len(value.lstrip("0")) > len(str(LAST_EPOCH)) or int(value) > LAST_EPOCH:  # 0001500000000 is 2017
        raise UsageError(
            _("SOURCE_DATE_EPOCH={value} is after the year 9999, the last a PDF date can carry\n    fix: {fix}").format(
                value=value, fix=fix
            )
        )
    return int(value)


def w3c_date(moment: dt.datetime) -> str:
    """The date as `<meta name=dcterms.created>` wants it: 2018-01-15T09:30:00Z."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def fixed_document_id(seed: str):
    """A WeasyPrint finisher replacing the random XMP DocumentID of PDF/X files by one from `seed`.

    WeasyPrint 70 writes `xmp.did:<uuid4>` into PDF/X-4 metadata; the PDF /ID itself is
    already an MD5 of the objects, so it follows once everything else is stable.
    """
    document_id = uuid.UUID(hashlib.sha256(seed.encode()).hexdigest()[:32])

    def finish(document, pdf) -> None:
        set_xmp_document_id(pdf, document_id)

    return finish
