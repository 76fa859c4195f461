"""A missing translation: `check` locates it, `build` falls back with a warning, `--strict` fails."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from tests.conftest import run_cli

WORKSHOP = "sources/workshops/2017-05-thessaloniki.yaml"
MISSING = "          el: Διάλειμμα\n"  # the Greek title of the first break (agenda[0].sessions[2])
WARNING = "agenda[1].sessions[3].title has no 'el' translation"


def remove_greek_break(project) -> int:
    """Remove one Greek text; return the line of its `title:` key, where the warning points."""
    path = project / WORKSHOP
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = lines.index(MISSING)
    del lines[index]
    path.write_text("".join(lines), encoding="utf-8")
    title = max(i for i in range(index) if lines[i].strip() == "title:")
    return title + 1


def pdf_text(path) -> str:
    document = pdfium.PdfDocument(str(path))
    return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))


def test_shipped_sources_have_every_translation():
    result = run_cli("check")
    assert result.exit_code == 0, result.output
    assert "has no '" not in result.output
    assert "0 warnings" in result.output


def test_check_lists_missing_translation_with_file_and_line(project_copy):
    line = remove_greek_break(project_copy)
    result = run_cli("check", project=project_copy)
    assert result.exit_code == 0, result.output
    assert f"warning: {WORKSHOP}:{line}: {WARNING}" in result.output
    assert "fix: add `el: …` under it" in result.output
    assert "1 warning" in result.output


@pytest.mark.build
def test_build_falls_back_to_source_language_with_a_warning(project_copy):
    line = remove_greek_break(project_copy)
    output = project_copy / "output"
    result = run_cli(
        "build",
        "--kind",
        "programme",
        "--lang",
        "el",
        "--variant",
        "screen",
        "--output",
        str(output),
        project=project_copy,
    )
    assert result.exit_code == 0, result.output
    assert f"{WORKSHOP}:{line}: {WARNING}" in result.output
    text = pdf_text(output / "el" / "programme-2017-05-thessaloniki-screen.pdf")
    assert "Pause" in text  # the French source text stands in for the missing Greek
    assert "Αίθουσα ολομέλειας" in text  # the other texts stay Greek


def test_strict_build_fails_on_missing_translation(project_copy):
    line = remove_greek_break(project_copy)
    output = project_copy / "output"
    result = run_cli(
        "build", "--strict", "--kind", "programme", "--lang", "el", "--output", str(output), project=project_copy
    )
    assert result.exit_code == 2, result.output
    assert f"{WORKSHOP}:{line}: {WARNING}" in result.output
    assert "Traceback" not in result.output
    assert not output.exists(), "a strict build that fails must write nothing"
