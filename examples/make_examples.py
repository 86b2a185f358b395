"""Write the example files in examples/: fictional QSLD answers for demos, tests and docs.

    .venv/bin/python examples/make_examples.py           # write every file
    .venv/bin/python examples/make_examples.py --check   # ... and print alpha and mean scores

Every municipality, name and answer is invented. The answers come from a small latent-variable
simulation: each municipality has a level per focus area, each group an offset per area
(the college sees things rosier than residents), each respondent a general trait plus a trait
per area, each item a difficulty; a continuous score is cut into the codes 1-5 at fixed
thresholds, and a reverse-keyed item is answered as the mirror image (6 - code). Don't-know
answers (code 9) are frequent where a group cannot judge an item, blanks are rare, and a few
respondents stop halfway.

The output is the same byte for byte on every run: every random draw comes from a numpy
generator seeded from SEED and a fixed stream number, and nothing depends on the clock.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

from quickscan.questionnaire import load_questionnaire
from quickscan.questionnaire.models import Questionnaire

SEED = 20260321  # picked from a few seeds: with n = 4 the demo college must still look rosy
HERE = Path(__file__).resolve().parent
GROUPS = ("raad", "college", "ambtenaar", "inwoner")
WAVES = ("2024", "2026")  # nulmeting, voortgangsmeting
N_AREAS = 7

# --- the 30 fictional municipalities (peer characteristics) ---------------------------------
# code, name, inhabitants, province, urbanity (CBS stedelijkheid: 1 = zeer sterk stedelijk,
# 5 = niet stedelijk), region. Provinces are real, names and regions invented.
MUNICIPALITIES: list[tuple[str, str, int, str, int, str]] = [
    ("GM9901", "Wolderveen", 44210, "Drenthe", 4, "Veenland"),
    ("GM9902", "Oosterbroek aan Zee", 28650, "Zeeland", 4, "Deltawaarden"),
    ("GM9903", "Hegelingen", 61340, "Gelderland", 3, "Heuvelrand"),
    ("GM9904", "Baarderhorn", 12480, "Friesland", 5, "Waddenkust"),
    ("GM9905", "Lindewijk", 118920, "Noord-Brabant", 2, "Grensland"),
    ("GM9906", "Klaverhoeve", 23170, "Drenthe", 4, "Veenland"),
    ("GM9907", "Ravensloot", 37840, "Groningen", 3, "Veenland"),
    ("GM9908", "Eikenrode", 16920, "Groningen", 5, "Veenland"),
    ("GM9909", "Hoogmolen", 52300, "Drenthe", 3, "Veenland"),
    ("GM9910", "Vledderwoude", 9870, "Friesland", 5, "Waddenkust"),
    ("GM9911", "Kampermeer", 31450, "Friesland", 4, "Waddenkust"),
    ("GM9912", "Stavenhoorn", 47760, "Friesland", 3, "Waddenkust"),
    ("GM9913", "Nieuw-Balkerveen", 19040, "Friesland", 5, "Waddenkust"),
    ("GM9914", "Sluisbergen", 22610, "Zeeland", 4, "Deltawaarden"),
    ("GM9915", "Dorrewaard", 41230, "Zuid-Holland", 3, "Deltawaarden"),
    ("GM9916", "Duinhoeve", 26380, "Zuid-Holland", 3, "Deltawaarden"),
    ("GM9917", "Rijnsterhout", 89410, "Zuid-Holland", 2, "Deltawaarden"),
    ("GM9918", "Heukelveld", 34950, "Utrecht", 3, "Heuvelrand"),
    ("GM9919", "Marswoude", 14720, "Gelderland", 4, "Heuvelrand"),
    ("GM9920", "Brakeloo", 72680, "Gelderland", 2, "Heuvelrand"),
    ("GM9921", "Otterdijk", 28190, "Utrecht", 3, "Heuvelrand"),
    ("GM9922", "Elstermeer", 155730, "Utrecht", 1, "Heuvelrand"),
    ("GM9923", "Grevenloo", 38460, "Limburg", 3, "Grensland"),
    ("GM9924", "Tolbergen", 21350, "Limburg", 4, "Grensland"),
    ("GM9925", "Kranenveld", 58210, "Noord-Brabant", 3, "Grensland"),
    ("GM9926", "Moerlanden", 17630, "Overijssel", 5, "Grensland"),
    ("GM9927", "Westerlaar", 205480, "Noord-Holland", 1, "Kustlanden"),
    ("GM9928", "Zandhorst", 46890, "Noord-Holland", 2, "Kustlanden"),
    ("GM9929", "Bremwijk", 25720, "Noord-Holland", 3, "Kustlanden"),
    ("GM9930", "Haverdal", 11360, "Noord-Holland", 4, "Kustlanden"),
]
NAMES = {code: name for code, name, *_ in MUNICIPALITIES}

# --- the answer model -------------------------------------------------------------------------
# Latent scores are in code units (1 = helemaal oneens ... 5 = helemaal eens, positively keyed):
# 3.0 is neutral, which the 0-10 display scale shows as 5.0 (score = 2.5 x (code - 1)).

#: How each group usually differs from the municipality's level, per area 1-7.
GROUP_AREA = {
    "raad": [-0.25, 0.00, -0.05, -0.20, 0.05, 0.00, -0.20],
    "college": [0.40, 0.40, 0.45, 0.30, 0.30, 0.30, 0.35],
    "ambtenaar": [0.10, -0.05, 0.05, 0.35, 0.05, 0.10, 0.10],
    "inwoner": [-0.05, -0.20, -0.45, -0.30, -0.35, -0.15, -0.20],
}

#: Item difficulty (positively keyed): a negative value means the item scores lower.
ITEM_EFFECT = {
    "GR01": 0.05, "GR02": -0.10, "GR03": 0.05, "GR04": -0.45, "GR05": 0.10, "GR06": 0.45,
    "GR07": -0.15,
    "PA01": 0.10, "PA02": 0.20, "PA03": 0.55, "PA04": -0.25, "PA05": 0.55, "PA06": 0.05,
    "PA07": -0.75,
    "BI01": 0.25, "BI02": -0.55, "BI03": -0.25, "BI04": -0.25, "BI05": -0.35, "BI06": -0.10,
    "BI07": -0.15,
    "AO01": 0.10, "AO02": -0.05, "AO03": 0.20, "AO04": -0.10, "AO05": -0.20, "AO06": 0.05,
    "AO07": -0.30,
    "DD01": 0.20, "DD02": -0.15, "DD03": -0.25, "DD04": 0.85, "DD05": -0.20, "DD06": -0.30,
    "DD07": -0.35,
    "DG01": -0.40, "DG02": 0.40, "DG03": -0.10, "DG04": -0.35, "DG05": 0.05, "DG06": 0.30,
    "DG07": 0.20,
    "WB01": 1.00, "WB02": 0.10, "WB03": 0.65, "WB04": 0.05, "WB05": -0.40, "WB06": -0.55,
    "WB07": 0.05, "WB08": -0.20,
}  # fmt: skip

#: Group-specific item effects that hold everywhere.
GROUP_ITEM = {
    ("raad", "GR01"): -0.35,  # raadsleden find their own steering role weak
    ("raad", "GR02"): -0.40,
    ("raad", "GR07"): -0.35,
    ("raad", "AO04"): -0.45,  # information often arrives late
    ("raad", "WB05"): -0.45,  # intimidation is mostly aimed at council members
    ("raad", "PA07"): -0.20,
    ("college", "GR07"): 0.35,
    ("inwoner", "DD04"): -0.35,
    ("inwoner", "GR06"): -0.20,
}

#: Share of don't-know (code 9) where a group cannot judge an item; elsewhere 3-8 %.
DONT_KNOW = {
    "inwoner": {
        "GR03": 0.30, "GR07": 0.34, "PA01": 0.28, "PA02": 0.26, "PA06": 0.36, "PA07": 0.31,
        "BI06": 0.40, "AO06": 0.18, "DD03": 0.24, "DD04": 0.22, "DG02": 0.15, "DG04": 0.17,
        "DG05": 0.35, "WB02": 0.33, "WB04": 0.30, "WB07": 0.39, "WB08": 0.30,
    },
    "ambtenaar": {
        "PA01": 0.12, "PA02": 0.10, "PA06": 0.22, "PA07": 0.26, "GR04": 0.12, "WB02": 0.12,
        "WB03": 0.24, "WB06": 0.28, "DD07": 0.10, "DG05": 0.10,
    },
    "raad": {"DD07": 0.24, "AO05": 0.18, "WB07": 0.10, "BI06": 0.08},
    "college": {"DD07": 0.15},
}  # fmt: skip

GENERAL_SD = 0.35  # a respondent's overall mood about local democracy
AREA_SD = 0.50  # a respondent's view of one area
NOISE_SD = 0.85  # item-level noise
BLANK_SHARE = 0.008  # a skipped question here and there
STOP_SHARE = 0.04  # respondents who stop halfway


@dataclass(frozen=True)
class Wave:
    """One municipality in one wave: how many answered and when the fieldwork started."""

    sizes: dict[str, int]
    start: datetime
    invite_day: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Profile:
    """A municipality's character in the simulation."""

    code: str
    base: list[float]  # level per area 1-7 (latent code units)
    waves: dict[str, Wave]
    group_area: dict[tuple[str, int], float] = field(default_factory=dict)
    item: dict[str, float] = field(default_factory=dict)
    group_item: dict[tuple[str, str], float] = field(default_factory=dict)
    change: dict[int, float] = field(default_factory=dict)  # 2026 minus 2024, per area
    item_change: dict[str, float] = field(default_factory=dict)
    #: How the survey tool spelled each group: fixed spellings first, then weighted ones.
    spellings: dict[str, tuple[list[str], dict[str, float]]] = field(default_factory=dict)
    #: Submission day window forced for some spellings, e.g. a mayor who answers late.
    day_window: dict[str, tuple[float, float]] = field(default_factory=dict)
    local_texts: dict[str, dict[str, list[str]]] = field(default_factory=dict)


PROFILES = [
    Profile(
        # The demo: residents are critical about involvement and digital democracy, the
        # council about its own steering role; the local paper stopped (DG01), threats
        # are not arranged (WB06). A training programme lifted area 2 since 2024.
        code="GM9901",
        base=[3.30, 3.40, 3.25, 3.40, 3.15, 3.65, 3.30],
        waves={
            "2024": Wave({"raad": 22, "college": 4, "ambtenaar": 33, "inwoner": 150},
                         datetime(2024, 3, 4)),
            "2026": Wave({"raad": 25, "college": 4, "ambtenaar": 40, "inwoner": 180},
                         datetime(2026, 3, 2), {"ambtenaar": 8}),
        },
        group_area={("raad", 0): -0.20, ("inwoner", 4): -0.30, ("inwoner", 2): -0.20,
                    ("college", 2): 0.15},
        item={"DG01": -0.40, "WB06": -0.35},
        group_item={("raad", "WB05"): -0.30},
        change={1: 0.30, 5: -0.10},
        item_change={"DG01": -0.45, "PA04": 0.35},
        spellings={
            "raad": ([], {"Raadslid": 0.84, "burgerlid": 0.16}),
            "college": (["burgemeester"], {"wethouder": 1.0}),
            "ambtenaar": (["griffier", "gemeentesecretaris", "griffiemedewerker"],
                          {"ambtenaar": 1.0}),
            "inwoner": ([], {"inwoner": 0.94, "Inwoner": 0.06}),
        },
        day_window={"burgemeester": (15.0, 20.0), "wethouder": (0.5, 9.0)},
        local_texts={
            "2026": {
                "OPEN01": ["De dorpsraden in Wolderveen worden goed gehoord.",
                           "Het platform Praat mee in Wolderveen is een goed begin."],
                "OPEN02": ["Sinds de Wolderveense Courant is gestopt, weet niemand meer wat "
                           "de raad doet.",
                           "Het participatieplatform is nog veel te weinig bekend."],
            },
            "2024": {"OPEN01": ["De Wolderveense Courant doet goed verslag van de raad."]},
        },
    ),
    Profile(
        # Coastal town: strong on digital democracy, weak on resilience (intimidation,
        # pressure from interests around holiday parks), worse in 2026.
        code="GM9902",
        base=[3.35, 3.35, 3.30, 3.35, 3.65, 3.45, 2.95],
        waves={
            "2024": Wave({"raad": 17, "college": 5, "ambtenaar": 28, "inwoner": 120},
                         datetime(2024, 3, 11)),
            "2026": Wave({"raad": 19, "college": 5, "ambtenaar": 31, "inwoner": 140},
                         datetime(2026, 3, 9)),
        },
        group_item={("raad", "WB05"): -0.50, ("raad", "WB04"): -0.40},
        item={"WB08": -0.35},
        change={6: -0.25},
        spellings={g: ([], {g: 1.0}) for g in GROUPS},
        local_texts={
            "2026": {"OPEN02": ["De sfeer rond het vakantieparkdossier is grimmig geworden.",
                                "Raadsleden worden online steeds vaker uitgescholden."]},
            "2024": {"OPEN01": ["De online inspraak over de boulevard werkte goed."]},
        },
    ),
    Profile(
        # Weak digital democracy in 2024; livestreams and a participation platform since
        # 2025 (Democratie in Actie support): area 5 clearly better in 2026.
        code="GM9903",
        base=[3.35, 3.45, 3.30, 3.50, 2.75, 3.40, 3.40],
        waves={
            "2024": Wave({"raad": 24, "college": 6, "ambtenaar": 45, "inwoner": 210},
                         datetime(2024, 2, 26)),
            "2026": Wave({"raad": 27, "college": 7, "ambtenaar": 52, "inwoner": 260},
                         datetime(2026, 2, 23)),
        },
        item={"DD04": -1.60, "DD05": -0.40},
        change={4: 0.55},
        item_change={"DD04": 1.60, "DD05": 0.45, "DD01": 0.25},
        spellings={
            "raad": ([], {"Raadsleden": 1.0}),
            "college": ([], {"Collegeleden": 1.0}),
            "ambtenaar": ([], {"Ambtenaren": 1.0}),
            "inwoner": ([], {"Inwoners": 1.0}),
        },
        local_texts={
            "2024": {"OPEN02": ["De raadsvergaderingen zijn niet eens live te volgen.",
                                "Het is onduidelijk waar je de raadsstukken vindt."]},
            "2026": {"OPEN01": ["Het nieuwe participatieplatform van Hegelingen werkt fijn.",
                                "Goed dat de vergaderingen nu live te volgen zijn."]},
        },
    ),
    Profile(
        # Small rural municipality: strong community and involvement, a thin organisation
        # and little support for the (small) council.
        code="GM9904",
        base=[3.25, 2.90, 3.55, 3.15, 3.05, 3.85, 3.30],
        waves={
            "2024": Wave({"raad": 12, "college": 4, "ambtenaar": 18, "inwoner": 85},
                         datetime(2024, 4, 8)),
            "2026": Wave({"raad": 13, "college": 5, "ambtenaar": 21, "inwoner": 95},
                         datetime(2026, 4, 13)),
        },
        item={"PA05": -0.60, "AO05": -0.35},
        change={},
        spellings={
            "raad": ([], {"raadslid": 1.0}),
            "college": (["burgemeester"], {"wethouder": 1.0}),
            "ambtenaar": ([], {"medewerker gemeente": 1.0}),
            "inwoner": ([], {"inwoner": 1.0}),
        },
        local_texts={
            "2024": {"OPEN01": ["In Baarderhorn kent iedereen elkaar, dat maakt meepraten "
                                "makkelijk."]},
            "2026": {"OPEN02": ["De raad is klein en heeft te weinig ondersteuning."]},
        },
    ),
    Profile(
        # Large town: a good organisation; "always the same people" in 2024, neighbourhood
        # budgets and a residents' panel since then: area 3 up in 2026.
        code="GM9905",
        base=[3.40, 3.50, 2.95, 3.60, 3.40, 3.30, 3.35],
        waves={
            "2024": Wave({"raad": 30, "college": 7, "ambtenaar": 70, "inwoner": 380},
                         datetime(2024, 3, 18)),
            "2026": Wave({"raad": 33, "college": 8, "ambtenaar": 78, "inwoner": 430},
                         datetime(2026, 3, 16)),
        },
        change={2: 0.50},
        item_change={"BI02": 0.30, "BI05": 0.30},
        spellings={
            "raad": ([], {"Gemeenteraad": 0.8, "Fractievolger": 0.2}),
            "college": ([], {"College van B&W": 1.0}),
            "ambtenaar": ([], {"Ambtelijke organisatie": 1.0}),
            "inwoner": ([], {"Inwoners": 0.9, "Bewoner": 0.1}),
        },
        local_texts={
            "2024": {"OPEN02": ["In Lindewijk praten altijd dezelfde mensen mee."]},
            "2026": {"OPEN01": ["De wijkbudgetten werken goed, je ziet echt resultaat.",
                                "Het inwonerspanel is een verbetering."]},
        },
    ),
]  # fmt: skip
PROFILE = {p.code: p for p in PROFILES}

# --- open answers -----------------------------------------------------------------------------
OPEN01_TEXTS = {
    "inwoner": [
        "De raadsleden zijn goed bereikbaar, je kunt ze gewoon aanspreken op de markt.",
        "Het dorpshuis wordt goed gebruikt voor bijeenkomsten van de gemeente.",
        "Dat de vergaderingen van de raad live te volgen zijn.",
        "De wethouder komt echt langs als er iets speelt in de buurt.",
        "Verenigingen worden serieus genomen.",
        "Er is ruimte voor initiatieven van inwoners, zoals ons buurtfeest en de moestuin.",
        "Korte lijnen. Iedereen kent elkaar hier.",
        "Aan de balie van het gemeentehuis word je vriendelijk geholpen.",
        "De informatieavonden over de nieuwe woonwijk waren goed georganiseerd.",
        "Weinig, eerlijk gezegd.",
        "Geen idee.",
        "De lokale omroep doet goed verslag.",
        "Dat dit onderzoek er is.",
        "Het jongerenpanel mag echt meepraten.",
        "Je kunt altijd inspreken bij de commissie.",
        "Bij de herinrichting van ons plein werd echt naar ons geluisterd.",
    ],
    "politiek": [
        "De samenwerking tussen coalitie en oppositie is constructief.",
        "De griffie ondersteunt de raad uitstekend.",
        "De sfeer in de raad is respectvol, ook bij stevige debatten.",
        "Het college informeert de raad open en meestal op tijd.",
        "We hebben goede afspraken gemaakt over integriteit en nevenfuncties.",
        "Raadsleden gaan vaak op werkbezoek in de kernen.",
        "De raadsinformatieavonden worden goed bezocht.",
        "De raad durft kritische vragen te stellen.",
        "Inwoners weten de raad te vinden, vooral via de dorpsraden.",
    ],
    "ambtenaar": [
        "Collega's zijn betrokken en denken mee met inwoners.",
        "De lijnen tussen griffie en organisatie zijn kort.",
        "Er is steeds meer aandacht voor participatie aan het begin van projecten.",
        "Het participatieteam doet goed werk.",
        "Wethouders staan open voor advies, ook als het anders uitkomt.",
    ],
}
#: Per area 1-7 and audience: the improvement a respondent names for their weakest area.
OPEN02_TEXTS: dict[int, dict[str, list[str]]] = {
    0: {
        "intern": [
            "De raad moet eerder zelf zeggen wat hij wil, niet achteraf reageren op het college.",
            "Meer grip van de raad op de gemeenschappelijke regelingen.",
            "Minder technische discussies in de raad, meer politiek debat.",
            "Meer kaderstellend werken.",
            "De raad moet zelf de agenda bepalen.",
        ],
        "inwoner": [
            "Raadsleden zouden vaker de wijken in moeten gaan.",
            "De raad moet het college beter controleren.",
            "Raadsleden moeten beter luisteren naar wat er in de dorpen speelt.",
            "Minder ja-knikken in de raad.",
        ],
    },
    1: {
        "intern": [
            "Meer tijd en ondersteuning voor raadsleden, het is bijna niet te doen naast een baan.",
            "Een goed inwerkprogramma voor nieuwe raadsleden.",
            "Meer training voor commissieleden.",
            "Een betere vergoeding voor fractievolgers.",
        ],
        "inwoner": [
            "Raadsleden moeten zich beter voorbereiden, soms weten ze niet waar het over gaat.",
            "Wethouders met meer verstand van zaken.",
            "Meer jonge mensen in de raad.",
        ],
    },
    2: {
        "intern": [
            "Inwoners eerder betrekken, niet pas als het plan al klaar is.",
            "Meer doen met wat inwoners inbrengen.",
            "Ook de stille groepen bereiken.",
            "Terugkoppelen wat er met de inbreng van inwoners is gedaan.",
        ],
        "inwoner": [
            "Echt luisteren naar inwoners, niet alleen zenden.",
            "Laat weten wat er met onze inbreng is gedaan.",
            "Meepraten voordat alles al vastligt.",
            "Ook jongeren en mensen met weinig tijd betrekken, niet steeds dezelfde mensen.",
            "Eenvoudiger taal in brieven en op de website.",
            "Bij het windpark voelden we ons niet gehoord.",
            "Vraag ons eerder om mee te denken.",
        ],
    },
    3: {
        "intern": [
            "Stukken eerder naar de raad sturen.",
            "Meer ruimte voor ambtenaren om buiten het gemeentehuis te werken.",
            "Minder regels voor initiatieven van inwoners.",
            "Eén vast aanspreekpunt voor dorpsraden.",
        ],
        "inwoner": [
            "Sneller antwoord op vragen en meldingen.",
            "Minder regels voor initiatieven van inwoners.",
            "Ambtenaren zouden vaker buiten het gemeentehuis moeten komen.",
            "Eén vast aanspreekpunt voor dorpsraden.",
            "Niet van het kastje naar de muur gestuurd worden.",
        ],
    },
    4: {
        "intern": [
            "Een goed online participatieplatform.",
            "De raadsinformatie op de website beter ordenen.",
            "Raadsvergaderingen per agendapunt terug te kijken.",
            "Meer aandacht voor digitale toegankelijkheid.",
        ],
        "inwoner": [
            "De website is onoverzichtelijk, raadsstukken zijn niet te vinden.",
            "Een app of platform om mee te praten over plannen.",
            "Online reageren op plannen mogelijk maken.",
            "Duidelijk zijn over wat er met mijn gegevens gebeurt als ik online meedoe.",
            "De website beter toegankelijk maken voor slechtzienden.",
        ],
    },
    5: {
        "intern": [
            "Actiever informatie openbaar maken.",
            "Investeren in lokale journalistiek.",
            "Jongeren een vaste plek geven.",
            "De toon van het debat, ook online, verdient aandacht.",
        ],
        "inwoner": [
            "Meer lokaal nieuws; veel mensen weten niet wat de raad doet.",
            "Uit zichzelf informatie openbaar maken.",
            "Meer respect in de discussie, ook op Facebook.",
            "Jongeren een vaste plek geven.",
        ],
    },
    6: {
        "intern": [
            "Duidelijke afspraken over wat te doen als een raadslid wordt bedreigd.",
            "Meer aandacht voor de veiligheid van raadsleden, ook online.",
            "Een integriteitstoets voor kandidaat-wethouders.",
            "Beter optreden tegen ondermijning.",
        ],
        "inwoner": [
            "Open zijn over nevenfuncties.",
            "Beter optreden tegen ondermijning.",
            "Minder invloed van projectontwikkelaars.",
            "Eerlijk zijn over de belangen van bestuurders.",
        ],
    },
}
OPEN03_TEXTS = {
    "inwoner": [
        "Goede vragenlijst, wel lang.",
        "Sommige vragen kon ik niet beantwoorden, ik weet niet hoe het binnen de gemeente gaat.",
        "Ik hoop dat er ook echt iets met de uitkomsten gebeurt.",
        "Graag de resultaten delen met alle deelnemers.",
        "Mijn ervaring is dat de gemeente pas luistert als je gaat klagen.",
        "Veel succes!",
        "De vraag over de Bibob-toets begreep ik niet.",
        "Wat is het uitdaagrecht?",
        "Doe dit vaker, bijvoorbeeld elk jaar.",
        "Ik woon hier pas twee jaar, dus ik weet nog niet alles.",
        "Nee.",
    ],
    "politiek": [
        "Als raadslid merk ik dat de toon op sociale media harder wordt.",
        "Goed initiatief, ik ben benieuwd naar de verschillen met de inwoners.",
        "Graag de uitkomsten bespreken in een raadsinformatieavond.",
    ],
    "ambtenaar": [
        "De werkdruk bij de griffie is hoog.",
        "Niet alle vragen passen bij mijn functie.",
        "Mooi om dit eens van de andere kant te bekijken.",
    ],
}
#: Small variations, so that the same remark is not always typed the same way.
PREFIXES = {"OPEN02": ["Vooral: ", "Kort gezegd: ", "Voor mij: ", "Belangrijkste: "]}
SUFFIXES = {
    "OPEN01": [" Ga zo door!", " Complimenten daarvoor."],
    "OPEN02": [" Dat zou al veel helpen.", " Graag!"],
}
#: Share of rows answering OPEN01, OPEN02, OPEN03, per group.
OPEN_SHARE = {
    "raad": (0.30, 0.35, 0.10),
    "college": (0.50, 0.50, 0.25),
    "ambtenaar": (0.20, 0.25, 0.08),
    "inwoner": (0.10, 0.14, 0.05),
}
PLAIN_TEXTS = {"Weinig, eerlijk gezegd.", "Geen idee.", "Nee."}  # never given an addition
LOCAL_SHARE = 0.25  # chance that a remark is one of the municipality's own topics

#: Fixed open answers in the demo (GM9901 2026): fictional personal data to test redaction,
#: and a ';', a line break, quotes and cp1252 characters (é, ë, €) to test the readers.
DEMO_SPECIALS = [
    ("OPEN03", "Bel me gerust als u meer wilt weten: 06-12345678. Groet, Ria"),
    ("OPEN03", "Ik wil graag meedoen aan een vervolggesprek, mail naar j.bakker@example.org"),
    ("OPEN02", "De stoep bij ons (Dorpsstraat 14, 9901 AB Wolderveen) ligt al twee jaar open "
               "en niemand reageert op meldingen."),
    ("OPEN03", "Goed dat dit onderzoek er is; wel jammer dat het café-overleg in Oosterend "
               "is gestopt.\nMisschien iets voor de ideeën-avond van de dorpsraad? Kost € 0."),
    ("OPEN02", 'De wethouder zei "we pakken het op", maar er gebeurde niets.'),
]  # fmt: skip

# --- maatwerk ---------------------------------------------------------------------------------
MAATWERK_YAML = """\
# Maatwerkvragen of the fictional municipality of Wolderveen (GM9901), wave 2026.
# Use: quickscan score examples/gm9901-maatwerk.csv --extra examples/maatwerk.yaml
title:
  nl: Vragen van de gemeente Wolderveen
  en: Questions from the municipality of Wolderveen
items:
  - id: MW01
    text:
      nl: >-
        Het nieuwe participatieplatform van de gemeente maakt het makkelijker om mee te
        denken over plannen.
      en: >-
        The municipality's new participation platform makes it easier to contribute to
        plans.
    scale: agree5
  - id: MW02
    text:
      nl: Ik weet bij welke dorpsraad ik terecht kan met een idee voor mijn dorp.
      en: I know which village council to go to with an idea for my village.
    scale: agree5
    groups: [inwoner]
  - id: MW03
    text:
      nl: >-
        De gemeente betrekt inwoners goed bij de keuzes in de Regionale Energiestrategie
        (RES).
      en: >-
        The municipality involves residents well in the choices of the Regional Energy
        Strategy (RES).
    scale: agree5
open_questions:
  - id: MWOPEN01
    text:
      nl: Wat wilt u de gemeente meegeven over zonneparken en windmolens?
      en: What would you like to tell the municipality about solar parks and wind turbines?
"""
MWOPEN01_TEXTS = [
    "Zonnepanelen op daken in plaats van op landbouwgrond.",
    "Laat de opbrengst ook in het dorp terechtkomen.",
    "Geen windmolens bij de Oostermade, daar wonen te veel mensen dichtbij.",
    "Begin met goede informatie, er gaan veel verhalen rond.",
    "Prima, als wij als dorp ook mee mogen beslissen.",
    "Eerst het stroomnet op orde.",
]


# --- simulation -------------------------------------------------------------------------------
@dataclass
class Sample:
    """Simulated respondents of one municipality in one wave, in order of submission."""

    code: str
    wave: str
    ids: list[str]
    groups: list[str]  # group ids
    spellings: list[str]  # the group as the survey tool wrote it
    codes: np.ndarray  # (n, 50): 1-5, 9 = don't know, -1 = blank
    traits: np.ndarray  # (n, 7) area traits (plus the general trait)
    stopped: np.ndarray  # (n,) bool: stopped halfway
    stop_at: np.ndarray  # (n,) first unanswered item index (50 when complete)
    days: np.ndarray  # (n,) submission time in days since the start of fieldwork
    opens: list[list[str | None]]  # (n, 3)

    @property
    def start(self) -> datetime:
        return PROFILE[self.code].waves[self.wave].start

    def submitted_at(self, day: float) -> str:
        return iso(self.start + timedelta(seconds=round(day * 86400)))


def iso(moment: datetime) -> str:
    """ISO 8601 with the Dutch winter-time offset (all fieldwork lies before the switch)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + "+01:00"


class Model:
    """The questionnaire as arrays the simulation works with."""

    def __init__(self, q: Questionnaire) -> None:
        self.q = q
        self.items = q.items
        self.ids = [item.id for item in self.items]
        self.area = np.array([n for n, a in enumerate(q.areas) for _ in a.items])
        self.reverse = np.array([item.reverse for item in self.items])
        self.applies = {g: np.array([item.applies_to(g) for item in self.items]) for g in GROUPS}
        base_dk = np.random.default_rng([SEED, 0]).uniform(0.03, 0.08, size=len(self.items))
        self.dont_know = {
            g: np.array([DONT_KNOW[g].get(i, base_dk[k]) for k, i in enumerate(self.ids)])
            for g in GROUPS
        }

    def means(self, profile: Profile, group: str, wave: str) -> np.ndarray:
        """Latent mean per item for one group of one municipality in one wave."""
        area_level = np.array(profile.base) + np.array(GROUP_AREA[group])
        for (g, a), value in profile.group_area.items():
            if g == group:
                area_level[a] += value
        if wave == "2026":
            for a, value in profile.change.items():
                area_level[a] += value
        mu = area_level[self.area].copy()
        for k, item_id in enumerate(self.ids):
            mu[k] += ITEM_EFFECT[item_id] + profile.item.get(item_id, 0.0)
            mu[k] += GROUP_ITEM.get((group, item_id), 0.0)
            mu[k] += profile.group_item.get((group, item_id), 0.0)
            if wave == "2026":
                mu[k] += profile.item_change.get(item_id, 0.0)
        return mu

    def simulate(self, profile: Profile, wave: str, stream: int) -> Sample:
        rng = np.random.default_rng([SEED, stream])
        spec = profile.waves[wave]
        groups = [g for g in GROUPS for _ in range(spec.sizes[g])]
        n, k = len(groups), len(self.ids)
        g_index = np.array([GROUPS.index(g) for g in groups])

        spellings = spell_groups(profile, groups, rng)
        general = rng.normal(0.0, GENERAL_SD, size=n)
        traits = rng.normal(0.0, AREA_SD, size=(n, N_AREAS)) + general[:, None]
        noise = rng.normal(0.0, NOISE_SD, size=(n, k))
        mu = np.stack([self.means(profile, g, wave) for g in GROUPS])[g_index]
        latent = mu + traits[:, self.area] + noise
        positive = np.clip(np.rint(latent), 1, 5).astype(np.int64)
        codes = np.where(self.reverse, 6 - positive, positive)

        dk_share = np.stack([self.dont_know[g] for g in GROUPS])[g_index]
        codes[rng.random((n, k)) < dk_share] = 9
        codes[rng.random((n, k)) < BLANK_SHARE] = -1
        applies = np.stack([self.applies[g] for g in GROUPS])[g_index]
        codes[~applies] = -1

        stopped = rng.random(n) < STOP_SHARE
        stop_at = np.where(stopped, rng.integers(15, 43, size=n), k)
        codes[np.arange(k)[None, :] >= stop_at[:, None]] = -1

        days = submission_days(groups, spellings, spec, profile, rng)
        opens = open_answers(profile, wave, groups, traits, stopped, rng)

        order = np.argsort(days, kind="stable")
        prefix = f"{profile.code[2:]}-{wave[2:]}-"
        return Sample(
            code=profile.code,
            wave=wave,
            ids=[f"{prefix}{i + 1:04d}" for i in range(n)],
            groups=[groups[i] for i in order],
            spellings=[spellings[i] for i in order],
            codes=codes[order],
            traits=traits[order],
            stopped=stopped[order],
            stop_at=stop_at[order],
            days=days[order],
            opens=[opens[i] for i in order],
        )


def spell_groups(profile: Profile, groups: list[str], rng: np.random.Generator) -> list[str]:
    out: list[str] = []
    seen: dict[str, int] = {}
    for group in groups:
        fixed, weighted = profile.spellings.get(group, ([], {group: 1.0}))
        i = seen.get(group, 0)
        seen[group] = i + 1
        if i < len(fixed):
            out.append(fixed[i])
        else:
            names = list(weighted)
            p = np.array([weighted[name] for name in names])
            out.append(names[rng.choice(len(names), p=p / p.sum())])
    return out


def submission_days(
    groups: list[str],
    spellings: list[str],
    spec: Wave,
    profile: Profile,
    rng: np.random.Generator,
) -> np.ndarray:
    """Days since the start: most answer soon after the invitation, some after the reminder
    on day 14; answers come in between 07:00 and 23:00."""
    n = len(groups)
    invite = np.array([spec.invite_day.get(g, 2.0 if g == "ambtenaar" else 0.0) for g in groups])
    after_reminder = rng.random(n) < 0.35
    day = np.where(
        after_reminder,
        np.maximum(invite, 14.0) + rng.exponential(2.0, size=n),
        invite + rng.exponential(3.0, size=n),
    )
    day = np.floor(np.minimum(day, 25.0))
    for i, spelling in enumerate(spellings):
        if spelling in profile.day_window:
            lo, hi = profile.day_window[spelling]
            day[i] = np.floor(rng.uniform(lo, hi))
    hour = rng.uniform(7.0, 23.0, size=n)
    return day + hour / 24.0


def vary(text: str, question: str, rng: np.random.Generator) -> str:
    """Now and then a lead-in, an addition, a lower-case start or no full stop."""
    draw = rng.random()
    prefixes, suffixes = PREFIXES.get(question, []), SUFFIXES.get(question, [])
    if prefixes and draw < 0.15:
        return prefixes[rng.integers(len(prefixes))] + lower_first(text)
    if suffixes and draw < 0.25 and text not in PLAIN_TEXTS:
        return text + suffixes[rng.integers(len(suffixes))]
    if draw < 0.40 and text.endswith("."):
        return text[:-1]
    if draw < 0.47:
        return lower_first(text)
    return text


def lower_first(text: str) -> str:
    return "één" + text[3:] if text.startswith("Eén") else text[:1].lower() + text[1:]


def open_answers(
    profile: Profile,
    wave: str,
    groups: list[str],
    traits: np.ndarray,
    stopped: np.ndarray,
    rng: np.random.Generator,
) -> list[list[str | None]]:
    """A minority answers the open questions; what they suggest fits their weakest area."""
    local = profile.local_texts.get(wave, {})
    out: list[list[str | None]] = []
    for i, group in enumerate(groups):
        kind = "politiek" if group in ("raad", "college") else group
        audience = "inwoner" if group == "inwoner" else "intern"
        row: list[str | None] = [None, None, None]
        if not stopped[i]:
            draws = rng.random(3)
            if draws[0] < OPEN_SHARE[group][0]:
                row[0] = vary(pick(OPEN01_TEXTS[kind], local.get("OPEN01"), rng), "OPEN01", rng)
            if draws[1] < OPEN_SHARE[group][1]:
                weakest = int(np.argmin(traits[i] + rng.normal(0, 0.3, N_AREAS)))
                pool = OPEN02_TEXTS[weakest][audience]
                row[1] = vary(pick(pool, local.get("OPEN02"), rng), "OPEN02", rng)
            if draws[2] < OPEN_SHARE[group][2]:
                row[2] = vary(pick(OPEN03_TEXTS[kind], None, rng), "OPEN03", rng)
        out.append(row)
    return out


def pick(pool: list[str], local: list[str] | None, rng: np.random.Generator) -> str:
    if local and rng.random() < LOCAL_SHARE:
        pool = local
    return pool[rng.integers(len(pool))]


def add_demo_specials(sample: Sample, rng: np.random.Generator) -> None:
    """Put the fixed open answers on complete residents of the demo municipality."""
    candidates = [
        i for i, g in enumerate(sample.groups) if g == "inwoner" and not sample.stopped[i]
    ]
    chosen = rng.choice(len(candidates), size=len(DEMO_SPECIALS), replace=False)
    for pick, (question, text) in zip(sorted(chosen), DEMO_SPECIALS, strict=True):
        sample.opens[candidates[pick]][int(question[-1]) - 1] = text


# --- writing ----------------------------------------------------------------------------------
BASE_COLUMNS = ["respondent_id", "municipality_code", "municipality_name", "group", "wave"]
OPEN_IDS = ["OPEN01", "OPEN02", "OPEN03"]


# --- background of inwoners and the population file ---------------------------------------
# CBS-style figures for the fictional municipalities: shares of inhabitants aged 18 or over
# per age band, gender and education level (in the spirit of CBS StatLine's regional tables),
# and invented wijken with their share of the inhabitants. Rural municipalities are older and
# less often highly educated. Respondents over-represent older, highly educated men, as open
# links do; their education and age follow their general trait a little, so weighting moves
# the scores.
BACKGROUND_COLUMNS = ["leeftijd", "geslacht", "wijk", "opleiding", "mode"]
AGE_BANDS = ["18-34", "35-49", "50-64", "65+"]
EDUCATION = ["laag", "middelbaar", "hoog"]
POPULATION: dict[str, dict[str, object]] = {
    "GM9901": {
        "leeftijd": [0.22, 0.21, 0.27, 0.30],
        "geslacht": [0.495, 0.505],
        "opleiding": [0.31, 0.41, 0.28],
        "wijk": {"Centrum": 0.24, "Noord": 0.29, "Zuid": 0.27, "Buitengebied": 0.20},
    },
    "GM9902": {
        "leeftijd": [0.20, 0.20, 0.28, 0.32],
        "geslacht": [0.497, 0.503],
        "opleiding": [0.33, 0.41, 0.26],
        "wijk": {"Havenkwartier": 0.35, "Duinzijde": 0.40, "Polders": 0.25},
    },
    "GM9903": {
        "leeftijd": [0.25, 0.23, 0.27, 0.25],
        "geslacht": [0.493, 0.507],
        "opleiding": [0.27, 0.39, 0.34],
        "wijk": {"Oude Kern": 0.30, "Heuvelwijk": 0.38, "Rivierzijde": 0.32},
    },
    "GM9904": {
        "leeftijd": [0.19, 0.19, 0.29, 0.33],
        "geslacht": [0.502, 0.498],
        "opleiding": [0.34, 0.42, 0.24],
        "wijk": {"Dorp": 0.55, "Terpen": 0.45},
    },
    "GM9905": {
        "leeftijd": [0.31, 0.25, 0.24, 0.20],
        "geslacht": [0.491, 0.509],
        "opleiding": [0.24, 0.36, 0.40],
        "wijk": {"Binnenstad": 0.22, "Lindehoven": 0.31, "Westpark": 0.27, "Grenshof": 0.20},
    },
}
#: How much more (or less) likely a category is to answer than its population share says.
RESPONSE_PROPENSITY = {
    "leeftijd": [0.55, 0.8, 1.25, 1.45],
    "geslacht": [1.25, 0.8],
    "opleiding": [0.55, 0.9, 1.6],
}
MODES = (["open link", "steekproef", "papier"], [0.62, 0.30, 0.08])
ADULT_SHARE = 0.80  # inhabitants aged 18 or over


def _ordered_draw(
    trait: np.ndarray, shares: np.ndarray, weight: float, rng: np.random.Generator
) -> np.ndarray:
    """Categories 0..K-1 with the given expected shares, ordered by trait x weight + noise."""
    latent = weight * trait + rng.normal(0.0, 1.0, size=len(trait))
    cuts = np.quantile(latent, np.cumsum(shares)[:-1]) if len(trait) else []
    return np.searchsorted(cuts, latent)


def background_of(sample: Sample) -> list[list[str]]:
    """Background cells per respondent: filled for inwoners, blank for every other group."""
    # A stream of its own: the answers stay exactly as they were.
    rng = np.random.default_rng([SEED, 300 + int(sample.code[2:]) % 100, int(sample.wave)])
    population = POPULATION.get(sample.code, POPULATION["GM9901"])
    rows: list[list[str]] = [[""] * len(BACKGROUND_COLUMNS) for _ in sample.ids]
    residents = [i for i, g in enumerate(sample.groups) if g == "inwoner"]
    if not residents:
        return rows
    general = sample.traits[residents].mean(axis=1)

    def respondent_shares(name: str) -> np.ndarray:
        shares = np.array(population[name]) * np.array(RESPONSE_PROPENSITY[name])
        return shares / shares.sum()

    age = _ordered_draw(-general, respondent_shares("leeftijd"), 0.8, rng)
    education = _ordered_draw(general, respondent_shares("opleiding"), 0.8, rng)
    gender = rng.choice(2, size=len(residents), p=respondent_shares("geslacht"))
    wijken = population["wijk"]
    assert isinstance(wijken, dict)
    wijk = rng.choice(list(wijken), size=len(residents), p=list(wijken.values()))
    mode = rng.choice(MODES[0], size=len(residents), p=MODES[1])
    genders = ["man", "vrouw"]
    for k, i in enumerate(residents):
        rows[i] = [
            AGE_BANDS[age[k]],
            genders[gender[k]],
            str(wijk[k]),
            EDUCATION[education[k]],
            str(mode[k]),
        ]
    # A few leave a question open, as people do.
    for k in np.flatnonzero(rng.random(len(residents)) < 0.03).tolist():
        rows[residents[k]][int(rng.integers(0, 4))] = ""
    return rows


def population_rows() -> list[list[str]]:
    """examples/population.csv: counts of adult inhabitants per characteristic and category."""
    out: list[list[str]] = []
    for code, figures in POPULATION.items():
        inhabitants = next(m[2] for m in MUNICIPALITIES if m[0] == code)
        adults = inhabitants * ADULT_SHARE
        categories: dict[str, dict[str, float]] = {
            "leeftijd": dict(zip(AGE_BANDS, figures["leeftijd"], strict=True)),  # type: ignore[arg-type]
            "geslacht": dict(zip(["man", "vrouw"], figures["geslacht"], strict=True)),  # type: ignore[arg-type]
            "wijk": figures["wijk"],  # type: ignore[dict-item]
            "opleiding": dict(zip(EDUCATION, figures["opleiding"], strict=True)),  # type: ignore[arg-type]
        }
        for characteristic, shares in categories.items():
            for category, share in shares.items():
                out.append(
                    [code, NAMES[code], characteristic, category, str(round(adults * share))]
                )
    return out


def cell(code: int) -> str:
    return "" if code < 0 else str(code)


def rows_of(sample: Sample, background: bool = False) -> list[list[str]]:
    rows = []
    extra = background_of(sample) if background else [[] for _ in sample.ids]
    for i in range(len(sample.ids)):
        rows.append(
            [sample.ids[i], sample.code, NAMES[sample.code], sample.spellings[i], sample.wave]
            + [cell(c) for c in sample.codes[i]]
            + [text or "" for text in sample.opens[i]]
            + extra[i]
        )
    return rows


def write_csv(
    path: Path,
    header: list[str],
    rows: list[list[str]],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    lineterminator: str = "\n",
    first_line: str = "",
) -> None:
    with path.open("w", encoding=encoding, newline="") as handle:
        if first_line:
            handle.write(first_line + lineterminator)
        writer = csv.writer(handle, delimiter=delimiter, lineterminator=lineterminator)
        writer.writerow(header)
        writer.writerows(rows)


LABEL_HEADER = {
    "respondent_id": "respondent",
    "municipality_code": "gemeentecode",
    "municipality_name": "gemeentenaam",
    "group": "doelgroep",
    "wave": "meting",
}


def excel_rows(q: Questionnaire, sample: Sample, rng: np.random.Generator) -> list[list[str]]:
    """The demo rows with answers as Dutch labels, typed a little inconsistently."""
    scale = q.scale("agree5")
    labels = {o.code: o.label.nl for o in (*scale.options, *scale.dont_know)}
    dont_know_variants = [labels[9], labels[9], labels[9].lower(), "Weet niet/geen mening"]
    rows = rows_of(sample)
    for row in rows:
        for j in range(5, 5 + len(q.items)):
            if not row[j]:
                continue
            code = int(row[j])
            if code == 9:
                row[j] = dont_know_variants[rng.integers(len(dont_know_variants))]
                continue
            label = labels[code]
            draw = rng.random()
            if draw < 0.04:
                label = label.lower()
            elif draw < 0.06:
                label = " " + label
            elif draw < 0.07:
                label = label + " "
            elif draw < 0.08:
                label = label.upper()
            row[j] = label
    return rows


def write_xlsx(path: Path, header: list[str], sample: Sample) -> None:
    """GM9902 as an Excel workbook, codes as numbers; fixed dates so the bytes never change."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    fixed = datetime(2026, 4, 1, 9, 0, 0)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Antwoorden"
    sheet.append(header)
    for i in range(len(sample.ids)):
        sheet.append(
            [sample.ids[i], sample.code, NAMES[sample.code], sample.spellings[i],
             int(sample.wave)]
            + [int(c) if c >= 0 else None for c in sample.codes[i]]
            + list(sample.opens[i])
        )  # fmt: skip
    sheet.freeze_panes = "F2"
    workbook.properties.creator = "quickscan examples"
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()
    # Re-pack with a fixed time stamp on every member (zipfile would use the clock).
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=fixed.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, source.read(info.filename))


def maatwerk_answers(sample: Sample, rng: np.random.Generator) -> list[list[str]]:
    """MW01-MW03 and MWOPEN01 for the demo rows; MW01 follows the view of area 5,
    MW02 that of area 6 (residents only), MW03 that of area 3."""
    offsets = {"raad": 0.0, "college": 0.5, "ambtenaar": 0.3, "inwoner": -0.3}
    out = []
    for i, group in enumerate(sample.groups):
        row = []
        plan = [(3.0, 4, 0.06), (3.3, 5, 0.15), (2.8, 2, 0.12 if group == "inwoner" else 0.05)]
        for m, (level, area, dk) in enumerate(plan):
            latent = level + offsets[group] + sample.traits[i, area] + rng.normal(0, NOISE_SD)
            code = int(np.clip(np.rint(latent), 1, 5))
            if rng.random() < dk:
                code = 9
            if sample.stopped[i] or (m == 1 and group != "inwoner") or rng.random() < 0.01:
                code = -1
            row.append(cell(code))
        text = ""
        if not sample.stopped[i] and rng.random() < 0.10:
            text = MWOPEN01_TEXTS[rng.integers(len(MWOPEN01_TEXTS))]
        row.append(text)
        out.append(row)
    return out


def fieldwork_rows(
    model: Model, sample: Sample, rng: np.random.Generator
) -> tuple[list[str], list[list[str]]]:
    """The export on day 10: who submitted so far, civil servants mostly half-way (they were
    invited on day 8), only the wethouders of the college, one typo and one stray group."""
    cutoff = 10.0
    header = ["respondent_id", "submitted_at", *BASE_COLUMNS[1:], *model.ids, *OPEN_IDS]
    records: list[tuple[float, list[str]]] = []
    rows = rows_of(sample)
    for i, row in enumerate(rows):
        day = float(sample.days[i])
        group = sample.groups[i]
        if day < cutoff:
            records.append((day, row[:1] + [sample.submitted_at(day)] + row[1:]))
        elif group == "ambtenaar" and rng.random() < 0.85:
            # In progress: answers saved up to somewhere in areas 2-3, no open answers yet.
            invite = PROFILE[sample.code].waves[sample.wave].invite_day.get("ambtenaar", 0.0)
            saved = float(np.floor(rng.uniform(invite, cutoff))) + rng.uniform(7, 23) / 24
            stop = int(rng.integers(8, 23))
            partial = row[:5] + [c if j < stop else "" for j, c in enumerate(row[5:55])]
            partial += ["", "", ""]
            records.append((saved, partial[:1] + [sample.submitted_at(saved)] + partial[1:]))
    records.sort(key=lambda r: r[0])
    out = [r for _, r in records]

    # A typo from entering a paper form: 7 instead of a code on the scale.
    column = 6 + model.ids.index("DG03")
    residents = [r for r in out if r[4] in ("inwoner", "Inwoner") and r[column]]
    residents[len(residents) // 3][column] = "7"
    # Someone outside the target groups who found the public link.
    demo = PROFILE["GM9901"]
    one_resident = Wave({"raad": 0, "college": 0, "ambtenaar": 0, "inwoner": 1}, sample.start)
    stray = Profile(code="GM9901", base=demo.base, waves={"2026": one_resident})
    extra = model.simulate(stray, "2026", stream=900)
    row = rows_of(extra)[0]
    row[0] = f"9901-26-{len(sample.ids) + 1:04d}"
    row[3] = "toerist"
    row[-3:] = ["Mooie omgeving, goede fietspaden!", "", ""]
    day = 6.0 + 15.5 / 24
    position = next(j for j, (d, _) in enumerate(records) if d > day)
    out.insert(position, row[:1] + [sample.submitted_at(day)] + row[1:])
    return header, out


# --- other small files ------------------------------------------------------------------------
INVITED_2026_GM9901 = {"raad": 31, "college": 6, "ambtenaar": 120, "inwoner": 1500}


def municipalities_rows() -> list[list[str]]:
    return [[c, n, str(i), p, str(u), r] for c, n, i, p, u, r in MUNICIPALITIES]


# --- checks -----------------------------------------------------------------------------------
def positive_scores(model: Model, codes: np.ndarray) -> np.ndarray:
    """Item scores 0-10 with reverse items mirrored; NaN for blank and don't know."""
    valid = (codes >= 1) & (codes <= 5)
    positive = np.where(model.reverse, 6 - codes, codes)
    return np.where(valid, (positive - 1) * 2.5, np.nan)


def cronbach_alpha(block: np.ndarray) -> tuple[float, int]:
    """Listwise alpha over the rows without a missing value."""
    complete = block[~np.isnan(block).any(axis=1)]
    k = complete.shape[1]
    if len(complete) < 10 or k < 2:
        return float("nan"), len(complete)
    item_var = complete.var(axis=0, ddof=1).sum()
    total_var = complete.sum(axis=1).var(ddof=1)
    return k / (k - 1) * (1 - item_var / total_var), len(complete)


def pairwise_alpha(block: np.ndarray) -> float:
    """Alpha from pairwise-complete covariances (as the scorer computes it)."""
    import pandas as pd

    cov = pd.DataFrame(block).cov().to_numpy()
    k = cov.shape[0]
    return float(k / (k - 1) * (1 - np.trace(cov) / cov.sum()))


def report(model: Model, samples: dict[tuple[str, str], Sample]) -> None:
    q = model.q
    print("\nCronbach's alpha per area, all respondents, pairwise (as the scorer computes it)")
    for (code, wave), sample in sorted(samples.items()):
        scores = positive_scores(model, sample.codes)
        alphas = [pairwise_alpha(scores[:, model.area == a]) for a in range(N_AREAS)]
        print(f"  {code} {wave}: " + " ".join(f"{a:5.2f}" for a in alphas))
    demo = samples[("GM9901", "2026")]
    scores = positive_scores(model, demo.codes)
    groups = np.array(demo.groups)
    print("\nCronbach's alpha per area, GM9901 2026 (listwise; pooled = items asked of all)")
    print(f"{'area':<28}{'pooled':>8}" + "".join(f"{g:>11}" for g in GROUPS))
    for a, area in enumerate(q.areas):
        cols = model.area == a
        common = cols & np.all([model.applies[g] for g in GROUPS], axis=0)
        pooled, n = cronbach_alpha(scores[:, common])
        line = f"{a + 1} {area.id:<26}{pooled:8.2f}"
        for g in GROUPS:
            own = cols & model.applies[g]
            alpha, n = cronbach_alpha(scores[groups == g][:, own])
            line += f"{alpha:7.2f} n={n:<2}" if n >= 10 else f"{'-':>11}"
        print(line)
    print("\nMean area score (0-10; respondents with >= 50 % valid answers)")
    for (code, wave), sample in sorted(samples.items()):
        scores = positive_scores(model, sample.codes)
        in_group = np.array(sample.groups)
        print(f"{code} {wave}: " + "  ".join(f"{g}={np.sum(in_group == g)}" for g in GROUPS))
        for g in GROUPS:
            cells = []
            for a in range(N_AREAS):
                own = (model.area == a) & model.applies[g]
                block = scores[in_group == g][:, own]
                valid = (~np.isnan(block)).sum(axis=1)
                ok = valid >= np.ceil(0.5 * own.sum())
                person = np.nansum(block, axis=1) / np.maximum(valid, 1)
                person = person[ok]
                cells.append(f"{person.mean():5.1f}" if ok.any() else "    -")
            print(f"  {g:<10}" + "".join(cells))
    print("\nItems with > 30 % don't know among answers given (GM9901 2026)")
    for g in GROUPS:
        block = demo.codes[groups == g]
        share = (block == 9).sum(axis=0) / np.maximum((block >= 0).sum(axis=0), 1)
        high = [f"{i} {v:.0%}" for i, v in zip(model.ids, share, strict=True) if v > 0.3]
        rest = share[(share <= 0.3) & model.applies[g]]
        print(f"  {g:<10} {', '.join(high) or '-'}  (other items: median {np.median(rest):.0%})")


# --- main -------------------------------------------------------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="print alpha and mean scores")
    args = parser.parse_args(argv)

    q = load_questionnaire("qsld")
    model = Model(q)
    header = [*BASE_COLUMNS, *model.ids, *OPEN_IDS]

    samples: dict[tuple[str, str], Sample] = {}
    for m, profile in enumerate(PROFILES):
        for w, wave in enumerate(WAVES):
            samples[(profile.code, wave)] = model.simulate(profile, wave, stream=10 * m + w + 1)
    demo = samples[("GM9901", "2026")]
    add_demo_specials(demo, np.random.default_rng([SEED, 101]))

    written: list[tuple[str, int]] = []

    def done(name: str, rows: int) -> None:
        written.append((name, rows))

    # The background columns come last, so every other column keeps its place.
    write_csv(HERE / "gm9901-single.csv", [*header, *BACKGROUND_COLUMNS], rows_of(demo, True))
    done("gm9901-single.csv", len(demo.ids))

    all_rows = [row for key in sorted(samples) for row in rows_of(samples[key], True)]
    write_csv(HERE / "five-municipalities.csv", [*header, *BACKGROUND_COLUMNS], all_rows)
    done("five-municipalities.csv", len(all_rows))

    write_csv(
        HERE / "population.csv",
        ["municipality_code", "municipality_name", "characteristic", "category", "count"],
        population_rows(),
    )
    done("population.csv", sum(len(f["wijk"]) + 9 for f in POPULATION.values()))  # type: ignore[arg-type]

    nl_header = [LABEL_HEADER.get(c, c) for c in header]
    write_csv(
        HERE / "gm9901-excel-nl.csv",
        nl_header,
        excel_rows(q, demo, np.random.default_rng([SEED, 102])),
        encoding="cp1252",
        delimiter=";",
        lineterminator="\r\n",
        first_line="sep=;",
    )
    done("gm9901-excel-nl.csv", len(demo.ids))

    gm9902 = samples[("GM9902", "2026")]
    write_xlsx(HERE / "gm9902.xlsx", header, gm9902)
    done("gm9902.xlsx", len(gm9902.ids))

    (HERE / "maatwerk.yaml").write_text(MAATWERK_YAML, encoding="utf-8", newline="\n")
    done("maatwerk.yaml", 3)
    mw = maatwerk_answers(demo, np.random.default_rng([SEED, 103]))
    mw_header = [*BASE_COLUMNS, *model.ids, "MW01", "MW02", "MW03", *OPEN_IDS, "MWOPEN01"]
    mw_rows = [
        row[:55] + extra[:3] + row[55:] + extra[3:]
        for row, extra in zip(rows_of(demo), mw, strict=True)
    ]
    write_csv(HERE / "gm9901-maatwerk.csv", mw_header, mw_rows)
    done("gm9901-maatwerk.csv", len(mw_rows))

    write_csv(
        HERE / "municipalities.csv",
        ["municipality_code", "municipality_name", "inhabitants", "province", "urbanity",
         "region"],
        municipalities_rows(),
    )  # fmt: skip
    done("municipalities.csv", len(MUNICIPALITIES))

    write_csv(
        HERE / "invited.csv",
        ["municipality_code", "group", "invited"],
        [["GM9901", g, str(n)] for g, n in INVITED_2026_GM9901.items()],
    )
    done("invited.csv", len(INVITED_2026_GM9901))

    fw_header, fw_rows = fieldwork_rows(model, demo, np.random.default_rng([SEED, 104]))
    write_csv(HERE / "gm9901-fieldwork.csv", fw_header, fw_rows)
    done("gm9901-fieldwork.csv", len(fw_rows))

    for name, rows in written:
        size = (HERE / name).stat().st_size
        print(f"wrote examples/{name:<26} {rows:>5} rows {size / 1024:8.1f} kB")
    if args.check:
        report(model, samples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
