"""Page-level rules: a day's heading never stays alone at the foot of a page, away from its table."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from publication.localise import Languages
from publication.plan import Publication
from publication.render import build_context, make_environment, render_html
from publication.sources import read_sources
from publication.typeset import typeset_pdf
from tests.conftest import ROOT

WORKSHOP = "2017-05-thessaloniki"


# With 12 or 13 more breaks on day 1, the heading of day 2 would still fit at the foot of page 1
# but its table would not (checked: with `break-after: auto` on the heading it stays there alone).
@pytest.mark.parametrize("extra_sessions", [12, 13])
def test_day_heading_moves_with_its_table(extra_sessions):
    sources = read_sources(ROOT / "sources")
    workshop = sources.workshops[WORKSHOP]
    day = workshop.agenda[0]
    longer = day.model_copy(update={"sessions": [*day.sessions, *[day.sessions[2]] * extra_sessions]})
    sources.workshops[WORKSHOP] = workshop.model_copy(update={"agenda": [longer, *workshop.agenda[1:]]})
    publication = Publication("programme", "fr", "screen", WORKSHOP)
    context = build_context(sources, publication, Languages("fr", ROOT / "layouts")["fr"])
    pdf, _ = typeset_pdf(render_html(make_environment(ROOT / "layouts"), publication, context),
                         publication, sources.site, ROOT)
    document = pdfium.PdfDocument(pdf)
    pages = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    heading = context["workshop"].agenda[1].label
    first_session = context["workshop"].agenda[1].sessions[0].title
    on = [i for i, text in enumerate(pages) if heading in text]
    assert on == [1], "the heading should have moved to page 2 with its table"
    assert first_session in pages[1].split(heading, 1)[1]
