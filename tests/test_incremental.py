"""Incremental and parallel builds: only what changed is rendered, the same bytes whatever --jobs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, fail_every_preflight, private_copy, run_cli, unchanged_by_readers

from publication.keys import KeyMaker
from publication.plan import Publication
from publication.sources import read_sources
from publication.state import STATE

# Cheap selections: French screen programmes, plus the overview that lists every workshop.
SELECTION = ("--kind", "programme", "--kind", "overview", "--lang", "fr", "--variant", "screen")
WORKSHOPS = ("2016-09-dresden", "2017-01-vantaa", "2017-05-thessaloniki", "2017-09-oldenburg", "2018-01-val-de-marne")
KEPT = ("2016-09-dresden", "2017-01-vantaa", "2017-09-oldenburg")  # fewer renders, same paths


def copy_project(destination: Path, workshops: tuple[str, ...] = WORKSHOPS) -> Path:
    for name in ("sources", "layouts", "styles"):
        shutil.copytree(ROOT / name, destination / name)
    for file in (destination / "sources" / "workshops").glob("*.yaml"):
        if file.stem not in workshops:
            file.unlink()
    return destination


def build(project: Path, *args: str):
    result = run_cli("build", *args, project=project)
    assert result.exit_code == 0, result.output
    return result


def written_paths(output: str) -> set[str]:
    shown = [line.split()[1] for line in output.splitlines() if line.startswith("wrote ")]
    return {path.split("/", 1)[1] for path in shown if path.endswith(".pdf")}


def snapshot(output: Path, pattern: str = "*.pdf") -> dict[str, int]:
    """Each PDF's (or each file's) modification time, to prove a file was not written again."""
    return {
        file.relative_to(output).as_posix(): file.stat().st_mtime_ns
        for file in output.rglob(pattern)
        if file.is_file() and file.name != ".lock"
    }


def manifest_paths(output: Path) -> set[str]:
    return {entry["path"] for entry in json.loads((output / "manifest.json").read_text())["files"]}


@pytest.fixture(scope="module")
def built_project(tmp_path_factory) -> Iterator[Path]:
    """A project copy with three workshops, built once (four files) with two processes; read-only."""
    root = copy_project(tmp_path_factory.mktemp("incremental"), KEPT)
    result = build(root, *SELECTION, "--jobs", "2")
    assert "built 4, unchanged 0, failed 0" in result.output
    with unchanged_by_readers(root):
        yield root


@pytest.fixture()
def project(built_project, tmp_path) -> Path:
    """This test's own copy of the built project, output and build state included, to edit and build again."""
    return private_copy(built_project, tmp_path / "project")


@pytest.mark.build
def test_unchanged_rebuild_renders_nothing(project):
    output = project / "output"
    before = snapshot(output)
    everything = snapshot(output, "*")
    assert {"manifest.json", STATE, "index.html", "fr/index.html", "fr/calendar/cycle.ics"} <= set(everything)
    result = build(project, *SELECTION)
    assert written_paths(result.output) == set()
    assert "built 0, unchanged 4, failed 0" in result.output
    assert snapshot(output, "*") == everything  # no file written at all: manifest, state, pages, calendars
    assert manifest_paths(output) == set(before)  # unchanged files stay in the manifest
    assert "download page" not in result.output  # nor is the download page written again


@pytest.mark.build
def test_editing_the_download_page_style_rewrites_the_page_only(project):
    edit(project / "styles" / "site.css", "", "/* a comment */\n")
    result = build(project, *SELECTION)
    assert "wrote the download page" in result.output
    assert written_paths(result.output) == set()


@pytest.mark.build
def test_quiet_prints_no_progress(project):
    """--quiet writes the files (--force: every one of them) and says nothing of it: warnings only
    (the layout preflight's, while the layouts have some)."""
    pdfs = sorted((project / "output").rglob("*.pdf"))
    before = {path: path.stat().st_mtime_ns for path in pdfs}
    result = build(project, *SELECTION, "--quiet", "--force")
    assert result.exit_code == 0, result.output
    assert [line for line in result.output.splitlines() if not line.startswith("warning: ")] == []
    assert pdfs and all(path.stat().st_mtime_ns != before[path] for path in pdfs)


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.build
def test_editing_one_workshop_re_renders_exactly_its_readers(project):
    output = project / "output"
    workshop = project / "sources" / "workshops" / "2017-01-vantaa.yaml"
    programme = "fr/programme-2017-01-vantaa-screen.pdf"

    before = snapshot(output)
    edit(workshop, "fr: Accueil des participants et café", "fr: Accueil et café")  # an agenda detail
    result = build(project, *SELECTION)
    assert written_paths(result.output) == {programme}
    assert {path for path, mtime in snapshot(output).items() if mtime != before[path]} == {programme}

    before = snapshot(output)
    edit(
        workshop,
        "fr: Coordonner les échelons locaux et nationaux",  # the theme: the overview lists it
        "fr: Coordonner les échelons locaux, régionaux et nationaux",
    )
    result = build(project, *SELECTION)
    readers = {programme, "fr/overview-screen.pdf"}
    assert written_paths(result.output) == readers
    assert {path for path, mtime in snapshot(output).items() if mtime != before[path]} == readers
    assert "built 2, unchanged 2, failed 0" in result.output


@pytest.mark.build
def test_force_renders_even_the_unchanged_and_a_partial_build_keeps_the_others(project):
    output = project / "output"
    before = manifest_paths(output)
    result = build(project, "--kind", "overview", "--lang", "fr", "--variant", "screen", "--force")
    assert written_paths(result.output) == {"fr/overview-screen.pdf"}
    assert manifest_paths(output) == before  # the programmes it did not build are still listed…
    page = (output / "fr" / "index.html").read_text(encoding="utf-8")
    assert "programme-2016-09-dresden-screen.pdf" in page  # …and still on the download page


@pytest.mark.build
def test_deleting_a_workshop_removes_its_outputs(project):
    output = project / "output"
    (project / "sources" / "workshops" / "2017-09-oldenburg.yaml").unlink()
    result = build(project, *SELECTION)
    gone = "fr/programme-2017-09-oldenburg-screen.pdf"
    assert f"removed output/{gone}" in result.output
    assert not (output / gone).exists()
    assert gone not in manifest_paths(output)
    assert gone not in json.loads((output / STATE).read_text())["outputs"]
    assert written_paths(result.output) == {"fr/overview-screen.pdf"}  # it lists the workshops


@pytest.mark.fresh_layout
@pytest.mark.build
def test_jobs_1_and_2_give_identical_bytes(tmp_path):
    # Print too: PDF/X-4 is where WeasyPrint would write the time and a random document ID.
    root = copy_project(tmp_path, workshops=("2016-09-dresden",))
    args = ("--kind", "programme", "--lang", "fr")
    build(root, *args, "--jobs", "1", "--output", str(tmp_path / "one"))
    build(root, *args, "--jobs", "2", "--output", str(tmp_path / "two"))
    one = sorted((tmp_path / "one").rglob("*.pdf"))
    assert len(one) == 2
    for pdf in one:
        twin = tmp_path / "two" / pdf.relative_to(tmp_path / "one")
        assert pdf.read_bytes() == twin.read_bytes(), pdf.name


@pytest.mark.fresh_layout
@pytest.mark.build
def test_a_failed_render_is_reported_and_the_others_still_build(tmp_path, monkeypatch):
    from publication.document import DocumentMaker

    root = copy_project(tmp_path, workshops=("2016-09-dresden", "2017-09-oldenburg"))
    real = DocumentMaker.typeset

    def fail_for_dresden(maker, made, context):
        if made.publication.workshop == "2016-09-dresden":
            raise RuntimeError("the renderer broke")
        return real(maker, made, context)

    monkeypatch.setattr(DocumentMaker, "typeset", fail_for_dresden)
    result = run_cli("build", "--kind", "programme", "--lang", "fr", "--variant", "screen", "--jobs", "1", project=root)
    assert result.exit_code == 1
    assert "failed output/fr/programme-2016-09-dresden-screen.pdf: RuntimeError: the renderer broke" in result.output
    assert "built 1, unchanged 0, failed 1" in result.output
    assert manifest_paths(root / "output") == {"fr/programme-2017-09-oldenburg-screen.pdf"}


def test_a_programme_depends_on_its_workshop_not_the_others():
    sources = read_sources(ROOT / "sources")
    keys = KeyMaker(ROOT, sources)
    names = {
        path.relative_to(ROOT).as_posix()
        for path in keys.files(Publication("programme", "fr", "print", "2017-01-vantaa"))
    }
    assert "sources/workshops/2017-01-vantaa.yaml" in names
    assert not any("dresden" in name for name in names)
    assert {
        "layouts/programme.html",
        "layouts/base.html",
        "layouts/partials/credits.html",
        "layouts/messages/fr.yaml",
        "styles/programme.css",
        "styles/fonts/Inter-Regular.otf",
        "styles/icc/FOGRA39L.icc",
    } <= names
    screen = {path.name for path in keys.files(Publication("programme", "en", "screen", "2017-01-vantaa"))}
    assert "FOGRA39L.icc" not in screen and "en.yaml" in screen
    overview = {path.name for path in keys.files(Publication("overview", "fr", "screen"))}
    assert not overview & {f"{key}.yaml" for key in WORKSHOPS}  # it reads their records, not the files


def test_a_listing_depends_on_what_it_prints_of_each_workshop():
    sources = read_sources(ROOT / "sources")
    overview = Publication("overview", "fr", "screen")
    plain = KeyMaker(ROOT, sources).key(overview)
    vantaa = sources.workshops["2017-01-vantaa"]
    sources.workshops["2017-01-vantaa"] = vantaa.model_copy(update={"agenda": vantaa.agenda[:1]})
    assert KeyMaker(ROOT, sources).key(overview) == plain
    sources.workshops["2017-01-vantaa"] = vantaa.model_copy(update={"status": "final"})
    assert KeyMaker(ROOT, sources).key(overview) != plain
    del sources.workshops["2017-01-vantaa"]
    assert KeyMaker(ROOT, sources).key(overview) != plain


def test_the_key_follows_source_date_epoch(monkeypatch):
    sources = read_sources(ROOT / "sources")
    publication = Publication("programme", "fr", "screen", "2017-01-vantaa")
    plain = KeyMaker(ROOT, sources).key(publication)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1500000000")
    assert KeyMaker(ROOT, sources).key(publication) != plain


def test_print_options_are_in_the_key():
    from publication.plan import BuildOptions

    sources = read_sources(ROOT / "sources")

    def key(publication, **options):
        return KeyMaker(ROOT, sources, BuildOptions(**options)).key(publication)

    brochure, programme = (
        Publication("brochure", "fr", "print"),
        Publication("programme", "fr", "print", "2017-01-vantaa"),
    )
    screen = Publication("programme", "fr", "screen", "2017-01-vantaa")
    for publication in (brochure, programme):
        assert key(publication, marks=True) != key(publication)
        assert key(publication, allow_low_res=True) != key(publication)
    assert key(brochure, impose="saddle") != key(brochure)
    assert key(programme, impose="saddle") == key(programme)  # only the brochure is imposed
    assert key(screen, marks=True, impose="saddle", allow_low_res=True) == key(screen)


@pytest.fixture(scope="module")
def built_print_project(tmp_path_factory) -> Iterator[Path]:
    """Two workshops, their French print programmes built (a PDF and a job ticket each); read-only."""
    root = copy_project(tmp_path_factory.mktemp("print"), ("2016-09-dresden", "2017-09-oldenburg"))
    build(root, *PRINT, "--jobs", "2")
    with unchanged_by_readers(root):
        yield root


@pytest.fixture()
def print_project(built_print_project, tmp_path) -> Path:
    """This test's own copy of the built print project."""
    return private_copy(built_print_project, tmp_path / "project")


PRINT = ("--kind", "programme", "--lang", "fr", "--variant", "print")
DRESDEN = "fr/programme-2016-09-dresden-print"


@pytest.mark.build
def test_the_state_lists_every_file_of_a_publication_and_checks_each(print_project):
    output = print_project / "output"
    state = json.loads((output / STATE).read_text())
    assert state["format"] == 2
    files = state["outputs"][f"{DRESDEN}.pdf"]["files"]
    assert set(files) == {f"{DRESDEN}.pdf", f"{DRESDEN}.txt"}
    for name, (size, _sha256) in files.items():
        assert (output / name).stat().st_size == size
    (output / f"{DRESDEN}.txt").write_text("lost\n")  # someone edits the ticket: it is built again
    result = build(print_project, *PRINT)
    assert written_paths(result.output) == {f"{DRESDEN}.pdf"}
    assert "Arrival Cities" in (output / f"{DRESDEN}.txt").read_text()
    result = build(print_project, *PRINT, "--marks")  # a print option: both render again
    assert "built 2, unchanged 0" in result.output


@pytest.mark.build
def test_deleting_a_workshop_removes_its_print_files_and_tickets(print_project):
    output = print_project / "output"
    (print_project / "sources" / "workshops" / "2016-09-dresden.yaml").unlink()
    result = build(print_project, *PRINT, "--marks")
    assert f"removed output/{DRESDEN}.txt" in result.output
    assert not (output / f"{DRESDEN}.pdf").exists() and not (output / f"{DRESDEN}.txt").exists()
    assert manifest_paths(output) == {"fr/programme-2017-09-oldenburg-print.pdf"}


@pytest.mark.fresh_layout
@pytest.mark.build
def test_a_file_failing_preflight_is_built_again_next_time(tmp_path, monkeypatch):
    from publication.document import DocumentMaker

    root = copy_project(tmp_path, workshops=("2016-09-dresden",))
    real = fail_every_preflight(monkeypatch)
    result = run_cli("build", *PRINT, "--jobs", "1", project=root)
    assert result.exit_code == 1 and "made to fail" in result.output
    assert (root / "output" / f"{DRESDEN}.pdf").is_file()  # written, to inspect
    assert f"{DRESDEN}.pdf" in manifest_paths(root / "output")
    assert json.loads((root / "output" / STATE).read_text())["outputs"][f"{DRESDEN}.pdf"]["key"] == ""
    monkeypatch.setattr(DocumentMaker, "preflight", real)
    result = build(root, *PRINT)
    assert "built 1, unchanged 0" in result.output


def test_help_list_and_check_do_not_import_weasyprint():
    script = (
        "import sys\nfrom publication.cli import main\n"
        "for args in (['--help'], ['list'], ['check'], ['build', '--help']):\n"
        "    try:\n        main(['--project', sys.argv[1], *args])\n"
        "    except SystemExit as exit:\n        assert not exit.code, (args, exit.code)\n"
        "print('weasyprint' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(ROOT)], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.splitlines()[-1] == "False"


def test_a_listing_whose_layout_prints_agendas_depends_on_the_workshop_files(project_copy):
    layout = project_copy / "layouts" / "overview.html"
    edit(layout, "{% for workshop in workshops %}", "{% for workshop in workshops %}{{ workshop.agenda|length }}")
    sources = read_sources(project_copy / "sources")
    names = {path.name for path in KeyMaker(project_copy, sources).files(Publication("overview", "fr", "screen"))}
    assert {f"{key}.yaml" for key in WORKSHOPS} <= names
