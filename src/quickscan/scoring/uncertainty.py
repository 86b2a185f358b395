"""Uncertainty on every published number: intervals, reliability and a quality label.

Pure functions over numpy arrays (no I/O): Wilson intervals for shares, weighted means with
their effective n, Feldt's interval for Cronbach's alpha, McDonald's omega total from a
one-factor model, and the quality label ("betrouwbaar", "indicatief", "te weinig respons")
whose rule docs/methodology.md states. The formulas are given in that document.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from quickscan.scoring.f_quantiles import f_ppf
from quickscan.scoring.t_quantiles import Z_975, t_975

#: z for a two-sided 95% interval.
Z_95 = Z_975

#: The quality labels, from best to worst; the terminal, exports and reports use these ids.
RELIABLE = "betrouwbaar"
INDICATIVE = "indicatief"
TOO_FEW = "te weinig respons"
QUALITY_LABELS = (RELIABLE, INDICATIVE, TOO_FEW)
# Their words and marks in reports and the terminal: report.i18n (QUALITY_WORDS, QUALITY_MARKS).


@dataclass(frozen=True)
class QualityRule:
    """A label is given by effective n and the half-width of the 95% interval."""

    reliable_n: float
    reliable_half_width: float
    indicative_n: float
    indicative_half_width: float


#: The rule per kind of estimate (docs/methodology.md, "Quality label"): a score on the
#: 0-10 scale, a share (0-1) and a reliability coefficient (0-1).
QUALITY_RULES = {
    "score": QualityRule(30, 0.5, 10, 1.0),
    "share": QualityRule(30, 0.10, 10, 0.20),
    "reliability": QualityRule(30, 0.10, 10, 0.20),
}


def quality_rank(
    n_eff: np.ndarray | float | None, half_width: np.ndarray | float | None, kind: str = "score"
) -> np.ndarray:
    """Index into QUALITY_LABELS per estimate (0 betrouwbaar, 1 indicatief, 2 te weinig).

    `betrouwbaar` needs n_eff >= reliable_n and a half-width <= reliable_half_width;
    `indicatief` needs n_eff >= indicative_n and a half-width <= indicative_half_width;
    anything else, also a missing n or interval, is `te weinig respons`.
    """
    rule = QUALITY_RULES[kind]
    n = np.asarray(np.nan if n_eff is None else n_eff, dtype=np.float64)
    h = np.asarray(np.nan if half_width is None else half_width, dtype=np.float64)
    n, h = np.broadcast_arrays(n, h)
    # A tiny tolerance: a half-width of exactly 0.5 must count as 0.5 after arithmetic.
    tol = 1e-9
    reliable = (n >= rule.reliable_n) & (h <= rule.reliable_half_width + tol)
    indicative = (n >= rule.indicative_n) & (h <= rule.indicative_half_width + tol)
    return np.where(reliable, 0, np.where(indicative, 1, 2))


def quality(
    n_eff: np.ndarray | float | None, half_width: np.ndarray | float | None, kind: str = "score"
) -> np.ndarray:
    """The quality label per estimate (see `quality_rank`)."""
    return np.array(QUALITY_LABELS, dtype=object)[quality_rank(n_eff, half_width, kind)]


def quality_label(n_eff: float | None, half_width: float | None, kind: str = "score") -> str:
    """`quality` for one estimate."""
    return QUALITY_LABELS[int(quality_rank(n_eff, half_width, kind))]


# --- shares -------------------------------------------------------------------------------


def wilson(
    share: np.ndarray | float, n: np.ndarray | float, z: float = Z_95
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of a share p from n observations (n may be an effective n).

    centre = (p + z^2 / 2n) / (1 + z^2 / n), half = z sqrt(p(1-p)/n + z^2/4n^2) / (1 + z^2/n).
    NaN where n <= 0 or p is NaN. Stays inside [0, 1], also for p = 0 or 1.
    """
    p = np.asarray(share, dtype=np.float64)
    n = np.asarray(n, dtype=np.float64)
    p, n = np.broadcast_arrays(p, n)
    with np.errstate(divide="ignore", invalid="ignore"):
        z2n = np.where(n > 0, z * z / n, np.nan)
        denominator = 1 + z2n
        centre = (p + z2n / 2) / denominator
        half = z * np.sqrt(np.maximum(p * (1 - p) / n + z2n / (4 * n), 0)) / denominator
    # Exactly 0 and 1 at the ends (the formula leaves rounding noise there).
    low = np.where(p == 0, 0.0, np.clip(centre - half, 0.0, 1.0))
    high = np.where(p == 1, 1.0, np.clip(centre + half, 0.0, 1.0))
    return low, high


def wilson_one(share: float, n: float, z: float = Z_95) -> tuple[float, float]:
    """`wilson` for one share, in plain floats (numpy's per-call cost dominates a scalar)."""
    z2n = z * z / n
    centre = (share + z2n / 2) / (1 + z2n)
    half = z * math.sqrt(max(share * (1 - share) / n + z2n / (4 * n), 0.0)) / (1 + z2n)
    low = 0.0 if share == 0 else min(max(centre - half, 0.0), 1.0)
    high = 1.0 if share == 1 else min(max(centre + half, 0.0), 1.0)
    return low, high


# --- weighted means -----------------------------------------------------------------------


@dataclass(frozen=True)
class WeightedCells:
    """Per cell: respondents, weighted mean and sd, Kish effective n and the 95% interval."""

    n: np.ndarray  # respondents with a value (a count, unweighted)
    n_eff: np.ndarray  # (sum w)^2 / sum w^2 over those respondents
    mean: np.ndarray
    sd: np.ndarray
    se: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray


def kish_n(weights: np.ndarray) -> float:
    """Kish's effective sample size (sum w)^2 / sum w^2; 0 for no weights."""
    w = np.asarray(weights, dtype=np.float64)
    squares = float(np.dot(w, w))
    return float(w.sum()) ** 2 / squares if squares > 0 else 0.0


def design_effect(weights: np.ndarray) -> float:
    """Kish's design effect of unequal weights, n / n_eff = n sum w^2 / (sum w)^2 (>= 1)."""
    w = np.asarray(weights, dtype=np.float64)
    n_eff = kish_n(w)
    return len(w) / n_eff if n_eff > 0 else float("nan")


def weighted_cells(
    cell: np.ndarray, values: np.ndarray, weights: np.ndarray, n_cells: int
) -> WeightedCells:
    """Weighted statistics of the non-NaN `values` per integer `cell` key.

    mean = sum(w x) / sum(w); sd^2 = n/(n-1) sum(w (x - mean)^2) / sum(w); se = sd /
    sqrt(n_eff); the interval is mean +- t(0.975, n_eff - 1) se. With all weights 1 this is
    exactly the unweighted mean, sd (n - 1) and t interval.
    """
    ok = ~np.isnan(values)
    keys = cell[ok]
    x = values[ok]
    w = weights[ok].astype(np.float64)
    n = np.bincount(keys, minlength=n_cells)
    total_w = np.bincount(keys, weights=w, minlength=n_cells)
    total_w2 = np.bincount(keys, weights=w * w, minlength=n_cells)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(
            total_w > 0, np.bincount(keys, weights=w * x, minlength=n_cells) / total_w, np.nan
        )
        dev = x - mean[keys]
        spread = np.bincount(keys, weights=w * dev * dev, minlength=n_cells)
        var = np.where(n > 1, spread / total_w * n / (n - 1), np.nan)
        sd = np.sqrt(var)
        n_eff = np.where(total_w2 > 0, total_w * total_w / total_w2, 0.0)
        se = sd / np.sqrt(n_eff)
    half = t_half(n_eff, se)
    return WeightedCells(
        n=n, n_eff=n_eff, mean=mean, sd=sd, se=se, ci_low=mean - half, ci_high=mean + half
    )


def t_975_fractional(df: np.ndarray) -> np.ndarray:
    """t(0.975, df) for fractional df >= 1, without scipy.

    Whole df come from scoring/t_quantiles.py. Fractional df below 30 (few cells: small
    weighted groups) use t^2 = F(0.95; 1, df) exactly; from 30 on, t is so nearly linear
    in 1/df that interpolating between whole df is within 1e-7 (tests check it on scipy).
    """
    df = np.asarray(df, dtype=np.float64)
    low = np.floor(df)
    high = low + 1
    t_low, t_high = t_975(low), t_975(high)
    with np.errstate(divide="ignore", invalid="ignore"):
        fraction = (1 / low - 1 / df) / (1 / low - 1 / high)
    out = np.where(df == low, t_low, t_low + fraction * (t_high - t_low))
    exact = (df != low) & (df < 30)
    if exact.any():
        out[exact] = np.sqrt(f_ppf(0.95, np.ones(int(exact.sum())), df[exact]))
    return out


def t_half(n_eff: np.ndarray, se: np.ndarray) -> np.ndarray:
    """t(0.975, n_eff - 1) x se, with fractional degrees of freedom; NaN for n_eff < 2."""
    n_eff = np.asarray(n_eff, dtype=np.float64)
    se = np.asarray(se, dtype=np.float64)
    out = np.full(np.broadcast(n_eff, se).shape, np.nan)
    ok = (n_eff >= 2) & ~np.isnan(se)
    if ok.any():
        out[ok] = t_975_fractional(n_eff[ok] - 1) * se[ok]
    return out


# --- reliability --------------------------------------------------------------------------


def feldt_interval(
    alpha: np.ndarray | float, n: np.ndarray | float, k: np.ndarray | float, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Feldt's confidence interval for Cronbach's alpha (Feldt, Woodruff & Salih 1987).

    (1 - alpha) / (1 - alpha_hat) follows F(n - 1, (n - 1)(k - 1)), so the interval is
    1 - (1 - alpha_hat) F(1 - p/2) .. 1 - (1 - alpha_hat) F(p/2), as R psych::alpha.ci.
    NaN where n < 2, k < 2 or alpha is NaN.
    """
    a = np.asarray(alpha, dtype=np.float64)
    n = np.asarray(n, dtype=np.float64)
    k = np.asarray(k, dtype=np.float64)
    a, n, k = np.broadcast_arrays(a, n, k)
    low = np.full(a.shape, np.nan)
    high = np.full(a.shape, np.nan)
    ok = (n >= 2) & (k >= 2) & ~np.isnan(a)
    if ok.any():
        df1 = n[ok] - 1
        df2 = df1 * (k[ok] - 1)
        tail = (1 - level) / 2
        low[ok] = 1 - (1 - a[ok]) * f_ppf(1 - tail, df1, df2)
        high[ok] = 1 - (1 - a[ok]) * f_ppf(tail, df1, df2)
    return low, high


@dataclass(frozen=True)
class OneFactor:
    """A one-factor model of a correlation matrix: loadings, uniquenesses and omega total."""

    loadings: np.ndarray
    uniquenesses: np.ndarray
    omega_total: float
    iterations: int
    converged: bool


def one_factor(correlation: np.ndarray, tol: float = 1e-10, max_iter: int = 1000) -> OneFactor:
    """Unweighted least squares (minres) one-factor fit by iterated principal axes.

    At its fixed point iterated principal-axis factoring minimises the squared off-diagonal
    residuals, which is what R psych::fa(fm = "minres") minimises. Communalities start at
    the squared multiple correlations and are kept below 1 (a Heywood case stops at 0.995).
    omega total = 1 - sum(uniquenesses) / sum(R), McDonald (1999), as psych::omega reports
    it (the observed total variance in the denominator).
    """
    r = np.asarray(correlation, dtype=np.float64)
    k = r.shape[0]
    try:
        smc = 1 - 1 / np.diag(np.linalg.inv(r))
    except np.linalg.LinAlgError:
        smc = np.full(k, 0.5)
    h2 = np.clip(smc, 0.005, 0.995)
    converged = False
    loadings = np.zeros(k)
    iteration = 0
    for iteration in range(1, max_iter + 1):  # noqa: B007 - the count is reported
        reduced = r.copy()
        np.fill_diagonal(reduced, h2)
        values, vectors = np.linalg.eigh(reduced)
        loadings = vectors[:, -1] * np.sqrt(max(values[-1], 0.0))
        new_h2 = np.clip(loadings * loadings, 0.0, 0.995)
        if np.max(np.abs(new_h2 - h2)) < tol:
            h2 = new_h2
            converged = True
            break
        h2 = new_h2
    if loadings.sum() < 0:  # the sign of an eigenvector is arbitrary
        loadings = -loadings
    uniquenesses = 1 - h2
    omega = 1 - uniquenesses.sum() / r.sum()
    return OneFactor(loadings, uniquenesses, float(omega), iteration, converged)


def omega_total(
    data: np.ndarray, min_n: int = 10, groups: np.ndarray | None = None
) -> float | None:
    """McDonald's omega total of items (respondents x items, NaN missing), None if undefined.

    Pairwise-complete correlations (as the alpha), within `groups` (one label per
    respondent; None is one group): for each pair the respondents who answered both are
    centred on their own group's means, and r = sum of cross-products / sqrt(product of
    the sums of squares), summed over the groups, as the engine does (quality.py). Items
    without variance within the groups are left out, and at least 3 items and `min_n`
    respondents per item pair are needed (with 2 items a one-factor model is not
    identified). The plain loop version of the engine's batched computation.
    """
    x = np.asarray(data, dtype=np.float64)
    labels = (
        np.zeros(len(x), dtype=np.int64)
        if groups is None
        else np.unique(groups, return_inverse=True)[1]
    )

    def deviations(rows: np.ndarray, column: int) -> np.ndarray:
        """The item's answers on `rows` minus their mean within each group."""
        values = x[rows, column]
        out = np.empty_like(values)
        for g in np.unique(labels[rows]):
            mine = labels[rows] == g
            out[mine] = values[mine] - values[mine].mean()
        return out

    answered = ~np.isnan(x)
    keep = [j for j in range(x.shape[1]) if (deviations(answered[:, j], j) ** 2).sum() > 0]
    x, answered = x[:, keep], answered[:, keep]
    k = x.shape[1]
    if k < 3:
        return None
    pairs = answered.T.astype(np.int64) @ answered.astype(np.int64)
    if pairs.min() < min_n:
        return None
    r = np.eye(k)
    for i in range(k):
        for j in range(i + 1, k):
            both = answered[:, i] & answered[:, j]
            a, b = deviations(both, i), deviations(both, j)
            if (a * a).sum() == 0 or (b * b).sum() == 0:
                return None
            r[i, j] = r[j, i] = float((a * b).sum() / np.sqrt((a * a).sum() * (b * b).sum()))
    model = one_factor(r)
    if not model.converged or not 0 <= model.omega_total <= 1:
        return None
    return model.omega_total
