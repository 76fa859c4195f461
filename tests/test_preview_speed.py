"""The preview's rebuild path: what it no longer does twice, what it makes first, a save read half-way.

benchmarks/run.py --only p measures the time from a saved file to the new PDF served; these tests keep
the pieces of it that can be checked without a clock.
"""

from __future__ import annotations

import http.client
import shutil
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import ROOT

from publication import assets
from publication.keys import scan_templates
from publication.plan import BuildOptions, Project, plan_publications
from publication.preview import PreviewState, rebuild, start_server
from publication.publish import BuildReport, outdated
from publication.sources import read_sources
from publication.templates import make_environment


def test_a_font_damaged_after_a_first_read_is_found_by_the_next(tmp_path):
    """Fonts are checked once per process while unchanged: a file written again is checked again."""
    shutil.copytree(ROOT / "styles", tmp_path / "styles")
    font = tmp_path / "styles" / "fonts" / "Inter-Italic.otf"
    assert font.is_file()
    assert assets.check_stylesheets(tmp_path) == []
    calls = []
    real = assets._font_problem
    checked = lambda path: calls.append(path) or real(path)  # noqa: E731
    try:
        assets._font_problem = checked
        assert assets.check_stylesheets(tmp_path) == []
        assert calls == []  # unchanged: not decoded again
        font.write_bytes(b"OTTO" + bytes(range(256)) * 8)  # a signature, then garbage
        problems = assets.check_stylesheets(tmp_path)
    finally:
        assets._font_problem = real
    assert len(calls) == 1 and calls[0].name == "Inter-Italic.otf"
    assert len(problems) == 1 and "'fonts/Inter-Italic.otf' is a damaged font file" in problems[0].message


def vantaa_programmes() -> list:
    sources = read_sources(ROOT / "sources")
    options = BuildOptions(kinds=("programme",), events=("2017-01-vantaa",), variants=("screen",))
    return plan_publications(sources, options)


def made_in_order(plan: list, first: str, seconds: dict[str, float]) -> list[str]:
    """The order publish.outdated gives a forced build of `plan`, each publication taking `seconds`."""
    run = SimpleNamespace(project=SimpleNamespace(output=Path("/nonexistent")), report=BuildReport())
    state = SimpleNamespace(seconds_of=lambda publication: seconds[publication.relative_path])
    todo = outdated(run, plan, state, {}, True, first)  # type: ignore[arg-type]
    return [publication.relative_path for publication in todo]


def test_the_document_looked_at_is_made_before_the_longer_ones():
    plan = vantaa_programmes()
    paths = [publication.relative_path for publication in plan]
    assert "fr/programme-2017-01-vantaa-screen.pdf" in paths and len(paths) >= 2
    # The French programme took least time last build: made last, unless it is the one looked at.
    seconds = {path: (0.5 if path.startswith("fr/") else 1.0 + n) for n, path in enumerate(paths)}
    assert made_in_order(plan, "", seconds)[-1] == "fr/programme-2017-01-vantaa-screen.pdf"
    looked_at = made_in_order(plan, "fr/programme-2017-01-vantaa-screen.pdf", seconds)
    assert looked_at[0] == "fr/programme-2017-01-vantaa-screen.pdf"
    assert looked_at[1:] == [path for path in made_in_order(plan, "", seconds) if not path.startswith("fr/")]


def asked(server, path: str) -> int:
    port = server.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    connection.request("GET", path, headers={"Host": f"127.0.0.1:{port}"})
    status = connection.getresponse().status
    connection.close()
    return status


def test_the_viewer_and_the_pdf_say_what_is_looked_at_and_the_index_thumbnails_do_not():
    state = PreviewState("test")
    server = start_server(state, 0)
    try:
        assert state.looked_at_last() == ""
        asked(server, "/view/fr/programme-2017-01-vantaa-screen")  # not built yet: made first when it is
        assert state.looked_at_last() == "fr/programme-2017-01-vantaa-screen"
        asked(server, "/pdf/en/poster-screen.pdf")
        assert state.looked_at_last() == "en/poster-screen"
        asked(server, "/page/fr/brochure-screen/1.png?scale=0.3")  # what the index asks for every document
        assert state.looked_at_last() == "en/poster-screen"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def broken_project(project_copy) -> Project:
    vantaa = project_copy / "sources" / "workshops" / "2017-01-vantaa.yaml"
    text = vantaa.read_text(encoding="utf-8")
    cut = text.index("\n", len(text) // 2)
    vantaa.write_text(text[:cut] + '\n    title: "Accueil', encoding="utf-8")  # a save read half-way through
    return Project(project_copy, project_copy / ".cache" / "preview")


@pytest.mark.parametrize("saved_again", [False, True])
def test_a_failure_while_the_sources_change_again_starts_over_instead_of_showing(broken_project, saved_again):
    state, changed, lines = PreviewState("test"), threading.Event(), []
    if saved_again:
        changed.set()  # the rest of the save arrived while this build was reading
    rebuild(broken_project, BuildOptions(variants=("screen",)), state, changed, lines.append)
    status = state.status()
    assert not status["building"]
    if saved_again:
        assert lines == ["sources changed again: starting over"] and status["problems"] == []
    else:
        assert lines[0].startswith("Error: ") and status["problems"]
        assert "sources/workshops/2017-01-vantaa.yaml" in status["problems"][0]["where"]


def test_a_layout_scanned_again_sees_a_new_include_and_a_project_override(tmp_path):
    """The templates a layout reads are remembered per process while their files are unchanged."""
    own, default = tmp_path / "project" / "layouts", tmp_path / "default" / "layouts"
    own.mkdir(parents=True)
    default.mkdir(parents=True)
    (default / "page.html").write_text("{{ site.name }}{% include 'foot.html' %}")
    (default / "foot.html").write_text("{{ network.credits }}")
    (default / "agenda.html").write_text("{{ workshop.agenda }}")
    layouts = (own, default)
    assert scan_templates(layouts, "page.html") == (
        (default / "foot.html", default / "page.html"),
        frozenset({"name", "credits"}),
    )
    assert scan_templates(layouts, "page.html")[1] == frozenset({"name", "credits"})  # remembered
    (default / "foot.html").write_text("{{ network.credits }}{% include 'agenda.html' %}")
    assert scan_templates(layouts, "page.html") == (
        (default / "agenda.html", default / "foot.html", default / "page.html"),
        frozenset({"name", "credits", "agenda"}),
    )
    (own / "foot.html").write_text("{{ network.name }}")  # the project's own, over the default theme's
    assert scan_templates(layouts, "page.html") == ((own / "foot.html", default / "page.html"), frozenset({"name"}))


def test_templates_compile_once_per_process_while_unchanged_and_still_found_first(tmp_path):
    own, default = tmp_path / "project" / "layouts", tmp_path / "default" / "layouts"
    own.mkdir(parents=True)
    default.mkdir(parents=True)
    (default / "page.html").write_text("default {{ name }}")
    environment = make_environment([own, default])
    first = environment.get_template("page.html")
    assert make_environment([own, default]) is environment  # the next build's
    assert environment.get_template("page.html") is first  # not compiled again
    (default / "page.html").write_text("edited {{ name }}")
    assert environment.get_template("page.html").render(name="x") == "edited x"
    (own / "page.html").write_text("own {{ name }}")  # the project's own, over the default theme's
    assert environment.get_template("page.html").render(name="x") == "own x"


@pytest.mark.build
def test_the_preview_builds_its_pdfs_without_the_download_page_calendars_or_thumbnails(project_copy):
    project = Project(project_copy, project_copy / ".cache" / "preview")
    options = BuildOptions(kinds=("programme",), events=("2017-01-vantaa",), languages=("fr",), variants=("screen",))
    state, lines = PreviewState("test"), []
    rebuild(project, options, state, threading.Event(), lines.append)
    assert lines[-1].startswith("rebuilt 1 file in "), lines
    assert state.document("fr/programme-2017-01-vantaa-screen") is not None
    written = sorted(
        path.relative_to(project.output).as_posix() for path in project.output.rglob("*") if path.is_file()
    )
    assert "fr/programme-2017-01-vantaa-screen.pdf" in written and "manifest.json" in written
    assert [path for path in written if path.endswith((".html", ".ics", ".png"))] == []
