"""The web programme (kind `web`, layouts/web.html): one page per event and language, from the programme's
data. Parsed as a browser parses it, its links followed, rebuilt only when its event changes, the same
bytes every time; in headless Chromium at a phone's and a desktop's width: nothing scrolled sideways,
a slot's parallel sessions side by side or stacked, every session's title shown, in the brand's Inter,
and no axe-core violation."""

from __future__ import annotations

import base64
import functools
import itertools
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pypdfium2
import pytest
from tinyhtml5.parser import HTMLParser

from publication.localise import Languages
from publication.plan import BuildOptions, Project
from publication.publish import build
from publication.sources import read_sources
from publication.timetable import day_views
from tests.conftest import ROOT
from tests.test_site import PageParser, platform_fonts
from tools.browser import Browser

CONFERENCE = ROOT / "examples" / "conference"  # parallel slots of six sessions
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"  # package-lock.json; ./install --dev runs `npm ci`
WIDTHS = (390, 1280)  # a phone, a desktop


def web_pages(output: Path) -> list[Path]:
    return sorted(output.glob("*/web-*.html"))


def parse_errors(page: Path) -> list:
    """What the HTML parsing algorithm (WHATWG, as browsers run it) reports of the page: [] when well formed."""
    parser = HTMLParser()
    parser.parse(page.read_bytes())
    return parser.errors


def parsed(page: Path) -> PageParser:
    parser = PageParser()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


@functools.cache
def sources_and_languages(project: Path) -> tuple:
    sources = read_sources(project / "sources")
    return sources, Languages(sources.site.source_language, project, sources.network)


def session_titles(project: Path, lang: str, workshop: str) -> list[str]:
    """Every item's and parallel session's title in the event's agenda, as the page prints it."""
    sources, languages = sources_and_languages(project)
    language = languages[lang]
    titles = []
    for day in day_views(language, sources.workshops[workshop]):
        for item in day.items:
            titles += [item.title] if item.title else []
            titles += [session.title for session in item.parallel]
    return [plain(title) for title in titles]


def plain(text: str) -> str:
    """Text as a reader sees it: every space one space, the layouts' non-breaking hyphens plain."""
    return re.sub(r"\s+", " ", text.replace("\u2011", "-").replace("\u00a0", " ")).strip()


@pytest.fixture(scope="module")
def web_only(tmp_path_factory) -> Path:
    """The shipped project's web pages alone (no PDF: no WeasyPrint)."""
    output = tmp_path_factory.mktemp("web") / "output"
    build(Project(ROOT, output), BuildOptions(kinds=("web",)))
    return output


def test_one_page_per_event_and_language_well_formed_with_its_fonts_beside_it(web_only):
    manifest = json.loads((web_only / "manifest.json").read_text())["files"]
    assert [e["path"] for e in manifest] == sorted(p.relative_to(web_only).as_posix() for p in web_pages(web_only))
    assert len(manifest) >= 10 and {e["variant"] for e in manifest} == {"web"}
    for entry in manifest:
        page = web_only / entry["path"]
        assert parse_errors(page) == [], entry["path"]
        assert entry["trim_mm"] == [] and entry["pages"] == 1 and entry["bytes"] == page.stat().st_size
        html = page.read_text(encoding="utf-8")
        fonts = re.findall(r'url\("([^"]+)"\)', html)
        assert fonts and all(font.startswith("fonts/Inter-") for font in fonts), entry["path"]
        assert all((page.parent / font).is_file() for font in fonts), entry["path"]  # in the page's own folder
        for href, _ in parsed(page).links:
            parts = urlsplit(href)
            assert not parts.scheme and not parts.netloc and not href.startswith("/"), (entry["path"], href)


def test_the_same_sources_give_the_same_bytes(web_only, tmp_path):
    again = tmp_path / "elsewhere"
    build(Project(ROOT, again), BuildOptions(kinds=("web",)))
    for page in web_pages(web_only):
        assert (again / page.relative_to(web_only)).read_bytes() == page.read_bytes(), page.name


def test_editing_one_events_agenda_rebuilds_that_events_pages_only(project_copy, tmp_path):
    project = project_copy
    output = tmp_path / "output"
    english = BuildOptions(kinds=("web",), languages=("en",))  # every event has an English page
    first = build(Project(project, output), english)
    event = project / "sources" / "workshops" / "2017-05-thessaloniki.yaml"
    text = event.read_text(encoding="utf-8")
    assert "Peer review: partners' practices" in text
    event.write_text(text.replace("Peer review: partners' practices", "Peer review: practices compared"), "utf-8")
    second = build(Project(project, output), english)
    rebuilt = sorted(w.path.relative_to(output).as_posix() for w in second.written)
    expected = sorted(p for p in (w.path.relative_to(output).as_posix() for w in first.written) if "thessaloniki" in p)
    assert rebuilt == expected == ["en/web-2017-05-thessaloniki.html"]
    assert len(second.unchanged) == len(first.written) - 1 == 4
    assert "Peer review: practices compared" in (output / "en" / "web-2017-05-thessaloniki.html").read_text()


def test_every_session_title_is_on_the_page(web_only):
    sources = sources_and_languages(ROOT)[0]
    for page in web_pages(web_only):
        lang, workshop = page.parent.name, page.stem.removeprefix("web-")
        text = plain(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))
        titles = session_titles(ROOT, lang, workshop)
        assert bool(titles) == bool(sources.workshops[workshop].agenda), page.name
        for title in titles:
            assert title in text.replace("&#39;", "'"), (page.name, title)


# --- with the programme's PDFs: the QR code, the download page, every link ---------------------------


@pytest.fixture(scope="module")
def conference(tmp_path_factory) -> Path:
    """The conference example's programme (PDFs) and web programme, with its download page."""
    output = tmp_path_factory.mktemp("conference") / "output"
    build(Project(CONFERENCE, output), BuildOptions(kinds=("programme", "web")))
    return output


def qr_codes(zbarimg: str, pdf: Path, workdir: Path) -> set[str]:
    """What zbarimg reads on the PDF's last page (the programme's closing block), rasterised at 150 dpi."""
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        image = document[len(document) - 1].render(scale=150 / 72).to_pil().convert("L")
    finally:
        document.close()
    png = workdir / f"{pdf.stem}.png"
    image.save(png)
    command = [zbarimg, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(png)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    return {line for line in result.stdout.splitlines() if line}


@pytest.mark.build
def test_the_programmes_qr_code_leads_to_its_web_page(conference, zbarimg, tmp_path):
    base_url = read_sources(CONFERENCE / "sources").site.base_url
    pdfs = sorted(conference.glob("*/programme-*.pdf"))
    assert len(pdfs) == 4  # en, fr; screen, print
    for pdf in pdfs:
        page = f"{pdf.parent.name}/{re.sub(r'-(screen|print)[.]pdf$', '.html', pdf.name.replace('programme-', 'web-'))}"
        assert (conference / page).is_file()
        assert qr_codes(zbarimg, pdf, tmp_path) == {f"{base_url}{page}"}


@pytest.mark.build
def test_the_download_page_links_the_web_page_and_the_web_page_its_files(conference):
    for page in web_pages(conference):
        targets = {unquote(urlsplit(href).path) for href, _ in parsed(page).links if not href.startswith("#")}
        for target in targets:
            assert (page.parent / target).resolve().is_file(), (page.name, target)
        assert {Path(t).suffix for t in targets} >= {".pdf", ".ics", ".html"}
        index = page.parent / "index.html"
        assert page.name in {Path(href).name for href, _ in parsed(index).links}, index


# --- in Chromium ------------------------------------------------------------------------------------

GEOMETRY = """(() => {
  const box = element => { const r = element.getBoundingClientRect(); return {top: r.top, left: r.left, right: r.right}; };
  return {
    viewport: innerWidth,
    scroll_width: document.documentElement.scrollWidth,
    slots: [...document.querySelectorAll('.parallel')].map(list => [...list.children].map(box)),
    text: document.body.innerText,
  };
})()"""
AXE_RUN = "axe.run(document).then(r => r.violations.map(v => [v.id, v.impact, v.nodes.map(n => n.target.join(' '))]))"


@pytest.mark.build
@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_side_by_side_on_a_desktop_stacked_on_a_phone_and_accessible(chromium, conference, web_only, width, tmp_path):
    """Every web page of the conference example (slots of six parallel sessions) and of the shipped sources, from
    the disk. Full-page screenshots in pytest's temporary folder, copied to $PUBLICATION_SCREENSHOTS when set."""
    if not AXE.is_file():
        pytest.fail(f"no {AXE.relative_to(ROOT)}: run `npm ci` (./install --dev does)")
    pages = [(CONFERENCE, page) for page in web_pages(conference)] + [(ROOT, page) for page in web_pages(web_only)]
    with Browser(width, 900) as browser:
        for project, page in pages:
            browser.set_viewport(width, 900)
            browser.open(page.resolve().as_uri())
            browser.wait_for("document.fonts.status === 'loaded'")
            shown_as_designed(browser, project, page, width)
            browser.evaluate(AXE.read_text(encoding="utf-8"))
            assert browser.evaluate(AXE_RUN) == [], f"{page.parent.name}/{page.name} at {width} px"
            browser.screenshot(tmp_path / f"{project.name}-{page.parent.name}-{page.stem}-{width}.png", full_page=True)
    if os.environ.get("PUBLICATION_SCREENSHOTS"):
        shutil.copytree(tmp_path, os.environ["PUBLICATION_SCREENSHOTS"], dirs_exist_ok=True)


def shown_as_designed(browser: Browser, project: Path, page: Path, width: int) -> None:
    """Nothing scrolled sideways; a slot's parallel sessions side by side on a desktop, stacked on a phone (the
    conference has such slots); every session's title in the text; the text set in the brand's Inter."""
    where = f"{page.parent.name}/{page.name} at {width} px"
    shown = browser.evaluate(GEOMETRY)
    assert shown["viewport"] == width and shown["scroll_width"] <= width, f"{where} scrolls sideways"
    slots = [slot for slot in shown["slots"] if len(slot) > 1]
    assert slots or project != CONFERENCE, where
    for slot in slots:
        first, second = slot[0], slot[1]
        if width >= 1024:  # side by side: one row, the second to the right of the first
            assert first["top"] == second["top"] and second["left"] >= first["right"], where
        else:  # stacked: one column
            assert all(s["left"] == first["left"] for s in slot), where
            assert all(a["top"] < b["top"] for a, b in itertools.pairwise(slot)), where
    text = plain(shown["text"])
    for title in session_titles(project, page.parent.name, page.stem.removeprefix("web-")):
        assert title in text, (where, title)
    for selector in (".masthead__title", ".session__title", ".item__time"):  # "Inter Semi Bold"…
        assert {font.split()[0] for font in platform_fonts(browser, selector)} == {"Inter"}, (where, selector)


def test_the_credits_logos_travel_inside_the_page(project_copy, tmp_path):
    """A logo of the credits (an SVG and a picture) is a data: URI of its file's bytes, with its text alternative."""
    from tests.test_logos import with_logos

    with_logos(project_copy)
    output = tmp_path / "output"
    build(Project(project_copy, output), BuildOptions(kinds=("web",), languages=("en",)))
    page = output / "en" / "web-2017-05-thessaloniki.html"
    logos = [image for image in parsed(page).images if "credits__logo" in (image.get("class") or "")]
    svg = base64.b64encode((project_copy / "sources/images/urbact.svg").read_bytes()).decode()
    png = base64.b64encode((project_copy / "sources/images/vdm.png").read_bytes()).decode()
    assert [image["src"] for image in logos] == [f"data:image/svg+xml;base64,{svg}", f"data:image/png;base64,{png}"]
    assert all(image["alt"] for image in logos) and parse_errors(page) == []


def test_an_event_without_its_agenda_yet_says_the_programme_will_follow_on_this_page(project_copy, tmp_path):
    event = project_copy / "sources" / "workshops" / "2018-01-val-de-marne.yaml"
    text = event.read_text(encoding="utf-8")
    start = text.index("\nagenda:")
    following = re.search(r"\n(?=[a-z_]+:)", text[start + 1 :])
    event.write_text(text[:start] + (text[start + 1 + following.start() :] if following else "\n"), "utf-8")
    output = tmp_path / "output"
    build(
        Project(project_copy, output), BuildOptions(kinds=("web",), languages=("en",), events=("2018-01-val-de-marne",))
    )
    page = output / "en" / "web-2018-01-val-de-marne.html"
    html = page.read_text(encoding="utf-8")
    assert parse_errors(page) == [] and 'class="agenda"' not in html
    assert "The detailed programme will be published on this page as soon as it is\u00a0settled." in html
    hrefs = [href for href, _ in parsed(page).links]
    assert "calendar/2018-01-val-de-marne.ics" in hrefs and "calendar/sessions/2018-01-val-de-marne.ics" not in hrefs


def test_the_preview_refuses_a_web_page_alone():
    """The preview shows PDF pages; `--kind web` alone is a mistake said as such (exit 2), not every PDF."""
    from click.testing import CliRunner

    from publication.cli import main

    result = CliRunner().invoke(main, ["--project", str(ROOT), "preview", "--kind", "web"])
    assert result.exit_code == 2 and "the preview shows PDFs" in result.output, result.output
