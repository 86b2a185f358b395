"""Quantiles of the F distribution for Feldt's interval of alpha, without scipy.

Scoring must not import scipy (see t_quantiles.py: it costs every run a noticeable share
of its time). F(p; d1, d2) = d2 x / (d1 (1 - x)) with x the p-quantile of
Beta(d1/2, d2/2); x is found by Newton's method on the regularised incomplete beta
function, evaluated with its continued fraction (Numerical Recipes 6.4, modified Lentz),
from Paulson's normal approximation as the start. tests/unit/test_f_quantiles.py checks
the result against scipy.stats.f.ppf to 1e-9.
"""

from __future__ import annotations

import math

import numpy as np

_lgamma = np.vectorize(math.lgamma, otypes=[np.float64])
_CF_STEPS = 300
_TINY = 1e-300


def _betacf(a: np.ndarray, b: np.ndarray, x: np.ndarray) -> np.ndarray:
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = np.ones_like(x)
    d = 1.0 - qab * x / qap
    d = np.where(np.abs(d) < _TINY, _TINY, d)
    d = 1.0 / d
    h = d.copy()
    for m in range(1, _CF_STEPS + 1):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = np.where(np.abs(d) < _TINY, _TINY, d)
        c = 1.0 + aa / c
        c = np.where(np.abs(c) < _TINY, _TINY, c)
        d = 1.0 / d
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = np.where(np.abs(d) < _TINY, _TINY, d)
        c = 1.0 + aa / c
        c = np.where(np.abs(c) < _TINY, _TINY, c)
        d = 1.0 / d
        delta = d * c
        h *= delta
        if np.all(np.abs(delta - 1.0) < 3e-16):
            break
    return h


def betainc(a: np.ndarray, b: np.ndarray, x: np.ndarray, log_beta: np.ndarray) -> np.ndarray:
    """Regularised incomplete beta I_x(a, b) for 0 < x < 1 (log_beta = ln B(a, b))."""
    front = np.exp(a * np.log(x) + b * np.log1p(-x) - log_beta)
    direct = x < (a + 1.0) / (a + b + 2.0)
    # The continued fraction converges fast on one side; use the symmetry on the other.
    xs = np.where(direct, x, 1.0 - x)
    aa = np.where(direct, a, b)
    bb = np.where(direct, b, a)
    cf = _betacf(aa, bb, xs)
    value = front * cf / aa
    return np.where(direct, value, 1.0 - value)


def f_ppf(p: float, d1: np.ndarray, d2: np.ndarray) -> np.ndarray:
    """The p-quantile of F(d1, d2), elementwise; NaN where d1 or d2 is not positive."""
    d1 = np.asarray(d1, dtype=np.float64)
    d2 = np.asarray(d2, dtype=np.float64)
    d1, d2 = np.broadcast_arrays(d1, d2)
    out = np.full(d1.shape, np.nan)
    ok = (d1 > 0) & (d2 > 0)
    if not ok.any():
        return out
    pairs = np.stack([d1[ok], d2[ok]], axis=1)
    unique, inverse = np.unique(pairs, axis=0, return_inverse=True)
    a, b = unique[:, 0] / 2, unique[:, 1] / 2
    log_beta = _lgamma(a) + _lgamma(b) - _lgamma(a + b)
    # Paulson (1942): a normal approximation of F's cube root, a good start for Newton.
    z = _norm_ppf(p)
    u, v = 2 / (9 * unique[:, 0]), 2 / (9 * unique[:, 1])
    num = (1 - v) * (1 - u) + z * np.sqrt(
        np.maximum((1 - v) ** 2 * u + (1 - u) ** 2 * v - z * z * u * v, 0)
    )
    den = (1 - v) ** 2 - z * z * v
    start_f = np.where(den > 0, (num / np.where(den > 0, den, 1)) ** 3, 1.0)
    start_f = np.where(np.isfinite(start_f) & (start_f > 0), start_f, 1.0)
    x = unique[:, 0] * start_f / (unique[:, 0] * start_f + unique[:, 1])
    x = np.clip(x, 1e-12, 1 - 1e-12)
    for _ in range(50):
        err = betainc(a, b, x, log_beta) - p
        density = np.exp((a - 1) * np.log(x) + (b - 1) * np.log1p(-x) - log_beta)
        step = err / np.maximum(density, _TINY)
        new = x - step
        # Stay inside (0, 1): halve towards the edge instead of jumping over it.
        new = np.where(new <= 0, x / 2, np.where(new >= 1, (x + 1) / 2, new))
        # Newton converges quadratically: stop once every step is at rounding level.
        done = np.abs(new - x) <= 1e-13 * np.maximum(x, 1e-300)
        x = new
        if done.all():
            break
    f = unique[:, 1] * x / (unique[:, 0] * (1 - x))
    out[ok] = f[inverse.reshape(-1)]
    return out


def _norm_ppf(p: float) -> float:
    """The standard normal quantile, by Newton's method on the cdf (erf is exact enough)."""
    x = 0.0
    for _ in range(100):
        cdf = 0.5 * (1 + math.erf(x / math.sqrt(2)))
        step = (cdf - p) / (math.exp(-x * x / 2) / math.sqrt(2 * math.pi))
        x -= step
        if abs(step) < 1e-15:
            break
    return x
