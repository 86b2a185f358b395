"""`score()`: answers + questionnaire -> `ScoreResult`, as described in docs/methodology.md.

All arithmetic happens on whole arrays (every municipality at once); the loop per
municipality at the end only turns precomputed numbers into result objects.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np

import quickscan
from quickscan.answers.answer_set import AnswerSet
from quickscan.errors import Location, Problem, UsageError
from quickscan.parallel import run_all
from quickscan.questionnaire.models import Questionnaire
from quickscan.results import (
    ALL_GROUPS,
    MunicipalityResult,
    QuestionnaireRef,
    ScoreResult,
    Settings,
)
from quickscan.rounding import clean as clean_one
from quickscan.rounding import shown_value
from quickscan.runtime import collector_paused
from quickscan.scoring.intervals import (
    correction,
    equal_groups_half_width,
    group_half_width,
)
from quickscan.scoring.layout import Layout, build_layout
from quickscan.scoring.matrix import Prepared, prepare
from quickscan.scoring.notable import find_notables, municipality_warnings
from quickscan.scoring.quality import (
    combined_quality,
    label,
    quality_arrays,
    within_group_omega,
)
from quickscan.scoring.representativeness import attach
from quickscan.scoring.stats import (
    cell_stats,
    clean,
    pooled_alphas,
    respondent_area_scores,
    within_group_sums,
)
from quickscan.scoring.uncertainty import (
    QUALITY_LABELS,
    feldt_interval,
    weighted_cells,
    wilson,
    wilson_one,
)
from quickscan.scoring.weights import Weighting

WEIGHTINGS = ("equal_groups", "pooled")

# Why a GroupScore or ItemStat has no numbers (see docs/output.md).
NO_DATA = "no_data"  # nobody of the group answered in this municipality and wave
SMALL_GROUP = "small_group"  # the group has fewer than min_group_size respondents
SMALL_CELL = "small_cell"  # fewer than min_group_size valid scores in this cell
NOT_APPLICABLE = "not_applicable"  # no item of the area (or this item) is asked of the group
SUPPRESSED = "suppressed"  # 'all': no group can be shown and at least one is suppressed
INCOMPLETE = "incomplete"  # overall: not every area has a score


def score(
    answers: AnswerSet,
    questionnaire: Questionnaire,
    *,
    weighting: str | None = None,
    min_group_size: int | None = None,
    items: bool = True,
    group_sizes: Mapping[tuple[str, str], int] | None = None,
    weights: Weighting | None = None,
) -> ScoreResult:
    """Score every municipality and wave in `answers`; None takes the questionnaire's setting.

    `group_sizes` maps (municipality code, group id) to the group's size (e.g. the invited
    counts of `--invited`): the intervals then get the finite-population correction
    (scoring/intervals.py). A size below the group's respondents is ignored with a warning.

    `items=False` leaves out what only the item level needs: the per-item statistics
    (`items`, `maatwerk`) and the notable results, which are built from them. The area
    scores, response and warnings are the same; the tidy area table needs nothing more, and
    for hundreds of municipalities the item objects are most of the scoring time.

    `weights` (scoring/weights.py) weight the respondents: group means, sds, intervals
    (with the effective n) and everything built on them follow; counts stay respondents.
    """
    settings = _settings(questionnaire, weighting, min_group_size)
    layout = build_layout(questionnaire, settings.min_valid_share)
    prepared = prepare(answers, layout, weights.row_weights if weights else None)
    population, size_warnings = _population(prepared, layout, group_sizes)
    areas = _area_arrays(prepared, layout, settings, population)
    item_arrays = _item_arrays(prepared, layout, settings)

    bands = _band_finder(questionnaire)
    with collector_paused():
        municipalities = [
            _municipality(
                m, bands, prepared, layout, questionnaire, settings, areas, item_arrays, items
            )
            for m in range(prepared.n_municipalities)
        ]

    warnings: list[dict[str, Any]] = [
        p.to_dict() for p in answers.problems if p.severity == "warning"
    ]
    warnings.extend(size_warnings)
    if prepared.unknown_group_rows:
        warnings.append(
            Problem(
                code="unknown-group",
                message=f"{prepared.unknown_group_rows} respondent(s) left out: their group "
                "is not in the questionnaire",
                severity="warning",
            ).to_dict()
        )
    if not municipalities:
        warnings.append(
            Problem(
                code="no-respondents",
                message="there are no respondents to score",
                severity="warning",
            ).to_dict()
        )
    result = ScoreResult(
        tool={"name": "quickscan", "version": quickscan.__version__},
        questionnaire=QuestionnaireRef(
            id=questionnaire.id,
            version=questionnaire.version,
            fingerprint=questionnaire.fingerprint,
            maatwerk_items=[item.id for item in questionnaire.maatwerk],
        ),
        settings=settings,
        inputs=list(answers.inputs),
        municipalities=municipalities,
        warnings=warnings,
    )
    if weights is not None:
        attach(result, weights, questionnaire)
    return result


def _settings(
    questionnaire: Questionnaire, weighting: str | None, min_group_size: int | None
) -> Settings:
    base = questionnaire.scoring
    chosen_weighting = base.weighting if weighting is None else weighting
    if chosen_weighting not in WEIGHTINGS:
        raise UsageError(
            problems=[
                Problem(
                    code="invalid-weighting",
                    message=f"unknown weighting '{chosen_weighting}'",
                    location=Location(field="weighting"),
                    hint="use 'equal_groups' or 'pooled'",
                )
            ]
        )
    size = base.min_group_size if min_group_size is None else min_group_size
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise UsageError(
            problems=[
                Problem(
                    code="invalid-min-group-size",
                    message=f"min_group_size must be a whole number of at least 1, got {size!r}",
                    location=Location(field="min_group_size"),
                )
            ]
        )
    return Settings(
        min_valid_share=base.min_valid_share,
        min_group_size=size,
        weighting=chosen_weighting,  # type: ignore[arg-type]
        gap_threshold=base.gap_threshold,
        dont_know_threshold=base.dont_know_threshold,
        alpha_warning=base.alpha_warning,
    )


# --- area scores ------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaArrays:
    """Per municipality (m), group (g) and area (a); NaN where there is no number."""

    size: np.ndarray  # (m, g) respondents
    small_group: np.ndarray  # (m, g) bool
    n: np.ndarray  # (m, g, a) valid area scores
    mean: np.ndarray
    sd: np.ndarray
    ci_low: np.ndarray  # 95% t interval
    ci_high: np.ndarray
    used: np.ndarray  # (m, g, a) bool: shown and part of the combined figures
    all_n: np.ndarray  # (m, a)
    all_mean: np.ndarray
    all_sd: np.ndarray
    all_ci_low: np.ndarray
    all_ci_high: np.ndarray
    contributed_group: np.ndarray  # (m, g) respondents with a score in a used cell
    contributed_all: np.ndarray  # (m,)
    alpha: np.ndarray  # (m, a)
    alpha_items: np.ndarray  # (m, a)
    alpha_respondents: np.ndarray  # (m, a) fewest respondents behind a pair of items
    alpha_reason: np.ndarray  # (m, a) '' or why there is no alpha
    population: np.ndarray  # (m, g) known group sizes, NaN where unknown
    #: Kish effective n per cell (= n when unweighted), and of the pooled combined score.
    n_eff: np.ndarray  # (m, g, a)
    all_n_eff: np.ndarray  # (m, a)
    #: Feldt's 95% interval of alpha and McDonald's omega total (m, a); NaN where undefined.
    alpha_low: np.ndarray
    alpha_high: np.ndarray
    omega: np.ndarray
    #: Quality label rank (uncertainty.QUALITY_LABELS) per shown cell, -1 elsewhere.
    quality: np.ndarray  # (m, g, a)
    all_quality: np.ndarray  # (m, a)


def _population(
    prep: Prepared, layout: Layout, group_sizes: Mapping[tuple[str, str], int] | None
) -> tuple[np.ndarray, list[dict[str, Any]]]:
    """(m, g) known group sizes, NaN where unknown; sizes below the respondents are dropped."""
    n_m, n_g = prep.n_municipalities, len(layout.group_ids)
    population = np.full((n_m, n_g), np.nan)
    warnings: list[dict[str, Any]] = []
    if not group_sizes:
        return population, warnings
    size = np.bincount(prep.cell, minlength=n_m * n_g).reshape(n_m, n_g)
    for m, code in enumerate(prep.municipality_codes):
        for gi, group in enumerate(layout.group_ids):
            known = group_sizes.get((code or "", group))
            if known is None:
                continue
            if known < size[m, gi]:
                warnings.append(
                    Problem(
                        code="group-size-below-respondents",
                        message=f"{code} {group}: {size[m, gi]} respondents but a group size "
                        f"of {known}; no finite-population correction for this group",
                        severity="warning",
                    ).to_dict()
                )
                continue
            population[m, gi] = known
    return population, warnings


def _area_arrays(
    prep: Prepared, layout: Layout, settings: Settings, population: np.ndarray
) -> AreaArrays:
    n_m, n_g, n_a = prep.n_municipalities, len(layout.group_ids), len(layout.area_ids)
    n_cells = n_m * n_g
    minimum = settings.min_group_size
    size = np.bincount(prep.cell, minlength=n_cells).reshape(n_m, n_g)
    small_group = (size > 0) & (size < minimum)
    big_enough = size >= minimum

    n = np.zeros((n_m, n_g, n_a), dtype=np.int64)
    mean = np.full((n_m, n_g, n_a), np.nan)
    sd = np.full((n_m, n_g, n_a), np.nan)
    used = np.zeros((n_m, n_g, n_a), dtype=bool)
    all_n = np.zeros((n_m, n_a), dtype=np.int64)
    all_mean = np.full((n_m, n_a), np.nan)
    all_sd = np.full((n_m, n_a), np.nan)
    weighted = prep.weight is not None
    n_eff = np.zeros((n_m, n_g, n_a))
    all_n_eff = np.zeros((n_m, n_a))
    w_low = np.full((n_m, n_g, n_a), np.nan)
    w_high = np.full((n_m, n_g, n_a), np.nan)
    all_w_low = np.full((n_m, n_a), np.nan)
    all_w_high = np.full((n_m, n_a), np.nan)

    def one_area(a: int) -> np.ndarray:
        need = layout.need[:, a][prep.group]
        scores = respondent_area_scores(prep.steps, layout.area_slices[a], need, layout.steps_total)
        cells = cell_stats(prep.cell, scores, n_cells)
        n[:, :, a] = cells.n.reshape(n_m, n_g)
        mean[:, :, a] = cells.mean.reshape(n_m, n_g)
        sd[:, :, a] = cells.sd.reshape(n_m, n_g)
        n_eff[:, :, a] = cells.n.reshape(n_m, n_g)
        if prep.weight is not None:
            # Weighted means and sds replace the unweighted ones; n stays the respondents.
            w = weighted_cells(prep.cell, scores, prep.weight, n_cells)
            mean[:, :, a] = w.mean.reshape(n_m, n_g)
            sd[:, :, a] = w.sd.reshape(n_m, n_g)
            n_eff[:, :, a] = w.n_eff.reshape(n_m, n_g)
            w_low[:, :, a] = w.ci_low.reshape(n_m, n_g)
            w_high[:, :, a] = w.ci_high.reshape(n_m, n_g)
        used[:, :, a] = (
            big_enough & (layout.applicable[:, a] > 0)[None, :] & (n[:, :, a] >= minimum)
        )
        # Respondents in shown cells only: suppressed cells stay out of every combined figure.
        in_used = used[:, :, a].ravel()[prep.cell] & ~np.isnan(scores)
        if settings.weighting == "pooled":
            pooled = cell_stats(prep.municipality, np.where(in_used, scores, np.nan), n_m)
            all_n[:, a] = pooled.n
            all_mean[:, a] = pooled.mean
            all_sd[:, a] = pooled.sd
            all_n_eff[:, a] = pooled.n
            if prep.weight is not None:
                w = weighted_cells(
                    prep.municipality, np.where(in_used, scores, np.nan), prep.weight, n_m
                )
                all_mean[:, a] = w.mean
                all_sd[:, a] = w.sd
                all_n_eff[:, a] = w.n_eff
                all_w_low[:, a] = w.ci_low
                all_w_high[:, a] = w.ci_high
        return in_used

    contributed = np.zeros(len(prep.cell), dtype=bool)
    for in_used in run_all(one_area, range(n_a)):
        contributed |= in_used

    if settings.weighting == "equal_groups":
        groups_used = used.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            all_mean = np.where(used, mean, 0.0).sum(axis=1) / groups_used
        all_mean[groups_used == 0] = np.nan
        all_n = np.where(used, n, 0).sum(axis=1)
        all_n_eff = np.where(used, n_eff, 0.0).sum(axis=1)
        # The mean of group means has no respondent-level sd (docs/methodology.md).
        all_sd = np.full((n_m, n_a), np.nan)

    # Alpha and omega on the shown cells only, from the same pooled within-group sums
    # (stats.py): alpha on their covariances, omega on their correlations (quality.py).
    within = within_group_sums(
        prep.steps, prep.starts, prep.group, used, layout.area_slices, layout.steps_total
    )
    pooled = pooled_alphas(within)
    alpha_low, alpha_high = feldt_interval(pooled.alpha, pooled.respondents, pooled.items)
    omega = within_group_omega(within)

    # One interval policy for every mean (scoring/intervals.py, docs/methodology.md). With
    # weights, the Kish effective n stands in for n (n_eff equals n where unweighted).
    factor = correction(n, population[:, :, None])
    half = group_half_width(n, sd, factor)
    if weighted:
        # Weighted cells have fractional df; uncertainty.weighted_cells made their interval.
        half = np.where(np.isnan(w_low), half, (w_high - w_low) / 2)
    if settings.weighting == "equal_groups":
        all_half = equal_groups_half_width(used, n_eff, sd, factor)
    elif weighted:
        all_half = (all_w_high - all_w_low) / 2
    else:
        # Pooled: one sample of the used groups; corrected only when all their sizes are known.
        known = np.where(used, ~np.isnan(population)[:, :, None], True).all(axis=1)
        pop_all = np.where(known, np.where(used, population[:, :, None], 0).sum(axis=1), np.nan)
        all_half = group_half_width(all_n, all_sd, correction(all_n, pop_all))
    group_quality = quality_arrays(n_eff, mean - half, mean + half, used)
    all_quality = combined_quality(all_n_eff, all_mean - all_half, all_mean + all_half, half, used)
    return AreaArrays(
        size=size,
        small_group=small_group,
        n=n,
        mean=clean(mean),
        sd=clean(sd),
        ci_low=clean(mean - half),
        ci_high=clean(mean + half),
        used=used,
        all_n=all_n,
        all_mean=clean(all_mean),
        all_sd=clean(all_sd),
        all_ci_low=clean(all_mean - all_half),
        all_ci_high=clean(all_mean + all_half),
        contributed_group=np.bincount(prep.cell, weights=contributed, minlength=n_cells)
        .reshape(n_m, n_g)
        .astype(np.int64),
        contributed_all=np.bincount(prep.municipality, weights=contributed, minlength=n_m).astype(
            np.int64
        ),
        alpha=clean(pooled.alpha),
        alpha_items=pooled.items,
        alpha_respondents=pooled.respondents,
        alpha_reason=pooled.reason,
        population=population,
        n_eff=clean(n_eff),
        all_n_eff=clean(all_n_eff),
        alpha_low=clean(alpha_low),
        alpha_high=clean(alpha_high),
        omega=clean(omega),
        quality=group_quality,
        all_quality=all_quality,
    )


# --- item statistics --------------------------------------------------------------------


@dataclass(frozen=True)
class ItemArrays:
    """Per municipality (m), group (g) and item (j); the 'all' row per (m, j)."""

    n: np.ndarray  # (m, g, j) valid answers
    mean: np.ndarray  # floats as objects, None where there is no number (also sd, shares)
    sd: np.ndarray
    dont_know: np.ndarray  # (m, g, j)
    used: np.ndarray  # (m, g, j) bool
    dont_know_share: np.ndarray  # (m, g, j) dont_know / (n + dont_know)
    distribution: np.ndarray  # (m, g, j, code) count per scored code, padded
    all_n: np.ndarray  # (m, j)
    all_mean: np.ndarray
    all_sd: np.ndarray
    all_dont_know: np.ndarray
    all_dont_know_share: np.ndarray
    all_distribution: np.ndarray  # (m, j, code)
    group_dont_know_share: np.ndarray  # (m, g) over all of a group's answers
    #: Wilson 95% interval of the don't-know shares (over valid + don't-know answers), with
    #: n the answers, or their Kish effective n where the share is weighted (docs 14.6).
    dont_know_low: np.ndarray
    dont_know_high: np.ndarray
    all_dont_know_low: np.ndarray
    all_dont_know_high: np.ndarray
    #: Whether the shares per group are weighted (then a small cell's share is taken from
    #: `dont_know_share` and its interval, not recounted from the respondents).
    weighted: bool = False


def _item_arrays(prep: Prepared, layout: Layout, settings: Settings) -> ItemArrays:
    counts = prep.counts
    steps_total = layout.steps_total
    scored = layout.scored.astype(np.int64)
    step_of = np.where(layout.scored, layout.step_lut, 0).astype(np.int64)
    n = np.einsum("mgjs,js->mgj", counts, scored)
    total = np.einsum("mgjs,js->mgj", counts, step_of)
    squares = np.einsum("mgjs,js->mgj", counts, step_of * step_of)
    dont_know = np.einsum("mgjs,js->mgj", counts, layout.dont_know.astype(np.int64))

    mean, sd = _mean_sd(n, total, squares, steps_total)
    share_dk = _share(dont_know, n)
    # The n of the don't-know share's Wilson interval: the answers it counts (valid + don't
    # know), or under weights their Kish effective n (sum w)^2 / sum w^2.
    dk_n: np.ndarray = n + dont_know
    weighted = prep.weighted_counts is not None and prep.squared_weight_counts is not None
    if prep.weighted_counts is not None and prep.squared_weight_counts is not None:
        # Weighted item means, sds and don't-know shares; n and the counts stay respondents.
        wc = prep.weighted_counts
        w_n = np.einsum("mgjs,js->mgj", wc, scored)
        w_total = np.einsum("mgjs,js->mgj", wc, step_of)
        w_squares = np.einsum("mgjs,js->mgj", wc, step_of * step_of)
        w_dk = np.einsum("mgjs,js->mgj", wc, layout.dont_know.astype(np.int64))
        mean, sd = _weighted_mean_sd(n, w_n, w_total, w_squares, steps_total)
        share_dk = _share(w_dk, w_n)
        answering = (layout.scored | layout.dont_know).astype(np.int64)
        w_answered = w_n + w_dk
        w2_answered = np.einsum("mgjs,js->mgj", prep.squared_weight_counts, answering)
        dk_n = _kish_n(w_answered, w2_answered)
    size = np.bincount(prep.cell, minlength=counts.shape[0] * counts.shape[1]).reshape(
        counts.shape[:2]
    )
    minimum = settings.min_group_size
    used = (size >= minimum)[:, :, None] & layout.applies[None, :, :] & (n >= minimum)

    all_n = np.where(used, n, 0).sum(axis=1)
    all_total = np.where(used, total, 0).sum(axis=1)
    all_squares = np.where(used, squares, 0).sum(axis=1)
    all_dont_know = np.where(used, dont_know, 0).sum(axis=1)
    all_counts = np.where(used[..., None], counts, 0).sum(axis=1)
    all_share_dk = _share(all_dont_know, all_n)
    all_dk_n: np.ndarray = all_n + all_dont_know
    if settings.weighting == "pooled":
        all_mean, all_sd = _mean_sd(all_n, all_total, all_squares, steps_total)
        if weighted:
            all_mean, all_sd = _weighted_mean_sd(
                all_n,
                np.where(used, w_n, 0).sum(axis=1),
                np.where(used, w_total, 0).sum(axis=1),
                np.where(used, w_squares, 0).sum(axis=1),
                steps_total,
            )
            all_share_dk = _share(
                np.where(used, w_dk, 0).sum(axis=1), np.where(used, w_n, 0).sum(axis=1)
            )
            all_dk_n = _kish_n(
                np.where(used, w_answered, 0).sum(axis=1),
                np.where(used, w2_answered, 0).sum(axis=1),
            )
    else:
        groups_used = used.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            all_mean = np.where(used, mean, 0.0).sum(axis=1) / groups_used
        all_mean[groups_used == 0] = np.nan
        all_sd = np.full(all_mean.shape, np.nan)

    answered = (n + dont_know).sum(axis=2)
    with np.errstate(invalid="ignore", divide="ignore"):
        group_share = np.where(answered > 0, dont_know.sum(axis=2) / answered, np.nan)
    slots = layout.distribution_slots[None, None, :, :]
    dk_low, dk_high = wilson(share_dk, dk_n)
    # Under equal_groups the 'all' share is the unweighted pooled share: n is its answers.
    all_dk_low, all_dk_high = wilson(all_share_dk, all_dk_n)

    return ItemArrays(
        n=n,
        mean=_nullable(clean(mean)),
        sd=_nullable(clean(sd)),
        dont_know=dont_know,
        used=used,
        dont_know_share=_nullable(clean(share_dk)),
        distribution=np.take_along_axis(counts, slots, axis=3),
        all_n=all_n,
        all_mean=_nullable(clean(all_mean)),
        all_sd=_nullable(clean(all_sd)),
        all_dont_know=all_dont_know,
        all_dont_know_share=_nullable(clean(all_share_dk)),
        all_distribution=np.take_along_axis(all_counts, slots[0], axis=2),
        group_dont_know_share=clean(group_share),
        dont_know_low=_nullable(clean(dk_low)),
        dont_know_high=_nullable(clean(dk_high)),
        all_dont_know_low=_nullable(clean(all_dk_low)),
        all_dont_know_high=_nullable(clean(all_dk_high)),
        weighted=weighted,
    )


def _distribution_interval(distribution: np.ndarray, n: np.ndarray) -> tuple[list[Any], list[Any]]:
    """Wilson 95% interval of count / n per code (the last axis), None where n is 0.

    Shares of the valid answers, as a chart of the answers shows them (the counts are
    respondents, also when weighted). Computed per municipality, only where item
    statistics are built, so the area table does not pay for them.
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(n[..., None] > 0, distribution / n[..., None], np.nan)
    low, high = wilson(share, np.broadcast_to(n[..., None], share.shape))
    return _nullable(clean(low)).tolist(), _nullable(clean(high)).tolist()


def _nullable(values: np.ndarray) -> np.ndarray:
    """Python floats with None for NaN, so `.tolist()` gives values ready for the models."""
    out = values.astype(object)
    out[np.isnan(values)] = None
    return out


def _kish_n(total_w: np.ndarray, total_w2: np.ndarray) -> np.ndarray:
    """Kish's effective n (sum w)^2 / sum w^2 per cell; 0 where nobody answered."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total_w2 > 0, total_w * total_w / total_w2, 0.0)


def _share(dont_know: np.ndarray, n: np.ndarray) -> np.ndarray:
    """dont_know / (n + dont_know); NaN where nobody answered."""
    answered = n + dont_know
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(answered > 0, dont_know / answered, np.nan)


def _mean_sd(
    n: np.ndarray, total: np.ndarray, squares: np.ndarray, steps_total: int
) -> tuple[np.ndarray, np.ndarray]:
    """Mean and sd on the 0-10 scale from exact integer sums of steps (n - 1 in the sd)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(n > 0, 10.0 * total / (steps_total * n), np.nan)
        # (n * sum(x^2) - sum(x)^2) is an exact integer: no cancellation error.
        numerator = (n * squares - total * total).astype(np.float64)
        var = np.where(n > 1, numerator / (n * (n - 1)), np.nan)
        sd = np.sqrt(np.maximum(var, 0)) * 10.0 / steps_total
    return mean, np.where(n > 1, sd, np.nan)


def _weighted_mean_sd(
    n: np.ndarray, w_n: np.ndarray, w_total: np.ndarray, w_squares: np.ndarray, steps_total: int
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted mean and sd on the 0-10 scale from weighted sums of steps.

    sd^2 = n / (n - 1) x (sum w x^2 / sum w - mean^2), as `uncertainty.weighted_cells`.
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_steps = np.where(w_n > 0, w_total / w_n, np.nan)
        var = np.where(n > 1, (w_squares / w_n - mean_steps**2) * n / (n - 1), np.nan)
        sd = np.sqrt(np.maximum(var, 0)) * 10.0 / steps_total
    return 10.0 * mean_steps / steps_total, np.where(n > 1, sd, np.nan)


# --- assembling one municipality --------------------------------------------------------


def _num(value: float) -> float | None:
    return None if value != value else value  # NaN -> None


def _no_score(group: str, reason: str, *, suppressed: bool = False) -> dict[str, Any]:
    """A cell without numbers; n is 0 when there is nothing to hide, None when suppressed."""
    return {
        "group": group,
        "n": None if suppressed else 0,
        "suppressed": suppressed,
        "reason": reason,
    }


def _score(
    group: str,
    n: int,
    mean: float,
    sd: float,
    low: float,
    high: float,
    band: BandFinder,
    population: float = float("nan"),
    n_eff: float | None = None,
    quality: int = -1,
) -> dict[str, Any]:
    value = _num(mean)
    out = {
        "group": group,
        "n": n,
        "score": value,
        "sd": _num(sd),
        "ci_low": _num(low),
        "ci_high": _num(high),
        "band": band(value),
        "n_eff": None if n_eff is None else _num(n_eff),
        "quality": label(quality),
    }
    if population == population:  # a known size: the interval is corrected for it
        out["population"] = int(population)
    return out


BandFinder = Callable[[float | None], str | None]


def _band_finder(questionnaire: Questionnaire) -> BandFinder:
    """`questionnaire.band_for(score).id`, with the bands sorted once instead of per call."""
    ordered = sorted(questionnaire.bands, key=lambda b: b.min)
    first, last = ordered[0], ordered[-1]

    def find(value: float | None) -> str | None:
        if value is None:
            return None
        # The band of the shown value, as Questionnaire.band_for (docs/methodology.md).
        value = shown_value(value)
        for band in ordered:
            if band.min <= value < band.max:
                return band.id
        return last.id if value >= last.min else first.id

    return find


def _municipality(
    m: int,
    bands: BandFinder,
    prep: Prepared,
    layout: Layout,
    questionnaire: Questionnaire,
    settings: Settings,
    areas: AreaArrays,
    items: ItemArrays,
    with_items: bool = True,
) -> MunicipalityResult:
    """One municipality's result, from the precomputed arrays (no arithmetic on rows)."""
    groups = layout.group_ids
    size = areas.size[m].tolist()
    small = areas.small_group[m].tolist()
    dk_share = items.group_dont_know_share[m].tolist()
    response = []
    for gi, g in enumerate(groups):
        share = None if small[gi] or size[gi] == 0 else _num(dk_share[gi])
        # The respondent is the unit: one person's answers hang together (docs 14.6).
        low, high = wilson_one(share, size[gi]) if share is not None else (None, None)
        response.append(
            {
                "group": g,
                "respondents": size[gi],
                "suppressed": small[gi],
                "dont_know_share": share,
                "dont_know_ci_low": clean_one(low),
                "dont_know_ci_high": clean_one(high),
            }
        )

    band = bands
    n = areas.n[m].tolist()
    mean = areas.mean[m].tolist()
    sd = areas.sd[m].tolist()
    low = areas.ci_low[m].tolist()
    high = areas.ci_high[m].tolist()
    used = areas.used[m].tolist()
    all_n = areas.all_n[m].tolist()
    all_mean = areas.all_mean[m].tolist()
    all_sd = areas.all_sd[m].tolist()
    all_low = areas.all_ci_low[m].tolist()
    all_high = areas.all_ci_high[m].tolist()
    alpha = areas.alpha[m].tolist()
    alpha_items = areas.alpha_items[m].tolist()
    alpha_n = areas.alpha_respondents[m].tolist()
    alpha_reason = areas.alpha_reason[m].tolist()
    population = areas.population[m].tolist()
    alpha_low = areas.alpha_low[m].tolist()
    alpha_high = areas.alpha_high[m].tolist()
    omega = areas.omega[m].tolist()
    n_eff = areas.n_eff[m].tolist()
    all_n_eff = areas.all_n_eff[m].tolist()
    quality = areas.quality[m].tolist()
    all_quality = areas.all_quality[m].tolist()
    applicable = layout.applicable.tolist()

    area_results: list[dict[str, Any]] = []
    for a, area in enumerate(questionnaire.areas):
        scores: list[dict[str, Any]] = []
        for gi, g in enumerate(groups):
            if size[gi] == 0:
                scores.append(_no_score(g, NO_DATA))
            elif small[gi]:
                scores.append(_no_score(g, SMALL_GROUP, suppressed=True))
            elif applicable[gi][a] == 0:
                scores.append(_no_score(g, NOT_APPLICABLE))
            elif n[gi][a] == 0:
                # Nobody gave enough answers: nothing to hide, so no suppression either.
                scores.append(_no_score(g, NO_DATA))
            elif not used[gi][a]:
                scores.append(_no_score(g, SMALL_CELL, suppressed=True))
            else:
                scores.append(
                    _score(
                        g,
                        n[gi][a],
                        mean[gi][a],
                        sd[gi][a],
                        low[gi][a],
                        high[gi][a],
                        band,
                        population[gi],
                        n_eff[gi][a],
                        quality[gi][a],
                    )
                )
        if any(used[gi][a] for gi in range(len(groups))):
            combined = _score(
                ALL_GROUPS,
                all_n[a],
                all_mean[a],
                all_sd[a],
                all_low[a],
                all_high[a],
                band,
                # By name: the combined score has no population size of its own.
                n_eff=all_n_eff[a],
                quality=all_quality[a],
            )
        else:
            combined = _no_combined(scores)
        area_results.append(
            {
                "area": area.id,
                "number": area.number,
                "groups": scores,
                "combined": combined,
                "alpha": _num(alpha[a]),
                "alpha_items": alpha_items[a],
                "alpha_n": alpha_n[a],
                "alpha_reason": alpha_reason[a] or None,
                "alpha_ci_low": _num(alpha_low[a]),
                "alpha_ci_high": _num(alpha_high[a]),
                "omega": _num(omega[a]),
                "gaps": _gaps(area.id, scores, settings.gap_threshold),
            }
        )

    item_stats, maatwerk = (
        _item_stats(m, layout, items, size, small, settings.min_group_size)
        if with_items
        else ([], [])
    )
    result = MunicipalityResult.model_validate(
        {
            "municipality_code": prep.municipality_codes[m],
            "municipality_name": prep.municipality_names[m],
            "wave": prep.waves[m],
            "respondents": sum(size),
            "response": response,
            "areas": area_results,
            "overall": _overall(m, groups, size, small, area_results, areas, band),
            "items": item_stats,
            "maatwerk": maatwerk,
        }
    )
    if with_items:
        result.notable = find_notables(result, questionnaire, settings)
    result.warnings = municipality_warnings(result, questionnaire, settings)
    return result


def _no_combined(cells: list[dict[str, Any]]) -> dict[str, Any]:
    """The 'all' cell when no group can be shown: suppressed if any group is."""
    if any(cell["suppressed"] for cell in cells):
        return _no_score(ALL_GROUPS, SUPPRESSED, suppressed=True)
    return _no_score(ALL_GROUPS, NO_DATA)


def _gaps(area: str, scores: list[dict[str, Any]], threshold: float) -> list[dict[str, Any]]:
    """Every pair of shown groups whose scores differ by at least `threshold` points."""
    shown = [s for s in scores if s.get("score") is not None]
    gaps: list[dict[str, Any]] = []
    for first, second in combinations(shown, 2):
        high, low = (first, second) if first["score"] >= second["score"] else (second, first)
        # Rounded to 10 decimals like every stored number, so 7.6 - 6.1 counts as 1.5.
        difference = round(high["score"] - low["score"], 10)
        if difference >= threshold:
            gaps.append(
                {
                    "area": area,
                    "group_a": high["group"],
                    "group_b": low["group"],
                    "score_a": high["score"],
                    "score_b": low["score"],
                    "difference": difference,
                }
            )
    gaps.sort(key=lambda gap: -gap["difference"])
    return gaps


def _overall(
    m: int,
    groups: list[str],
    size: list[int],
    small: list[bool],
    area_results: list[dict[str, Any]],
    areas: AreaArrays,
    band: BandFinder,
) -> list[dict[str, Any]]:
    """Mean of the area scores, per group and combined; only when every area has one."""
    contributed = areas.contributed_group[m].tolist()
    out: list[dict[str, Any]] = []
    for gi, g in enumerate(groups):
        if size[gi] == 0:
            out.append(_no_score(g, NO_DATA))
            continue
        if small[gi]:
            out.append(_no_score(g, SMALL_GROUP, suppressed=True))
            continue
        values = [area["groups"][gi].get("score") for area in area_results]
        if not values or any(v is None for v in values):
            out.append({"group": g, "n": None, "reason": INCOMPLETE})
            continue
        value = round(sum(values) / len(values), 10)
        out.append(
            {
                "group": g,
                "n": contributed[gi],
                "score": value,
                "band": band(value),
                "quality": _worst([area["groups"][gi].get("quality") for area in area_results]),
            }
        )
    combined = [area["combined"].get("score") for area in area_results]
    if combined and all(v is not None for v in combined):
        value = round(sum(combined) / len(combined), 10)
        n = int(areas.contributed_all[m])
        out.append(
            {
                "group": ALL_GROUPS,
                "n": n,
                "score": value,
                "band": band(value),
                "quality": _worst([area["combined"].get("quality") for area in area_results]),
            }
        )
    elif sum(size) == 0:
        out.append(_no_score(ALL_GROUPS, NO_DATA))
    else:
        out.append({"group": ALL_GROUPS, "n": None, "reason": INCOMPLETE})
    return out


def _worst(labels: list[str | None]) -> str | None:
    """The least certain of the labels (a mean of area scores is no surer than its parts)."""
    shown = [QUALITY_LABELS.index(x) for x in labels if x is not None]
    return QUALITY_LABELS[max(shown)] if shown else None


def _item_stats(
    m: int, layout: Layout, items: ItemArrays, size: list[int], small: list[bool], minimum: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    groups = layout.group_ids
    n = items.n[m].tolist()
    mean = items.mean[m].tolist()
    sd = items.sd[m].tolist()
    dk = items.dont_know[m].tolist()
    share = items.dont_know_share[m].tolist()
    used = items.used[m].tolist()
    distribution = items.distribution[m].tolist()
    all_n = items.all_n[m].tolist()
    all_mean = items.all_mean[m].tolist()
    all_sd = items.all_sd[m].tolist()
    all_dk = items.all_dont_know[m].tolist()
    all_share = items.all_dont_know_share[m].tolist()
    all_distribution = items.all_distribution[m].tolist()
    dk_low = items.dont_know_low[m].tolist()
    dk_high = items.dont_know_high[m].tolist()
    all_dk_low = items.all_dont_know_low[m].tolist()
    all_dk_high = items.all_dont_know_high[m].tolist()
    dist_low, dist_high = _distribution_interval(items.distribution[m], items.n[m])
    all_dist_low, all_dist_high = _distribution_interval(items.all_distribution[m], items.all_n[m])
    applies = layout.applies.tolist()
    area_items: list[dict[str, Any]] = []
    maatwerk: list[dict[str, Any]] = []
    for j, item in enumerate(layout.items):
        area = layout.item_area[j]
        codes = layout.distribution_codes[j]
        stats: list[dict[str, Any]] = []
        for gi, g in enumerate(groups):
            if size[gi] == 0 or (applies[gi][j] and n[gi][j] == 0 and dk[gi][j] == 0):
                stats.append(_no_item(item.id, area, g, NO_DATA))
            elif small[gi]:
                stats.append(_no_item(item.id, area, g, SMALL_GROUP, suppressed=True))
            elif not applies[gi][j]:
                stats.append(_no_item(item.id, area, g, NOT_APPLICABLE))
            elif not used[gi][j]:
                cell = _no_item(item.id, area, g, SMALL_CELL, suppressed=True)
                if n[gi][j] + dk[gi][j] >= minimum:
                    # Too few valid answers for a score, but enough answers in all: the
                    # don't-know share is shown, which is where it matters most (21 of 25
                    # "weet niet"). The score and distribution stay suppressed.
                    cell["dont_know"] = dk[gi][j]
                    if items.weighted:
                        # The weighted share, its interval from the effective n (docs 14.6).
                        cell["dont_know_share"] = share[gi][j]
                        cell["dont_know_ci_low"] = dk_low[gi][j]
                        cell["dont_know_ci_high"] = dk_high[gi][j]
                    else:
                        answers = n[gi][j] + dk[gi][j]
                        cell["dont_know_share"] = _num(float(dk[gi][j]) / answers)
                        low, high = wilson_one(dk[gi][j] / answers, answers)
                        cell["dont_know_ci_low"] = clean_one(low)
                        cell["dont_know_ci_high"] = clean_one(high)
                stats.append(cell)
            else:
                stats.append(
                    {
                        "item": item.id,
                        "area": area,
                        "group": g,
                        "n": n[gi][j],
                        "score": mean[gi][j],
                        "sd": sd[gi][j],
                        "distribution": dict(zip(codes, distribution[gi][j], strict=False)),
                        "dont_know": dk[gi][j],
                        "dont_know_share": share[gi][j],
                        "dont_know_ci_low": dk_low[gi][j],
                        "dont_know_ci_high": dk_high[gi][j],
                        "distribution_ci_low": dict(zip(codes, dist_low[gi][j], strict=False)),
                        "distribution_ci_high": dict(zip(codes, dist_high[gi][j], strict=False)),
                    }
                )
        if any(used[gi][j] for gi in range(len(groups))):
            stats.append(
                {
                    "item": item.id,
                    "area": area,
                    "group": ALL_GROUPS,
                    "n": all_n[j],
                    "score": all_mean[j],
                    "sd": all_sd[j],
                    "distribution": dict(zip(codes, all_distribution[j], strict=False)),
                    "dont_know": all_dk[j],
                    "dont_know_share": all_share[j],
                    "dont_know_ci_low": all_dk_low[j],
                    "dont_know_ci_high": all_dk_high[j],
                    "distribution_ci_low": dict(zip(codes, all_dist_low[j], strict=False)),
                    "distribution_ci_high": dict(zip(codes, all_dist_high[j], strict=False)),
                }
            )
        elif any(stat["suppressed"] for stat in stats if "suppressed" in stat):
            stats.append(_no_item(item.id, area, ALL_GROUPS, SUPPRESSED, suppressed=True))
        else:
            stats.append(_no_item(item.id, area, ALL_GROUPS, NO_DATA))
        (maatwerk if area is None else area_items).extend(stats)
    return area_items, maatwerk


def _no_item(
    item: str, area: str | None, group: str, reason: str, *, suppressed: bool = False
) -> dict[str, Any]:
    return {
        "item": item,
        "area": area,
        "group": group,
        "n": None if suppressed else 0,
        "suppressed": suppressed,
        "reason": reason,
    }
