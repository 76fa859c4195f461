"""Page-level rules: a day's heading never stays alone at the foot of a page, away from its table."""

from __future__ import annotations

import datetime as dt

import pypdfium2 as pdfium
import pytest

from publication.localise import Languages
from publication.plan import Publication
from publication.render import build_context, make_environment, render_html
from publication.sources import read_sources
from publication.typeset import typeset_pdf
from tests.conftest import ROOT

pytestmark = pytest.mark.build  # every test here makes PDFs, or reads a fixture that does

WORKSHOP = "2017-05-thessaloniki"


def programme_with_more_sessions(extra: int) -> tuple[list[str], dict]:
    """The French Thessaloniki programme with `extra` sessions more on day 1 (each at its
    own time, so none is read as a parallel slot): the text of each page, and the layout's context."""
    sources = read_sources(ROOT / "sources")
    workshop = sources.workshops[WORKSHOP]
    day = workshop.agenda[0]
    starts = [17 * 60 + 30 + 5 * i for i in range(extra)]  # 17:30, 17:35…: each at its own time
    more = [
        day.sessions[2].model_copy(update={"start": dt.time(minute // 60, minute % 60), "end": None})
        for minute in starts
    ]
    longer = day.model_copy(update={"sessions": [*day.sessions, *more]})
    sources.workshops[WORKSHOP] = workshop.model_copy(update={"agenda": [longer, *workshop.agenda[1:]]})
    publication = Publication("programme", "fr", "screen", WORKSHOP)
    context = build_context(sources, publication, Languages("fr", ROOT)["fr"])
    pdf, _ = typeset_pdf(
        render_html(make_environment([ROOT / "layouts"]), publication, context), publication, sources.site, ROOT
    )
    document = pdfium.PdfDocument(pdf)
    return [document[i].get_textpage().get_text_range() for i in range(len(document))], context


# Around 12 or 13 more sessions on day 1, the heading of day 2 would still fit at the foot of page 1
# but its table would not (checked: with `break-after: auto` on the heading it stays there alone).
@pytest.mark.parametrize("extra_sessions", [11, 12, 13, 14])
def test_day_heading_moves_with_its_table(extra_sessions):
    pages, context = programme_with_more_sessions(extra_sessions)
    heading = context["workshop"].agenda[1].label
    first_session = context["workshop"].agenda[1].items[0].title
    own = [i for i, text in enumerate(pages) if text.replace(f"{heading} (suite)", "").count(heading)]
    assert len(own) == 1, "the day's own heading is printed once"
    assert first_session in pages[own[0]].split(heading, 1)[1], "its first session follows it on its page"
    assert all(f"{heading} (suite)" in pages[i] for i in range(own[0] + 1, len(pages)) if heading in pages[i])


@pytest.mark.parametrize("extra_sessions", [20, 45])
def test_every_page_names_its_day(extra_sessions):
    """A day continuing on a new page repeats its heading there, marked "(suite)"."""
    pages, context = programme_with_more_sessions(extra_sessions)
    days = [day.label for day in context["workshop"].agenda]
    assert len(pages) >= 2
    for number, text in enumerate(pages):
        named = [day for day in days if day in text]
        assert named, f"page {number + 1} names no day"
    continued = [number for number, text in enumerate(pages) if f"{days[0]} (suite)" in text]
    assert continued and continued[0] == 1
