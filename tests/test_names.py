"""Names of places, organisations and people are never broken with a hyphen at a line end."""

from __future__ import annotations

import re
import shutil

import pytest

from tests.conftest import ROOT, run_cli, unchanged_by_readers
from tests.pdfs import page_text

pytestmark = pytest.mark.build  # every test here makes PDFs, or reads a fixture that does

# Long names put where lines are short: the lead partner (brochure, poster, the maps' legends),
# a venue (overview, programme), a local group member (brochure) and a contact (back cover).
LONG_NAMES = {
    "sources/partners.yaml": ("    name: Amadora\n", "    name: Amadora Guimarães Corumbatanguy Intermunicipalidade\n"),
    "sources/workshops/2018-01-val-de-marne.yaml": (
        "    fr: Hôtel du Département\n",
        "    fr: Hôtel départemental Guimarães Corumbatanguy Intercommunalité\n",
    ),
    "sources/network.yaml": (
        "        fr: Ville de Vitry-sur-Seine\n",
        "        fr: Ville de Guimarães Corumbatanguy Intercommunalité Marnaise Internationale\n",
    ),
    "sources/contacts.yaml": (
        "  - name: Service des relations européennes et internationales\n",
        "  - name: Service des relations européennes Guimarães Corumbatanguy Intercommunalité\n",
    ),
}
NAME_WORDS = {
    "Guimarães",
    "Corumbatanguy",
    "Intermunicipalidade",
    "Intercommunalité",
    "Internationale",
    "départemental",
    "européennes",
    "Marnaise",
}
HYPHENATED = re.compile(
    r"(\w+)[\u2010\u00ad\ufffe]\s*(\w+)"
)  # a hyphenation: U+2010 drawn, U+00AD in screen text (PDFium: U+FFFE)


@pytest.fixture(scope="module")
def long_names(tmp_path_factory):
    project = tmp_path_factory.mktemp("long-names")
    for name in ("sources", "layouts", "styles"):
        shutil.copytree(ROOT / name, project / name)
    for relative, (old, new) in LONG_NAMES.items():
        path = project / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    output = project / "output"
    result = run_cli(
        "build",
        "--lang",
        "fr",
        "--variant",
        "screen",
        "--kind",
        "brochure",
        "--kind",
        "poster",
        "--kind",
        "overview",
        "--kind",
        "programme",
        "--event",
        "2018-01-val-de-marne",
        "--output",
        str(output),
        project=project,
    )
    assert result.exit_code == 0, result.output
    with unchanged_by_readers(project):
        yield output / "fr"


@pytest.mark.parametrize(
    "pdf",
    ["brochure-screen.pdf", "poster-screen.pdf", "overview-screen.pdf", "programme-2018-01-val-de-marne-screen.pdf"],
)
def test_names_are_not_hyphenated(long_names, pdf):
    text = page_text(long_names / pdf)
    assert "Corumbatanguy" in text, "the long names are printed"
    broken = [m[0] for m in HYPHENATED.finditer(text) if m[1] + m[2] in NAME_WORDS]
    assert not broken, f"names broken with a hyphen in {pdf}: {broken}"


def test_running_text_is_still_hyphenated(long_names):
    """Only names are protected: the brochure's running text keeps its hyphenation."""
    assert HYPHENATED.search(page_text(long_names / "brochure-screen.pdf"))
