"""One municipality across waves: change per area and group, with a 95% interval.

The difference of two scores gets a Welch interval (docs/compare.md):

- one group: se² = s₁²/n₁ + s₂²/n₂, Welch–Satterthwaite degrees of freedom;
- a combined `equal_groups` score is the mean of the k shown group means, which has no
  respondent-level sd; its variance is Σ s_g²/n_g / k², and the degrees of freedom follow
  from the same Welch–Satterthwaite formula over all group terms of both waves;
- a combined `pooled` score has its own sd and n, and is treated like one group;
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
from dataclasses import dataclass

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
    GroupScore,
    MunicipalityResult,
    QuestionnaireRef,
    display,
)

#: Two-sided confidence level of the intervals.
CONFIDENCE = 0.95


@dataclass(frozen=True)
class _Term:
    """One independent term of a mean's variance: v = weight² · s²/n, with n - 1 df."""

    variance: float
    df: int


def _group_terms(score: GroupScore, weight: float = 1.0) -> list[_Term] | None:
    if score.score is None or score.sd is None or score.n is None or score.n < 2:
        return None
    return [_Term(variance=weight * weight * score.sd**2 / score.n, df=score.n - 1)]


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


def welch_interval(
    difference: float, terms: Sequence[_Term], confidence: float = CONFIDENCE
) -> tuple[float, float, float | None]:
    """(low, high, df) of the interval around `difference` from independent variance terms."""
    from scipy.stats import t

    variance = sum(term.variance for term in terms)
    if variance <= 0:
        return difference, difference, None
    df = variance**2 / sum(term.variance**2 / term.df for term in terms if term.variance > 0)
    half = float(t.ppf(0.5 + confidence / 2, df)) * math.sqrt(variance)
    return difference - half, difference + half, df


def change(
    area: str,
    group: str,
    before: tuple[str, GroupScore | None, list[_Term] | None],
    after: tuple[str, GroupScore | None, list[_Term] | None],
    *,
    label: dict[str, str],
    with_interval: bool = True,
    note: str | None = None,
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
    )
    if result.score_from is None or result.score_to is None:
        result.status = "no_score"
        result.sentence = _sentences(result, label)
        return result
    result.difference = result.score_to - result.score_from
    if with_interval and first_terms is not None and second_terms is not None:
        low, high, df = welch_interval(result.difference, [*first_terms, *second_terms])
        result.ci_low, result.ci_high, result.df = low, high, df
        result.significant = low > 0 or high < 0
    else:
        result.status = "no_ci"
    result.sentence = _sentences(result, label)
    return result


def _number(value: float | None, lang: str) -> str:
    text = display(value)
    return text.replace(".", ",") if lang == "nl" else text


def _signed(value: float, lang: str) -> str:
    text = _number(abs(value), lang)
    if text.strip("0,.") == "":
        return text
    return ("+" if value > 0 else "\u2212") + text


def _sentences(change: Change, label: dict[str, str]) -> dict[str, str]:
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
        shown1 = [g.group for g in a1.groups if g.score is not None]
        shown2 = [g.group for g in a2.groups if g.score is not None]
        note = None
        if a1.combined.score is not None and a2.combined.score is not None and shown1 != shown2:
            note = (
                f"the combined scores rest on different groups: {', '.join(shown1) or 'none'} "
                f"in {from_wave}, {', '.join(shown2) or 'none'} in {to_wave}"
            )
        label = {lang: f"{short[lang]}, {group_labels[ALL_GROUPS][lang]}" for lang in ("nl", "en")}
        out.append(
            change(
                area.id,
                ALL_GROUPS,
                (from_wave, a1.combined, _combined_terms(a1.groups, a1.combined)),
                (to_wave, a2.combined, _combined_terms(a2.groups, a2.combined)),
                label=label,
                note=note,
            )
        )
    overall_groups = [*(g.id for g in questionnaire.groups), ALL_GROUPS]
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
                note="no interval for the overall score: the areas share respondents",
            )
        )
    return out


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
