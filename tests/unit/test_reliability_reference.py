"""Omega total and Feldt's interval against R's psych on small answer matrices.

Three of one group (a, b, c) and two of two groups (d, e), where omega and alpha are
computed on the pooled within-group correlations and covariances. The matrices and the
reference numbers come from tests/reference/psych_reference.R (R 4.2.2,
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

from quickscan.results import AreaResult
from quickscan.scoring import score
from quickscan.scoring.stats import cronbach_alpha, within_group_sums
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


# d: 14 inwoners, then 12 raadsleden, x 5 items, complete; the raadsleden answer about one
# step higher on every item. e: d with eight answers blank, (row, item) counted from 1.
D_INWONERS = [
    [2, 2, 2, 2, 3], [3, 2, 3, 2, 3], [4, 3, 2, 2, 2], [3, 2, 2, 2, 3], [2, 2, 2, 2, 3],
    [4, 2, 4, 4, 3], [4, 3, 4, 5, 5], [4, 3, 2, 3, 4], [1, 2, 2, 3, 1], [1, 1, 1, 3, 1],
    [2, 2, 3, 3, 3], [1, 3, 3, 3, 2], [2, 1, 1, 2, 1], [4, 2, 2, 2, 1],
]  # fmt: skip
D_RAAD = [
    [3, 2, 2, 2, 4], [5, 4, 3, 5, 3], [4, 5, 3, 4, 4], [5, 5, 5, 5, 4], [4, 4, 4, 4, 4],
    [5, 5, 4, 5, 4], [3, 4, 3, 3, 3], [5, 5, 5, 5, 5], [4, 4, 2, 5, 4], [3, 3, 4, 4, 3],
    [3, 4, 3, 5, 4], [5, 4, 4, 4, 3],
]  # fmt: skip
E_BLANKS = [(2, 1), (5, 3), (9, 5), (12, 2), (16, 4), (20, 1), (23, 3), (25, 5)]
GROUP_OF_ROW = ["inwoner"] * len(D_INWONERS) + ["raad"] * len(D_RAAD)

# Printed by psych_reference.R's report_within: the pooled within-group r (upper triangle
# by row), omega(r, 1, fm = "minres")$omega.tot, fa(r, 1, fm = "pa", min.err = 1e-12)'s
# loadings and omega, omega(x, 1) on all rows together, and alpha(C)$total$raw_alpha of
# the pooled within-group covariance C.
WITHIN_R = {
    "d": [0.5240149249, 0.4514614341, 0.3415001880, 0.4158957089, 0.5428002717,
          0.5304341208, 0.4425739454, 0.5508806706, 0.4788998505, 0.3908062686],
    "e": [0.6356549377, 0.4582671069, 0.3109660297, 0.3649542829, 0.5540770940,
          0.5431936999, 0.5069004563, 0.7010022292, 0.5593996041, 0.4790817676],
}  # fmt: skip
WITHIN_OMEGA = {"d": 0.8160270157, "e": 0.8424546530}
WITHIN_PA_OMEGA = {"d": 0.8160270196, "e": 0.8424546536}
WITHIN_PA_LOADINGS = {
    "d": [0.61943276, 0.76579129, 0.75799676, 0.66360790, 0.61402708],
    "e": [0.59704857, 0.78649444, 0.82148130, 0.72280785, 0.65477835],
}
ALL_ROWS_OMEGA = {"d": 0.9056389699, "e": 0.9115100785}
WITHIN_ALPHA = {"d": 0.8069535152, "e": 0.8403921556}
WITHIN_FEWEST = {"d": 26, "e": 22}


def two_groups(name: str) -> np.ndarray:
    x = np.array(D_INWONERS + D_RAAD, dtype=np.float64)
    if name == "e":
        for row, column in E_BLANKS:
            x[row - 1, column - 1] = np.nan
    return x


def engine_area(x: np.ndarray, groups: list[str]) -> AreaResult:
    """The published reliability of one area of items S1.. with these groups' answers."""
    ids = [f"S{j + 1}" for j in range(x.shape[1])]
    questionnaire = make_questionnaire([area(1, "schaal", "Schaal", "Scale", list(map(item, ids)))])
    rows = [
        (g, [None if np.isnan(v) else int(v) for v in row])
        for g, row in zip(groups, x, strict=True)
    ]
    return score(answer_set(questionnaire, rows), questionnaire).municipalities[0].area("schaal")


@pytest.mark.parametrize("name", ["d", "e"])
def test_within_group_correlations_equal_r(name: str) -> None:
    # The engine's sums (stats.within_group_sums) turned into correlations as
    # quality.within_group_omega does, against R's loops over groups and pairs.
    x = two_groups(name)
    steps = np.where(np.isnan(x), -1, x - 1).T.astype(np.int16)
    group = np.array([0 if g == "inwoner" else 1 for g in GROUP_OF_ROW])
    used = np.ones((1, 2, 1), dtype=bool)
    sums = within_group_sums(steps, np.array([0, len(x)]), group, used, [slice(0, 5)], 4)
    cross, spread = sums.cross[0, 0], sums.squares[0, 0]
    r = cross / np.sqrt(spread * spread.T)
    upper = r[np.triu_indices(5, 1)]
    assert upper == pytest.approx(WITHIN_R[name], abs=1e-10)
    assert sums.n[0, 0].min() == WITHIN_FEWEST[name]


@pytest.mark.parametrize("name", ["d", "e"])
def test_engine_omega_is_psych_omega_of_the_within_group_correlations(name: str) -> None:
    x = two_groups(name)
    scale = engine_area(x, GROUP_OF_ROW)
    # Alpha and omega describe the same pooled within-group matrix.
    assert scale.alpha == pytest.approx(WITHIN_ALPHA[name], abs=1e-9)
    assert scale.alpha_n == WITHIN_FEWEST[name]
    assert scale.omega == pytest.approx(WITHIN_PA_OMEGA[name], abs=1e-7)
    assert scale.omega == pytest.approx(WITHIN_OMEGA[name], abs=1e-6)
    # The plain loop version gives the same, and the least-squares minimum psych's
    # iterated principal axes reach.
    assert omega_total(x, groups=np.array(GROUP_OF_ROW)) == pytest.approx(
        WITHIN_PA_OMEGA[name], abs=1e-8
    )
    r = np.eye(5)
    r[np.triu_indices(5, 1)] = WITHIN_R[name]
    r = np.triu(r, 1) + np.triu(r, 1).T + np.eye(5)
    assert one_factor(r).loadings == pytest.approx(WITHIN_PA_LOADINGS[name], abs=1e-7)
    # On all rows together, the raadsleden's higher level counts as items hanging
    # together: psych gives 0.906 for d, which is what quickscan gave before 0.816.
    assert omega_total(x) == pytest.approx(ALL_ROWS_OMEGA[name], abs=1e-6)
    assert scale.omega < ALL_ROWS_OMEGA[name] - 0.06


def test_omega_within_groups_by_hand() -> None:
    # Three items, 12 inwoners with deviations in {-1, 0, 1} around 2, and 12 raadsleden
    # answering exactly the same deviations around 4 (two steps higher on every item).
    # Within each group every item has 5 x +1, 5 x -1 and 2 x 0: mean 0, sum of squares 10;
    # the cross-products are 8 (S1, S2), 6 (S1, S3) and 6 (S2, S3). Pooled over the groups:
    # cross 16, 12, 12 over squares 20, so r = 0.8, 0.6, 0.6. Three items fit one factor
    # exactly: lambda_1^2 = r12 r13 / r23 = 0.8, lambda_2^2 = r12 r23 / r13 = 0.8,
    # lambda_3^2 = r13 r23 / r12 = 0.45; sum(psi) = 3 - 2.05 = 0.95, 1'R1 = 3 + 2 x 2 = 7,
    # omega = 1 - 0.95 / 7 = 6.05 / 7 = 0.864286. Alpha on the same basis: covariances
    # 20/22 on the diagonal, 16/22, 12/22, 12/22 off it, sum(C) = 140/22, trace 60/22:
    # alpha = 3/2 x (1 - 60/140) = 6/7 = 0.857143.
    # All 24 together the two-step shift adds 12 x 12 / 24 x 2^2 = 24 to every sum of
    # squares and cross-product: r = 40/44, 36/44, 36/44 = 10/11, 9/11, 9/11, lambda^2 =
    # 10/11, 10/11, 81/110, sum(psi) = 49/110, 1'R1 = 89/11: omega = 1 - 49/890 = 0.944944,
    # the figure quickscan gave before omega was computed within groups.
    deviations = [
        [0, -1, -1], [1, 1, 0], [-1, 0, -1], [1, 1, 1], [-1, 0, -1], [-1, -1, -1],
        [1, 1, 1], [-1, -1, 0], [1, 1, 1], [0, -1, -1], [1, 1, 1], [-1, -1, 1],
    ]  # fmt: skip
    inwoners = [[2 + d for d in row] for row in deviations]
    raad = [[4 + d for d in row] for row in deviations]
    # Three collegeleden, below min_group_size 5: suppressed, so in no reliability figure.
    college = [[5, 1, 5], [1, 5, 1], [5, 5, 1]]
    x = np.array(inwoners + raad + college, dtype=np.float64)
    groups = ["inwoner"] * 12 + ["raad"] * 12 + ["college"] * 3
    scale = engine_area(x, groups)
    assert scale.omega == pytest.approx(6.05 / 7, abs=1e-7)
    assert scale.alpha == pytest.approx(6 / 7, abs=1e-10)  # shown to 10 decimals
    assert scale.alpha_n == 24
    assert omega_total(x[:24], groups=np.array(groups[:24])) == pytest.approx(6.05 / 7, abs=1e-9)
    assert omega_total(x[:24]) == pytest.approx(1 - 49 / 890, abs=1e-9)
