"""The document cache (publication/document_cache.py): a build in another folder takes what a first
build made, byte for byte, without laying it out; what failed is not kept; a damaged entry is made again."""

from __future__ import annotations

from pathlib import Path

import pytest
import weasyprint
from conftest import copy_of_project, fail_every_preflight, run_cli

from publication.document import DocumentMaker
from publication.document_cache import ENVIRONMENT

ONE = ("--kind", "programme", "--lang", "el", "--variant", "screen")  # one document, the quickest
PDF = "el/programme-2017-05-thessaloniki-screen.pdf"


def counted_layouts(monkeypatch) -> list[int]:
    """WeasyPrint's layouts in this process, counted (the builds here run with --jobs 1)."""
    layouts: list[int] = []
    real = weasyprint.HTML.render

    def render(*args, **kwargs):
        layouts.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "render", render)
    return layouts


def build(project: Path) -> bytes:
    result = run_cli("build", *ONE, "--jobs", "1", project=project)
    assert result.exit_code == 0, result.output
    assert "built 1, unchanged 0, failed 0" in result.output
    return (project / "output" / PDF).read_bytes()


@pytest.mark.build
@pytest.mark.fresh_layout
def test_a_build_in_another_folder_takes_the_document_without_laying_it_out(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv(ENVIRONMENT, str(cache))
    layouts = counted_layouts(monkeypatch)
    first = build(copy_of_project(tmp_path / "first"))
    assert len(layouts) >= 1 and len(list(cache.glob("*.pickle"))) == 1
    layouts.clear()
    assert build(copy_of_project(tmp_path / "second")) == first
    assert layouts == []
    # An edited source is another key: laid out again.
    other = copy_of_project(tmp_path / "third")
    thessaloniki = other / "sources/workshops/2017-05-thessaloniki.yaml"
    thessaloniki.write_text(thessaloniki.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    build(other)
    assert len(layouts) >= 1 and len(list(cache.glob("*.pickle"))) == 2


@pytest.mark.build
@pytest.mark.fresh_layout
def test_a_document_that_failed_preflight_is_not_kept_and_a_damaged_entry_is_made_again(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv(ENVIRONMENT, str(cache))
    real = fail_every_preflight(monkeypatch)
    print_only = ("--kind", "programme", "--lang", "el", "--variant", "print")  # the print files are preflighted
    result = run_cli("build", *print_only, "--jobs", "1", project=copy_of_project(tmp_path / "failing"))
    assert result.exit_code == 1 and "made to fail" in result.output
    assert not cache.exists() or list(cache.glob("*.pickle")) == []
    monkeypatch.setattr(DocumentMaker, "preflight", real)
    first = build(copy_of_project(tmp_path / "first"))
    [entry] = cache.glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    layouts = counted_layouts(monkeypatch)
    assert build(copy_of_project(tmp_path / "second")) == first
    assert len(layouts) >= 1
