"""The download page and the calendars, on the built output: links resolve, dates are right, a browser shows it."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import icalendar
import pytest
from PIL import Image

from publication.accessibility import BUILD_CHECKS, KNOWN_LIMITATIONS
from publication.eu_visibility import wording
from publication.localise import format_size, language_name
from publication.model import Month
from publication.plan import Project
from publication.preflight.eu import EU_CHECKS
from publication.site import write_site
from publication.sources import read_sources
from publication.theme import theme_of
from publication.thumbnails import THUMBNAIL_WIDTH
from publication.webfonts import web_fonts
from tests.conftest import ROOT, run_cli
from tools.browser import Browser

STATEMENT_FONTS = ("Ubuntu Latin", "Ubuntu Latin Ext", "Ubuntu Greek", "Ubuntu Cyrillic")  # the EU emblem's words

SOURCES = read_sources(ROOT / "sources")
BASE_URL = SOURCES.site.base_url
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
]
WIDTHS = {"phone": 390, "desktop": 1280}


class PageParser(HTMLParser):
    """The links, images, landmarks and sections of one page."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str | None]] = []  # (href, section heading id)
        self.images: list[dict[str, str | None]] = []
        self.tags: list[str] = []
        self.html_lang: str | None = None
        self.section: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.html_lang = attributes.get("lang")
        if tag == "section":
            self.section = attributes.get("aria-labelledby")
        if tag in ("a", "link") and attributes.get("href"):
            self.links.append((attributes["href"], self.section))
        if tag == "img":
            self.images.append(attributes)


def parse_page(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def local_target(page: Path, href: str) -> Path | None:
    """The file a relative link points to, None for an in-page anchor or a mail address (the accessibility
    statement's contact: an address to write to, nothing fetched)."""
    parts = urlsplit(href)
    if parts.scheme == "mailto":
        return None
    assert not parts.scheme and not parts.netloc, f"{page}: external resource {href}"
    if not parts.path:
        return None
    return (page.parent / unquote(parts.path)).resolve()


@pytest.fixture(scope="session")
def pages(built, manifest) -> dict[str, Path]:
    languages = sorted({entry["language"] for entry in manifest})
    found = {lang: built / lang / "index.html" for lang in languages}
    found[""] = built / "index.html"
    for path in found.values():
        assert path.is_file(), path
    return found


# --- the download page ------------------------------------------------------------------


@pytest.mark.build
def test_every_link_and_image_resolves_to_a_file_in_output(built, pages):
    output = built.resolve()
    for page in pages.values():
        parsed = parse_page(page)
        targets = [href for href, _ in parsed.links] + [image["src"] for image in parsed.images]
        assert targets, page
        for href in targets:
            target = local_target(page, href)
            if target is None:
                continue
            assert target.is_file(), f"{page.relative_to(built)}: {href} does not exist"
            assert output in target.parents, f"{page.relative_to(built)}: {href} leaves output/"


@pytest.mark.build
def test_each_language_page_lists_every_file(built, manifest, pages):
    for lang, page in pages.items():
        if not lang:
            continue
        parsed = parse_page(page)
        linked = {(local_target(page, href), section) for href, section in parsed.links}
        for entry in manifest:
            if entry["variant"] == "web" and entry["language"] != lang:  # its card links the page's language's
                continue
            section = "printers-title" if entry["variant"] == "print" else "screen-title"
            assert ((built / entry["path"]).resolve(), section) in linked, f"{lang}: {entry['path']} not in {section}"


@pytest.mark.build
def test_screen_files_come_before_print_files(pages):
    for lang, page in pages.items():
        if lang:
            text = page.read_text(encoding="utf-8")
            assert text.index("-screen.pdf") < text.index('id="printers-title"') < text.index("-print.pdf"), lang


@pytest.mark.build
def test_pages_are_accessible(pages):
    for lang, page in pages.items():
        parsed = parse_page(page)
        assert parsed.html_lang == (lang or SOURCES.site.source_language), page
        assert parsed.tags.count("h1") == 1, page
        for landmark in ("header", "main", "nav", "footer") if lang else ("header", "main", "nav"):
            assert landmark in parsed.tags, f"{page}: no <{landmark}>"
        for image in parsed.images:
            assert (image.get("alt") or "").strip(), f"{page}: image {image['src']} has no alt text"
            assert image.get("width") and image.get("height"), f"{page}: {image['src']} has no size"
        text = page.read_text(encoding="utf-8")
        assert 'name="viewport"' in text
        assert (ROOT / "styles" / "site.css").read_text(encoding="utf-8") in text, f"{page}: stylesheet altered"
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", text), f"{page}: external resource"


@pytest.mark.build
def test_language_switcher_links_every_language(pages):
    languages = [lang for lang in pages if lang]
    for lang in languages:
        parsed = parse_page(pages[lang])
        switched = {href for href, _ in parsed.links if href.endswith("/index.html")}
        assert switched >= {f"../{other}/index.html" for other in languages}, lang
        assert 'aria-current="page"' in pages[lang].read_text(encoding="utf-8")
    home = {href for href, _ in parse_page(pages[""]).links}
    assert home >= {f"{lang}/index.html" for lang in languages}


@pytest.mark.build
def test_thumbnails_are_small_pngs_of_first_pages(built, manifest, pages):
    sources = {image["src"] for image in parse_page(pages["en"]).images}
    assert len(sources) == len({(e["kind"], e["workshop"]) for e in manifest if e["variant"] == "screen"})
    for src in sources:
        path = local_target(pages["en"], src)
        with Image.open(path) as image:
            assert image.format == "PNG" and image.width == THUMBNAIL_WIDTH, src
            colours = image.convert("RGB").getcolors(maxcolors=4096)
            assert colours is None or len(colours) > 8, f"{src} is blank"
        assert path.stat().st_size < 40_000, f"{src}: {path.stat().st_size} bytes"


def test_page_colours_pass_wcag_aa():
    """The text/background pairs styles/site.css uses, from the brand's screen colours."""

    def luminance(hex_colour):
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    def contrast(a, b):
        high, low = sorted((luminance(a), luminance(b)), reverse=True)
        return (high + 0.05) / (low + 0.05)

    brand = SOURCES.site.brand
    pairs = [("ink", "paper"), ("primary", "paper"), ("muted", "paper"), ("paper", "primary"), ("primary", "tint")]
    for text, ground in pairs:
        ratio = contrast(getattr(brand, text).srgb, getattr(brand, ground).srgb)
        assert ratio >= 4.5, f"{text} on {ground}: {ratio:.2f}:1"


@pytest.mark.build
def test_job_tickets_are_linked_when_present(built, tmp_path):
    """A ticket beside a print PDF, or named by the manifest, is linked in the printers' table."""
    output = tmp_path / "output"
    shutil.copytree(built, output, ignore=shutil.ignore_patterns("thumbs", "*.ics"))
    manifest_path = output / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    beside, named = [e for e in manifest["files"] if e["variant"] == "print"][:2]
    (output / beside["path"]).with_suffix(".txt").write_text("job ticket\n")
    named["job_ticket"] = "tickets/" + Path(named["path"]).name + ".txt"
    (output / named["job_ticket"]).parent.mkdir()
    (output / named["job_ticket"]).write_text("job ticket\n")
    manifest_path.write_text(json.dumps(manifest))

    write_site(Project(ROOT, output), SOURCES, manifest["files"])
    page = output / "en" / "index.html"
    hrefs = {local_target(page, href) for href, _ in parse_page(page).links}
    assert (output / beside["path"]).with_suffix(".txt").resolve() in hrefs
    assert (output / named["job_ticket"]).resolve() in hrefs
    # every print PDF of the build has its ticket beside it; `named` now points elsewhere
    assert page.read_text().count('type="text/plain"') == sum(e["variant"] == "print" for e in manifest["files"])


CARD = re.compile(r'<li class="card">(.*?)</li>', re.S)
COMPOUND = re.compile(r'<span class="compound">([^<]*)</span>')
# A hidden text may hold a compound name's span (render.plain_hyphens_in_compounds).
HIDDEN = re.compile(r'<span class="visually-hidden">(?:[^<]|<span class="compound">[^<]*</span>)*</span>')


def visible_text(html: str) -> str:
    """What a reader sees of some HTML: no hidden words, no tags, no attributes, spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", HIDDEN.sub("", html))).split())  # no-break spaces too


@pytest.mark.build
def test_each_language_page_lists_its_own_files_first(pages):
    """Cards and printers' rows in the page's language come before those in any other."""
    for lang, page in pages.items():
        if not lang:
            continue
        text = page.read_text(encoding="utf-8")
        cards = re.findall(r'class="button" href="[^"]+" hreflang="([^"]+)"', text)
        files = re.findall(r'<th scope="row" role="rowheader"><a href="([^"]+)"', text)
        rows = [local_target(page, href).parent.name for href in files]  # output/<language>/<file>
        for found in (cards, rows):
            assert lang in found, f"{lang}: none of its own files listed"
            assert found == sorted(found, key=lambda code: code != lang), f"{lang}: {found}"


@pytest.mark.build
def test_compound_names_are_kept_whole_by_css_not_by_no_break_hyphens(pages):
    """A search for "Val-de-Marne" typed with '-' finds it: no U+2011 in the page, the name in a nowrap span."""
    for lang, page in pages.items():
        text = page.read_text(encoding="utf-8")
        assert "\u2011" not in text, lang
        if lang:
            assert '<span class="compound">Val-de-Marne</span>' in text, lang


@pytest.mark.build
def test_cards_say_each_thing_once(pages):
    """The page's header names the network and the page is in one language: no card repeats either, and each
    card shows its title once, its kind, page count and size, its language only when it is another, and
    whether it is a draft."""
    for lang, page in pages.items():
        if not lang:
            continue
        text = page.read_text(encoding="utf-8")
        network = visible_text(re.search(r'<p class="site-head__kicker">(.*?)</p>', text)[1]).split(" · ")[-1]
        own_language = language_name(lang, lang)
        for card in CARD.findall(text):
            shown = visible_text(card)
            title = visible_text(re.search(r"<h3[^>]*>(.*?)</h3>", card, re.S)[1])
            assert network not in shown.replace(title, ""), f"{lang}: {shown}"
            assert own_language not in shown, f"{lang}: {shown}"
            assert shown.count(title) == 1, f"{lang}: {shown}"
            meta = visible_text(re.search(r'<p class="card__meta">(.*?)</p>', card, re.S)[1])
            hreflang = re.search(r'class="button" href="[^"]+" hreflang="([^"]+)"', card)[1]
            # kind, pages, size; then the language when it is another, and "Draft" for a draft
            draft = 'class="draft-badge"' in card
            assert len(meta.split(" · ")) == 3 + (hreflang != lang) + draft, f"{lang}: {meta}"


@pytest.mark.build
def test_pages_use_the_pdfs_own_font_files(built, pages):
    """Every @font-face of a page points, relatively, at a copy in output/fonts/ of a file of styles/fonts/."""
    for lang, page in pages.items():
        text = page.read_text(encoding="utf-8")
        urls = re.findall(r'@font-face \{[^}]*url\("([^"]+)"\)', text)
        families = set(re.findall(r'font-family: "([^"]+)"', text))
        assert urls and families == {"Inter", *STATEMENT_FONTS}, lang  # Ubuntu: the EU emblem's words
        for url in urls:
            assert url.startswith("../fonts/" if lang else "fonts/"), url
            target = local_target(page, url)
            assert target and target.read_bytes() == (ROOT / "styles" / "fonts" / target.name).read_bytes(), url
    assert (built / "fonts" / "LICENSE-Inter.txt").is_file() and not (built / "fonts" / "LICENSE-Noto.txt").exists()
    assert (built / "fonts" / "LICENSE-Ubuntu.txt").is_file()


def test_web_fonts_are_the_faces_the_page_names():
    """The faces of styles/fonts.css whose family site.css names (Inter and the EU emblem's Ubuntu, not Noto
    Serif), relocated to fonts/ with their licences."""
    theme = theme_of(ROOT)
    fonts = web_fonts(theme, ROOT / "styles" / "site.css")
    assert len(fonts.rules) == 10 and sum('"Inter"' in rule for rule in fonts.rules) == 6
    assert fonts.css("../").count('url("../fonts/Inter-') == 6 and "</" not in fonts.css("")
    assert fonts.css("../").count('url("../fonts/ubuntu-') == 4
    fonts_folder = ROOT / "styles" / "fonts"
    assert sorted(fonts.files) == sorted(
        [f"fonts/{file.name}" for file in [*fonts_folder.glob("Inter-*.otf"), *fonts_folder.glob("ubuntu-*.woff2")]]
        + ["fonts/LICENSE-Inter.txt", "fonts/LICENSE-Ubuntu.txt"]
    )
    assert all(file.parent == ROOT / "styles" / "fonts" for file in fonts.files.values())


# --- calendars ----------------------------------------------------------------------------


def read_calendar(path: Path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(path.read_bytes())


def expected_dates(workshop) -> tuple[dt.date, dt.date]:
    return workshop.dates, (workshop.end or workshop.dates) + dt.timedelta(days=1)


@pytest.mark.build
def test_every_calendar_parses_with_the_right_dates(built, pages):
    """Each event with its exact dates has its calendar; a month-only one would have none, and not be
    in the cycle's (calendar.in_calendars; tests/test_month_only.py builds one): no entry invents a day."""
    languages = [lang for lang in pages if lang]
    workshops = SOURCES.workshops_in_order()
    dated = [(key, workshop) for key, workshop in workshops if not isinstance(workshop.dates, Month)]
    for lang in languages:
        for key, workshop in workshops:
            path = built / lang / "calendar" / f"{key}.ics"
            if (key, workshop) not in dated:
                assert not path.exists(), path
                continue
            events = read_calendar(path).walk("VEVENT")
            assert len(events) == 1, (lang, key)
            event = events[0]
            start, end = expected_dates(workshop)
            assert event.decoded("dtstart") == start and event.decoded("dtend") == end, (lang, key)
            assert type(event.decoded("dtstart")) is dt.date, "all-day events carry a date, not a time"
            assert str(event["uid"]).startswith(key)
        cycle = read_calendar(built / lang / "calendar" / "cycle.ics")
        assert [e.decoded("dtstart") for e in cycle.walk("VEVENT")] == [expected_dates(w)[0] for _, w in dated]
        assert cycle["x-wr-calname"]


@pytest.mark.build
def test_dated_workshop_has_no_month_note(built):
    event = read_calendar(built / "en" / "calendar" / "2018-01-val-de-marne.ics").walk("VEVENT")[0]
    assert (event.decoded("dtstart"), event.decoded("dtend")) == (dt.date(2018, 1, 18), dt.date(2018, 1, 20))
    assert event["transp"] == "OPAQUE"
    assert "\u2011" not in event.to_ical().decode(), "no print-only no-break hyphen in a calendar"
    assert f"{BASE_URL}en/" in str(event["description"])


# --- in a browser -----------------------------------------------------------------------

# Loaded from the same static server as the page, this frame lists what the browser resolved:
# the HTTP status of every link and image, images that failed to decode, and the page's width.
CHECK_PAGE = """<!DOCTYPE html><html><body><pre id="result">pending</pre>
<iframe id="page" src="{src}" style="width:{width}px;height:900px;border:0"></iframe>
<script>
document.getElementById('page').addEventListener('load', async () => {{
  const doc = document.getElementById('page').contentDocument;
  const urls = [...doc.querySelectorAll('a[href]:not([href^="mailto:"])')].map(a => a.href.split('#')[0])
      .concat([...doc.images].map(i => i.src));
  const statuses = {{}};
  for (const url of new Set(urls)) {{
    try {{ statuses[url] = (await fetch(url, {{method: 'HEAD'}})).status; }} catch (e) {{ statuses[url] = String(e); }}
  }}
  document.getElementById('result').textContent = JSON.stringify({{
    statuses,
    broken_images: [...doc.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src),
    scroll_width: doc.documentElement.scrollWidth,
    client_width: doc.documentElement.clientWidth,
  }});
}});
</script></body></html>"""


def run_chromium(chromium: str, profile: Path, *arguments: str) -> subprocess.CompletedProcess:
    """One headless Chromium run with a fresh profile, nothing fetched from outside."""
    return subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture(scope="session")
def static_server(built):
    """output/ on a local static web server, with the check page at /__check/<width>/<page>."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def do_GET(self):
            match = re.fullmatch(r"/__check/(\d+)/(.+)", self.path)
            if not match:
                return super().do_GET()
            body = CHECK_PAGE.format(src="/" + match[2], width=int(match[1])).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(built)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    thread.join()


@pytest.mark.build
@pytest.mark.browser
@pytest.mark.parametrize("device", WIDTHS)
def test_browser_resolves_every_link_from_a_static_server(chromium, static_server, pages, built, tmp_path, device):
    for lang, page in pages.items():
        url = f"{static_server}/__check/{WIDTHS[device]}/{page.relative_to(built).as_posix()}"
        result = run_chromium(chromium, tmp_path / f"profile-{lang}", "--virtual-time-budget=15000", "--dump-dom", url)
        match = re.search(r'<pre id="result">(\{.*?\})</pre>', result.stdout, re.S)
        assert match, f"{url}: no result from Chromium\n{result.stderr[-2000:]}"
        report = json.loads(match[1])
        failed = {link: status for link, status in report["statuses"].items() if status != 200}
        assert report["statuses"] and not failed, failed
        assert not report["broken_images"], report["broken_images"]
        assert report["scroll_width"] <= report["client_width"], f"{lang} overflows sideways at {WIDTHS[device]} px"


@pytest.mark.build
@pytest.mark.browser
def test_screenshots_from_file_urls(chromium, pages, built, tmp_path):
    """The page as a phone and a desktop show it, opened from the disk (file://); kept beside output/."""
    shots = built.parent / "screenshots"
    shots.mkdir(exist_ok=True)
    primary = SOURCES.site.brand.primary.srgb
    header_colour = tuple(int(primary[i : i + 2], 16) for i in (1, 3, 5))
    for device, width in WIDTHS.items():
        for lang in ("fr", ""):
            png = shots / f"{lang or 'index'}-{device}.png"
            result = run_chromium(
                chromium,
                tmp_path / f"profile-{device}-{lang}",
                f"--screenshot={png}",
                f"--window-size={width},2400",
                pages[lang].resolve().as_uri(),
            )
            assert png.is_file(), result.stderr[-2000:]
            with Image.open(png) as image:
                assert image.width == width
                # The brand's header band is drawn under the EU emblem's white band (48 px: a 32 px emblem
                # and its padding), so the stylesheet applied (it is inline).
                assert image.convert("RGB").getpixel((width - 5, 5)) == (255, 255, 255)
                assert image.convert("RGB").getpixel((width - 5, 60)) == header_colour
    if os.environ.get("PUBLICATION_SCREENSHOTS"):
        shutil.copytree(shots, os.environ["PUBLICATION_SCREENSHOTS"], dirs_exist_ok=True)


# --- the page's design, measured in the browser ---------------------------------------------

# What the tests below measure on a page: each card's box and its button's (and whether the
# button's label takes one line), each cell of the printers' table against its own content, its
# row and the viewport, and what would scroll sideways.
GEOMETRY = """(() => {
  const box = e => { const r = e.getBoundingClientRect(); return {left: r.left, top: r.top, right: r.right,
                     bottom: r.bottom, width: r.width, height: r.height}; };
  const lines = e => { const range = document.createRange(); range.selectNodeContents(e.firstChild);
                       return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size; };
  return {
    viewport: innerWidth,
    scroll_width: document.documentElement.scrollWidth,
    cards: [...document.querySelectorAll('.card')].map(card => ({
      box: box(card), button: box(card.querySelector('.button')),
      button_lines: lines(card.querySelector('.button')), title: card.querySelector('h3').textContent})),
    cells: [...document.querySelectorAll('.files tbody th, .files tbody td')].map(cell => ({
      box: box(cell), row: box(cell.parentElement), text: cell.textContent.trim(),
      overflow: cell.scrollWidth - cell.clientWidth,
      // What is shown: a hidden text's words (a compound name's span in it) are clipped, not laid out.
      content: Math.max(...[...cell.querySelectorAll('*')].filter(e => !e.closest('.visually-hidden')).map(e => box(e).right), box(cell).left),
      label: getComputedStyle(cell, '::before').content,
      visible: getComputedStyle(cell).display !== 'none' && getComputedStyle(cell).visibility !== 'hidden'})),
    columns: document.querySelectorAll('.files thead th').length,
    table_overflow: (e => e.scrollWidth - e.clientWidth)(document.querySelector('.table-scroll')),
  };
})()"""


def rows_of(cards: list[dict]) -> list[list[dict]]:
    """The cards grouped by the row of the grid they stand in (same top edge)."""
    rows: dict[int, list[dict]] = {}
    for card in cards:
        rows.setdefault(round(card["box"]["top"]), []).append(card)
    return list(rows.values())


def platform_fonts(browser, selector: str) -> set[str]:
    """The fonts Chromium really drew a node's text with (DevTools' CSS.getPlatformFontsForNode)."""
    browser.send("DOM.enable")
    browser.send("CSS.enable")
    root = browser.send("DOM.getDocument")["root"]["nodeId"]
    node = browser.send("DOM.querySelector", nodeId=root, selector=selector)["nodeId"]
    return {font["familyName"] for font in browser.send("CSS.getPlatformFontsForNode", nodeId=node)["fonts"]}


# Widths → cards a row: a small phone, a phone, the narrowest screen that shows the printers' table
# as a table (styles/site.css stacks its rows below 64rem), a desktop.
CARDS_A_ROW = {320: 1, 390: 1, 1025: 2, 1280: 3}


@pytest.mark.build
@pytest.mark.browser
@pytest.mark.parametrize("width", CARDS_A_ROW)
def test_cards_buttons_and_printers_table_hold_their_shape(chromium, pages, width):
    """From the file system, as a phone and a desktop show it: cards of a row of equal height, their
    buttons on one line and one baseline, nothing scrolled sideways, every cell of the printers' table
    shown whole inside its row (stacked and labelled on a phone), and the text set in the brand's Inter."""
    with Browser(width, 900) as browser:
        browser.set_viewport(width, 900)
        for lang in [lang for lang in pages if lang]:
            browser.open(pages[lang].resolve().as_uri())
            browser.wait_for("document.fonts.status === 'loaded'")
            page = browser.evaluate(GEOMETRY)
            assert page["viewport"] == width and page["scroll_width"] <= width, f"{lang} scrolls sideways at {width} px"
            assert page["cards"], lang
            for row in rows_of(page["cards"]):
                heights = {round(card["box"]["height"], 1) for card in row}
                tops = {round(card["button"]["top"], 1) for card in row}
                assert len(heights) == 1 and len(tops) == 1, f"{lang} at {width} px: {[c['title'] for c in row]}"
            assert max(len(row) for row in rows_of(page["cards"])) == CARDS_A_ROW[width], lang
            for card in page["cards"]:
                assert card["button_lines"] == 1, f"{lang}: the button of {card['title']} wraps at {width} px"
                assert card["button"]["right"] <= card["box"]["right"] <= width, (
                    f"{lang}: {card['title']} at {width} px"
                )
            assert page["cells"] and page["columns"] == 7 and page["table_overflow"] <= 0, f"{lang}: the table scrolls"
            for cell in page["cells"]:
                where = f"{lang} at {width} px: {cell['text'][:40]!r}"
                assert cell["visible"] and cell["box"]["width"] > 0 and cell["overflow"] <= 0, where
                assert cell["row"]["left"] <= cell["box"]["left"] and cell["box"]["right"] <= cell["row"]["right"], (
                    where
                )
                assert cell["content"] <= cell["box"]["right"] + 0.5 and cell["box"]["right"] <= width, where
            if width < 1024:  # stacked: every value under its column's name, but the self-naming links
                labels = [cell["label"] for cell in page["cells"]]
                assert sum(label not in ("none", "normal") for label in labels) == 5 * len(labels) // 7, lang
            for selector in (".card__title", ".button", ".files tbody td"):
                assert platform_fonts(browser, selector) == {"Inter"}, f"{lang}: {selector}"


@pytest.mark.build
def test_the_log_and_the_download_page_give_a_file_the_same_size(tmp_path):
    """Issue 23: "225 KB" in the log, "230 ko" on the page. One programme built: the size its log line
    gives is the English page's and, in French units, the French page's, as its byte count makes it."""
    output = tmp_path / "out"
    built = run_cli(
        "build", "--event", "2017-05-thessaloniki", "--kind", "programme", "--lang", "fr", "--lang", "en",
        "--variant", "screen", "--output", str(output),
    )  # fmt: skip
    assert built.exit_code == 0, built.output
    logged = dict(re.findall(r"wrote out/(\S+\.pdf)  \(\d+ p\., ([\d.,]+ [kM]B), ", built.output))
    assert set(logged) == {
        "fr/programme-2017-05-thessaloniki-screen.pdf",
        "en/programme-2017-05-thessaloniki-screen.pdf",
    }
    for name, size in logged.items():
        assert size == format_size((output / name).stat().st_size, "en")
        page = unescape((output / name.split("/")[0] / "index.html").read_text(encoding="utf-8"))
        shown = format_size((output / name).stat().st_size, name.split("/")[0])
        assert f"<span>{shown}</span>" in page, (name, shown)
        assert shown.split("\u202f")[0].split(" ")[0] == size.split(" ")[0]  # the same number: 230 kB, 230 ko


# The sizes the EU's rules for a website are checked at: a phone, a laptop.
EU_VIEWPORTS = ((390, 844), (1280, 800))
EU_GEOMETRY = """(() => {
  const box = e => { const r = e.getBoundingClientRect(); return {left: r.left, top: r.top, right: r.right,
                     bottom: r.bottom, width: r.width, height: r.height}; };
  const words = document.querySelector('.site-funding__words');
  return {emblem: box(document.querySelector('.site-funding__emblem svg')), words: box(words),
          text: words.textContent, style: getComputedStyle(words).fontStyle, colour: getComputedStyle(words).color,
          scrolled: scrollY};
})()"""


@pytest.mark.build
@pytest.mark.browser
@pytest.mark.parametrize("size", EU_VIEWPORTS, ids=[f"{w}x{h}" for w, h in EU_VIEWPORTS])
def test_the_eu_emblem_and_its_words_show_without_scrolling(chromium, pages, size, tmp_path):
    """Every download page shows the EU emblem and its words in the page's language inside the first
    screen, the words in Ubuntu, upright, black (the shipped network: 2014-2020, the Union's name)."""
    width, height = size
    with Browser(width, height) as browser:
        browser.set_viewport(width, height)
        for lang, page in pages.items():
            browser.open(page.resolve().as_uri())
            browser.wait_for("document.fonts.status === 'loaded'")
            shown = browser.evaluate(EU_GEOMETRY)
            for part in ("emblem", "words"):
                box = shown[part]
                assert box["width"] > 0 and box["height"] > 0, (lang, part)
                assert box["top"] >= 0 and box["bottom"] <= height and box["left"] >= 0 and box["right"] <= width, (
                    f"{lang or 'index'} at {width}x{height}: the {part} is outside the first screen: {box}"
                )
            assert (
                shown["emblem"]["height"] >= 24
                and abs(shown["emblem"]["width"] / shown["emblem"]["height"] - 1.5) < 0.01
            )
            assert shown["text"] == wording(lang or "fr").union, lang
            assert shown["style"] == "normal" and shown["colour"] == "rgb(0, 0, 0)", lang
            assert platform_fonts(browser, ".site-funding__words") == {"Ubuntu"}, lang
            browser.screenshot(tmp_path / f"eu-{lang or 'index'}-{width}.png")
    if os.environ.get("PUBLICATION_SCREENSHOTS"):
        shutil.copytree(tmp_path, os.environ["PUBLICATION_SCREENSHOTS"], dirs_exist_ok=True)


# --- the accessibility statement ------------------------------------------------------------


def test_the_statement_names_every_check_the_build_runs_on_screen_files():
    """Each finding the build's screen checks can give (preflight/screen*.py, preflight/eu.py) is in one
    group of the statement's table, and the table names no check that does not exist."""
    folder = ROOT / "publication" / "preflight"
    given = set(EU_CHECKS)
    for module in [*folder.glob("screen*.py")]:
        given |= set(re.findall(r'\.add\(\s*"(?:error|warning)",\s*"([a-z0-9-]+)"', module.read_text(encoding="utf-8")))
    named = [check for checks in BUILD_CHECKS.values() for check in checks]
    assert len(named) == len(set(named)) and set(named) == given


@pytest.mark.build
def test_every_page_has_an_accessibility_statement_from_the_build(pages, manifest):
    """Status (the number of screen PDFs built), the checks, the limitations and the contact, in each language."""
    screen = sum(entry["variant"] == "screen" for entry in manifest)
    contact = read_sources(ROOT / "sources").contacts.contacts[0].email
    for lang, page in pages.items():
        if not lang:
            continue
        html = plain(unescape(page.read_text(encoding="utf-8")))
        section = html[html.index('<section class="section section--accessibility"') :]
        section = COMPOUND.sub(r"\1", section[: section.index("</section>")])
        words = {key: plain(text) for key, text in theme_messages(lang).items() if isinstance(text, str)}
        assert words["a11y_section"] in section and str(screen) in section, lang
        assert all(words[key] in section for key in [*BUILD_CHECKS, *KNOWN_LIMITATIONS]), lang
        assert f'href="mailto:{contact}"' in section, lang


def plain(text: str) -> str:
    """Text as compared: the typographer's apostrophes, no-break spaces and hyphens made plain."""
    return text.replace("’", "'").replace("\u00a0", " ").replace("\u202f", " ").replace("\u2011", "-")


def theme_messages(lang: str) -> dict:
    import yaml

    return yaml.safe_load((ROOT / "layouts" / "messages" / "site" / f"{lang}.yaml").read_text(encoding="utf-8"))
