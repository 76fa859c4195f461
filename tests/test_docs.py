"""The documentation holds together: mkdocs builds it with --strict (no broken link or anchor), the README
stays short and keeps the commands the CI runs, and the README's and ARCHITECTURE.md's links lead to files."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.conftest import ROOT

README_MAX_LINES = 150
# The CI (.ci/run) and the set-up test run these two commands as the README writes them.
QUICK_START = (
    "./install && .venv/bin/make-publication build",
    "./install --dev && .venv/bin/python -m pytest",
)
# [text](target) and [text](target "title"), not images' data or autolinks; the target up to a space or ')'.
MARKDOWN_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


def mkdocs_build(config: Path, site: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config), "--site-dir", str(site)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def relative_links(markdown: Path) -> list[str]:
    """The links of a Markdown file that point into the repository (not web addresses, not anchors alone)."""
    text = FENCE.sub("", markdown.read_text(encoding="utf-8"))
    targets = [match.group(1) for match in MARKDOWN_LINK.finditer(text)]
    return [t for t in targets if not re.match(r"^[a-z][a-z0-9+.-]*:", t) and not t.startswith("#")]


def copy_of_the_docs(tmp_path: Path) -> Path:
    """What `mkdocs build` reads, copied: the config, docs/, the hook and the ARCHITECTURE.md it includes."""
    for name in ("docs", "tools"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "ARCHITECTURE.md"):
        shutil.copy2(ROOT / name, tmp_path / name)
    return tmp_path


def test_mkdocs_builds_strict_without_warnings(tmp_path):
    result = mkdocs_build(ROOT / "mkdocs.yml", tmp_path / "site")
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert "WARNING" not in log, log
    # ARCHITECTURE.md is a page of the docs (tools/docs_hooks.py), with its links into docs/ rewritten.
    architecture = (tmp_path / "site" / "dev" / "architecture.html").read_text(encoding="utf-8")
    assert "Where each concern lives" in architecture
    assert 'href="index.html"' in architecture  # ARCHITECTURE.md's docs/dev/index.md
    for page in ("index.html", "fr/premier-projet.html", "en/first-project.html", "printers.html"):
        assert (tmp_path / "site" / page).is_file(), page


@pytest.mark.parametrize(
    ("broken", "named"),
    [
        ("[a missing page](en/no-such-page.md)", "'en/no-such-page.md'"),
        ("[a missing heading](en/first-project.md#no-such-heading)", "'#no-such-heading'"),
    ],
)
def test_a_broken_link_or_anchor_fails_the_strict_build(tmp_path, broken, named):
    """The validation settings of mkdocs.yml make both kinds of rot an error, not an INFO line."""
    copy = copy_of_the_docs(tmp_path / "copy")
    index = copy / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + f"\n{broken}\n", encoding="utf-8")
    result = mkdocs_build(copy / "mkdocs.yml", tmp_path / "site")
    assert result.returncode != 0
    assert "WARNING" in result.stderr and named in result.stderr, result.stderr


def test_readme_is_short_and_keeps_the_quick_start():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = readme.count("\n") + (not readme.endswith("\n"))
    assert lines <= README_MAX_LINES, (
        f"README.md has {lines} lines, more than {README_MAX_LINES}: move detail into docs/"
    )
    for command in QUICK_START:
        assert command in readme, f"README.md no longer shows `{command}`, which the CI runs"


@pytest.mark.parametrize("name", ["README.md", "ARCHITECTURE.md"])
def test_relative_links_lead_to_files(name):
    document = ROOT / name
    links = relative_links(document)
    assert links, f"{name} has no relative link: the pattern no longer reads it"
    broken = [link for link in links if not (ROOT / unquote(link.split("#")[0])).exists()]
    assert not broken, f"{name} links to files that do not exist: {broken}"


def test_relative_links_are_found_and_a_missing_file_is_caught(tmp_path):
    """The link reader itself: web addresses and anchors are skipped, code blocks ignored, files resolved."""
    sample = tmp_path / "SAMPLE.md"
    sample.write_text(
        '[a](docs/index.md) [b](https://example.org/) [c](#top) [d](docs/x.md#part "t") ![e](img.png)\n'
        "```\n[f](not/a/link.md)\n```\n",
        encoding="utf-8",
    )
    assert relative_links(sample) == ["docs/index.md", "docs/x.md#part"]
