"""The names a sheet's columns may have in the team's languages, read from the message catalogues.

`layouts/messages/fr.yaml` holds `column_start: Début, Heure de début`: a sheet headed `Début` (or
`Heure de début`) fills the `start` column, and `Titre FR` or `Titre (FR)` the French title. The
project's catalogues win over the default theme's, file by file, as for every catalogue; a catalogue
that cannot be read gives no names here (the catalogue check names its problem).
"""

from __future__ import annotations

from pathlib import Path

from ..load import load_yaml
from ..theme import theme_of
from .columns import normalise

PREFIX = "column_"  # column_start: Début, Heure de début


def header_names(project: Path, languages: list[str] | None = None) -> dict[str, tuple[str, str, bool]]:
    """Normalised header → (the column it names, the name as the catalogue writes it, whether it is
    the entry's first name), over the catalogues of English and `languages` (every catalogue of the
    project's theme when None), English first (so that a name two languages share is listed once)."""
    theme = theme_of(project)
    files = [
        f
        for f in theme.files("layouts/messages")
        if f.parent.name == "messages" and f.suffix == ".yaml" and (languages is None or f.stem in {"en", *languages})
    ]
    names: dict[str, tuple[str, str, bool]] = {}
    for file in sorted(files, key=lambda f: (f.stem != "en", f.stem)):
        if not theme.allows(file.resolve()):  # a link leaving the project: the sandbox refuses it later
            continue
        doc, problems = load_yaml(file)
        if doc is None or problems or not isinstance(doc.data, dict):
            continue
        for key, value in doc.data.items():
            if isinstance(key, str) and key.startswith(PREFIX) and isinstance(value, str):
                for order, written in enumerate(filter(None, (name.strip() for name in value.split(",")))):
                    names.setdefault(normalise(written), (key[len(PREFIX) :], written, order == 0))
    return names


def site_languages(sources_root: Path) -> list[str] | None:
    """The languages `site.yaml` lists, or None when it cannot say (its own check names why)."""
    doc, _ = load_yaml(sources_root / "site.yaml")
    languages = doc.data.get("languages") if doc is not None and isinstance(doc.data, dict) else None
    return [str(code) for code in languages] if isinstance(languages, list) else None
