"""Weights for inwoners: raking to population margins, trimming, design effect, effective n.

`--weights rake` rakes the respondents of the background groups (inwoners) of every
municipality and wave to that municipality's population margins (iterative proportional
fitting). The fitting itself is done by the `ipfn` library on the cross-table of the
respondents over the characteristics; each respondent's weight is the fitted count of
their cell divided by the respondents in it, which is exactly what raking the respondents
one by one gives, in a fraction of the time. `--weights COLUMN` takes the weights of the
file. Other groups (raad, college, ambtenaren) are never weighted: they are near-censuses.
docs/methodology.md ("Weights") gives the rules, including the cap.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass, field

import numpy as np

from quickscan.answers.answer_set import AnswerSet
from quickscan.answers.background import BackgroundColumns
from quickscan.answers.population import Population
from quickscan.questionnaire.models import normalise_label
from quickscan.scoring.uncertainty import design_effect, kish_n

#: Weights are trimmed to [1 / CAP, CAP] times the mean weight (docs/methodology.md).
DEFAULT_CAP = 5.0
#: Raking stops when every margin is within this relative error of its target.
CONVERGENCE = 1e-12
MAX_ITERATIONS = 2000
#: Trimming rounds (each fixes the weights outside the bounds and rescales the others).
MAX_TRIM_ROUNDS = 100

NONE = "none"
RAKE = "rake"


@dataclass(frozen=True)
class RakeResult:
    """Weights (mean 1) for the respondents given, and how the fit went."""

    weights: np.ndarray
    #: The largest |weighted share - population share| over every margin.
    max_margin_error: float
    trimmed: int  # respondents whose weight the cap limited
    rounds: int  # trimming rounds
    converged: bool


def rake(
    codes: list[np.ndarray],
    targets: list[np.ndarray],
    cap: float | None = DEFAULT_CAP,
) -> RakeResult:
    """Rake respondents to target shares per characteristic, then trim weights at `cap`.

    `codes[c]` holds each respondent's category (0..K_c-1) on characteristic c, `targets[c]`
    the population shares of those K_c categories (adding up to 1). Every category must have
    a respondent (`compute_weighting` leaves empty ones out first). The weights have mean 1.
    With a cap, weights above `cap` are set to `cap` and weights below 1/cap to 1/cap, and the
    difference is spread over the other respondents in proportion to their weights, until
    none is outside (as R survey::trimWeights); the margins are then no longer exact, and
    `max_margin_error` says by how much.
    """
    from ipfn.ipfn import ipfn

    n = len(codes[0]) if codes else 0
    if n == 0:
        return RakeResult(np.zeros(0), 0.0, 0, 0, True)
    shape = tuple(len(t) for t in targets)
    cell = np.ravel_multi_index(tuple(codes), shape)
    table = np.bincount(cell, minlength=int(np.prod(shape))).astype(np.float64).reshape(shape)
    aggregates = [np.asarray(t, dtype=np.float64) * n for t in targets]
    # ipfn prints a line when it stops early; scoring never prints.
    with contextlib.redirect_stdout(io.StringIO()):
        fitted, ok = ipfn(
            table.copy(),
            aggregates,
            [[c] for c in range(len(shape))],
            convergence_rate=CONVERGENCE,
            max_iteration=MAX_ITERATIONS,
            rate_tolerance=0.0,
            verbose=1,
        ).iteration()
    with np.errstate(invalid="ignore", divide="ignore"):
        factor = np.where(table > 0, fitted / table, 1.0)
    weights = factor.reshape(-1)[cell]
    weights = weights * (n / weights.sum())
    weights, limited, rounds = trim(weights, cap)
    error = max(
        float(np.abs(np.bincount(c, weights=weights, minlength=len(t)) / n - t).max())
        for c, t in zip(codes, targets, strict=True)
    )
    return RakeResult(weights, error, limited, rounds, bool(ok))


def trim(weights: np.ndarray, cap: float | None) -> tuple[np.ndarray, int, int]:
    """Weights (mean 1) limited to [1/cap, cap], the total kept; (weights, limited, rounds)."""
    w = np.asarray(weights, dtype=np.float64).copy()
    if cap is None or len(w) == 0:
        return w, 0, 0
    low, high = 1.0 / cap, cap
    total = w.sum()
    fixed = np.zeros(len(w), dtype=bool)
    rounds = 0
    for rounds in range(1, MAX_TRIM_ROUNDS + 1):  # noqa: B007 - the count is reported
        over = ~fixed & (w > high * (1 + 1e-12))
        under = ~fixed & (w < low * (1 - 1e-12))
        if not (over.any() or under.any()):
            break
        w[over] = high
        w[under] = low
        fixed |= over | under
        free = ~fixed
        if not free.any():
            break
        w[free] *= (total - w[fixed].sum()) / w[free].sum()
    return w, int(fixed.sum()), rounds


# --- per municipality -----------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryShare:
    category: str
    respondents: int
    sample_share: float | None  # among respondents with a value
    population_share: float | None
    weighted_share: float | None = None


@dataclass(frozen=True)
class Comparison:
    """Respondents against the population on one characteristic."""

    characteristic: str
    answered: int  # respondents with a value
    categories: list[CategoryShare]
    #: The largest |sample share - population share|, with its category.
    largest_gap: float | None = None
    largest_category: str | None = None


@dataclass(frozen=True)
class MunicipalityWeights:
    """What weighting did for one municipality and wave's inwoners."""

    municipality_code: str | None
    wave: str | None
    method: str
    respondents: int  # of the background groups
    weighted: int  # with a weight other than 1 possible (complete background, or a file weight)
    characteristics: list[str] = field(default_factory=list)  # raked on
    design_effect: float | None = None
    effective_n: float | None = None
    min_weight: float | None = None
    max_weight: float | None = None
    trimmed: int = 0
    max_margin_error: float | None = None
    converged: bool = True
    comparisons: list[Comparison] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Weighting:
    """Per row of the AnswerSet a weight (1 for every row not weighted), and per municipality."""

    method: str  # 'none', 'rake' or 'column:<name>'
    cap: float | None
    population_file: str | None
    row_weights: np.ndarray | None  # None when no weighting (every weight 1)
    municipalities: list[MunicipalityWeights]

    @property
    def weighted(self) -> bool:
        return self.row_weights is not None


def municipality_keys(
    answers: AnswerSet,
) -> tuple[np.ndarray, list[tuple[str | None, str | None]]]:
    """Per row the index of its (municipality code, or name without a code; wave), and those."""
    code_idx, code_texts = answers.key_column("municipality_code")
    name_idx, name_texts = answers.key_column("municipality_name")
    wave_idx, wave_texts = answers.key_column("wave")
    # One integer per (code or name, wave): codes first, then names of rows without a code.
    who = np.where(code_idx >= 0, code_idx, len(code_texts) + name_idx)
    who = np.where((code_idx < 0) & (name_idx < 0), -1, who)
    combined = (who + 1) * (len(wave_texts) + 1) + (wave_idx + 1)
    unique, index = np.unique(combined, return_inverse=True)
    texts = [*code_texts, *name_texts]
    keys: list[tuple[str | None, str | None]] = []
    for value in unique.tolist():
        w, c = value % (len(wave_texts) + 1) - 1, value // (len(wave_texts) + 1) - 1
        keys.append((texts[c] if c >= 0 else None, wave_texts[w] if w >= 0 else None))
    return index.astype(np.int64), keys


def compute_weighting(
    answers: AnswerSet,
    background: BackgroundColumns,
    population: Population | None,
    method: str = NONE,
    cap: float | None = DEFAULT_CAP,
) -> Weighting:
    """Weights per row and the representativeness per municipality (also for `none`)."""
    index, keys = municipality_keys(answers)
    asked = background.asked
    row_weights = np.ones(len(answers)) if method != NONE else None
    results: list[MunicipalityWeights] = []
    order = np.argsort(index, kind="stable")
    bounds = np.searchsorted(index[order], np.arange(len(keys) + 1))
    for m, (code, wave) in enumerate(keys):
        rows = order[bounds[m] : bounds[m + 1]]
        rows = rows[asked[rows]]
        if len(rows) == 0:
            continue
        margins = population.margins(code) if population else {}
        result, weights = _one_municipality(code, wave, rows, background, margins, method, cap)
        if row_weights is not None and weights is not None:
            row_weights[rows] = weights
        results.append(result)
    return Weighting(
        method=method,
        cap=cap if method == RAKE else None,
        population_file=population.file if population else None,
        row_weights=row_weights,
        municipalities=results,
    )


def _one_municipality(
    code: str | None,
    wave: str | None,
    rows: np.ndarray,
    background: BackgroundColumns,
    margins: dict[str, dict[str, float]],
    method: str,
    cap: float | None,
) -> tuple[MunicipalityWeights, np.ndarray | None]:
    notes: list[str] = []
    weights: np.ndarray | None = None
    used: list[str] = []
    trimmed = 0
    error: float | None = None
    converged = True
    # Population categories per characteristic, matched to the respondents' categories.
    aligned: dict[str, tuple[np.ndarray, list[str], np.ndarray]] = {}
    for characteristic in background.characteristics:
        target = margins.get(characteristic.id)
        if not target:
            continue
        names = background.categories[characteristic.id]
        codes = background.codes[characteristic.id][rows]
        by_key = {normalise_label(name): k for k, name in enumerate(names)}
        population_names = list(target)
        remap = np.full(len(names) + 1, -1, dtype=np.int64)
        for k, name in enumerate(population_names):
            source = by_key.get(normalise_label(name))
            if source is not None:
                remap[source] = k
        aligned[characteristic.id] = (
            remap[codes],  # -1 stays -1 (index -1 picks the trailing -1)
            population_names,
            np.array([target[name] for name in population_names]),
        )

    if method == RAKE:
        rakeable = [c for c in background.characteristics if c.rake and c.id in aligned]
        if not rakeable:
            notes.append("no population figures for this municipality: not weighted")
            weights = np.ones(len(rows))
        else:
            complete = np.ones(len(rows), dtype=bool)
            for characteristic in rakeable:
                complete &= aligned[characteristic.id][0] >= 0
            codes_list: list[np.ndarray] = []
            targets: list[np.ndarray] = []
            for characteristic in rakeable:
                codes, names, shares = aligned[characteristic.id]
                codes = codes[complete]
                present = np.bincount(codes, minlength=len(names)) > 0
                if not present.all():
                    missing = [names[k] for k in np.flatnonzero(~present)]
                    notes.append(
                        f"{characteristic.id}: no respondent in {', '.join(missing)}; the "
                        "other categories are weighted to their share among themselves"
                    )
                relabel = np.cumsum(present) - 1
                kept = shares[present]
                codes_list.append(relabel[codes])
                targets.append(kept / kept.sum())
                used.append(characteristic.id)
            weights = np.ones(len(rows))
            if complete.sum() > 0:
                raked = rake(codes_list, targets, cap)
                weights[complete] = raked.weights
                trimmed = raked.trimmed
                error = raked.max_margin_error
                converged = raked.converged
            if (~complete).any():
                notes.append(
                    f"{int((~complete).sum())} respondent(s) without a (known) value on "
                    + ", ".join(used)
                    + " keep weight 1"
                )
    elif method.startswith("column:"):
        assert background.weight is not None  # the CLI checked the column exists
        given = background.weight[rows]
        weights = np.where(np.isnan(given), np.nan, given)
        if np.isnan(weights).any():
            notes.append(f"{int(np.isnan(weights).sum())} respondent(s) without a weight keep 1")
        weights = np.where(np.isnan(weights), 1.0, weights)
        weights = weights / weights.mean()

    comparisons = [
        _compare(characteristic.id, *aligned[characteristic.id], weights)
        for characteristic in background.characteristics
        if characteristic.id in aligned
    ]
    result = MunicipalityWeights(
        municipality_code=code,
        wave=wave,
        method=method,
        respondents=len(rows),
        weighted=len(rows) if weights is None else int((weights != 1.0).sum()),
        characteristics=used,
        design_effect=None if weights is None else design_effect(weights),
        effective_n=None if weights is None else kish_n(weights),
        min_weight=None if weights is None else float(weights.min()),
        max_weight=None if weights is None else float(weights.max()),
        trimmed=trimmed,
        max_margin_error=error,
        converged=converged,
        comparisons=comparisons,
        notes=notes,
    )
    return result, weights


def _compare(
    characteristic: str,
    codes: np.ndarray,
    names: list[str],
    shares: np.ndarray,
    weights: np.ndarray | None,
) -> Comparison:
    answered = codes >= 0
    counts = np.bincount(codes[answered], minlength=len(names))
    total = int(counts.sum())
    weighted: np.ndarray | None = None
    if weights is not None and total:
        w = np.bincount(codes[answered], weights=weights[answered], minlength=len(names))
        weighted = w / w.sum()
    categories = [
        CategoryShare(
            category=name,
            respondents=int(counts[k]),
            sample_share=float(counts[k] / total) if total else None,
            population_share=float(shares[k]),
            weighted_share=None if weighted is None else float(weighted[k]),
        )
        for k, name in enumerate(names)
    ]
    gaps = [
        (abs(c.sample_share - c.population_share), c.category)
        for c in categories
        if c.sample_share is not None and c.population_share is not None
    ]
    if not gaps:
        return Comparison(characteristic, total, categories)
    gap, category = max(gaps)
    return Comparison(characteristic, total, categories, gap, category)
