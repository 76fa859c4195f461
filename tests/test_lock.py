"""The installed packages are the locked ones, and the lock keeps pyproject's supported ranges.

A green suite on a machine whose Babel (or WeasyPrint, pydantic…) drifted from the lock proves
nothing about a fresh machine, so the drift itself is a failure that names the package.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import ROOT

RUNTIME_LOCK = ROOT / "requirements.lock"  # what building needs: ./install
LOCK = ROOT / "requirements-dev.lock"  # also what the tests need: ./install --dev; the tests run with it
PIN = re.compile(r"^(?P<name>[A-Za-z0-9._-]+)==(?P<version>[^\s;\\]+)\s*(?:;\s*(?P<marker>[^\\]+?))?\s*\\?$")
REFRESH = "./install --dev"


def locked_versions(lock=LOCK) -> dict[str, str]:
    """Package → pinned version, for the packages this interpreter and platform install."""
    pins = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match and (not match["marker"] or Marker(match["marker"]).evaluate()):
            pins[canonicalize_name(match["name"])] = match["version"]
    return pins


def installed_version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def declared_requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    return [Requirement(text) for text in declared]


def test_the_lock_pins_every_package_with_hashes():
    pins = locked_versions()
    assert {"weasyprint", "babel", "pydantic", "pikepdf", "pypdfium2", "pytest", "setuptools"} <= set(pins)
    blocks = re.split(r"\n(?=[A-Za-z0-9])", LOCK.read_text(encoding="utf-8"))
    unhashed = [
        block.split()[0] for block in blocks if PIN.match(block.splitlines()[0]) and "--hash=sha256:" not in block
    ]
    assert unhashed == []


def test_the_lock_satisfies_the_supported_ranges():
    pins = locked_versions()
    outside = {
        str(r): pins.get(canonicalize_name(r.name))
        for r in declared_requirements()
        if pins.get(canonicalize_name(r.name)) not in r.specifier
    }
    assert outside == {}, "a locked version is missing or outside pyproject.toml's range"


def test_installed_packages_are_the_locked_versions():
    drifted = {
        name: (installed_version(name), version)
        for name, version in locked_versions().items()
        if installed_version(name) != version
    }
    assert drifted == {}, (
        "installed packages differ from requirements.lock (package: (installed, locked)): "
        + ", ".join(f"{name} {have or 'missing'} instead of {want}" for name, (have, want) in sorted(drifted.items()))
        + f"; run `{REFRESH}` to install the locked versions"
    )


def hashes_by_package(lock) -> dict[str, set[str]]:
    blocks = re.split(r"\n(?=[A-Za-z0-9])", lock.read_text(encoding="utf-8"))
    return {
        block.split("==")[0].lower(): set(re.findall(r"--hash=sha256:([0-9a-f]{64})", block))
        for block in blocks
        if PIN.match(block.splitlines()[0])
    }


def test_the_runtime_lock_is_the_dev_lock_without_the_dev_tools():
    """./install and ./install --dev give the same versions, same files, of what both install."""
    runtime, dev = locked_versions(RUNTIME_LOCK), locked_versions(LOCK)
    assert {name: version for name, version in runtime.items() if dev.get(name) != version} == {}
    runtime_hashes, dev_hashes = hashes_by_package(RUNTIME_LOCK), hashes_by_package(LOCK)
    assert [name for name in runtime_hashes if runtime_hashes[name] != dev_hashes.get(name)] == []
    assert {"pytest", "hypothesis", "ruff", "mypy", "mkdocs"} & set(runtime) == set()


def test_the_wheel_lists_every_sub_package():
    """setuptools packs only the packages pyproject.toml lists: a sub-package left out installs a tool that
    fails at its first import outside the checkout."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "publication").rglob("__init__.py")}
    assert sorted(found - listed) == []
