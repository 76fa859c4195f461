"""EU funding visibility: the emblem's words chosen from the sources' programme period and fund in
the publication's language (publication/eu_visibility.py), and the sources' mistakes located."""

from __future__ import annotations

import pytest

from publication.errors import SourceError
from publication.eu_visibility import PROGRAMME_PERIODS, STATEMENTS, emblem_text, period_of_years, wording
from publication.sources import read_sources

NETWORK = "sources/network.yaml"
EMBLEM = "      mark: eu-emblem\n"


def edit(project, old: str, new: str) -> None:
    path = project / NETWORK
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(project, needle: str) -> int:
    lines = (project / NETWORK).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def test_every_official_language_has_both_statements_and_the_unions_name():
    # The 24 official languages of the Union; the shipped catalogues' (fr, en, de, el) among them.
    assert len(STATEMENTS) == 24 and {"fr", "en", "de", "el"} <= set(STATEMENTS)
    for row in STATEMENTS.values():
        assert row.union and row.co_funded and row.funded and row.co_funded != row.funded
    assert emblem_text("fr", "2021-2027", "co-funded") == "Cofinancé par l’Union européenne"
    assert emblem_text("de", "2021-2027", "funded") == "Finanziert von der Europäischen Union"
    assert emblem_text("en", "2021-2027", "co-funded") == "Co-funded by the European Union"
    # Before 2021: the emblem with the Union's name written out, as the build printed it.
    assert emblem_text("el", "2014-2020", "co-funded") == "Ευρωπαϊκή Ένωση"
    # A language the Union does not have (Serbian) says it in English.
    assert wording("sr") == STATEMENTS["en"]


def test_the_period_follows_the_networks_years():
    assert period_of_years(2016) == "2014-2020" and period_of_years(2026) == "2021-2027"
    assert period_of_years(1999) is None and list(PROGRAMME_PERIODS)[-1] == "2021-2027"


@pytest.mark.parametrize(
    "added, field, said",
    [
        ("      period: 2028-2034\n", "period", "'2028-2034' is not an EU programme period"),
        ("      fund: FEDER\n", "fund", "'FEDER' is not a fund the EU statement knows"),
        ("      fund: ERDF\n      statement: funded\n", "statement", "ERDF is shared with the member states"),
        ("      statement: half\n", "statement", "half"),
    ],
    ids=["unknown period", "unknown fund", "ERDF does not fund all", "unknown statement"],
)
def test_a_funders_mistake_is_located(project_copy, added, field, said):
    text = (project_copy / NETWORK).read_text(encoding="utf-8")
    text = text.replace("      period: 2014-2020\n      fund: ERDF\n", "")
    (project_copy / NETWORK).write_text(text.replace(EMBLEM, EMBLEM + added, 1), encoding="utf-8")
    with pytest.raises(SourceError) as raised:
        read_sources(project_copy / "sources")
    [problem] = [p for p in raised.value.problems if said in p.message]
    assert str(problem.file).endswith("network.yaml") and problem.field.endswith(field)
    assert problem.line == line_of(project_copy, added.strip().splitlines()[-1])
    assert problem.fix


def test_a_network_outside_every_period_must_name_its_funders_period(project_copy):
    edit(project_copy, "period: {start: 2016, end: 2018}", "period: {start: 2003, end: 2005}")
    edit(project_copy, "      period: 2014-2020\n", "")
    with pytest.raises(SourceError) as raised:
        read_sources(project_copy / "sources")
    [problem] = [p for p in raised.value.problems if "in no programme period" in p.message]
    assert "period:" in problem.fix and "funders" in problem.field and problem.line
