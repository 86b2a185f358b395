"""The one interval policy of quickscan: `score` and `compare --by wave` both use it.

Assumptions (docs/methodology.md, "Confidence intervals"):

- the respondents of a group are treated as a simple random sample of that group in the
  municipality. They chose to answer, so the interval covers chance in who answered, not
  the bias of self-selection;
- groups are independent samples;
- when a group's size is known (`invited`), the finite-population correction
  (1 - n / N) applies to its variance: raad and college are near-censuses, and 14 of 15
  raadsleden leave little to chance. Without a known size no correction is made (the
  interval is then wider than needed for a small group, never narrower).

A mean: v = (1 - n/N) s^2 / n with n - 1 degrees of freedom. A mean of k group means
(`equal_groups`): v = sum(v_g) / k^2, with Welch-Satterthwaite degrees of freedom
df = v^2 / sum(v_g^2 / (n_g - 1)). A difference of independent means adds the terms.
The t quantile is taken at df rounded down, which widens the interval a little (never
narrows it) and needs only the integer table of `t_quantiles`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from quickscan.scoring.t_quantiles import t_975


@dataclass(frozen=True)
class Term:
    """One independent term of a variance: v = weight^2 x (1 - n/N) x s^2 / n, n - 1 df."""

    variance: float
    df: int


def correction(n: np.ndarray, population: np.ndarray) -> np.ndarray:
    """1 - n/N where the group size N is known (and at least n), else 1."""
    n = np.asarray(n, dtype=np.float64)
    population = np.asarray(population, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        known = ~np.isnan(population) & (population >= n) & (population > 0)
        return np.where(known, 1.0 - n / np.where(known, population, 1.0), 1.0)


def mean_term(
    n: int | None, sd: float | None, population: int | None = None, weight: float = 1.0
) -> Term | None:
    """The variance term of one group mean; None when it has none (n < 2 or no sd)."""
    if n is None or sd is None or n < 2:
        return None
    factor = 1.0
    if population is not None and population >= n:
        factor = 1.0 - n / population
    return Term(variance=weight * weight * factor * sd * sd / n, df=n - 1)


def t_quantile(df: float) -> float:
    """t(0.975, floor(df)): the conservative quantile for Welch-Satterthwaite df."""
    return float(t_975(np.array([max(1, math.floor(df + 1e-9))]))[0])


def interval(centre: float, terms: Sequence[Term]) -> tuple[float, float, float | None]:
    """(low, high, df) around `centre` from independent variance terms.

    A variance of 0 (every group a full census) gives the point itself and df None.
    """
    variance = sum(term.variance for term in terms)
    if variance <= 0:
        return centre, centre, None
    df = variance**2 / sum(term.variance**2 / term.df for term in terms if term.variance > 0)
    half = t_quantile(df) * math.sqrt(variance)
    return centre - half, centre + half, df


def group_half_width(n: np.ndarray, sd: np.ndarray, factor: np.ndarray) -> np.ndarray:
    """Half the 95% interval of group means, t(0.975, n - 1) x sd x sqrt(factor / n)."""
    n = np.asarray(n, dtype=np.float64)
    out = np.full(n.shape, np.nan)
    ok = (n >= 2) & ~np.isnan(sd)
    if ok.any():
        t = t_975(n[ok] - 1)
        out[ok] = t * sd[ok] * np.sqrt(factor[ok] / n[ok])
    return out


def equal_groups_half_width(
    used: np.ndarray, n: np.ndarray, sd: np.ndarray, factor: np.ndarray
) -> np.ndarray:
    """Half the 95% interval of the mean of the used group means, over axis 1 (groups).

    NaN where a used group has no variance term (n < 2), so no interval is claimed that
    leaves a group's uncertainty out.
    """
    n = np.asarray(n, dtype=np.float64)
    k = used.sum(axis=1).astype(np.float64)
    kk = (k * k)[:, None, ...]
    with np.errstate(invalid="ignore", divide="ignore"):
        v = np.where(used, factor * sd * sd / n, 0.0)
        missing = (used & ((n < 2) | np.isnan(sd))).any(axis=1) | (k == 0)
        v = np.where(np.isnan(v), 0.0, v) / kk  # each group's term of the combined variance
        total = v.sum(axis=1)
        denominator = np.where(used & (n >= 2), v * v / (n - 1), 0.0).sum(axis=1)
        df = np.where(denominator > 0, total * total / denominator, np.nan)
    out = np.full(total.shape, np.nan)
    positive = ~missing & (total > 0) & ~np.isnan(df)
    if positive.any():
        floors = np.maximum(1, np.floor(df[positive] + 1e-9))
        out[positive] = t_975(floors) * np.sqrt(total[positive])
    out[~missing & (total == 0)] = 0.0  # every group a full census: no sampling error
    return out
