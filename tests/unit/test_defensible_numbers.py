"""Numbers and sentences a council can defend (issue 14), each rule with hand-made numbers.

docs/methodology.md and docs/compare.md state these rules; the tests below are their
examples.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import t
from scoring_factories import DK, answer_set, area, item, make_questionnaire
from test_compare_factories import municipality, qsld, score_result

from quickscan.compare import compare_results
from quickscan.compare.benchmark import (
    benchmark_position,
    build_benchmark,
    distribution,
    load_benchmark,
    peers_phrase,
    save_benchmark,
)
from quickscan.compare.export import row_records
from quickscan.compare.waves import change
from quickscan.errors import CompareError
from quickscan.results import ALL_GROUPS, GroupScore
from quickscan.rounding import MINUS, display, display_lang
from quickscan.scoring import score
from quickscan.scoring.notable import points

# --- rounding and signs -----------------------------------------------------------------


def test_an_x_x5_wave_difference_is_cleaned_and_rounds_up() -> None:
    # 4.35 - 2.0 is 2.3499999999999996 in binary: shown naively it would read 2,3.
    assert 4.35 - 2.0 < 2.35
    result = change(
        "a",
        "raad",
        ("2024", GroupScore(group="raad", n=20, score=2.0, sd=1.0), None),
        ("2026", GroupScore(group="raad", n=20, score=4.35, sd=1.0), None),
        label={"nl": "A, raad", "en": "A, council"},
        with_interval=False,
    )
    assert result.difference == 2.35
    assert "(+2,4)" in result.sentence["nl"] and "(+2.4)" in result.sentence["en"]


def test_no_negative_zero_and_one_dutch_minus_sign() -> None:
    assert display(-0.04) == "0.0" and display(-0.0) == "0.0"
    assert display_lang(-0.04, "nl") == "0,0"
    assert display_lang(-0.44, "nl") == f"{MINUS}0,4"
    assert display_lang(-0.44, "en") == "-0.4"
    small = change(
        "a",
        "raad",
        ("2024", GroupScore(group="raad", n=20, score=5.03, sd=1.0), None),
        ("2026", GroupScore(group="raad", n=20, score=5.0, sd=1.0), None),
        label={"nl": "A, raad", "en": "A, council"},
        with_interval=False,
    )
    assert "(0,0)" in small.sentence["nl"] and "-" not in small.sentence["nl"].split("(")[-1]


# --- bands: the band of the shown value -------------------------------------------------


def test_band_of_5_46_and_6_96_is_the_band_of_the_shown_value() -> None:
    q = make_questionnaire()
    assert q.band_for(5.46).id == "voldoende"  # shows 5.5, the legend says from 5.5
    assert q.band_for(5.44).id == "aandachtspunt"  # shows 5.4
    assert q.band_for(6.96).id == "sterk"  # shows 7.0
    assert q.band_for(6.94).id == "voldoende"


def test_engine_bands_and_notables_follow_the_shown_value() -> None:
    q = make_questionnaire()
    # 10 inwoners at (3, 3) -> 5.0 and one at (5, 1) -> 10: 60 / 11 = 5.4545, shows 5.5.
    rows = [("inwoner", {"R1": 3, "R2": 3})] * 10 + [("inwoner", {"R1": 5, "R2": 1})]
    result = score(answer_set(q, rows), q)
    area_result = result.municipalities[0].area("krachtige-raad")
    assert area_result.combined.score == pytest.approx(60 / 11)
    assert display(area_result.combined.score) == "5.5"
    assert area_result.combined.band == "voldoende"
    low = [n for n in result.municipalities[0].notable if n.rule == "low_band"]
    assert "krachtige-raad" not in [n.area for n in low]
    # 13 at (4, 2) -> 7.5, 2 at (3, 3) -> 5.0, 1 at (2, 3) -> 3.75: 111.25 / 16 = 6.953.
    rows = [("inwoner", {"R1": 4, "R2": 2})] * 13 + [("inwoner", {"R1": 3, "R2": 3})] * 2
    rows += [("inwoner", {"R1": 2, "R2": 3})]
    result = score(answer_set(q, rows), q)
    combined = result.municipalities[0].area("krachtige-raad").combined
    assert combined.score == pytest.approx(6.953125)
    assert (display(combined.score), combined.band) == ("7.0", "sterk")


# --- wave changes on the groups present in both waves ----------------------------------


def _without_college(result):
    """The factory municipality with the college suppressed in every area."""
    areas = []
    for area_result in result.areas:
        groups = [
            GroupScore(group="college", n=None, suppressed=True, reason="small_group")
            if g.group == "college"
            else g
            for g in area_result.groups
        ]
        shown = [g.score for g in groups if g.score is not None]
        combined = area_result.combined.model_copy(update={"score": sum(shown) / len(shown)})
        areas.append(area_result.model_copy(update={"groups": groups, "combined": combined}))
    return result.model_copy(update={"areas": areas})


def test_a_group_entering_between_waves_is_left_out_of_the_combined_change() -> None:
    # 2022 without the college: raad 6.6, ambtenaar 5.8, inwoner 5.4 (combined 5.9333);
    # 2024 with it: raad 7.6, college 7.2, ambtenaar 6.8, inwoner 6.4 (combined 7.0).
    before = _without_college(municipality("GM0001", 6.0, wave="2022"))
    after = municipality("GM0001", 7.0, wave="2024")
    comparison = compare_results(score_result([before, after]), qsld(), by="wave")
    first_area = qsld().areas[0].id
    combined = next(
        c for c in comparison.waves[0].changes if c.area == first_area and c.group == ALL_GROUPS
    )
    # On raad, ambtenaar and inwoner in both waves: 5.9333 -> 6.9333, a change of 1.0 (the
    # reported combined scores would say 1.0667, partly from the college joining).
    assert combined.groups == ["raad", "ambtenaar", "inwoner"]
    assert combined.groups_left_out == {"2022": ["college"]}
    assert combined.score_from == pytest.approx(17.8 / 3)
    assert combined.score_to == pytest.approx(20.8 / 3)
    assert combined.difference == pytest.approx(1.0)
    # Variance: each wave sum over the 3 groups of 1.5^2 / n / 3^2 (n 20, 30, 80).
    terms = [2.25 / n / 9 for n in (20, 30, 80)] * 2
    dfs = [19, 29, 79] * 2
    variance = sum(terms)
    df = variance**2 / sum(v * v / d for v, d in zip(terms, dfs, strict=True))
    half = t.ppf(0.975, math.floor(df)) * math.sqrt(variance)
    assert combined.ci_low == pytest.approx(1.0 - half, abs=1e-9)
    assert combined.significant is True
    assert (
        "vergeleken op de groepen met een score in beide metingen: raadsleden, ambtenaren en "
        "inwoners (collegeleden zonder score in 2022)" in combined.sentence["nl"]
    )
    assert "compared on the groups with a score in both waves" in combined.sentence["en"]


# --- strongest and weakest items on a comparable basis ---------------------------------


def test_an_item_asked_of_three_groups_does_not_float_to_the_top() -> None:
    items = [
        item("A1"),
        item("B1", groups=["raad", "college", "ambtenaar"]),
        item("C1"),
    ]
    q = make_questionnaire([area(1, "een", "Een", "One", items)])
    high = {"A1": 4, "B1": 4, "C1": 4}  # 7.5 each
    rows = [(g, high) for g in ("raad", "college", "ambtenaar") for _ in range(5)]
    rows += [("inwoner", {"A1": 2, "C1": 3})] * 5  # 2.5 and 5.0
    result = score(answer_set(q, rows), q)
    combined = {s.item: s.score for s in result.municipalities[0].items if s.group == "all"}
    # On the combined score B1 (7.5, no inwoners) beats C1 (6.875) and A1 (6.25).
    assert combined == {"A1": 6.25, "B1": 7.5, "C1": 6.875}
    # Relative to the same groups' average item score (7.5 for raad, college, ambtenaar;
    # 3.75 for inwoner): A1 -1.25 / 4 = -0.3125, B1 0, C1 +0.3125.
    notable = result.municipalities[0].notable
    assert [(n.rule, n.item) for n in notable if n.rule.endswith("_item")] == [
        ("strongest_item", "C1"),
        ("weakest_item", "A1"),
    ]


# --- Cronbach's alpha -------------------------------------------------------------------


def _pooled_alpha(groups: list[np.ndarray]) -> float:
    """Alpha on the pooled within-group covariance, written out for two items."""
    cross = np.zeros((2, 2))
    df = np.zeros((2, 2))
    for data in groups:  # rows: respondents, columns X1, X2 (NaN = not asked)
        for i in range(2):
            for j in range(2):
                both = ~np.isnan(data[:, i]) & ~np.isnan(data[:, j])
                x, y = data[both, i], data[both, j]
                if len(x) >= 1:
                    cross[i, j] += ((x - x.mean()) * (y - y.mean())).sum()
                    df[i, j] += len(x) - 1
    cov = cross / df
    return 2 * (1 - np.trace(cov) / cov.sum())


def test_alpha_on_group_specific_items_uses_the_pooled_within_group_covariance() -> None:
    items = [item("X1"), item("X2", groups=["raad"])]
    q = make_questionnaire([area(1, "een", "Een", "One", items)])
    raad = [(5, 5), (4, 5), (4, 4), (3, 4), (3, 3), (2, 3), (2, 2), (5, 4), (1, 2), (3, 2)]
    inwoner = [1, 2, 1, 2, 1, 3, 2, 1, 2, 1]
    rows = [("raad", {"X1": a, "X2": b}) for a, b in raad]
    rows += [("inwoner", {"X1": a}) for a in inwoner]
    # A suppressed college (4 < 5) with wild answers must not move alpha.
    rows += [("college", {"X1": 5, "X2": 1}), ("college", {"X1": 1, "X2": 5})] * 2
    result = score(answer_set(q, rows), q)
    found = result.municipalities[0].area("een")
    r = np.array(raad, dtype=float)
    i = np.column_stack([np.array(inwoner, dtype=float), np.full(10, np.nan)])
    expected = _pooled_alpha([r, i])
    assert found.alpha == pytest.approx(expected, abs=1e-9)
    assert 0 <= found.alpha <= 1
    assert (found.alpha_items, found.alpha_n, found.alpha_reason) == (2, 10, None)


def test_alpha_needs_ten_respondents_per_pair() -> None:
    q = make_questionnaire()
    rows = [("raad", {"R1": a, "R2": b, "R3": c}) for a, b, c in [(5, 1, 5), (4, 2, 4)] * 3]
    found = score(answer_set(q, rows), q).municipalities[0].area("krachtige-raad")
    assert (found.alpha, found.alpha_reason, found.alpha_n) == (None, "too_few_respondents", 6)


# --- intervals: one policy, with a finite-population correction -------------------------


def test_finite_population_correction_of_a_near_census() -> None:
    from scoring_factories import worked_example_rows

    q = make_questionnaire()
    answers = answer_set(q, worked_example_rows())
    plain = score(answers, q).municipalities[0].area("krachtige-raad")
    corrected = score(answers, q, group_sizes={("GM9901", "raad"): 8}).municipalities[0]
    raad = next(g for g in corrected.area("krachtige-raad").groups if g.group == "raad")
    # raad: n = 5 of 8; half = t(0.975, 4) x 2.2515 x sqrt((1 - 5/8) / 5).
    half = 2.7764451051977934 * raad.sd * math.sqrt((1 - 5 / 8) / 5)
    assert raad.population == 8
    assert raad.ci_high - raad.score == pytest.approx(half, abs=1e-9)
    plain_raad = next(g for g in plain.groups if g.group == "raad")
    assert plain_raad.population is None
    assert plain_raad.ci_high - plain_raad.score == pytest.approx(
        2.7764451051977934 * raad.sd / math.sqrt(5), abs=1e-9
    )


def test_a_group_size_below_the_respondents_is_ignored_with_a_warning() -> None:
    from scoring_factories import worked_example_rows

    q = make_questionnaire()
    result = score(answer_set(q, worked_example_rows()), q, group_sizes={("GM9901", "raad"): 3})
    assert [w["code"] for w in result.warnings] == ["group-size-below-respondents"]
    raad = next(g for g in result.municipalities[0].areas[0].groups if g.group == "raad")
    assert raad.population is None


# --- don't know -------------------------------------------------------------------------


def test_a_dont_know_heavy_cell_shows_its_share() -> None:
    q = make_questionnaire()
    # 25 inwoners: 21 say "weet niet" to R1, 4 give a valid answer (< 5: no score).
    rows = [("inwoner", {"R1": DK, "R2": 3})] * 21 + [("inwoner", {"R1": 3, "R2": 3})] * 4
    municipality_result = score(answer_set(q, rows), q).municipalities[0]
    cell = next(s for s in municipality_result.items if s.item == "R1" and s.group == "inwoner")
    assert cell.suppressed and cell.score is None and cell.distribution == {}
    assert cell.dont_know == 21 and cell.dont_know_share == pytest.approx(21 / 25)
    # ... with its Wilson 95% interval, n = 25 answers: z^2/n = 0.153658, centre (0.84 +
    # 0.076829) / 1.153658 = 0.794715, half 1.959964 sqrt(0.005376 + 0.001537) / 1.153658
    # = 0.141251 -> 0.653464 to 0.935966
    assert cell.dont_know_ci_low == pytest.approx(0.653464, abs=1e-6)
    assert cell.dont_know_ci_high == pytest.approx(0.935966, abs=1e-6)
    dk = [n for n in municipality_result.notable if n.rule == "dont_know"]
    assert dk and dk[0].item == "R1" and "84% van de inwoners" in dk[0].sentence["nl"]


def test_a_small_cell_with_too_few_answers_in_all_shows_nothing() -> None:
    q = make_questionnaire()
    rows = [("inwoner", {"R1": DK, "R2": 3})] * 2 + [("inwoner", {"R1": 3, "R2": 3})] * 2
    rows += [("inwoner", {"R2": 3})] * 2  # blank R1: 4 answers in all (< 5)
    cell = next(
        s
        for s in score(answer_set(q, rows), q).municipalities[0].items
        if s.item == "R1" and s.group == "inwoner"
    )
    assert cell.suppressed and cell.dont_know_share is None and cell.dont_know is None


# --- benchmarks -------------------------------------------------------------------------


def test_a_benchmark_of_another_wave_is_refused_unless_asked_for(tmp_path) -> None:
    members = [municipality(f"GM000{i}", 5.0 + i, wave="2026") for i in range(1, 6)]
    bench = build_benchmark(members, qsld(), label="vijf", settings={"wave": "2026"})
    path = tmp_path / "bench.json"
    save_benchmark(bench, path)
    report = municipality("GM0009", 6.0, wave="2024")
    with pytest.raises(CompareError) as caught:
        benchmark_position(load_benchmark(path, qsld()), report)
    assert caught.value.problems[0].code == "benchmark-other-wave"
    position = benchmark_position(load_benchmark(path, qsld(), any_wave=True), report)
    assert position.label.startswith("vijf (wave 2026, made on ")
    same_wave = municipality("GM0009", 6.0, wave="2026")
    assert (
        benchmark_position(load_benchmark(path, qsld()), same_wave).get(qsld().areas[0].id).peer_n
        == 5
    )


def test_the_reported_municipality_is_left_out_of_its_own_peer_figures() -> None:
    members = [municipality(f"GM000{i}", 5.0 + i, wave="2026") for i in range(1, 6)]
    bench = build_benchmark(members, qsld(), label="vijf", settings={})
    position = benchmark_position(bench, members[0]).get(qsld().areas[0].id)
    # Members score 6, 7, 8, 9, 10; GM0001 (6) is compared with the other four only.
    assert position.peer_n == 4 and position.peer_mean == 8.5
    assert (position.lower, position.tied, position.higher) == (0, 0, 4)
    assert position.sentence["nl"].endswith(
        "met 6,0 lager dan alle 4 vergelijkingsgemeenten (gemiddelde 8,5)."
    )


def test_no_distribution_is_stored_for_fewer_than_three_municipalities() -> None:
    assert distribution("all", [6.0, 7.0]).model_dump(exclude_defaults=True) == {
        "group": "all",
        "n": 2,
        "withheld": True,
    }
    assert distribution("all", [6.0, 7.0, 8.0]).mean == 7.0


# --- sentences: percentiles, ties, singular and plural ----------------------------------


def test_percentile_phrases_and_the_plural_of_one() -> None:
    assert peers_phrase(0, 0, 9, "nl") == "lager dan alle 9 vergelijkingsgemeenten"
    assert peers_phrase(9, 0, 0, "nl") == "hoger dan alle 9 vergelijkingsgemeenten"
    assert peers_phrase(0, 9, 0, "en") == "equal to all 9 peer municipalities"
    assert peers_phrase(1, 0, 0, "nl") == "hoger dan de ene vergelijkingsgemeente"
    assert peers_phrase(0, 0, 1, "en") == "lower than the one peer municipality"
    assert peers_phrase(4, 1, 4, "nl") == "hoger dan 4, gelijk aan 1 en lager dan 4 van de 9 " + (
        "vergelijkingsgemeenten"
    )
    assert points("1,0", "nl") == "1,0 punt" and points("2,2", "nl") == "2,2 punten"
    assert points("1.0", "en") == "1.0 point" and points("1.5", "en") == "1.5 points"


def test_comparison_exports_carry_the_stored_numbers() -> None:
    rows = [municipality("GM0001", 6.0 + 1 / 3), municipality("GM0002", 5.25)]
    comparison = compare_results(score_result(rows), qsld())
    records = {r["municipality_code"]: r for r in row_records(comparison)}
    column = f"1_{qsld().areas[0].id}_score"
    assert records["GM0001"][column] == pytest.approx(6.0 + 1 / 3, abs=1e-10)
    assert records["GM0001"][column] != 6.3
    assert records["GM0002"][column] == 5.25


def test_alpha_of_one_group_without_missing_answers_is_the_textbook_alpha() -> None:
    from quickscan.scoring.stats import cronbach_alpha

    q = make_questionnaire()
    codes = [(5, 1, 4), (4, 2, 4), (3, 3, 3), (2, 4, 2), (4, 1, 5), (3, 2, 3)] * 2
    rows = [("raad", {"R1": a, "R2": b, "R3": c}) for a, b, c in codes]
    found = score(answer_set(q, rows), q).municipalities[0].area("krachtige-raad")
    # Item scores in steps (R2 reversed): the classic k/(k-1) (1 - sum var / var of sum).
    steps = np.array([[a - 1, 5 - b, c - 1] for a, b, c in codes], dtype=float)
    k = 3
    by_hand = k / (k - 1) * (1 - steps.var(axis=0, ddof=1).sum() / steps.sum(axis=1).var(ddof=1))
    assert found.alpha == pytest.approx(by_hand, abs=1e-9)
    assert found.alpha == pytest.approx(cronbach_alpha(steps.T.astype(np.int16))[0], abs=1e-9)
