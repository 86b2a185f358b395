"""Scoring against numbers worked out by hand (docs/methodology.md shows the same example).

Item scores on a 5-point scale: 10 x (code - 1) / 4, so codes 1..5 score 0, 2.5, 5, 7.5, 10;
a reverse-keyed item scores 10 minus that. 9 is don't know.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scoring_factories import (
    DK,
    answer_set,
    area,
    item,
    make_questionnaire,
    worked_example_rows,
)

from quickscan.errors import UsageError
from quickscan.results import display, round_half_away
from quickscan.scoring import score
from quickscan.scoring.layout import build_layout, min_valid
from quickscan.scoring.stats import clean, cronbach_alpha

T_975_4 = 2.7764451051977934  # scipy.stats.t.ppf(0.975, 4)
T_975_5 = 2.5705818356363146  # scipy.stats.t.ppf(0.975, 5)
T_975_10 = 2.228138851986274  # scipy.stats.t.ppf(0.975, 10)


def group_score(result, area_id, group, m=0):
    area_result = result.municipalities[m].area(area_id)
    if group == "all":
        return area_result.combined
    return next(g for g in area_result.groups if g.group == group)


def item_stat(result, item_id, group, m=0):
    municipality = result.municipalities[m]
    return next(
        s
        for s in [*municipality.items, *municipality.maatwerk]
        if s.item == item_id and s.group == group
    )


@pytest.fixture(scope="module")
def example():
    questionnaire = make_questionnaire()
    return score(answer_set(questionnaire, worked_example_rows()), questionnaire)


# --- the worked example ------------------------------------------------------------------


def test_worked_example_raad(example) -> None:
    raad = group_score(example, "krachtige-raad", "raad")
    # Respondent scores 8.3333, 9.1667, 6.25, (too few answers), 3.3333, 6.6667.
    # In twelfths: 100, 110, 75, 40, 80 -> sum 405 -> mean 405 / 5 / 12 = 6.75.
    assert raad.n == 5
    assert raad.score == 6.75
    # Deviations in twelfths: 19, 29, -6, -41, -1 -> squares sum 2920;
    # var = 2920 / 144 / 4 = 5.069444; sd = 2.251543.
    assert raad.sd == pytest.approx(math.sqrt(2920 / 144 / 4), abs=1e-9)
    half = T_975_4 * raad.sd / math.sqrt(5)  # 2.795659
    assert raad.ci_low == pytest.approx(6.75 - half, abs=1e-9)
    assert raad.ci_high == pytest.approx(6.75 + half, abs=1e-9)
    assert raad.band == "voldoende"  # 5.5 <= 6.75 < 7
    assert display(raad.score) == "6.8"


def test_worked_example_inwoner_ignores_items_not_asked(example) -> None:
    inwoner = group_score(example, "krachtige-raad", "inwoner")
    # R3 is not asked of inwoners: their first R3 answer (5) is ignored. Scores:
    # 2.5, 5, 0, 7.5 (one valid answer is enough: ceil(0.5 x 2) = 1), 7.5, 5 -> 27.5 / 6.
    assert inwoner.n == 6
    assert inwoner.score == pytest.approx(27.5 / 6, abs=1e-9)
    values = np.array([2.5, 5, 0, 7.5, 7.5, 5])
    assert inwoner.sd == pytest.approx(values.std(ddof=1), abs=1e-9)
    assert inwoner.band == "aandachtspunt"


def test_worked_example_suppression(example) -> None:
    college = group_score(example, "krachtige-raad", "college")  # 2 respondents < 5
    assert college.suppressed and college.reason == "small_group"
    assert (college.n, college.score, college.sd, college.ci_low, college.band) == (
        None,
        None,
        None,
        None,
        None,
    )
    ambtenaar = group_score(example, "krachtige-raad", "ambtenaar")  # 5 respondents, n = 4
    assert ambtenaar.suppressed and ambtenaar.reason == "small_cell"
    assert ambtenaar.n is None and ambtenaar.score is None
    response = {r.group: r for r in example.municipalities[0].response}
    assert response["college"].respondents == 2 and response["college"].suppressed
    assert response["college"].dont_know_share is None
    assert response["ambtenaar"].respondents == 5 and not response["ambtenaar"].suppressed
    # raad answered 15 valid, 2 don't know, 1 blank: 2 / 17.
    assert response["raad"].dont_know_share == pytest.approx(2 / 17, abs=1e-9)


def test_worked_example_combined_equal_groups(example) -> None:
    combined = group_score(example, "krachtige-raad", "all")
    # Only raad and inwoner are shown: (6.75 + 4.583333) / 2 = 5.666667.
    assert combined.score == pytest.approx((6.75 + 27.5 / 6) / 2, abs=1e-9)
    assert combined.n == 11  # 5 + 6
    assert combined.sd is None
    # The interval of a mean of group means (scoring/intervals.py): raad var 2920/576/5,
    # inwoner var 8.541667/6; (1.013889 + 1.423611) / 2^2 = 0.609375; Welch df 8.97,
    # rounded down to 8: t = 2.306004.
    v_raad, v_inwoner = 2920 / 576 / 5, (2.9226129861**2) / 6
    assert (v_raad + v_inwoner) / 4 == pytest.approx(0.609375, abs=1e-9)
    half = 2.306004135204166 * math.sqrt(0.609375)
    assert combined.ci_low == pytest.approx(combined.score - half, abs=1e-6)
    assert combined.ci_high == pytest.approx(combined.score + half, abs=1e-6)
    assert combined.band == "voldoende"
    assert display(combined.score) == "5.7"


def test_worked_example_combined_pooled() -> None:
    questionnaire = make_questionnaire()
    result = score(
        answer_set(questionnaire, worked_example_rows()), questionnaire, weighting="pooled"
    )
    combined = group_score(result, "krachtige-raad", "all")
    # All 11 shown respondent scores, in twelfths: 100, 110, 75, 40, 80, 30, 60, 0, 90, 90,
    # 60 -> sum 735 -> mean 735 / 11 / 12 = 5.568182. Sum of squares 60025;
    # SS = 60025 - 735^2 / 11 = 10913.64; var = SS / 10 / 144 = 7.578914; sd = 2.752983.
    assert combined.n == 11
    assert combined.score == pytest.approx(735 / 11 / 12, abs=1e-9)
    sd = math.sqrt((60025 - 735**2 / 11) / 10 / 144)
    assert combined.sd == pytest.approx(sd, abs=1e-9)
    half = T_975_10 * sd / math.sqrt(11)
    assert combined.ci_low == pytest.approx(735 / 11 / 12 - half, abs=1e-9)
    assert result.settings.weighting == "pooled"
    # Group scores do not depend on the weighting.
    assert group_score(result, "krachtige-raad", "raad").score == 6.75


def test_worked_example_alpha_needs_respondents(example) -> None:
    # Alpha uses the shown cells only (raad and inwoner; the college and the ambtenaren are
    # suppressed). R2 and R3 were answered together by raad 1, 2, 5 and 6 only: 4 < 10.
    area_result = example.municipalities[0].area("krachtige-raad")
    assert area_result.alpha is None
    assert area_result.alpha_reason == "too_few_respondents"
    assert (area_result.alpha_items, area_result.alpha_n) == (3, 4)


def test_worked_example_gap_and_items(example) -> None:
    gaps = example.municipalities[0].area("krachtige-raad").gaps
    assert [(g.group_a, g.group_b) for g in gaps] == [("raad", "inwoner")]
    assert gaps[0].difference == pytest.approx(6.75 - 27.5 / 6, abs=1e-9)  # 2.1667
    r1 = item_stat(example, "R1", "raad")
    # raad R1 codes 4, 5, 3, 9, 2, 4: valid 7.5, 10, 5, 2.5, 7.5 -> 32.5 / 5 = 6.5; 1 dk.
    assert (r1.n, r1.score, r1.dont_know) == (5, 6.5, 1)
    assert r1.dont_know_share == pytest.approx(1 / 6, abs=1e-9)
    assert r1.distribution == {"1": 0, "2": 1, "3": 1, "4": 2, "5": 1}
    assert r1.sd == pytest.approx(np.std([7.5, 10, 5, 2.5, 7.5], ddof=1), abs=1e-9)
    # raad R2: only 4 valid answers (one dk, one blank) -> this item cell is suppressed.
    r2 = item_stat(example, "R2", "raad")
    assert r2.suppressed and r2.n is None and r2.distribution == {} and r2.score is None
    # 4 valid + 1 don't know reach the minimum of 5: the don't-know share 1 / 5 is shown.
    assert (r2.dont_know, r2.dont_know_share) == (1, 0.2)
    # 'all' for R1: raad and inwoner (each shown). inwoner R1: 2.5, 5, 0, 7.5, 2.5 -> 3.5.
    # equal_groups: (6.5 + 3.5) / 2 = 5.0; counts are summed.
    r1_all = item_stat(example, "R1", "all")
    assert (r1_all.score, r1_all.n, r1_all.dont_know) == (5.0, 10, 2)
    assert r1_all.distribution == {"1": 1, "2": 3, "3": 2, "4": 3, "5": 1}
    assert r1_all.sd is None
    # R3 is not asked of inwoners.
    r3 = item_stat(example, "R3", "inwoner")
    assert r3.reason == "not_applicable" and r3.n == 0 and not r3.suppressed


# --- single rules ------------------------------------------------------------------------


def test_reverse_key_and_other_scale() -> None:
    questionnaire = make_questionnaire()
    rows = [("raad", {"R1": 4, "R2": 2, "R3": 5, "W1": 5, "W2": 1, "W3": 2})] * 5
    result = score(answer_set(questionnaire, rows), questionnaire)
    # R1 4 -> 7.5; R2 (reverse) 2 -> 10 - 2.5 = 7.5; R3 5 -> 10: (7.5 + 7.5 + 10) / 3.
    assert group_score(result, "krachtige-raad", "raad").score == pytest.approx(25 / 3)
    # W1 5 -> 10; W2 1 -> 0; W3 on freq4 (1..4, reverse) 2 -> 10 - 10 x 1 / 3 = 6.6667.
    assert group_score(result, "weerbaar-bestuur", "raad").score == pytest.approx(
        (10 + 0 + 20 / 3) / 3
    )
    assert item_stat(result, "W3", "raad").score == pytest.approx(20 / 3)
    assert item_stat(result, "W3", "raad").distribution == {"1": 0, "2": 5, "3": 0, "4": 0}
    # The overall group score is the mean of the area scores.
    overall = result.municipalities[0].overall_for("raad")
    assert overall.score == pytest.approx((25 / 3 + 50 / 9) / 2)


def test_dont_know_and_blank_are_missing() -> None:
    questionnaire = make_questionnaire()
    rows = [("raad", {"R1": 5, "R2": DK, "R3": None})] * 4 + [("raad", {"R1": 1, "R2": 1})]
    result = score(answer_set(questionnaire, rows), questionnaire, min_group_size=1)
    # Four respondents have only R1 = 10: 1 valid < ceil(0.5 x 3) = 2 -> no area score.
    # The fifth: R1 1 -> 0, R2 (reverse) 1 -> 10: score 5.
    raad = group_score(result, "krachtige-raad", "raad")
    assert (raad.n, raad.score) == (1, 5.0)
    assert raad.sd is None and raad.ci_low is None  # n < 2
    r2 = item_stat(result, "R2", "raad")
    assert (r2.n, r2.dont_know, r2.dont_know_share) == (1, 4, 0.8)  # 4 / (1 + 4)


@pytest.mark.parametrize(
    ("answers", "scored"),
    [
        ({"R1": 3, "R2": 3}, True),  # 2 of 3 valid: exactly ceil(0.5 x 3) = 2
        ({"R1": 3, "R2": DK, "R3": None}, False),  # 1 of 3
    ],
)
def test_min_valid_at_the_boundary(answers, scored) -> None:
    questionnaire = make_questionnaire()
    result = score(answer_set(questionnaire, [("raad", answers)] * 5), questionnaire)
    raad = group_score(result, "krachtige-raad", "raad")
    if scored:
        assert (raad.n, raad.score) == (5, 5.0)
    else:
        assert (raad.n, raad.score, raad.reason, raad.suppressed) == (0, None, "no_data", False)


def test_min_valid_share_setting() -> None:
    questionnaire = make_questionnaire(min_valid_share=1.0)
    rows = [("raad", {"R1": 3, "R2": 3})] * 5  # 2 of 3, but all 3 are needed now
    result = score(answer_set(questionnaire, rows), questionnaire)
    assert group_score(result, "krachtige-raad", "raad").score is None
    assert result.settings.min_valid_share == 1.0


def test_min_valid_is_not_fooled_by_binary_fractions() -> None:
    assert 0.14 * 50 > 7  # 7.000000000000001 in binary
    assert min_valid(0.14, 50) == 7
    assert min_valid(0.56, 25) == 14
    assert min_valid(0.5, 3) == 2
    assert min_valid(0.5, 2) == 1
    assert min_valid(0.1, 1) == 1  # at least one answer
    assert min_valid(0.5, 0) == 0


def test_small_group_suppressed_everywhere_and_left_out() -> None:
    questionnaire = make_questionnaire()
    raad = [("raad", {"R1": 5, "R2": 1, "R3": 5, "W1": 5, "W2": 5, "W3": 1})] * 5  # all 10
    college = [("college", {"R1": 1, "R2": 5, "R3": 1, "W1": 1, "W2": 1, "W3": 4})] * 4
    result = score(answer_set(questionnaire, raad + college), questionnaire)
    municipality = result.municipalities[0]
    for area_result in municipality.areas:
        college_score = next(g for g in area_result.groups if g.group == "college")
        assert college_score.suppressed and college_score.n is None
        assert area_result.combined.score == 10.0 and area_result.combined.n == 5
    assert municipality.overall_for("college").suppressed
    assert municipality.overall_for("all").score == 10.0
    assert all(s.suppressed for s in municipality.items if s.group == "college")
    assert all(s.distribution == {} for s in municipality.items if s.group == "college")
    assert municipality.respondents == 9

    # With min_group_size 4 the college is shown, and the combined score changes.
    shown = score(answer_set(questionnaire, raad + college), questionnaire, min_group_size=4)
    assert group_score(shown, "krachtige-raad", "college").score == 0.0
    assert group_score(shown, "krachtige-raad", "all").score == 5.0
    assert shown.settings.min_group_size == 4


def test_group_of_exactly_min_size_is_shown() -> None:
    questionnaire = make_questionnaire()
    rows = [("inwoner", {"R1": 4, "R2": 2})] * 5
    result = score(answer_set(questionnaire, rows), questionnaire)
    assert group_score(result, "krachtige-raad", "inwoner").score == 7.5
    assert not result.municipalities[0].response[3].suppressed


def test_everything_suppressed_gives_no_combined_score() -> None:
    questionnaire = make_questionnaire()
    rows = [("raad", {"R1": 4, "R2": 2, "R3": 4})] * 3
    result = score(answer_set(questionnaire, rows), questionnaire)
    combined = group_score(result, "krachtige-raad", "all")
    assert combined.suppressed and combined.n is None and combined.reason == "suppressed"
    assert item_stat(result, "R1", "all").suppressed
    overall = result.municipalities[0].overall_for("all")
    assert overall.score is None and overall.reason == "incomplete"
    codes = {m.code for m in result.municipalities[0].warnings}
    assert {"no_area_score", "no_overall"} <= codes


def test_rounding_half_away_from_zero() -> None:
    assert display(6.25) == "6.3"
    assert display(0.05) == "0.1"
    assert display(2.675) == "2.7"
    assert display(-6.25) == "-6.3"
    assert round_half_away(2.675, 2) == 2.68
    # Stored numbers are cleaned of binary noise, so an exact half rounds as on paper.
    noisy = 6.2 + 0.05  # 6.25 exactly on paper, 6.250000000000001 or so in binary
    assert display(float(clean(np.array([6.2499999999999991]))[0])) == "6.3"
    assert display(float(clean(np.array([noisy]))[0])) == "6.3"


def test_group_mean_of_exact_half_displays_up() -> None:
    questionnaire = make_questionnaire()
    # inwoner respondent scores (R1, R2 reverse): (7.5 + 5) / 2 = 6.25 four times and
    # (5 + 5) / 2 = 5 once -> (25 + 5) / 5 = 6.0; raad all 7.5.
    rows = [("inwoner", {"R1": 4, "R2": 3})] * 4 + [("inwoner", {"R1": 3, "R2": 3})]
    rows += [("raad", {"R1": 4, "R2": 2, "R3": 4})] * 5
    result = score(answer_set(questionnaire, rows), questionnaire)
    inwoner = group_score(result, "krachtige-raad", "inwoner")
    assert inwoner.score == 6.0
    # The gap is exactly the threshold 1.5 (7.5 - 6.0): it counts.
    gaps = result.municipalities[0].area("krachtige-raad").gaps
    assert [(g.group_a, g.group_b, g.difference) for g in gaps] == [("raad", "inwoner", 1.5)]
    # Just under the threshold: no gap.
    rows = [("inwoner", {"R1": 4, "R2": 3})] * 5 + [("raad", {"R1": 4, "R2": 2, "R3": 4})] * 5
    result = score(answer_set(questionnaire, rows), questionnaire)
    assert group_score(result, "krachtige-raad", "inwoner").score == 6.25
    assert display(6.25) == "6.3"
    assert result.municipalities[0].area("krachtige-raad").gaps == []  # 1.25 < 1.5


def test_gap_threshold_setting_and_order() -> None:
    questionnaire = make_questionnaire(gap_threshold=1.25)
    rows = [("inwoner", {"R1": 4, "R2": 3})] * 5  # 6.25
    rows += [("raad", {"R1": 4, "R2": 2, "R3": 4})] * 5  # 7.5
    rows += [("ambtenaar", {"R1": 1, "R2": 5})] * 5  # 0
    result = score(answer_set(questionnaire, rows), questionnaire)
    gaps = result.municipalities[0].area("krachtige-raad").gaps
    # Largest first; 7.5 - 6.25 = 1.25 is exactly the threshold.
    assert [(g.group_a, g.group_b, g.difference) for g in gaps] == [
        ("raad", "ambtenaar", 7.5),
        ("inwoner", "ambtenaar", 6.25),
        ("raad", "inwoner", 1.25),
    ]


def test_ci_for_small_n() -> None:
    questionnaire = make_questionnaire()
    rows = [("inwoner", {"R1": c, "R2": 6 - c}) for c in (1, 2, 3, 4, 5, 5)]
    result = score(answer_set(questionnaire, rows), questionnaire)
    inwoner = group_score(result, "krachtige-raad", "inwoner")
    # Scores 0, 2.5, 5, 7.5, 10, 10 (R2 reverse of 6 - c equals R1).
    values = np.array([0, 2.5, 5, 7.5, 10, 10])
    half = T_975_5 * values.std(ddof=1) / math.sqrt(6)
    assert inwoner.ci_low == pytest.approx(values.mean() - half, abs=1e-9)
    assert inwoner.ci_high == pytest.approx(values.mean() + half, abs=1e-9)


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        # pingouin 0.7.0, pg.cronbach_alpha(df, nan_policy="pairwise") on these columns.
        ("abcd", -0.04755372656607252),
        ("abc", 0.9528301886792452),
    ],
)
def test_alpha_reference_values(columns, expected) -> None:
    data = {
        "a": [1, 2, 3, 4, 5, 2, 3, None],
        "b": [2, 2, 4, 4, 5, 1, None, 3],
        "c": [1, 3, 3, 5, 4, 2, 2, 4],
        "d": [5, 4, 3, 2, 1, None, 3, 3],
    }
    steps = np.array(
        [[-1 if v is None else v - 1 for v in data[c]] for c in columns], dtype=np.int16
    )
    alpha, k = cronbach_alpha(steps)
    assert k == len(columns)
    assert alpha == pytest.approx(expected, abs=1e-12)


def test_alpha_undefined_cases() -> None:
    assert cronbach_alpha(np.array([[1, 2, 3]], dtype=np.int16)) == (None, 1)
    # Second item never answered: left out, one item remains.
    assert cronbach_alpha(np.array([[1, 2, 3], [-1, -1, -1]], dtype=np.int16)) == (None, 1)
    # Constant answers: every covariance is 0, alpha is undefined.
    assert cronbach_alpha(np.array([[2, 2, 2], [3, 3, 3]], dtype=np.int16))[0] is None
    # A pair answered together by only one respondent: its covariance is undefined.
    assert cronbach_alpha(np.array([[1, 2, -1], [-1, 3, 4]], dtype=np.int16))[0] is None


def test_layout_steps_for_mixed_scales() -> None:
    questionnaire = make_questionnaire()
    layout = build_layout(questionnaire, 0.5)
    # Ranges 4 (agree5) and 3 (freq4): 12 steps from 0 to 10.
    assert layout.steps_total == 12
    r2 = [i.id for i in layout.items].index("R2")
    assert [int(layout.step_lut[r2, layout.slot(c)]) for c in (1, 2, 3, 4, 5)] == [
        12,
        9,
        6,
        3,
        0,
    ]
    assert int(layout.step_lut[r2, layout.slot(DK)]) == -1


def test_invalid_settings() -> None:
    questionnaire = make_questionnaire()
    answers = answer_set(questionnaire, [("raad", {"R1": 1})])
    with pytest.raises(UsageError) as caught:
        score(answers, questionnaire, weighting="median")
    assert caught.value.problems[0].code == "invalid-weighting"
    with pytest.raises(UsageError):
        score(answers, questionnaire, min_group_size=0)


def test_area_not_asked_of_a_group() -> None:
    questionnaire = make_questionnaire(
        [
            area(1, "raad-only", "Alleen raad", "Council only", [item("X1", groups=["raad"])]),
            area(2, "iedereen", "Iedereen", "Everyone", [item("Y1")]),
        ]
    )
    rows = [("raad", {"X1": 5, "Y1": 5})] * 5 + [("inwoner", {"X1": 1, "Y1": 1})] * 5
    result = score(answer_set(questionnaire, rows), questionnaire)
    inwoner = group_score(result, "raad-only", "inwoner")
    assert (inwoner.reason, inwoner.n, inwoner.suppressed) == ("not_applicable", 0, False)
    assert group_score(result, "raad-only", "all").score == 10.0
    assert group_score(result, "iedereen", "all").score == 5.0
    # inwoners have no score in every area, so no overall score of their own.
    assert result.municipalities[0].overall_for("inwoner").reason == "incomplete"
    assert result.municipalities[0].overall_for("all").score == 7.5
