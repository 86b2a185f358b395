"""The fast paths of scoring give the same numbers as the plain computations they replace."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from quickscan.rounding import round_half_away
from quickscan.scoring.stats import _cell_grams, _grams, pooled_alphas, within_group_sums


def _decimal_rounding(value: float, decimals: int) -> float:
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP)) + 0.0


@settings(max_examples=3000, deadline=None)
@given(
    st.one_of(
        st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
        # Exact halves and values a hair either side of them, where the fast path must step
        # aside for Decimal.
        st.integers(-200_000, 200_000).map(lambda k: k / 20),
        st.tuples(st.integers(-20_000, 20_000), st.sampled_from([1e-12, -1e-12, 1e-9, -1e-7])).map(
            lambda t: t[0] / 20 + t[1]
        ),
        st.floats(min_value=-10, max_value=10).map(lambda v: round(v, 10)),
    ),
    st.sampled_from([0, 1, 2, 6, 10]),
)
def test_round_half_away_equals_decimal_rounding(value: float, decimals: int) -> None:
    got, want = round_half_away(value, decimals), _decimal_rounding(value, decimals)
    assert got == want and math.copysign(1, got) == math.copysign(1, want)


def test_round_half_away_by_hand() -> None:
    assert round_half_away(6.25) == 6.3
    assert round_half_away(-6.25) == -6.3
    assert round_half_away(2.675, 2) == 2.68
    assert round_half_away(5.2499999999) == 5.2
    assert round_half_away(5.462) == 5.5
    assert math.copysign(1, round_half_away(-0.04)) == 1.0  # no negative zero


def _rows(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Steps (items, rows) sorted by municipality, groups mixed within one; -1 is missing."""
    rng = np.random.default_rng(seed)
    n_munis, n_groups, n_items = 5, 3, 7
    muni = np.sort(rng.integers(0, n_munis, 400))
    muni[muni == 3] = 2  # municipality 3 has no rows at all
    group = rng.integers(0, n_groups, len(muni))
    group[muni == 1] = 0  # one group only, already in order
    steps = rng.integers(0, 5, (n_items, len(muni))).astype(np.int8)
    steps[rng.random(steps.shape) < 0.2] = -1
    starts = np.searchsorted(muni, np.arange(n_munis + 1))
    return steps, starts, group, muni * n_groups + group


def test_cell_grams_equal_grams_on_rows_sorted_by_cell() -> None:
    areas = [slice(0, 3), slice(3, 4), slice(4, 7)]
    for seed in range(5):
        steps, starts, group, cell = _rows(seed)
        order = np.argsort(cell, kind="stable")
        cell_starts = np.searchsorted(cell[order], np.arange(5 * 3 + 1))
        want, width = _grams(steps[:, order], cell_starts, areas, 4)
        got, got_width = _cell_grams(steps, starts, group, 3, areas, 4)
        assert got_width == width
        assert np.array_equal(got, want)
        # With the sums of squares below: the same products, and X * X against [X; M].
        more, _ = _cell_grams(steps, starts, group, 3, areas, 4, squares=True)
        assert np.array_equal(more[:, :, : 2 * width], want)
        squared = np.where(steps >= 0, steps, 0).astype(np.float64) ** 2
        answered = (steps >= 0).astype(np.float64)
        rows = order[cell[order] == 2 * 3 + 1]  # municipality 2, group 1
        block = areas[2]
        assert np.array_equal(
            more[7, 2, 2 * width : 2 * width + 3, width : width + 3],
            squared[block][:, rows] @ answered[block][:, rows].T,
        )


def test_pooled_alpha_does_not_depend_on_row_order_within_a_municipality() -> None:
    steps, starts, group, cell = _rows(7)
    used = np.ones((5, 3, 1), dtype=bool)
    used[0, 1, 0] = False
    areas = [slice(0, 7)]
    order = np.argsort(cell, kind="stable")
    mixed = pooled_alphas(within_group_sums(steps, starts, group, used, areas, 4), 2)
    by_cell = pooled_alphas(
        within_group_sums(steps[:, order], starts, group[order], used, areas, 4), 2
    )
    assert np.array_equal(mixed.alpha, by_cell.alpha, equal_nan=True)
    assert np.array_equal(mixed.respondents, by_cell.respondents)
    assert list(mixed.reason.ravel()) == list(by_cell.reason.ravel())
    assert mixed.reason[3, 0] == "too_few_items"  # no rows, no alpha
