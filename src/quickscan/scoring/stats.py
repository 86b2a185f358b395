"""Vectorised statistics: respondent area scores, per-cell means and sds, t intervals, alpha.

Per-cell sums use `np.bincount` over integer cell keys (one pass over the rows each), and
standard deviations use a second pass over deviations from the cell mean, which stays exact
for identical answers where the sum-of-squares shortcut would leave rounding noise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats as _scipy_stats

#: Decimals kept of every stored number: removes binary noise (6.2499999999999991 -> 6.25)
#: so that the display rounding of an exact half goes the way a person computes it.
CLEAN_DECIMALS = 10


def clean(values: np.ndarray) -> np.ndarray:
    return np.round(values, CLEAN_DECIMALS)


def respondent_area_scores(
    steps: np.ndarray, items: slice, need: np.ndarray, steps_total: int
) -> np.ndarray:
    """Each respondent's 0-10 score on one area; NaN below the minimum of valid answers.

    `steps` is item-major (items x respondents). `need` is per respondent:
    ceil(min_valid_share x applicable items of their group), 0 when no item of the area
    is asked of their group (so they never get a score).
    """
    n_rows = steps.shape[1]
    valid = np.zeros(n_rows, dtype=np.int32)
    total = np.zeros(n_rows, dtype=np.int64)
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
        t = np.asarray(_scipy_stats.t.ppf(0.975, unique))[inverse]
        out[ok] = t * sd[ok] / np.sqrt(n[ok])
    return out


def area_alphas(
    block: np.ndarray, areas: list[slice], steps_total: int
) -> list[tuple[float | None, int]]:
    """Cronbach's alpha of every area for one municipality; block is (items, respondents).

    The answered mask and zero-filled steps are built once for the block, laid out so that
    each area's rows [X_a; M_a] are one contiguous slice for `cronbach_alpha_gram`. The
    sums are whole numbers: float32 holds them exactly below 2^24, and is faster.
    """
    exact32 = block.shape[1] * max(steps_total, 1) ** 2 < 2**24
    answered = block >= 0
    filled = np.where(answered, block, 0)
    stacked = np.empty(
        (2 * block.shape[0], block.shape[1]), dtype=np.float32 if exact32 else np.float64
    )
    out: list[tuple[float | None, int]] = []
    for items in areas:
        k = items.stop - items.start
        first = 2 * items.start
        stacked[first : first + k] = filled[items]
        stacked[first + k : first + 2 * k] = answered[items]
        z = stacked[first : first + 2 * k]
        out.append(cronbach_alpha_gram((z @ z.T).astype(np.float64), k))
    return out


def cronbach_alpha(steps: np.ndarray) -> tuple[float | None, int]:
    """Cronbach's alpha of one set of items; steps is (items, respondents), -1 missing."""
    top = int(steps.max(initial=0))
    return area_alphas(steps, [slice(0, steps.shape[0])], top)[0]


def cronbach_alpha_gram(gram: np.ndarray, k: int) -> tuple[float | None, int]:
    """Cronbach's alpha from pairwise-complete covariances, and the number of items used.

    `gram` is [X; M] [X; M]^T for k items, with X the steps (0 where missing) and M the
    answered mask: X X^T holds the sums of products, X M^T the sums of item i over the
    respondents who answered item j as well, and M M^T how many answered both.
    For each pair only respondents who answered both count (as pandas `DataFrame.cov()`);
    alpha = k / (k - 1) x (1 - trace(C) / sum(C)), as
    `pingouin.cronbach_alpha(nan_policy='pairwise')` and R `psych::alpha` (raw_alpha).
    Items nobody answered are left out. None when fewer than 2 items remain, or a
    covariance or the ratio is undefined. Alpha does not depend on the unit, so the exact
    integer steps serve as well as the 0-10 scores.
    """
    pairs = gram[k:, k:]
    keep = np.diagonal(pairs) > 0
    used = int(keep.sum())
    if used < 2:
        return None, used
    products, sums = gram[:k, :k], gram[:k, k:]
    if used < k:
        products, sums, pairs = (m[np.ix_(keep, keep)] for m in (products, sums, pairs))
    if (pairs < 2).any():
        return None, used
    cov = (pairs * products - sums * sums.T) / (pairs * (pairs - 1))
    total = float(cov.sum())
    if total == 0 or not np.isfinite(total):
        return None, used
    alpha = used / (used - 1) * (1 - float(np.trace(cov)) / total)
    return alpha, used
