"""Respondents against the population: result objects and a plain sentence per language.

Turns the `MunicipalityWeights` of scoring/weights.py into the `MunicipalityWeighting` each
municipality's result carries, with Wilson intervals on the respondents' shares and one
sentence about the largest deviations (docs/methodology.md, "Representativeness").
"""

from __future__ import annotations

from quickscan.questionnaire.models import Questionnaire
from quickscan.results import (
    MunicipalityWeighting,
    Representativeness,
    ScoreResult,
    WeightsInfo,
)
from quickscan.rounding import display
from quickscan.scoring.uncertainty import wilson_one
from quickscan.scoring.weights import (
    CategoryShare,
    Comparison,
    MunicipalityWeights,
    Note,
    Weighting,
)
from quickscan.wording import join_words

#: A deviation of at least this many percentage points is mentioned in the sentence.
NOTABLE_GAP = 0.05
#: At most this many deviations are named.
MAX_NAMED = 2


def attach(result: ScoreResult, weighting: Weighting, questionnaire: Questionnaire) -> None:
    """Set `result.weights` and each municipality's `weighting` (in place)."""
    groups = list(questionnaire.background.groups) if questionnaire.background else []
    result.weights = WeightsInfo(
        method=weighting.method,
        cap=weighting.cap,
        population_file=weighting.population_file,
        groups=groups,
    )
    by_key = {(w.municipality_code, w.wave): w for w in weighting.municipalities}
    for municipality in result.municipalities:
        key = (municipality.municipality_code or municipality.municipality_name, municipality.wave)
        found = by_key.get(key)
        if found is not None:
            municipality.weighting = to_result(found, questionnaire)


def to_result(weights: MunicipalityWeights, questionnaire: Questionnaire) -> MunicipalityWeighting:
    comparisons = [_comparison(c) for c in weights.comparisons]
    # Without background columns there is nothing to compare: a plain sentence says so,
    # in place of the sentence on the largest deviations (and not again as a note).
    missing = next((n for n in weights.notes if n.code == "no-background"), None)
    notes = [n for n in weights.notes if n.code != "no-background"]
    sentences = {
        lang: (
            no_background_sentence(missing.characteristics, questionnaire, lang)
            if missing is not None and not weights.comparisons
            else sentence(weights.comparisons, questionnaire, lang)
        )
        for lang in ("nl", "en")
    }
    return MunicipalityWeighting(
        method=weights.method,
        respondents=weights.respondents,
        characteristics=weights.characteristics,
        design_effect=weights.design_effect,
        effective_n=weights.effective_n,
        min_weight=weights.min_weight,
        max_weight=weights.max_weight,
        trimmed=weights.trimmed,
        max_margin_error=weights.max_margin_error,
        representativeness=comparisons,
        notes=[note_text(note, "en") for note in notes],
        note_texts={lang: [note_text(note, lang) for note in notes] for lang in ("nl", "en")},
        sentence=sentences,
    )


def _comparison(comparison: Comparison) -> Representativeness:
    categories = []
    for category in comparison.categories:
        low = high = None
        if category.sample_share is not None and comparison.answered:
            low, high = wilson_one(category.sample_share, comparison.answered)
        categories.append(
            {
                "category": category.category,
                "respondents": category.respondents,
                "sample_share": category.sample_share,
                "sample_ci_low": low,
                "sample_ci_high": high,
                "population_share": category.population_share,
                "weighted_share": category.weighted_share,
            }
        )
    return Representativeness.model_validate(
        {
            "characteristic": comparison.characteristic,
            "answered": comparison.answered,
            "categories": categories,
            "largest_gap": comparison.largest_gap,
            "largest_category": comparison.largest_category,
        }
    )


def category_label(questionnaire: Questionnaire, characteristic: str, code: str, lang: str) -> str:
    """The label of a category (its own text for an open characteristic such as wijk)."""
    if questionnaire.background is None:
        return code
    found = questionnaire.background.characteristic(characteristic)
    for category in found.categories:
        if category.code == code:
            return category.label.get(lang)
    return code


def characteristic_label(questionnaire: Questionnaire, characteristic: str, lang: str) -> str:
    if questionnaire.background is None:
        return characteristic
    return questionnaire.background.characteristic(characteristic).label.get(lang)


#: The words of each weighting note (scoring/weights.py `Note`); {count} respondents,
#: {characteristics} ids joined by ', ', {categories} population categories joined by ', '.
NOTE_TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "no-population": "no population figures for this municipality: not weighted",
        "no-background": "the answer files have no background columns ({characteristics}) "
        "to compare with the population",
        "empty-category": "{characteristics}: no respondent in {categories}; the other "
        "categories are weighted to their share among themselves",
        "incomplete": "{count} respondent(s) without a (known) value on {characteristics} "
        "keep weight 1",
        "no-weight": "{count} respondent(s) without a weight keep 1",
    },
    "nl": {
        "no-population": "geen bevolkingscijfers voor deze gemeente: niet gewogen",
        "no-background": "de antwoordbestanden hebben geen achtergrondkolommen "
        "({characteristics}) om met de bevolking te vergelijken",
        "empty-category": "{characteristics}: geen respondent in {categories}; de andere "
        "categorieën zijn gewogen naar hun aandeel onder elkaar",
        "incomplete": "{count} respondent(en) zonder (bekende) waarde voor {characteristics} "
        "houden gewicht 1",
        "no-weight": "{count} respondent(en) zonder gewicht houden gewicht 1",
    },
}


def note_text(note: Note, lang: str) -> str:
    """A weighting note in a language (English for one without words of its own)."""
    words = NOTE_TEXTS.get(lang, NOTE_TEXTS["en"])
    return words[note.code].format(
        count=note.count,
        characteristics=", ".join(note.characteristics),
        categories=", ".join(note.categories),
    )


def no_background_sentence(
    characteristics: tuple[str, ...], questionnaire: Questionnaire, lang: str
) -> str:
    """The answer files have no background column to compare with the population."""
    labels = [characteristic_label(questionnaire, c, lang).lower() for c in characteristics]
    named = join_words(labels, lang, "or")
    if lang == "nl":
        return (
            "Het antwoordbestand heeft geen kolommen met achtergrondkenmerken"
            + (f" ({named})" if named else "")
            + ", dus de inwoners die meededen zijn niet met de bevolking te vergelijken."
        )
    return (
        "The answer file has no background columns"
        + (f" ({named})" if named else "")
        + ", so the residents who took part cannot be compared with the population."
    )


def _percent(share: float, lang: str) -> str:
    return display(100 * share, 0) + "%"


def sentence(comparisons: list[Comparison], questionnaire: Questionnaire, lang: str) -> str:
    """The largest deviations in one sentence; says so when none reaches NOTABLE_GAP."""
    gaps = []
    for comparison in comparisons:
        for category in comparison.categories:
            if category.sample_share is None or category.population_share is None:
                continue
            gaps.append((category.sample_share - category.population_share, comparison, category))
    if not gaps:
        return ""
    gaps.sort(key=lambda g: -abs(g[0]))
    named: list[tuple[float, Comparison, CategoryShare]] = []
    seen: set[str] = set()
    for gap, comparison, category in gaps:
        if abs(gap) < NOTABLE_GAP or len(named) == MAX_NAMED:
            break
        if comparison.characteristic in seen:
            continue
        seen.add(comparison.characteristic)
        named.append((gap, comparison, category))
    points = display(100 * NOTABLE_GAP, 0)
    if not named:
        if lang == "nl":
            return (
                "De inwoners die meededen lijken op elk kenmerk op de bevolking: geen "
                f"aandeel wijkt {points} procentpunt of meer af."
            )
        return (
            "The residents who took part resemble the population on every characteristic: no "
            f"share differs by {points} percentage points or more."
        )
    parts = []
    for gap, comparison, category in named:
        label = category_label(questionnaire, comparison.characteristic, category.category, lang)
        label = label[0].lower() + label[1:] if lang == "en" else label
        sample = _percent(category.sample_share or 0.0, lang)
        population = _percent(category.population_share or 0.0, lang)
        if lang == "nl":
            how = "oververtegenwoordigd" if gap > 0 else "ondervertegenwoordigd"
            parts.append(
                f"{characteristic_label(questionnaire, comparison.characteristic, lang).lower()}"
                f" '{label}' is {how} ({sample} van de respondenten, {population} van de "
                "bevolking)"
            )
        else:
            how = "over-represented" if gap > 0 else "under-represented"
            parts.append(
                f"{characteristic_label(questionnaire, comparison.characteristic, lang).lower()}"
                f" '{label}' is {how} ({sample} of respondents, {population} of the population)"
            )
    if lang == "nl":
        text = "Grootste afwijking: " + "; daarna ".join(parts) + "."
    else:
        text = "Largest deviation: " + "; next, ".join(parts) + "."
    return text
