"""What keeps a publication draft: the source records it prints whose `status` is draft (the event kit's
participant list among them), named as the files to change; the build, `check`, the download page and
the job tickets all say it from here."""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace

from .assets import display_name
from .kinds import kind_of
from .messages import _
from .plan import Publication
from .sources import Sources


def records_printed(sources: Sources, publication: Publication) -> list:
    """The source records a publication prints: any of them in draft makes the document a draft."""
    kind = kind_of(publication.kind)
    records = [sources.network, sources.partners]
    if kind.prints_record("contacts"):
        records.append(sources.contacts)
    if kind.prints_record("workshops"):  # their themes
        records += list(sources.workshops.values())
    if publication.workshop:
        records.append(sources.workshops[publication.workshop])
    if kind.private and publication.workshop in sources.participants:  # the event kit prints its list
        records.append(sources.participants[publication.workshop].record)
    return records


def draft_sources(sources: Sources, kind: str, workshop: str | None = None) -> list[str]:
    """The source files that keep a publication draft: those of its printed records whose `status` is
    draft ("sources/partners.yaml" keeps a programme draft even when its event says `status: final`)."""
    keys = {id(sources.network): "network.yaml", id(sources.partners): "partners.yaml"}
    keys |= {id(sources.contacts): "contacts.yaml"} | {id(record): key for key, record in sources.workshops.items()}
    files = {record: sources.documents[key].file for record, key in keys.items() if key in sources.documents}
    files |= {id(listed.record): listed.document.file for listed in sources.participants.values()}
    printed = records_printed(sources, SimpleNamespace(kind=kind, workshop=workshop))  # type: ignore[arg-type]
    return [
        display_name(sources.root, files[id(record)])
        for record in printed
        if record.status == "draft" and id(record) in files
    ]


def draft_publications(sources: Sources, plan: Sequence[Publication]) -> list[tuple[str, list[str]]]:
    """The draft publications among those planned, once for all their languages and variants: a name
    ("brochure", "programme 2016-09-dresden") and what keeps it draft, an event file that says final
    named as such (its other sources keep it draft)."""
    drafts: dict[str, list[str]] = {}
    for publication in plan:
        name = f"{publication.kind} {publication.workshop}" if publication.workshop else publication.kind
        if name in drafts:
            continue
        drafts[name] = draft_sources(sources, publication.kind, publication.workshop)
        workshop = sources.workshops.get(publication.workshop or "")
        if drafts[name] and workshop is not None and workshop.status == "final":
            own = display_name(sources.root, sources.documents[publication.workshop or ""].file)
            drafts[name][-1] += _(" (not {own}: it says `status: final`)").format(own=own)
    return [(name, files) for name, files in drafts.items() if files]
