"""Raking and trimming on small tables, computed by hand."""

from __future__ import annotations

import numpy as np
import pytest

from quickscan.scoring.weights import rake, rake_many, trim


def test_rake_two_by_two_matches_the_closed_form() -> None:
    # Gender x age counts [[3, 1], [1, 1]] raked to 50/50 on both: the fitted table keeps
    # the odds ratio 3 and has all margins 3, so it is [[x, 3 - x], [3 - x, x]] with
    # x / (3 - x) = sqrt(3), x = 3 sqrt(3) / (1 + sqrt(3)).
    gender = np.array([0, 0, 0, 0, 1, 1])
    age = np.array([0, 0, 0, 1, 0, 1])
    half = np.array([0.5, 0.5])
    result = rake([gender, age], [half, half], cap=None)
    x = 3 * np.sqrt(3) / (1 + np.sqrt(3))
    expected = np.array([x / 3, x / 3, x / 3, 3 - x, 3 - x, x])
    assert result.weights == pytest.approx(expected, abs=1e-10)
    assert result.max_margin_error < 1e-9
    assert result.converged and result.trimmed == 0


def test_rake_reproduces_three_margins_to_1e9() -> None:
    rng = np.random.default_rng(7)
    n = 300
    codes = [
        rng.choice(4, n, p=[0.1, 0.2, 0.3, 0.4]),
        rng.choice(2, n, p=[0.65, 0.35]),
        rng.choice(3, n, p=[0.15, 0.35, 0.5]),
    ]
    targets = [
        np.array([0.25, 0.25, 0.25, 0.25]),
        np.array([0.49, 0.51]),
        np.array([0.3, 0.4, 0.3]),
    ]
    result = rake(codes, targets, cap=None)
    assert result.weights.mean() == pytest.approx(1.0)
    for c, t in zip(codes, targets, strict=True):
        shares = np.bincount(c, weights=result.weights, minlength=len(t)) / n
        assert np.abs(shares - t).max() < 1e-9


def test_trimming_caps_and_redistributes() -> None:
    # Counts [[8, 1], [1, 1]] raked to 50/50: x / (5.5 - x) = sqrt(8) with
    # x = 5.5 sqrt(8) / (1 + sqrt(8)) = 4.0635; the one respondent in the last cell gets x.
    # Cap 3: that weight becomes 3 and the other ten respondents share the rest,
    # scaled by (11 - 3) / (11 - x).
    gender = np.array([0] * 9 + [1, 1])
    age = np.array([0] * 8 + [1, 0, 1])
    half = np.array([0.5, 0.5])
    x = 5.5 * np.sqrt(8) / (1 + np.sqrt(8))
    scale = 8 / (11 - x)
    result = rake([gender, age], [half, half], cap=3.0)
    expected = np.array([x / 8 * scale] * 8 + [(5.5 - x) * scale, (5.5 - x) * scale, 3.0])
    assert result.weights == pytest.approx(expected, abs=1e-9)
    assert result.trimmed == 1
    assert result.weights.sum() == pytest.approx(11)
    # Trimming moves the margins: the error is reported, not hidden.
    assert result.max_margin_error > 0.01


def test_trim_raises_small_weights_too() -> None:
    weights, limited, _ = trim(np.array([0.1, 0.95, 0.95, 2.0]), cap=4.0)
    # 0.1 -> 0.25; the other three share 4 - 0.25 = 3.75 in proportion to 0.95, 0.95, 2.0.
    assert weights[0] == pytest.approx(0.25)
    assert weights[1:] == pytest.approx(np.array([0.95, 0.95, 2.0]) * 3.75 / 3.9)
    assert limited == 1
    same, limited, _ = trim(np.array([1.0, 1.0]), cap=None)
    assert same.tolist() == [1.0, 1.0] and limited == 0


def _ipfn_weights(codes: list[np.ndarray], targets: list[np.ndarray]) -> np.ndarray:
    """Raking by the ipfn library on the cross-table, as the reference."""
    from ipfn.ipfn import ipfn

    shape = tuple(len(t) for t in targets)
    cell = np.ravel_multi_index(tuple(codes), shape)
    table = np.bincount(cell, minlength=int(np.prod(shape))).astype(float).reshape(shape)
    n = len(codes[0])
    fitted = ipfn(
        table.copy(),
        [t * n for t in targets],
        [[c] for c in range(len(shape))],
        convergence_rate=1e-13,
        max_iteration=5000,
        rate_tolerance=0.0,
    ).iteration()
    with np.errstate(invalid="ignore", divide="ignore"):
        factor = np.where(table > 0, fitted / table, 1.0)
    return factor.reshape(-1)[cell]


def test_many_municipalities_at_once_agree_with_ipfn() -> None:
    rng = np.random.default_rng(11)
    problems, codes, targets = [], [], []
    for p, (n, shape) in enumerate([(200, (4, 2, 3)), (90, (3, 2)), (400, (4, 2, 5, 3))]):
        problems.append(np.full(n, p))
        codes.append([rng.choice(k, n, p=rng.dirichlet(np.full(k, 3.0))) for k in shape])
        targets.append([rng.dirichlet(np.full(k, 5.0)) for k in shape])
    # Rows of the problems interleaved: the order of rows must not matter.
    problem = np.concatenate(problems)
    shuffle = rng.permutation(len(problem))
    inverse = np.argsort(shuffle)
    shuffled_codes = []
    for p in range(3):
        rows = np.flatnonzero(problem[shuffle] == p)
        original = shuffle[rows] - sum(len(x) for x in problems[:p])
        shuffled_codes.append([c[original] for c in codes[p]])
    weights, converged = rake_many(problem[shuffle], shuffled_codes, targets)
    assert converged
    weights = weights[inverse]
    start = 0
    for p in range(3):
        n = len(problems[p])
        mine = weights[start : start + n]
        assert mine == pytest.approx(_ipfn_weights(codes[p], targets[p]), abs=1e-9)
        for c, t in zip(codes[p], targets[p], strict=True):
            assert np.abs(np.bincount(c, weights=mine, minlength=len(t)) / n - t).max() < 1e-9
        start += n


def test_integers_filled_reads_nulls_from_the_validity_bitmap() -> None:
    import pyarrow as pa

    from quickscan.answers.arrow import integers_filled

    # Nulls at positions 1, 3, 6 and 9 become -1; a slice keeps its own offset (positions
    # 3..7 of the array: null, 7, 1, null, 2); an array without nulls is copied as it is.
    array = pa.array([3, None, 5, None, 7, 1, None, 2, 9, None], pa.int32())
    assert integers_filled(array, -1).tolist() == [3, -1, 5, -1, 7, 1, -1, 2, 9, -1]
    assert integers_filled(array.slice(3, 5), -1).tolist() == [-1, 7, 1, -1, 2]
    assert integers_filled(pa.array([1, 2], pa.int32()), -1).tolist() == [1, 2]
