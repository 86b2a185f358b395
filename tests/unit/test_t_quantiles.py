"""The t quantiles scoring uses, against scipy (which scoring no longer imports)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import stdtrit

from quickscan.scoring.t_quantiles import EXPANSION_FROM, T_975, t_975


def test_table_is_scipys_stdtrit() -> None:
    df = np.arange(1, EXPANSION_FROM)
    assert len(T_975) == EXPANSION_FROM - 1
    assert np.array_equal(t_975(df), stdtrit(df, 0.975))


@pytest.mark.parametrize("df", [EXPANSION_FROM, 1001, 1500, 4321, 10**4, 123_457, 10**6, 10**9])
def test_expansion_matches_scipy_where_the_table_ends(df: int) -> None:
    assert t_975(np.array([df]))[0] == pytest.approx(stdtrit(df, 0.975), rel=1e-15, abs=0)


def test_known_values_and_bad_input() -> None:
    # Textbook values: t(0.975, 1) = 12.706, t(0.975, 4) = 2.776, t(0.975, 30) = 2.042.
    assert np.round(t_975(np.array([1, 4, 30])), 3).tolist() == [12.706, 2.776, 2.042]
    with pytest.raises(ValueError):
        t_975(np.array([0]))
    with pytest.raises(ValueError):
        t_975(np.array([2.5]))
