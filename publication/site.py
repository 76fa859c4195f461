"""Write the download page from the manifest: output/index.html, one page per language, first-page thumbnails."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from .accessibility import accessibility_statement
from .calendar import calendar_files
from .changelist import changes_view
from .drafts import draft_sources
from .errors import Problem, SourceError
from .eu_visibility import emblem_text, funder_period
from .graphics import draw_eu_emblem
from .kinds import kind_of
from .localise import Language, Languages, Messages, format_dates, format_size, kind_title, language_name
from .messages import _
from .outputs import write_atomically
from .plan import KINDS, SETTINGS_OF_VARIANT, calendar_path, schedule_path, sessions_calendar_path
from .printers import printer_rows
from .render import make_environment, plain_hyphens_in_compounds, render_layout
from .schedule import schedule_files
from .session_calendar import previous_files, session_calendar_files
from .sources import Sources
from .theme import theme_of
from .thumbnails import THUMBNAILS, make_thumbnail
from .typeset import colour_tokens
from .webfonts import web_fonts, web_page_fonts

SITE_STYLESHEET = "site.css"


def own_language_name(code: str) -> str:
    """'Français', 'Ελληνικά': a language named in itself, capitalised as a menu item."""
    name = language_name(code, code)
    return name[:1].upper() + name[1:]


def href(path: str) -> str:
    """A link to a file of ours: its name percent-encoded, so that `#`, `?` or `%` in it stay part of it."""
    return quote(path, safe="/")


@dataclass
class Edition:
    """One file of a publication, as one language page shows it."""

    entry: dict[str, Any]
    href: str
    lang: str
    language: str
    size: str
    variant: str
    trim: str = ""
    job_ticket: str | None = None
    thumbnail: str | None = None
    thumbnail_size: tuple[int, int] = (0, 0)


@dataclass
class Group:
    """A publication (a kind, and a workshop for programmes) in all its languages."""

    key: tuple[str, str]
    title: str
    subtitle: str
    main: Edition
    others: list[Edition] = field(default_factory=list)
    calendar: str | None = None
    kind: str = ""  # what it is ("Brochure", "Programme"): the title alone does not always say
    draft: list[str] = field(default_factory=list)  # the source files that keep it draft: not ready to print
    sessions_calendar: str | None = None  # an event's sessions, one calendar entry each
    web: str | None = None  # an event's web programme, in the page's language when there is one
    changes: SimpleNamespace | None = None  # an event's changes since its latest release (changelist)


def for_press(entry: dict[str, Any]) -> bool:
    """A file for printers (job ticket, printers' table) rather than for screens."""
    return SETTINGS_OF_VARIANT[entry["variant"]].for_press


def web_page(entry: dict[str, Any]) -> bool:
    """A web page (the web programme): linked from its event's card, never a card or a thumbnail of its own."""
    return not kind_of(entry["kind"]).typeset


def web_page_href(entries: list[dict[str, Any]], workshop: str, preference: list[str]) -> str | None:
    """The link from a language's page to an event's web page: in that language, else the first there is."""
    pages = [e for e in entries if web_page(e) and e.get("workshop") == workshop and workshop]
    pages.sort(key=lambda e: preference.index(e["language"]) if e["language"] in preference else len(preference))
    return href(posixpath.relpath(pages[0]["path"], preference[0])) if pages else None


def group_key(entry: dict[str, Any]) -> tuple[str, str]:
    return entry["kind"], entry.get("workshop") or ""


def publication_title(sources: Sources, kind: str, workshop: str, language: Language) -> tuple[str, str]:
    """A publication's title and subtitle in the page's language; the network's publications have no
    subtitle (the page's header names the network once, for all of them)."""
    if not workshop:
        return kind_title(language, sources.network, kind), ""
    record = sources.workshops[workshop]
    host_of = sources.host_of(record)
    host = language.text(host_of.short_name or host_of.name)  # the date line has room for the short name
    return language.text(record.title), f"{format_dates(record.dates, record.end, language.lang)} · {host}"


def job_ticket_of(entry: dict[str, Any], output: Path) -> str | None:
    """The job ticket beside a print PDF: the manifest's word for it when it has one, else the file."""
    for key in ("job_ticket", "ticket"):
        if isinstance(entry.get(key), str):
            return entry[key]
    candidate = Path(entry["path"]).with_suffix(".txt").as_posix()
    return candidate if (output / candidate).is_file() else None


def language_order(sources: Sources, languages: list[str]) -> list[str]:
    """The page languages, the source language first, then the sources' order."""
    known = [sources.site.source_language, *sources.site.default_languages, *sources.site.languages]
    return sorted(languages, key=lambda code: known.index(code) if code in known else len(known))


def make_edition(
    entry: dict[str, Any],
    page_lang: str,
    words: Messages,
    output: Path,
    thumbnails: dict[str, tuple[str, tuple[int, int]]],
) -> Edition:
    relative = lambda path: href(posixpath.relpath(path, page_lang))  # noqa: E731  (links from <lang>/index.html)
    edition = Edition(
        entry=entry,
        href=relative(entry["path"]),
        lang=entry["language"],
        language=language_name(entry["language"], page_lang),
        size=format_size(entry["bytes"], page_lang),
        # An imposed brochure is a second print file of the same edition: say which one it is.
        variant=words("variant_imposed" if entry.get("imposed") else f"variant_{entry['variant']}"),
        trim=f"{entry.get('size', '')} ({' × '.join(str(v) for v in entry.get('trim_mm', []))} mm)",
    )
    if for_press(entry):
        ticket = job_ticket_of(entry, output)
        edition.job_ticket = relative(ticket) if ticket else None
    if entry["path"] in thumbnails:
        src, edition.thumbnail_size = thumbnails[entry["path"]]
        edition.thumbnail = relative(src)
    return edition


def make_groups(
    sources: Sources, entries: list[dict[str, Any]], press: bool, language: Language, output: Path, thumbnails
) -> list[Group]:
    """The publications for the press (or for screens) in the manifest's order; each shows the page's language
    when it exists, else the first of the sources' languages, the others linked beside it."""
    page_lang, words = language.lang, language.site_words
    preference = language_order(sources, [e["language"] for e in entries])
    if page_lang in preference:
        preference.remove(page_lang)
    preference.insert(0, page_lang)
    by_key: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for entry in entries:
        if for_press(entry) == press and not web_page(entry):
            by_key.setdefault(group_key(entry), []).append(entry)
    groups = []
    for key, files in by_key.items():
        files.sort(key=lambda e: preference.index(e["language"]))
        editions = [make_edition(e, page_lang, words, output, thumbnails) for e in files]
        title, subtitle = publication_title(sources, key[0], key[1], language)
        calendar = href(calendar_path(key[1])) if key[1] and sources.workshops[key[1]].days_known else None
        draft = draft_sources(sources, key[0], key[1] or None)
        label = words(kind_of(key[0]).label_word)
        group = Group(key, title, subtitle, editions[0], editions[1:], calendar, label, draft)
        group.sessions_calendar = sessions_calendar_href(sources, key[1])
        group.web = web_page_href(entries, key[1], preference)
        group.changes = changes_view(sources, key[1], language) if key[1] else None
        groups.append(group)
    groups.sort(key=lambda group: group.main.lang != page_lang)  # the page's own language first (stable)
    return groups


def sessions_calendar_href(sources: Sources, workshop: str) -> str | None:
    """The link to an event's sessions calendar; None: not an event's publication, no agenda, or no exact dates."""
    event = sources.workshops[workshop] if workshop else None
    return href(sessions_calendar_path(workshop)) if event and event.agenda and event.days_known else None


def print_rows(sources: Sources, entries, language: Language, output: Path) -> list[Group]:
    """The print files for the printers' table (printers.printer_rows): every language, the page language's first."""
    return printer_rows(make_groups(sources, entries, True, language, output, {}), sources, language)


def order_entries(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Brochure, poster, overview, then the programmes in date order (their keys sort by date)."""
    return sorted(
        entries,
        key=lambda e: (
            KINDS.index(e["kind"]) if e["kind"] in KINDS else len(KINDS),
            e.get("workshop") or "",
            e["path"],
        ),
    )


def page_stylesheet(project: Path, sources: Sources) -> str:
    """The page's CSS, inlined (no external resource): brand colours in sRGB, then styles/site.css."""
    # Markup: a <style> element is raw text, where an escaped quote would stay escaped and break selectors.
    path = theme_of(project).file(Path("styles") / SITE_STYLESHEET)
    css = path.read_text(encoding="utf-8")
    if "</" in css:
        line = css[: css.index("</")].count("\n") + 1
        raise SourceError(
            [
                Problem(
                    f"styles/{SITE_STYLESHEET}",
                    line,
                    "",
                    _("holds '</', which would end the download page's inline <style> early"),
                    _("remove it (in a comment, write '< /'; in a string, write '\\3C/')"),
                )
            ]
        )
    return Markup(colour_tokens(sources.site.brand, SETTINGS_OF_VARIANT["screen"]) + "\n" + css)


PdfOf = Callable[[str], Path]  # a PDF's path in the manifest → where its bytes are now (staged or in place)


def page_files(
    project, sources: Sources, entries: list[dict[str, Any]], languages: Languages, pdf_of: PdfOf
) -> dict[str, bytes]:
    """The thumbnails and download pages of the files in `entries` (the manifest's): output-relative name → bytes."""
    entries = order_entries(entries)
    codes = language_order(sources, list(dict.fromkeys(e["language"] for e in entries)))
    env = make_environment(project.theme.folders("layouts"))
    css = page_stylesheet(project.root, sources)  # first: a bad stylesheet fails before any thumbnail is made
    fonts = web_fonts(project.theme, project.theme.file(Path("styles") / SITE_STYLESHEET))
    thumbnail_files, thumbnails = make_thumbnails(entries, pdf_of)
    files = {
        **thumbnail_files,
        **fonts.contents(),
        **web_page_fonts(project.theme, [e for e in entries if web_page(e)]),
    }  # what the pages link, before them
    switcher = [{"lang": code, "name": own_language_name(code), "href": f"../{code}/index.html"} for code in codes]
    for code in codes:
        page = language_page(sources, entries, languages[code], project.output, thumbnails)
        # Compound names kept whole by CSS, as in the publications: "Val‑de‑Marne" with U+2011 is not
        # found by a search typed with '-'.
        files[f"{code}/index.html"] = plain_hyphens_in_compounds(
            render_layout(
                env, "site/page.html", {"css": Markup(fonts.css("../") + "\n") + css, "languages": switcher, **page}
            )
        ).encode()
    context = {"css": Markup(fonts.css("") + "\n") + css, **language_choice(sources, languages, codes)}
    index = plain_hyphens_in_compounds(render_layout(env, "site/index.html", context))
    files["index.html"] = index.encode()
    return files


def write_site(
    project, sources: Sources, entries: list[dict[str, Any]], languages: Languages | None = None
) -> list[Path]:
    """Write the download pages and thumbnails of `entries` at once, outside a build; returns the paths."""
    languages = languages or Languages(sources.site.source_language, project.root, sources.network)
    files = page_files(project, sources, entries, languages, lambda path: project.output / path)
    for name, data in files.items():
        write_atomically(project.output / name, data)
    return [project.output / name for name in files]


def make_thumbnails(entries: list[dict[str, Any]], pdf_of: PdfOf) -> tuple[dict[str, bytes], dict]:
    """A first-page PNG of each screen file: the PNGs by name, and each PDF's path → (PNG path, pixel size)."""
    files, thumbnails = {}, {}
    for entry in entries:
        if not for_press(entry) and not web_page(entry):
            png = (Path(THUMBNAILS) / Path(entry["path"]).with_suffix(".png")).as_posix()
            files[png], size = make_thumbnail(pdf_of(entry["path"]))
            thumbnails[entry["path"]] = (png, size)
    return files, thumbnails


def language_page(
    sources: Sources, entries: list[dict[str, Any]], language: Language, output: Path, thumbnails
) -> dict[str, Any]:
    """What one language's download page shows."""
    lang = language.lang
    return {
        "lang": lang,
        "_": language.site_words,
        "site_title": language.text(sources.site.title),
        "network": language.text(sources.network.name),
        "programme": sources.network.programme,
        "publisher": language.text(sources.site.publisher),
        "funding": language.text(sources.network.credits.funding_statement),
        "eu": eu_funding(sources, lang),
        "accessibility": accessibility_statement(sources, language, entries),
        "screen": make_groups(sources, entries, False, language, output, thumbnails),
        "printers": print_rows(sources, entries, language, output),
        "calendars": [
            {  # a month-only event has no calendar yet (calendar.in_calendars): the page says so
                "href": href(calendar_path(key)) if workshop.days_known else None,
                "sessions_href": sessions_calendar_href(sources, key),
                "schedule_hrefs": {form: href(schedule_path(key, form)) for form in ("xml", "json")}
                if workshop.agenda and workshop.days_known
                else None,
                "title": language.text(workshop.title),
                "dates": format_dates(workshop.dates, workshop.end, lang),
            }
            for key, workshop in sources.workshops_in_order()
        ],
        # calendar.calendar_files writes the cycle's only once an event has its dates.
        "cycle_calendar": href(calendar_path(None)) if any(w.days_known for w in sources.workshops.values()) else None,
    }


def language_choice(sources: Sources, languages: Languages, codes: list[str]) -> dict[str, Any]:
    """What output/index.html shows: the site in each language, introduced in that language."""
    choices = []
    for code in codes:
        language = languages[code]
        choices.append(
            {
                "lang": code,
                "name": own_language_name(code),
                "href": f"{code}/index.html",
                "title": language.text(sources.site.title),
                "intro": language.site_words(
                    "site_intro", programme=sources.network.programme, network=language.text(sources.network.name)
                ),
                "choose": language.site_words("choose_language"),
            }
        )
    source = languages[sources.site.source_language]
    return {
        "lang": source.lang,
        "choices": choices,
        "programme": sources.network.programme,
        "network": source.text(sources.network.name),
        "site_title": source.text(sources.site.title),
        "languages_label": source.site_words("languages"),
        "eu": eu_funding(sources, source.lang),
    }


def eu_funding(sources: Sources, lang: str) -> dict[str, Any] | None:
    """The EU emblem and its words in the page's language (eu_visibility), which a website shows without
    scrolling; the emblem hidden from screen readers: the words beside it say it. None: no EU funding."""
    funder = next((funder for funder in sources.network.credits.funders if funder.mark == "eu-emblem"), None)
    if funder is None:
        return None
    words = emblem_text(lang, funder_period(funder, sources.network), funder.statement)
    return {"emblem": Markup(draw_eu_emblem(None, palette="screen")), "words": words}


def site_files(project, sources: Sources, entries: list[dict[str, Any]], pdf_of: PdfOf) -> dict[str, bytes]:
    """Everything the download page needs, in the order to commit it: thumbnails, calendars, then the pages
    that link them (output/index.html last). Made in memory: a failure here replaces nothing."""
    languages = Languages(sources.site.source_language, project.root, sources.network)
    codes = language_order(sources, [entry["language"] for entry in entries])
    pages = page_files(project, sources, entries, languages, pdf_of)
    thumbnails = {name: data for name, data in pages.items() if name.startswith(f"{THUMBNAILS}/")}
    calendars = calendar_files(sources, languages, codes)
    calendars |= session_calendar_files(sources, languages, codes, previous_files(project.output))
    calendars |= schedule_files(sources, languages, codes)
    return {**thumbnails, **calendars, **{name: data for name, data in pages.items() if name not in thumbnails}}
