"""MkDocs hook (mkdocs.yml `hooks:`): ARCHITECTURE.md, kept at the top of the repository, is the docs' page dev/architecture.md."""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File, Files

ARCHITECTURE = Path(__file__).resolve().parent.parent / "ARCHITECTURE.md"
PAGE = "dev/architecture.md"


def on_files(files: Files, config) -> Files:
    """Add ARCHITECTURE.md as dev/architecture.md; its links into docs/ are rewritten to start from docs/dev/."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    files.append(File.generated(config, PAGE, content=text.replace("](docs/", "](../")))
    return files
