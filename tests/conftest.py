"""Shared fixtures: the project is built once per test session, into a temporary folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from publication.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str, project: Path = ROOT):
    """Invoke make-publication in-process; returns Click's result (exit_code, output)."""
    return CliRunner().invoke(main, ["--project", str(project), *args], catch_exceptions=False)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The output folder of one full build of the shipped sources."""
    output = tmp_path_factory.mktemp("output")
    result = run_cli("build", "--output", str(output))
    assert result.exit_code == 0, result.output
    return output


@pytest.fixture(scope="session")
def manifest(built) -> list[dict]:
    return json.loads((built / "manifest.json").read_text())["files"]


@pytest.fixture()
def project_copy(tmp_path) -> Path:
    """A throw-away copy of the project's sources, layouts and styles, to break on purpose."""
    for name in ("sources", "layouts", "styles"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path
