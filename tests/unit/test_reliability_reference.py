"""Omega total and Feldt's interval against R's psych on three small answer matrices.

The matrices and the reference numbers come from tests/reference/psych_reference.R (R 4.2.2,
psych 2.2.9, GPArotation 2022.10.2), whose printed output is pasted in that script; R is
not needed here. docs/methodology.md 14.5 states what was compared and the result.

Tolerances:
- psych::omega's minres fit stops where optim's L-BFGS-B stops (default factr, about 2e-9
  relative on the objective), which leaves its loadings up to 2e-5 and omega up to 5.5e-7
  from the least-squares minimum. quickscan's iterated principal axes run to 1e-10; so
  psych::omega's omega.tot is met to 1e-6, and the minimum itself (psych's own iterated
  principal axes, fa(fm = "pa", min.err = 1e-12), printed to 8 or 10 decimals) to 1e-8.
  The engine's batched fit stops at 1e-7 on the communalities: 1e-7 on omega there.
- Alpha and Feldt's interval are closed forms (quickscan's F quantiles are its own, see
  f_quantiles.py): 1e-9, just above the 10 printed decimals.
"""

from __future__ import annotations

import numpy as np
import pytest
from scoring_factories import answer_set, area, item, make_questionnaire

from quickscan.scoring import score
from quickscan.scoring.stats import cronbach_alpha
from quickscan.scoring.uncertainty import feldt_interval, omega_total, one_factor

# a: 15 respondents x 4 items, complete.
A = [
    [3, 2, 4, 2], [2, 1, 1, 2], [4, 4, 3, 3], [2, 2, 1, 3], [3, 3, 4, 4],
    [3, 5, 4, 4], [1, 1, 1, 2], [4, 3, 5, 4], [3, 3, 2, 3], [5, 4, 5, 5],
    [4, 4, 2, 3], [2, 3, 3, 3], [4, 3, 4, 4], [3, 2, 3, 3], [2, 3, 2, 4],
]  # fmt: skip
# b: 20 respondents x 5 items, complete; the last item hardly loads (0.17).
B = [
    [3, 4, 2, 4, 4], [3, 4, 5, 3, 4], [3, 2, 2, 1, 3], [4, 4, 5, 5, 4], [2, 2, 3, 3, 3],
    [2, 2, 3, 1, 2], [4, 4, 4, 3, 3], [2, 3, 3, 3, 2], [1, 3, 2, 3, 4], [3, 3, 4, 4, 2],
    [5, 4, 4, 4, 4], [5, 5, 5, 3, 4], [3, 2, 2, 4, 3], [4, 5, 5, 4, 3], [3, 2, 5, 2, 3],
    [5, 4, 4, 5, 2], [4, 4, 5, 3, 3], [3, 2, 2, 4, 3], [3, 4, 3, 3, 1], [2, 2, 2, 4, 4],
]  # fmt: skip
# c: b with seven answers blank, (row, item) counted from 1 as in the R script.
BLANKS = [(1, 3), (4, 1), (7, 5), (10, 2), (13, 4), (16, 3), (19, 1)]


def matrix(name: str) -> np.ndarray:
    x = np.array(A if name == "a" else B, dtype=np.float64)
    if name == "c":
        for row, column in BLANKS:
            x[row - 1, column - 1] = np.nan
    return x


# Printed by psych_reference.R: omega(x, 1, fm = "minres")$omega.tot; the loadings and
# omega of fa(cor(x, use = "pairwise"), 1, fm = "pa", min.err = 1e-12); the off-diagonal
# residual sums of squares of the minres and the pa loadings.
PSYCH_OMEGA = {"a": 0.8788517897, "b": 0.7498618685, "c": 0.7780525230}
PSYCH_PA_OMEGA = {"a": 0.8788517910, "b": 0.7498619481, "c": 0.7780530702}
PSYCH_PA_LOADINGS = {
    "a": [0.83218822, 0.77148419, 0.79914452, 0.80786908],
    "b": [0.84067525, 0.85591201, 0.67994946, 0.39973199, 0.16587975],
    "c": [0.76676913, 0.92208186, 0.76133596, 0.45189034, 0.18694169],
}
PSYCH_MINRES_LOADINGS = {
    "a": [0.83218793, 0.77148419, 0.79914430, 0.80786958],
    "b": [0.84065670, 0.85592699, 0.67995345, 0.39973068, 0.16588043],
    "c": [0.76676987, 0.92207920, 0.76133526, 0.45188839, 0.18694123],
}
PSYCH_RESIDUAL_SS = {  # (minres, pa)
    "a": (0.017278911198, 0.017278911198),
    "b": (0.056533731444, 0.056533731078),
    "c": (0.046113412969, 0.046113412945),
}
# psych::alpha(x)$total$raw_alpha; $feldt uses n = nrow(x) = 15, 20, 20 respondents. For c,
# alpha.ci(raw_alpha, 16, 5): 16 is the fewest respondents on a pair, quickscan's n.
PSYCH_ALPHA = {"a": 0.8674907829, "b": 0.7243565481, "c": 0.7630298564}
PSYCH_FELDT_ROWS = {
    "a": (0.7090690631, 0.9502922127),
    "b": (0.4726597117, 0.8770548871),
    "c": (0.5466465719, 0.8943043237),
}
PSYCH_FELDT_FEWEST_PAIR = (0.5115314477, 0.9061216632)  # c only: n = 16
FEWEST_ON_A_PAIR = {"a": 15, "b": 20, "c": 16}
NAMES = ("a", "b", "c")


def pairwise_correlations(x: np.ndarray) -> np.ndarray:
    """R's cor(x, use = "pairwise"): Pearson on the respondents who answered both items."""
    k = x.shape[1]
    answered = ~np.isnan(x)
    r = np.eye(k)
    for i in range(k):
        for j in range(i + 1, k):
            both = answered[:, i] & answered[:, j]
            r[i, j] = r[j, i] = np.corrcoef(x[both, i], x[both, j])[0, 1]
    return r


@pytest.mark.parametrize("name", NAMES)
def test_omega_total_equals_psych_omega(name: str) -> None:
    value = omega_total(matrix(name))
    assert value == pytest.approx(PSYCH_OMEGA[name], abs=1e-6)
    assert value == pytest.approx(PSYCH_PA_OMEGA[name], abs=1e-8)


@pytest.mark.parametrize("name", NAMES)
def test_one_factor_is_the_least_squares_minimum_psych_approaches(name: str) -> None:
    r = pairwise_correlations(matrix(name))
    model = one_factor(r)
    assert model.converged
    assert model.loadings == pytest.approx(PSYCH_PA_LOADINGS[name], abs=1e-7)
    assert model.loadings == pytest.approx(PSYCH_MINRES_LOADINGS[name], abs=5e-5)
    # minres minimises the off-diagonal residuals: quickscan's fit is at least as close as
    # psych's minres stopping point, and as close as the tight pa fit.
    residual = r - np.outer(model.loadings, model.loadings)
    ss = float((residual[np.triu_indices_from(r, 1)] ** 2).sum())
    minres_ss, pa_ss = PSYCH_RESIDUAL_SS[name]
    assert ss <= minres_ss + 1e-12
    assert ss == pytest.approx(pa_ss, abs=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_alpha_and_feldt_interval_equal_psych(name: str) -> None:
    x = matrix(name)
    steps = np.where(np.isnan(x), -1, x - 1).T.astype(np.int16)
    alpha, k = cronbach_alpha(steps)
    assert alpha == pytest.approx(PSYCH_ALPHA[name], abs=1e-9)
    # With psych's n (every row) the interval is psych::alpha's $feldt ...
    low, high = feldt_interval(alpha, x.shape[0], k)
    assert (float(low), float(high)) == pytest.approx(PSYCH_FELDT_ROWS[name], abs=1e-9)
    # ... and with quickscan's n, the fewest respondents on a pair, alpha.ci with that n.
    if name == "c":
        low, high = feldt_interval(alpha, FEWEST_ON_A_PAIR[name], k)
        assert (float(low), float(high)) == pytest.approx(PSYCH_FELDT_FEWEST_PAIR, abs=1e-9)


@pytest.mark.parametrize("name", NAMES)
def test_engine_reports_psych_reliability_for_one_group(name: str) -> None:
    # One shown group, so the pooled within-group alpha is psych's raw_alpha; the area's
    # figures are the published ones (JSON, report).
    x = matrix(name)
    ids = [f"S{j + 1}" for j in range(x.shape[1])]
    questionnaire = make_questionnaire([area(1, "schaal", "Schaal", "Scale", list(map(item, ids)))])
    rows = [("inwoner", [None if np.isnan(v) else int(v) for v in row]) for row in x]
    result = score(answer_set(questionnaire, rows), questionnaire)
    scale = result.municipalities[0].area("schaal")
    assert scale.alpha == pytest.approx(PSYCH_ALPHA[name], abs=1e-9)
    assert scale.alpha_n == FEWEST_ON_A_PAIR[name]
    feldt = PSYCH_FELDT_FEWEST_PAIR if name == "c" else PSYCH_FELDT_ROWS[name]
    assert (scale.alpha_ci_low, scale.alpha_ci_high) == pytest.approx(feldt, abs=1e-9)
    # With blanks (c) this needs the pairwise sds of R's cor(use = "pairwise"); scaling by
    # each item's own sd gave 0.7873 here, 0.009 off.
    assert scale.omega == pytest.approx(PSYCH_PA_OMEGA[name], abs=1e-7)
    assert scale.omega == pytest.approx(PSYCH_OMEGA[name], abs=1e-6)


def test_no_omega_when_an_item_does_not_vary_on_a_pair() -> None:
    # S3 varies over everyone (4 for rows 1-12, 1..5 for rows 13-24), but the 12 who
    # answered S1 all gave S3 = 4: R's cor(use = "pairwise") has no r(S1, S3) (sd 0, NA),
    # so there is no one-factor model. Alpha is still defined (covariances only).
    first = [[1, 2, 4], [2, 2, 4], [3, 3, 4], [4, 4, 4], [5, 5, 4], [2, 1, 4]] * 2
    second = [[None, 1, 1], [None, 2, 2], [None, 3, 3], [None, 4, 4], [None, 5, 5]] * 2
    second += [[None, 2, 1], [None, 4, 5]]
    rows = [("inwoner", row) for row in first + second]
    questionnaire = make_questionnaire(
        [area(1, "schaal", "Schaal", "Scale", [item("S1"), item("S2"), item("S3")])]
    )
    x = np.array([[np.nan if v is None else v for v in row] for _, row in rows], dtype=float)
    assert omega_total(x) is None
    scale = score(answer_set(questionnaire, rows), questionnaire).municipalities[0].area("schaal")
    assert scale.alpha_n == 12 and scale.alpha is not None
    assert scale.omega is None
