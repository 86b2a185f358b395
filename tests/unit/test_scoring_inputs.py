"""How scoring splits and labels its input: municipalities, waves, items, groups, codes."""

from __future__ import annotations

import numpy as np
import pytest
from scoring_factories import answer_set, item, make_questionnaire

import quickscan
from quickscan.errors import Location, Problem
from quickscan.scoring import score

ROW = {"R1": 4, "R2": 2, "R3": 4, "W1": 4, "W2": 4, "W3": 2}  # every item scores 7.5 or so


def extra(code, name, wave, group="raad", answers=None, n=5):
    return [
        {
            "group": group,
            "answers": answers or ROW,
            "municipality_code": code,
            "municipality_name": name,
            "wave": wave,
        }
    ] * n


def test_one_result_per_municipality_and_wave_sorted() -> None:
    questionnaire = make_questionnaire()
    rows = (
        extra("GM0363", "Amsterdam", "2025")
        + extra("GM0014", "Groningen", "2025")
        + extra("GM0363", "Amsterdam", "2024")
        + extra(None, "Zonder Code", None)
        + extra("GM0014", None, "2025")  # same municipality, name not repeated
    )
    result = score(answer_set(questionnaire, [], extra=rows), questionnaire)
    keys = [(m.municipality_code, m.municipality_name, m.wave) for m in result.municipalities]
    assert keys == [
        ("GM0014", "Groningen", "2025"),
        ("GM0363", "Amsterdam", "2024"),
        ("GM0363", "Amsterdam", "2025"),
        (None, "Zonder Code", None),
    ]
    assert [m.respondents for m in result.municipalities] == [10, 5, 5, 5]
    assert result.municipality("GM0363", "2024").respondents == 5
    assert result.municipality("Zonder Code").wave is None


def test_result_header() -> None:
    questionnaire = make_questionnaire(maatwerk=[item("MW1")])
    answers = answer_set(questionnaire, [("raad", {"MW1": 5})] * 5)
    answers.problems.append(
        Problem(
            code="some-warning",
            message="a warning",
            severity="warning",
            location=Location(file="answers.csv"),
        )
    )
    result = score(answers, questionnaire)
    assert result.tool == {"name": "quickscan", "version": quickscan.__version__}
    assert result.questionnaire.id == "test"
    assert result.questionnaire.fingerprint == questionnaire.fingerprint
    assert result.questionnaire.maatwerk_items == ["MW1"]
    assert result.inputs == answers.inputs
    assert result.warnings[0]["code"] == "some-warning"
    assert result.settings.weighting == "equal_groups"
    assert result.settings.gap_threshold == 1.5


def test_maatwerk_items_are_kept_apart() -> None:
    questionnaire = make_questionnaire(maatwerk=[item("MW1"), item("MW2", reverse=True)])
    result = score(answer_set(questionnaire, [("raad", {"MW1": 5, "MW2": 5})] * 5), questionnaire)
    municipality = result.municipalities[0]
    assert {s.item for s in municipality.items} == {"R1", "R2", "R3", "W1", "W2", "W3"}
    maatwerk = {(s.item, s.group): s for s in municipality.maatwerk}
    assert maatwerk[("MW1", "raad")].score == 10.0
    assert maatwerk[("MW2", "raad")].score == 0.0
    assert maatwerk[("MW1", "all")].area is None
    # Maatwerk items count in no area.
    assert municipality.area("krachtige-raad").combined.score is None


def test_item_order_and_absent_columns_do_not_matter() -> None:
    questionnaire = make_questionnaire()
    rows = [("raad", {"R1": 4, "R2": 2, "R3": 5})] * 5
    full = score(answer_set(questionnaire, rows), questionnaire)
    # Only R3, R1, R2 in the file, in that order: W items are simply all blank.
    partial = score(answer_set(questionnaire, rows, item_ids=["R3", "R1", "R2"]), questionnaire)
    assert partial.model_dump() == full.model_dump()


def test_unknown_group_rows_are_left_out_with_a_warning() -> None:
    questionnaire = make_questionnaire()
    rows = [("raad", {"R1": 4})] * 5 + [("bezoeker", {"R1": 1})] * 2
    result = score(answer_set(questionnaire, rows), questionnaire)
    assert result.municipalities[0].respondents == 5
    assert result.warnings[-1]["code"] == "unknown-group"


def test_unknown_codes_count_as_missing() -> None:
    questionnaire = make_questionnaire()
    rows = [("raad", {"R1": 4, "R2": 2, "R3": 5})] * 5 + [("raad", {"R1": 77, "R2": -5})]
    result = score(answer_set(questionnaire, rows), questionnaire)
    r1 = next(s for s in result.municipalities[0].items if s.item == "R1" and s.group == "raad")
    assert (r1.n, r1.dont_know, sum(r1.distribution.values())) == (5, 0, 5)


def test_no_respondents() -> None:
    questionnaire = make_questionnaire()
    result = score(answer_set(questionnaire, []), questionnaire)
    assert result.municipalities == []
    assert result.warnings[-1]["code"] == "no-respondents"


def test_codes_of_any_integer_dtype() -> None:
    questionnaire = make_questionnaire()
    answers = answer_set(questionnaire, [("raad", ROW)] * 5)
    expected = score(answers, questionnaire).model_dump()
    for dtype in (np.int8, np.int16, np.int32, np.int64):
        for order in ("C", "F"):  # the reader hands over column-major codes
            answers.codes = np.asarray(answers.codes, dtype=dtype, order=order)
            assert score(answers, questionnaire).model_dump() == expected


@pytest.mark.parametrize("weighting", ["equal_groups", "pooled"])
def test_groups_with_no_respondents(weighting) -> None:
    questionnaire = make_questionnaire()
    result = score(
        answer_set(questionnaire, [("raad", ROW)] * 5), questionnaire, weighting=weighting
    )
    municipality = result.municipalities[0]
    inwoner = next(g for g in municipality.area("krachtige-raad").groups if g.group == "inwoner")
    assert (inwoner.n, inwoner.reason, inwoner.suppressed) == (0, "no_data", False)
    assert municipality.area("krachtige-raad").combined.score == 7.5
    assert municipality.overall_for("all").score is not None
    response = {r.group: r for r in municipality.response}
    assert response["inwoner"].respondents == 0 and response["inwoner"].dont_know_share is None


def test_band_finder_agrees_with_the_questionnaire() -> None:
    from quickscan.scoring.engine import _band_finder

    questionnaire = make_questionnaire()
    find = _band_finder(questionnaire)
    for value in [None, -0.5, 0.0, 5.4999, 5.5, 6.99, 7.0, 9.99, 10.0, 10.5]:
        band = questionnaire.band_for(value)
        assert find(value) == (band.id if band else None), value


def test_categorical_respondent_columns() -> None:
    questionnaire = make_questionnaire()
    answers = answer_set(questionnaire, [("raad", ROW)] * 5, extra=extra(None, "Zeta", None))
    expected = score(answers, questionnaire).model_dump()
    for column in ("municipality_code", "municipality_name", "group", "wave"):
        answers.respondents[column] = answers.respondents[column].astype("category")
    answers.respondents["group"] = answers.respondents["group"].cat.add_categories(["unused"])
    assert score(answers, questionnaire).model_dump() == expected
