"""Wilson, weighted intervals, Kish n, Feldt and omega against values computed by hand."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from quickscan.scoring.uncertainty import (
    INDICATIVE,
    RELIABLE,
    TOO_FEW,
    design_effect,
    feldt_interval,
    kish_n,
    omega_total,
    one_factor,
    quality,
    quality_label,
    weighted_cells,
    wilson,
)


def test_wilson_interval_of_8_out_of_20() -> None:
    # centre = (0.4 + 1.96^2/40) / (1 + 1.96^2/20) = 0.496040 / 1.192080 = 0.416113
    # half = 1.96 sqrt(0.24/20 + 1.96^2/1600) / 1.192080 = 0.197311
    low, high = wilson(0.4, 20, z=1.96)
    assert float(low) == pytest.approx(0.416113 - 0.197311, abs=1e-5)
    assert float(high) == pytest.approx(0.416113 + 0.197311, abs=1e-5)


def test_wilson_one_equals_the_array_version() -> None:
    from quickscan.scoring.uncertainty import wilson_one

    for share, n in [(0.4, 20), (0.0, 10), (1.0, 10), (0.123, 181.5)]:
        low, high = wilson(share, n)
        assert wilson_one(share, n) == pytest.approx((float(low), float(high)), abs=1e-15)


def test_wilson_stays_inside_0_1_and_is_nan_without_answers() -> None:
    low, high = wilson(np.array([0.0, 1.0, 0.5]), np.array([10, 10, 0]))
    assert low[0] == 0.0 and high[1] == 1.0
    # 0 of 10: upper bound z^2/(n + z^2) = 3.8415/13.8415
    assert high[0] == pytest.approx(1.959964**2 / (10 + 1.959964**2), abs=1e-7)
    assert np.isnan(low[2]) and np.isnan(high[2])


def test_weighted_mean_sd_and_interval_with_effective_n() -> None:
    # Two respondents with weight 2 answer 8; eight with weight 1 answer 4,4,4,4,6,6,6,6.
    # sum w = 12, mean = 72/12 = 6; sum w (x - 6)^2 = 2*2*4 + 4*4 = 32;
    # sd^2 = 32/12 * 10/9 = 2.962963; n_eff = 12^2 / (2*4 + 8) = 9; se = sd / 3;
    # t(0.975, 8) = 2.306004 (table) -> half = 2.306004 * 1.721326 / 3 = 1.323128.
    values = np.array([8, 8, 4, 4, 4, 4, 6, 6, 6, 6], dtype=float)
    weights = np.array([2, 2, 1, 1, 1, 1, 1, 1, 1, 1], dtype=float)
    cells = weighted_cells(np.zeros(10, dtype=np.int64), values, weights, 1)
    assert cells.n[0] == 10
    assert cells.n_eff[0] == pytest.approx(9.0)
    assert cells.mean[0] == pytest.approx(6.0)
    assert cells.sd[0] == pytest.approx(np.sqrt(32 / 12 * 10 / 9))
    assert cells.ci_low[0] == pytest.approx(6 - 1.323128, abs=1e-5)
    assert cells.ci_high[0] == pytest.approx(6 + 1.323128, abs=1e-5)


def test_unit_weights_give_the_unweighted_t_interval() -> None:
    values = np.array([2.0, 4.0, 9.0, np.nan, 5.0])
    cells = weighted_cells(np.zeros(5, dtype=np.int64), values, np.ones(5), 1)
    ok = values[~np.isnan(values)]
    assert cells.n_eff[0] == 4
    assert cells.sd[0] == pytest.approx(ok.std(ddof=1))
    # t(0.975, 3) = 3.182446 (table)
    assert cells.ci_high[0] - cells.mean[0] == pytest.approx(3.182446 * ok.std(ddof=1) / 2, 1e-6)


def test_fractional_t_quantile_against_scipy() -> None:
    from scipy import stats

    from quickscan.scoring.uncertainty import t_975_fractional

    df = np.array([1.0, 1.3, 1.7, 2.5, 4.2, 9.9, 23.4, 117.8, 999.5, 1500.25])
    assert t_975_fractional(df) == pytest.approx(stats.t.ppf(0.975, df), rel=1e-7)


def test_kish_effective_n_and_design_effect() -> None:
    weights = np.array([2, 2, 1, 1, 1, 1, 1, 1, 1, 1], dtype=float)
    assert kish_n(weights) == pytest.approx(144 / 16)
    assert design_effect(weights) == pytest.approx(10 / 9)
    assert design_effect(np.ones(7)) == pytest.approx(1.0)


def test_feldt_interval_against_f_tables() -> None:
    # alpha 0.8, n = 11, k = 3: F(10, 20). Tables: F_0.975(10, 20) = 2.7737 and
    # F_0.975(20, 10) = 3.4185, so F_0.025(10, 20) = 1 / 3.4185 = 0.29253.
    low, high = feldt_interval(0.8, 11, 3)
    assert float(low) == pytest.approx(1 - 0.2 * 2.7737, abs=2e-4)
    assert float(high) == pytest.approx(1 - 0.2 / 3.4185, abs=2e-4)
    low, high = feldt_interval(np.nan, 11, 3)
    assert np.isnan(low) and np.isnan(high)


def test_omega_of_three_items_equals_the_closed_form() -> None:
    # With three items a one-factor model fits exactly: lambda_1^2 = r12 r13 / r23 = 0.64,
    # lambda_2^2 = r12 r23 / r13 = 0.49, lambda_3^2 = r13 r23 / r12 = 0.36, so loadings
    # 0.8, 0.7, 0.6; omega = 2.1^2 / (3 + 2 (0.56 + 0.48 + 0.42)) = 4.41 / 5.92.
    r = np.array([[1, 0.56, 0.48], [0.56, 1, 0.42], [0.48, 0.42, 1]])
    model = one_factor(r)
    assert model.converged
    assert model.loadings == pytest.approx([0.8, 0.7, 0.6], abs=1e-6)
    assert model.omega_total == pytest.approx(4.41 / 5.92, abs=1e-8)


def test_omega_of_a_congeneric_population_matrix() -> None:
    # R = l l' + diag(1 - l^2) with l = (0.8, 0.7, 0.6, 0.5): omega = 2.6^2 / (2.6^2 + 2.26).
    loadings = np.array([0.8, 0.7, 0.6, 0.5])
    r = np.outer(loadings, loadings)
    np.fill_diagonal(r, 1.0)
    assert one_factor(r).omega_total == pytest.approx(6.76 / 9.02, abs=1e-8)


def test_omega_from_data_needs_three_items_with_variance() -> None:
    rng = np.random.default_rng(3)
    trait = rng.normal(size=400)
    data = np.column_stack([0.8 * trait + 0.6 * rng.normal(size=400) for _ in range(4)])
    value = omega_total(data)
    assert value is not None and 0.75 < value < 0.9
    assert omega_total(data[:, :2]) is None
    constant = np.column_stack([data[:, :2], np.ones(400)])
    assert omega_total(constant) is None  # the constant item is left out: two remain


def test_quality_label_rule() -> None:
    labels = quality(
        np.array([40, 40, 12, 12, 5, np.nan]), np.array([0.5, 0.6, 1.0, 1.1, 0.2, 0.1])
    )
    assert labels.tolist() == [RELIABLE, INDICATIVE, INDICATIVE, TOO_FEW, TOO_FEW, TOO_FEW]
    assert quality_label(50, 0.08, "share") == RELIABLE
    assert quality_label(None, None) == TOO_FEW


def test_batched_omega_agrees_with_the_single_fit() -> None:
    from quickscan.scoring.quality import _omega_stack

    rng = np.random.default_rng(2)
    stack, keeps, singles = [], [], []
    for _ in range(60):
        k = int(rng.integers(3, 9))
        loadings = rng.uniform(0.4, 0.9, size=k)
        data = rng.normal(size=(300, 1)) * loadings + rng.normal(size=(300, k)) * np.sqrt(
            1 - loadings**2
        )
        r = np.corrcoef(data.T)
        padded = np.zeros((8, 8))
        padded[:k, :k] = r
        keep = np.zeros(8, dtype=bool)
        keep[:k] = True
        stack.append(padded)
        keeps.append(keep)
        singles.append(one_factor(r))
    omegas = _omega_stack(np.array(stack), np.array(keeps))
    for omega, single in zip(omegas, singles, strict=True):
        if single.converged:
            assert omega == pytest.approx(single.omega_total, abs=1e-5)


def test_combined_quality_of_a_mean_of_group_means() -> None:
    from quickscan.scoring.quality import combined_quality

    # Two groups with half-widths 0.6 and 0.8: the mean's half-width is
    # sqrt(0.36 + 0.64) / 2 = 0.5, with 40 effective respondents: betrouwbaar (rank 0).
    # With 1.2 and 1.6 it is 1.0: indicatief (rank 1). No interval of its own (NaN).
    half = np.array([[[0.6], [0.8]], [[1.2], [1.6]]])
    used = np.ones((2, 2, 1), dtype=bool)
    nan = np.full((2, 1), np.nan)
    ranks = combined_quality(np.full((2, 1), 40.0), nan, nan, half, used)
    assert ranks[:, 0].tolist() == [0, 1]
    none = combined_quality(np.full((2, 1), 40.0), nan, nan, half, np.zeros((2, 2, 1), bool))
    assert none[:, 0].tolist() == [-1, -1]


def test_the_combined_score_carries_its_own_effective_n_and_label(tmp_path: Path) -> None:
    """12 council members all answering 4 (score 7,5) and 20 civil servants all answering 2
    (2,5), on the answer-file fixture questionnaire. Each group has half-width 0 but n < 30:
    indicatief. The combined score (equal_groups) is (7,5 + 2,5) / 2 = 5,0 with half-width
    sqrt(0^2 + 0^2) / 2 = 0 and effective n 12 + 20 = 32 >= 30: betrouwbaar. The overall
    score takes its least certain area's label: betrouwbaar for 'all', indicatief per group.
    """
    from answers_factory import fixture_questionnaire, respondent, write_csv

    from quickscan.api import score_files

    rows = [respondent(f"r{k}", GR01="4", GR02="4", GR03="4", IN01="4") for k in range(12)] + [
        respondent(f"a{k}", group="ambtenaar", GR01="", GR02="2", GR03="2", IN01="2")
        for k in range(20)
    ]
    answers = write_csv(tmp_path / "answers.csv", rows)
    (municipality,) = score_files([answers], fixture_questionnaire()).municipalities
    for area in municipality.areas:
        by_group = {g.group: g for g in area.groups}
        assert (by_group["raad"].quality, by_group["ambtenaar"].quality) == (INDICATIVE,) * 2
        combined = area.combined
        assert combined.score == pytest.approx(5.0)
        assert (combined.n_eff, combined.quality, combined.population) == (32, RELIABLE, None)
    assert municipality.overall_for("all").quality == RELIABLE
    assert municipality.overall_for("raad").quality == INDICATIVE


def test_batched_within_group_omega_agrees_with_the_loop_version() -> None:
    # Three groups at different levels, 15% blanks, and one item (the last) asked of
    # groups 0 and 1 only; group 2 is not shown in municipality 1. The engine's batched
    # omega (quality.within_group_omega on stats.within_group_sums) against
    # uncertainty.omega_total's loops over pairs and groups on the shown rows.
    from quickscan.scoring.quality import within_group_omega
    from quickscan.scoring.stats import within_group_sums

    rng = np.random.default_rng(11)
    n_rows, k = 240, 5
    municipality = np.sort(rng.integers(0, 2, n_rows))
    group = rng.integers(0, 3, n_rows)
    trait = rng.normal(size=(n_rows, 1)) + group[:, None]  # groups differ in level
    x = np.clip(np.rint(2 + 0.8 * trait + 0.7 * rng.normal(size=(n_rows, k))), 0, 4)
    x[rng.random(x.shape) < 0.15] = np.nan
    x[group == 2, k - 1] = np.nan
    steps = np.where(np.isnan(x), -1, x).T.astype(np.int16)
    starts = np.searchsorted(municipality, np.arange(3))
    used = np.ones((2, 3, 1), dtype=bool)
    used[1, 2, 0] = False
    omega = within_group_omega(within_group_sums(steps, starts, group, used, [slice(0, k)], 4))
    for m in range(2):
        rows = (municipality == m) & used[m, group, 0]
        want = omega_total(x[rows], groups=group[rows])
        assert want is not None
        assert omega[m, 0] == pytest.approx(want, abs=1e-6)
    # The groups' levels would otherwise count as items hanging together.
    rows = municipality == 0
    plain = omega_total(x[rows])
    assert plain is not None and plain > omega[0, 0] + 0.02


def _weighted_dont_know_case(**settings: object) -> tuple[object, object]:
    """Four inwoners answer R1 with weights 1, 1, 2 and 4; the weight-4 one says don't know.
    Three raadsleden (weight 1) answer R1 validly. Scored with and without those weights."""
    from scoring_factories import DK, answer_set, make_questionnaire

    from quickscan.scoring import score
    from quickscan.scoring.weights import Weighting

    q = make_questionnaire()
    rows = [("inwoner", {"R1": code, "R2": 3}) for code in (2, 3, 4, DK)]
    rows += [("raad", {"R1": 4, "R2": 4})] * 3
    answers = answer_set(q, rows)
    weights = Weighting(
        method="column:weging",
        cap=None,
        population_file=None,
        row_weights=np.array([1.0, 1.0, 2.0, 4.0, 1.0, 1.0, 1.0]),
        municipalities=[],
    )
    plain = score(answers, q, **settings).municipalities[0]  # type: ignore[arg-type]
    weighted = score(answers, q, weights=weights, **settings).municipalities[0]  # type: ignore[arg-type]
    return plain, weighted


def _r1(municipality: object, group: str) -> object:
    return next(s for s in municipality.items if s.item == "R1" and s.group == group)  # type: ignore[attr-defined]


def test_a_weighted_dont_know_share_takes_its_interval_from_the_effective_n() -> None:
    plain, weighted = _weighted_dont_know_case(min_group_size=3)
    # Weighted: share = 4 / (1 + 1 + 2 + 4) = 0,5; n_eff = 8^2 / (1 + 1 + 4 + 16) = 64/22
    # = 2,909091. Wilson, z = 1,959964: z^2/n = 3,841459 x 22/64 = 1,320502, denominator
    # 2,320502, centre (0,5 + 0,660251) / 2,320502 = 0,5; p(1-p)/n = 0,25 x 22/64 =
    # 0,085938, z^2/4n^2 = 3,841459 x 484/16384 = 0,113480, half = 1,959964 x
    # sqrt(0,199418) / 2,320502 = 1,959964 x 0,446562 / 2,320502 = 0,377179
    # -> 0,122821 to 0,877179 (with the 4 answers as n it would be 0,150 to 0,850).
    cell = _r1(weighted, "inwoner")
    assert cell.n == 3 and cell.dont_know == 1  # counts stay respondents
    assert cell.dont_know_share == pytest.approx(0.5)
    assert cell.dont_know_ci_low == pytest.approx(0.122821, abs=1e-6)
    assert cell.dont_know_ci_high == pytest.approx(0.877179, abs=1e-6)
    # Unweighted, unchanged: 1 of 4, n = 4: z^2/n = 0,960365, denominator 1,960365,
    # centre (0,25 + 0,480182) / 1,960365 = 0,372473; half = 1,959964 x sqrt(0,046875 +
    # 0,060023) / 1,960365 = 0,326886 -> 0,045587 to 0,699359.
    cell = _r1(plain, "inwoner")
    assert cell.dont_know_share == pytest.approx(0.25)
    assert cell.dont_know_ci_low == pytest.approx(0.045587, abs=1e-6)
    assert cell.dont_know_ci_high == pytest.approx(0.699359, abs=1e-6)
    # equal_groups: the 'all' share stays the unweighted pooled one, 1 of 7, with n = 7:
    # denominator 1 + 3,841459/7 = 1,548780, centre (0,142857 + 0,274390) / 1,548780 =
    # 0,269404, half = 1,959964 x sqrt(0,017493 + 0,019599) / 1,548780 = 0,243724.
    for municipality in (plain, weighted):
        combined = _r1(municipality, "all")
        assert combined.dont_know_share == pytest.approx(1 / 7)
        assert combined.dont_know_ci_low == pytest.approx(0.269404 - 0.243724, abs=1e-6)
        assert combined.dont_know_ci_high == pytest.approx(0.269404 + 0.243724, abs=1e-6)


def test_a_pooled_weighted_dont_know_share_over_all_groups_uses_their_effective_n() -> None:
    _, weighted = _weighted_dont_know_case(min_group_size=3, weighting="pooled")
    # Pooled over inwoners and raad: share = 4 / (8 + 3) = 4/11 = 0,363636, n_eff = 11^2 /
    # (22 + 3) = 4,84. z^2/n = 0,793690, denominator 1,793690, centre (0,363636 +
    # 0,396845) / 1,793690 = 0,423976, p(1-p)/n = 0,047811, z^2/4n^2 = 0,040996,
    # half = 1,959964 x sqrt(0,088807) / 1,793690 = 0,325631 -> 0,098345 to 0,749606.
    combined = _r1(weighted, "all")
    assert combined.dont_know_share == pytest.approx(4 / 11)
    assert combined.dont_know_ci_low == pytest.approx(0.098345, abs=1e-6)
    assert combined.dont_know_ci_high == pytest.approx(0.749606, abs=1e-6)


def test_a_small_weighted_cell_keeps_its_weighted_dont_know_share_and_interval() -> None:
    plain, weighted = _weighted_dont_know_case(min_group_size=4)
    # 3 valid answers < 4: no score, but 4 answers in all, so the don't-know share is
    # shown (section 4). Weighted it is the share and interval of the test above.
    cell = _r1(weighted, "inwoner")
    assert cell.suppressed and cell.score is None and cell.dont_know == 1
    assert cell.dont_know_share == pytest.approx(0.5)
    assert cell.dont_know_ci_low == pytest.approx(0.122821, abs=1e-6)
    assert cell.dont_know_ci_high == pytest.approx(0.877179, abs=1e-6)
    cell = _r1(plain, "inwoner")
    assert cell.suppressed and cell.dont_know_share == pytest.approx(0.25)
    assert cell.dont_know_ci_low == pytest.approx(0.045587, abs=1e-6)
