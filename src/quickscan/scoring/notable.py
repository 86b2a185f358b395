"""Opmerkelijke resultaten (notable results) and warnings, found in a scored municipality.

Each rule reads the finished `MunicipalityResult`, so it can only mention what is shown:
suppressed cells have no numbers and never produce a notable result. Every notable result
carries one plain sentence in Dutch and in English, with numbers rounded by the one rule
(`results.display`): a decimal comma in Dutch, a point in English.
"""

from __future__ import annotations

from quickscan.questionnaire.models import Questionnaire
from quickscan.results import (
    ALL_GROUPS,
    ItemStat,
    Message,
    MunicipalityResult,
    Notable,
    Settings,
    display,
)
from quickscan.rounding import display_lang
from quickscan.wording import join_words

#: How many strongest and weakest items are named.
TOP_ITEMS = 3

_ALL_LABEL = {"nl": "alle groepen samen", "en": "all groups together"}
_ALL_RESPONDENTS = {"nl": "alle respondenten", "en": "all respondents"}


def number(value: float, lang: str, decimals: int = 1) -> str:
    """A number as shown in a sentence: 2,1 and −0,4 in Dutch, 2.1 and -0.4 in English."""
    return display_lang(round(value, 10), lang, decimals)


def points(text: str, lang: str) -> str:
    """'1,0 punt' / '2,2 punten', '1.0 point' / '2.2 points': singular for exactly one."""
    one = text in ("1,0", "1.0", "1")
    if lang == "nl":
        return f"{text} {'punt' if one else 'punten'}"
    return f"{text} {'point' if one else 'points'}"


def percent(share: float, lang: str) -> str:
    return f"{number(share * 100, lang, 0)}%"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _group_name(questionnaire: Questionnaire, group: str, lang: str) -> str:
    if group == ALL_GROUPS:
        return _ALL_LABEL[lang]
    return _lower_first(questionnaire.group(group).label.get(lang))


def find_notables(
    result: MunicipalityResult, questionnaire: Questionnaire, settings: Settings
) -> list[Notable]:
    """All notable results, rule by rule; within a rule the most striking first."""
    return [
        *_gap_notes(result, questionnaire, settings),
        *_low_band_notes(result, questionnaire),
        *_dont_know_notes(result, questionnaire, settings),
        *_item_notes(result, questionnaire),
        *_alpha_notes(result, questionnaire, settings),
    ]


def _gap_notes(
    result: MunicipalityResult, questionnaire: Questionnaire, settings: Settings
) -> list[Notable]:
    rule_text = f"difference between two groups >= {settings.gap_threshold:g} points"
    rule_texts = {
        "nl": f"verschil tussen twee groepen van ten minste "
        f"{points(number(settings.gap_threshold, 'nl'), 'nl')}",
        "en": rule_text,
    }
    notes: list[tuple[float, int, Notable]] = []
    for index, area_result in enumerate(result.areas):
        area = questionnaire.area(area_result.area)
        for gap in area_result.gaps:
            sentence: dict[str, str] = {}
            for lang in ("nl", "en"):
                a = _group_name(questionnaire, gap.group_a, lang)
                b = _group_name(questionnaire, gap.group_b, lang)
                d = points(number(gap.difference, lang), lang)
                title = area.title.get(lang)
                if lang == "nl":
                    sentence[lang] = f"Bij {title} ligt de score van {a} {d} hoger dan die van {b}."
                else:
                    sentence[lang] = (
                        f"For {title}, the score of {a} is {d} higher than that of {b}."
                    )
            notes.append(
                (
                    -gap.difference,
                    index,
                    Notable(
                        rule="gap",
                        rule_text=rule_text,
                        rule_texts=rule_texts,
                        area=area.id,
                        groups=[gap.group_a, gap.group_b],
                        value=gap.difference,
                        sentence=sentence,
                    ),
                )
            )
    return [note for *_, note in sorted(notes, key=lambda t: (t[0], t[1]))]


def _low_band_notes(result: MunicipalityResult, questionnaire: Questionnaire) -> list[Notable]:
    lowest = min(questionnaire.bands, key=lambda b: b.min)
    rule_text = (
        f"combined score in the lowest band ({lowest.label.get('en')}, below {lowest.max:g})"
    )
    rule_texts = {
        "nl": f"gezamenlijke score in de laagste klasse ({_lower_first(lowest.label.nl)}, "
        f"onder {number(lowest.max, 'nl')})",
        "en": rule_text,
    }
    notes: list[tuple[float, int, Notable]] = []
    for index, area_result in enumerate(result.areas):
        combined = area_result.combined
        if combined.score is None or combined.band != lowest.id:
            continue
        area = questionnaire.area(area_result.area)
        sentence = {
            "nl": f"De gezamenlijke score voor {area.title.nl} is "
            f"{number(combined.score, 'nl')} en valt daarmee in de laagste categorie "
            f"({_lower_first(lowest.label.nl)}).",
            "en": f"The combined score for {area.title.get('en')} is "
            f"{number(combined.score, 'en')}, which is in the lowest band "
            f"({_lower_first(lowest.label.get('en'))}).",
        }
        notes.append(
            (
                combined.score,
                index,
                Notable(
                    rule="low_band",
                    rule_text=rule_text,
                    rule_texts=rule_texts,
                    area=area.id,
                    groups=[ALL_GROUPS],
                    value=combined.score,
                    sentence=sentence,
                ),
            )
        )
    return [note for *_, note in sorted(notes, key=lambda t: (t[0], t[1]))]


def _dont_know_notes(
    result: MunicipalityResult, questionnaire: Questionnaire, settings: Settings
) -> list[Notable]:
    threshold = settings.dont_know_threshold
    rule_text = f"don't-know share above {number(threshold * 100, 'en', 0)}%"
    rule_texts = {
        "nl": f"aandeel 'weet niet' boven {number(threshold * 100, 'nl', 0)}%",
        "en": rule_text,
    }
    by_item: dict[str, list[ItemStat]] = {}
    for stat in [*result.items, *result.maatwerk]:
        # A suppressed cell can still carry its don't-know share (engine: enough answers
        # in all, too few valid ones); it never carries a score.
        if stat.dont_know_share is None:
            continue
        if stat.dont_know_share > threshold:  # stored shares are already clean
            by_item.setdefault(stat.item, []).append(stat)
    order = {item.id: index for index, item in enumerate(questionnaire.all_items)}
    group_order = {g.id: i for i, g in enumerate(questionnaire.groups)}
    notes: list[tuple[float, int, Notable]] = []
    for item_id, stats in by_item.items():
        # Groups in questionnaire order, the 'all' row last.
        stats.sort(key=lambda s: group_order.get(s.group, len(group_order)))
        combined = [s for s in stats if s.group == ALL_GROUPS]
        value = combined[0] if combined else max(stats, key=lambda s: s.dont_know_share or 0)
        share = value.dont_know_share or 0.0
        item = questionnaire.item(item_id)
        sentence: dict[str, str] = {}
        for lang in ("nl", "en"):
            parts = []
            for stat in stats:
                pct = percent(stat.dont_know_share or 0.0, lang)
                if stat.group == ALL_GROUPS:
                    who = _ALL_RESPONDENTS[lang]
                else:
                    who = _group_name(questionnaire, stat.group, lang)
                    who = f"de {who}" if lang == "nl" else who
                parts.append(f"{pct} van {who}" if lang == "nl" else f"{pct} of {who}")
            text = item.text.get(lang)
            who_all = join_words(parts, lang)
            if lang == "nl":
                sentence[lang] = (
                    f'Bij de vraag "{text}" ({item.id}) antwoordt {who_all} "weet niet".'
                )
            else:
                sentence[lang] = (
                    f'For the question "{text}" ({item.id}), {who_all} answered "don\'t know".'
                )
        notes.append(
            (
                -share,
                order.get(item_id, 0),
                Notable(
                    rule="dont_know",
                    rule_text=rule_text,
                    rule_texts=rule_texts,
                    area=questionnaire.area_of(item_id),
                    item=item_id,
                    groups=[s.group for s in stats],
                    value=share,
                    sentence=sentence,
                ),
            )
        )
    return [note for *_, note in sorted(notes, key=lambda t: (t[0], t[1]))]


def relative_item_scores(result: MunicipalityResult) -> dict[str, float]:
    """Per area item: its score relative to the same groups' own average, on one basis.

    For each shown item x group cell: the item's score minus that group's mean over all its
    shown area items; an item's relative score is the mean of this over its shown groups.
    An item asked only of raad and college is then compared with what raad and college give
    elsewhere, not with an average that includes lower-scoring inwoners, so items asked of
    fewer groups no longer float to the top (docs/methodology.md, "Notable results").
    """
    # One pass over the (many) item statistics into plain tuples; the sums below run over
    # the same values in the same order as before, so every number is unchanged.
    cells = [
        (s.item, s.group, s.score)
        for s in result.items
        if s.score is not None and s.group != ALL_GROUPS and s.area and not s.suppressed
    ]
    by_group: dict[str, list[float]] = {}
    for _, group, value in cells:
        by_group.setdefault(group, []).append(value)
    group_mean = {g: sum(v) / len(v) for g, v in by_group.items()}
    deviations: dict[str, list[float]] = {}
    for item, group, value in cells:
        deviations.setdefault(item, []).append(value - group_mean[group])
    return {item: round(sum(d) / len(d), 10) for item, d in deviations.items()}


def _item_notes(result: MunicipalityResult, questionnaire: Questionnaire) -> list[Notable]:
    """The strongest and weakest area items, ranked on their relative scores."""
    order = {item.id: index for index, item in enumerate(questionnaire.items)}
    relative = relative_item_scores(result)
    scored = [
        s
        for s in result.items
        if s.group == ALL_GROUPS and s.score is not None and s.area and s.item in relative
    ]
    # With fewer than 2 x TOP_ITEMS scored items each list gets half; an item named as
    # strong (ties go by questionnaire order) is never named as weak as well.
    top = min(TOP_ITEMS, len(scored) // 2)
    strongest = sorted(scored, key=lambda s: (-relative[s.item], order[s.item]))[:top]
    taken = {s.item for s in strongest}
    rest = [s for s in scored if s.item not in taken]
    weakest = sorted(rest, key=lambda s: (relative[s.item], order[s.item]))[:top]
    notes: list[Notable] = []
    for rule, stats, words in (
        ("strongest_item", strongest, {"nl": "Sterk punt", "en": "Strong point"}),
        ("weakest_item", weakest, {"nl": "Zwak punt", "en": "Weak point"}),
    ):
        which = "highest" if rule == "strongest_item" else "lowest"
        rule_text = (
            f"the {TOP_ITEMS} {which} item scores relative to the average item score of the "
            "same groups"
        )
        rule_texts = {
            "nl": f"de {TOP_ITEMS} {'hoogste' if which == 'highest' else 'laagste'} "
            "vraagscores, vergeleken met de gemiddelde vraagscore van dezelfde groepen",
            "en": rule_text,
        }
        for stat in stats:
            item = questionnaire.item(stat.item)
            area = questionnaire.area(stat.area or "")
            value = stat.score or 0.0
            sentence = {
                "nl": f'{words["nl"]}: "{item.text.nl}" ({area.title.nl}) scoort gemiddeld '
                f"{number(value, 'nl')}",
                "en": f'{words["en"]}: "{item.text.get("en")}" ({area.title.get("en")}) '
                f"scores {number(value, 'en')} on average",
            }
            if item.reverse and item.low_score is not None and rule == "weakest_item":
                # A reverse-keyed statement: say what its low score means, not only the number.
                sentence["nl"] += f": {item.low_score.nl}."
                sentence["en"] += f": {item.low_score.get('en')}."
            elif item.reverse and rule == "weakest_item":
                sentence["nl"] += (
                    ": een lage score betekent hier dat respondenten het met deze uitspraak eens "
                    "zijn."
                )
                sentence["en"] += ": a low score here means respondents agree with this statement."
            elif item.reverse:
                sentence["nl"] += (
                    ": een hoge score betekent hier dat respondenten het met deze uitspraak "
                    "oneens zijn."
                )
                sentence["en"] += (
                    ": a high score here means respondents disagree with this statement."
                )
            else:
                sentence["nl"] += "."
                sentence["en"] += "."
            notes.append(
                Notable(
                    rule=rule,
                    rule_text=rule_text,
                    rule_texts=rule_texts,
                    area=area.id,
                    item=item.id,
                    groups=[ALL_GROUPS],
                    value=value,
                    sentence=sentence,
                )
            )
    return notes


def _alpha_notes(
    result: MunicipalityResult, questionnaire: Questionnaire, settings: Settings
) -> list[Notable]:
    rule_text = f"Cronbach's alpha below {settings.alpha_warning:g}"
    rule_texts = {
        "nl": f"Cronbachs alfa onder {number(settings.alpha_warning, 'nl', 2)}",
        "en": rule_text,
    }
    notes: list[tuple[float, int, Notable]] = []
    for index, area_result in enumerate(result.areas):
        alpha = area_result.alpha
        negative = alpha is None and area_result.alpha_reason == "negative"
        if not negative and (alpha is None or alpha >= settings.alpha_warning):
            continue
        area = questionnaire.area(area_result.area)
        if alpha is None:
            # Below 0 the formula is no reliability: say what it means, not the number.
            sentence = {
                "nl": f"De vragen over {area.title.nl} hangen niet samen (Cronbachs alfa is "
                "negatief); lees de score van dit thema met voorzichtigheid.",
                "en": f"The questions on {area.title.get('en')} do not hang together "
                "(Cronbach's alpha is negative); read this area's score with care.",
            }
        else:
            sentence = {
                "nl": f"De vragen over {area.title.nl} hangen weinig samen (Cronbachs alfa "
                f"{number(alpha, 'nl', 2)}); lees de score van dit thema met voorzichtigheid.",
                "en": f"The questions on {area.title.get('en')} hang together weakly "
                f"(Cronbach's alpha {number(alpha, 'en', 2)}); read this area's score with "
                "care.",
            }
        notes.append(
            (
                -1.0 if alpha is None else alpha,
                index,
                Notable(
                    rule="low_alpha",
                    rule_text=rule_text,
                    rule_texts=rule_texts,
                    area=area.id,
                    value=alpha,
                    sentence=sentence,
                ),
            )
        )
    return [note for *_, note in sorted(notes, key=lambda t: (t[0], t[1]))]


def municipality_warnings(
    result: MunicipalityResult, questionnaire: Questionnaire, settings: Settings
) -> list[Message]:
    """Warnings a reader of the scores must see: low alpha, missing area or overall scores.

    `message` is English (logs, JSON); `texts` has it in Dutch and English for a terminal or
    report in either language.
    """
    messages: list[Message] = []

    def add(code: str, en: str, nl: str, area: str | None = None) -> None:
        messages.append(Message(code=code, message=en, area=area, texts={"nl": nl, "en": en}))

    for area_result in result.areas:
        combined = area_result.combined
        title = questionnaire.area(area_result.area).short("nl")
        if combined.score is None and result.respondents:
            add(
                "no_area_score",
                f"area '{area_result.area}' has no combined score ({combined.reason})",
                f"{title} heeft geen gezamenlijke score ({combined.reason})",
                area_result.area,
            )
        alpha = area_result.alpha
        if area_result.alpha_reason in ("negative", "above_one"):
            negative = area_result.alpha_reason == "negative"
            add(
                "alpha_out_of_range",
                f"Cronbach's alpha of area '{area_result.area}' came out "
                f"{'below 0' if negative else 'above 1'}, which is no reliability; it is not "
                "shown",
                f"Cronbachs alfa van {title} kwam {'onder 0' if negative else 'boven 1'} uit; "
                "dat is geen betrouwbaarheid en wordt niet getoond",
                area_result.area,
            )
        if alpha is not None and alpha < settings.alpha_warning:
            add(
                "low_alpha",
                f"Cronbach's alpha of area '{area_result.area}' is {display(alpha, 2)}, below "
                f"{settings.alpha_warning:g}: its items hang together weakly",
                f"Cronbachs alfa van {title} is {number(alpha, 'nl', 2)}, onder "
                f"{number(settings.alpha_warning, 'nl', 2)}: de vragen hangen weinig samen",
                area_result.area,
            )
    overall = result.overall_for(ALL_GROUPS)
    if overall.score is None and result.respondents:
        add(
            "no_overall",
            "no overall score: not every area has a combined score",
            "geen totaalscore: niet elk aandachtsgebied heeft een gezamenlijke score",
        )
    return messages
