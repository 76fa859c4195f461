"""Stress sources: the shipped sources grown past what the layouts were designed for.

Made in the tests from a copy of the project: a longer aim, 14 partners with long names in
Latin, Greek and Cyrillic scripts, twelve workshops, a 35-session agenda in today's format.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import yaml

from tests.conftest import ROOT

LONG_AIM = {
    "fr": "Améliorer la prise en charge des flux migratoires au niveau local, en échangeant les "
    "expériences des villes et des administrations locales d'Europe, en rapprochant l'accueil, "
    "le logement, l'emploi, l'éducation et la santé, et en associant les habitants comme les "
    "associations à chaque étape des plans d'action locaux.",
    "en": "Improve how migration flows are handled at local level, by exchanging the experience of "
    "cities and local administrations across Europe, by bringing reception, housing, work, "
    "education and health together, and by involving residents and associations at every step "
    "of the local action plans.",
}
# Long names in three scripts; (id, name, country, language, lat, lon).
NEW_PARTNERS = [
    ("saint-quentin", "Communauté d'agglomération de Saint-Quentin-en-Yvelines", "FR", "fr", 48.78, 2.04),
    ("duesseldorf", "Landeshauptstadt Düsseldorf, Amt für Migration und Integration", "DE", "de", 51.23, 6.77),
    ("heraklion", "Δήμος Ηρακλείου Κρήτης", "GR", "el", 35.34, 25.14),
    ("plovdiv", "Община Пловдив – Дирекция „Социални дейности“", "BG", "bg", 42.14, 24.75),
    ("wroclaw", "Gmina Wrocław – Wydział Spraw Społecznych", "PL", "pl", 51.11, 17.03),
]
# The place each map names them by, per language (their names are organisations' long names).
NEW_CITIES = {
    "saint-quentin": {
        "fr": "Saint-Quentin-en-Yvelines",
        "en": "Saint-Quentin-en-Yvelines",
        "de": "Saint-Quentin-en-Yvelines",
        "el": "Σεν-Κεντέν-αν-Ιβελίν",
    },
    "duesseldorf": {"fr": "Düsseldorf", "en": "Düsseldorf", "de": "Düsseldorf", "el": "Ντίσελντορφ"},
    "heraklion": {"fr": "Héraklion", "en": "Heraklion", "de": "Heraklion", "el": "Ηράκλειο"},
    "plovdiv": {"fr": "Plovdiv", "en": "Plovdiv", "de": "Plowdiw", "el": "Φιλιππούπολη", "bg": "Пловдив"},
    "wroclaw": {"fr": "Wrocław", "en": "Wrocław", "de": "Breslau", "el": "Βρότσλαβ", "pl": "Wrocław"},
}
HOSTS = [
    "amadora",
    "dresden",
    "vantaa",
    "thessaloniki",
    "oldenburg",
    "val-de-marne",
    "messina",
    "patras",
    "riga",
    "roquetas-de-mar",
    "saint-quentin",
    "wroclaw",
]
LONG_WORKSHOP = "2017-05-thessaloniki"


def read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def write(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


def stress_project(
    folder: Path, *, aim: bool = True, partners: bool = True, workshops: bool = True, long_agenda: bool = True
) -> Path:
    """A copy of the project in `folder` with the sources grown as asked; returns the folder."""
    for name in ("sources", "layouts", "styles"):
        shutil.copytree(ROOT / name, folder / name)
    sources = folder / "sources"
    if aim:
        network = read(sources / "network.yaml")
        network["aim"] = LONG_AIM
        write(sources / "network.yaml", network)
    if partners:
        add_partners(sources / "partners.yaml")
    if workshops:
        add_workshops(sources / "workshops")
    if long_agenda:
        lengthen_agenda(sources / "workshops" / f"{LONG_WORKSHOP}.yaml", 35)
    return folder


def add_partners(path: Path) -> None:
    data = read(path)
    data["partners"] += [
        {
            "id": key,
            "name": name,
            "city": NEW_CITIES[key],
            "country": country,
            "role": "member",
            "language": language,
            "location": {"lat": lat, "lon": lon},
        }
        for key, name, country, language, lat, lon in NEW_PARTNERS
    ]
    write(path, data)


def add_workshops(folder: Path) -> None:
    """Twelve workshops, every two months from September 2016 (more than the five shipped)."""
    template = read(folder / "2017-01-vantaa.yaml")
    template.pop("agenda", None)
    template.pop("languages", None)
    template.pop("end", None)  # each is known by its month alone
    for number, host in enumerate(HOSTS):
        year, month = 2016 + (8 + 2 * number) // 12, (8 + 2 * number) % 12 + 1
        key = f"{year}-{month:02d}-{host}"
        if not (folder / f"{key}.yaml").exists() and not list(folder.glob(f"{year}-{month:02d}-*.yaml")):
            write(folder / f"{key}.yaml", {**template, "host": host, "dates": f"{year}-{month:02d}", "status": "draft"})


def lengthen_agenda(path: Path, sessions: int) -> None:
    """The workshop's agenda as days of at most 20 sessions, `sessions` in all (today's format)."""
    data = read(path)
    day = data["agenda"][0]
    model = [s for s in day["sessions"] if s.get("speakers")]
    start = dt.date.fromisoformat(str(day["date"]))
    days = []
    count = max(2, -(-sessions // 20))
    for d in range(count):
        clock = dt.datetime(2017, 1, 1, 8, 0)
        listed = []
        for n in range(sessions // count + (d < sessions % count)):
            session = dict(model[n % len(model)])
            session["start"], session["end"] = f"{clock:%H:%M}", f"{clock + dt.timedelta(minutes=20):%H:%M}"
            clock += dt.timedelta(minutes=20)
            listed.append(session)
        days.append({**day, "date": (start + dt.timedelta(days=d)).isoformat(), "sessions": listed})
    data["dates"], data["end"] = start.isoformat(), (start + dt.timedelta(days=count - 1)).isoformat()
    data["agenda"] = days
    write(path, data)


# --- other shapes of project: no lead partner; not a network of cities ----------------------


def without_lead(folder: Path) -> Path:
    """A copy of the project's sources (the default theme's layouts) whose partners are all equal: no
    `role: lead`."""
    shutil.copytree(ROOT / "sources", folder / "sources")
    path = folder / "sources" / "partners.yaml"
    data = read(path)
    for partner in data["partners"]:
        if partner["role"] == "lead":
            partner["role"] = "partner"
    write(path, data)
    return folder


def _both(fr: str, en: str) -> dict:
    return {"fr": fr, "en": en}


EXCHANGE_PARTNERS = [
    ("maison-jeunes", "Maison des jeunes de Belleville", "Paris", "FR", "fr", 48.872, 2.384, "lead"),
    ("jugendwerk", "Jugendwerk Leipzig e. V.", "Leipzig", "DE", "de", 51.340, 12.375, "partner"),
    ("fundacja", "Fundacja Młodzi Razem", "Kraków", "PL", "pl", 50.061, 19.937, "partner"),
    ("cooperativa", "Cooperativa sociale Ponti", "Milano", "IT", "it", 45.464, 9.190, "partner"),
]


def exchange_project(folder: Path) -> Path:
    """An Erasmus+ youth exchange, not a network of cities: four partner organisations, one event (the
    project's sources rewritten; the default theme's layouts)."""
    shutil.copytree(ROOT / "sources", folder / "sources")
    sources = folder / "sources"
    network = read(sources / "network.yaml")
    network.update(
        {
            "name": "Voices of Tomorrow",
            "programme": "Erasmus+",
            "kind": _both("échange de jeunes Erasmus+", "Erasmus+ youth exchange"),
            "period": {"start": 2026, "end": 2027},
            "title": _both("Quatre associations, une semaine pour débattre", "Four organisations, one week of debate"),
            "subtitle": _both("L'échange de jeunes sur la citoyenneté", "The youth exchange on citizenship"),
            "summary": _both(
                "Quarante jeunes de quatre pays se retrouvent une semaine à Leipzig pour débattre de la "
                "participation citoyenne et préparer des actions dans leurs quartiers.",
                "Forty young people from four countries meet for a week in Leipzig to debate civic "
                "participation and prepare actions in their neighbourhoods.",
            ),
            "aim": _both(
                "Donner aux jeunes les moyens d'agir dans leur ville.",
                "Give young people the means to act in their city.",
            ),
            "meetings": _both(
                "Une réunion de préparation en ligne, l'échange, puis une restitution dans chaque association.",
                "An online preparatory meeting, the exchange, then a feedback evening in each organisation.",
            ),
            "local_group": {
                "title": _both("Les équipes de jeunes", "The youth teams"),
                "text": _both(
                    "Dans chaque association, une équipe de dix jeunes et un animateur prépare l'échange.",
                    "In each organisation, a team of ten young people and a youth worker prepares the exchange.",
                ),
                "members": [{"name": _both("Dix jeunes par pays", "Ten young people per country")}],
            },
            "challenges_intro": _both("Deux questions au programme.", "Two questions on the agenda."),
            "challenges": [
                {
                    "title": _both("Se faire entendre", "Being heard"),
                    "text": _both(
                        "Comment les jeunes prennent part aux décisions locales.",
                        "How young people take part in local decisions.",
                    ),
                },
                {
                    "title": _both("Agir ensemble", "Acting together"),
                    "text": _both(
                        "Monter un projet commun entre quatre pays.", "Building a joint project across four countries."
                    ),
                },
            ],
            "events": {
                "title": _both("L'échange", "The exchange"),
                "series": _both("Le programme de l'échange", "The programme of the exchange"),
                "one": _both("échange", "exchange"),
                "other": _both("échanges", "exchanges"),
            },
            "keywords": [],
        }
    )
    network["credits"]["funding_statement"] = _both(
        "Cofinancé par l'Union européenne.", "Co-funded by the European Union."
    )
    network["credits"]["funders"] = [f for f in network["credits"]["funders"] if f["mark"] == "eu-emblem"]
    write(sources / "network.yaml", network)
    partners = [
        {
            "id": key,
            "name": name,
            "short_name": short,
            "kind": "organisation",
            "country": country,
            "role": role,
            "language": language,
            "location": {"lat": lat, "lon": lon},
        }
        for key, name, short, country, language, lat, lon, role in EXCHANGE_PARTNERS
    ]
    write(sources / "partners.yaml", {"status": "final", "partners": partners})
    for old in (sources / "workshops").glob("*.yaml"):
        old.unlink()
    write(
        sources / "workshops" / "2026-07-leipzig.yaml",
        {
            "status": "final",
            "kind": "seminar",
            "title": _both("Échange de jeunes à Leipzig", "Youth exchange in Leipzig"),
            "host": "jugendwerk",
            "dates": "2026-07",
            "theme": _both("Citoyenneté et participation", "Citizenship and participation"),
        },
    )
    return folder


# People with long names and organisations in three scripts, for slots of parallel sessions.
PEOPLE = [
    ("Αικατερίνη ΠΑΠΑΔΟΠΟΥΛΟΥ-ΚΩΝΣΤΑΝΤΙΝΙΔΟΥ", "Δήμος Θεσσαλονίκης, Διεύθυνση Κοινωνικής Πολιτικής", "GR"),
    ("Мария ДИМИТРОВА-ГЕОРГИЕВА", "Община Пловдив – Дирекция „Социални дейности“", "BG"),
    ("Anna-Katharina MÜLLER-LÜDENSCHEIDT", "Landeshauptstadt Düsseldorf, Amt für Migration und Integration", "DE"),
    ("Małgorzata WIŚNIEWSKA-KOWALCZYK", "Gmina Wrocław – Wydział Spraw Społecznych", "PL"),
    ("Jean-Baptiste DE LA FONTAINE-SAINT-AUBIN", "Communauté d'agglomération de Saint-Quentin-en-Yvelines", "FR"),
]


def add_parallel_slots(path: Path, slots: int = 4, sessions: int = 5, speakers: int = 5) -> None:
    """The workshop's first day as `slots` slots of `sessions` parallel sessions (A1…D5), each with
    a chair and `speakers` speakers with long names in three scripts: a hundred people."""
    data = read(path)
    day = data["agenda"][0]
    clock = dt.datetime(2017, 1, 1, 9, 0)
    listed = []
    for slot in range(slots):
        letter = "ABCDEFGH"[slot]
        parallel = []
        for number in range(1, sessions + 1):
            people = [
                {
                    "name": name,
                    "organisation": organisation,
                    "country": country,
                    "role": {"fr": "Intervenant·e", "en": "Speaker"},
                }
                for name, organisation, country in (
                    PEOPLE[(slot + number + k) % len(PEOPLE)] for k in range(speakers + 1)
                )
            ]
            title = f"Atelier {letter}{number} : accueillir, loger et former les nouveaux arrivants dans les villes moyennes"
            parallel.append(
                {
                    "code": f"{letter}{number}",
                    "title": {"fr": title, "en": title},
                    "chair": people[0],
                    "speakers": people[1:],
                    "room": {"fr": f"Salle {number}", "en": f"Room {number}"},
                }
            )
        end = clock + dt.timedelta(minutes=90)
        listed.append(
            {
                "start": f"{clock:%H:%M}",
                "end": f"{end:%H:%M}",
                "kind": "workshop",
                "title": {"fr": f"Ateliers parallèles {letter}", "en": f"Parallel workshops {letter}"},
                "parallel": parallel,
            }
        )
        clock = end + dt.timedelta(minutes=15)
    data["agenda"][0] = {**day, "sessions": listed}
    write(path, data)


# --- the defects an editorial designer found (issue #21), as sources that make them ------------------

# A network name, title (the poster's subtitle) and aim of two lines each on the A2 poster, in
# every shipped language; a draft network of one year (its kicker beside the draft stamp).
TWO_LINE_HEADER = {
    "name": {
        "fr": "Réseau des villes d'arrivée",
        "en": "Arrival Cities Network",
        "de": "Netzwerk der Ankunftsstädte",
        "el": "Δίκτυο Πόλεων Υποδοχής",
    },
    "title": {
        "fr": "Le projet européen URBACT, réseau « villes d'arrivée » pour l'accueil et l'intégration "
        "des personnes migrantes",
        "en": 'The European URBACT project, the "Arrival Cities" network for the reception and integration of migrants',
        "de": "Das europäische URBACT-Projekt, das Netzwerk „Ankunftsstädte“ für die Aufnahme und "
        "Integration von Zugewanderten",
        "el": "Το ευρωπαϊκό έργο URBACT, το δίκτυο «Πόλεις Υποδοχής» για την υποδοχή και την ένταξη των μεταναστών",
    },
    "aim": {
        "fr": "Améliorer la prise en charge des flux migratoires au niveau local, avec les habitants et "
        "les associations.",
        "en": "Improve how migration flows are handled at local level, together with residents and their associations.",
        "de": "Die Steuerung von Migrationsbewegungen auf lokaler Ebene verbessern, gemeinsam mit "
        "Bewohnern und Vereinen.",
        "el": "Βελτίωση της διαχείρισης των μεταναστευτικών ροών σε τοπικό επίπεδο, μαζί με τους "
        "κατοίκους και τους συλλόγους.",
    },
}
# A kicker long enough to run under the draft badge, over a period of one year.
DRAFT_KICKER = {"fr": "réseau thématique URBACT des villes d'arrivée et d'accueil"}
# A venue name of 182 letters without a place to break it.
LONG_VENUE = "Hôtel" + "départementaldelaSolidarité" * 6 + "Créteil" * 2 + "V"


def two_line_header(folder: Path) -> Path:
    """The project in `folder` (made by stress_project) with TWO_LINE_HEADER, in draft, over one
    year, published in every language the project has."""
    sources = folder / "sources"
    network = read(sources / "network.yaml")
    network.update(TWO_LINE_HEADER, status="draft", period={"start": 2018, "end": 2018})
    write(sources / "network.yaml", network)
    site = read(sources / "site.yaml")
    site["default_languages"] = list(site["languages"])
    write(sources / "site.yaml", site)
    return folder


def draft_kicker(folder: Path) -> Path:
    """The network in draft, its kind long, its period one year (2018–2018)."""
    network = read(folder / "sources" / "network.yaml")
    network["status"] = "draft"
    network["kind"] = {**network["kind"], **DRAFT_KICKER}
    network["period"] = {"start": 2018, "end": 2018}
    write(folder / "sources" / "network.yaml", network)
    return folder


def long_venue(folder: Path, workshop: str = "2018-01-val-de-marne") -> Path:
    """A workshop whose venue's name is LONG_VENUE (182 letters) in every language."""
    path = folder / "sources" / "workshops" / f"{workshop}.yaml"
    data = read(path)
    data["venue"]["name"] = dict.fromkeys(data["venue"]["name"], LONG_VENUE)
    write(path, data)
    return folder
