"""F quantiles without scipy agree with scipy.stats.f.ppf."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from quickscan.scoring.f_quantiles import f_ppf


@pytest.mark.parametrize("p", [0.025, 0.95, 0.975])
def test_f_ppf_matches_scipy(p: float) -> None:
    d1 = np.array([1, 1, 1, 2, 4, 10, 29, 150, 600, 1.7, 3000])
    d2 = np.array([1, 8, 1000, 5, 12, 20, 58, 1050, 5400, 8.5, 27000])
    assert f_ppf(p, d1, d2) == pytest.approx(stats.f.ppf(p, d1, d2), rel=1e-9)


def test_f_ppf_is_nan_without_degrees_of_freedom() -> None:
    assert np.isnan(f_ppf(0.975, np.array([0.0]), np.array([5.0]))).all()
