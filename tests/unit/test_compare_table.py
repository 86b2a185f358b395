"""The comparison table: ranks, percentiles, band counts and missing scores, by hand."""

from __future__ import annotations

import pytest
from test_compare_factories import municipality, qsld, score_result

from quickscan.compare import compare_results
from quickscan.compare.ranking import min_ranks, percentile_of, percentiles
from quickscan.errors import CompareError, UsageError


def test_min_ranks_highest_first_ties_share_best_rank() -> None:
    assert min_ranks([8.0, 7.0, 7.0, 6.0]) == [1, 2, 2, 4]
    assert min_ranks([6.0, None, 9.0, 6.0]) == [2, None, 1, 2]
    assert min_ranks([]) == []
    assert min_ranks([None, None]) == [None, None]


def test_percentiles_share_of_others_below_ties_half() -> None:
    # 8: 3 others below -> 100; 7: 1 below + 1 tie/2 out of 3 others -> 50; 6: 0 -> 0.
    assert percentiles([8.0, 7.0, 7.0, 6.0]) == [100.0, 50.0, 50.0, 0.0]
    # None is left out of everyone's count: the 5 is alone with the 4 -> 100 and 0.
    assert percentiles([5.0, None, 4.0]) == [100.0, None, 0.0]
    # Alone: no one to compare with.
    assert percentiles([5.0, None]) == [None, None]
    # All tied: half of everyone.
    assert percentiles([3.0, 3.0, 3.0]) == [50.0, 50.0, 50.0]
    assert percentile_of(6.0, [5.0, 6.0, 7.0, 8.0]) == pytest.approx(100 * 1.5 / 4)


def test_rows_ranks_and_percentiles_per_area() -> None:
    result = score_result(
        [
            municipality("GM0001", [8.0, 5.0, 6.0, 6.0, 6.0, 6.0, 6.0]),
            municipality("GM0002", [7.0, "S", 6.0, 6.0, 6.0, 6.0, 6.0]),
            municipality("GM0003", [7.0, 4.0, 6.0, 6.0, 6.0, 6.0, 6.0]),
            municipality("GM0004", [6.0, None, 6.0, 6.0, 6.0, 6.0, 6.0]),
        ]
    )
    comparison = compare_results(result, qsld())
    area1, area2 = qsld().areas[0].id, qsld().areas[1].id
    cells = {row.municipality_code: row.cell(area1) for row in comparison.rows}
    assert [cells[c].rank for c in ("GM0001", "GM0002", "GM0003", "GM0004")] == [1, 2, 2, 4]
    assert [cells[c].percentile for c in ("GM0001", "GM0002", "GM0003", "GM0004")] == [
        100.0,
        50.0,
        50.0,
        0.0,
    ]
    assert all(c.ranked_among == 4 for c in cells.values())

    second = {row.municipality_code: row.cell(area2) for row in comparison.rows}
    assert second["GM0001"].rank == 1 and second["GM0001"].percentile == 100.0
    assert second["GM0003"].rank == 2 and second["GM0003"].percentile == 0.0
    # Suppressed and no data: shown as such, never as zero, and not ranked.
    assert second["GM0002"].status == "suppressed"
    assert second["GM0002"].score is None and second["GM0002"].rank is None
    assert second["GM0002"].percentile is None
    assert second["GM0004"].status == "no_score" and second["GM0004"].reason == "no_data"
    assert second["GM0001"].ranked_among == 2
    # The overall score needs every area: incomplete rows have none.
    assert comparison.row("GM0002").overall.status == "no_score"
    assert comparison.row("GM0002").overall.reason == "incomplete"


def test_rows_sorted_by_overall_then_by_chosen_area() -> None:
    result = score_result(
        [
            municipality("GM0001", [5.0, 9.0, 6.0, 6.0, 6.0, 6.0, 6.0]),
            municipality("GM0002", [8.0, 4.0, 6.0, 6.0, 6.0, 6.0, 6.0]),
            municipality("GM0003", [7.0, "S", 6.0, 6.0, 6.0, 6.0, 6.0]),
            municipality("GM0004", [7.5, 7.0, 6.0, 6.0, 6.0, 6.0, 6.0]),
        ]
    )
    by_overall = compare_results(result, qsld())
    # Overall: (5+9)/7.. GM0001 = 6.2857, GM0004 = 6.3571, GM0002 = 6.0; GM0003 has none.
    assert [r.municipality_code for r in by_overall.rows] == [
        "GM0004",
        "GM0001",
        "GM0002",
        "GM0003",
    ]
    assert by_overall.sort == "overall"
    by_area = compare_results(result, qsld(), sort="1")
    assert by_area.sort == qsld().areas[0].id
    assert [r.municipality_code for r in by_area.rows] == ["GM0002", "GM0004", "GM0003", "GM0001"]
    by_id = compare_results(result, qsld(), sort=qsld().areas[1].id)
    assert [r.municipality_code for r in by_id.rows] == ["GM0001", "GM0004", "GM0002", "GM0003"]
    with pytest.raises(UsageError):
        compare_results(result, qsld(), sort="9")


def test_band_counts_and_response() -> None:
    result = score_result([municipality("GM0001", [4.0, 5.5, 6.9, 7.0, 9.0, "S", None])])
    row = compare_results(result, qsld()).rows[0]
    assert row.band_counts == {"aandachtspunt": 1, "voldoende": 2, "sterk": 2, "none": 2}
    assert row.response == {"raad": 20, "college": 6, "ambtenaar": 30, "inwoner": 80}
    assert row.overall.percentile is None  # alone: nobody to compare with


def test_ranks_are_per_wave() -> None:
    result = score_result(
        [
            municipality("GM0001", 6.0, wave="2022"),
            municipality("GM0002", 7.0, wave="2022"),
            municipality("GM0001", 8.0, wave="2024"),
            municipality("GM0002", 5.0, wave="2024"),
        ]
    )
    comparison = compare_results(result, qsld())
    assert comparison.row("GM0001", "2022").overall.rank == 2
    assert comparison.row("GM0001", "2024").overall.rank == 1
    assert [(r.wave, r.municipality_code) for r in comparison.rows] == [
        ("2022", "GM0002"),
        ("2022", "GM0001"),
        ("2024", "GM0001"),
        ("2024", "GM0002"),
    ]
    only = compare_results(result, qsld(), wave="2024")
    assert {r.wave for r in only.rows} == {"2024"}
    with pytest.raises(CompareError):
        compare_results(result, qsld(), wave="2030")


def test_focal_municipality_is_marked_and_must_exist() -> None:
    result = score_result([municipality("GM0001", 6.0), municipality("GM0363", 7.0)])
    comparison = compare_results(result, qsld(), municipality="363")
    assert comparison.focal == "GM0363"
    assert [r.focal for r in comparison.rows] == [True, False]
    with pytest.raises(CompareError) as error:
        compare_results(result, qsld(), municipality="GM0599")
    assert error.value.problems[0].code == "municipality-not-in-inputs"


def test_json_round_trip() -> None:
    result = score_result([municipality("GM0001", 6.0), municipality("GM0002", "S")])
    comparison = compare_results(result, qsld())
    data = comparison.model_dump(mode="json")
    assert type(comparison).model_validate(data) == comparison
