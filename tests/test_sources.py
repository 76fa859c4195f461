"""Bad sources: each gives a clear message naming file, line and field, and exit code 2."""

from __future__ import annotations

import re
import struct
import zlib

import pytest

from tests.conftest import run_cli

PROGRAMME = "sources/workshops/2017-05-thessaloniki.yaml"
SITE, NETWORK, PARTNERS, CONTACTS = (f"sources/{name}.yaml" for name in ("site", "network", "partners", "contacts"))
IMAGE = "image:\n  src: {}\n  alt: Thessaloniki\nvenue:\n"


def replace_in(project, relative, old, new, count=1):
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares a size and holds no pixels: what a decompression bomb shows first."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


def writing(relative: str, content, image: str | None = None):
    """A setup that writes a whole file (and, given `image`, makes it the Thessaloniki workshop's image)."""

    def setup(project):
        path = project / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        if image:
            replace_in(project, PROGRAMME, "venue:\n", IMAGE.format(image))

    return setup


def linking_outside(relative: str):
    """A setup that replaces a file by a symbolic link to a copy of it outside the project."""

    def setup(project):
        path = project / relative
        outside = project.parent / f"outside-{path.name}"
        outside.write_bytes(path.read_bytes())
        path.unlink()
        path.symlink_to(outside)

    return setup


def svg(body: str, head: str = "") -> str:
    return (
        f'{head}<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="40" height="40">\n{body}\n</svg>\n'
    )


SVG_FILE = "sources/images/figure.svg"
LAUGHS = "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 9))
DEEP = "[" * 3000 + "]" * 3000
BLOCK_DEEP = "".join("  " * i + f"k{i}:\n" for i in range(60))
PADDING = "# " + "x" * 1000 + "\n"
SETUP = None  # in place of the old text: the new one is a setup function

# (what is broken, file, old text, new text, expected "file:line" (or "file: " when no line fits),
# expected field, words of the message)
BAD_INPUTS = [
    (
        "time not like 09:00",
        PROGRAMME,
        'start: "09:30"',
        "start: 9h",
        f"{PROGRAMME}:",
        "agenda[1].sessions[2].start",
        "'9h' is not a time like 09:00",
    ),
    ("unknown key with did-you-mean", PROGRAMME, "venue:", "venu:", f"{PROGRAMME}:", "venu", "did you mean 'venue'"),
    (
        "duplicate key",
        PROGRAMME,
        "host: thessaloniki",
        "host: thessaloniki\nhost: patras",
        f"{PROGRAMME}:",
        "host",
        "duplicate key 'host'",
    ),
    (
        "impossible date",
        PROGRAMME,
        "date: 2017-05-17",
        "date: 2017-02-30",
        f"{PROGRAMME}:",
        "agenda[1].date",
        "does not exist",
    ),
    (
        "missing required field",
        "sources/partners.yaml",
        "    role: lead\n",
        "",
        "sources/partners.yaml:",
        "partners[1].role",
        "is required",
    ),
    (
        "wrong literal",
        "sources/partners.yaml",
        "role: lead",
        "role: leader",
        "sources/partners.yaml:",
        "partners[1].role",
        "is not allowed",
    ),
    (
        "unknown host",
        PROGRAMME,
        "host: thessaloniki",
        "host: thesaloniki",
        f"{PROGRAMME}:",
        "host",
        "did you mean 'thessaloniki'",
    ),
    (
        "end before start",
        PROGRAMME,
        'end: "10:30"',
        'end: "08:00"',
        f"{PROGRAMME}:",
        "agenda[1].sessions[2]",
        "not after it starts",
    ),
    ("YAML syntax error", PROGRAMME, "title:\n", "title: [\n", f"{PROGRAMME}:", "", "YAML syntax error"),
    ("bad month", PROGRAMME, "dates: 2017-05", "dates: 2017-13", f"{PROGRAMME}:", "dates", "no month 13"),
    (
        "ink above 300 %",
        "sources/site.yaml",
        "cmyk: [100, 72, 0, 38]",
        "cmyk: [100, 100, 100, 38]",
        "sources/site.yaml:",
        "brand.primary.cmyk",
        "above the 300 %",
    ),
    ("not UTF-8", PROGRAMME, "Thessalonique", "Thessalonique\udcff", f"{PROGRAMME}:", "", "is not UTF-8"),
    # Language codes.
    (
        "country code written for a language",
        PROGRAMME,
        "  en: Transnational workshop in Thessaloniki",
        "  gr: Μεταναστευτικό εργαστήριο",
        f"{PROGRAMME}:",
        "title.gr",
        "it is the country code of GR",
    ),
    (
        "unknown language code in a text",
        PROGRAMME,
        "  en: Housing and the reception of asylum seekers",
        "  en: Housing\n  xq: Wohnen",
        f"{PROGRAMME}:",
        "theme.xq",
        "'xq' is not a known language code",
    ),
    (
        "unknown key at the top of a file",
        NETWORK,
        "period:",
        "summary_extra: x\nperiod:",
        f"{NETWORK}:",
        "summary_extra",
        "unknown key 'summary_extra'",
    ),
    (
        "workshop language not published",
        PROGRAMME,
        "languages: [el]",
        "languages: [es]",
        f"{PROGRAMME}:",
        "languages[1]",
        "'es' is not one of the site's languages",
    ),
    (
        "site language that is no language",
        SITE,
        "languages: [fr, en, de, el]",
        "languages: [fr, en, de, el, xq]",
        f"{SITE}:",
        "languages[5]",
        "'xq' is not a known language code",
    ),
    (
        "partner language in a wrong form",
        PARTNERS,
        "language: pt",
        "language: portuguese",
        f"{PARTNERS}:",
        "partners[1].language",
        "is not in the expected form",
    ),
    # Wrong types.
    (
        "list where text is expected",
        PROGRAMME,
        "host: thessaloniki",
        "host: [thessaloniki]",
        f"{PROGRAMME}:",
        "host",
        "should be text",
    ),
    (
        "text where a list is expected",
        PROGRAMME,
        "languages: [el]",
        "languages: el",
        f"{PROGRAMME}:",
        "languages",
        "should be a list",
    ),
    (
        "text where a group is expected",
        PROGRAMME,
        "venue:\n",
        "venue: the town hall\nvenue_old:\n",
        f"{PROGRAMME}:",
        "venue",
        "should be a group of fields",
    ),
    (
        "word where a number is expected",
        PARTNERS,
        "lat: 38.7538",
        "lat: north",
        f"{PARTNERS}:",
        "partners[1].location.lat",
        "'north' is not a number",
    ),
    (
        "latitude out of range",
        PARTNERS,
        "lat: 38.7538",
        "lat: 138.7538",
        f"{PARTNERS}:",
        "partners[1].location.lat",
        "is out of range",
    ),
    (
        "year that is not a number",
        NETWORK,
        "period: {start: 2016",
        "period: {start: twenty16",
        f"{NETWORK}:",
        "period.start",
        "'twenty16' is not a whole number",
    ),
    (
        "e-mail address without @",
        CONTACTS,
        "email: europe@valdemarne.fr",
        "email: europe.valdemarne.fr",
        f"{CONTACTS}:",
        "contacts[1].email",
        "is not in the expected form",
    ),
    (
        "empty text",
        PROGRAMME,
        "  en: Transnational workshop in Thessaloniki",
        '  en: ""',
        f"{PROGRAMME}:",
        "title",
        "the 'en' text is empty",
    ),
    ("missing host", PROGRAMME, "host: thessaloniki\n", "", f"{PROGRAMME}:", "host", "is required but missing"),
    (
        "tab in the indentation",
        PROGRAMME,
        "venue:\n  name:",
        "venue:\n\tname:",
        f"{PROGRAMME}:17",
        "",
        "YAML syntax error: a tab at column 1",
    ),
    (
        "tab: the fix",
        PROGRAMME,
        "venue:\n  name:",
        "venue:\n\tname:",
        f"{PROGRAMME}:17",
        "",
        "fix: replace the tab with spaces",
    ),
    (
        "French spacing before a colon",
        PROGRAMME,
        "    fr: Hôtel de ville de Thessalonique\n",
        "    fr: Accès : métro ligne 8\n",
        f"{PROGRAMME}:18",
        "",
        "the text holds ' : ', which YAML reads as the start of a new key",
    ),
    (
        "French spacing before a colon: the fix",
        PROGRAMME,
        "    fr: Hôtel de ville de Thessalonique\n",
        "    fr: Accès : métro ligne 8\n",
        f"{PROGRAMME}:18",
        "",
        'fix: put the whole text in double quotes: fr: "Accès : métro ligne 8"',
    ),
    (
        "indented one space too deep",
        PROGRAMME,
        "    en: Thessaloniki City Hall\n",
        "     en: Thessaloniki City Hall\n",
        f"{PROGRAMME}:19",
        "",
        "wrong indentation: the line starts at column 6",
    ),
    (
        "indented one space too deep: the column expected",
        PROGRAMME,
        "    en: Thessaloniki City Hall\n",
        "     en: Thessaloniki City Hall\n",
        f"{PROGRAMME}:19",
        "",
        "fix: start it at column 5, like 'fr' on line 18",
    ),
    (
        "a three-space indent",
        PROGRAMME,
        "    en: Thessaloniki City Hall\n",
        "   en: Thessaloniki City Hall\n",
        f"{PROGRAMME}:19",
        "",
        "fix: start it at column 5, like 'fr' on line 18, or at column 3, like 'name' on line 17",
    ),
    # Images, fonts and the ICC profile.
    (
        "image that does not exist",
        PROGRAMME,
        "venue:\n",
        IMAGE.format("sources/images/missing.png"),
        f"{PROGRAMME}:",
        "image.src",
        "'sources/images/missing.png' does not exist",
    ),
    (
        "image that is not an image",
        PROGRAMME,
        "venue:\n",
        IMAGE.format("sources/site.yaml"),
        f"{PROGRAMME}:",
        "image.src",
        "is not an image",
    ),
    (
        "image at an absolute path",
        PROGRAMME,
        "venue:\n",
        IMAGE.format("/etc/hostname"),
        f"{PROGRAMME}:",
        "image.src",
        "is not a path inside the project",
    ),
    (
        "image outside the project",
        PROGRAMME,
        "venue:\n",
        IMAGE.format("../../outside.png"),
        f"{PROGRAMME}:",
        "image.src",
        "leads outside the project folder",
    ),
    (
        "image on the network",
        PROGRAMME,
        "venue:\n",
        IMAGE.format("https://example.org/photo.jpg"),
        f"{PROGRAMME}:",
        "image.src",
        "is not a path inside the project",
    ),
    (
        "image without alt text",
        PROGRAMME,
        "venue:\n",
        "image:\n  src: styles/icc/x.png\nvenue:\n",
        f"{PROGRAMME}:",
        "image.alt",
        "is required but missing",
    ),
    (
        "ICC profile that does not exist",
        SITE,
        "output_profile: styles/icc/FOGRA39L.icc",
        "output_profile: styles/icc/missing.icc",
        f"{SITE}:",
        "print.output_profile",
        "does not exist",
    ),
    (
        "ICC profile that is not one",
        SITE,
        "output_profile: styles/icc/FOGRA39L.icc",
        "output_profile: styles/base.css",
        f"{SITE}:",
        "print.output_profile",
        "is not an ICC profile",
    ),
    (
        "font that does not exist",
        "styles/fonts.css",
        "fonts/Inter-Regular.otf",
        "fonts/Inter-Regullar.otf",
        "styles/fonts.css:",
        "@font-face src",
        "'fonts/Inter-Regullar.otf' does not exist",
    ),
    (
        "font that is not a font",
        "styles/fonts.css",
        "fonts/Inter-Regular.otf",
        "fonts/LICENSE-Inter.txt",
        "styles/fonts.css:",
        "@font-face src",
        "is not a font file",
    ),
    (
        "stylesheet image on the network",
        "styles/base.css",
        "\n",
        "\nbody { background: url(https://example.org/a.png); }\n",
        "styles/base.css:",
        "url()",
        "is not a path inside the project",
    ),
    # Bounds of the loader: aliases, nesting, size.
    (
        "billion laughs",
        PROGRAMME,
        "venue:\n",
        "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + LAUGHS + "venue:\n",
        f"{PROGRAMME}:",
        "l4[1]",
        "its aliases repeat more than 10,000 values",
    ),
    (
        "alias inside its own anchor",
        PROGRAMME,
        "venue:\n",
        "loop: &loop [a, *loop]\nvenue:\n",
        f"{PROGRAMME}:",
        "loop[2]",
        "the alias *loop repeats the value it is inside of",
    ),
    (
        "mapping alias inside itself",
        PROGRAMME,
        "venue:\n",
        "loop: &m {again: *m}\nvenue:\n",
        f"{PROGRAMME}:",
        "loop.again",
        "the alias *m repeats the value it is inside of",
    ),
    (
        "alias without anchor",
        PROGRAMME,
        "host: thessaloniki",
        "host: *nowhere",
        f"{PROGRAMME}:",
        "host",
        "the alias *nowhere names no anchor",
    ),
    (
        "3,000-deep nesting",
        PROGRAMME,
        "venue:\n",
        f"deep: {DEEP}\nvenue:\n",
        f"{PROGRAMME}:",
        "deep[1][1]",
        "nests deeper than 40 levels",
    ),
    (
        "60-deep block nesting",
        PROGRAMME,
        "venue:\n",
        BLOCK_DEEP + "venue:\n",
        f"{PROGRAMME}:",
        "k0.k1.k2",
        "nests deeper than 40 levels",
    ),
    (
        "source file too large",
        PROGRAMME,
        "venue:\n",
        PADDING * 5300 + "venue:\n",
        f"{PROGRAMME}: ",
        "",
        "is larger than the 5 MB a source file may hold",
    ),
    (
        "sources too large together",
        "sources/workshops/2099-01-a.yaml",
        SETUP,
        lambda project: [
            writing(f"sources/workshops/2099-0{i}-big.yaml", PADDING * 4500)(project) for i in range(1, 6)
        ],
        "sources: ",
        "",
        "holds more than the 20 MB of sources a build reads",
    ),
    ("two YAML documents", PROGRAMME, "venue:\n", "---\nvenue:\n", f"{PROGRAMME}:", "", "more than one document"),
    # Control characters.
    (
        "escape character in a text",
        PROGRAMME,
        "  en: Transnational workshop in Thessaloniki",
        '  en: "Transnational \\x1b[31mworkshop"',
        f"{PROGRAMME}:",
        "title.en",
        "the control character U+001B",
    ),
    (
        "NUL in a text",
        PROGRAMME,
        "  en: Transnational workshop in Thessaloniki",
        '  en: "Transnational\\0"',
        f"{PROGRAMME}:",
        "title.en",
        "the control character U+0000",
    ),
    (
        "C1 control in a text",
        PARTNERS,
        "lat: 38.7538",
        'lat: "38.75\\x9b"',
        f"{PARTNERS}:",
        "partners[1].location.lat",
        "the control character U+009B",
    ),
    (
        "raw escape character",
        PROGRAMME,
        "  en: Transnational workshop in Thessaloniki",
        "  en: Transnational \x1b workshop",
        f"{PROGRAMME}:",
        "title.en",
        "holds the control character U+001B",
    ),
    (
        "escape character in a key",
        PROGRAMME,
        "venue:\n",
        '"ve\\x1bnue": x\nvenue:\n',
        f"{PROGRAMME}:",
        "ve\\x1bnue",
        "the control character U+001B",
    ),
    # Names of the workshop files.
    (
        "same stem as another workshop",
        "sources/workshops/2016-09-dresden.yml",
        SETUP,
        lambda project: (project / "sources/workshops/2016-09-dresden.yml").write_bytes(
            (project / "sources/workshops/2016-09-dresden.yaml").read_bytes()
        ),
        "sources/workshops/2016-09-dresden.yml:",
        "",
        "has the same name as sources/workshops/2016-09-dresden.yaml",
    ),
    (
        "225-character file name",
        "sources/workshops/" + "x" * 225 + ".yaml",
        SETUP,
        lambda project: (project / "sources/workshops" / ("2099-01-" + "x" * 217 + ".yaml")).write_bytes(
            (project / PROGRAMME).read_bytes()
        ),
        "sources/workshops/2099-01-xxx",
        "",
        "has a name of 225 characters, more than the 100",
    ),
    (
        "'#' in a file name",
        "sources/workshops/2099-01-a#b.yaml",
        SETUP,
        lambda project: (project / "sources/workshops/2099-01-a#b.yaml").write_bytes(
            (project / PROGRAMME).read_bytes()
        ),
        "sources/workshops/2099-01-a#b.yaml:",
        "",
        "has '#' in its name",
    ),
    # Numbers.
    (
        "year 0",
        NETWORK,
        "period: {start: 2016",
        "period: {start: 0",
        f"{NETWORK}:",
        "period.start",
        "0 is out of range",
    ),
    (
        "period ending before it starts",
        NETWORK,
        "period: {start: 2016",
        "period: {start: 2019",
        f"{NETWORK}:",
        "period",
        "ends in 2018, before it starts in 2019",
    ),
    (
        "not a number: nan",
        PARTNERS,
        "lat: 38.7538",
        "lat: nan",
        f"{PARTNERS}:",
        "partners[1].location.lat",
        "'nan' is not a number",
    ),
    (
        "infinite number",
        PARTNERS,
        "lon: -9.2308",
        "lon: -inf",
        f"{PARTNERS}:",
        "partners[1].location.lon",
        "'-inf' is not a number",
    ),
    ("slug out of range", SITE, "slug_mm: 10", "slug_mm: 500", f"{SITE}:", "print.slug_mm", "500.0 is out of range"),
    ("resolution of zero", SITE, "min_ppi: 300", "min_ppi: 0", f"{SITE}:", "print.min_ppi", "is out of range"),
    # Catalogues and layouts.
    (
        "catalogue that is not YAML",
        "layouts/messages/en.yaml",
        "title_poster: Network poster",
        "title_poster: [Network poster",
        "layouts/messages/en.yaml:",
        "",
        "YAML syntax error",
    ),
    (
        "unknown placeholder in a catalogue",
        "layouts/messages/en.yaml",
        "{cities}",
        "{citties}",
        "layouts/messages/en.yaml:",
        "map_alt",
        "has the placeholder {citties}, which the layouts do not fill",
    ),
    (
        "unpaired brace in a catalogue",
        "layouts/messages/de.yaml",
        "{cities}",
        "{cities",
        "layouts/messages/de.yaml:",
        "map_alt",
        "has a brace that does not pair",
    ),
    (
        "control character in a catalogue",
        "layouts/messages/en.yaml",
        "title_poster: Network poster",
        'title_poster: "Network\\x07poster"',
        "layouts/messages/en.yaml:",
        "title_poster",
        "the control character U+0007",
    ),
    (
        "agenda day outside the dates",
        PROGRAMME,
        "  - date: 2017-05-17",
        "  - date: 2017-06-17",
        f"{PROGRAMME}:27",
        "agenda[1].date",
        "agenda day 2017-06-17 lies outside the workshop's dates (2017-05-17 to 2017-05-18)",
    ),
    (
        "Jinja syntax error in a layout",
        "layouts/programme.html",
        "{% block body %}",
        "{% block body %}{% if %}",
        "layouts/programme.html:4",
        "",
        "Jinja syntax error: Expected an expression",
    ),
    (
        "Jinja syntax error in a partial",
        "layouts/partials/draft_mark.html",
        "{% if draft %}",
        "{% if draft %}\n{{ draft_mark }",
        "layouts/partials/draft_mark.html:4",
        "",
        "Jinja syntax error",
    ),
    # Images and fonts that cannot be decoded.
    (
        "PNG of 100000 × 100000 px",
        "sources/images/bomb.png",
        SETUP,
        writing("sources/images/bomb.png", png_header(100000, 100000), "sources/images/bomb.png"),
        f"{PROGRAMME}:",
        "image.src",
        "declares 10,000,000,000 pixels, more than the 100,000,000 a build decodes",
    ),
    (
        "PNG of 12000 × 9000 px",
        "sources/images/large.png",
        SETUP,
        writing("sources/images/large.png", png_header(12000, 9000), "sources/images/large.png"),
        f"{PROGRAMME}:",
        "image.src",
        "declares 12,000 × 9,000 pixels",
    ),
    (
        "font with a signature and garbage",
        "styles/fonts/Broken.otf",
        SETUP,
        lambda project: (
            writing("styles/fonts/Broken.otf", b"OTTO" + bytes(range(256)) * 8)(project),
            replace_in(project, "styles/fonts.css", "fonts/Inter-Italic.otf", "fonts/Broken.otf"),
        ),
        "styles/fonts.css:",
        "@font-face src",
        "'fonts/Broken.otf' is a damaged font file",
    ),
    # SVG images: every refusal is an error, never a blank image.
    (
        "SVG image reading a file: address",
        SVG_FILE,
        SETUP,
        writing(SVG_FILE, svg('<image xlink:href="file:///etc/hostname" width="9" height="9"/>'), SVG_FILE),
        f"{PROGRAMME}:",
        "image.src",
        "refers to 'file:///etc/hostname' (<image>, its line 2), which is refused",
    ),
    (
        "SVG image reading an http: address",
        SVG_FILE,
        SETUP,
        writing(SVG_FILE, svg('<image href="http://example.org/a.png" width="9" height="9"/>'), SVG_FILE),
        f"{PROGRAMME}:",
        "image.src",
        "refers to 'http://example.org/a.png'",
    ),
    (
        "SVG image with an external <use>",
        SVG_FILE,
        SETUP,
        writing(SVG_FILE, svg('<use href="other.svg#shape"/>'), SVG_FILE),
        f"{PROGRAMME}:",
        "image.src",
        "an SVG <use> may only name an element of the same image",
    ),
    (
        "SVG image with XXE",
        SVG_FILE,
        SETUP,
        writing(
            SVG_FILE,
            svg("<text>&xxe;</text>", '<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'),
            SVG_FILE,
        ),
        f"{PROGRAMME}:",
        "image.src",
        "line 1: declares a DOCTYPE",
    ),
    (
        "malformed SVG image",
        SVG_FILE,
        SETUP,
        writing(SVG_FILE, svg('<rect width="9">'), SVG_FILE),
        f"{PROGRAMME}:",
        "image.src",
        "line 3: is not well-formed XML (mismatched tag)",
    ),
    (
        "SVG image importing a stylesheet",
        SVG_FILE,
        SETUP,
        writing(SVG_FILE, svg('<style>@import "https://example.org/x.css";</style>'), SVG_FILE),
        f"{PROGRAMME}:",
        "image.src",
        "refers to 'https://example.org/x.css' (<style>, its line 2)",
    ),
    (
        "HTML file named .svg",
        SVG_FILE,
        SETUP,
        writing(SVG_FILE, "<html><body>x</body></html>", SVG_FILE),
        f"{PROGRAMME}:",
        "image.src",
        "its root element is <html>, not <svg>",
    ),
    (
        "SVG background in a stylesheet",
        "styles/images/pattern.svg",
        SETUP,
        lambda project: (
            writing("styles/images/pattern.svg", svg('<image href="/etc/hostname"/>'))(project),
            replace_in(project, "styles/base.css", "\n", "\nbody { background: url(images/pattern.svg); }\n"),
        ),
        "styles/base.css:",
        "url()",
        "refers to '/etc/hostname'",
    ),
    (
        "background in an @imported sheet",
        "styles/extra/more.css",
        SETUP,
        lambda project: (
            writing("styles/extra/more.css", "body { background: url(https://example.org/a.png); }\n")(project),
            replace_in(
                project,
                "styles/programme.css",
                '@import url("a4.css");',
                '@import url("a4.css");\n@import url("extra/more.css");',
            ),
        ),
        "styles/extra/more.css:1",
        "url()",
        "is not a path inside the project",
    ),
    # Links leaving the project: refused before anything is read.
    (
        "stylesheet linked outside the project",
        "styles/base.css",
        SETUP,
        linking_outside("styles/base.css"),
        "styles/base.css: ",
        "",
        "is a symbolic link to",
    ),
    (
        "workshop linked outside the project",
        PROGRAMME,
        SETUP,
        linking_outside(PROGRAMME),
        f"{PROGRAMME}: ",
        "",
        "leads outside the project folder",
    ),
    (
        "layout linked outside the project",
        "layouts/partials/draft_mark.html",
        SETUP,
        linking_outside("layouts/partials/draft_mark.html"),
        "layouts/partials/draft_mark.html: ",
        "",
        "is a symbolic link to",
    ),
    (
        "catalogue linked outside the project",
        "layouts/messages/el.yaml",
        SETUP,
        linking_outside("layouts/messages/el.yaml"),
        "layouts/messages/el.yaml: ",
        "",
        "is a symbolic link to",
    ),
    # Text drawn outside the HTML that no project font has.
    (
        "CSS content: without a glyph",
        "styles/base.css",
        "\n",
        '\n.masthead__title::after { content: "\\2603"; }\n',
        "styles/base.css:2",
        "content",
        "'☃' (U+2603 SNOWMAN) has no glyph in the font Inter",
    ),
]


@pytest.mark.parametrize("case", BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS])
def test_bad_input_is_reported_clearly(project_copy, case):
    _, relative, old, new, location, field, words = case
    if old is SETUP:
        new(project_copy)
    elif "\udcff" in new:
        path = project_copy / relative
        path.write_bytes(path.read_bytes().replace(old.encode(), old.encode() + b"\xff", 1))
    else:
        replace_in(project_copy, relative, old, new)
    for command in (["check"], ["build", "--output", str(project_copy / "output")]):
        result = run_cli(*command, project=project_copy)
        assert result.exit_code == 2, result.output
        assert location in result.output
        if location.endswith(":"):  # a line is expected
            assert re.search(re.escape(location) + r"\d+", result.output), f"no line number in {result.output}"
        assert "\x1b" not in result.output, "a control character reached the terminal"
        assert field in result.output
        assert words in result.output
        assert "fix: " in result.output, "every message says how to fix it"
        assert "Traceback" not in result.output
    assert not (project_copy / "output").exists(), "a failed build must not write anything"


def test_check_reports_all_problems_at_once(project_copy):
    replace_in(project_copy, PROGRAMME, 'start: "09:30"', "start: 9h")
    replace_in(project_copy, "sources/workshops/2016-09-dresden.yaml", "venue:", "venu:")
    result = run_cli("check", project=project_copy)
    assert result.exit_code == 2
    assert "2 problems in the sources" in result.output
    assert "2017-05-thessaloniki.yaml" in result.output and "2016-09-dresden.yaml" in result.output


def test_shipped_sources_are_valid():
    result = run_cli("check")
    assert result.exit_code == 0, result.output
    assert "sources are valid: 10 partners, 5 workshops" in result.output
