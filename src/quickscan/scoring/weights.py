"""Weights for inwoners: raking to population margins, trimming, design effect, effective n.

`--weights rake` rakes the respondents of the background groups (inwoners) of every
municipality and wave to that municipality's population margins (iterative proportional
fitting, `rake_many`: every municipality at once, on the cross-tables of respondents over
the characteristics, vectorised; the ipfn library is its reference in the tests, see
docs/methodology.md for why it is not called here). `--weights COLUMN` takes the weights
of the file. Other groups (raad, college, ambtenaren) are never weighted: they are near-censuses.
docs/methodology.md ("Weights") gives the rules, including the cap.
"""

from __future__ import annotations

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
    n = len(codes[0]) if codes else 0
    if n == 0:
        return RakeResult(np.zeros(0), 0.0, 0, 0, True)
    raked, converged = rake_many(np.zeros(n, dtype=np.int64), [codes], [targets])
    weights, limited, rounds = trim(raked, cap)
    return RakeResult(weights, margin_error(codes, targets, weights), limited, rounds, converged)


def margin_error(codes: list[np.ndarray], targets: list[np.ndarray], weights: np.ndarray) -> float:
    """The largest |weighted share - target share| over every margin."""
    total = weights.sum()
    return max(
        float(np.abs(np.bincount(c, weights=weights, minlength=len(t)) / total - t).max())
        for c, t in zip(codes, targets, strict=True)
    )


def rake_many(
    problem: np.ndarray,
    codes: list[list[np.ndarray]],
    targets: list[list[np.ndarray]],
) -> tuple[np.ndarray, bool]:
    """Raking of many independent problems (municipalities) at once; weights with mean 1.

    Row i belongs to problem `problem[i]` (0..P-1, rows of a problem in any order);
    `codes[p][c]` are the categories of problem p's rows (in row order) on its c-th
    characteristic and `targets[p][c]` the shares. This is iterative proportional fitting
    (Deming and Stephan 1940) on the cross-table of each problem, all problems in one pass
    of `bincount`s per characteristic: a respondent's weight is the fitted count of their
    cell divided by the respondents in it. The fit stops when every margin is within a
    relative error of CONVERGENCE. tests/unit/test_weights.py checks it against the ipfn
    library. Returns the weights in row order and whether every problem converged.
    """
    n = len(problem)
    weights = np.ones(n)
    if n == 0:
        return weights, True
    n_problems = len(codes)
    slots = max((len(c) for c in codes), default=0)
    order = np.argsort(problem, kind="stable")
    sizes = np.bincount(problem, minlength=n_problems)
    # Per slot: each row's category as one global id (problem offset + category), -1 where
    # the row's problem has no characteristic in that slot; and the target counts.
    keys: list[np.ndarray] = []
    goals: list[np.ndarray] = []
    for slot in range(slots):
        key = np.full(n, -1, dtype=np.int64)
        parts: list[np.ndarray] = []
        offset = 0
        start = 0
        for p in range(n_problems):
            rows = order[start : start + sizes[p]]
            start += sizes[p]
            if slot < len(codes[p]):
                key[rows] = offset + codes[p][slot]
                parts.append(np.asarray(targets[p][slot], dtype=np.float64) * sizes[p])
                offset += len(targets[p][slot])
        keys.append(key)
        goals.append(np.concatenate(parts) if parts else np.zeros(0))
    # Collapse to cells (problem x categories): the fit touches each cell once per step.
    # One integer per cell, re-numbered after each slot so it never overflows.
    cell = problem.astype(np.int64)
    for key, goal in zip(keys, goals, strict=True):
        _, cell = np.unique(cell * (len(goal) + 1) + (key + 1), return_inverse=True)
        cell = cell.reshape(-1)
    first = np.zeros(int(cell.max()) + 1, dtype=np.int64)
    first[cell[::-1]] = np.arange(n)[::-1]  # a row of each cell (the first)
    counts = np.bincount(cell).astype(np.float64)
    cell_keys = [key[first] for key in keys]
    fitted = counts.copy()
    converged = False
    for _ in range(MAX_ITERATIONS):
        for key, goal in zip(cell_keys, goals, strict=True):
            ok = key >= 0
            total = np.bincount(key[ok], weights=fitted[ok], minlength=len(goal))
            with np.errstate(invalid="ignore", divide="ignore"):
                factor = np.where(total > 0, goal / total, 1.0)
            fitted[ok] *= factor[key[ok]]
        worst = 0.0
        for key, goal in zip(cell_keys, goals, strict=True):
            ok = key >= 0
            total = np.bincount(key[ok], weights=fitted[ok], minlength=len(goal))
            with np.errstate(invalid="ignore", divide="ignore"):
                error = np.where(goal > 0, np.abs(total / goal - 1), 0.0)
            worst = max(worst, float(error.max(initial=0.0)))
        if worst < CONVERGENCE:
            converged = True
            break
    return (fitted / counts)[cell], converged


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
class Note:
    """Something weighting could not do as planned, as data: each language words it
    (scoring/representativeness.py, `note_text`)."""

    #: 'no-population', 'no-background', 'empty-category', 'incomplete' or 'no-weight'.
    code: str
    #: Respondents concerned ('incomplete', 'no-weight').
    count: int = 0
    #: The characteristic(s) concerned: one for 'empty-category', those raked on for
    #: 'incomplete', those that could be raked on for 'no-background'.
    characteristics: tuple[str, ...] = ()
    #: The population categories nobody answered in ('empty-category').
    categories: tuple[str, ...] = ()


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
    notes: list[Note] = field(default_factory=list)


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


@dataclass
class _Plan:
    """One municipality between aligning its categories and receiving its weights."""

    code: str | None
    wave: str | None
    rows: np.ndarray
    aligned: dict[str, tuple[np.ndarray, list[str], np.ndarray]]
    notes: list[Note] = field(default_factory=list)
    used: list[str] = field(default_factory=list)
    complete: np.ndarray | None = None  # rows raked
    codes: list[np.ndarray] = field(default_factory=list)
    targets: list[np.ndarray] = field(default_factory=list)


def compute_weighting(
    answers: AnswerSet,
    background: BackgroundColumns,
    population: Population | None,
    method: str = NONE,
    cap: float | None = DEFAULT_CAP,
    no_background: tuple[str, ...] | None = None,
) -> Weighting:
    """Weights per row and the representativeness per municipality (also for `none`).

    `no_background` (the characteristics raking could use) says the answer files have a
    column for none of them: each municipality gets a 'no-background' note naming them,
    which the outputs turn into a plain sentence instead of an empty comparison.
    """
    index, keys = municipality_keys(answers)
    asked = background.asked
    row_weights = np.ones(len(answers)) if method != NONE else None
    order = np.argsort(index, kind="stable")
    bounds = np.searchsorted(index[order], np.arange(len(keys) + 1))
    plans: list[_Plan] = []
    for m, (code, wave) in enumerate(keys):
        rows = order[bounds[m] : bounds[m + 1]]
        rows = rows[asked[rows]]
        if len(rows) == 0:
            continue
        margins = population.margins(code) if population else {}
        plan = _Plan(code, wave, rows, _align(rows, background, margins))
        if no_background is not None:
            plan.notes.append(Note("no-background", characteristics=no_background))
        if method == RAKE:
            _plan_raking(plan, background)
        plans.append(plan)

    raked: dict[int, np.ndarray] = {}
    converged = True
    if method == RAKE:
        # All municipalities in one fit (see rake_many).
        todo = [i for i, plan in enumerate(plans) if plan.codes and plan.complete is not None
                and plan.complete.any()]  # fmt: skip
        problem = (
            np.concatenate(
                [np.full(int(plans[i].complete.sum()), k) for k, i in enumerate(todo)]  # type: ignore[union-attr]
            )
            if todo
            else np.zeros(0, dtype=np.int64)
        )
        weights, converged = rake_many(
            problem.astype(np.int64),
            [plans[i].codes for i in todo],
            [plans[i].targets for i in todo],
        )
        start = 0
        for i in todo:
            size = int(plans[i].complete.sum())  # type: ignore[union-attr]
            raked[i] = weights[start : start + size]
            start += size
    results: list[MunicipalityWeights] = []
    for i, plan in enumerate(plans):
        result, weights_of = _finish(plan, background, method, cap, raked.get(i), converged)
        if row_weights is not None and weights_of is not None:
            row_weights[plan.rows] = weights_of
        results.append(result)
    return Weighting(
        method=method,
        cap=cap if method == RAKE else None,
        population_file=population.file if population else None,
        row_weights=row_weights,
        municipalities=results,
    )


def _align(
    rows: np.ndarray, background: BackgroundColumns, margins: dict[str, dict[str, float]]
) -> dict[str, tuple[np.ndarray, list[str], np.ndarray]]:
    """Per characteristic with population figures: the rows' population category (-1 none),
    the population's categories and their shares."""
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
    return aligned


def _plan_raking(plan: _Plan, background: BackgroundColumns) -> None:
    rakeable = [c for c in background.characteristics if c.rake and c.id in plan.aligned]
    if not rakeable:
        plan.notes.append(Note("no-population"))
        return
    complete = np.ones(len(plan.rows), dtype=bool)
    for characteristic in rakeable:
        complete &= plan.aligned[characteristic.id][0] >= 0
    plan.complete = complete
    for characteristic in rakeable:
        codes, names, shares = plan.aligned[characteristic.id]
        codes = codes[complete]
        present = np.bincount(codes, minlength=len(names)) > 0
        if not present.all():
            missing = [names[k] for k in np.flatnonzero(~present)]
            plan.notes.append(
                Note(
                    "empty-category",
                    characteristics=(characteristic.id,),
                    categories=tuple(missing),
                )
            )
        relabel = np.cumsum(present) - 1
        kept = shares[present]
        plan.codes.append(relabel[codes])
        plan.targets.append(kept / kept.sum())
        plan.used.append(characteristic.id)
    if (~complete).any():
        plan.notes.append(
            Note("incomplete", count=int((~complete).sum()), characteristics=tuple(plan.used))
        )


def _finish(
    plan: _Plan,
    background: BackgroundColumns,
    method: str,
    cap: float | None,
    raked: np.ndarray | None,
    converged: bool,
) -> tuple[MunicipalityWeights, np.ndarray | None]:
    notes = plan.notes
    weights: np.ndarray | None = None
    trimmed = 0
    error: float | None = None
    if method == RAKE:
        weights = np.ones(len(plan.rows))
        if raked is not None and plan.complete is not None:
            trimmed_weights, trimmed, _ = trim(raked, cap)
            weights[plan.complete] = trimmed_weights
            error = margin_error(plan.codes, plan.targets, trimmed_weights)
    elif method.startswith("column:"):
        assert background.weight is not None  # weighting_for checked the column exists
        given = background.weight[plan.rows]
        if np.isnan(given).any():
            notes.append(Note("no-weight", count=int(np.isnan(given).sum())))
        weights = np.where(np.isnan(given), 1.0, given)
        weights = weights / weights.mean()

    comparisons = [
        _compare(characteristic.id, *plan.aligned[characteristic.id], weights)
        for characteristic in background.characteristics
        if characteristic.id in plan.aligned
    ]
    result = MunicipalityWeights(
        municipality_code=plan.code,
        wave=plan.wave,
        method=method,
        respondents=len(plan.rows),
        weighted=len(plan.rows) if weights is None else int((weights != 1.0).sum()),
        characteristics=plan.used,
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
