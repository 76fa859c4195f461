"""EU funding visibility, decided once: what the text beside the EU emblem says in each language, for
which programme period and fund, and how it may be set (typefaces, colours).

The wording follows the European Commission's downloads "Visual identity for programmes 2021-2027"
(the emblem with "Co-funded by the European Union" or "Funded by the European Union" in each
official language of the Union; Regulation (EU) 2021/1060, Annex IX). Before 2021 (Implementing
Regulation (EU) No 821/2014, Art. 4, for 2014-2020) the emblem is accompanied by the words
"European Union" written out, and the fund is named in the funding statement: the build keeps
doing so for such funders. The typefaces and colours are the ones both rules permit.
The build sets the text from this table (figures.credit_marks), `preflight --eu` looks for it in
the PDF (preflight/eu.py), and the sources are checked against it here.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from .errors import Problem
from .messages import _


@dataclass(frozen=True)
class Wording:
    """What stands beside the emblem in one language."""

    union: str  # the Union's name: written out beside the emblem before 2021
    co_funded: str  # 2021-2027, part of the costs
    funded: str  # 2021-2027, all of them


# One row per official language of the Union (ISO 639-1), as the Commission's logo files write it.
STATEMENTS = MappingProxyType(
    {
        "bg": Wording("Европейски съюз", "Съфинансирано от Европейския съюз", "Финансирано от Европейския съюз"),
        "cs": Wording("Evropská unie", "Spolufinancováno Evropskou unií", "Financováno Evropskou unií"),
        "da": Wording(
            "Den Europæiske Union", "Medfinansieret af Den Europæiske Union", "Finansieret af Den Europæiske Union"
        ),
        "de": Wording(
            "Europäische Union", "Kofinanziert von der Europäischen Union", "Finanziert von der Europäischen Union"
        ),
        "el": Wording(
            "Ευρωπαϊκή Ένωση", "Συγχρηματοδοτείται από την Ευρωπαϊκή Ένωση", "Χρηματοδοτείται από την Ευρωπαϊκή Ένωση"
        ),
        "en": Wording("European Union", "Co-funded by the European Union", "Funded by the European Union"),
        "es": Wording("Unión Europea", "Cofinanciado por la Unión Europea", "Financiado por la Unión Europea"),
        "et": Wording("Euroopa Liit", "Kaasrahastanud Euroopa Liit", "Rahastanud Euroopa Liit"),
        "fi": Wording("Euroopan unioni", "Euroopan unionin osarahoittama", "Euroopan unionin rahoittama"),
        "fr": Wording("Union européenne", "Cofinancé par l’Union européenne", "Financé par l’Union européenne"),
        "ga": Wording(
            "An tAontas Eorpach", "Arna chómhaoiniú ag an Aontas Eorpach", "Arna mhaoiniú ag an Aontas Eorpach"
        ),
        "hr": Wording("Europska unija", "Sufinancira Europska unija", "Financira Europska unija"),
        "hu": Wording("Európai Unió", "Az Európai Unió társfinanszírozásával", "Az Európai Unió finanszírozásával"),
        "it": Wording("Unione europea", "Cofinanziato dall’Unione europea", "Finanziato dall’Unione europea"),
        "lt": Wording("Europos Sąjunga", "Bendrai finansuoja Europos Sąjunga", "Finansuoja Europos Sąjunga"),
        "lv": Wording("Eiropas Savienība", "Līdzfinansē Eiropas Savienība", "Finansē Eiropas Savienība"),
        "mt": Wording("Unjoni Ewropea", "Kofinanzjat mill-Unjoni Ewropea", "Iffinanzjat mill-Unjoni Ewropea"),
        "nl": Wording("Europese Unie", "Medegefinancierd door de Europese Unie", "Gefinancierd door de Europese Unie"),
        # "Dofinansowane" is Poland's own cohesion-fund strip; the Commission's emblem says "Współfinansowane".
        "pl": Wording(
            "Unia Europejska", "Współfinansowane przez Unię Europejską", "Sfinansowane przez Unię Europejską"
        ),
        "pt": Wording("União Europeia", "Cofinanciado pela União Europeia", "Financiado pela União Europeia"),
        "ro": Wording("Uniunea Europeană", "Cofinanțat de Uniunea Europeană", "Finanțat de Uniunea Europeană"),
        "sk": Wording("Európska únia", "Spolufinancované Európskou úniou", "Financované Európskou úniou"),
        "sl": Wording("Evropska unija", "Sofinancira Evropska unija", "Financira Evropska unija"),
        "sv": Wording(
            "Europeiska unionen", "Medfinansieras av Europeiska unionen", "Finansieras av Europeiska unionen"
        ),
    }
)
FALLBACK_LANGUAGE = "en"  # a publication in a language the Union does not have (sr, tr…) says it in English


@dataclass(frozen=True)
class ProgrammePeriod:
    start: int
    end: int
    statement: bool  # the rule asks for "(Co-)funded by the European Union"; else "European Union" and the fund


PROGRAMME_PERIODS = MappingProxyType(
    {
        "2007-2013": ProgrammePeriod(2007, 2013, statement=False),
        "2014-2020": ProgrammePeriod(2014, 2020, statement=False),
        "2021-2027": ProgrammePeriod(2021, 2027, statement=True),
    }
)

# The funds a funder may name (`fund:`), and whether the Union funds through them with the member
# states (shared management: the rule is then "Co-funded", never "Funded").
FUNDS = MappingProxyType(
    {
        "ERDF": True,  # European Regional Development Fund
        "ESF": True,  # European Social Fund (until 2020)
        "ESF+": True,  # European Social Fund Plus
        "CF": True,  # Cohesion Fund
        "JTF": True,  # Just Transition Fund
        "EMFF": True,  # European Maritime and Fisheries Fund (until 2020)
        "EMFAF": True,  # European Maritime, Fisheries and Aquaculture Fund
        "EAFRD": True,  # European Agricultural Fund for Rural Development
        "AMIF": True,  # Asylum, Migration and Integration Fund
        "ISF": True,  # Internal Security Fund
        "BMVI": True,  # Border Management and Visa Instrument
        "Interreg": True,  # European territorial cooperation (ERDF)
        "URBACT": True,  # an Interreg programme (ERDF)
        "Erasmus+": False,
        "Horizon Europe": False,
        "CERV": False,  # Citizens, Equality, Rights and Values
        "Creative Europe": False,
        "LIFE": False,
        "Digital Europe": False,
    }
)

# The typefaces both rules permit (matched in a font's name: "ABCDEF+Ubuntu-Latin", "ArialMT").
PERMITTED_TYPEFACES = ("Arial", "Auto", "Calibri", "Garamond", "Trebuchet", "Tahoma", "Verdana", "Ubuntu")
ITALIC_NAMES = ("italic", "oblique", "slanted")
# Reflex blue, black and white as the PDF's device colours write them (the emblem's CMYK 100/80/0/0,
# RGB #003399), by number of components.
PERMITTED_COLOURS = MappingProxyType(
    {
        "reflex blue": ((0.0, 0.2, 0.6), (1.0, 0.8, 0.0, 0.0)),
        "black": ((0.0,), (0.0, 0.0, 0.0), (0.0, 0.0, 0.0, 1.0)),
        "white": ((1.0,), (1.0, 1.0, 1.0), (0.0, 0.0, 0.0, 0.0)),
    }
)
COLOUR_TOLERANCE = 0.01  # 8-bit rounding of a colour written as a fraction


def wording(lang: str) -> Wording:
    """The row of a publication's language, else English's."""
    return STATEMENTS.get(lang.split("-")[0].lower(), STATEMENTS[FALLBACK_LANGUAGE])


def period_of_years(start: int) -> str | None:
    """The programme period a project starting in `start` is funded from, or None."""
    return next((name for name, period in PROGRAMME_PERIODS.items() if period.start <= start <= period.end), None)


def emblem_text(lang: str, period: str | None, statement: str) -> str:
    """The words beside the emblem: the statement for 2021-2027 (`statement`: co-funded or funded),
    the Union's name before (a period not known is refused with the sources: check_eu_funders)."""
    words = wording(lang)
    if period is not None and not PROGRAMME_PERIODS[period].statement:
        return words.union
    return words.funded if statement == "funded" else words.co_funded


def funder_period(funder: Any, network: Any) -> str | None:
    """The funder's programme period: its `period:`, else the one the network's first year falls in."""
    return funder.period if funder.period is not None else period_of_years(network.period.start)


def check_eu_funders(sources: Any) -> list[Problem]:
    """The EU funders' period is known (given or from the network's years); a shared-management fund co-funds."""
    problems, doc, network = [], sources.documents["network.yaml"], sources.network
    for index, funder in enumerate(network.credits.funders):
        if funder.mark != "eu-emblem":
            continue
        where = ("credits", "funders", index)
        if funder_period(funder, network) is None:
            message = _("the network's years ({start}-{end}) are in no programme period").format(
                start=network.period.start, end=network.period.end
            )
            fix = _("give the funder's `period:`, one of {programme_periods}").format(
                programme_periods=", ".join(PROGRAMME_PERIODS)
            )
            problems.append(doc.problem(where, message, fix))
        if funder.fund is not None and FUNDS[funder.fund] and funder.statement == "funded":
            message = _("{fund} is shared with the member states: the Union co-funds it").format(fund=funder.fund)
            problems.append(doc.problem((*where, "statement"), message, _("write `statement: co-funded`")))
    return problems
