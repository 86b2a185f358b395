"""One municipality across waves: change per area and group, with a 95% interval.

The difference of two scores gets an interval by the one policy of `score`
(scoring/intervals.py, docs/compare.md):

- one group: se² = (1 − n₁/N₁) s₁²/n₁ + (1 − n₂/N₂) s₂²/n₂ (the correction only where the
  group size N is known), Welch–Satterthwaite degrees of freedom, rounded down;
- a combined score is compared on the groups shown in **both** waves only: a group that is
  suppressed in one wave would otherwise make a change out of who answered. The combined
  `equal_groups` score of those groups is the mean of their k group means, with variance
  Σ v_g / k²; a combined `pooled` score is their pooled mean and sd, treated like one group;
- the overall score (the mean of the area scores) gets no interval: the areas share
  respondents, and their covariance is not in the results.

Waves scored with different questionnaires are compared on the items whose definition is
identical in every wave (`Questionnaire.item_fingerprint`); `shared_questionnaire` builds the
questionnaire with only those items.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

from quickscan.compare.models import (
    OVERALL,
    Change,
    ItemChanges,
    QuestionnaireDiff,
    WaveComparison,
)
from quickscan.compare.table import natural_key
from quickscan.questionnaire.models import Questionnaire
from quickscan.results import (
    ALL_GROUPS,
    AreaResult,
    GroupScore,
    MunicipalityResult,
    QuestionnaireRef,
)
from quickscan.rounding import MINUS, clean, display_lang
from quickscan.scoring.intervals import Term as _Term
from quickscan.scoring.intervals import interval, mean_term

#: Two-sided confidence level of the intervals.
CONFIDENCE = 0.95


def _group_terms(score: GroupScore, weight: float = 1.0) -> list[_Term] | None:
    if score.score is None:
        return None
    term = mean_term(score.n, score.sd, score.population, weight)
    return None if term is None else [term]


def _combined_terms(area_groups: Sequence[GroupScore], combined: GroupScore) -> list[_Term] | None:
    """Variance terms of a combined score: its own sd (pooled) or its groups' (equal)."""
    if combined.score is None:
        return None
    if combined.sd is not None:
        return _group_terms(combined)
    shown = [g for g in area_groups if g.score is not None and not g.suppressed]
    if not shown:
        return None
    terms: list[_Term] = []
    for group in shown:
        part = _group_terms(group, 1.0 / len(shown))
        if part is None:
            return None
        terms.extend(part)
    return terms


def combined_on(groups: Sequence[GroupScore], pooled: bool) -> GroupScore | None:
    """The combined score of just these shown groups: their mean (equal_groups), or their
    pooled mean and sd (pooled) from each group's n, mean and sd."""
    if not groups:
        return None
    n = sum(g.n or 0 for g in groups)
    if not pooled:
        mean = sum(g.score or 0.0 for g in groups) / len(groups)
        return GroupScore(group=ALL_GROUPS, n=n, score=clean(mean))
    mean = sum((g.n or 0) * (g.score or 0.0) for g in groups) / n
    # Within-group and between-group sums of squares give the pooled sample's sd.
    squares = sum(
        ((g.n or 0) - 1) * (g.sd or 0.0) ** 2 + (g.n or 0) * ((g.score or 0.0) - mean) ** 2
        for g in groups
    )
    sd = math.sqrt(squares / (n - 1)) if n > 1 else None
    sizes = [g.population for g in groups]
    population = sum(p for p in sizes if p is not None) if None not in sizes else None
    return GroupScore(group=ALL_GROUPS, n=n, score=clean(mean), sd=clean(sd), population=population)


def welch_interval(
    difference: float, terms: Sequence[_Term], confidence: float = CONFIDENCE
) -> tuple[float, float, float | None]:
    """(low, high, df) of the 95% interval around `difference` (scoring/intervals.py)."""
    if confidence != CONFIDENCE:
        raise ValueError("only 95% intervals are supported")
    return interval(difference, terms)


def change(
    area: str,
    group: str,
    before: tuple[str, GroupScore | None, list[_Term] | None],
    after: tuple[str, GroupScore | None, list[_Term] | None],
    *,
    label: dict[str, str],
    with_interval: bool = True,
    note: str | None = None,
    groups: Sequence[str] = (),
    missing: dict[str, list[str]] | None = None,
    basis: dict[str, str] | None = None,
) -> Change:
    from_wave, first, first_terms = before
    to_wave, second, second_terms = after
    result = Change(
        area=area,
        group=group,
        from_wave=from_wave,
        to_wave=to_wave,
        score_from=first.score if first else None,
        score_to=second.score if second else None,
        n_from=first.n if first else None,
        n_to=second.n if second else None,
        note=note,
        groups=list(groups),
        groups_left_out=dict(missing or {}),
    )
    if result.score_from is None or result.score_to is None:
        result.status = "no_score"
        result.sentence = _sentences(result, label, basis)
        return result
    # Cleaned like every stored number, so 6.35 - 1.1 = 5.25 is not stored as 5.2499999.
    difference = round(result.score_to - result.score_from, 10) + 0.0
    result.difference = difference
    if with_interval and first_terms is not None and second_terms is not None:
        low, high, df = welch_interval(difference, [*first_terms, *second_terms])
        result.ci_low, result.ci_high, result.df = clean(low), clean(high), clean(df)
        result.significant = low > 0 or high < 0
    else:
        result.status = "no_ci"
    result.sentence = _sentences(result, label, basis)
    return result


def _number(value: float | None, lang: str) -> str:
    return display_lang(value, lang)


def _signed(value: float, lang: str) -> str:
    """'+1,8', '−0,4' (a real minus sign), '0,0' (no sign when it shows as zero)."""
    text = _number(abs(value), lang)
    if text.strip("0,.") == "":
        return text
    return ("+" if value > 0 else MINUS) + text


def _sentences(
    change: Change, label: dict[str, str], basis: dict[str, str] | None = None
) -> dict[str, str]:
    """One plain sentence per language about a change."""
    nl_label, en_label = label["nl"], label["en"]
    waves = f"{change.from_wave}–{change.to_wave}"
    if change.difference is None:
        return {
            "nl": f"{nl_label} ({waves}): geen vergelijking, een van beide metingen heeft "
            "geen score.",
            "en": f"{en_label} ({waves}): no comparison, one of the waves has no score.",
        }
    nl = (
        f"{nl_label} ({waves}): van {_number(change.score_from, 'nl')} naar "
        f"{_number(change.score_to, 'nl')} ({_signed(change.difference, 'nl')})"
    )
    en = (
        f"{en_label} ({waves}): from {_number(change.score_from, 'en')} to "
        f"{_number(change.score_to, 'en')} ({_signed(change.difference, 'en')})"
    )
    if basis:
        nl += basis["nl"]
        en += basis["en"]
    if change.ci_low is None or change.ci_high is None:
        nl += "; zonder betrouwbaarheidsinterval, dus niet te zeggen of dit meer is dan toeval."
        en += "; without a confidence interval, so it cannot be said whether this is more than "
        en += "chance."
    else:
        nl_ci = f"95%-interval {_number(change.ci_low, 'nl')} tot {_number(change.ci_high, 'nl')}"
        en_ci = f"95% interval {_number(change.ci_low, 'en')} to {_number(change.ci_high, 'en')}"
        if change.significant:
            nl += f"; {nl_ci}: groter dan toeval alleen verklaart."
            en += f"; {en_ci}: larger than chance alone explains."
        else:
            nl += f"; {nl_ci}: dit kan toeval zijn."
            en += f"; {en_ci}: this may be chance."
    return {"nl": nl, "en": en}


def wave_changes(
    results: Sequence[MunicipalityResult], questionnaire: Questionnaire
) -> list[WaveComparison]:
    """Per municipality with two or more waves: each wave against the one before it."""
    by_municipality: dict[str, list[MunicipalityResult]] = defaultdict(list)
    for result in results:
        by_municipality[result.municipality_code or result.municipality_name or ""].append(result)
    group_labels = {
        g.id: {lang: g.label.get(lang) for lang in ("nl", "en")} for g in questionnaire.groups
    }
    group_labels[ALL_GROUPS] = {"nl": "alle groepen", "en": "all groups"}
    comparisons: list[WaveComparison] = []
    for key in sorted(by_municipality):
        ordered = sorted(by_municipality[key], key=lambda r: natural_key(r.wave))
        if len(ordered) < 2:
            continue
        changes: list[Change] = []
        for first, second in zip(ordered, ordered[1:], strict=False):
            changes.extend(_pair_changes(first, second, questionnaire, group_labels))
        comparisons.append(
            WaveComparison(
                municipality_code=ordered[0].municipality_code,
                municipality_name=ordered[0].municipality_name,
                waves=[r.wave or "" for r in ordered],
                changes=changes,
            )
        )
    return comparisons


def _pair_changes(
    first: MunicipalityResult,
    second: MunicipalityResult,
    questionnaire: Questionnaire,
    group_labels: dict[str, dict[str, str]],
) -> list[Change]:
    from_wave, to_wave = first.wave or "", second.wave or ""
    out: list[Change] = []
    for area in questionnaire.areas:
        try:
            a1, a2 = first.area(area.id), second.area(area.id)
        except KeyError:
            continue
        short = {lang: area.short(lang) for lang in ("nl", "en")}
        groups1 = {g.group: g for g in a1.groups}
        groups2 = {g.group: g for g in a2.groups}
        for group in questionnaire.groups:
            s1, s2 = groups1.get(group.id), groups2.get(group.id)
            label = {
                lang: f"{short[lang]}, {group_labels[group.id][lang].lower()}"
                for lang in ("nl", "en")
            }
            out.append(
                change(
                    area.id,
                    group.id,
                    (from_wave, s1, _group_terms(s1) if s1 else None),
                    (to_wave, s2, _group_terms(s2) if s2 else None),
                    label=label,
                )
            )
        label = {lang: f"{short[lang]}, {group_labels[ALL_GROUPS][lang]}" for lang in ("nl", "en")}
        out.append(_combined_change(area.id, (from_wave, a1), (to_wave, a2), label, group_labels))
    overall_groups = [*(g.id for g in questionnaire.groups), ALL_GROUPS]
    # The overall 'all' score is the mean of the combined area scores as reported; when the
    # groups behind them differ between the waves, the note says so (it has no interval).
    differ = [
        area.id
        for area in questionnaire.areas
        if _shown(first, area.id) is not None and _shown(first, area.id) != _shown(second, area.id)
    ]
    o1 = {s.group: s for s in first.overall}
    o2 = {s.group: s for s in second.overall}
    for group_id in overall_groups:
        label = {
            lang: ("Totaalscore" if lang == "nl" else "Overall score")
            + f", {group_labels[group_id][lang].lower()}"
            for lang in ("nl", "en")
        }
        out.append(
            change(
                OVERALL,
                group_id,
                (from_wave, o1.get(group_id), None),
                (to_wave, o2.get(group_id), None),
                label=label,
                with_interval=False,
                note="no interval for the overall score: the areas share respondents"
                + (
                    f"; the combined scores of {', '.join(differ)} rest on different groups "
                    "in the two waves"
                    if differ and group_id == ALL_GROUPS
                    else ""
                ),
            )
        )
    return out


def _shown(result: MunicipalityResult, area: str) -> list[str] | None:
    try:
        found = result.area(area)
    except KeyError:
        return None
    return [g.group for g in found.groups if g.score is not None and not g.suppressed]


def _combined_change(
    area: str,
    before: tuple[str, AreaResult],
    after: tuple[str, AreaResult],
    label: dict[str, str],
    group_labels: dict[str, dict[str, str]],
) -> Change:
    """The change of the combined score, on the groups shown in both waves only."""
    (from_wave, a1), (to_wave, a2) = before, after
    shown1 = {g.group: g for g in a1.groups if g.score is not None and not g.suppressed}
    shown2 = {g.group: g for g in a2.groups if g.score is not None and not g.suppressed}
    order = [g.group for g in a1.groups]
    common = [g for g in order if g in shown1 and g in shown2]
    if set(shown1) == set(shown2) or a1.combined.score is None or a2.combined.score is None:
        return change(
            area,
            ALL_GROUPS,
            (from_wave, a1.combined, _combined_terms(a1.groups, a1.combined)),
            (to_wave, a2.combined, _combined_terms(a2.groups, a2.combined)),
            label=label,
            groups=common,
        )
    missing = {
        wave: [g for g in order if g in other and g not in mine]
        for wave, mine, other in ((from_wave, shown1, shown2), (to_wave, shown2, shown1))
    }
    missing = {wave: groups for wave, groups in missing.items() if groups}
    pooled = a1.combined.sd is not None
    first = combined_on([shown1[g] for g in common], pooled)
    second = combined_on([shown2[g] for g in common], pooled)
    left_out = [g for g in order if (g in shown1) != (g in shown2)]

    def names(ids: Sequence[str], lang: str) -> str:
        words = [group_labels[g][lang].lower() for g in ids]
        joiner = " en " if lang == "nl" else " and "
        return words[0] if len(words) == 1 else ", ".join(words[:-1]) + joiner + words[-1]

    where = {
        lang: "; ".join(
            f"{names(groups, lang)} {'zonder score in' if lang == 'nl' else 'without a score in'} "
            f"{wave}"
            for wave, groups in missing.items()
        )
        for lang in ("nl", "en")
    }
    if not common:
        basis = {
            "nl": f" ({where['nl']})",
            "en": f" ({where['en']})",
        }
    else:
        basis = {
            "nl": f", vergeleken op de groepen met een score in beide metingen: "
            f"{names(common, 'nl')} ({where['nl']})",
            "en": f", compared on the groups with a score in both waves: {names(common, 'en')} "
            f"({where['en']})",
        }
    note = (
        f"compared on the groups shown in both waves ({', '.join(common) or 'none'}); "
        f"left out: {', '.join(left_out)}"
    )
    return change(
        area,
        ALL_GROUPS,
        (
            from_wave,
            first,
            None if first is None else _terms_of(first, [shown1[g] for g in common]),
        ),
        (
            to_wave,
            second,
            None if second is None else _terms_of(second, [shown2[g] for g in common]),
        ),
        label=label,
        note=note,
        groups=common,
        missing=missing,
        basis=basis,
    )


def _terms_of(combined: GroupScore, groups: Sequence[GroupScore]) -> list[_Term] | None:
    return _combined_terms(groups, combined)


# --- waves with different questionnaires ------------------------------------------------


def questionnaire_ref(questionnaire: Questionnaire) -> QuestionnaireRef:
    return QuestionnaireRef(
        id=questionnaire.id,
        version=questionnaire.version,
        fingerprint=questionnaire.fingerprint,
        maatwerk_items=[item.id for item in questionnaire.maatwerk],
    )


def item_fingerprints(questionnaire: Questionnaire) -> dict[str, str]:
    """Item id -> item fingerprint, for the scored items of the areas (no maatwerk)."""
    return {item.id: questionnaire.item_fingerprint(item.id) for item in questionnaire.items}


def item_changes(before: Questionnaire, after: Questionnaire) -> tuple[list[str], ...]:
    """(added, removed, changed) item ids going from `before` to `after`."""
    old, new = item_fingerprints(before), item_fingerprints(after)
    added = [i for i in new if i not in old]
    removed = [i for i in old if i not in new]
    changed = [i for i in old if i in new and old[i] != new[i]]
    return added, removed, changed


def shared_questionnaire(
    by_wave: dict[str, Questionnaire],
) -> tuple[Questionnaire, QuestionnaireDiff]:
    """The questionnaire of the items identical in every wave, and what differs.

    The areas, groups, bands and texts are those of the earliest wave's questionnaire; an
    area keeps only its shared items, an area without any is left out.
    """
    waves = sorted(by_wave, key=natural_key)
    base = by_wave[waves[0]]
    prints = {wave: item_fingerprints(q) for wave, q in by_wave.items()}
    shared = [
        item.id
        for item in base.items
        if all(prints[w].get(item.id) == prints[waves[0]][item.id] for w in waves)
    ]
    # Items must also sit in the same area everywhere, or the area scores differ.
    shared = [i for i in shared if all(q.area_of(i) == base.area_of(i) for q in by_wave.values())]
    keep = set(shared)
    areas = []
    left_out: list[str] = []
    reduced: list[str] = []
    for area in base.areas:
        items = [item for item in area.items if item.id in keep]
        if not items:
            left_out.append(area.id)
            continue
        if len(items) < max(
            len(q.area(area.id).items) for q in by_wave.values() if _has(q, area.id)
        ):
            reduced.append(area.id)
        areas.append(area.model_copy(update={"items": items}))
    fields = {name: getattr(base, name) for name in type(base).model_fields}
    fields.update(areas=areas, maatwerk=[], maatwerk_open_questions=[], maatwerk_title=None)
    common = Questionnaire(**fields)
    pairs: list[ItemChanges] = []
    for first, second in zip(waves, waves[1:], strict=False):
        q1, q2 = by_wave[first], by_wave[second]
        if q1.fingerprint == q2.fingerprint:
            continue
        added, removed, changed = item_changes(q1, q2)
        pairs.append(
            ItemChanges(
                from_wave=first,
                to_wave=second,
                from_questionnaire=questionnaire_ref(q1),
                to_questionnaire=questionnaire_ref(q2),
                added=added,
                removed=removed,
                changed=changed,
            )
        )
    diff = QuestionnaireDiff(
        waves={w: questionnaire_ref(by_wave[w]) for w in waves},
        shared_items=shared,
        areas_compared=[a.id for a in areas],
        areas_left_out=left_out,
        areas_reduced=reduced,
        pairs=pairs,
    )
    return common, diff


def _has(questionnaire: Questionnaire, area_id: str) -> bool:
    try:
        questionnaire.area(area_id)
    except KeyError:
        return False
    return True
