"""Random YAML fed to the loader and the validator: problems come back as located messages, never a traceback."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from publication.errors import Problem, SourceError
from publication.load import load_yaml
from publication.model import Contacts, Network, Partners, Site, Workshop, validate
from publication.sources import read_sources
from tests.conftest import ROOT

MODELS = (Site, Network, Partners, Contacts, Workshop)
# Keys the schema knows, so that random documents get past "unknown key" into deeper checks.
KNOWN_KEYS = sorted({name for model in MODELS for name in model.model_fields}
                    | {"fr", "en", "el", "gr", "start", "end", "date", "sessions", "name", "src", "alt", "lat", "lon"})

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["09:00", "25:61", "2017-02-30", "2017-13", "2017-05", "fr", "lead", "draft", "#GGG", "~",
                     "[", "{", "&anchor", "*alias", "!!python/object:os.system", "\x00", "\ufeff"]),
)
keys = st.one_of(st.sampled_from(KNOWN_KEYS), st.text(min_size=1, max_size=8))
structures = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=5)),
    max_leaves=25,
)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_problems(problems: list) -> None:
    for problem in problems:
        assert isinstance(problem, Problem)
        assert str(problem)  # renders without error
        assert problem.file


@FAST
@given(structures)
def test_random_structures_never_raise(data):
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "random.yaml"
        file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        doc, problems = load_yaml(file, "random.yaml")
        _check_problems(problems)
        if doc is None:
            return
        for model in MODELS:
            record, problems = validate(doc, model)
            _check_problems(problems)
            assert (record is None) == bool(problems)


@FAST
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_random_bytes_never_raise(raw):
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "random.yaml"
        file.write_bytes(raw)
        doc, problems = load_yaml(file, "random.yaml")
        _check_problems(problems)
        assert doc is not None or problems


@pytest.fixture(scope="module")
def sources_copy(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(ROOT / "sources", project / "sources")
    shutil.copytree(ROOT / "styles", project / "styles")
    return project / "sources"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(data=structures)
def test_random_workshop_in_the_real_sources_is_reported_or_accepted(sources_copy, data):
    """The whole reader, cross-checks included, on the shipped sources plus one random workshop."""
    (sources_copy / "workshops/2099-01-random.yaml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                                                encoding="utf-8")
    try:
        read_sources(sources_copy)
    except SourceError as exc:
        _check_problems(exc.problems)
        assert any("2099-01-random.yaml" in str(p.file) for p in exc.problems)
