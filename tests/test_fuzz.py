"""Random YAML fed to the loader and the validator: problems come back as located messages, never a traceback."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from publication.errors import Problem, SourceError
from publication.limits import MAX_ALIAS_VALUES, MAX_DEPTH
from publication.load import load_yaml
from publication.model import Contacts, Network, Partners, Site, Text, Workshop, validate
from publication.sources import read_sources

MODELS = (Site, Network, Partners, Contacts, Workshop)
# Keys the schema knows, so that random documents get past "unknown key" into deeper checks.
KNOWN_KEYS = sorted(
    {name for model in MODELS for name in model.model_fields}
    | {"fr", "en", "el", "gr", "start", "end", "date", "sessions", "name", "src", "alt", "lat", "lon"}
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(
        [
            "09:00",
            "25:61",
            "2017-02-30",
            "2017-13",
            "2017-05",
            "fr",
            "lead",
            "draft",
            "#GGG",
            "~",
            "[",
            "{",
            "&anchor",
            "*alias",
            "!!python/object:os.system",
            "\x00",
            "\ufeff",
        ]
    ),
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
    # YAML breaks lines at \r and U+0085, U+2028, U+2029 too; splitlines() knows them all.
    last_line = len(raw.decode("utf-8", "replace").splitlines()) + 1
    for problem in problems:
        assert str(problem.file) == "random.yaml"
        # A YAML reader error (a control character) carries no line (see load.py); a line given
        # lies inside the file.
        assert problem.line is None or 1 <= problem.line <= last_line, problem
    if doc is None:
        assert problems, "a file that cannot be read must say why"
        return
    _assert_plain_data(doc.data)
    assert all(1 <= line <= last_line for line in doc.lines.values())


def _assert_plain_data(data) -> None:
    """What the loader promises: every scalar stays text (or None); keys are text."""
    if isinstance(data, dict):
        assert all(isinstance(key, str) for key in data)
        for value in data.values():
            _assert_plain_data(value)
    elif isinstance(data, list):
        for item in data:
            _assert_plain_data(item)
    else:
        assert data is None or isinstance(data, str), repr(data)


# A workshop the shipped sources accept; the fuzzer drops, replaces or adds one key of it, so
# that both the accepted and the rejected branch are reached.
HOST = "dresden"
BASE_WORKSHOP = {
    "title": {"fr": "Atelier", "en": "Workshop"},
    "host": HOST,
    "dates": "2099-01-12",
    "agenda": [{"date": "2099-01-12", "sessions": [{"start": "09:00", "title": "Accueil"}]}],
}
# What the base workshop's values must be once read: key in the file, how to read it, value.
READ_AS = [
    ("title", lambda workshop: workshop.title, Text({"fr": "Atelier", "en": "Workshop"})),
    ("host", lambda workshop: workshop.host, HOST),
    ("dates", lambda workshop: workshop.dates, dt.date(2099, 1, 12)),
    (
        "agenda",
        lambda workshop: [(day.date, [(s.start, s.title) for s in day.sessions]) for day in workshop.agenda],
        [(dt.date(2099, 1, 12), [(dt.time(9, 0), Text({Text.NEUTRAL: "Accueil"}))])],
    ),
]


@st.composite
def workshops(draw) -> dict:
    data = dict(BASE_WORKSHOP)
    key = draw(st.sampled_from([*BASE_WORKSHOP, *KNOWN_KEYS]))
    change = draw(st.sampled_from(["keep", "drop", "replace"]))
    if change == "drop":
        data.pop(key, None)
    elif change == "replace":
        data[key] = draw(structures)
    return data


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(data=workshops() | structures)
def test_random_workshop_in_the_real_sources_is_reported_or_accepted(project_copy, data):
    """The whole reader, cross-checks included, on the shipped sources plus one random workshop:
    either the workshop is read with the values given, or a problem points into its file. The
    project copy (layouts too: the message catalogues are checked with the sources) is this test's
    own; each example overwrites the one random file."""
    sources_copy = project_copy / "sources"
    file = sources_copy / "workshops/2099-01-random.yaml"
    file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        sources = read_sources(sources_copy)
    except SourceError as exc:
        _check_problems(exc.problems)
        located = [p for p in exc.problems if str(p.file).endswith("workshops/2099-01-random.yaml")]
        assert located, exc.problems
        assert all(p.line is not None for p in located), located
        return
    workshop = sources.workshops["2099-01-random"]
    assert isinstance(workshop, Workshop)
    assert workshop.model_fields_set == set(data)  # every key given was read, none dropped
    for key, read, expected in READ_AS:
        if data.get(key) == BASE_WORKSHOP[key]:
            assert read(workshop) == expected, key


# --- the loader's bounds: aliases, nesting, size ---------------------------------------------

SMALL_LIMIT = 3000  # bytes: the size bound, made small so that examples cross it


@st.composite
def bounded_yaml(draw) -> tuple[str, int]:
    """YAML with anchors and aliases (chains of repetition, aliases inside their own anchor or
    before it), nested lists and mappings to random depths, padded to random sizes; and its depth."""
    lines = []
    for i in range(draw(st.integers(0, 6))):
        # Mostly the previous anchor (repetition grows by its count at each level), at times the
        # anchor itself (an alias inside its own anchor) or a later one (not defined yet).
        mode = draw(st.sampled_from(["previous"] * 6 + ["self", "later"]))
        target = {"previous": i - 1, "self": i, "later": i + 1}[mode]
        items = ", ".join([f"*a{target}" if target >= 0 else "x"] * draw(st.integers(1, 12)))
        lines.append(f"a{i}: &a{i} [{items}]")
    depth = draw(st.integers(0, 2 * MAX_DEPTH))
    if draw(st.booleans()):
        nested = ["deep: " + "[" * depth + "x" + "]" * depth]
    else:  # block mappings, two spaces a level
        nested = ["  " * level + f"k{level}:" for level in range(depth)] + ["  " * depth + "k: x"]
    lines = nested + lines if draw(st.booleans()) else lines + nested
    lines.append("# " + "p" * draw(st.integers(0, SMALL_LIMIT // 2)))
    return "\n".join(lines) + "\n", depth


def _expanded(value, limit: int = 10**6) -> tuple[int, int]:
    """(values, depth) of data with every alias written out; fails past `limit` values."""
    count, deepest, pending = 0, 0, [(value, 0)]
    while pending:
        item, level = pending.pop()
        count += 1
        deepest = max(deepest, level)
        assert count <= limit, "an alias bomb got through"
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        pending += [(child, level + 1) for child in children]
    return count, deepest


@FAST
@given(bounded_yaml())
def test_aliases_depth_and_size_stay_within_the_bounds(case):
    text, depth = case
    # The small bound for this test only: a module-wide patch outlived it into the tests that ran after.
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setattr("publication.load.MAX_SOURCE_BYTES", SMALL_LIMIT)
        file = Path(folder) / "bounded.yaml"
        file.write_text(text, encoding="utf-8")
        doc, problems = load_yaml(file, "bounded.yaml")
    _check_problems(problems)
    for bound in ("is larger than", "nests deeper", "aliases repeat", "it is inside of", "names no anchor"):
        event(f"{bound}: {any(bound in p.message for p in problems)}")  # --hypothesis-show-statistics
    lines = text.count("\n") + 1
    assert all(p.line is None or 1 <= p.line <= lines for p in problems), problems
    too_large = len(text.encode()) > SMALL_LIMIT
    assert too_large == any("is larger than" in p.message for p in problems)
    if depth >= MAX_DEPTH and not too_large:
        assert problems, "nesting beyond the bound was accepted"
    if doc is not None and not problems:
        values, deepest = _expanded(doc.data)
        assert deepest <= MAX_DEPTH + 1
        assert values <= len(text) + MAX_ALIAS_VALUES
