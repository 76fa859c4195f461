"""What the project is (a network of cities, a project of organisations…) → the catalogue entries its words read."""

from __future__ import annotations

# What network.yaml (or project.yaml) may say the project is, and what its partners are.
PROJECT_KINDS = ("network", "project", "partnership", "programme", "exchange")
PARTNER_KINDS = ("cities", "regions", "organisations", "universities", "mixed")

# The one table: a layout asks for a word (the key on the left, as a network of cities names it)
# and reads the catalogue entry of the project's kind. A network reads the words it always has, so
# the shipped network's publications do not change; every other kind has entries of its own.
WORDS_BY_PROJECT_KIND: dict[str, dict[str, str]] = {
    kind: {
        word: word if kind == "network" else f"{word}_{kind}"
        for word in (
            "network",  # the brochure's and the programme's heading: "Le réseau", "Le projet"…
            "title_brochure",  # "Brochure du réseau"
            "title_poster",  # "Affiche du réseau"
            "map_alt",  # "Carte de l'Europe situant les partenaires du réseau : …"
            "events_title",  # "Les événements du réseau"
            "events_series",  # "Le programme des événements du réseau"
            "site_intro",  # the download page's lead: "Programmes, brochure et affiche du réseau …"
            "calendar_intro",  # "Ajoutez les événements du réseau à votre agenda"
            "calendar_cycle",  # "Tous les événements du cycle"
        )
    }
    for kind in PROJECT_KINDS
}

# The map's caption names the partners ("Les villes partenaires du réseau"): by what they are;
# a network of cities keeps its own words.
MAP_CAPTION_BY_PARTNER_KIND = {kind: f"map_caption_{kind}" for kind in PARTNER_KINDS}

# A host's label follows the host: a partner's `kind` (partners.yaml), a place is a city.
HOST_LABEL_BY_PARTNER_KIND = {
    "city": "host_city",
    "departement": "host_departement",
    "region": "host_region",
    "organisation": "host_organisation",
    "university": "host_university",
}


def catalogue_keys(project_kind: str, partner_kind: str) -> dict[str, str]:
    """Word a layout asks for → the catalogue entry it reads, for a project of this kind and partners."""
    keys = dict(WORDS_BY_PROJECT_KIND[project_kind])
    if not (project_kind == "network" and partner_kind == "cities"):
        keys["map_caption"] = MAP_CAPTION_BY_PARTNER_KIND[partner_kind]
    return keys


def host_label_key(partner_kind: str | None) -> str:
    """The catalogue entry of a host's label ("Ville hôte", "Organisation hôte"); `None`: a place, a city."""
    return HOST_LABEL_BY_PARTNER_KIND.get(partner_kind or "city", "host")


def every_key() -> set[str]:
    """Every catalogue entry the table names: each must be in every shipped catalogue."""
    keys = {key for words in WORDS_BY_PROJECT_KIND.values() for key in words.values()}
    keys |= set(MAP_CAPTION_BY_PARTNER_KIND.values()) | set(HOST_LABEL_BY_PARTNER_KIND.values())
    return keys | {f"calendar_{key}" for key in HOST_LABEL_BY_PARTNER_KIND.values()}
