"""A project's own layouts and styles override the default theme file by file.

A project made by `new` holds sources only and prints with the default theme (the checkout's
layouts/ and styles/, which an installed wheel carries as publication/theme/). A file the project
has wins over the default one of the same name, wherever it is referred to from, and the keys
cover the bytes of whichever file wins.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import pytest

from publication import theme
from publication.keys import KeyMaker
from publication.plan import BuildOptions, plan_publications
from publication.sources import read_sources
from publication.theme import Theme, theme_of
from tests.conftest import ROOT, run_cli
from tests.pdfs import flat_text, has_text

PROGRAMME = ("--kind", "programme", "--event", "2017-05-thessaloniki", "--lang", "en", "--variant", "screen", "--quiet")


@pytest.fixture()
def bare_project(tmp_path) -> Path:
    """A copy of the shipped sources with no layouts or styles of its own."""
    shutil.copytree(ROOT / "sources", tmp_path / "sources")
    return tmp_path


def test_the_theme_of_a_checkout_is_the_checkout_itself():
    checkout = theme_of(ROOT)
    assert checkout.roots == (ROOT,)
    assert checkout.file("styles/fonts.css") == ROOT / "styles" / "fonts.css"


def test_a_project_file_wins_and_the_default_theme_fills_the_rest(bare_project):
    own = bare_project / "styles" / "tokens.css"
    own.parent.mkdir()
    own.write_text("/* the project's */\n")
    project = Theme(bare_project.resolve(), ROOT)
    assert project.file("styles/tokens.css") == own.resolve()
    assert project.file("styles/fonts.css") == ROOT / "styles" / "fonts.css"
    # A default stylesheet's relative reference to tokens.css lands on the project's; the project's
    # fonts.css (if it had one) would find its fonts/ in the default theme.
    assert project.winner(ROOT / "styles" / "tokens.css") == own.resolve()
    assert project.winner(bare_project / "styles" / "fonts" / "Inter-Regular.otf") == (
        ROOT / "styles" / "fonts" / "Inter-Regular.otf"
    )
    assert own.resolve() in project.files("styles") and ROOT / "styles" / "tokens.css" not in project.files("styles")
    assert project.shown(ROOT / "styles" / "base.css") == "styles/base.css (default theme)"
    assert project.allows(ROOT / "styles" / "base.css") and not project.allows(ROOT / "sources" / "site.yaml")


@pytest.mark.build
def test_a_project_without_layouts_or_styles_builds_with_the_default_theme(bare_project):
    built = run_cli("build", *PROGRAMME, project=bare_project)
    assert built.exit_code == 0, built.output
    pdf = bare_project / "output" / "en" / "programme-2017-05-thessaloniki-screen.pdf"
    with pikepdf.open(pdf) as document:
        fonts = {
            str(font.BaseFont).split("+")[-1]
            for page in document.pages
            for font in page.Resources.Font.values()
            if "/BaseFont" in font
        }
    assert any(name.startswith("Inter") for name in fonts), fonts
    assert has_text(flat_text(pdf), "Thessaloniki")


@pytest.mark.build
def test_overriding_one_catalogue_and_one_stylesheet_changes_only_what_they_say(bare_project):
    messages = bare_project / "layouts" / "messages"
    messages.mkdir(parents=True)
    english = (ROOT / "layouts" / "messages" / "en.yaml").read_text(encoding="utf-8")
    assert "\nroom: Room\n" in english
    (messages / "en.yaml").write_text(english.replace("\nroom: Room\n", "\nroom: Venue room\n"))
    # The project's fonts.css, a copy: its fonts/ are the default theme's.
    (bare_project / "styles").mkdir()
    shutil.copy(ROOT / "styles" / "fonts.css", bare_project / "styles" / "fonts.css")
    built = run_cli("build", *PROGRAMME, project=bare_project)
    assert built.exit_code == 0, built.output
    text = flat_text(bare_project / "output" / "en" / "programme-2017-05-thessaloniki-screen.pdf")
    assert has_text(text, "TIME SESSION VENUE ROOM"), text[:300]


def keys_of(project: Path) -> dict[str, str]:
    sources = read_sources(project / "sources")
    keys = KeyMaker(project, sources, BuildOptions())
    return {p.relative_path: keys.key(p) for p in plan_publications(sources, BuildOptions())}


def test_keys_cover_the_default_themes_bytes_and_not_where_it_is_installed(bare_project, tmp_path_factory, monkeypatch):
    installed = tmp_path_factory.mktemp("site-packages") / "publication" / "theme"  # outside the project
    for name in ("layouts", "styles"):
        shutil.copytree(ROOT / name, installed / name)

    def keys_with_default(root: Path) -> dict[str, str]:
        monkeypatch.setattr(theme, "default_theme_root", lambda: root)
        theme_of.cache_clear()
        try:
            return keys_of(bare_project)
        finally:
            theme_of.cache_clear()

    here = keys_with_default(ROOT)
    assert keys_with_default(installed) == here  # the same theme elsewhere: the same keys
    css = installed / "styles" / "programme.css"
    css.write_text(css.read_text() + "\n/* changed */\n")
    changed = keys_with_default(installed)
    assert {path for path in here if here[path] != changed[path]} == {
        path for path in here if "programme-" in path
    }  # the programmes read programme.css; the other publications do not
