"""Drafts are visible outside the PDFs: `check` and the build summary list each draft publication
with the source files that keep it draft, the download page marks it (and does not call it ready to
print), its job ticket says DRAFT; once every file says final, none of it is left.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli

EVENT = "2027-10-creteil-seminar"


def exchange(tmp_path: Path) -> Path:
    """The example exchange (every source file `status: draft`) made into a new project."""
    project = tmp_path / "project"
    made = run_cli("new", str(project), "--from", str(ROOT / "examples" / "exchange" / "sources"))
    assert made.exit_code == 0, made.output
    return project


def make_final(project: Path, *names: str) -> None:
    for name in names:
        file = project / "sources" / name
        file.write_text(re.sub(r"^status: draft$", "status: final", file.read_text(), flags=re.MULTILINE))


def test_check_lists_each_draft_publication_and_the_files_that_keep_it(tmp_path):
    project = exchange(tmp_path)
    checked = run_cli("check", project=project)
    assert checked.exit_code == 0, checked.output
    assert (
        "5 draft publications (marked PROVISOIRE / DRAFT, not ready to print until these files say `status: final`):"
        in checked.output
    )
    assert "  poster: sources/network.yaml, sources/partners.yaml\n" in checked.output
    assert (
        f"  programme {EVENT}: sources/network.yaml, sources/partners.yaml, sources/workshops/{EVENT}.yaml\n"
        in checked.output
    )


def test_an_event_that_says_final_is_told_which_file_keeps_it_draft(tmp_path):
    project = exchange(tmp_path)
    make_final(project, "network.yaml", "contacts.yaml", f"workshops/{EVENT}.yaml")
    checked = run_cli("check", project=project)
    assert checked.exit_code == 0, checked.output
    assert (
        f"  programme {EVENT}: sources/partners.yaml (not sources/workshops/{EVENT}.yaml: it says `status: final`)\n"
        in checked.output
    )
    make_final(project, "partners.yaml")
    checked = run_cli("check", project=project)
    assert "draft publication" not in checked.output, checked.output


@pytest.mark.build
def test_drafts_are_marked_on_the_page_the_ticket_and_the_summary_until_final(tmp_path):
    project = exchange(tmp_path)
    build = ("build", "--kind", "programme", "--lang", "fr", "--variant", "print", "--jobs", "1")
    built = run_cli(*build, project=project)
    assert built.exit_code == 0, built.output
    assert f"  programme {EVENT}: sources/network.yaml, sources/partners.yaml" in built.output
    output = project / "output"
    ticket = (output / "fr" / f"programme-{EVENT}-print.txt").read_text()
    assert ticket.startswith(
        "FICHE DE FABRICATION – PROVISOIRE, NE PAS IMPRIMER / JOB TICKET – DRAFT, NOT FOR PRINT\n\n"
        "État / Status:                    PROVISOIRE (PROVISOIRE / DRAFT sur chaque page)"
    )
    assert f"kept draft by sources/network.yaml, sources/partners.yaml, sources/workshops/{EVENT}.yaml\n" in ticket
    page = (output / "fr" / "index.html").read_text()
    assert page.count('<strong class="draft-badge">Provisoire\u202f: pas encore prêt à imprimer</strong>') == 1
    assert "Ceux marqués «\u202fprovisoire\u202f» ne sont pas encore prêts à imprimer" in page
    assert "prêts à imprimer\u202f: CMJN" not in page

    make_final(project, "network.yaml", "partners.yaml", "contacts.yaml", f"workshops/{EVENT}.yaml")
    built = run_cli(*build, project=project)
    assert built.exit_code == 0 and "draft publication" not in built.output, built.output
    ticket = (output / "fr" / f"programme-{EVENT}-print.txt").read_text()
    assert ticket.startswith("FICHE DE FABRICATION / JOB TICKET\n\nPublication:") and "DRAFT" not in ticket
    page = (output / "fr" / "index.html").read_text()
    assert 'class="draft-badge"' not in page and "Fichiers PDF/X-4 prêts à imprimer" in page
