"""The uncertainty the engine attaches to its arrays: quality labels and omega.

Kept apart from the engine so the rules live next to each other (docs/methodology.md,
"Uncertainty on every number"); the engine calls these on whole arrays.
"""

from __future__ import annotations

import numpy as np

from quickscan.scoring.stats import ALPHA_MIN_RESPONDENTS, WithinGroupSums
from quickscan.scoring.uncertainty import QUALITY_LABELS, quality_rank

#: Omega needs at least this many respondents of the shown groups on every pair of items:
#: alpha's rule, as both are computed on the same pooled within-group sums.
OMEGA_MIN_PAIRS = ALPHA_MIN_RESPONDENTS
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


def within_group_omega(
    within: WithinGroupSums, min_respondents: int = OMEGA_MIN_PAIRS
) -> np.ndarray:
    """McDonald's omega total per (municipality, area), NaN where there is none.

    From a one-factor minres fit of the pooled within-group correlations of the shown
    cells, the sums alpha's covariance is made of (stats.within_group_sums), on every
    municipality and area at once. With one group this is Pearson's r on each pair's
    respondents, R's cor(use = "pairwise") that psych::omega uses; with more, each group
    is centred on its own means of the pair's respondents first:
    r_ij = sum_g cross_g / sqrt(sum_g ss_g(i|j) sum_g ss_g(j|i)), ss_g(i|j) the squared
    deviations of item i over the group's respondents who answered j too. Scaling by each
    item's own sd instead differs as soon as answers are missing.

    An item without variance within the groups is left out; there is no omega with fewer
    than 3 items left, fewer than `min_respondents` on a pair (alpha's rule), a pair on
    which an item does not vary, no convergence, or a value outside [0, 1].
    """
    cross, spread, pairs = within.cross, within.squares, within.n
    if cross.shape[-1] == 0:
        return np.full(cross.shape[:-2], np.nan)
    keep = (np.diagonal(pairs, axis1=-2, axis2=-1) > 0) & (
        np.diagonal(spread, axis1=-2, axis2=-1) > 0
    )
    both = keep[..., :, None] & keep[..., None, :]
    across = np.swapaxes(spread, -1, -2)
    # A pair on which one item does not vary has no correlation, and no omega either.
    defined = ~(both & ((spread <= 0) | (across <= 0))).any(axis=(-2, -1))
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(both, cross / np.sqrt(spread * across), 0.0)
    eye = np.eye(cross.shape[-1], dtype=bool)
    r = np.where(eye & keep[..., :, None], 1.0, r)  # 1 exactly, not 1 up to rounding
    used = keep.sum(axis=-1)
    fewest = np.where(both, pairs, np.inf).min(axis=(-2, -1))
    enough = (used >= 3) & (fewest >= min_respondents) & defined
    omega = np.full(cross.shape[:-2], np.nan)
    if enough.any():
        omega[enough] = _omega_stack(r[enough], keep[enough])
    return omega


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
