"""Change between waves with Welch intervals, and waves with different questionnaires."""

from __future__ import annotations

import math

import pytest
from scipy.stats import t
from test_compare_factories import municipality, qsld, score_result

from quickscan.compare import compare_results
from quickscan.compare.waves import _Term, shared_questionnaire, welch_interval
from quickscan.errors import CompareError
from quickscan.questionnaire.models import Item, Questionnaire, Text
from quickscan.results import GroupScore

SIZES = {"raad": 20, "college": 6, "ambtenaar": 30, "inwoner": 80}


def variant(
    q: Questionnaire,
    *,
    version: str = "2.0",
    drop: tuple[str, ...] = (),
    add: dict[str, list[str]] | None = None,
    reword: dict[str, str] | None = None,
) -> Questionnaire:
    """A copy of `q` with items dropped, added (area id -> new item ids) or reworded."""
    areas = []
    for area in q.areas:
        items = []
        for item in area.items:
            if item.id in drop:
                continue
            if reword and item.id in reword:
                item = item.model_copy(update={"text": Text(nl=reword[item.id])})
            items.append(item)
        for new in (add or {}).get(area.id, []):
            items.append(Item(id=new, text=Text(nl=f"Nieuwe stelling {new}"), scale="agree5"))
        areas.append(area.model_copy(update={"items": items}))
    fields = {name: getattr(q, name) for name in type(q).model_fields}
    fields.update(areas=areas, version=version)
    return Questionnaire(**fields)


def _waves(before: float, after: float) -> list:
    return [
        municipality("GM0001", before, wave="2022"),
        municipality("GM0001", after, wave="2024"),
        municipality("GM0002", 6.0, wave="2024"),
    ]


def test_group_change_welch_by_hand() -> None:
    comparison = compare_results(score_result(_waves(6.0, 6.5)), qsld(), by="wave")
    assert [w.municipality_code for w in comparison.waves] == ["GM0001"]
    wave = comparison.waves[0]
    assert wave.waves == ["2022", "2024"]
    area = qsld().areas[0].id
    raad = next(c for c in wave.changes if c.area == area and c.group == "raad")
    # 6.6 -> 7.1, sd 1.5 and n 20 in both: se^2 = 2 * 2.25 / 20 = 0.225, df = 38.
    assert raad.difference == pytest.approx(0.5)
    assert raad.df == pytest.approx(38.0)
    half = t.ppf(0.975, 38) * math.sqrt(0.225)
    assert (raad.ci_low, raad.ci_high) == pytest.approx((0.5 - half, 0.5 + half))
    assert raad.significant is False
    assert "dit kan toeval zijn" in raad.sentence["nl"]
    assert "this may be chance" in raad.sentence["en"]


def test_combined_equal_groups_change_uses_group_variances() -> None:
    comparison = compare_results(score_result(_waves(6.0, 7.0)), qsld(), by="wave")
    area = qsld().areas[0].id
    combined = next(c for c in comparison.waves[0].changes if c.area == area and c.group == "all")
    # var(mean of 4 group means) = sum(s^2 / n_g) / 4^2, in each wave.
    terms = [2.25 / n / 16 for n in SIZES.values()]
    variance = 2 * sum(terms)
    df = variance**2 / (
        2 * sum(v * v / (n - 1) for v, n in zip(terms, SIZES.values(), strict=True))
    )
    # The Welch-Satterthwaite df is rounded down for the quantile (scoring/intervals.py).
    half = t.ppf(0.975, math.floor(df)) * math.sqrt(variance)
    assert combined.difference == pytest.approx(1.0)
    assert combined.df == pytest.approx(df)
    assert (combined.ci_low, combined.ci_high) == pytest.approx((1.0 - half, 1.0 + half))
    assert combined.significant is True
    assert "groter dan toeval" in combined.sentence["nl"]
    assert "larger than chance" in combined.sentence["en"]
    overall = next(
        c for c in comparison.waves[0].changes if c.area == "overall" and c.group == "all"
    )
    assert overall.difference == pytest.approx(1.0)
    assert overall.status == "no_ci" and overall.ci_low is None and overall.significant is None


def test_welch_interval_pooled_and_degenerate() -> None:
    low, high, df = welch_interval(2.0, [_Term(0.1, 10), _Term(0.1, 10)])
    assert df == pytest.approx(20.0)
    assert high - 2.0 == pytest.approx(t.ppf(0.975, 20) * math.sqrt(0.2))
    assert welch_interval(1.0, [_Term(0.0, 5), _Term(0.0, 5)]) == (1.0, 1.0, None)


def test_pooled_combined_change_uses_its_own_sd() -> None:
    first = municipality("GM0001", 6.0, wave="1")
    second = municipality("GM0001", 7.0, wave="2")
    for m in (first, second):
        for area in m.areas:
            area.combined = GroupScore(
                group="all", n=100, score=area.combined.score, sd=2.0, band=area.combined.band
            )
    comparison = compare_results(score_result([first, second]), qsld(), by="wave")
    change = next(
        c for c in comparison.waves[0].changes if c.group == "all" and c.area != "overall"
    )
    assert change.df == pytest.approx(198.0)
    assert change.ci_high - 1.0 == pytest.approx(t.ppf(0.975, 198) * math.sqrt(2 * 4 / 100))


def test_suppressed_wave_gives_no_change() -> None:
    before = municipality("GM0001", [6.0, "S", 6, 6, 6, 6, 6], wave="w2")
    after = municipality("GM0001", 7.0, wave="w10")
    comparison = compare_results(score_result([after, before]), qsld(), by="wave")
    assert comparison.waves[0].waves == ["w2", "w10"]  # natural order
    area = qsld().areas[1].id
    change = next(c for c in comparison.waves[0].changes if c.area == area and c.group == "all")
    assert change.status == "no_score" and change.difference is None


def test_by_wave_needs_two_waves() -> None:
    with pytest.raises(CompareError) as error:
        compare_results(score_result([municipality("GM0001", 6.0, wave="1")]), qsld(), by="wave")
    assert error.value.problems[0].code == "single-wave"


def test_by_wave_for_one_municipality() -> None:
    result = score_result([*_waves(6.0, 7.0), municipality("GM0002", 5.0, wave="2022")])
    comparison = compare_results(result, qsld(), by="wave", municipality="GM0002")
    assert {r.municipality_code for r in comparison.rows} == {"GM0002"}
    assert [w.municipality_code for w in comparison.waves] == ["GM0002"]


def test_shared_questionnaire_keeps_identical_items_only() -> None:
    q1 = qsld()
    first_area = q1.areas[0]
    dropped = first_area.items[0].id
    reworded = q1.areas[1].items[0].id
    q2 = variant(
        q1,
        drop=(dropped,),
        reword={reworded: "Een andere vraag."},
        add={q1.areas[2].id: ["NEW01"]},
    )
    common, diff = shared_questionnaire({"2022": q1, "2024": q2})
    shared = set(diff.shared_items)
    assert dropped not in shared and reworded not in shared and "NEW01" not in shared
    assert len(shared) == len(q1.items) - 2
    assert [i.id for i in common.items] == [i.id for i in q1.items if i.id in shared]
    # Area 3 lost nothing of q1, but its wave-2024 score would have had one more item.
    assert diff.areas_reduced == [a.id for a in q1.areas[:3]]
    assert diff.pairs[0].added == ["NEW01"]
    assert diff.pairs[0].removed == [dropped]
    assert diff.pairs[0].changed == [reworded]
    assert diff.waves["2024"].version == "2.0"
    assert common.fingerprint not in (q1.fingerprint, q2.fingerprint)


def test_shared_questionnaire_leaves_out_an_area_without_shared_items() -> None:
    q1 = qsld()
    last = q1.areas[-1]
    q2 = variant(q1, reword={i.id: f"Anders {i.id}" for i in last.items})
    common, diff = shared_questionnaire({"a": q1, "b": q2})
    assert diff.areas_left_out == [last.id]
    assert [a.id for a in common.areas] == [a.id for a in q1.areas[:-1]]
