"""The uncertainty the engine attaches to its arrays: quality labels, alpha's interval, omega.

Kept apart from the engine so the rules live next to each other (docs/methodology.md,
"Uncertainty on every number"); the engine calls these on whole arrays.
"""

from __future__ import annotations

import numpy as np

from quickscan.scoring.layout import Layout
from quickscan.scoring.matrix import Prepared
from quickscan.scoring.stats import _grams
from quickscan.scoring.uncertainty import QUALITY_LABELS, feldt_interval, quality_rank

#: Omega needs at least this many respondents on every pair of items.
OMEGA_MIN_PAIRS = 10
#: Iterated principal axes on a stack: stop when no communality moves more than this.
OMEGA_TOL = 1e-7
OMEGA_MAX_ITER = 500


def quality_arrays(
    n_eff: np.ndarray, low: np.ndarray, high: np.ndarray, used: np.ndarray
) -> np.ndarray:
    """Label rank per cell (0 best, see QUALITY_LABELS), -1 where the cell is not shown."""
    return np.where(used, quality_rank(n_eff, (high - low) / 2, "score"), -1)


def combined_quality(
    all_n_eff: np.ndarray,
    all_low: np.ndarray,
    all_high: np.ndarray,
    group_half: np.ndarray,
    used: np.ndarray,
) -> np.ndarray:
    """Rank per (m, a) of the combined score, -1 where it has none.

    From its own interval where it has one (pooled); the mean of G group means has none of
    its own, and is judged by sqrt(sum h_g^2) / G, the half-width of a mean of independent
    group means with half-widths h_g, and the summed effective n.
    """
    has_interval = ~np.isnan(all_low) & ~np.isnan(all_high)
    groups = used.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        half_of_mean = np.sqrt(np.where(used, group_half**2, 0.0).sum(axis=1)) / groups
    # A shown group without an interval (n = 1) leaves the mean without one too.
    half_of_mean = np.where((used & np.isnan(group_half)).any(axis=1), np.nan, half_of_mean)
    half = np.where(has_interval, (all_high - all_low) / 2, half_of_mean)
    rank = quality_rank(all_n_eff, half, "score")
    return np.where(groups > 0, rank, -1)


def label(rank: int) -> str | None:
    return None if rank < 0 else QUALITY_LABELS[rank]


def reliability(
    prep: Prepared, layout: Layout, alpha: np.ndarray, alpha_items: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Feldt's 95% interval of alpha and omega total per (municipality, area).

    Feldt's n is the smallest number of respondents who answered a pair of the area's
    items; omega comes from a one-factor minres fit of the pairwise correlations (the same
    pairwise-complete data as alpha), on every municipality and area at once.

    Each correlation is Pearson's on the respondents who answered both items, means and
    sds of that pair's respondents included, as R's cor(use = "pairwise") that
    psych::omega uses: r_ij = (n S_ij - S_i|j S_j|i) / sqrt((n Q_i|j - S_i|j^2)
    (n Q_j|i - S_j|i^2)), with n the pair's respondents, S_ij the sum of products, S_i|j
    and Q_i|j the sum and the sum of squares of item i over them. Scaling the pairwise
    covariance by each item's own sd instead differs as soon as answers are missing.
    """
    grams, width = _grams(
        prep.steps, prep.starts, layout.area_slices, layout.steps_total, squares=True
    )
    k = width
    if k == 0 or grams.size == 0:
        empty = np.full(alpha.shape, np.nan)
        return empty, empty.copy(), empty.copy()
    products, sums = grams[..., :k, :k], grams[..., :k, k:]
    pairs, squares = grams[..., k : 2 * k, k:], grams[..., 2 * k :, k:]
    keep = np.diagonal(pairs, axis1=-2, axis2=-1) > 0
    both = keep[..., :, None] & keep[..., None, :]
    n_pairs = np.where(both, pairs, np.inf).min(axis=(-2, -1))
    n_pairs = np.where(np.isfinite(n_pairs), n_pairs, 0)
    low, high = feldt_interval(alpha, n_pairs, alpha_items)

    # The sums are whole numbers held exactly, so these differences carry no rounding.
    co = pairs * products - sums * np.swapaxes(sums, -1, -2)  # n (n - 1) cov on the pair
    spread = pairs * squares - sums * sums  # n (n - 1) var of item i on the pair (i, j)
    own = np.diagonal(spread, axis1=-2, axis2=-1)
    keep &= own > 0
    both = keep[..., :, None] & keep[..., None, :]
    # A pair on which one item does not vary has no correlation, and no omega either.
    defined = ~(both & ((spread <= 0) | (np.swapaxes(spread, -1, -2) <= 0))).any(axis=(-2, -1))
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(both, co / np.sqrt(spread * np.swapaxes(spread, -1, -2)), 0.0)
    eye = np.eye(k, dtype=bool)
    r = np.where(eye & keep[..., :, None], 1.0, r)  # 1 exactly, not 1 up to rounding
    used = keep.sum(axis=-1)
    fewest = np.where(both, pairs, np.inf).min(axis=(-2, -1))
    enough = (used >= 3) & (fewest >= OMEGA_MIN_PAIRS) & defined
    omega = np.full(alpha.shape, np.nan)
    if enough.any():
        omega[enough] = _omega_stack(r[enough], keep[enough])
    return low, high, omega


def _omega_stack(r: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """omega total of a stack of correlation matrices; items outside `keep` are padding.

    Iterated principal axes with the leading eigenvector found by power iteration, warm
    started from the previous step: one small batched matrix product per step instead of
    a full eigendecomposition (the same fixed point; tests compare with `one_factor`).
    """
    eye = np.eye(r.shape[-1], dtype=bool)
    full = np.where(eye & ~keep[..., :, None], 1.0, r)  # padding: identity, for the inverse
    try:
        inverse_diag = np.diagonal(np.linalg.inv(full), axis1=-2, axis2=-1)
        h2 = np.where(keep, 1 - 1 / inverse_diag, 0.0)
    except np.linalg.LinAlgError:
        h2 = np.where(keep, 0.5, 0.0)
    h2 = np.where(keep, np.clip(h2, 0.005, 0.995), 0.0)
    reduced = np.where(eye, h2[..., :, None], r)
    # Start from the exact leading eigenvector once; then follow it.
    _, vectors = np.linalg.eigh(reduced)
    v = vectors[..., -1]
    converged = np.zeros(len(r), dtype=bool)
    off = np.where(eye, 0.0, r)  # the reduced matrix is off + diag(h2)
    for _ in range(OMEGA_MAX_ITER):
        # One power step per round suffices: v follows the slowly moving eigenvector.
        w = (off @ v[..., None])[..., 0] + h2 * v
        value = np.maximum((w * v).sum(axis=-1), 0.0)  # Rayleigh quotient (|v| = 1)
        v = w / np.maximum(np.sqrt((w * w).sum(axis=-1, keepdims=True)), 1e-300)
        loadings = v * np.sqrt(value)[..., None]
        new_h2 = np.where(keep, np.clip(loadings * loadings, 0.0, 0.995), 0.0)
        converged = np.abs(new_h2 - h2).max(axis=-1) < OMEGA_TOL
        h2 = new_h2
        if converged.all():
            break
    uniqueness = np.where(keep, 1 - h2, 0.0).sum(axis=-1)
    total = np.where(keep[..., :, None] & keep[..., None, :], r, 0.0).sum(axis=(-2, -1))
    omega = 1 - uniqueness / total
    return np.where(converged & (omega >= 0) & (omega <= 1), omega, np.nan)
