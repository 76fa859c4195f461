"""`make-publication package`: the printer's zip (PDF, spreads, tickets, SHA256SUMS), its refusals, the
bilingual job ticket and the printers' table's names."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from conftest import ROOT, private_copy, run_cli, unchanged_by_readers

from publication.package import ZIP_TIME


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> Iterator[Path]:
    """The French and English print poster and brochure, the brochure also as printer's spreads (the
    shipped brochure is a draft, the poster final)."""
    output = tmp_path_factory.mktemp("printed")
    result = run_cli(
        "build",
        *("--kind", "poster", "--kind", "brochure", "--lang", "fr", "--lang", "en", "--variant", "print"),
        *("--impose", "saddle", "--output", str(output)),
    )
    assert result.exit_code == 0, result.output
    with unchanged_by_readers(output):
        yield output


@pytest.fixture()
def output(printed, tmp_path) -> Path:
    return private_copy(printed, tmp_path / "output")


def package(output: Path, *args: str):
    return run_cli("package", "--output", str(output), *args)


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        assert all(info.date_time == ZIP_TIME for info in archive.infolist())
        assert [info.filename for info in archive.infolist()] == sorted(archive.namelist())
        return {name: archive.read(name) for name in archive.namelist()}


def checked_sums(files: dict[str, bytes]) -> dict[str, str]:
    """SHA256SUMS read as `sha256sum -c` reads it, each line checked with hashlib."""
    listed = {}
    for line in files["SHA256SUMS"].decode().splitlines():
        sha256, name = re.fullmatch(r"([0-9a-f]{64})  (\S+)", line).groups()
        assert hashlib.sha256(files[name]).hexdigest() == sha256, name
        listed[name] = sha256
    return listed


@pytest.mark.build
def test_the_package_holds_the_print_pdf_its_ticket_and_their_checksums(output):
    result = package(output, "--lang", "fr", "--kind", "poster")
    assert result.exit_code == 0, result.output
    zip_path = output / "packages" / "fr" / "poster-print.zip"
    files = members(zip_path)
    assert sorted(files) == ["SHA256SUMS", "poster-print.pdf", "poster-print.txt"]
    assert files["poster-print.pdf"] == (output / "fr" / "poster-print.pdf").read_bytes()
    assert sorted(checked_sums(files)) == ["poster-print.pdf", "poster-print.txt"]
    ticket = files["poster-print.txt"].decode()
    assert ticket.startswith("FICHE DE FABRICATION / JOB TICKET\n\n")
    assert "Format fini / Trim size:" in ticket and "Façonnage / Binding:" in ticket
    assert "Affiche A2, français\n" in ticket and "Poster A2, French\n" in ticket
    assert (
        "Fond perdu / Bleed:               3\u00a0mm sur chaque bord\n" + 34 * " " + "3\u00a0mm on every side\n"
        in ticket
    )
    assert "DRAFT" not in ticket and "PROVISOIRE" not in ticket
    first = zip_path.read_bytes()
    assert package(output, "--lang", "fr", "--kind", "poster").exit_code == 0  # over its own zip
    assert zip_path.read_bytes() == first  # reproducible: the same files, the same bytes
    if shutil.which("sha256sum"):
        unpacked = output.parent / "unpacked"
        zipfile.ZipFile(zip_path).extractall(unpacked)
        subprocess.run(["sha256sum", "--quiet", "-c", "SHA256SUMS"], cwd=unpacked, check=True)


@pytest.mark.build
def test_a_draft_is_refused_unless_allowed_and_its_spreads_go_with_it(output):
    refused = package(output, "--lang", "fr", "--kind", "brochure")
    assert refused.exit_code == 2
    assert "is a draft (PROVISOIRE / DRAFT on every page): fr/brochure-print.pdf" in refused.output
    assert "fix: set `status: final`" in refused.output and "--allow-draft" in refused.output
    assert "Traceback" not in refused.output and not (output / "packages").exists()
    allowed = package(output, "--lang", "fr", "--kind", "brochure", "--allow-draft")
    assert allowed.exit_code == 0, allowed.output
    files = members(output / "packages" / "fr" / "brochure-print.zip")
    names = ["brochure-print-imposed.pdf", "brochure-print-imposed.txt", "brochure-print.pdf", "brochure-print.txt"]
    assert sorted(checked_sums(files)) == names
    spreads = files["brochure-print-imposed.txt"].decode()
    assert spreads.startswith("FICHE DE FABRICATION – PROVISOIRE, NE PAS IMPRIMER / JOB TICKET – DRAFT, NOT FOR PRINT")
    assert (
        "Brochure — planches imprimeur, français\n" in spreads and "Brochure — printer’s spreads, French\n" in spreads
    )
    assert "piqûre à cheval" in spreads and "saddle stitch: 2 sheets folded and nested" in spreads


@pytest.mark.build
def test_a_pdf_changed_after_the_build_is_refused(output):
    with (output / "fr" / "poster-print.pdf").open("ab") as pdf:
        pdf.write(b"% edited\n")
    result = package(output, "--kind", "poster")
    assert result.exit_code == 2
    assert "poster-print.pdf differs from the file the build wrote" in result.output
    assert "make-publication build --kind poster --lang fr --variant print --force" in result.output
    assert not (output / "packages").exists()


@pytest.mark.build
def test_a_ticket_changed_after_the_build_is_refused(output):
    (output / "en" / "poster-print.txt").write_text("print it in pink\n")
    result = package(output, "--kind", "poster", "--lang", "en")
    assert result.exit_code == 2 and "poster-print.txt differs from the file the build wrote" in result.output


@pytest.mark.build
def test_a_file_it_did_not_write_is_never_replaced(output):
    foreign = output / "packages" / "fr" / "poster-print.zip"
    foreign.parent.mkdir(parents=True)
    foreign.write_bytes(b"the printer's own copy")
    result = package(output, "--kind", "poster", "--lang", "fr")
    assert result.exit_code == 2 and "is in the way: this command did not write it" in result.output
    assert foreign.read_bytes() == b"the printer's own copy"
    foreign.unlink()
    assert package(output, "--kind", "poster", "--lang", "fr").exit_code == 0
    with foreign.open("ab") as changed:  # its own zip, changed since: not its own any more
        changed.write(b"\0")
    assert package(output, "--kind", "poster", "--lang", "fr").exit_code == 2


def test_nothing_built_or_nothing_selected_is_said_with_its_fix(tmp_path):
    missing = package(tmp_path / "output")
    assert missing.exit_code == 2 and "manifest.json does not exist" in missing.output
    assert "fix: build the print PDFs first" in missing.output


@pytest.mark.build
def test_nothing_selected_names_what_was_built(printed):
    result = package(printed, "--lang", "de")
    assert result.exit_code == 2 and "no print PDF" in result.output
    assert "built for print: en/brochure, en/poster, fr/brochure, fr/poster" in result.output


def printers_table(page: Path) -> list[list[str]]:
    """The printers' table's rows, each as the text of its cells."""
    html = page.read_text()
    body = html[html.index('<tbody role="rowgroup">', html.index("printers-title")) :]
    body = body[: body.index("</tbody>")]
    rows = re.findall(r"<tr.*?</tr>", body, re.S)
    return [[cell_text(cell) for cell in re.findall(r"<t[hd].*?</t[hd]>", row, re.S)] for row in rows]


def cell_text(cell: str) -> str:
    """A cell's first line (a file's name, without the notes under it), its spaces collapsed."""
    lines = unescape(re.sub(r"<(?!br)[^>]+>", "", cell)).split("<br>")
    return " ".join(lines[0].split())


@pytest.mark.build
def test_the_printers_table_names_each_file_by_kind_part_and_language(printed):
    rows = printers_table(printed / "fr" / "index.html")
    titles = [row[0] for row in rows]
    assert len(titles) == len(set(titles)) == 6  # no two rows share a title, spreads included
    assert titles[:3] == [  # the pages (what most printers are sent) before the spreads
        "Brochure — pages, français",
        "Brochure — planches imprimeur, français",
        "Affiche A2, français",
    ]
    assert "Le réseau des villes" not in " ".join(titles)  # never the brochure's subtitle
    assert [row[3] for row in rows[:2]] == ["A5 (148 × 210 mm)", "planches de deux pages A5 (296 × 210 mm)"]
    french_page = (printed / "fr" / "index.html").read_text()
    assert "spread" not in french_page.lower()
    assert 'class="files__note"' not in french_page  # the spreads' name says it: no note repeating it under it
    english = [row[0] for row in printers_table(printed / "en" / "index.html")]
    assert "Brochure — printer’s spreads, English" in english and "Poster A2, French" in english


def ticket_words(*languages: str) -> list:
    from publication.catalogues import MESSAGES, message_folders
    from publication.localise import Messages

    folders = message_folders(ROOT, MESSAGES / "site")
    return [Messages(folders, lang, languages[0]) for lang in languages]


FIELDS = {
    "publication": "Example brochure (en)",
    "file": "brochure-print-imposed.pdf",
    "trim_name": "A5",
    "trim_mm": [296, 210],
    "page_mm": [148, 210],
    "size": "A5 spread",
    "bleed_mm": 3.0,
    "pages": 4,
    "saddle_stitched": True,
    "imposition_kind": "saddle",
    "slug_mm": 0,
    "standard": "PDF/X-4",
    "output_intent": "FOGRA39",
    "media_mm": [302.0, 216.0],
    "sha256": 64 * "0",
}


def test_a_project_in_english_has_its_ticket_in_english_once():
    from publication.finish import format_ticket, ticket_languages

    assert ticket_languages("en") == ["en"] and ticket_languages("de") == ["de", "en"]
    text = format_ticket(FIELDS, ticket_words("en"))
    assert text.startswith("JOB TICKET\n\nPublication:") and " / " not in text
    assert "\nPages:         4 spreads = 8 booklet pages\n" in text
    german = format_ticket({**FIELDS, "draft": ["sources/site.yaml"]}, ticket_words("de", "en"))
    assert german.startswith("AUFTRAGSZETTEL – ENTWURF, NICHT DRUCKEN / JOB TICKET – DRAFT, NOT FOR PRINT\n")
    assert "\nEndformat / Trim size:" in german and "wegen sources/site.yaml" in german


def test_a_print_key_covers_the_ticket_words_and_a_screen_key_does_not():
    from publication.keys import KeyMaker
    from publication.plan import Publication
    from publication.sources import read_sources

    keys = KeyMaker(ROOT, read_sources(ROOT / "sources"))
    printed = {p.relative_to(ROOT).as_posix() for p in keys.files(Publication("poster", "de", "print"))}
    assert {"layouts/messages/site/fr.yaml", "layouts/messages/site/en.yaml"} <= printed  # French, then English
    assert "layouts/messages/site/de.yaml" not in printed  # the ticket is not in the poster's language
    screen = {p.relative_to(ROOT).as_posix() for p in keys.files(Publication("poster", "fr", "screen"))}
    assert not any(name.startswith("layouts/messages/site/") for name in screen)


@pytest.mark.build
def test_a_linked_packages_folder_is_refused(output, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (output / "packages").mkdir()
    (output / "packages" / "fr").symlink_to(elsewhere)
    result = package(output, "--kind", "poster", "--lang", "fr")
    assert result.exit_code == 2 and "is a symbolic link" in result.output and "Traceback" not in result.output
    assert list(elsewhere.iterdir()) == []
