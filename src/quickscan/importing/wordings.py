"""The common Dutch and English wordings of a five-point agreement scale, and don't-know.

Survey platforms let every researcher word the scale their own way ("Mee eens" where the
questionnaire says "Eens"). These wordings are matched after `normalise_label`, on scales with
five scored options (position 1 = most disagreeing) and on their don't-know option.
"""

from __future__ import annotations

from quickscan.questionnaire.models import Scale, normalise_label

#: Position on a five-point agreement scale (1 = strongly disagree), or 0 for don't know.
DONT_KNOW = 0

_WORDINGS: dict[int, tuple[str, ...]] = {
    1: (
        "helemaal oneens",
        "helemaal niet mee eens",
        "zeer oneens",
        "volledig oneens",
        "totaal oneens",
        "helemaal mee oneens",
        "strongly disagree",
        "completely disagree",
        "totally disagree",
    ),
    2: (
        "oneens",
        "niet mee eens",
        "mee oneens",
        "enigszins oneens",
        "een beetje oneens",
        "disagree",
        "somewhat disagree",
        "tend to disagree",
    ),
    3: (
        "neutraal",
        "niet eens, niet oneens",
        "niet eens niet oneens",
        "niet eens/niet oneens",
        "eens noch oneens",
        "neither agree nor disagree",
        "neither agree or disagree",
        "neutral",
    ),
    4: (
        "eens",
        "mee eens",
        "enigszins eens",
        "een beetje eens",
        "agree",
        "somewhat agree",
        "tend to agree",
    ),
    5: (
        "helemaal eens",
        "helemaal mee eens",
        "zeer eens",
        "volledig eens",
        "totaal eens",
        "strongly agree",
        "completely agree",
        "totally agree",
    ),
    DONT_KNOW: (
        "weet niet",
        "weet ik niet",
        "weet niet/geen mening",
        "weet ik niet/geen mening",
        "geen mening",
        "geen idee",
        "kan ik niet beoordelen",
        "don't know",
        "dont know",
        "do not know",
        "don't know/no opinion",
        "no opinion",
    ),
}

#: normalised wording -> position.
WORDINGS: dict[str, int] = {
    normalise_label(text): position for position, texts in _WORDINGS.items() for text in texts
}


def wording_codes(scale: Scale) -> dict[str, int]:
    """Normalised wording -> code of `scale`; empty for a scale that is not five-point."""
    if len(scale.options) != 5:
        return {}
    ordered = sorted(scale.options, key=lambda o: o.code)
    codes = {position: ordered[position - 1].code for position in range(1, 6)}
    if scale.dont_know:
        codes[DONT_KNOW] = scale.dont_know[0].code
    return {text: codes[p] for text, p in WORDINGS.items() if p in codes}
