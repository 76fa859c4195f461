"""The typography filter, case by case, and proof that it is applied to data, never to markup."""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publication.localise import Languages
from publication.plan import Publication
from publication.render import build_context, make_environment, render_html
from publication.sources import read_sources
from publication.typography import typeset_text

NNBSP = "\u202f"  # narrow no-break space
NBSP = "\u00a0"

# (language, source text, expected text)
CASES = [
    # French high punctuation: a narrow no-break space before ; : ! ?, added when missing.
    ("fr", "Jour 1 : comprendre", f"Jour 1{NNBSP}: comprendre"),
    ("fr", "Pourquoi? Parce que!", f"Pourquoi{NNBSP}? Parce que{NNBSP}!"),
    ("fr", "le nombre de places est limité ; merci", f"le nombre de places est limité{NNBSP}; merci"),
    ("fr", "Ouverture: la politique", f"Ouverture{NNBSP}: la politique"),
    # French guillemets, typed or made from straight quotes.
    ("fr", "le réseau « villes d'arrivée »", f"le réseau «{NNBSP}villes d’arrivée{NNBSP}»"),
    ("fr", 'le réseau "villes"', f"le réseau «{NNBSP}villes{NNBSP}»"),
    ("fr", "le réseau «villes»", f"le réseau «{NNBSP}villes{NNBSP}»"),
    # Text that already holds no-break spaces keeps them exactly.
    ("fr", f"Jour{NBSP}1{NBSP}: déjà", f"Jour{NBSP}1{NBSP}: déjà"),
    ("fr", f"«{NBSP}cité{NBSP}» et 10{NNBSP}000", f"«{NBSP}cité{NBSP}» et 10{NNBSP}000"),
    # Times, URLs and e-mail addresses are never touched.
    ("fr", "Accueil à 09:30, fin à 17:45", "Accueil à 09:30, fin à 17:45"),
    ("fr", "voir https://example.org/a?b=1;c=2 !", f"voir https://example.org/a?b=1;c=2{NNBSP}!"),
    ("fr", "écrire à europe@valdemarne.fr ; merci", f"écrire à europe@valdemarne.fr{NNBSP}; merci"),
    ("en", "see www.example.org/x-y--z...", "see www.example.org/x-y--z..."),
    # Numbers: no-break space inside, and between a number and its unit.
    ("fr", "10 000 personnes", f"10{NNBSP}000 personnes"),
    ("fr", "à 25 km, 50 % et 120 €", f"à 25{NBSP}km, 50{NNBSP}% et 120{NBSP}€"),
    ("fr", "de 9 h 30 à 12 h", f"de 9{NBSP}h{NBSP}30 à 12{NBSP}h"),
    ("de", "25 km und 1 250 000 Menschen", f"25{NBSP}km und 1{NNBSP}250{NNBSP}000 Menschen"),
    # Apostrophes.
    ("fr", "l'atelier d'aujourd'hui", "l’atelier d’aujourd’hui"),
    ("en", "the host city's policy, partners' practices", "the host city’s policy, partners’ practices"),
    # Quotation marks of each language.
    ("en", 'the "Arrival Cities" network', "the \u201cArrival Cities\u201d network"),
    ("en", "a 'quoted' word", "a \u2018quoted\u2019 word"),
    # A quote that opens a word and that nothing closes is an apostrophe (Dutch 's-, 't; 'til).
    ("en", "'s-Hertogenbosch and 't Hooft", "’s\u2011Hertogenbosch and ’t Hooft"),
    ("fr", "de l'Aquila à 's-Hertogenbosch", "de l’Aquila à ’s\u2011Hertogenbosch"),
    ("en", "open 'til late", "open ’til late"),
    (
        "en",
        "the 'Peter's house' talk in 's-Hertogenbosch",
        "the \u2018Peter’s house\u2019 talk in ’s\u2011Hertogenbosch",
    ),
    ("de", "'s-Hertogenbosch, die 'Ankunftsstadt'", "’s\u2011Hertogenbosch, die \u201aAnkunftsstadt\u2018"),
    ("de", 'das "Netzwerk" der Städte', "das \u201eNetzwerk\u201c der Städte"),
    ("el", 'το "δίκτυο" των πόλεων', "το «δίκτυο» των πόλεων"),
    # Greek: ';' is the question mark and takes no space; the Greek question mark becomes ';'.
    ("el", "Τι είναι το δίκτυο;", "Τι είναι το δίκτυο;"),
    ("el", "Τι είναι\u037e Πού;", "Τι είναι; Πού;"),
    ("el", "Ημέρα 1: ανταλλαγή", "Ημέρα 1: ανταλλαγή"),
    # En dash in ranges, every language; ISO dates and phone numbers stay.
    ("en", "from 2016-2018, pages 9-12", "from 2016–2018, pages 9–12"),
    ("de", "09:00-10:30 und 2016 - 2018", "09:00–10:30 und 2016–2018"),
    ("fr", "le 2017-05-18, tél. 01-43-99-00-00", "le 2017-05-18, tél. 01-43-99-00-00"),
    # A spaced hyphen is a dash, and never opens a line.
    ("en", "Arrival Cities - the network", f"Arrival Cities{NBSP}– the network"),
    ("fr", "attendez...", "attendez…"),
    # Double spaces (a typo of the source page) and surrounding space disappear.
    ("fr", "  Thessalonique  (Grèce) ", "Thessalonique (Grèce)"),
    # Compound place names do not break at their hyphens.
    ("fr", "Vitry-sur-Seine", "Vitry\u2011sur\u2011Seine"),
]


@pytest.mark.parametrize("lang, text, expected", CASES, ids=[f"{c[0]}: {c[1]}" for c in CASES])
def test_typography_case(lang, text, expected):
    assert typeset_text(text, lang) == expected


@pytest.mark.parametrize("lang, text, expected", CASES, ids=[f"{c[0]}: {c[1]}" for c in CASES])
def test_typography_is_idempotent_on_cases(lang, text, expected):
    assert typeset_text(expected, lang) == expected


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("ab1 0:;!?«»\"'-.@/\u00a0\u202fhé%–…km€()"))),
    lang=st.sampled_from(["fr", "en", "de", "el"]),
)
def test_typography_is_idempotent(text, lang):
    once = typeset_text(text, lang)
    assert typeset_text(once, lang) == once


def test_typography_never_adds_spaces_in_times_and_addresses():
    text = "09:30 https://a.org/x?y=1 mail@ex.org 12:00"
    assert typeset_text(text, "fr") == text


def test_filter_is_applied_to_data_before_escaping(project_copy):
    """Markup-like data is escaped after the filter: the filter never sees or makes tags."""
    path = project_copy / "sources" / "workshops" / "2017-05-thessaloniki.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("fr: Accueil des participants et café", 'fr: "Q&A <b>live</b> : l\'accueil"', 1), encoding="utf-8"
    )
    sources = read_sources(project_copy / "sources")
    publication = Publication("programme", "fr", "screen", "2017-05-thessaloniki")
    context = build_context(sources, publication, Languages("fr", project_copy)["fr"])
    html = render_html(make_environment([project_copy / "layouts"]), publication, context)
    assert f"Q&amp;A &lt;b&gt;live&lt;/b&gt;{NNBSP}: l’accueil" in html
    assert "<b>live" not in html
    # Attributes and markup of the layout are never typeset: the lang attribute stays plain.
    assert '<html lang="fr" class="density-normal">' in html


# --- linear time: a long text costs in proportion to its length -----------------------------------

# Shapes that made a pass quadratic (a run of letters, digits or dots with a `@` or `://` further on,
# hyphen chains, quotes never closed…), each repeated to 100 KB and ended with an address and a URL.
LONG_SHAPES = [
    "x",
    "É",
    "a.",
    "1-",
    "X-",
    "wx-",
    "a-B ",
    "'a ",
    '"a ',
    "x@",
    "@a.",
    "www.",
    "a://",
    "1 0",
    "9 h ",
    "URBACT ",
]
MIXED = "Le 'logement' de l'accueil - 9-12 \"x\" 10 000 km 9 h 30 ; Seine-Saint-Denis URBACT: www.a.eu a@b.cd... "


def long_text(unit: str, size: int = 100_000) -> str:
    return (unit * (size // len(unit) + 1))[:size] + " a@b.cd http://x.eu/p?q"


@pytest.mark.parametrize("unit", [*LONG_SHAPES, MIXED])
def test_setting_a_long_text_takes_linear_time(unit):
    """100 KB in each language, the acronyms wrapped and the glyphs listed, in under a second of CPU
    each (about 0.1 s; the quadratic passes took 5 s at 100 KB, an hour at 1 MB)."""
    import html

    from publication.check import characters_drawn
    from publication.render import keep_acronyms_whole

    text = long_text(unit)
    for lang in ("fr", "en", "de", "el"):
        start = time.process_time()
        typeset_text.__wrapped__(text, lang)
        assert time.process_time() - start < 1.0, (unit, lang, time.process_time() - start)
    start = time.process_time()
    characters_drawn(keep_acronyms_whole(f"<p>{html.escape(text)}</p>"))
    assert time.process_time() - start < 1.0, (unit, time.process_time() - start)


def test_a_100_kb_title_is_checked_within_the_bounds(project_copy):
    """`check` of a project whose title is 100 KB of every shape above: bounded, and valid."""
    from tests.bounded import assert_bounded, run_bounded

    title = "".join(long_text(unit, 6000) for unit in [*LONG_SHAPES, MIXED])
    path = project_copy / "sources/workshops/2017-05-thessaloniki.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "  fr: Atelier transnational à Thessalonique\n", f"  fr: {json.dumps(title)}\n", 1
        ),
        encoding="utf-8",
    )
    result = run_bounded("check", project=project_copy)
    assert_bounded(result)
    assert result.exit_code == 0 and "sources are valid" in result.output, result.output[-2000:]
