"""Every fixed text of the paper questionnaire, per language, in one place.

Texts about the scan itself (title, purpose, areas, items, scale labels, open questions) come
from the questionnaire and carry their own translations; these are only the form's own
words. Templates reach them as `t.key`; a missing key is an error (StrictUndefined).
"""

from __future__ import annotations

from typing import Final

FORM_STRINGS: Final[dict[str, dict[str, str]]] = {
    "nl": {
        "form_for": "Vragenlijst voor",
        "intro_title": "Waarom deze vragenlijst?",
        "anonymity": (
            "Uw antwoorden zijn anoniem. Schrijf uw naam niet op de vragenlijst. De uitkomsten "
            "worden alleen voor groepen getoond, nooit per persoon, en alleen als genoeg "
            "mensen uit een groep hebben meegedaan. Zo is niemand te herkennen."
        ),
        "duration": "Het invullen duurt ongeveer {minutes} minuten.",
        "how_title": "Zo vult u de vragenlijst in",
        "how_tick": (
            "Zet bij elke stelling één kruisje in het hokje dat het best past bij uw mening."
        ),
        "how_dont_know": "Weet u het niet of heeft u geen mening? Kies dan de laatste kolom.",
        "how_correct": (
            "Vergist? Kleur het verkeerde hokje helemaal zwart en zet een kruisje in het "
            "goede hokje."
        ),
        "how_skip": "Een vraag overslaan mag.",
        "return_title": "Terugsturen",
        "return_to": "Lever de ingevulde vragenlijst in bij:",
        "return_before": "Graag vóór:",
        "return_see_intro": "Lever de vragenlijst in zoals op de eerste pagina staat.",
        "statement": "Stelling",
        "open_title": "Tot slot",
        "open_intro": (
            "U mag deze vragen overslaan. Uw antwoord kan zonder uw naam in het rapport "
            "komen; schrijf daarom geen namen van uzelf of anderen op."
        ),
        "thanks": "Hartelijk dank voor het invullen!",
        "office_title": "In te vullen door de gemeente",
        "respondent_number": "Respondentnummer",
        "entered": "Ingevoerd (datum, paraaf)",
        "group_code": "Groep",
        "page": "pagina",
        "of": "van",
        "maatwerk_title": "Vragen van uw gemeente",
        "maatwerk_about": "Deze vragen heeft uw eigen gemeente toegevoegd.",
        "number_header": "nr.",
    },
    "en": {
        "form_for": "Questionnaire for",
        "intro_title": "Why this questionnaire?",
        "anonymity": (
            "Your answers are anonymous. Do not write your name on the questionnaire. Results "
            "are only shown for groups, never per person, and only when enough people of a "
            "group took part, so that no one can be recognised."
        ),
        "duration": "It takes about {minutes} minutes to fill in.",
        "how_title": "How to fill in the questionnaire",
        "how_tick": "For each statement, put one cross in the box that best fits your view.",
        "how_dont_know": "If you do not know or have no opinion, use the last column.",
        "how_correct": (
            "Made a mistake? Fill the wrong box in completely and put a cross in the right one."
        ),
        "how_skip": "You may skip a question.",
        "return_title": "Returning the form",
        "return_to": "Please return the completed questionnaire to:",
        "return_before": "Before:",
        "return_see_intro": "Please return the questionnaire as described on the first page.",
        "statement": "Statement",
        "open_title": "Finally",
        "open_intro": (
            "You may skip these questions. Your answer may appear in the report without your "
            "name; so please do not write down names of yourself or others."
        ),
        "thanks": "Thank you for taking part!",
        "office_title": "For office use",
        "respondent_number": "Respondent number",
        "entered": "Entered (date, initials)",
        "group_code": "Group",
        "page": "page",
        "of": "of",
        "maatwerk_title": "Questions from your municipality",
        "maatwerk_about": "Your own municipality added these questions.",
        "number_header": "no.",
    },
}


def form_strings(lang: str) -> dict[str, str]:
    """The form's fixed texts in `lang` (Dutch for anything but English)."""
    return FORM_STRINGS["en" if lang == "en" else "nl"]
