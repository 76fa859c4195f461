"""The kinds of publication are records (publication/kinds.py): what each decides reaches the plan,
the keys' costs, the job tickets and the preflight through their fields, the same as before they were."""

from __future__ import annotations

import pytest

from publication.finish import binding_of
from publication.kinds import KIND_TABLE, KINDS, kind_of
from publication.plan import BUDGET_OF_KIND, TRIM_OF_KIND, BuildOptions, Publication
from publication.preflight import LAYOUT_RULES, rules_for
from publication.state import KIND_COST


def test_every_table_derived_from_the_records_names_every_kind():
    """A new kind needs no entry anywhere else (state.KIND_COST once raised KeyError for one)."""
    for table in (KIND_COST, LAYOUT_RULES, BUDGET_OF_KIND, TRIM_OF_KIND):
        assert tuple(table) == KINDS
    # The download page's order; the event kit's after (never on the download page: output/private/).
    assert KINDS == (
        "brochure",
        "poster",
        "overview",
        "programme",
        "changes",
        "web",
        "badges",
        "table-cards",
        "room-signs",
        "attendance",
    )


def test_what_each_kind_decides():
    brochure, poster, overview, programme, changes, web, badges, cards, signs, attendance = KIND_TABLE
    public = KIND_TABLE[:6]
    assert [kind.saddle_stitched for kind in public] == [True, False, False, False, False, False]
    assert [kind.per_event for kind in KIND_TABLE] == [False, False, False] + [True] * 7
    assert [kind.cost for kind in public] == [3.0, 4.0, 2.0, 1.0, 0.5, 0.1]
    assert [kind.output for kind in KIND_TABLE] == ["pdf"] * 5 + ["html"] + ["pdf"] * 4
    assert [kind.lists_changes for kind in public] == [False, False, False, False, True, True]
    assert [kind.only_with_changes for kind in public] == [False, False, False, False, True, False]
    assert [kind.title_names_kind for kind in KIND_TABLE] == [False, False, False, False, True, False] + [True] * 4
    # The event kit: made from an event's participant list, into output/private/.
    assert [kind.private for kind in KIND_TABLE] == [False] * 6 + [True] * 4
    assert (badges.trim, badges.grid, badges.per_sheet) == ("A6", (2, 2), 4)
    assert (cards.trim, signs.trim, attendance.trim) == ("A4", "A4 landscape", "A4")
    assert attendance.per_day and not badges.per_day and not cards.shows_funders
    assert badges.name_box is not None and badges.name_box[2] >= 24
    assert (badges.people_per_document, cards.people_per_document, attendance.people_per_document) == (100, 100, 500)
    assert changes.web_page == "web" and changes.budget.most == 1
    assert programme.web_page == "web" and web.layout == "web.html" and web.stylesheet == "web.css"
    assert brochure.prints == ("contacts", "workshops") and overview.prints == ("workshops",)
    assert poster.sizes == ("A3", "A2", "A1", "B2") and poster.trim == "A2" and poster.root_pt == 16
    assert (programme.layout, programme.stylesheet, programme.title_word, programme.label_word) == (
        "programme.html",
        "programme.css",
        "title_programme",
        "kind_programme",
    )


@pytest.mark.parametrize(
    ("publication", "name", "trim", "root_pt", "saddle"),
    [
        (Publication("brochure", "fr", "print"), "brochure", "A5", None, True),
        (Publication("poster", "fr", "screen", size="A1"), "poster-a1", "A1", 16 * 594 / 420, False),
        (Publication("poster", "fr", "screen", size="A2"), "poster", "A2", 16.0, False),
        (
            Publication("programme", "en", "screen", "2017-05-thessaloniki"),
            "programme-2017-05-thessaloniki",
            "A4",
            None,
            False,
        ),
    ],
)
def test_a_publication_reads_its_kinds_record(publication, name, trim, root_pt, saddle):
    assert (publication.name, publication.trim_name, publication.root_font_pt) == (name, trim, root_pt)
    assert publication.saddle_stitched is saddle
    assert publication.layout == kind_of(publication.kind).layout
    assert publication.stylesheets[4] == f"{publication.kind}.css"


def test_binding_imposition_and_preflight_follow_the_record():
    assert binding_of(True, 8).startswith("saddle stitch: 2 sheets folded") and binding_of(False, 1).startswith("none")
    assert BuildOptions(kinds=("brochure",)).makes_print_booklet()
    assert not BuildOptions(kinds=("poster", "programme")).makes_print_booklet()
    assert not BuildOptions(kinds=("brochure",), variants=("screen",)).makes_print_booklet()
    assert rules_for("poster", 594).smallest_pt == round(14 * 594 / 420, 1)  # scaled with the sheet
    assert rules_for("programme", 594) == LAYOUT_RULES["programme"]  # nothing else scales


def test_a_web_page_is_one_file_per_event_and_language_without_a_sheet():
    """The kind whose `output` is html: one page per event and language in its own variant, whenever files for
    screens are made; no sheet, no PDF stylesheets; the programme's QR code leads to it."""
    from publication.plan import plan_publications, web_page_path
    from publication.sources import read_sources
    from tests.conftest import ROOT

    sources = read_sources(ROOT / "sources")
    pages = [p for p in plan_publications(sources, BuildOptions(kinds=("web",))) if p.kind == "web"]
    programmes = plan_publications(sources, BuildOptions(kinds=("programme",), variants=("screen",)))
    assert {(p.lang, p.workshop) for p in pages} == {(p.lang, p.workshop) for p in programmes}
    assert {p.variant for p in pages} == {"web"} and len(pages) == len(programmes)
    assert plan_publications(sources, BuildOptions(kinds=("web",), variants=("print",))) == []
    page = Publication("web", "fr", "web", "2017-05-thessaloniki")
    assert page.relative_path == "fr/web-2017-05-thessaloniki.html"
    assert page.stylesheets == ("fonts.css", "tokens.css", "web.css") and page.trim_mm == (0, 0)
    programme = Publication("programme", "fr", "print", "2017-05-thessaloniki")
    assert web_page_path(programme) == "web-2017-05-thessaloniki.html" and web_page_path(page) is None
