"""Vectorised statistics: respondent area scores, per-cell means and sds, t intervals, alpha.

Per-cell sums use `np.bincount` over integer cell keys (one pass over the rows each), and
standard deviations use a second pass over deviations from the cell mean, which stays exact
for identical answers where the sum-of-squares shortcut would leave rounding noise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from quickscan.parallel import WORKERS, chunks, run_all
from quickscan.rounding import CLEAN_DECIMALS
from quickscan.scoring.t_quantiles import t_975


def clean(values: np.ndarray) -> np.ndarray:
    """`rounding.clean` on arrays: 10 decimals (no binary noise), no negative zero."""
    return np.round(values, CLEAN_DECIMALS) + 0.0


def respondent_area_scores(
    steps: np.ndarray, items: slice, need: np.ndarray, steps_total: int
) -> np.ndarray:
    """Each respondent's 0-10 score on one area; NaN below the minimum of valid answers.

    `steps` is item-major (items x respondents). `need` is per respondent:
    ceil(min_valid_share x applicable items of their group), 0 when no item of the area
    is asked of their group (so they never get a score).
    """
    n_rows = steps.shape[1]
    # Narrow accumulators halve the memory traffic; int32 holds any realistic area's sum.
    total_dtype: type[np.signedinteger] = (
        np.int32 if (items.stop - items.start) * steps_total < 2**31 else np.int64
    )
    valid: np.ndarray = np.zeros(n_rows, dtype=np.int16)
    total: np.ndarray = np.zeros(n_rows, dtype=total_dtype)
    for j in range(items.start, items.stop):
        column = steps[j]
        valid += column >= 0
        total += column
    # Missing steps are -1: add one back per missing answer instead of masking them out.
    total += (items.stop - items.start) - valid
    ok = (valid >= need) & (valid > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        score = (10.0 * total) / (steps_total * valid)
    return np.where(ok, score, np.nan)


@dataclass(frozen=True)
class CellStats:
    """n, mean and sd per cell (NaN where undefined: mean for n = 0, sd for n < 2)."""

    n: np.ndarray
    mean: np.ndarray
    sd: np.ndarray


def cell_stats(cell: np.ndarray, values: np.ndarray, n_cells: int) -> CellStats:
    """Statistics of the non-NaN `values` per integer `cell` key."""
    ok = ~np.isnan(values)
    keys = cell[ok]
    vals = values[ok]
    n = np.bincount(keys, minlength=n_cells)
    total = np.bincount(keys, weights=vals, minlength=n_cells)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(n > 0, total / n, np.nan)
        dev = vals - mean[keys]
        squares = np.bincount(keys, weights=dev * dev, minlength=n_cells)
        sd = np.where(n > 1, np.sqrt(squares / (n - 1)), np.nan)
    return CellStats(n=n, mean=mean, sd=sd)


def t_half_width(n: np.ndarray, sd: np.ndarray) -> np.ndarray:
    """Half the width of the 95% t interval, t(0.975, n - 1) x sd / sqrt(n); NaN for n < 2."""
    n = np.asarray(n, dtype=np.float64)
    out = np.full(n.shape, np.nan)
    ok = (n >= 2) & ~np.isnan(sd)
    if ok.any():
        dfs = n[ok] - 1
        unique, inverse = np.unique(dfs, return_inverse=True)
        t = t_975(unique)[inverse]
        out[ok] = t * sd[ok] / np.sqrt(n[ok])
    return out


def alphas(
    steps: np.ndarray, starts: np.ndarray, areas: list[slice], steps_total: int
) -> tuple[np.ndarray, np.ndarray]:
    """Cronbach's alpha per municipality and area, and the number of items it used.

    steps: (items, respondents) sorted by municipality, -1 for missing; municipality m has
    the respondents starts[m]:starts[m + 1]. Returns two (municipalities, areas) arrays:
    alpha (NaN where undefined) and the items used.
    """
    grams, width = _grams(steps, starts, areas, steps_total)
    return alpha_from_grams(grams, width)


def cronbach_alpha(steps: np.ndarray) -> tuple[float | None, int]:
    """Cronbach's alpha of one set of items; steps is (items, respondents), -1 missing."""
    top = int(steps.max(initial=0))
    alpha, used = alphas(steps, np.array([0, steps.shape[1]]), [slice(0, steps.shape[0])], top)
    value = float(alpha[0, 0])
    return (None if np.isnan(value) else value), int(used[0, 0])


def _grams(
    steps: np.ndarray, starts: np.ndarray, areas: list[slice], steps_total: int
) -> tuple[np.ndarray, int]:
    """Per municipality and area the product [X; M] [X; M]^T, areas padded to equal width.

    X holds the steps (0 where missing), M the answered mask. An area with fewer items than
    the widest gets all-missing dummy items, which `alpha_from_grams` leaves out like any
    item nobody answered. All areas of a municipality take one batched matrix product.
    """
    width = max((a.stop - a.start for a in areas), default=0)
    n_munis = len(starts) - 1
    grams = np.zeros((n_munis, len(areas), 2 * width, 2 * width))

    def chunk(municipalities: range) -> None:
        for m in municipalities:
            block = steps[:, starts[m] : starts[m + 1]]
            n = block.shape[1]
            # The sums are whole numbers: float32 holds them exactly below 2^24, and is faster.
            dtype = np.float32 if n * max(steps_total, 1) ** 2 < 2**24 else np.float64
            # Per area: rows 0..k-1 hold X, rows width..width+k-1 hold M, the rest zeros.
            z = np.empty((len(areas), 2 * width, n), dtype=dtype)
            for a, items in enumerate(areas):
                k = items.stop - items.start
                answered = block[items] >= 0
                np.multiply(block[items], answered, out=z[a, :k])  # missing (-1) x 0 = 0
                z[a, width : width + k] = answered
                z[a, k:width] = 0
                z[a, width + k :] = 0
            grams[m] = z @ z.transpose(0, 2, 1)

    run_all(chunk, chunks(n_munis, 4 * WORKERS))
    return grams, width


def alpha_from_grams(grams: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Cronbach's alpha from pairwise-complete covariances, for a stack of areas.

    `grams[..., :, :]` is [X; M] [X; M]^T for k items: X X^T holds the sums of products,
    X M^T the sums of item i over the respondents who answered item j as well, and M M^T
    how many answered both. For each pair only respondents who answered both count (as
    pandas `DataFrame.cov()`); alpha = k / (k - 1) x (1 - trace(C) / sum(C)), as
    `pingouin.cronbach_alpha(nan_policy='pairwise')` and R `psych::alpha` (raw_alpha).
    Items nobody answered are left out. NaN when fewer than 2 items remain, a covariance
    is undefined (a pair answered together by fewer than 2 respondents) or sum(C) is 0.
    Alpha does not depend on the unit, so the exact integer steps serve as the scores.
    """
    products, sums, pairs = grams[..., :k, :k], grams[..., :k, k:], grams[..., k:, k:]
    keep = np.diagonal(pairs, axis1=-2, axis2=-1) > 0
    used = keep.sum(axis=-1)
    both = keep[..., :, None] & keep[..., None, :]
    undefined = ((pairs < 2) & both).any(axis=(-2, -1)) | (used < 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        cov = (pairs * products - sums * np.swapaxes(sums, -1, -2)) / (pairs * (pairs - 1))
        cov = np.where(both, cov, 0.0)
        total = cov.sum(axis=(-2, -1))
        trace = np.trace(cov, axis1=-2, axis2=-1)
        alpha = used / (used - 1) * (1 - trace / total)
    undefined |= (total == 0) | ~np.isfinite(alpha)
    return np.where(undefined, np.nan, alpha), used


#: Alpha needs every pair of its items answered together by at least this many respondents
#: of the groups it is computed on (docs/methodology.md, "Cronbach's alpha").
ALPHA_MIN_RESPONDENTS = 10


@dataclass(frozen=True)
class WithinGroupSums:
    """Per (municipality, area, item i, item j): sums over the shown groups, pairwise.

    Each group's respondents who answered both items i and j, around that group's own means
    of them: `cross` the sum of cross-products, `squares` the sum of squared deviations of
    item i (so `squares[..., i, i]` is over everyone in the shown groups who answered i),
    `df` the summed n_g - 1 and `n` the respondents. Alpha's covariances are cross / df,
    omega's correlations cross / sqrt(squares_ij squares_ji): the same numbers, so both
    describe the items within groups (docs/methodology.md, sections 8 and 14.5).
    """

    cross: np.ndarray
    squares: np.ndarray
    df: np.ndarray
    n: np.ndarray


def within_group_sums(
    steps: np.ndarray,
    starts: np.ndarray,
    group: np.ndarray,
    used: np.ndarray,
    areas: list[slice],
    steps_total: int,
) -> WithinGroupSums:
    """The pooled within-group sums of the shown cells, for `pooled_alphas` and omega.

    steps, starts and group as in `scoring.matrix.Prepared` (rows sorted by municipality,
    in any order within one). used: (municipalities, groups, areas) the shown cells; only
    their respondents count, so a suppressed group never enters alpha or omega.
    """
    n_m, n_g, n_a = used.shape
    grams, width = _cell_grams(steps, starts, group, n_g, areas, steps_total, squares=True)
    grams = grams.reshape(n_m, n_g, n_a, 3 * width, 2 * width)
    k = width
    products, sums = grams[..., :k, :k], grams[..., :k, k:]
    pairs, squared = grams[..., k : 2 * k, k:], grams[..., 2 * k :, k:]
    divisor = np.maximum(pairs, 1)
    # Where the deviations are all 0, n Q = S^2 exactly and Q - S^2 / n is exactly 0.
    cross = np.where(pairs > 0, products - sums * np.swapaxes(sums, -1, -2) / divisor, 0.0)
    spread = np.where(pairs > 0, squared - sums * sums / divisor, 0.0)
    shown = used[..., None, None]
    return WithinGroupSums(
        cross=np.where(shown, cross, 0.0).sum(axis=1),  # (m, a, k, k)
        squares=np.where(shown, spread, 0.0).sum(axis=1),
        df=np.where(shown, np.maximum(pairs - 1, 0), 0.0).sum(axis=1),
        n=np.where(shown, pairs, 0.0).sum(axis=1),
    )


@dataclass(frozen=True)
class PooledAlpha:
    """Per (municipality, area): alpha (NaN where none), items used, why there is none."""

    alpha: np.ndarray
    items: np.ndarray
    #: Smallest number of respondents behind one pair of the items (0 where none).
    respondents: np.ndarray
    #: '' with an alpha; else 'too_few_items', 'too_few_respondents', 'no_variance' or
    #: 'negative' / 'above_one' (the formula fell outside [0, 1]: no reliability).
    reason: np.ndarray


def pooled_alphas(
    within: WithinGroupSums, min_respondents: int = ALPHA_MIN_RESPONDENTS
) -> PooledAlpha:
    """Cronbach's alpha on the pooled within-group covariance of the shown cells.

    For each pair of items and each shown group, the sum of cross-products around that
    group's own means over the respondents who answered both; summed over the groups and
    divided by the summed (n_g - 1), this is the pooled within-group covariance C
    (`within_group_sums`). Differences between groups (and a group-specific item asked only
    where scores are high) then cannot pass for items hanging together.
    alpha = k / (k - 1) x (1 - trace(C) / sum(C)).
    """
    pooled_n = within.n
    keep = np.diagonal(pooled_n, axis1=-2, axis2=-1) > 0
    n_items = keep.sum(axis=-1)
    both = keep[..., :, None] & keep[..., None, :]
    smallest = np.where(both, pooled_n, np.inf).min(axis=(-2, -1))
    smallest = np.where(np.isfinite(smallest), smallest, 0).astype(np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        cov = np.where(both & (within.df > 0), within.cross / within.df, 0.0)
        total = cov.sum(axis=(-2, -1))
        trace = np.trace(cov, axis1=-2, axis2=-1)
        alpha = n_items / (n_items - 1) * (1 - trace / total)
    n_m, n_a = n_items.shape
    reason = np.full((n_m, n_a), "", dtype=object)
    finite = np.isfinite(alpha)
    reason[finite & (alpha < -1e-12)] = "negative"
    reason[finite & (alpha > 1 + 1e-12)] = "above_one"
    reason[(total <= 0) | ~np.isfinite(alpha)] = "no_variance"
    reason[smallest < min_respondents] = "too_few_respondents"
    reason[n_items < 2] = "too_few_items"
    alpha = np.where(reason == "", alpha, np.nan)
    return PooledAlpha(alpha=alpha, items=n_items, respondents=smallest, reason=reason)


def _cell_grams(
    steps: np.ndarray,
    starts: np.ndarray,
    group: np.ndarray,
    n_groups: int,
    areas: list[slice],
    steps_total: int,
    squares: bool = False,
) -> tuple[np.ndarray, int]:
    """`_grams` per municipality x group cell: (cells, areas, 2 width, 2 width), cell-major.

    Rows need only be sorted by municipality (as `Prepared` has them): within one the rows
    are put in group order on the small block, and each area set is built once per
    municipality with one gather instead of once per cell and area; each group is then one
    slice of it. Every entry is a whole number computed exactly, so the result equals
    `_grams` on rows sorted by cell to the last bit.
    With `squares` the left factor has X * X below it, [X; M; X * X] [X; M]^T
    (3 width rows): its last block holds the sums of squares of item i over the
    respondents who answered item j, which pairwise correlations need.
    """
    width = max((a.stop - a.start for a in areas), default=0)
    n_munis = len(starts) - 1
    n_items = steps.shape[0]
    rows = 3 * width if squares else 2 * width
    grams = np.zeros((n_munis * n_groups, len(areas), rows, 2 * width))
    # Item row of every padded slot; the padding points at an extra all-missing row.
    slot_item = np.full((len(areas), width), n_items, dtype=np.intp)
    for a, items in enumerate(areas):
        slot_item[a, : items.stop - items.start] = np.arange(items.start, items.stop)

    def chunk(municipalities: range) -> None:
        for m in municipalities:
            block = steps[:, starts[m] : starts[m + 1]]
            groups = group[starts[m] : starts[m + 1]]
            n = block.shape[1]
            if n == 0:
                continue
            if not bool(np.all(groups[1:] >= groups[:-1])):
                order = np.argsort(groups, kind="stable")
                block, groups = block[:, order], groups[order]
            bounds = np.searchsorted(groups, np.arange(n_groups + 1))
            padded = np.concatenate([block, np.full((1, n), -1, dtype=block.dtype)])
            taken = padded[slot_item]  # (areas, width, n)
            answered = taken >= 0
            # The sums are whole numbers: float32 holds them exactly below 2^24, and is faster.
            dtype = np.float32 if n * max(steps_total, 1) ** 2 < 2**24 else np.float64
            z = np.empty((len(areas), rows, n), dtype=dtype)
            np.multiply(taken, answered, out=z[:, :width], casting="unsafe")
            z[:, width : 2 * width] = answered
            if squares:
                np.multiply(z[:, :width], z[:, :width], out=z[:, 2 * width :])
            for g in range(n_groups):
                low, high = bounds[g], bounds[g + 1]
                if high > low:
                    part = z[:, :, low:high]
                    grams[m * n_groups + g] = part @ part[:, : 2 * width].transpose(0, 2, 1)

    run_all(chunk, chunks(n_munis, 4 * WORKERS))
    return grams, width
